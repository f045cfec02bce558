"""Altair charts from the view model's rows: each function only encodes a DataFrame.

The data comes from `chart_data` (through `view.ChartRows`, which `view.chart_source`
matches to each chart); nothing here computes a
figure. Colours are fixed per source across every chart, axes follow the question's
scale, and every mark has a tooltip.
"""

from __future__ import annotations

import json
import textwrap
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import altair as alt
import pandas as pd

from dashboard.case import Case, Question
from dashboard.engine.pooling import Method
from dashboard.view.chart_data import OTHER_SOURCES_ID, question_unit, source_labels
from dashboard.view.wording import METHOD_NAMES

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

ROW_STEP = 34
"""Pixels per row of the forest chart (room for a two-line label)."""

PANEL_WIDTH = 220
"""Width of each panel of a two-panel chart: Vega-Lite cannot stretch concatenated views."""

LABEL_TOP, LABEL_LINE = 2, 14
"""Pixels from the top of the density plot to its first marker label, and between labels."""

DENSITY_LOOKUP = ["key", "source", "share", "order"]
"""The columns of the density chart's sources that its per-source layers look up."""

EVIDENCE_SHAPES = ("square", "triangle-up", "cross", "diamond", "triangle-down")
"""Marks that tie the claims of one evidence group together in the forest chart."""


SUBTITLE_CHARACTERS = 56
"""Subtitles are wrapped at this many characters a line: Vega cuts a longer line at the
chart's edge, and on a phone a chart is about 350 pixels wide."""


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


def spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart's Vega-Lite spec, unvalidated (the tests validate every chart's spec, so the
    page need not pay for it on every rerun), with its datasets named by their order rather
    than by a hash of their rows, and its text in `TEXT_CONFIG`'s colours. A slider move then
    changes the datasets but not the spec, and the browser updates the drawn chart's data
    instead of building the chart anew."""
    built = wrapped_subtitles(stable_dataset_names(chart.to_dict(validate=False)))
    config = built.get("config", {})
    built["config"] = {
        **config,
        **{part: {**TEXT_CONFIG[part], **config.get(part, {})} for part in TEXT_CONFIG},
    }
    return built


def wrapped_subtitles(node: Any) -> Any:
    """`node` with every title's subtitle wrapped to `SUBTITLE_CHARACTERS` a line."""
    if isinstance(node, list):
        return [wrapped_subtitles(item) for item in node]
    if not isinstance(node, dict):
        return node
    wrapped = {key: wrapped_subtitles(value) for key, value in node.items()}
    subtitle = node.get("subtitle")
    if subtitle is not None:
        lines = [subtitle] if isinstance(subtitle, str) else subtitle
        wrapped["subtitle"] = [
            part for line in lines for part in textwrap.wrap(line, SUBTITLE_CHARACTERS)
        ]
    return wrapped


def stable_dataset_names(spec: dict[str, Any]) -> dict[str, Any]:
    """`spec` with its named datasets renamed `data-0`, `data-1`, ... in order of use."""
    datasets = spec.pop("datasets", {})
    names: dict[str, str] = {}

    def visit(node: Any) -> Any:
        if isinstance(node, dict):
            if set(node) == {"name"} and node["name"] in datasets:
                return {"name": names.setdefault(node["name"], f"data-{len(names)}")}
            return {key: visit(value) for key, value in node.items()}
        if isinstance(node, list):
            return [visit(item) for item in node]
        return node

    renamed: dict[str, Any] = visit(spec)
    if names:
        renamed["datasets"] = {new: datasets[old] for old, new in names.items()}
    return renamed


# --- specs reused across states ----------------------------------------------------------------

ChartName = Literal["forest", "density", "influence", "sweep", "swings", "points of view", "relays"]


@dataclass(frozen=True)
class ChartSource:
    """One chart as the page draws it: how to build it, the frames it draws from, and its
    other arguments. A reusable chart's spec depends on its frames only through their
    columns, their length and the values of their columns that are not floats (labels,
    order, flags), never through the floats a weight moves; so states that agree on those
    share one spec and differ only in their rows."""

    build: Callable[[], alt.TopLevelMixin]
    frames: tuple[pd.DataFrame, ...]
    arguments: tuple[Hashable, ...]
    reusable: bool = True


