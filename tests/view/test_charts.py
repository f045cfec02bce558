"""Test cases for the charts: every chart draws, on every question and method, what it means to.

Each chart is built from the view model of the bundled case exactly as the page builds it,
validated against the Vega-Lite schema, compiled to Vega and rendered to SVG; then its data
must have rows and its marks must be the ones the chart is meant to draw.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, get_args

import altair as alt
import pandas as pd
import pytest
import vl_convert

from dashboard.case import Case
from dashboard.engine.pooling import Method
from dashboard.engine.settings import default_settings
from dashboard.view.chart_views import chart_spec, chart_summary
from dashboard.view.charts import CHARTS, ChartInput
from dashboard.view.charts.chart import ChartName
from dashboard.view.charts.style import (
    MARK_DESCRIPTION,
    NUMBER_FORMAT,
    TEXT_CONFIG,
    source_color_scale,
    source_colors,
)
from dashboard.view.charts.templates import SpecTemplates
from dashboard.view.charts.templates import spec as vega_lite_spec
from dashboard.view.model import Headline, View, build_view
from tests.support.views import view_of

QUESTIONS = ("refusal_share", "refusal_count")


def values_of(node: Any, key: str) -> Iterator[Any]:
    """Every value stored under `key` anywhere in a nested spec."""
    if isinstance(node, dict):
        for name, value in node.items():
            if name == key:
                yield value
            yield from values_of(value, key)
    elif isinstance(node, list):
        for item in node:
            yield from values_of(item, key)


def marks(spec: dict[str, Any]) -> set[str]:
    """The mark types a spec draws."""
    return {m if isinstance(m, str) else m["type"] for m in values_of(spec, "mark")}


def data_rows(spec: dict[str, Any]) -> int:
    """Rows in the spec's datasets and inline data, all together."""
    inline = sum(len(d.get("values", [])) for d in values_of(spec, "data") if isinstance(d, dict))
    return sum(len(rows) for rows in spec.get("datasets", {}).values()) + inline


def drawn_svg(spec: dict[str, Any]) -> str:
    return vl_convert.vegalite_to_svg(spec)


def all_charts(case: Case, view: View) -> dict[str, Any]:
    """Every chart, built as the page builds it."""
    return {
        name: CHARTS[name].source(ChartInput(case, view.question, view.method, view.charts)).build()
        for name in get_args(ChartName)
    }


EXPECTED_MARKS = {
    "forest": {"rule", "point", "circle"},
    "density": {"area", "line", "rule", "text"},
    "influence": {"bar", "text", "rule"},
    "sweep": {"area", "line", "point"},
    "swings": {"line", "point"},
    "points of view": {"rule", "point"},
    "relays": {"bar"},
}


@pytest.fixture(scope="module", params=[(q, m) for q in QUESTIONS for m in Method])
def view_and_specs(request: pytest.FixtureRequest, refusals: Case) -> tuple[View, dict[str, Any]]:
    question_id, method = request.param
    settings = default_settings(refusals)
    view = build_view(refusals, "refusals", question_id, method, settings, settings)
    return view, {name: chart.to_dict() for name, chart in all_charts(refusals, view).items()}


def test_every_chart_has_rows_and_draws_its_marks(view_and_specs) -> None:
    """On both questions and both methods, each chart's data has rows and it draws the marks
    it is meant to (never the 'no estimate' text in place of a chart)."""
    view, specs = view_and_specs
    for name, spec in specs.items():
        assert data_rows(spec) > 0, name
        assert EXPECTED_MARKS[name] <= marks(spec), (name, marks(spec))
        assert "No weighted claims" not in json.dumps(spec), name


def test_every_chart_compiles_and_renders_with_tooltips(view_and_specs) -> None:
    """Each spec validates (in `to_dict`), compiles to Vega, renders to an SVG with marks in
    it, and has tooltips."""
    _, specs = view_and_specs
    for name, spec in specs.items():
        assert list(values_of(spec, "tooltip")), name
        svg = drawn_svg(spec)
        assert len(re.findall(r"<path|<line|<rect|<text", svg)) > 10, name


def test_influence_draws_a_bar_for_every_source_that_can_move_it(view_and_specs) -> None:
    """The influence chart lists each source with claims on the question or relaying them."""
    view, _ = view_and_specs
    movable = {c.source_id for c in view.controls if c.group != "silent"}
    assert set(view.charts.influence["source_id"]) == movable


def test_forest_rows_name_sources_not_claim_ids(view_and_specs) -> None:
    view, _ = view_and_specs
    claims = view.charts.forest[view.charts.forest["row_type"] == "claim"]
    for row, claim_id in zip(claims["row"], claims["claim_id"], strict=True):
        assert claim_id not in row


