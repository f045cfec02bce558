"""Altair charts of one question: the claims, the pooled distribution, each source's influence.

Pure logic: the engine's plain values in (a `Case`, a `QuestionResult`, weights), pandas
DataFrames and Altair charts out. Each chart's data is built by its own `*_data` function
so it can be tested without drawing; the `*_chart` functions only encode that data.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import altair as alt
import numpy as np
import pandas as pd

from dashboard.case import Case, Claim, Question
from dashboard.pooling import (
    OK,
    QuestionDistributions,
    QuestionResult,
    claim_weights,
    normalized,
    pooled,
)
from dashboard.readings import Grid

METHOD_LABELS = {"linear": "mixture (linear)", "log": "consensus (log)"}
"""How the page names the two pools (spec section 4)."""

COMBINED_LABELS = {method: f"Combined: {label}" for method, label in METHOD_LABELS.items()}
"""Row labels of the pooled results at the bottom of the forest chart."""

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
QUOTE_LIMIT = 200
"""Quotes longer than this are cut (at a word) in tooltips; the page shows them whole."""

DENSITY_POINTS = 400
"""The 2000-cell grid is summed into about this many blocks: smooth, and a small payload."""

POINT_AREA_FULL = 700
"""Dot area (px²) of a claim holding all of a question's weight; area is proportional to share."""

POINT_AREA_MIN = 25
"""Smallest dot area, so that a claim at weight 0 (drawn hollow) stays visible."""

NUMBER_FORMAT = ",.4~r"
"""Four significant digits, thousands separators, never exponent notation."""

ROW_STEP = 34
"""Pixels per row of the forest chart (room for a two-line label)."""

INFLUENCE_PANEL_WIDTH = 220
"""Width of each influence panel: Vega-Lite cannot stretch concatenated views to a container;
two panels and the labels fit the 704-pixel column of a default Streamlit page."""

FOREST_CLAIMS_SHOWN = 40
"""The forest chart draws at most this many claims (those with the largest shares)."""

DENSITY_SOURCES_SHOWN = 12
"""The pooled-density chart draws at most this many sources (those with the largest shares)
apart; the others are drawn together as one band or line."""

INFLUENCE_SOURCES_SHOWN = 25
"""The influence chart draws at most this many sources, the most influential."""

OTHER_SOURCES_ID = "*"
"""`source_id` of the lumped sources in `pooled_density_data` (never a source's id)."""

OTHER_SOURCES_COLOR = "#b0b0b0"
"""The lumped sources' grey: lighter than any source's colour, darker than the grid."""


# --- colours and labels --------------------------------------------------------------------


def source_labels(case: Case) -> dict[str, str]:
    """Each source's display label: its name, with its id added when two sources share a name."""
    counts: dict[str, int] = {}
    for source in case.sources:
        counts[source.name] = counts.get(source.name, 0) + 1
    return {s.id: s.name if counts[s.name] == 1 else f"{s.name} ({s.id})" for s in case.sources}


def source_colors(case: Case) -> dict[str, str]:
    """A fixed colour per source id, in case order, the same in every chart."""
    return {
        source.id: SOURCE_PALETTE[index % len(SOURCE_PALETTE)]
        for index, source in enumerate(case.sources)
    }


def source_color_scale(
    case: Case, drawn: Collection[str] | None = None, other: str | None = None
) -> alt.Scale:
    """The colour scale for the `source` field: domain the source labels in case order, range
    each source's fixed colour, then `other` (the label of lumped sources) in grey if given.

    A case with more sources than the palette has colours lists only the ids `drawn`, if
    given: the colours stay the same, and the chart's spec stays small and quick to validate.
    """
    labels = source_labels(case)
    colors = source_colors(case)
    sources = case.sources
    if drawn is not None and len(sources) > len(SOURCE_PALETTE):
        wanted = set(drawn)
        sources = tuple(s for s in sources if s.id in wanted)
    domain = [labels[s.id] for s in sources]
    palette = [colors[s.id] for s in sources]
    if other is not None:
        domain.append(other)
        palette.append(OTHER_SOURCES_COLOR)
    return alt.Scale(domain=domain, range=palette)