def frame_layout(frame: pd.DataFrame) -> Hashable:
    """What of a frame a reusable chart's spec may depend on: its columns, its length and
    its values that are not floats."""
    fixed = [c for c, dtype in frame.dtypes.items() if not pd.api.types.is_float_dtype(dtype)]
    # `tolist` first: iterating a column of strings directly took twice as long.
    return tuple(frame.columns), len(frame), tuple(tuple(frame[c].tolist()) for c in fixed)


class SpecTemplates:
    """Chart specs of one case, built once per layout and then filled with each state's
    frames, so that a slider move does not rebuild the chart in Altair.

    A template is the spec without its datasets, and for each dataset the frame it holds.
    The datasets are handed on as DataFrames, as `st.altair_chart` hands them on, and
    drawn from the same rows the Altair spec embeds (the tests compare the two)."""

    def __init__(self, limit: int = 512) -> None:
        self._limit = limit
        self._templates: OrderedDict[Hashable, tuple[dict[str, Any], dict[str, int]] | None]
        self._templates = OrderedDict()
        self._lock = threading.Lock()

    def spec(self, name: ChartName, source: ChartSource) -> dict[str, Any]:
        """The chart's spec, its datasets as DataFrames where it can be reused."""
        if not source.reusable:
            return spec(source.build())
        key = (name, source.arguments, tuple(frame_layout(f) for f in source.frames))
        with self._lock:
            known = key in self._templates
            template = self._templates.get(key)
        if not known:
            built = spec(source.build())
            template = _template(built, source.frames)
            with self._lock:
                self._templates[key] = template
                while len(self._templates) > self._limit:
                    self._templates.popitem(last=False)
            if template is None:
                return built
        elif template is None:
            return spec(source.build())
        layout, frames = template
        return {**layout, "datasets": {d: source.frames[i] for d, i in frames.items()}}


def _template(
    built: dict[str, Any], frames: tuple[pd.DataFrame, ...]
) -> tuple[dict[str, Any], dict[str, int]] | None:
    """The spec without its datasets, and which frame each dataset holds; None when a
    dataset is not exactly one of the frames (a chart that makes rows of its own)."""
    rows = [alt.utils.data.to_values(frame)["values"] for frame in frames]
    holds: dict[str, int] = {}
    for dataset, values in built.get("datasets", {}).items():
        matches = [i for i, frame_rows in enumerate(rows) if frame_rows == values]
        if len(matches) != 1:
            return None
        holds[dataset] = matches[0]
    return {k: v for k, v in built.items() if k != "datasets"}, holds


# --- colours and axes ------------------------------------------------------------------------


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
        legend=alt.Legend(values=values, title="Source", orient="bottom", columns=2, labelLimit=320)
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
    """The chart with each mark's ARIA description read as its tooltip reads: each title and
    its value as the tooltip formats it, with the unit where `units` names one, and without
    the fields left empty. Vega-Lite's own description lists every encoded field under its
    raw name, unrounded ("p95: 39.9999989232; size: 534.905660377")."""
    parts = []
    for tip in tooltip:
        spec = tooltip_fields(tip)
        field = json.dumps(spec["field"])
        value = f"datum[{field}]"
        if "format" in spec:
            value = f"format({value}, {json.dumps(spec['format'])})"
        unit = units.get(spec["field"])
        text = f"{json.dumps(spec.get('title', spec['field']) + ': ')} + {value}"
        if unit:
            text += f" + {json.dumps(' ' + unit)}"
        present = f"isValid(datum[{field}]) && datum[{field}] !== ''"
        parts.append(f"({present} ? {text} + '; ' : '')")
    expression = f"replace({' + '.join(parts)}, /; $/, '')"
    return chart.transform_calculate(**{MARK_DESCRIPTION: expression}).encode(
        description=alt.Description(f"{MARK_DESCRIPTION}:N")
    )