def test_a_question_without_weight_draws_a_message(refusals: Case) -> None:
    """With every source at 0 the pooled charts say there is no estimate instead of drawing."""
    settings = default_settings(refusals)
    silent = type(settings)(
        weights=dict.fromkeys(settings.weights, 0.0),
        scenario=None,
        reader_readings={},
        switches=settings.switches,
    )
    view = build_view(refusals, "refusals", "refusal_share", Method.LINEAR, silent, settings)
    density = all_charts(refusals, view)["density"].to_dict()
    assert "No weighted claims" in json.dumps(density)


def test_sources_keep_their_colour_across_charts(refusals: Case) -> None:
    """One source has one colour in every chart."""
    colors = source_colors(refusals)
    assert len(set(colors.values())) == len(refusals.sources)
    scale = source_color_scale(refusals, [s.id for s in refusals.sources]).to_dict()
    assert scale["range"] == [colors[s.id] for s in refusals.sources]


def test_density_marker_labels_sit_on_their_own_lines(refusals: Case) -> None:
    """The 5%, median and 95% labels are on three lines, so close values never overlap; and
    the pooled line shares the bands' y scale (one axis)."""
    settings = default_settings(refusals)
    view = build_view(refusals, "refusals", "refusal_share", Method.LINEAR, settings, settings)
    assert sorted(view.charts.markers["label_row"]) == [0, 1, 2]
    spec = all_charts(refusals, view)["density"].to_dict()
    assert "resolve" not in spec


def test_a_weight_change_changes_the_datasets_not_the_spec(refusals: Case) -> None:
    """`spec` names datasets by order: after a slider move the default chart's spec is
    the same but for its rows, so the browser only swaps the data; and it draws the same as
    the validated spec."""
    defaults = default_settings(refusals)
    moved = replace(defaults, weights={**defaults.weights, "cit": 5.0})
    specs = []
    for settings in (defaults, moved):
        view = build_view(refusals, "refusals", "refusal_share", Method.LINEAR, settings, defaults)
        chart = all_charts(refusals, view)["forest"]
        specs.append(vega_lite_spec(chart))
        assert drawn_svg(specs[-1]).count("<path") == drawn_svg(chart.to_dict()).count("<path")
    before, after = ({k: v for k, v in s.items() if k != "datasets"} for s in specs)
    assert before == after
    assert specs[0]["datasets"] != specs[1]["datasets"]


