"""Test cases for the page's accessibility in a real browser (issue 27): axe-core finds no
violation in any state of the page a reader can reach, on a desktop and on a phone.

axe-core comes with `axe-playwright-python`; it cannot see inside a chart's SVG, whose
text contrast tests/view/test_charts.py holds instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from dashboard.page.estimate import CHART_TABS
from dashboard.page.keys import COMPACT_ESTIMATE, LIVE_REGION
from tests.factories import BRIDGES_CASE_WITH_DOCUMENT, BRIDGES_DOCUMENT
from tests.support.bundled import CASE
from tests.support.driver import ACTION_TIMEOUT_MS, Dashboard, key_class, upload_file
from tests.support.server import RestartableServer
from tests.support.workbench import WorkbenchTab

pytestmark = pytest.mark.e2e

ARTICLE = Path(__file__).resolve().parents[2] / "data" / "mutiny-brewing-refuseniks.txt"
PHONE = {"width": 390, "height": 844}

AXE = Axe()
AXE_OPTIONS = {"resultTypes": ["violations"]}

UPSTREAM_EXCEPTIONS = {
    # Streamlit's file uploader draws react-dropzone's root, a focusable element with
    # role="presentation" (react-dropzone/react-dropzone#1152, which chose that role in
    # #1182); the page cannot change a role Streamlit sets, so the rule is set aside for
    # that one element, and for nothing else.
    "presentation-role-conflict": '[data-testid="stFileUploaderDropzone"]',
}
"""Rule id -> the elements of Streamlit's own markup that the rule is not held to."""


def violations(page: Page) -> list[str]:
    """Each axe-core violation on the page as drawn now: rule, impact and its elements, less
    the `UPSTREAM_EXCEPTIONS`."""
    results = AXE.run(page, options=AXE_OPTIONS)
    found = []
    for rule in results.response["violations"]:
        excepted = UPSTREAM_EXCEPTIONS.get(rule["id"])
        nodes = [
            node
            for node in rule["nodes"]
            if excepted is None
            or not page.evaluate(
                "([target, excepted]) => !!document.querySelector(target)?.matches(excepted)",
                [node["target"][-1], excepted],
            )
        ]
        if nodes:
            targets = "; ".join(" ".join(map(str, node["target"])) for node in nodes)
            found.append(f"{rule['id']} ({rule['impact']}, {len(nodes)}): {targets}")
    return found


def assert_no_violations(app: Dashboard, state: str) -> None:
    app.wait_idle()
    found = violations(app.page)
    assert not found, f"axe-core on {state}:\n" + "\n".join(found)


@pytest.mark.parametrize("chart", CHART_TABS)
def test_the_estimate_with_each_chart_has_no_axe_violation(app: Dashboard, chart: str) -> None:
    """The estimate view, with each chart tab open (the refusals case has relays)."""
    app.open()
    app.tab(chart)
    assert_no_violations(app, f"the estimate with '{chart}'")


@pytest.mark.parametrize("view", ["Readings", "How it works", "Build a case"])
def test_each_other_view_has_no_axe_violation(app: Dashboard, view: str) -> None:
    """Readings, How it works, and Build a case with no work open."""
    app.open()
    app.tab(view)
    assert_no_violations(app, f"the '{view}' view")


def test_an_upload_error_has_no_axe_violation(app: Dashboard, minimal_case_text: str) -> None:
    """A broken case file: the error names its place, and the page stays accessible."""
    app.open()
    broken = minimal_case_text.replace("  - source: alpha\n", "  - source: gamma\n")
    app.upload(upload_file("broken.yaml", broken))
    expect(app.alerts().filter(has_text="claims[0].source")).to_have_count(1)
    assert_no_violations(app, "an upload error")


def test_build_a_case_with_a_draft_has_no_axe_violation(app: Dashboard) -> None:
    """A draft of the bundled article, open in the workbench's tables."""
    work = WorkbenchTab(app)
    app.open()
    work.open()
    app.page.get_by_label("Paste a text").fill(ARTICLE.read_text("utf-8"))
    work.button("Draft a case").click()
    app.wait_idle()
    expect(work.alerts().filter(has_text="Drafted from")).to_be_visible()
    assert_no_violations(app, "Build a case with a draft")


def test_a_stored_case_has_no_axe_violation(
    browser: Browser, store_server: RestartableServer
) -> None:
    """A case a reader uploaded and stored, opened from its link in a fresh browser: the
    page then says it is a shared case, whose quotes were checked."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    try:
        author = Dashboard(context.new_page(), store_server.base_url)
        author.open()
        author.upload(
            upload_file("bridges.yaml", BRIDGES_CASE_WITH_DOCUMENT),
            upload_file("notes.txt", BRIDGES_DOCUMENT, "text/plain"),
        )
        expect(author.title).to_have_text("Bridges closed after the storm")
        author.button("store_case").click()
        author.expect_address(r"[?&]case=u-[0-9a-f]{32}")
        author.wait_idle()
        link = author.address()
        reader = Dashboard(context.new_page(), store_server.base_url)
        reader.page.goto(link)
        expect(reader.title).to_have_text("Bridges closed after the storm")
        expect(reader.alerts().filter(has_text="shared case")).to_contain_text("were checked")
        assert_no_violations(reader, "a stored case")
    finally:
        context.close()


DESCRIPTION = """element => (element.getAttribute("aria-describedby") || "").split(/\\s+/)
    .filter(Boolean).map(id => document.getElementById(id)?.textContent ?? "").join(" ")"""
"""An element's accessible description: the text of the elements its aria-describedby names."""