def no_estimate_chart(message: str = "No weighted claims: no combined estimate.") -> alt.Chart:
    """A text in place of a chart, for a question whose claims all carry weight 0."""
    return (
        alt.Chart(pd.DataFrame({"message": [message]}))
        .mark_text(fontSize=14, color="#555555")
        .encode(text=alt.Text("message:N"), tooltip=[alt.Tooltip("message:N", title="Why")])
        .properties(width="container", height=80)
    )


# --- 1. forest --------------------------------------------------------------------------------


def forest_chart(
    case: Case, question: Question, data: pd.DataFrame, hidden: int = 0
) -> alt.LayerChart:
    """Each claim's 90% interval (rule) and median (dot sized by its share of weight), by
    source, with the mixture and consensus pools as black rows at the bottom. Claims of one
    shared-evidence group carry the same small mark at their median."""
    x = alt.X("p05:Q", scale=x_scale(question), axis=x_axis(question))
    y = alt.Y(
        "row:N",
        sort=list(data["row"]),
        axis=alt.Axis(title=None, labelLimit=260, labelFontSize=11, labelPadding=6),
    )
    claim_ids = set(data.loc[data["row_type"] == "claim", "source_id"])
    color = source_color(case, claim_ids)
    claims = alt.Chart().transform_filter(alt.datum.row_type == "claim")
    pools = alt.Chart().transform_filter(alt.datum.row_type == "pooled")
    faded = alt.Opacity(
        "weighted:N", scale=alt.Scale(domain=[True, False], range=[0.9, 0.3]), legend=None
    )
    layers: list[alt.Chart] = [
        claims.mark_rule(strokeWidth=2.5, clip=True).encode(
            x=x, x2=alt.X2("p95:Q"), color=color, opacity=faded
        ),
        claims.mark_point(shape="circle", filled=False, strokeWidth=1.5, clip=True).encode(
            x=alt.X("median:Q"), color=color, size=alt.Size("size:Q", scale=None), opacity=faded
        ),
        claims.transform_filter(alt.datum.weighted)
        .mark_circle(opacity=0.85, clip=True)
        .encode(x=alt.X("median:Q"), color=color, size=alt.Size("size:Q", scale=None)),
        pools.mark_rule(strokeWidth=5, color=COMBINED_COLOR, clip=True).encode(
            x=x, x2=alt.X2("p95:Q")
        ),
        pools.mark_point(
            shape="diamond", filled=True, size=160, color=COMBINED_COLOR, stroke="white", clip=True
        ).encode(x=alt.X("median:Q")),
    ]
    groups = sorted(set(data["evidence"]) - {""})
    subtitle = [
        "Lines: each claim read as a 90% interval; dots: its median, with area in proportion "
        "to its share of weight (hollow: weight 0).",
        "Black rows: the combined estimates of both methods.",
    ]
    if groups:
        layers.append(
            claims.transform_filter(alt.datum.evidence != "")
            .mark_point(filled=True, size=60, color="#333333", yOffset=-9, clip=True)
            .encode(
                x=alt.X("median:Q"),
                shape=alt.Shape(
                    "evidence:N",
                    scale=alt.Scale(domain=groups, range=list(EVIDENCE_SHAPES)),
                    legend=alt.Legend(title="Shared evidence", orient="bottom"),
                ),
            )
        )
        subtitle.append(
            "A small dark mark above a dot ties claims that rest on the same evidence: "
            "together they weigh as much as their heaviest member."
        )
    if hidden:
        subtitle.append(
            f"Shown: the claims with the largest shares of weight; {hidden} others are not "
            "shown (the combined rows use every claim)."
        )
    tooltip = [
        alt.Tooltip("source:N", title="Source"),
        alt.Tooltip("reading:N", title="Reading"),
        alt.Tooltip("quote:N", title="Quote"),
        alt.Tooltip("p05:Q", title="5th percentile", format=NUMBER_FORMAT),
        alt.Tooltip("median:Q", title="Median", format=NUMBER_FORMAT),
        alt.Tooltip("p95:Q", title="95th percentile", format=NUMBER_FORMAT),
        alt.Tooltip("share:Q", title="Share of weight", format=".1%"),
        alt.Tooltip("evidence:N", title="Evidence group"),
        alt.Tooltip("separate_share:Q", title="Share if counted separately", format=".1%"),
    ]
    title = alt.TitleParams("What each source claims", subtitle=subtitle, anchor="start")
    unit = question_unit(question)
    chart = alt.layer(
        *layers, data=data, width="container", height=alt.Step(ROW_STEP), title=title
    ).encode(y=y, tooltip=tooltip)
    read = [tip for tip in tooltip if tooltip_fields(tip)["field"] != "quote"]
    return described(chart, read, {field: unit for field in ("p05", "median", "p95")})


