"""Test cases for the view model: what the page shows for one state, built without
Streamlit, checked against the engine and the command line's figures."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from dashboard.case import Case, Range
from dashboard.engine.pooling import Method
from dashboard.engine.settings import default_settings, settings_for
from dashboard.engine.weights import Switches
from dashboard.view.chart_views import chart_spec
from dashboard.view.charts import SpecTemplates
from dashboard.view.model import Headline, NoEstimate, SourceControl, build_view, weights_table
from tests.factories import analyst_case
from tests.support.views import view_of


@pytest.mark.parametrize(
    ("question_id", "method", "median"),
    [
        # The command line's CSV at the defaults: 29.6528, 29.8148, 7193.17, 6818.13.
        ("refusal_share", Method.LINEAR, "29.7%"),
        ("refusal_share", Method.LOG, "29.8%"),
        ("refusal_count", Method.LINEAR, "7,190 people"),
        ("refusal_count", Method.LOG, "6,820 people"),
    ],
)
def test_headline_states_the_engines_median(
    refusals: Case, question_id: str, method: Method, median: str
):
    """The headline's median is the engine's (as the CSV has it), to three figures with the
    question's unit."""
    view = view_of(refusals, question_id, method)
    assert isinstance(view.headline, Headline)
    assert view.headline.median == median
    assert view.headline.shift == "no change"


def test_counts_are_whole_numbers(refusals: Case):
    """A head count is written as whole people, never '7.09 people'."""
    view = view_of(refusals, "refusal_count", Method.LINEAR)
    assert isinstance(view.headline, Headline)
    assert "." not in view.headline.median and "." not in view.headline.interval


def test_no_weight_gives_no_estimate(refusals: Case):
    settings = replace(
        default_settings(refusals), weights=dict.fromkeys(refusals.default_weights(), 0.0)
    )
    view = view_of(refusals, "refusal_share", Method.LINEAR, settings)
    assert isinstance(view.headline, NoEstimate)


def test_sources_without_a_claim_on_the_question_are_set_apart(refusals: Case):
    """Sliders are grouped: sources speaking on the question, relays of those, the rest."""
    view = view_of(refusals, "refusal_share", Method.LINEAR)
    speaking = {c.source for c in refusals.claims_on("refusal_share")}
    groups = {c.source_id: c.group for c in view.controls}
    assert {s for s, g in groups.items() if g == "speaks"} == speaking
    assert "rferl" in {s for s, g in groups.items() if g == "relay"}
    assert any(g == "silent" for g in groups.values())


def test_moved_compares_the_whole_state_switches_included(refusals: Case) -> None:
    """Turning credibility grades off moves the median: the headline says by how much, and
    the CSV's and case file's names say the settings are the reader's."""
    settings = replace(default_settings(refusals), switches=Switches(credibility=False))
    view = view_of(refusals, "refusal_share", Method.LINEAR, settings)
    assert isinstance(view.headline, Headline)
    assert view.headline.shift != "no change"
    assert view.csv_name == "case-your-settings.csv"
    assert view.case_file_name == "case-your-settings.yaml"
    fresh = view_of(refusals, "refusal_share", Method.LINEAR)
    assert fresh.csv_name == "case-defaults.csv"


def test_choosing_a_scenario_is_a_change_even_at_its_own_weights(refusals: Case) -> None:
    settings = settings_for(refusals, refusals.scenarios[0].id)
    view = view_of(refusals, "refusal_share", Method.LINEAR, settings)
    assert view.csv_name == "case-your-settings.csv"


@pytest.mark.parametrize("question_id", ["refusal_share", "refusal_count"])
def test_one_figure_for_the_weight_through_a_relay(refusals: Case, question_id: str) -> None:
    """The influence chart and the chain of custody give each relay the same figure (its
    claims carried and its own), which is the headline's."""
    view = view_of(refusals, question_id, Method.LINEAR)
    rows = view.charts.influence
    influence = dict(zip(rows["source_id"], rows["share"], strict=True))
    custody = view.charts.relays.groupby("relay_id")["share"].sum()
    assert len(custody) >= 1
    for relay, share in custody.items():
        assert share == pytest.approx(influence[str(relay)])


