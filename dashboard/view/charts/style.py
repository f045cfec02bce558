"""What every chart shares: a fixed colour per source, axes that follow the question's scale,
text colours that read on white, number formats, and marks described as their tooltips read."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from dashboard.case import Case, Question
from dashboard.view.charts.rows import question_unit, source_labels

SOURCE_PALETTE = (
    "#4c78a8",
    "#f58518",
    "#e45756",
    "#72b7b2",
    "#54a24b",
    "#eeca3b",
    "#b279a2",
    "#ff9da6",
    "#9d755d",
    "#79706e",
    "#1f3f73",
    "#a34e00",
    "#8f1d1c",
    "#2f7a74",
    "#2b6a27",
    "#9c7f0a",
    "#6c3d63",
    "#c45f6b",
    "#5e4432",
    "#17becf",
)
"""Tableau 10 (its light grey darkened to show as a thin line), then darker variants:
twenty distinct colours before any repeat."""


COMBINED_COLOR = "#111111"


OTHER_SOURCES_COLOR = "#b0b0b0"
"""The lumped sources' grey: lighter than any source's colour, darker than the grid."""


NUMBER_FORMAT = ",.4~r"
"""Four significant digits, thousands separators, never exponent notation."""


TEXT_COLOR = "#0e1116"
"""Titles in the charts: the page's text colour (.streamlit/config.toml), 18.9:1 on white."""


LABEL_COLOR = "#4f5461"
"""Axis and legend labels and subtitles: 7.6:1 on white. Streamlit's chart theme drew them
#808495, 3.7:1, under WCAG's 4.5 (issue 27)."""


TEXT_CONFIG: dict[str, Any] = {
    "axis": {"labelColor": LABEL_COLOR, "titleColor": TEXT_COLOR},
    "legend": {"labelColor": LABEL_COLOR, "titleColor": TEXT_COLOR},
    "header": {"labelColor": LABEL_COLOR, "titleColor": TEXT_COLOR},
    "title": {"color": TEXT_COLOR, "subtitleColor": LABEL_COLOR},
}
"""The colours of every text of a chart, over Streamlit's theme."""


NARROW_WINDOW = 640
"""A window this wide or narrower is a phone's, as the page's CSS has it (page/estimate.py):
there the charts break their labels into lines and stack their legends, which at a
desktop's width ran past a 358-pixel column and were cut. Read from the window, not the
chart's container: a chart drawn at its own width has no container width to go by."""

NARROW_LABEL_CHARACTERS = 26
"""On a phone, a label is broken into lines of about this many characters (some 140
pixels, two lines for most names): the forest chart's labels took 234 of its 358 pixels."""


def on_narrow(narrow: float, wide: float) -> dict[str, str]:
    """A chart property as a Vega expression: `narrow` in a phone's window, else `wide`."""
    return {"expr": f"windowSize()[0] <= {NARROW_WINDOW} ? {narrow:g} : {wide:g}"}


def wrapped_labels(characters: int = NARROW_LABEL_CHARACTERS) -> str:
    """An axis's or a legend's `labelExpr`: in a phone's window, each label broken at its
    spaces into lines of about `characters` characters (a longer word keeps a line of its
    own); elsewhere the label as it is."""
    line = json.dumps(f"(.{{1,{characters}}})(\\s+|$)")
    return (
        f"windowSize()[0] <= {NARROW_WINDOW} ? "
        f"split(trim(replace(datum.label, regexp({line}, 'g'), '$1\\n')), '\\n') : datum.label"
    )


def row_labels_axis(**settings: Any) -> alt.Axis:
    """The axis that names a chart's rows, its labels broken into lines on a phone
    (`wrapped_labels`), each label drawn: Vega hid every other one as they grew taller."""
    return alt.Axis(labelExpr=wrapped_labels(), labelOverlap=False, **settings)


def source_colors(case: Case) -> dict[str, str]:
    """A fixed colour per source id, in case order, the same in every chart."""
    return {
        source.id: SOURCE_PALETTE[index % len(SOURCE_PALETTE)]
        for index, source in enumerate(case.sources)
    }


def source_color_scale(case: Case, drawn: Collection[str], other: str | None = None) -> alt.Scale:
    """Domain: the labels of the sources `drawn`, in case order; range: their fixed colours,
    then `other` (the label of lumped sources) in grey if given."""
    labels = source_labels(case)
    colors = source_colors(case)
    wanted = set(drawn)
    sources = [s for s in case.sources if s.id in wanted]
    domain = [labels[s.id] for s in sources] + ([other] if other else [])
    palette = [colors[s.id] for s in sources] + ([OTHER_SOURCES_COLOR] if other else [])
    return alt.Scale(domain=domain, range=palette)


def source_color(
    case: Case, drawn: Collection[str], legend: bool = False, other: str | None = None
) -> alt.Color:
    labels = source_labels(case)
    values = [labels[s.id] for s in case.sources if s.id in set(drawn)] + ([other] if other else [])
    return alt.Color(
        "source:N",
        scale=source_color_scale(case, drawn, other),
        legend=alt.Legend(
            values=values,
            title="Source",
            orient="bottom",
            columns=on_narrow(1, 2),
            labelLimit=320,
            labelExpr=wrapped_labels(),
        )
        if legend
        else None,
    )


