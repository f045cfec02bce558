"""The charts: one module per chart, each holding its rows, its Altair encoding and its
entry in `CHARTS`, the registry the view and the page read every chart from.

What they share is in `style` (colours, axes, text), `rows` (source labels, cutting to
the heaviest) and `templates` (specs reused across states); nothing here computes a figure
the engine did not.
"""

from __future__ import annotations

from collections.abc import Mapping

from dashboard.view.charts import custody, density, forest, influence, points_of_view, sensitivity
from dashboard.view.charts.chart import Chart, ChartInput, ChartName
from dashboard.view.charts.templates import ChartSource, SpecTemplates

CHARTS: Mapping[ChartName, Chart] = {
    chart.name: chart
    for chart in (
        forest.CHART,
        density.CHART,
        influence.CHART,
        sensitivity.SWEEP,
        sensitivity.SWINGS,
        points_of_view.CHART,
        custody.CHART,
    )
}
"""Every chart, in the order of the page's tabs and, within a tab, top to bottom."""


def charts_by_tab(relays: bool) -> dict[str, tuple[ChartName, ...]]:
    """Each chart tab's title and the charts in it, in order; the chain of custody only for
    a case with relays."""
    grouped: dict[str, tuple[ChartName, ...]] = {}
    for chart in CHARTS.values():
        if chart.needs_relays and not relays:
            continue
        grouped[chart.tab] = (*grouped.get(chart.tab, ()), chart.name)
    return grouped


__all__ = [
    "CHARTS",
    "Chart",
    "ChartInput",
    "ChartName",
    "ChartSource",
    "SpecTemplates",
    "charts_by_tab",
]
