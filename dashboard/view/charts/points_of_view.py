"""Points of view: the combined estimate under the case's defaults, each of its scenarios
and the reader's settings."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from dashboard.case import Question
from dashboard.engine.influence import PointOfView
from dashboard.engine.pooling import Method
from dashboard.view.charts.chart import Chart, ChartInput
from dashboard.view.charts.rows import (
    truncate,
)
from dashboard.view.charts.style import (
    NUMBER_FORMAT,
    no_estimate_chart,
    row_labels_axis,
    x_axis,
    x_scale,
)
from dashboard.view.charts.templates import ChartSource
from dashboard.view.wording import METHOD_NAMES

POINT_COLORS = {"defaults": "#777777", "scenario": "#4c78a8", "current": "#e45756"}


def point_of_view_rows(points: Sequence[PointOfView]) -> pd.DataFrame:
    """One row per point of view with an estimate: its name, kind, median and 90% interval."""
    rows = [
        {
            "key": p.key,
            "name": p.name,
            "kind": p.kind,
            "note": truncate(p.note),
            "p05": p.summary.p05,
            "median": p.summary.median,
            "p95": p.summary.p95,
        }
        for p in points
        if p.summary is not None
    ]
    return pd.DataFrame(rows, columns=["key", "name", "kind", "note", "p05", "median", "p95"])


def points_of_view_chart(
    question: Question, method: Method, data: pd.DataFrame
) -> alt.LayerChart | alt.Chart:
    """Each point of view's combined median and 90% interval, one row each: the case's
    defaults, every scenario, and the reader's current settings."""
    if data.empty:
        return no_estimate_chart()
    y = alt.Y("name:N", sort=list(data["name"]), title=None, axis=row_labels_axis(labelLimit=300))
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


def _source(given: ChartInput) -> ChartSource:
    rows = given.rows
    return ChartSource(
        lambda: points_of_view_chart(given.question, given.method, rows.points_of_view),
        (rows.points_of_view,),
        (given.asked, given.method),
    )


CHART = Chart(
    name="points of view",
    tab="Points of view",
    description=(
        "Points of view: the combined median and 90% interval under the case's "
        "defaults, each of its scenarios and your settings"
    ),
    source=_source,
)