def test_each_slider_and_figure_is_described_by_its_help(app: Dashboard) -> None:
    """What each "?" shows on hover is read as its control's description: a trust slider's
    source note and grade (kept after a move redraws the sliders), and a headline figure's
    definition."""
    app.open()
    for source in CASE.sources:
        thumb = app.slider(source.id)
        expect(thumb).to_have_attribute("aria-describedby", re.compile(r"\S"))
        description = thumb.evaluate(DESCRIPTION)
        assert source.note and " ".join(source.note.split()) in description, source.id
        if source.reliability:
            assert f"— {source.reliability}, " in description, source.id
    app.slide_to_end("cit", "End")
    app.wait_idle()
    cit = next(source for source in CASE.sources if source.id == "cit")
    assert " ".join(cit.note.split()) in app.slider("cit").evaluate(DESCRIPTION)
    median = app.page.get_by_test_id("stMetric").filter(has_text="Combined estimate")
    assert "half the combined probability lies below" in median.evaluate(DESCRIPTION)
    help_button = app.page.get_by_role("button", name="Help for 90% interval")
    assert "5% below and 5% above" in help_button.evaluate(DESCRIPTION)


@pytest.fixture
def phone(browser: Browser, server: str) -> Iterator[Dashboard]:
    """The page on a 390x844 phone screen, in a context of its own."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    try:
        yield Dashboard(context.new_page(), server)
    finally:
        context.close()


def test_the_phone_viewport_has_no_axe_violation(phone: Dashboard) -> None:
    """The estimate on a phone, its sidebar folded."""
    phone.open()
    assert_no_violations(phone, "the phone viewport")


def test_a_chart_is_named_by_what_it_shows_and_summed_up_in_words(app: Dashboard) -> None:
    """A drawn chart's accessible name is its description, not "Vega visualization", and a
    sentence with the estimate's figures sits beside it for a screen reader."""
    app.open()
    chart = app.page.get_by_test_id("stMain").locator(".vega-embed").first
    expect(chart).to_have_attribute("aria-label", re.compile(r"^What each source claims: "))
    summary = app.panel("Claims and pools").locator(".sr-only")
    expect(summary).to_contain_text(f"the combined estimate is {app.headline.inner_text()}")
    expect(summary).to_contain_text(app.interval.inner_text())


def test_the_estimate_is_a_polite_live_region_that_a_slider_move_updates(app: Dashboard) -> None:
    """The headline's figures and sentences sit in one polite live region, kept across a
    slider move (a region drawn anew would not be read), whose text the move changes."""
    app.open()
    region = app.page.locator(f".{key_class(LIVE_REGION)}")
    expect(region).to_have_attribute("aria-live", "polite")
    expect(region.get_by_test_id("stMetricValue")).to_have_count(3)
    expect(region.locator(".share-link")).to_have_count(1)
    before = region.inner_text()
    region.evaluate("node => { window.__region = node; }")
    app.slide_to_end("cit", "Home")
    expect(region).not_to_have_text(before)
    app.wait_idle()
    assert app.page.evaluate("() => window.__region.isConnected")
    expect(region).to_have_attribute("aria-live", "polite")


def test_the_first_slider_is_within_six_tab_stops_of_the_top(app: Dashboard) -> None:
    """From the top of the page, Tab reaches the sidebar's skip link (after Streamlit's own
    "Skip to main content"); Enter on it puts the focus on the first trust slider, which
    the arrow keys then move. It was 20 stops away, past every switch and "?" help."""
    app.open()
    page = app.page
    stops = 0
    while stops < 6:
        stops += 1
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.className")
        if "skip-link" in str(focused):
            break
    else:
        pytest.fail("no skip link within 6 Tab stops")
    expect(page.locator(".skip-link")).to_be_focused()
    expect(page.locator(".skip-link")).to_be_visible()
    page.keyboard.press("Enter")
    first = app.sliders().first
    expect(first).to_be_focused()
    value = int(first.input_value())
    page.keyboard.press("ArrowLeft" if value > 0 else "ArrowRight")
    expect(first).not_to_have_value(str(value))
    assert stops + 1 <= 6