# --- 2. the pooled distribution ---------------------------------------------------------------


def density_chart(
    case: Case,
    question: Question,
    method: Method,
    wide: pd.DataFrame,
    sources: pd.DataFrame,
    markers: pd.DataFrame,
) -> alt.LayerChart | alt.Chart:
    """The combined distribution: for the mixture, stacked by source; for the consensus, one
    area with each weighted source's own claims as thin lines. Rules mark p05, median, p95,
    their labels on three rows so that they never overlap."""
    if wide.empty:
        return no_estimate_chart()
    x = alt.X("x:Q", scale=x_scale(question), axis=x_axis(question))
    y_title = (
        f"Density per unit of ln({question_unit(question)})"
        if question.scale == "log"
        else f"Density per {question_unit(question)}"
    )
    ids = [i for i in sources["source_id"] if i != OTHER_SOURCES_ID]
    lumped = sources.loc[sources["source_id"] == OTHER_SOURCES_ID, "source"]
    other = str(lumped.iloc[0]) if len(lumped) else None
    color = source_color(case, ids, True, other)
    base = alt.Chart()
    lookup = sources[DENSITY_LOOKUP]
    per_source = base.transform_fold(list(sources["key"]), as_=["key", "density"]).transform_lookup(
        lookup="key", from_=alt.LookupData(lookup, "key", ["source", "share", "order"])
    )
    source_tooltip = [
        alt.Tooltip("source:N", title="Source"),
        alt.Tooltip("share:Q", title="Share of weight", format=".1%"),
    ]
    pooled_tooltip = [alt.Tooltip("pooled:Q", title="Combined density", format=".3~g")]
    if method is Method.LINEAR:
        layers: list[alt.Chart] = [
            per_source.mark_area(opacity=0.85, clip=True).encode(
                y=alt.Y("density:Q", stack="zero", title=y_title),
                color=color,
                order=alt.Order("order:Q", sort="ascending"),
                tooltip=source_tooltip,
            ),
            base.mark_line(color=COMBINED_COLOR, strokeWidth=1.5, clip=True).encode(
                y=alt.Y("pooled:Q"), tooltip=pooled_tooltip
            ),
        ]
        subtitle = [
            "The mixture of all claims, stacked by source: each band is a source's share of "
            "weight times what its claims say."
        ]
    else:
        layers = [
            base.mark_area(color="#999999", opacity=0.35, clip=True).encode(
                y=alt.Y("pooled:Q", title=y_title), tooltip=pooled_tooltip
            ),
            per_source.mark_line(strokeWidth=1.3, opacity=0.9, clip=True).encode(
                y=alt.Y("density:Q"), color=color, tooltip=source_tooltip
            ),
            base.mark_line(color=COMBINED_COLOR, strokeWidth=2, clip=True).encode(
                y=alt.Y("pooled:Q"), tooltip=pooled_tooltip
            ),
        ]
        subtitle = [
            "The consensus (black line, grey area) multiplies the claims, each raised to its "
            "share of weight.",
            "Coloured lines: what each weighted source's own claims say, before that product.",
        ]
    if other is not None:
        subtitle.append(f"Grey: {other[0].lower()}{other[1:]} with the smallest shares, together.")
    subtitle.append("Vertical lines: the combined 5th percentile, median and 95th percentile.")
    marks = alt.Chart(markers).encode(
        x=alt.X("value:Q"),
        tooltip=[
            alt.Tooltip("label:N", title="Combined"),
            alt.Tooltip("value:Q", title="Value", format=NUMBER_FORMAT),
        ],
    )
    dashes = alt.StrokeDash(
        "marker:N",
        scale=alt.Scale(domain=["p05", "median", "p95"], range=[[4, 3], [1, 0], [4, 3]]),
        legend=None,
    )
    rules = marks.mark_rule(color=COMBINED_COLOR, strokeWidth=1.2).encode(strokeDash=dashes)
    # Each label on its own line from the top (label_row 0, 1, 2): close values never overlap.
    labels = (
        marks.transform_calculate(label_y=f"{LABEL_TOP} + {LABEL_LINE} * datum.label_row")
        .mark_text(align="left", baseline="top", dx=3, fontSize=11, color=COMBINED_COLOR)
        .encode(y=alt.Y("label_y:Q", scale=None, axis=None), text=alt.Text("label:N"))
    )
    title = alt.TitleParams(
        f"Combined estimate: {METHOD_NAMES[method]}", subtitle=subtitle, anchor="start"
    )
    return alt.layer(
        *layers,
        rules,
        labels,
        data=wide,
        width="container",
        height=300,
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        title=title,
    ).encode(x=x)


