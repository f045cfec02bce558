"""Sensitivity: the combined estimate as one source's trust runs from 0 to 100, and every
source's swing between those ends."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from dashboard.case import Case, Question
from dashboard.engine.influence import Sweep, Swing
from dashboard.view.charts.chart import Chart, ChartInput
from dashboard.view.charts.influence import INFLUENCE_SOURCES_SHOWN
from dashboard.view.charts.rows import (
    question_unit,
    source_labels,
)
from dashboard.view.charts.style import (
    COMBINED_COLOR,
    NUMBER_FORMAT,
    fitted_scale,
    no_estimate_chart,
    row_labels_axis,
    x_axis,
    x_scale,
)
from dashboard.view.charts.templates import ChartSource


def sweep_rows(sweep: Sweep) -> pd.DataFrame:
    """The sweep's band, one row per weight tried; rows without an estimate left out."""
    band = sweep.band
    keep = band.estimated
    return pd.DataFrame(
        {
            "weight": sweep.weights[keep],
            "p05": band.p05[keep],
            "median": band.median[keep],
            "p95": band.p95[keep],
            "current": np.isclose(sweep.weights[keep], sweep.current_weight),
        }
    )


def swing_rows(
    case: Case, entries: Sequence[Swing], limit: int = INFLUENCE_SOURCES_SHOWN
) -> pd.DataFrame:
    """Each source's median at weight 0 and at 100, long (two rows a source), widest first."""
    labels = source_labels(case)
    shown = entries if len(entries) <= limit + 1 else entries[:limit]
    rows = []
    for order, entry in enumerate(shown):
        for end, median in (("at 0", entry.median_at_0), ("at 100", entry.median_at_100)):
            if median is not None:
                rows.append(
                    {
                        "source_id": entry.source_id,
                        "source": labels[entry.source_id],
                        "end": end,
                        "median": median,
                        "swing": entry.swing,
                        "order": order,
                    }
                )
    return pd.DataFrame(rows, columns=["source_id", "source", "end", "median", "swing", "order"])


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
    y = alt.Y("source:N", sort=order, title=None, axis=row_labels_axis(labelLimit=300))
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


def _sweep_source(given: ChartInput) -> ChartSource:
    rows = given.rows
    return ChartSource(
        lambda: sweep_chart(given.question, rows.sweep_source, rows.sweep),
        (rows.sweep,),
        (given.asked, rows.sweep_source),
    )


def _swings_source(given: ChartInput) -> ChartSource:
    rows = given.rows
    return ChartSource(
        lambda: swing_chart(given.question, rows.swings), (rows.swings,), (given.asked,)
    )


SWEEP = Chart(
    name="sweep",
    tab="Sensitivity",
    description=(
        "Sensitivity: the combined median and 90% interval as one source's trust runs from 0 to 100"
    ),
    source=_sweep_source,
)
SWINGS = Chart(
    name="swings",
    tab="Sensitivity",
    description=(
        "Sensitivity: how far the combined median moves as each source's trust runs from 0 to 100"
    ),
    source=_swings_source,
)
