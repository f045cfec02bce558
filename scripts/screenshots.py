"""Save PNG screenshots of the dashboard's main views, for the README and for review.

    .venv/bin/python -m scripts.screenshots [--out docs/] [--port 8765]

Starts the app with `streamlit run` on a free (or the given) port, drives Debian's
Chromium (or CHROMIUM_PATH) with Playwright, and writes one PNG per view: the main
page, each chart tab, the readings, how it works, the count question on the log pool, a
draft of the bundled article and an edited copy of the bundled case, and the page on a
390-pixel phone, folded and with its sidebar open after a slider move (`--phone-only` takes
those two alone).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from dashboard.page.keys import CHART_TAB, PAGE_TAB
from dashboard.page.tabs import panel_key
from tools.local_server import CHROMIUM_ARGS, chromium_executable, start_server, stop

ROOT = Path(__file__).resolve().parents[1]
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
WIDE = {"width": 1400, "height": 1000}
TALL = {"width": 1400, "height": 2600}
CHART_TABS = {
    "distribution": "Pooled distribution",
    "influence": "Influence",
    "sensitivity": "Sensitivity",
    "points-of-view": "Points of view",
    "chain-of-custody": "Chain of custody",
}
PAGE_TABS = {"readings": "Readings", "methodology": "How it works"}
PHONE = {"width": 390, "height": 1600}
PHONE_SCREEN = {"width": 390, "height": 844}
PHONE_VIEWS = ("phone", "phone-sidebar")
VIEWS = ("main", *CHART_TABS, *PAGE_TABS, "count-log", "draft", "editor", *PHONE_VIEWS)
ARTICLE = ROOT / "data" / "mutiny-brewing-refuseniks.txt"


def open_view(page: Page, url: str) -> None:
    """Load a view and wait until the script has run and every chart has drawn."""
    page.goto(url)
    expect(page.get_by_test_id("stMetricValue").first).to_be_visible(timeout=60_000)
    page.locator(IDLE).wait_for(timeout=60_000)
    settle(page)


def settle(page: Page) -> None:
    """Wait for the visible charts and data grids to draw and fonts to load (Vega and the
    grid render after the script)."""
    for chart in page.locator(".vega-embed:visible").all():
        expect(chart.locator("canvas, svg").first).to_be_attached(timeout=30_000)
    for grid in page.get_by_test_id("stDataFrame").filter(visible=True).all():
        expect(grid.locator("canvas").first).to_be_attached(timeout=30_000)
    page.evaluate("document.fonts.ready")
    page.wait_for_timeout(500)  # Vega's enter transition; nothing to poll for


def show_tab(page: Page, name: str) -> None:
    """Open a tab (only the open tab is drawn, so this reruns the script) and let it draw."""
    page.get_by_role("radio", name=name, exact=True).click()
    page.locator(IDLE).wait_for(timeout=60_000)
    panel = tab_panel(page, name)
    expect(panel).to_be_visible()
    panel.scroll_into_view_if_needed()
    settle(page)


def tab_panel(page: Page, name: str) -> Locator:
    """The panel of a page tab or chart tab, drawn only while it is open."""
    key = CHART_TAB if name in CHART_TABS.values() else PAGE_TAB
    return page.locator(f".st-key-{panel_key(key, name)}")


def capture(base_url: str, out: Path, chromium: str, phone_only: bool = False) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            headless=True,
            args=CHROMIUM_ARGS,
        )
        if phone_only:
            phone_views(browser, base_url, out)
            browser.close()
            return
        page = browser.new_page(viewport=TALL)
        open_view(page, base_url)
        page.screenshot(path=out / "main.png")

        page.set_viewport_size(WIDE)
        for name, tab in CHART_TABS.items():
            open_view(page, base_url)
            show_tab(page, tab)
            page.screenshot(path=out / f"{name}.png")

        for name, tab in PAGE_TABS.items():
            open_view(page, base_url)
            show_tab(page, tab)
            page.screenshot(path=out / f"{name}.png")

        open_view(page, f"{base_url}/?q=refusal_count&method=log")
        page.screenshot(path=out / "count-log.png")
        workbench_views(page, base_url, out)
        phone_views(browser, base_url, out)
        browser.close()


def phone_views(browser: Browser, base_url: str, out: Path) -> None:
    """The page on a 390-pixel phone, its sidebar folded; and one phone screen with the
    sidebar open, the first trust slider moved to 0 from the keyboard, and the compact
    estimate at the sidebar's top following it."""
    phone = browser.new_page(viewport=PHONE, is_mobile=True)
    open_view(phone, base_url)
    phone.screenshot(path=out / "phone.png")
    phone.set_viewport_size(PHONE_SCREEN)
    phone.get_by_test_id("stExpandSidebarButton").click()
    slider = phone.get_by_test_id("stSidebar").get_by_role("slider").first
    slider.focus()
    slider.press("Home")
    phone.locator(IDLE).wait_for(timeout=60_000)
    settle(phone)
    phone.screenshot(path=out / "phone-sidebar.png")