# --- 3. influence: each source's share and what setting it to 0 would do ----------------------


def influence_chart(
    case: Case, question: Question, method: Method, data: pd.DataFrame, hidden: int = 0
) -> alt.HConcatChart | alt.Chart:
    """Two bar panels, one row per source (most influential first): its share of the weight,
    and how far the combined median would move if it were set to 0."""
    if data.empty or not (data["share"] > 0).any():
        return no_estimate_chart()
    unit = question_unit(question)
    order = list(data["source"])
    color = source_color(case, list(data["source_id"]))
    tooltip = [
        alt.Tooltip("source:N", title="Source"),
        alt.Tooltip("weight:Q", title="Trust weight", format=".0f"),
        alt.Tooltip("share:Q", title="Weight passing through it", format=".1%"),
        alt.Tooltip("median_without:Q", title="Median without it", format=NUMBER_FORMAT),
        alt.Tooltip("shift:Q", title=f"Shift ({unit})", format="+" + NUMBER_FORMAT),
    ]
    largest = float(data["abs_shift"].max()) if data["abs_shift"].notna().any() else 0.0
    bound = largest * 1.05 if largest > 0 else 1.0
    y = alt.Y("source:N", sort=order, title=None, axis=alt.Axis(labelLimit=300))
    size = {"width": PANEL_WIDTH, "height": alt.Step(26)}
    share_domain = [0, min(1.0, float(data["share"].max()) * 1.2 + 0.02)]
    left = alt.layer(
        alt.Chart()
        .mark_bar()
        .encode(
            x=alt.X(
                "share:Q",
                title="Weight passing through it",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=share_domain),
            ),
            color=color,
        ),
        alt.Chart()
        .mark_text(align="left", dx=3, fontSize=11)
        .encode(x=alt.X("share:Q"), text=alt.Text("share_label:N")),
        title="Weight passing through it",
        **size,
    ).encode(y=y, tooltip=tooltip)
    shifts = alt.layer(
        alt.Chart()
        .mark_bar()
        .encode(
            x=alt.X(
                "shift:Q",
                title=f"Shift of the median if set to 0 ({unit})",
                scale=alt.Scale(domain=[-bound, bound]),
                axis=alt.Axis(format=",~r"),
            ),
            color=color,
        ),
        alt.Chart()
        .transform_filter(~alt.datum.estimate_without)
        .mark_text(align="left", dx=6, fontSize=11, fontStyle="italic", color="#555555")
        .encode(x=alt.XDatum(0), text=alt.Text("note:N")),
    ).encode(y=alt.Y("source:N", sort=order, axis=None), tooltip=tooltip)
    zero = (
        alt.Chart(pd.DataFrame({"zero": [0.0]}))
        .mark_rule(color="#333333")
        .encode(x=alt.X("zero:Q"), tooltip=[alt.Tooltip("zero:Q", title="No shift")])
    )
    right = alt.layer(shifts, zero, title="What setting it to 0 would do", **size)
    subtitle = [
        f"Leave-one-out: the {METHOD_NAMES[method].lower()} median with each source at weight 0 "
        "(a relay at 0 silences what it carried), minus the median now."
    ]
    if float(data["share"].sum()) > 1 + 1e-9:
        subtitle.append(
            "A relay's bar includes the claims it carried, so bars overlap and add up to "
            "more than 100%."
        )
    if hidden:
        subtitle.append(f"Shown: the most influential sources; {hidden} others are not shown.")
    return alt.hconcat(
        left,
        right,
        spacing=12,
        data=data,
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(y="shared")),
        title=alt.TitleParams("Which sources move the estimate", subtitle=subtitle, anchor="start"),
    )