def x_scale(question: Question) -> alt.Scale:
    """The question's own domain; logarithmic on a log question."""
    if question.scale == "log":
        return alt.Scale(type="log", domain=[question.min, question.max], nice=False)
    return alt.Scale(type="linear", domain=[question.min, question.max], nice=False, zero=False)


FIT_PADDING = 24
"""Pixels between an axis fitted to its data and the outermost marks."""


def fitted_scale(question: Question) -> alt.Scale:
    """On a log question, an axis over the values drawn (Vega fits it to the rows, so one
    spec serves every state) rather than the whole domain, where medians a few thousand
    apart would sit on one dot; on a linear question, the question's own domain."""
    if question.scale != "log":
        return x_scale(question)
    return alt.Scale(type="log", nice=False, padding=FIT_PADDING)


def x_axis(question: Question, title: str | None = None) -> alt.Axis:
    """Titled with the unit; a log axis's ticks in SI style (1k, 20k) to stay short."""
    fmt = "~s" if question.scale == "log" else "~r"
    return alt.Axis(title=title or question_unit(question), format=fmt, labelFlush=True)


MARK_DESCRIPTION = "mark_description"
"""The calculated field that a chart's marks are described by, for a screen reader."""


def tooltip_fields(tip: alt.Tooltip) -> dict[str, Any]:
    """A tooltip channel's settings (field, title, format) as Vega-Lite writes them."""
    spec = tip.to_dict()
    if not isinstance(spec, dict):
        raise TypeError(f"a tooltip channel is a mapping, not {type(spec).__name__}")
    return spec


def described(
    chart: alt.LayerChart, tooltip: Sequence[alt.Tooltip], units: Mapping[str, str]
) -> alt.LayerChart:
    """The chart with each mark's ARIA description read as its tooltip reads (see
    `description_expression`), with the unit where `units` names one."""
    expression = description_expression([tooltip_fields(tip) for tip in tooltip], units)
    return chart.transform_calculate(**{MARK_DESCRIPTION: expression}).encode(
        description=alt.Description(f"{MARK_DESCRIPTION}:N")
    )


def description_expression(tooltip: Sequence[Mapping[str, Any]], units: Mapping[str, str]) -> str:
    """A Vega expression that reads a mark as its tooltip does: each title and its value as
    the tooltip formats it, with the unit where `units` names one, and without the fields
    left empty. Vega-Lite's own description lists every encoded field under its raw name,
    unrounded ("p95: 39.9999989232; size: 534.905660377")."""
    parts = []
    for spec in tooltip:
        field = json.dumps(spec["field"])
        value = f"datum[{field}]"
        if "format" in spec:
            value = f"format({value}, {json.dumps(spec['format'])})"
        unit = units.get(spec["field"])
        text = f"{json.dumps(str(spec.get('title', spec['field'])) + ': ')} + {value}"
        if unit:
            text += f" + {json.dumps(' ' + unit)}"
        present = f"isValid(datum[{field}]) && datum[{field}] !== ''"
        parts.append(f"({present} ? {text} + '; ' : '')")
    return f"replace({' + '.join(parts)}, /; $/, '')"


CHILDREN = ("layer", "vconcat", "hconcat", "concat", "spec")
"""The keys of a Vega-Lite spec that hold the views drawn inside it."""


def with_marks_described(node: Any, inherited: Any = None) -> Any:
    """A Vega-Lite spec in which every mark with a tooltip (its own or its parent's) and no
    description of its own is described as its tooltip reads (`description_expression`)."""
    if isinstance(node, list):
        return [with_marks_described(item, inherited) for item in node]
    if not isinstance(node, dict):
        return node
    encoding = node.get("encoding", {})
    tooltip = encoding.get("tooltip", inherited)
    if "description" in encoding:
        tooltip = None
    described_node = {
        key: with_marks_described(value, tooltip) if key in CHILDREN else value
        for key, value in node.items()
    }
    tips = [tooltip] if isinstance(tooltip, dict) else tooltip
    if "mark" in node and tips and all("field" in tip for tip in tips):
        expression = description_expression(tips, {})
        described_node["transform"] = [
            *node.get("transform", []),
            {"calculate": expression, "as": MARK_DESCRIPTION},
        ]
        described_node["encoding"] = {
            **encoding,
            "description": {"field": MARK_DESCRIPTION, "type": "nominal"},
        }
    return described_node


def no_estimate_chart(message: str = "No weighted claims: no combined estimate.") -> alt.Chart:
    """A text in place of a chart, for a question whose claims all carry weight 0."""
    return (
        alt.Chart(pd.DataFrame({"message": [message]}))
        .mark_text(fontSize=14, color="#555555")
        .encode(text=alt.Text("message:N"), tooltip=[alt.Tooltip("message:N", title="Why")])
        .properties(width="container", height=80)
    )
