"""Each chart of a view as the page draws it: its name for a screen reader, a summary
sentence beside it, and its Vega-Lite spec from the view's rows (the chart itself is its
entry in `charts.CHARTS`)."""

from __future__ import annotations

from typing import Any

from dashboard.case import Case, Question
from dashboard.view.charts import CHARTS, ChartInput, ChartName, SpecTemplates
from dashboard.view.model import Headline, View


def chart_description(name: ChartName, question: Question) -> str:
    """The chart's name for a screen reader: what it shows, and on which question."""
    return f"{CHARTS[name].description}. Question: {question.text}"


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
        f"{CHARTS[name].description}. Now {figures}. Every figure drawn is in the chart's "
        "table: Show data, in the chart's toolbar."
    )


def chart_spec(view: View, case: Case, name: ChartName, templates: SpecTemplates) -> dict[str, Any]:
    """The Vega-Lite spec of chart `name` for this view, from the case's `templates`, with
    its description (one per question: a weight's move changes the datasets alone)."""
    spec = templates.spec(
        name, CHARTS[name].source(ChartInput(case, view.question, view.method, view.charts))
    )
    return {**spec, "description": chart_description(name, view.question)}