# --- 4. sensitivity: one source from 0 to 100, and every source's swing ----------------------


def sweep_chart(question: Question, source: str, data: pd.DataFrame) -> alt.LayerChart | alt.Chart:
    """The combined median (line) and 90% band (area) as one source's weight runs 0 to 100,
    the current weight marked."""
    if data.empty:
        return no_estimate_chart("No weight at any setting of this source: no estimate.")
    y_scale = x_scale(question)
    tooltip = [
        alt.Tooltip("weight:Q", title=f"Weight of {source}"),
        alt.Tooltip("median:Q", title="Combined median", format=NUMBER_FORMAT),
        alt.Tooltip("p05:Q", title="5th percentile", format=NUMBER_FORMAT),
        alt.Tooltip("p95:Q", title="95th percentile", format=NUMBER_FORMAT),
    ]
    x = alt.X("weight:Q", title=f"Trust in {source}", scale=alt.Scale(domain=[0, 100]))
    band = (
        alt.Chart()
        .mark_area(opacity=0.25, color="#4c78a8")
        .encode(
            x=x,
            y=alt.Y("p05:Q", scale=y_scale, title=question_unit(question)),
            y2="p95:Q",
            tooltip=tooltip,
        )
    )
    line = (
        alt.Chart()
        .mark_line(color=COMBINED_COLOR, point=True)
        .encode(x=x, y=alt.Y("median:Q"), tooltip=tooltip)
    )
    now = (
        alt.Chart()
        .transform_filter(alt.datum.current)
        .mark_point(size=200, shape="diamond", filled=True, color="#e45756")
        .encode(x=x, y=alt.Y("median:Q"), tooltip=tooltip)
    )
    title = alt.TitleParams(
        f"If you trusted {source} more or less",
        subtitle=[
            "Black line: the combined median; blue band: its 90% interval; red diamond: the "
            "weight now. Every other weight held as it is."
        ],
        anchor="start",
    )
    return alt.LayerChart(
        layer=[band, line, now], data=data, width="container", height=260, title=title
    )


def swing_chart(question: Question, data: pd.DataFrame) -> alt.LayerChart | alt.Chart:
    """Per source, the combined median at weight 0 and at 100, joined by a line; the widest
    swing first."""
    if data.empty:
        return no_estimate_chart()
    order = list(dict.fromkeys(data["source"]))
    y = alt.Y("source:N", sort=order, title=None, axis=alt.Axis(labelLimit=300))
    x = alt.X(
        "median:Q",
        scale=fitted_scale(question),
        axis=x_axis(question, "Combined median"),
    )
    tooltip = [
        alt.Tooltip("source:N", title="Source"),
        alt.Tooltip("end:N", title="Weight"),
        alt.Tooltip("median:Q", title="Combined median", format=NUMBER_FORMAT),
    ]
    line = alt.Chart().mark_line(color="#888888").encode(x=x, detail="source:N")
    ends = (
        alt.Chart()
        .mark_point(filled=True, size=90)
        .encode(
            x=x,
            color=alt.Color(
                "end:N",
                scale=alt.Scale(domain=["at 0", "at 100"], range=["#e45756", "#4c78a8"]),
                legend=alt.Legend(title="Trust", orient="bottom"),
            ),
        )
    )
    title = alt.TitleParams(
        "Every source from 0 to 100",
        subtitle=[
            "The combined median with each source at 0 (red) and at 100 (blue), the "
            "others held; the widest swing first."
        ],
        anchor="start",
    )
    return alt.layer(
        line, ends, data=data, width="container", height=alt.Step(26), title=title
    ).encode(y=y, tooltip=tooltip)


