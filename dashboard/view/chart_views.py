"""Each chart of the view: its description, its summary sentence for a screen reader, and
its Vega-Lite spec from the rows in view."""

from __future__ import annotations

from typing import Any

from dashboard.case import Case, Question
from dashboard.engine.pooling import (
    Method,
)
from dashboard.view import charts
from dashboard.view.charts import ChartName, SpecTemplates
from dashboard.view.model import ChartRows, Headline, View

CHART_DESCRIPTIONS: dict[ChartName, str] = {
    "forest": "What each source claims: each claim's reading as a 90% interval and median, "
    "with its share of the weight, above the two combined estimates",
    "density": "The combined estimate: the pooled probability over the question's values, "
    "each source's weighted part, and the combined 5th percentile, median and 95th percentile",
    "influence": "Influence: the share of the weight passing through each source, and how far "
    "the combined median would move if it were set to 0",
    "sweep": "Sensitivity: the combined median and 90% interval as one source's trust runs "
    "from 0 to 100",
    "swings": "Sensitivity: how far the combined median moves as each source's trust runs "
    "from 0 to 100",
    "points of view": "Points of view: the combined median and 90% interval under the case's "
    "defaults, each of its scenarios and your settings",
    "relays": "Chain of custody: each relay and the share of the weight that passed through it",
}
"""What each chart shows, in words: its `description`, which a screen reader reads as the
drawn chart's name."""


def chart_description(name: ChartName, question: Question) -> str:
    """The chart's name for a screen reader: what it shows, and on which question."""
    return f"{CHART_DESCRIPTIONS[name]}. Question: {question.text}"


def chart_summary(view: View, name: ChartName) -> str:
    """One sentence a screen reader can reach beside a drawn chart: what it shows, the
    estimate's figures now, and where every drawn figure is as a table."""
    head = view.headline
    figures = (
        f"the combined estimate is {head.median}, 90% interval {head.interval}"
        if isinstance(head, Headline)
        else head.message.rstrip(".")
    )
    return (
        f"{CHART_DESCRIPTIONS[name]}. Now {figures}. Every figure drawn is in the chart's "
        "table: Show data, in the chart's toolbar."
    )


def chart_spec(view: View, case: Case, name: ChartName, templates: SpecTemplates) -> dict[str, Any]:
    """The Vega-Lite spec of chart `name` for this view, from the case's `templates`, with
    its description (one per question: a weight's move changes the datasets alone)."""
    spec = templates.spec(name, chart_source(name, case, view.question, view.method, view.charts))
    return {**spec, "description": chart_description(name, view.question)}


def chart_source(
    name: ChartName, case: Case, question: Question, method: Method, rows: ChartRows
) -> charts.ChartSource:
    """The chart called `name`, for the question, method and rows in view (not yet built)."""
    # A chart's axis spans the bounds in force, so they are part of what its template fits.
    asked = (question.id, question.min, question.max)
    if name == "forest":
        return charts.ChartSource(
            lambda: charts.forest_chart(case, question, rows.forest, rows.forest_hidden),
            (rows.forest,),
            (asked, rows.forest_hidden),
        )
    if name == "density":
        sources = rows.density_sources
        return charts.ChartSource(
            lambda: charts.density_chart(
                case, question, method, rows.density, sources, rows.markers
            ),
            (rows.density, sources, sources[charts.DENSITY_LOOKUP], rows.markers),
            (asked, method),
        )
    if name == "influence":
        # Its axes' domains follow the largest share and shift: built anew in every state.
        return charts.ChartSource(
            lambda: charts.influence_chart(
                case, question, method, rows.influence, rows.influence_hidden
            ),
            (rows.influence,),
            (asked, method, rows.influence_hidden),
            reusable=False,
        )
    if name == "sweep":
        return charts.ChartSource(
            lambda: charts.sweep_chart(question, rows.sweep_source, rows.sweep),
            (rows.sweep,),
            (asked, rows.sweep_source),
        )
    if name == "swings":
        return charts.ChartSource(
            lambda: charts.swing_chart(question, rows.swings), (rows.swings,), (asked,)
        )
    if name == "points of view":
        return charts.ChartSource(
            lambda: charts.points_of_view_chart(question, method, rows.points_of_view),
            (rows.points_of_view,),
            (asked, method),
        )
    return charts.ChartSource(
        lambda: charts.relay_chart(case, rows.relays), (rows.relays,), (asked,)
    )