def as_altair_embeds(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with each dataset that is a DataFrame written as Altair writes it into a spec."""
    datasets = spec.get("datasets", {})
    frames = {name: rows for name, rows in datasets.items() if isinstance(rows, pd.DataFrame)}
    written = {name: alt.utils.data.to_values(rows)["values"] for name, rows in frames.items()}
    return {**spec, "datasets": {**datasets, **written}} if datasets else spec


@pytest.mark.parametrize("method", list(Method))
@pytest.mark.parametrize("question_id", QUESTIONS)
def test_a_reused_spec_draws_the_rows_a_fresh_spec_draws(
    refusals: Case, question_id: str, method: Method
) -> None:
    """A template filled with a state's frames is, row for row, the spec Altair builds for
    that state: over states that silence sources, weight them alone, or move one a step."""
    defaults = default_settings(refusals)
    templates = SpecTemplates()
    builds: list[str] = []

    def counted(name: str, build: Any) -> Any:
        return lambda: builds.append(name) or build()

    states = [
        defaults.weights,
        {**defaults.weights, "cit": 5.0},
        {**defaults.weights, "cit": 6.0},
        {source_id: 0.0 if source_id == "cit" else w for source_id, w in defaults.weights.items()},
        {source_id: 100.0 if source_id == "agora" else 0.0 for source_id in defaults.weights},
        {source_id: 50.0 for source_id in defaults.weights},
        {**defaults.weights, "rferl": 0.0},
    ]
    for weights in states:
        settings = replace(defaults, weights=weights)
        view = build_view(refusals, "refusals", question_id, method, settings, defaults)
        for name in get_args(ChartName):
            source = CHARTS[name].source(
                ChartInput(refusals, view.question, view.method, view.charts)
            )
            reused = templates.spec(name, replace(source, build=counted(name, source.build)))
            assert as_altair_embeds(reused) == vega_lite_spec(source.build()), name
    assert builds.count("forest") < len(states), "the forest's template was never reused"
    assert builds.count("influence") == len(states), "influence is built in every state"


def contrast(foreground: str, background: str = "#ffffff") -> float:
    """WCAG's contrast ratio of two colours written #rrggbb."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_text_in_every_chart_reads_at_4_5_to_1(refusals: Case) -> None:
    """Axis and legend labels, titles and subtitles are set over Streamlit's theme (which
    drew them #808495, 3.7:1), and every text mark's own colour, at WCAG's 4.5:1 on white
    (issue 27: axe cannot see inside a chart's SVG)."""
    settings = default_settings(refusals)
    view = build_view(refusals, "refusals", QUESTIONS[0], Method.LINEAR, settings, settings)
    for name, chart in all_charts(refusals, view).items():
        spec = vega_lite_spec(chart)
        config = spec["config"]
        colours = [
            config[part][key]
            for part, keys in TEXT_CONFIG.items()
            for key in keys
            if key.endswith("Color") or key == "color"
        ]
        text_marks = [
            mark
            for mark in values_of(spec, "mark")
            if isinstance(mark, dict) and mark.get("type") == "text"
        ]
        colours += [mark["color"] for mark in text_marks if "color" in mark]
        assert colours, name
        for colour in colours:
            assert contrast(colour) >= 4.5, (name, colour, round(contrast(colour), 2))
    assert round(contrast("#808495"), 2) == 3.72  # Streamlit's, for the record


@pytest.mark.parametrize("question_id", QUESTIONS)
def test_the_forest_chart_marks_read_as_labelled_rounded_words(
    refusals: Case, question_id: str
) -> None:
    """Each interval and dot of the forest chart is described for a screen reader as its
    tooltip reads, "95th percentile: 40 %", not by raw fields ("p95: 39.9999989232; size:
    534.905660377", Vega-Lite's default, issue 27); the quote, which the cards show, is left
    out, and a claim with no evidence group says nothing of one."""
    settings = default_settings(refusals)
    view = build_view(refusals, "refusals", question_id, Method.LINEAR, settings, settings)
    spec = all_charts(refusals, view)["forest"].to_dict()
    assert spec["encoding"]["description"]["field"] == MARK_DESCRIPTION
    titles = {tip["field"]: tip for tip in spec["encoding"]["tooltip"]}
    for field in ("p05", "median", "p95"):
        assert titles[field]["format"] == NUMBER_FORMAT
    unit = re.escape(refusals.question(question_id).unit)
    described = re.findall(r'aria-label="(Source: [^"]*)"', drawn_svg(spec))
    assert len(described) >= 2 * len(view.charts.forest)
    for text in described:
        assert not re.search(r"\b(p05|p95|median|size|row|weighted|source_id):", text), text
        assert "Quote" not in text
        figures = re.search(
            rf"5th percentile: ([\d,.]+) {unit}; Median: ([\d,.]+) {unit}; "
            rf"95th percentile: ([\d,.]+) {unit}",
            text,
        )
        assert figures, text
        for figure in figures.groups():
            assert len(figure.replace(",", "").replace(".", "").strip("0")) <= 4, text
        assert "Evidence group: ;" not in text and not text.endswith("; ")


def test_every_chart_is_described_and_summed_up_for_a_screen_reader(refusals: Case) -> None:
    """A chart's description (its name for a screen reader) says what it shows and on which
    question, and stays the same when a weight moves (the browser then takes new rows in
    place); its summary gives the estimate's figures now (issue 27)."""
    view = view_of(refusals, "refusal_share", Method.LINEAR)
    defaults = default_settings(refusals)
    no_cit = replace(defaults, weights={**defaults.weights, "cit": 0.0})
    moved = view_of(refusals, "refusal_share", Method.LINEAR, no_cit)
    assert moved.headline != view.headline
    head = view.headline
    assert isinstance(head, Headline)
    templates = SpecTemplates()
    for name in get_args(ChartName):
        description = chart_spec(view, refusals, name, templates)["description"]
        assert description.startswith(CHARTS[name].description), name
        assert view.question.text in description, name
        assert chart_spec(moved, refusals, name, templates)["description"] == description
        summary = chart_summary(view, name)
        assert head.median in summary and head.interval in summary, name
        assert "Show data" in summary


RAW_FIELD = re.compile(r"(?:^|; )(?:p05|p95|median|x|order|source|kind|name|row|size):")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?")


def significant_digits(number: str) -> int:
    """How many significant digits a number as written has (`0.00124`: 3, `1,234`: 4)."""
    digits = number.replace(",", "").split("e")[0].split("E")[0].replace(".", "")
    return len(digits.lstrip("0").rstrip("0") if "." not in number else digits.lstrip("0"))


@pytest.mark.parametrize("question_id", QUESTIONS)
def test_every_charts_marks_read_as_their_tooltips(refusals: Case, question_id: str) -> None:
    """Each mark of every chart, as drawn, is described by its tooltip's titles and rounded
    values, never by raw fields ("x: 0.125; Density per %: 2.867e-7", "p95: 42.22079642",
    "Median without it: null"): the spec as the page sends it (issue 27)."""
    settings = default_settings(refusals)
    view = build_view(refusals, "refusals", question_id, Method.LINEAR, settings, settings)
    for name, chart in all_charts(refusals, view).items():
        svg = drawn_svg(vega_lite_spec(chart))
        marks = [
            label
            for label in re.findall(r'aria-label="([^"]*)"', svg)
            if ": " in label and not label.startswith(("X-axis", "Y-axis", "Title", "Legend"))
        ]
        assert marks, name
        for label in marks:
            assert not RAW_FIELD.search(label), (name, label)
            for number in NUMBER.findall(label):
                assert "e" not in number.lower() and significant_digits(number) <= 4, (
                    name,
                    label,
                )
            assert "null" not in label, (name, label)
