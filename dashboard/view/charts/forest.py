"""The forest chart: every claim's reading as an interval sized by its share of the weight,
above the two combined estimates."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from dashboard.case import Case, Claim, Question
from dashboard.engine.pooling import Estimate, QuestionResult
from dashboard.view.charts.chart import Chart, ChartInput
from dashboard.view.charts.rows import (
    COMBINED_LABELS,
    largest,
    question_unit,
    source_labels,
    truncate,
)
from dashboard.view.charts.style import (
    COMBINED_COLOR,
    NUMBER_FORMAT,
    described,
    on_narrow,
    row_labels_axis,
    source_color,
    tooltip_fields,
    wrapped_labels,
    x_axis,
    x_scale,
)
from dashboard.view.charts.templates import ChartSource
from dashboard.view.wording import METHOD_NAMES

ROW_STEP = 34
"""Pixels per row of the forest chart (room for a two-line label)."""


EVIDENCE_SHAPES = ("square", "triangle-up", "cross", "diamond", "triangle-down")
"""Marks that tie the claims of one evidence group together in the forest chart."""


POINT_AREA_FULL = 700
"""Dot area (px²) of a claim holding all of a question's weight; area is proportional to share."""


POINT_AREA_MIN = 25
"""Smallest dot area, so that a claim at weight 0 (drawn hollow) stays visible."""


FOREST_CLAIMS_SHOWN = 40
"""The forest chart draws at most this many claims (those with the largest shares)."""


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
    "evidence",
    "separate_share",
    "p05",
    "median",
    "p95",
]


def _claim_order(claims: Sequence[Claim]) -> list[int]:
    """Claim indices in case-file order, each source's claims kept together at its first."""
    first: dict[str, int] = {}
    for index, claim in enumerate(claims):
        first.setdefault(claim.source, index)
    return sorted(range(len(claims)), key=lambda i: (first[claims[i].source], i))


def forest_rows(
    case: Case, result: QuestionResult, limit: int = FOREST_CLAIMS_SHOWN
) -> tuple[pd.DataFrame, int]:
    """One row per claim (case-file order, each source's claims together), then one per pool.

    A row is labelled by its source, numbered when the source makes several claims here.
    `share` is the claim's normalised weight and `size` its dot area; `evidence` names its
    shared-evidence group and `separate_share` the share it would carry if counted on its own.
    Beyond `limit` claims, only those with the largest shares are kept. The pooled rows are
    left out when no claim has weight. Returns the rows and how many claims were left out.
    """
    claims = result.distributions.claims
    summaries = result.distributions.claim_summaries
    labels = source_labels(case)
    separate = separate_shares(result)
    per_source: dict[str, int] = {}
    for claim in claims:
        per_source[claim.source] = per_source.get(claim.source, 0) + 1
    seen: dict[str, int] = {}
    rows: list[dict[str, object]] = []
    for index in _claim_order(claims):
        claim = claims[index]
        seen[claim.source] = seen.get(claim.source, 0) + 1
        label = labels[claim.source]
        if per_source[claim.source] > 1:
            label = f"{label} ({seen[claim.source]} of {per_source[claim.source]})"
        share = float(result.normalized_weights[index])
        rows.append(
            {
                "row": label,
                "row_type": "claim",
                "method": "",
                "source_id": claim.source,
                "source": labels[claim.source],
                "claim_id": claim.id,
                "reading": result.distributions.readings[index].describe(),
                "quote": truncate(claim.quote),
                "share": share,
                "weighted": share > 0,
                "size": max(POINT_AREA_MIN, POINT_AREA_FULL * share),
                "evidence": claim.evidence or "",
                "separate_share": float(separate[index]),
                "p05": summaries[index].p05,
                "median": summaries[index].median,
                "p95": summaries[index].p95,
            }
        )
    everything = len(rows)
    keep = largest(np.array([row["share"] for row in rows], dtype=float), limit)
    rows = [row for row, kept in zip(rows, keep, strict=True) if kept]
    shown = len(rows)
    pooled_rows: list[dict[str, object]] = []
    for method, label in COMBINED_LABELS.items():
        pooled = result.pooled[method]
        if isinstance(pooled, Estimate):
            summary = pooled.summary
            pooled_rows.append(
                {
                    "row": label,
                    "row_type": "pooled",
                    "method": method.value,
                    "source_id": "",
                    "source": "Combined",
                    "claim_id": "",
                    "reading": METHOD_NAMES[method].lower(),
                    "quote": "",
                    "share": 1.0,
                    "weighted": True,
                    "size": 140.0,
                    "evidence": "",
                    "separate_share": 1.0,
                    "p05": summary.p05,
                    "median": summary.median,
                    "p95": summary.p95,
                }
            )
    # One frame for all the rows: a second frame and a concat doubled the cost of a state's
    # forest (benchmarks/README.md).
    return pd.DataFrame(rows + pooled_rows, columns=FOREST_COLUMNS), everything - shown


def separate_shares(result: QuestionResult) -> np.ndarray:
    """Each claim's share of the weight if its evidence group were counted claim by claim
    (the weights before step 5, normalised)."""
    before = result.steps.after_credibility
    total = before.sum()
    return before / total if total > 0 else np.zeros_like(before)


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
        axis=row_labels_axis(title=None, labelLimit=260, labelFontSize=11, labelPadding=6),
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
                    legend=alt.Legend(
                        title="Shared evidence",
                        orient="bottom",
                        columns=on_narrow(1, 0),
                        labelExpr=wrapped_labels(),
                    ),
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


def _source(given: ChartInput) -> ChartSource:
    rows = given.rows
    return ChartSource(
        lambda: forest_chart(given.case, given.question, rows.forest, rows.forest_hidden),
        (rows.forest,),
        (given.asked, rows.forest_hidden),
    )


CHART = Chart(
    name="forest",
    tab="Claims and pools",
    description=(
        "What each source claims: each claim's reading as a 90% interval and median, "
        "with its share of the weight, above the two combined estimates"
    ),
    source=_source,
)