# --- 5. points of view ------------------------------------------------------------------------

POINT_COLORS = {"defaults": "#777777", "scenario": "#4c78a8", "current": "#e45756"}


def points_of_view_chart(
    question: Question, method: Method, data: pd.DataFrame
) -> alt.LayerChart | alt.Chart:
    """Each point of view's combined median and 90% interval, one row each: the case's
    defaults, every scenario, and the reader's current settings."""
    if data.empty:
        return no_estimate_chart()
    y = alt.Y("name:N", sort=list(data["name"]), title=None, axis=alt.Axis(labelLimit=300))
    x = alt.X("p05:Q", scale=x_scale(question), axis=x_axis(question))
    color = alt.Color(
        "kind:N",
        scale=alt.Scale(domain=list(POINT_COLORS), range=list(POINT_COLORS.values())),
        legend=None,
    )
    tooltip = [
        alt.Tooltip("name:N", title="Point of view"),
        alt.Tooltip("note:N", title="Who holds it"),
        alt.Tooltip("median:Q", title="Combined median", format=NUMBER_FORMAT),
        alt.Tooltip("p05:Q", title="5th percentile", format=NUMBER_FORMAT),
        alt.Tooltip("p95:Q", title="95th percentile", format=NUMBER_FORMAT),
    ]
    rules = alt.Chart().mark_rule(strokeWidth=4, clip=True).encode(x=x, x2="p95:Q", color=color)
    dots = (
        alt.Chart()
        .mark_point(shape="diamond", filled=True, size=150, clip=True)
        .encode(x=alt.X("median:Q"), color=color)
    )
    title = alt.TitleParams(
        "Points of view",
        subtitle=[
            "Each point of view's combined median and 90% interval by the "
            f"{METHOD_NAMES[method].lower()}: "
            "grey the case's defaults, blue the case's scenarios, red your settings."
        ],
        anchor="start",
    )
    return alt.layer(
        rules, dots, data=data, width="container", height=alt.Step(30), title=title
    ).encode(y=y, tooltip=tooltip)


# --- 6. chain of custody ----------------------------------------------------------------------


def relay_chart(case: Case, data: pd.DataFrame) -> alt.Chart:
    """One bar per relay, split by the sources it carried: the share of the question's
    weight that travels through it."""
    if data.empty:
        return no_estimate_chart("No claim on this question came through a relay.")
    color = source_color(case, list(data["source_id"]), legend=True)
    return (
        alt.Chart(
            data,
            width="container",
            height=alt.Step(30),
            title=alt.TitleParams(
                "Chain of custody",
                subtitle=[
                    "The weight that passes through each relay: the claims it carried, "
                    "and its own, by the source that made them."
                ],
                anchor="start",
            ),
        )
        .mark_bar()
        .encode(
            y=alt.Y("relay:N", title=None, axis=alt.Axis(labelLimit=300)),
            x=alt.X("share:Q", title="Weight passing through it", axis=alt.Axis(format="%")),
            color=color,
            tooltip=[
                alt.Tooltip("relay:N", title="Relay"),
                alt.Tooltip("relay_weight:Q", title="Relay's trust weight", format=".0f"),
                alt.Tooltip("source:N", title="Claims made by"),
                alt.Tooltip("share:Q", title="Share of weight", format=".1%"),
            ],
        )
    )