def workbench_views(page: Page, base_url: str, out: Path) -> None:
    """The "Build a case" tab: the draft of the bundled article, and a copy of the bundled
    case being edited, with a quote a word off and the passage it meant."""
    page.set_viewport_size(TALL)
    open_view(page, base_url)
    show_tab(page, "Build a case")
    page.get_by_label("Paste a text").fill(ARTICLE.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Draft a case").click()
    page.locator(IDLE).wait_for(timeout=60_000)
    expect(page.get_by_text("The work is valid")).to_be_visible(timeout=60_000)
    tab_panel(page, "Build a case").scroll_into_view_if_needed()
    settle(page)
    page.screenshot(path=out / "draft.png")

    open_view(page, base_url)
    show_tab(page, "Build a case")
    page.get_by_role("button", name="Edit a copy of this case").click()
    expect(page.get_by_text("The work is valid")).to_be_visible(timeout=60_000)
    settle(page)
    offer = page.get_by_role("button", name="Use this passage")
    for _ in range(3):  # a table drawn once more after the script ends may lose an edit
        page.wait_for_timeout(1_500)
        mistype_first_quote(page)
        try:
            expect(offer).to_be_visible(timeout=15_000)
            break
        except AssertionError:
            continue
    offer.evaluate("element => element.scrollIntoView({block: 'end'})")
    settle(page)
    page.screenshot(path=out / "editor.png")
    page.set_viewport_size(WIDE)


def mistype_first_quote(page: Page) -> None:
    """Type a quote a word off into the first claim of the open workbench, as the browser
    tests' driver does (tests/support/workbench.py): click the first cell until it is
    selected, step to the quote, and commit only once the page has drawn the typed text."""
    claims = page.locator(".st-key-wb_claims")
    canvas = claims.get_by_test_id("data-grid-canvas")
    canvas.evaluate("element => element.scrollIntoView({block: 'center'})")
    box = canvas.bounding_box()
    assert box is not None
    selected = claims.locator("td[aria-selected=true]").first
    for _ in range(5):  # a grid just drawn may miss the first click
        page.mouse.click(box["x"] + 30, box["y"] + 35 + 17)  # the first row's first cell
        try:
            expect(selected).to_have_id("glide-cell-0-0", timeout=2_000)
            break
        except AssertionError:
            continue
    for _ in range(7):  # check, #, accepted, id, source, question, document: then the quote
        page.keyboard.press("ArrowRight")
    expect(selected).to_have_id("glide-cell-7-0")
    page.keyboard.press("Enter")
    editor = page.locator(".gdg-input")
    expect(editor).to_be_visible()
    page.keyboard.press("ControlOrMeta+a")
    text = "from 20 to 40 percent of the contract servicemen that came"
    page.keyboard.type(text)
    expect(editor).to_have_value(text)
    # An Enter within a frame of the last key commits nothing (see the driver).
    page.evaluate(
        "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )
    page.keyboard.press("Enter")
    page.locator(IDLE).wait_for(timeout=60_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNGs")
    parser.add_argument("--port", type=int, default=0, help="server port (default: a free one)")
    parser.add_argument(
        "--phone-only", action="store_true", help=f"only the phone's: {', '.join(PHONE_VIEWS)}"
    )
    args = parser.parse_args()
    chromium = chromium_executable()
    if chromium is None:
        raise SystemExit("no Chromium found: install chromium or set CHROMIUM_PATH")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile() as log:
        process, base_url = start_server(log, args.port or None)
        try:
            capture(base_url, args.out, chromium, args.phone_only)
        finally:
            stop(process)
    for name in PHONE_VIEWS if args.phone_only else VIEWS:
        print(args.out / f"{name}.png")


if __name__ == "__main__":
    main()