def test_a_folded_sidebar_is_out_of_the_tab_order_and_opens_to_its_sliders(
    phone: Dashboard,
) -> None:
    """On a phone the sidebar starts folded: Tab never lands in it (it held 27 stops), and
    once opened its sliders take the focus again."""
    phone.open()
    page = phone.page
    sidebar = phone.sidebar
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    for _ in range(30):
        page.keyboard.press("Tab")
        inside = page.evaluate("() => !!document.activeElement.closest('[data-testid=stSidebar]')")
        assert not inside, "the focus went into the folded sidebar"
    page.get_by_test_id("stExpandSidebarButton").click()
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    first = phone.sliders().first
    first.focus()
    expect(first).to_be_focused()


@pytest.mark.parametrize("question", ["refusal_share", "refusal_count"])
def test_a_phone_shows_the_estimate_and_its_interval_whole_on_its_first_screen(
    phone: Dashboard, question: str
) -> None:
    """At 390x844, before any scroll, the combined estimate and its 90% interval are on the
    screen and not cut (the count's interval was cut to "471-33,900 soldiers k...")."""
    phone.open(f"?case=refusals&q={question}")
    for figure in (phone.headline, phone.interval):
        expect(figure).to_be_visible()
        box = figure.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
        cut = figure.evaluate(
            "value => [value, ...value.querySelectorAll('*')].some("
            "e => e.scrollWidth > e.clientWidth + 1)"
        )
        assert not cut, figure.inner_text()


def test_an_open_sidebar_on_a_phone_shows_the_estimate_its_sliders_move(phone: Dashboard) -> None:
    """On a phone the open sidebar covers the headline: a compact estimate at its top, kept
    in view while the sidebar scrolls, follows a slider moved from the keyboard with the
    headline's own figures, and the sidebar stays open. It is outside the live region, so a
    move is announced once, by the headline."""
    phone.open()
    page = phone.page
    page.get_by_test_id("stExpandSidebarButton").click()
    expect(phone.sidebar).to_have_attribute("data-collapsed", "false")
    compact = phone.sidebar.locator(f".{key_class(COMPACT_ESTIMATE)}")
    median = compact.locator(".median")
    expect(median).to_have_text(phone.headline.inner_text())
    assert compact.evaluate("node => !node.closest('[aria-live]')")
    before = median.inner_text()
    thumb = phone.sliders().last  # the sidebar scrolls down to it
    thumb.focus()
    thumb.press("Home" if thumb.input_value() != "0" else "End")
    expect(median).not_to_have_text(before)
    phone.wait_idle()
    expect(median).to_have_text(phone.headline.inner_text())
    expect(compact.locator(".interval")).to_have_text(phone.interval.inner_text())
    expect(compact.locator(".moved")).to_have_text(phone.metric("Moved").inner_text())
    expect(phone.sidebar).to_have_attribute("data-collapsed", "false")
    scrolled = phone.sidebar.get_by_test_id("stSidebarContent").evaluate("node => node.scrollTop")
    assert scrolled > PHONE["height"] / 2, "the sidebar was not scrolled down to the slider"
    box = median.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
    on_top = page.evaluate(
        "([x, y]) => !!document.elementFromPoint(x, y)?.closest('.compact-estimate')",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert on_top, "the compact estimate is covered"


def test_a_wide_screen_shows_no_compact_estimate(app: Dashboard) -> None:
    """Beside an open sidebar the headline itself is in view: the sidebar holds no copy."""
    app.open()
    compact = app.sidebar.locator(f".{key_class(COMPACT_ESTIMATE)}")
    expect(compact).to_have_count(1)
    expect(compact).to_be_hidden()
    expect(app.headline).to_be_visible()


CHART_FIT = """chart => {
  const column = chart.closest("[data-testid=stMainBlockContainer]");
  const style = getComputedStyle(column);
  const box = chart.getBoundingClientRect();
  const legends = [...chart.querySelectorAll(".role-legend")].map(legend => {
    const edges = legend.getBoundingClientRect();
    return [edges.left - box.left, edges.right - box.left];
  });
  return {
    width: chart.scrollWidth,
    column: column.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
    legends,
  };
}"""
"""A drawn chart's width, the width of the page's column, and each legend's left and right
edge from the chart's left."""


@pytest.mark.parametrize("question", ["refusal_share", "refusal_count"])
def test_on_a_phone_every_chart_fits_the_width(phone: Dashboard, question: str) -> None:
    """At 390x844 no chart is wider than the page's column (Influence, two panels side by
    side, took 712 of its 358 pixels), and every legend is inside its chart (the forest's,
    the pooled distribution's and the chain of custody's ran past the right edge, cut)."""
    phone.open(f"?case=refusals&q={question}")
    for name in CHART_TABS:
        charts = phone.tab(name).locator(".vega-embed")
        expect(charts.first.locator("svg")).to_be_visible()
        phone.wait_idle()
        for index in range(charts.count()):
            fit = charts.nth(index).evaluate(CHART_FIT)
            assert fit["width"] <= fit["column"], f"{name}: {fit}"
            for left, right in fit["legends"]:
                assert left >= 0 and right <= fit["width"], f"{name}'s legend is cut: {fit}"