def _source_color(
    case: Case, drawn: Collection[str], legend: bool = False, other: str | None = None
) -> alt.Color:
    """Colour by source with the shared scale for the source ids `drawn`; the legend, if
    any, lists their labels (then `other`)."""
    labels = source_labels(case)
    values = [labels[source_id] for source_id in drawn] + ([other] if other else [])
    return alt.Color(
        "source:N",
        scale=source_color_scale(case, drawn, other),
        legend=alt.Legend(values=values, title="Source", orient="bottom", columns=2, labelLimit=320)
        if legend
        else None,
    )


def other_sources_label(count: int) -> str:
    """The label of `count` sources drawn together."""
    return f"Other sources ({count})"


def _unit_title(question: Question) -> str:
    return question.unit or "value"


def _x_scale(question: Question) -> alt.Scale:
    """The question's own domain; logarithmic on a log question."""
    if question.scale == "log":
        return alt.Scale(type="log", domain=[question.min, question.max], nice=False)
    return alt.Scale(type="linear", domain=[question.min, question.max], nice=False, zero=False)


def _x_axis(question: Question) -> alt.Axis:
    """Titled with the unit; a log axis's ticks in SI style (1k, 20k) to stay short."""
    fmt = "~s" if question.scale == "log" else "~r"
    return alt.Axis(title=_unit_title(question), format=fmt, labelFlush=True)


def truncate(text: str, limit: int = QUOTE_LIMIT) -> str:
    """White space collapsed and cut at a word before `limit` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


def _claim_order(claims: tuple[Claim, ...]) -> list[int]:
    """Claim indices in case-file order, each source's claims kept together at its first."""
    first: dict[str, int] = {}
    for index, claim in enumerate(claims):
        first.setdefault(claim.source, index)
    return sorted(range(len(claims)), key=lambda i: (first[claims[i].source], i))


def _source_index(claims: tuple[Claim, ...]) -> tuple[list[str], np.ndarray]:
    """Ids of the sources with claims here, in the order of their first claim, and for each
    claim the position of its source in that list."""
    positions: dict[str, int] = {}
    index = [positions.setdefault(claim.source, len(positions)) for claim in claims]
    return list(positions), np.array(index, dtype=int)


def _sum_by_source(index: np.ndarray, count: int, rows: np.ndarray) -> np.ndarray:
    """`rows` (one per claim, claim `i` of source `index[i]`) summed per source: an array of
    shape (count, columns), zero for a source without rows."""
    totals = np.zeros((count, rows.shape[1]))
    if len(index):
        order = np.argsort(index, kind="stable")
        ordered = index[order]
        starts = np.flatnonzero(np.diff(ordered, prepend=-1))
        totals[ordered[starts]] = np.add.reduceat(rows[order], starts, axis=0)
    return totals


def _largest(values: np.ndarray, limit: int) -> np.ndarray:
    """A mask of the `limit` largest `values` (the earlier first among equals); all of them
    when there are at most `limit` + 1, since leaving out one would save nothing."""
    keep = np.ones(len(values), dtype=bool)
    if len(values) > limit + 1:
        keep[:] = False
        keep[np.argsort(-np.asarray(values, dtype=float), kind="stable")[:limit]] = True
    return keep


def no_estimate_chart(message: str = "No weighted claims: no combined estimate.") -> alt.Chart:
    """A text in place of a chart, for a question whose claims all carry weight 0."""
    data = pd.DataFrame({"message": [message]})
    return (
        alt.Chart(data)
        .mark_text(fontSize=14, color="#555555")
        .encode(text=alt.Text("message:N"), tooltip=[alt.Tooltip("message:N", title="Why")])
        .properties(width="container", height=80)
    )


# --- 1. forest: every claim's interval, sized by weight, and the pooled rows ------------------


FOREST_COLUMNS = [
    "row",
    "row_type",
    "method",
    "source_id",
    "source",
    "claim_id",
    "reading",
    "quote",
    "share",
    "weighted",
    "size",
    "p05",
    "median",
    "p95",
]


