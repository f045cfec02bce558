"""Test cases for the estimate's chart tabs in a real browser: each draws, and says what it is."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, expect

from dashboard.page.estimate import CHART_TABS
from tests.support.bundled import CASE, COUNT, SHARE
from tests.support.driver import Dashboard

pytestmark = pytest.mark.e2e

NO_CHART = re.compile(
    r"No weighted claims|no estimate(?! without it)|No claim on this question came through"
)
"""What a chart says instead of drawing; "no estimate without it" labels a bar of the
influence chart (a source every claim comes through), which is drawn."""
"""What each chart of dashboard/view/charts/ draws in place of a chart that has nothing to show."""
MARKS = "svg [class*='role-mark']:not(.mark-text)"
"""Vega's drawn marks other than text: a placeholder message has only text."""


def expect_drawn(chart: Locator, where: str) -> None:
    """The chart has rendered as an svg (or canvas) with marks, not a placeholder message."""
    expect(chart.locator("svg, canvas").first, where).to_be_visible()
    expect(chart, where).not_to_contain_text(NO_CHART)
    expect(chart.locator(MARKS).first, where).to_be_attached()


@pytest.mark.parametrize("method", ["linear", "log"])
@pytest.mark.parametrize("question", [SHARE, COUNT])
def test_every_chart_tab_draws(app: Dashboard, question: str, method: str) -> None:
    """On each question and method, every chart in every chart tab renders a real chart."""
    app.open(f"?q={question}&method={method}")

    for name in CHART_TABS:
        panel = app.tab(name)
        charts = panel.locator(".vega-embed")
        expect(charts.first, name).to_be_visible()
        for index in range(charts.count()):
            expect_drawn(charts.nth(index), f"{name}, chart {index + 1}")


def test_points_of_view_lists_every_scenario(app: Dashboard) -> None:
    """The Points of view chart names each of the case's scenarios."""
    app.open()
    chart = app.tab("Points of view").locator(".vega-embed")
    expect_drawn(chart, "Points of view")

    for scenario in CASE.scenarios:
        expect(chart.locator("svg text").filter(has_text=scenario.name)).not_to_have_count(0)


def test_the_sensitivity_picker_names_the_chosen_source(app: Dashboard) -> None:
    """Choosing a source in the Sensitivity tab titles the sweep chart with that source."""
    app.open()
    panel = app.tab("Sensitivity")
    volkov = CASE.source("volkov").name
    sweep = panel.locator(".vega-embed").first
    expect(sweep).not_to_contain_text(f"If you trusted {volkov}")

    app.choose("Source to run from 0 to 100", volkov)

    expect(sweep).to_contain_text(f"If you trusted {volkov} more or less")
    expect_drawn(sweep, "the sweep of Volkov's weight")
