"""Test cases for the work in progress in Chromium (issue 24): nothing the author built is
lost to an error, a reload or a server restart, nothing is discarded without a word, and
the headline and the link say only what the reader did."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, expect

from tests.support.bundled import CASE
from tests.support.driver import ACTION_TIMEOUT_MS, Dashboard
from tests.support.server import RestartableServer
from tests.support.workbench import WorkbenchTab

pytestmark = pytest.mark.e2e

FIRST_TEXT = (
    "Officials said on Monday that 4,000 people had left the coastal towns. A local charity "
    "put the number at more than 6,000, and the mayor spoke of a mass exodus."
)
SECOND_TEXT = "The ministry reported 120 cases on Tuesday. Doctors said 300 to 500 were likely."


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def build(
    context: BrowserContext, store_server: RestartableServer
) -> tuple[Dashboard, WorkbenchTab]:
    """The page opened on the test's own server, and its Build a case view to drive."""
    app = Dashboard(context.new_page(), store_server.base_url)
    app.open()
    return app, WorkbenchTab(app)


def claims_heading(app: Dashboard, count: int) -> Locator:
    """The claims table's title with its count of rows (the grid is a canvas: no rows to count)."""
    return app.panel("Build a case").get_by_text(f"Claims ({count})")


def draft(app: Dashboard, work: WorkbenchTab, text: str) -> None:
    work.open()
    app.page.get_by_label("Paste a text").fill(text)
    work.button("Draft a case").click()
    app.wait_idle()


def no_error(app: Dashboard) -> None:
    expect(app.page.get_by_test_id("stException")).to_have_count(0)


def test_defaults_after_a_draft_keeps_the_page_and_the_work(
    build: tuple[Dashboard, WorkbenchTab],
) -> None:
    """Point 1: Defaults with a draft on screen used to end the page with an error."""
    app, work = build
    draft(app, work, FIRST_TEXT)
    expect(app.title).to_have_text("Draft from pasted-text.txt")
    app.button("defaults").click()
    app.wait_idle()
    app.button("defaults").click()
    app.wait_idle()
    no_error(app)
    expect(app.title).to_have_text("Draft from pasted-text.txt")
    expect(work.alerts().filter(has_text="The work is valid")).to_be_visible()


def test_a_copy_opened_after_relays_were_turned_off_starts_at_its_defaults(
    build: tuple[Dashboard, WorkbenchTab],
) -> None:
    """Point 2: relays off on the bundled case, then Edit a copy: the copy's headline says
    "no change" and its address names no switch."""
    app, work = build
    app.sidebar.get_by_text("Relays pass trust on").click()
    app.wait_idle()
    app.expect_address(r"relays=off")
    work.open()
    work.button("Edit a copy of this case").click()
    app.wait_idle()
    app.tab("Estimate").click()
    app.wait_idle()
    expect(app.metric("Moved from the case's defaults")).to_have_text("no change")
    app.expect_address(r"relays=off", present=False)
    no_error(app)


def test_a_second_draft_says_undo_brings_the_first_back_and_it_does(
    build: tuple[Dashboard, WorkbenchTab],
) -> None:
    """Point 3: a draft over a work is undone in one press; keeping no claim removes none."""
    app, work = build
    draft(app, work, FIRST_TEXT)
    first = 2  # the draft of FIRST_TEXT: the officials' 4,000 and the charity's 6,000
    expect(claims_heading(app, first)).to_be_visible()
    work.button("Keep only the accepted claims").click()
    app.wait_idle()
    expect(work.alerts().filter(has_text="No claim is accepted yet")).to_be_visible()
    app.page.get_by_label("Paste a text").fill(SECOND_TEXT)
    work.button("Draft a case").click()
    app.wait_idle()
    expect(work.alerts().filter(has_text="Undo brings it back")).to_be_visible()
    work.button(re.compile(r"^Undo:\W+draft from")).click()
    app.wait_idle()
    expect(work.alerts().filter(has_text="Undone")).to_be_visible()
    expect(claims_heading(app, first)).to_be_visible()
    expect(work.table("claims")).to_contain_text("local-charity-1")
    no_error(app)


def test_the_work_survives_a_reload_and_a_server_restart(
    build: tuple[Dashboard, WorkbenchTab], store_server: RestartableServer
) -> None:
    """The address carries the private work; a reload, then a restart of the server and
    a reload, each bring back the work as it was, title included, in Build a case."""
    app, work = build
    draft(app, work, FIRST_TEXT)
    title = app.page.get_by_label("Title")
    title.fill("Coastal towns, my reading")
    title.press("Enter")
    app.wait_idle()
    expect(app.title).to_have_text("Coastal towns, my reading")
    app.expect_address(r"work=w-[0-9a-f]{32}")
    address = app.address()

    app.page.reload()
    expect(app.title).to_have_text("Coastal towns, my reading")
    app.wait_idle()
    expect(app.page.get_by_label("Title")).to_have_value("Coastal towns, my reading")

    store_server.stop()
    store_server.start()
    second = Dashboard(app.page.context.new_page(), store_server.base_url)
    second.page.goto(address)
    expect(second.title).to_have_text("Coastal towns, my reading")
    second.wait_idle()
    expect(WorkbenchTab(second).table("claims")).to_contain_text("local-charity-1")
    no_error(second)


def test_the_grid_keeps_its_place_and_focus_after_a_commit_and_a_tick_removes_a_row(
    build: tuple[Dashboard, WorkbenchTab],
) -> None:
    """Point 5: after an edit far to the right is committed, the grid is still scrolled
    there and the keyboard's focus is still on its cell; a row ticked `remove` goes, and
    Undo brings it back."""
    app, work = build
    work.open()
    work.button("Edit a copy of this case").click()
    app.wait_idle()
    work.type("sources", "note", 0, "A note of my own")
    scroller = work.table("sources").locator(".dvn-scroller").first
    assert scroller.evaluate("element => element.scrollLeft") > 0
    focused = app.page.evaluate("document.activeElement.id")
    assert focused.startswith("glide-cell-"), focused
    expect(work.alerts().filter(has_text="The work is valid")).to_be_visible()

    claims = len(CASE.claims)
    expect(claims_heading(app, claims)).to_be_visible()
    work.toggle("claims", "remove", 0)
    expect(work.alerts().filter(has_text="Removed 1 row(s) of claims")).to_be_visible()
    expect(claims_heading(app, claims - 1)).to_be_visible()
    work.button(re.compile(r"^Undo:\W+remove 1 row")).click()
    app.wait_idle()
    expect(claims_heading(app, claims)).to_be_visible()
    no_error(app)