def forest_data(case: Case, result: QuestionResult) -> pd.DataFrame:
    """One row per claim (case-file order, each source's claims together), then one per pool.

    `share` is the claim's normalised weight and `size` its dot area, proportional to the
    share with a visible minimum. The two pooled rows are left out when no claim has weight.
    """
    claims = result.distributions.claims
    labels = source_labels(case)
    rows: list[dict[str, object]] = []
    for index in _claim_order(claims):
        claim = claims[index]
        summary = result.claim_summaries[index]
        share = float(result.normalized_weights[index])
        rows.append(
            {
                "row": f"{labels[claim.source]} · {claim.id}",
                "row_type": "claim",
                "method": "",
                "source_id": claim.source,
                "source": labels[claim.source],
                "claim_id": claim.id,
                "reading": claim.reading.describe(),
                "quote": truncate(claim.quote),
                "share": share,
                "weighted": share > 0,
                "size": max(POINT_AREA_MIN, POINT_AREA_FULL * share),
                "p05": summary.p05,
                "median": summary.median,
                "p95": summary.p95,
            }
        )
    for method, label in COMBINED_LABELS.items():
        pool = result.pooled[method]
        if pool.status != OK or pool.summary is None:
            continue
        rows.append(
            {
                "row": label,
                "row_type": "pooled",
                "method": method,
                "source_id": "",
                "source": "Combined",
                "claim_id": "",
                "reading": METHOD_LABELS[method],
                "quote": "",
                "share": 1.0,
                "weighted": True,
                "size": 140.0,
                "p05": pool.summary.p05,
                "median": pool.summary.median,
                "p95": pool.summary.p95,
            }
        )
    return pd.DataFrame(rows, columns=FOREST_COLUMNS)


def _forest_tooltip() -> list[alt.Tooltip]:
    return [
        alt.Tooltip("source:N", title="Source"),
        alt.Tooltip("claim_id:N", title="Claim"),
        alt.Tooltip("reading:N", title="Reading"),
        alt.Tooltip("quote:N", title="Quote"),
        alt.Tooltip("p05:Q", title="5th percentile", format=NUMBER_FORMAT),
        alt.Tooltip("median:Q", title="Median", format=NUMBER_FORMAT),
        alt.Tooltip("p95:Q", title="95th percentile", format=NUMBER_FORMAT),
        alt.Tooltip("share:Q", title="Share of weight", format=".1%"),
    ]


def forest_rows_shown(data: pd.DataFrame, limit: int = FOREST_CLAIMS_SHOWN) -> pd.DataFrame:
    """`forest_data` cut to the `limit` claims with the largest shares (in their order) and
    the pooled rows; every claim when there are at most `limit` + 1."""
    keep = np.ones(len(data), dtype=bool)
    claims = (data["row_type"] == "claim").to_numpy()
    keep[claims] = _largest(data.loc[claims, "share"].to_numpy(), limit)
    return data[keep]


def forest_chart(
    case: Case, result: QuestionResult, limit: int = FOREST_CLAIMS_SHOWN
) -> alt.LayerChart:
    """Each claim's 90% interval (rule) and median (dot sized by its share of weight), by
    source, with the mixture and consensus pools as black rows at the bottom. Of many claims
    only the `limit` with the largest shares are drawn, and the subtitle says so."""
    question = result.distributions.question
    everything = forest_data(case, result)
    data = forest_rows_shown(everything, limit)
    hidden = len(everything) - len(data)
    x = alt.X("p05:Q", scale=_x_scale(question), axis=_x_axis(question))
    y = alt.Y(
        "row:N",
        sort=list(data["row"]),
        axis=alt.Axis(
            title=None,
            labelExpr="split(datum.label, ' · ')",
            labelLimit=260,
            labelFontSize=11,
            labelPadding=6,
        ),
    )
    # No legend: the row labels already name each source.
    color = _source_color(case, set(data.loc[data["row_type"] == "claim", "source_id"]))
    # y and the tooltip are given once, to the layer, which every mark inherits.
    claims = alt.Chart().transform_filter(alt.datum.row_type == "claim")
    pools = alt.Chart().transform_filter(alt.datum.row_type == "pooled")

    faded = alt.Opacity(
        "weighted:N", scale=alt.Scale(domain=[True, False], range=[0.9, 0.3]), legend=None
    )
    intervals = claims.mark_rule(strokeWidth=2.5, clip=True).encode(
        x=x, x2=alt.X2("p95:Q"), color=color, opacity=faded
    )
    outlines = claims.mark_point(shape="circle", filled=False, strokeWidth=1.5, clip=True).encode(
        x=alt.X("median:Q"), color=color, size=alt.Size("size:Q", scale=None), opacity=faded
    )
    dots = (
        claims.transform_filter(alt.datum.weighted)
        .mark_circle(opacity=0.85, clip=True)
        .encode(x=alt.X("median:Q"), color=color, size=alt.Size("size:Q", scale=None))
    )
    pool_intervals = pools.mark_rule(strokeWidth=5, color=COMBINED_COLOR, clip=True).encode(
        x=x, x2=alt.X2("p95:Q")
    )
    pool_points = pools.mark_point(
        shape="diamond", filled=True, size=160, color=COMBINED_COLOR, stroke="white", clip=True
    ).encode(x=alt.X("median:Q"))
    subtitle = [
        "Lines: each claim read as a 90% interval; dots: its median, with area in proportion "
        "to its share of weight (hollow: weight 0).",
        "Black rows: the combined estimates of both methods.",
    ]
    if hidden:
        shown = int((data["row_type"] == "claim").sum())
        subtitle.append(
            f"Shown: the {shown} claims with the largest shares of weight; {hidden} others "
            "are not shown (the combined rows use every claim)."
        )
    title = alt.TitleParams("What each source claims", subtitle=subtitle, anchor="start")
    # Properties go to the constructor: each chained call copies the whole chart.
    return alt.layer(
        intervals,
        outlines,
        dots,
        pool_intervals,
        pool_points,
        data=data,
        width="container",
        height=alt.Step(ROW_STEP),
        title=title,
    ).encode(y=y, tooltip=_forest_tooltip())


