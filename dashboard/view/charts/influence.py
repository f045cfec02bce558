"""Influence: each source's share of the weight, and how far the combined median would move
with that source at 0."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from dashboard.case import Case, Question
from dashboard.engine.influence import LeaveOneOut
from dashboard.engine.pooling import Method
from dashboard.view.charts.chart import Chart, ChartInput
from dashboard.view.charts.rows import (
    question_unit,
    source_labels,
)
from dashboard.view.charts.style import (
    NUMBER_FORMAT,
    no_estimate_chart,
    row_labels_axis,
    source_color,
)
from dashboard.view.charts.templates import ChartSource
from dashboard.view.wording import METHOD_NAMES

INFLUENCE_SOURCES_SHOWN = 25
"""The influence and swing charts draw at most this many sources, the most influential."""


INFLUENCE_COLUMNS = [
    "source_id",
    "source",
    "weight",
    "share",
    "median_without",
    "shift",
    "abs_shift",
    "estimate_without",
    "share_label",
    "note",
]


PANEL_WIDTH = 170
"""Width of each panel of a two-panel chart: Vega-Lite cannot stretch concatenated views.
The panels are stacked, so that with its labels broken into lines on a phone the chart fits
a 358-pixel column (side by side it took 712)."""

ROW_STEP = 32
"""Height of each source's row: room for a name in two lines (`row_labels_axis`)."""


def influence_rows(
    case: Case,
    entries: Sequence[LeaveOneOut],
    weights: dict[str, float] | None = None,
    limit: int = INFLUENCE_SOURCES_SHOWN,
) -> tuple[pd.DataFrame, int]:
    """One row per source that can move the question, most influential first, cut to `limit`;
    and how many were left out."""
    labels = source_labels(case)
    shown = entries if len(entries) <= limit + 1 else entries[:limit]
    rows = [
        {
            "source_id": e.source_id,
            "source": labels[e.source_id],
            "weight": float((weights or {}).get(e.source_id, np.nan)),
            "share": e.share,
            "median_without": np.nan if e.median_without is None else e.median_without,
            "shift": np.nan if e.shift is None else e.shift,
            "abs_shift": np.nan if e.shift is None else abs(e.shift),
            "estimate_without": e.median_without is not None,
            "share_label": f"{e.share:.0%}",
            "note": "" if e.median_without is not None else "no estimate without it",
        }
        for e in shown
    ]
    return pd.DataFrame(rows, columns=INFLUENCE_COLUMNS), len(entries) - len(shown)


def influence_chart(
    case: Case, question: Question, method: Method, data: pd.DataFrame, hidden: int = 0
) -> alt.VConcatChart | alt.Chart:
    """Two bar panels, one above the other, one row per source (most influential first): its
    share of the weight, and how far the combined median would move if it were set to 0."""
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
    y = alt.Y(
        "source:N",
        sort=order,
        title=None,
        axis=row_labels_axis(labelLimit=300),
    )
    size = {"width": PANEL_WIDTH, "height": alt.Step(ROW_STEP)}
    share_domain = [0, min(1.0, float(data["share"].max()) * 1.2 + 0.02)]
    share_panel = alt.layer(
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
    ).encode(y=y, tooltip=tooltip)
    zero = (
        alt.Chart(pd.DataFrame({"zero": [0.0]}))
        .mark_rule(color="#333333")
        .encode(x=alt.X("zero:Q"), tooltip=[alt.Tooltip("zero:Q", title="No shift")])
    )
    shift_panel = alt.layer(shifts, zero, title="What setting it to 0 would do", **size)
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
    return alt.vconcat(
        share_panel,
        shift_panel,
        spacing=16,
        data=data,
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(y="shared")),
        title=alt.TitleParams("Which sources move the estimate", subtitle=subtitle, anchor="start"),
    )


def _source(given: ChartInput) -> ChartSource:
    rows = given.rows
    # Its axes' domains follow the largest share and shift: built anew in every state.
    return ChartSource(
        lambda: influence_chart(
            given.case, given.question, given.method, rows.influence, rows.influence_hidden
        ),
        (rows.influence,),
        (given.asked, given.method, rows.influence_hidden),
        reusable=False,
    )


CHART = Chart(
    name="influence",
    tab="Influence",
    description=(
        "Influence: the share of the weight passing through each source, and how far "
        "the combined median would move if it were set to 0"
    ),
    source=_source,
    stretch=False,
)