def test_a_reader_reading_reaches_cards_codebook_csv_and_file_name(refusals: Case):
    question = refusals.question("refusal_share")
    label = next(iter(question.codebook))
    settings = settings_for(refusals, readings={("refusal_share", label): Range(5, 20)})
    view = view_of(refusals, "refusal_share", Method.LINEAR, settings)
    entry = next(e for e in view.codebook if e.label == label)
    assert entry.origin == "reader" and entry.reading_text == "range 5-20"
    assert any(card.origin == "your reading" for card in view.cards)
    assert b",reader," in view.csv
    assert view.csv_name.endswith("your-settings.csv")


def test_points_of_view_list_defaults_each_scenario_and_the_reader(refusals: Case):
    view = view_of(refusals, "refusal_share", Method.LINEAR)
    kinds = list(view.charts.points_of_view["kind"])
    assert kinds[0] == "defaults" and kinds[-1] == "current"
    assert kinds.count("scenario") == len(refusals.scenarios) >= 3


def test_sweep_runs_the_top_mover_from_0_to_100(refusals: Case):
    view = view_of(refusals, "refusal_count", Method.LINEAR)
    sweep = view.charts.sweep
    assert list(sweep["weight"])[0] == 0 and list(sweep["weight"])[-1] == 100
    assert sweep["current"].sum() <= 1
    assert view.charts.sweep_source == view.charts.influence.iloc[0]["source"]


def test_chart_rows_are_computed_only_when_a_chart_reads_them(refusals: Case) -> None:
    """A slider move pays for the open chart's rows only; the others wait to be read."""
    view = view_of(refusals, "refusal_count", Method.LINEAR)
    lazy = ("_forest", "_density", "markers", "_influence", "sweep", "swings")
    assert not [name for name in lazy if name in vars(view.charts)]
    assert not view.charts.forest.empty
    assert "_forest" in vars(view.charts) and "points_of_view" not in vars(view.charts)


def test_the_control_refuses_bounds_that_leave_out_a_reading() -> None:
    """The control's fields are checked by sections 12 and 13 in the view's state."""
    case = analyst_case()
    view = build_view(case, "ferry", "aboard", Method.LINEAR, settings_for(case))
    assert view.judgment_from_fields((10, 5000), 300.0) == ((10, 5000), 300.0)
    refused = view.judgment_from_fields((100, 5000), None)
    assert isinstance(refused, str) and "leave out the reading" in refused
    outside = view.judgment_from_fields((10, 5000), 6000.0)
    assert isinstance(outside, str) and "between its bounds 10 and 5000" in outside


def test_a_charts_axis_follows_the_readers_bounds_through_a_shared_template() -> None:
    """Views that differ only in the bounds share a case's templates, yet each chart's axis
    spans the bounds in force."""
    case = analyst_case()
    templates = SpecTemplates()
    for bounds in ({}, {"aboard": (5.0, 9000.0)}):
        view = build_view(case, "ferry", "aboard", Method.LINEAR, settings_for(case, bounds=bounds))
        low, high = bounds.get("aboard", (10.0, 2000.0))
        for name in ("forest", "density"):
            layout = {
                k: v for k, v in chart_spec(view, case, name, templates).items() if k != "datasets"
            }
            text = json.dumps(layout)
            assert f'"domain": [{low}, {high}]' in text, name


def test_weights_table_filters_by_name_kind_or_id(refusals: Case) -> None:
    """The search matches name, kind or id, ignoring case."""
    weights = default_settings(refusals).weights
    controls = [
        SourceControl(s.id, s.name, s.kind, s.note, int(weights[s.id]), "speaks", "")
        for s in refusals.sources
    ]
    assert list(weights_table(controls, "osint").index) == ["cit"]
    assert len(weights_table(controls, "")) == len(controls)
