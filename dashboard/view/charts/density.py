"""The pooled distribution: the combined probability over the question's values, stacked by
source, with the combined 5th percentile, median and 95th percentile marked."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from dashboard.case import Case, Claim, Question
from dashboard.engine.pooling import Estimate, Method, QuestionResult
from dashboard.engine.readings import Grid
from dashboard.view.charts.chart import Chart, ChartInput
from dashboard.view.charts.rows import (
    OTHER_SOURCES_ID,
    largest,
    other_sources_label,
    question_unit,
    significant,
    source_labels,
)
from dashboard.view.charts.style import (
    COMBINED_COLOR,
    NUMBER_FORMAT,
    no_estimate_chart,
    source_color,
    x_axis,
    x_scale,
)
from dashboard.view.charts.templates import ChartSource
from dashboard.view.wording import METHOD_NAMES

DENSITY_POINTS = 400
"""The 2000-cell grid is summed into about this many blocks: smooth, and a small payload."""


DENSITY_SOURCES_SHOWN = 12
"""The pooled-density chart draws at most this many sources apart; the rest as one band."""


DENSITY_COLUMNS = ["x", "pooled"]
"""The wide density rows begin with these; a column `s0`, `s1`, ... per source follows."""


DENSITY_LOOKUP = ["key", "source", "share", "order"]
"""The columns of the density chart's sources that its per-source layers look up."""


LABEL_TOP, LABEL_LINE = 2, 14
"""Pixels from the top of the density plot to its first marker label, and between labels."""


def _source_index(claims: Sequence[Claim]) -> tuple[list[str], np.ndarray]:
    """Ids of the sources with claims here, in the order of their first claim, and for each
    claim the position of its source in that list."""
    positions: dict[str, int] = {}
    index = [positions.setdefault(claim.source, len(positions)) for claim in claims]
    return list(positions), np.array(index, dtype=int)


def _sum_by_source(index: np.ndarray, count: int, rows: np.ndarray) -> np.ndarray:
    """`rows` (one per claim, claim `i` of source `index[i]`) summed per source."""
    totals = np.zeros((count, rows.shape[1]))
    np.add.at(totals, index, rows)
    return totals


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


def density_rows(
    case: Case, result: QuestionResult, method: Method, limit: int = DENSITY_SOURCES_SHOWN
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The pooled distribution on about 400 blocks, wide: `x`, `pooled`, then per source `s<i>`;
    and the sources drawn (`key`, `source_id`, `source`, `share`, `order`).

    For the mixture a source's column is its share times its claims' masses (the columns add
    up to `pooled`); for the consensus it is its own claims taken together, normalised.
    Beyond `limit` weighted sources the lightest become one source `OTHER_SOURCES_ID`.
    Both frames are empty when the question has no estimate.
    """
    keys_columns = ["key", "source_id", "source", "share", "order"]
    pooled = result.pooled[method]
    if not isinstance(pooled, Estimate):
        return pd.DataFrame(columns=DENSITY_COLUMNS), pd.DataFrame(columns=keys_columns)
    distributions = result.distributions
    grid, claims = distributions.grid, distributions.claims
    shares = result.normalized_weights
    labels = source_labels(case)
    source_ids, index = _source_index(claims)
    t, width, pooled_blocks = block_masses(grid, pooled.masses)
    used = shares > 0
    claim_blocks = block_masses(grid, distributions.masses()[used])[2]
    contributions = _sum_by_source(index[used], len(source_ids), shares[used, None] * claim_blocks)
    source_shares = np.bincount(index, weights=shares, minlength=len(source_ids))
    weighted = np.flatnonzero(source_shares > 0)
    apart = largest(source_shares[weighted], limit)
    kept, lumped = weighted[apart], weighted[~apart]
    ids = [source_ids[i] for i in kept]
    names = [labels[source_id] for source_id in ids]
    band_shares = [float(s) for s in source_shares[kept]]
    bands = contributions[kept]
    if len(lumped):
        ids.append(OTHER_SOURCES_ID)
        names.append(other_sources_label(len(lumped)))
        band_shares.append(float(source_shares[lumped].sum()))
        bands = np.vstack([bands, contributions[lumped].sum(axis=0)])
    if method is not Method.LINEAR:
        # A source's claims share its weight equally: normalising its band gives their mixture.
        bands = bands / bands.sum(axis=1, keepdims=True)
    columns: dict[str, np.ndarray] = {
        "x": significant(grid.to_value(t), 6),
        "pooled": significant(pooled_blocks / width, 4),
    }
    keys = []
    for order, (source_id, name, share, band) in enumerate(
        zip(ids, names, band_shares, bands, strict=True)
    ):
        key = f"s{order}"
        columns[key] = significant(band / width, 4)
        keys.append(
            {"key": key, "source_id": source_id, "source": name, "share": share, "order": order}
        )
    return pd.DataFrame(columns), pd.DataFrame(keys, columns=keys_columns)


def marker_rows(result: QuestionResult, method: Method) -> pd.DataFrame:
    """The pooled p05, median and p95, one row each, with a label row so labels never overlap."""
    columns = ["marker", "label", "value", "label_row"]
    pooled = result.pooled[method]
    if not isinstance(pooled, Estimate):
        return pd.DataFrame(columns=columns)
    summary = pooled.summary
    return pd.DataFrame(
        {
            "marker": ["p05", "median", "p95"],
            "label": ["5%", "median", "95%"],
            "value": [summary.p05, summary.median, summary.p95],
            "label_row": [0, 1, 2],
        },
        columns=columns,
    )


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


def _source(given: ChartInput) -> ChartSource:
    rows, sources = given.rows, given.rows.density_sources
    return ChartSource(
        lambda: density_chart(
            given.case, given.question, given.method, rows.density, sources, rows.markers
        ),
        (rows.density, sources, sources[DENSITY_LOOKUP], rows.markers),
        (given.asked, given.method),
    )


CHART = Chart(
    name="density",
    tab="Pooled distribution",
    description=(
        "The combined estimate: the pooled probability over the question's values, "
        "each source's weighted part, and the combined 5th percentile, median and 95th percentile"
    ),
    source=_source,
)