# --- 2. the pooled distribution -------------------------------------------------------------


DENSITY_COLUMNS = ["layer", "source_id", "source", "share", "x", "t", "width_t", "mass", "density"]


def block_masses(
    grid: Grid, masses: np.ndarray, points: int = DENSITY_POINTS
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cell masses summed over runs of consecutive cells, about `points` blocks in all.

    Returns the blocks' centres and widths in T-space and their masses (the last axis of
    `masses` summed by block), so that mass / width is the density per unit of T.
    """
    cells = masses.shape[-1]
    per_block = max(1, round(cells / points))
    starts = np.arange(0, cells, per_block)
    ends = np.append(starts[1:], cells)
    low, high = grid.edges[starts], grid.edges[ends]
    return (low + high) / 2, high - low, np.add.reduceat(masses, starts, axis=-1)


def pooled_density_data(
    case: Case, result: QuestionResult, method: str, limit: int = DENSITY_SOURCES_SHOWN
) -> pd.DataFrame:
    """The pooled distribution of `method` on about 400 blocks of the question's grid, long.

    Rows of layer `pooled` hold the pooled density (mass per unit of T) at x = T^-1(block
    centre). For `linear`, rows of layer `contribution` split it by weighted source (share
    times claim mass, summed over the source's claims): they add up to the pooled density.
    For `log`, rows of layer `source` hold each weighted source's own claims taken together
    (their masses summed and normalised). Empty when the question has no weighted claim.

    Beyond `limit` weighted sources, only the `limit` with the largest shares are kept apart;
    the others become one source `OTHER_SOURCES_ID`, labelled `other_sources_label(count)`,
    with their shares summed and, for `linear`, their contributions summed (so the bands
    still add up to the pooled density), for `log`, their claims' mixture.
    """
    pool = result.pooled[method]
    if pool.status != OK or pool.masses is None:
        return pd.DataFrame(columns=DENSITY_COLUMNS)
    distributions = result.distributions
    grid, claims = distributions.grid, distributions.claims
    shares = result.normalized_weights
    labels = source_labels(case)
    source_ids, index = _source_index(claims)
    t, width, pooled_blocks = block_masses(grid, pool.masses)

    # Each source's share times what its claims say, summed by block: the mixture's bands.
    used = shares > 0
    claim_blocks = block_masses(grid, distributions.masses()[used])[2]
    contributions = _sum_by_source(index[used], len(source_ids), shares[used, None] * claim_blocks)
    source_shares = np.bincount(index, weights=shares, minlength=len(source_ids))
    weighted = np.flatnonzero(source_shares > 0)
    apart = _largest(source_shares[weighted], limit)
    kept, lumped = weighted[apart], weighted[~apart]
    ids = [source_ids[i] for i in kept]
    names = [labels[source_id] for source_id in ids]
    band_shares = list(source_shares[kept])
    bands = contributions[kept]
    if len(lumped):
        ids.append(OTHER_SOURCES_ID)
        names.append(other_sources_label(len(lumped)))
        band_shares.append(float(source_shares[lumped].sum()))
        bands = np.vstack([bands, contributions[lumped].sum(axis=0)])
    if method != "linear":
        # A source's claims share its weight equally: normalising its band gives their mixture.
        bands = bands / bands.sum(axis=1, keepdims=True)

    count = len(ids) + 1
    masses = np.vstack([pooled_blocks, bands]).ravel()
    widths = np.tile(width, count)
    return pd.DataFrame(
        {
            "layer": np.repeat(
                ["pooled"] + ["contribution" if method == "linear" else "source"] * len(ids),
                len(t),
            ),
            "source_id": np.repeat(["", *ids], len(t)),
            "source": np.repeat(["Combined", *names], len(t)),
            "share": np.repeat([1.0, *band_shares], len(t)),
            "x": np.tile(grid.to_value(t), count),
            "t": np.tile(t, count),
            "width_t": widths,
            "mass": masses,
            "density": masses / widths,
        },
        columns=DENSITY_COLUMNS,
    )


def pooled_markers_data(result: QuestionResult, method: str) -> pd.DataFrame:
    """The pooled p05, median and p95 of `method`, one row each (none without weight)."""
    pool = result.pooled[method]
    if pool.status != OK or pool.summary is None:
        return pd.DataFrame(columns=["marker", "label", "value"])
    summary = pool.summary
    return pd.DataFrame(
        {
            "marker": ["p05", "median", "p95"],
            "label": ["5%", "median", "95%"],
            "value": [summary.p05, summary.median, summary.p95],
        }
    )


def _significant(values: pd.Series | np.ndarray, digits: int) -> np.ndarray:
    """Values rounded to `digits` significant digits: the chart needs no more, the payload less."""
    values = np.asarray(values, dtype=float)
    with np.errstate(divide="ignore"):
        magnitude = np.floor(np.log10(np.abs(values)))
    # Far tails can be subnormal; below 1e-300 a value is drawn as 0 anyway.
    magnitude = np.clip(np.where(np.isfinite(magnitude), magnitude, 0), -300, 300)
    scale = 10.0 ** (digits - 1 - magnitude)
    rounded = np.round(values * scale) / scale
    return np.where(np.abs(values) < 1e-300, 0.0, rounded)


def density_chart_data(data: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`pooled_density_data` reshaped for the chart: one row per x (`pooled`, then a column
    `s0`, `s1`, ... per source), and the sources (`key`, `source`, `share`, `order`).

    Wide rows keep the payload small (Vega-Lite folds them back); plain column names keep
    a source's name, which may hold characters Vega-Lite reads as field paths, out of fields.
    """
    pooled_rows = data[data.layer == "pooled"]
    columns = {
        "x": _significant(pooled_rows["x"], 6),
        "pooled": _significant(pooled_rows["density"], 4),
    }
    keys = []
    for order, (source, rows) in enumerate(
        data[data.layer != "pooled"].groupby("source", sort=False)
    ):
        key = f"s{order}"
        columns[key] = _significant(rows["density"], 4)
        keys.append(
            {"key": key, "source": source, "share": float(rows["share"].iloc[0]), "order": order}
        )
    return pd.DataFrame(columns), pd.DataFrame(keys, columns=["key", "source", "share", "order"])


def _density_axis_title(question: Question) -> str:
    if question.scale == "log":
        return f"Density per unit of ln({_unit_title(question)})"
    return f"Density per {_unit_title(question)}"


def pooled_density_chart(
    case: Case, result: QuestionResult, method: str, limit: int = DENSITY_SOURCES_SHOWN
) -> alt.LayerChart | alt.Chart:
    """The combined distribution: for the mixture, stacked by source; for the consensus, one
    area with each weighted source's own claims as thin lines. Rules mark p05, median, p95;
    hovering shows every density at that value. Beyond `limit` weighted sources, those with
    the smallest shares are drawn together, in grey."""
    question = result.distributions.question
    data = pooled_density_data(case, result, method, limit)
    if data.empty:
        return no_estimate_chart()
    wide, keys = density_chart_data(data)
    x = alt.X("x:Q", scale=_x_scale(question), axis=_x_axis(question))
    y_title = _density_axis_title(question)
    ids = list(dict.fromkeys(data.loc[data["layer"] != "pooled", "source_id"]))
    lumped = data.loc[data["source_id"] == OTHER_SOURCES_ID, "source"]
    other = str(lumped.iloc[0]) if len(lumped) else None
    color = _source_color(case, [i for i in ids if i != OTHER_SOURCES_ID], True, other)
    base = alt.Chart()  # x is given once, to the layer, which every mark but the markers inherits
    per_source = base.transform_fold(list(keys["key"]), as_=["key", "density"]).transform_lookup(
        lookup="key", from_=alt.LookupData(keys, "key", ["source", "share", "order"])
    )
    source_tooltip = [
        alt.Tooltip("source:N", title="Source"),
        alt.Tooltip("share:Q", title="Share of weight", format=".1%"),
    ]
    pooled_tooltip = [alt.Tooltip("pooled:Q", title="Combined density", format=".3~g")]
    if method == "linear":
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
            "weight times what its claims say.",
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
        subtitle.append(
            f"Grey: {other[0].lower()}{other[1:]} with the smallest shares, taken together."
        )
    subtitle.append("Vertical lines: the combined 5th percentile, median and 95th percentile.")

    markers = alt.Chart(pooled_markers_data(result, method)).encode(
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
    marker_rules = markers.mark_rule(color=COMBINED_COLOR, strokeWidth=1.2).encode(
        strokeDash=dashes
    )
    marker_labels = markers.mark_text(
        align="left", baseline="top", dx=3, dy=2, fontSize=11, color=COMBINED_COLOR
    ).encode(y=alt.YValue(0), text=alt.Text("label:N"))

    # Hovering anywhere picks the nearest x (the invisible selector points have no y, so all
    # sit on one line and "nearest" means nearest in x) and shows every density there.
    hover = alt.selection_point(
        name="density_hover",  # a fixed name keeps the spec identical from rerun to rerun
        fields=["x"],
        nearest=True,
        on="pointerover",
        clear="pointerout",
        empty=False,
    )
    hover_tooltip = [
        alt.Tooltip("x:Q", title="Value", format=NUMBER_FORMAT),
        alt.Tooltip("pooled:Q", title=f"Combined ({METHOD_LABELS[method]})", format=".3~g"),
        *[
            alt.Tooltip(f"{row.key}:Q", title=str(row.source), format=".3~g")
            for row in keys.itertuples()
        ],
    ]
    selector = base.mark_point(opacity=0).encode(tooltip=hover_tooltip).add_params(hover)
    hover_rule = base.mark_rule(color="#555555", strokeWidth=1).transform_filter(hover)
    title = alt.TitleParams(
        f"Combined estimate: {METHOD_LABELS[method]}", subtitle=subtitle, anchor="start"
    )
    return alt.layer(
        *layers,
        marker_rules,
        marker_labels,
        selector,
        hover_rule,
        data=wide,
        width="container",
        height=300,
        # Fit only the width: with "fit" Streamlit squeezes title and legend into the 300px.
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        title=title,
    ).encode(x=x)


# --- 3. influence: each source's share and what dropping it would do ------------------------


INFLUENCE_COLUMNS = [
    "source_id",
    "source",
    "weight",
    "share",
    "median",
    "median_without",
    "shift",
    "abs_shift",
    "estimate_without",
]


def influence_data(
    case: Case,
    distributions: QuestionDistributions,
    weights: Mapping[str, float],
    method: str,
) -> pd.DataFrame:
    """Per source with claims on the question: its share of the weight and the leave-one-out
    shift of the pooled median (median with the source at 0 minus the median with everyone).

    `shift` is NaN where there is no estimate to compare: the question has no weighted claim,
    or dropping this source leaves none (`estimate_without` False). Sorted most influential
    first: sources whose removal leaves no estimate, then by absolute shift, then by share.
    """
    full = {**case.default_weights(), **weights}
    claims = distributions.claims
    raw = claim_weights(claims, full)
    shares = normalized(raw)
    baseline = pooled(distributions, shares, method)
    median = baseline.summary.median if baseline.summary is not None else np.nan
    labels = source_labels(case)
    source_ids, index = _source_index(claims)
    medians_without, estimate_without = _leave_one_out_medians(
        distributions, raw, index, method, median
    )
    shift = medians_without - median
    data = pd.DataFrame(
        {
            "source_id": source_ids,
            "source": [labels[source_id] for source_id in source_ids],
            "weight": [float(full[source_id]) for source_id in source_ids],
            "share": np.bincount(index, weights=shares, minlength=len(source_ids)),
            "median": np.full(len(source_ids), median, dtype=float),
            "median_without": medians_without,
            "shift": shift,
            "abs_shift": np.abs(shift),
            "estimate_without": estimate_without,
            "order": np.arange(len(source_ids)),
        },
        columns=[*INFLUENCE_COLUMNS, "order"],
    )
    if baseline.status == OK:
        data = data.sort_values(
            ["estimate_without", "abs_shift", "share", "order"],
            ascending=[True, False, False, True],
            na_position="last",
            kind="stable",
        )
    return data.drop(columns="order").reset_index(drop=True)


def _leave_one_out_medians(
    distributions: QuestionDistributions,
    raw: np.ndarray,
    index: np.ndarray,
    method: str,
    median: float,
) -> tuple[np.ndarray, np.ndarray]:
    """For each source (claim `i` is of source `index[i]`), the median of the `method` pool
    with that source's claims at weight 0, and whether any weight is left without it (the
    median is NaN if not). `raw` holds the claims' weights and `median` the median with
    every source; the result equals calling `pooled` once per source, in a few array
    operations in all.

    Both pools are sums over the weighted claims: of `raw` times each claim's masses (linear)
    or log masses (log), divided by the weights' total. Without source s that sum is the
    sources before s plus those after it: running sums over the per-source totals, whose
    terms all have one sign (masses >= 0, log masses <= 0), so nothing cancels.
    """
    count = int(index.max()) + 1 if len(index) else 0
    used = raw > 0
    if method == "linear":
        values = distributions.masses()[used]
    elif method == "log":
        values = distributions.log_masses[used]
    else:
        raise ValueError(f"unknown pooling method {method!r}")
    source_raw = np.bincount(index[used], weights=raw[used], minlength=count)
    weighted = source_raw > 0
    estimate = int(weighted.sum()) - weighted > 0
    medians = np.full(count, np.nan)
    # A source without weight changes nothing when dropped: the median stays as it is.
    unchanged = ~weighted & estimate
    medians[unchanged] = median
    moving = np.flatnonzero(weighted & estimate)
    if len(moving) == 0:
        return medians, estimate

    totals = _sum_by_source(index[used], count, raw[used, None] * values)
    without = _sum_of_others(totals)[moving]
    if method == "linear":
        masses = without
    else:
        # Each remaining claim raised to its normalised weight: divide by the weight left.
        log_pool = without / _sum_of_others(source_raw[:, None])[moving]
        masses = np.exp(log_pool - log_pool.max(axis=1, keepdims=True))
    medians[moving] = _medians(masses, distributions.grid)
    return medians, estimate


def _medians(masses: np.ndarray, grid: Grid) -> np.ndarray:
    """The median of each row of cell masses, found as `pooling.summarise` finds it: the
    cell where the running total reaches half, and a point within it (mass uniform in T)."""
    masses = masses / masses.sum(axis=1, keepdims=True)
    cumulative = np.cumsum(masses, axis=1)
    rows = np.arange(len(masses))
    cell = np.minimum((cumulative < 0.5).sum(axis=1), masses.shape[1] - 1)
    below = np.where(cell > 0, cumulative[rows, np.maximum(cell - 1, 0)], 0.0)
    mass = masses[rows, cell]
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = np.where(mass > 0, (0.5 - below) / mass, 0.0)
    return grid.to_value(grid.edges[cell] + np.clip(fraction, 0, 1) * grid.width)


def _sum_of_others(rows: np.ndarray) -> np.ndarray:
    """For each row, the sum of all the other rows: those before it plus those after it."""
    before = np.zeros_like(rows)
    after = np.zeros_like(rows)
    if len(rows) > 1:
        np.cumsum(rows[:-1], axis=0, out=before[1:])
        after[:-1] = np.cumsum(rows[:0:-1], axis=0)[::-1]
    return before + after


def influence_chart(
    case: Case,
    distributions: QuestionDistributions,
    weights: Mapping[str, float],
    method: str,
    panel_width: int = INFLUENCE_PANEL_WIDTH,
    limit: int = INFLUENCE_SOURCES_SHOWN,
    data: pd.DataFrame | None = None,
) -> alt.HConcatChart | alt.Chart:
    """Two bar charts side by side, one row per source (most influential first): its share
    of the weight, and how far the combined median would move if it were set to 0. Of many
    sources only the `limit` most influential are drawn, and the subtitle says so.

    `data` may hold `influence_data` for the same arguments, if already computed.
    """
    question = distributions.question
    if data is None:
        data = influence_data(case, distributions, weights, method)
    if data.empty or not (data["share"] > 0).any():
        return no_estimate_chart()
    unit = _unit_title(question)
    total = len(data)
    if total > limit + 1:
        data = data.head(limit)
    data = data.assign(
        note=np.where(data["estimate_without"], "", "no estimate without it"),
        share_label=[f"{share:.0%}" for share in data["share"]],
    )
    order = list(data["source"])
    color = _source_color(case, list(data["source_id"]))
    tooltip = [
        alt.Tooltip("source:N", title="Source"),
        alt.Tooltip("weight:Q", title="Trust weight", format=".0f"),
        alt.Tooltip("share:Q", title="Share of weight", format=".1%"),
        alt.Tooltip("median:Q", title="Combined median", format=NUMBER_FORMAT),
        alt.Tooltip("median_without:Q", title="Median without it", format=NUMBER_FORMAT),
        alt.Tooltip("shift:Q", title=f"Shift ({unit})", format="+" + NUMBER_FORMAT),
    ]
    # y and the tooltip are given once per panel, to a layer whose marks inherit them.
    share_bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            x=alt.X(
                "share:Q",
                title="Share of weight",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, min(1.0, float(data["share"].max()) * 1.2 + 0.02)]),
            ),
            color=color,
        )
    )
    share_text = (
        alt.Chart()
        .mark_text(align="left", dx=3, fontSize=11)
        .encode(x=alt.X("share:Q"), text=alt.Text("share_label:N"))
    )
    largest = float(np.nanmax(data["abs_shift"])) if data["abs_shift"].notna().any() else 0.0
    bound = largest * 1.05 if largest > 0 else 1.0
    shift_bars = (
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
        )
    )
    zero = (
        alt.Chart(pd.DataFrame({"zero": [0.0]}))
        .mark_rule(color="#333333")
        .encode(x=alt.X("zero:Q"), tooltip=[alt.Tooltip("zero:Q", title="No shift")])
    )
    missing = (
        alt.Chart()
        .transform_filter(~alt.datum.estimate_without)
        .mark_text(align="left", dx=6, fontSize=11, fontStyle="italic", color="#555555")
        .encode(x=alt.XDatum(0), text=alt.Text("note:N"))
    )
    y = alt.Y("source:N", sort=order, title=None, axis=alt.Axis(labelLimit=300))
    hidden_y = alt.Y("source:N", sort=order, axis=None)
    size = {"width": panel_width, "height": alt.Step(26)}
    left = alt.layer(share_bars, share_text, title="Share of the weight", **size).encode(
        y=y, tooltip=tooltip
    )
    shifts = alt.layer(shift_bars, missing).encode(y=hidden_y, tooltip=tooltip)
    right = alt.layer(shifts, zero, title="What dropping it would do", **size)
    subtitle = [
        f"Leave-one-out: the {METHOD_LABELS[method]} median with each source at weight 0, "
        "minus the median with every source."
    ]
    if len(data) < total:
        subtitle.append(
            f"Shown: the {len(data)} most influential sources; {total - len(data)} others "
            "are not shown."
        )
    # Properties are passed to the constructors: each chained call copies the whole chart.
    return alt.hconcat(
        left,
        right,
        spacing=12,
        data=data,
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(y="shared")),
        title=alt.TitleParams("Which sources move the estimate", subtitle=subtitle, anchor="start"),
    )
