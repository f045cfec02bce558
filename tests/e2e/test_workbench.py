"""Test cases for building a case on the page (issue 18): from the bundled article alone,
drafted, judged and edited in the tables, stored, and opened from its link elsewhere.

Each step the browser takes is also taken on a `dashboard.workbench.tables.Workbench` in the test,
so the case the page ends with is compared with the one those steps must give.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from dashboard.case import Case, load_case_bytes
from dashboard.draft import draft_case
from dashboard.workbench.tables import (
    Workbench,
    accepted_rationale,
    draft_file_name,
    keep_accepted,
    workbench_from_case,
)
from tests.support.driver import ACTION_TIMEOUT_MS, Dashboard, cli_export
from tests.support.server import RestartableServer
from tests.support.workbench import WorkbenchTab

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "data" / "mutiny-brewing-refuseniks.txt"
PASTED = "pasted-text.txt"
"""The name the page gives a pasted text."""
STORED = re.compile(r"[?&]case=u-[0-9a-f]{32}")


def drafted() -> Workbench:
    """The draft the page makes of the pasted article, as the test's own workbench."""
    text = ARTICLE.read_text(encoding="utf-8")
    draft = draft_case(text, PASTED)
    case = load_case_bytes(draft.case_yaml, "draft.yaml", {PASTED: text.encode("utf-8")})
    return workbench_from_case(case, draft_file_name(PASTED))


def row_of(bench: Workbench, table: str, **cells: str) -> int:
    """The first row of a table whose cells hold these values."""
    return next(
        i
        for i, row in enumerate(bench.rows(table))
        if all(row.get(key) == value for key, value in cells.items())
    )


def loaded(data: bytes, document: bytes) -> Case:
    return load_case_bytes(data, "downloaded.yaml", {PASTED: document})


def test_a_case_with_two_questions_is_built_from_the_article_stored_and_shared(
    browser: Browser, store_server: RestartableServer, tmp_path: Path
) -> None:
    """Draft the article, accept some claims, keep only those (two questions remain), change
    a reading, add a relay, store it; the link opens the same case in a fresh browser, and
    its CSV equals the command line's on the downloaded case file."""
    article = ARTICLE.read_bytes()
    expected = drafted()
    context = browser.new_context(accept_downloads=True)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    app = Dashboard(context.new_page(), store_server.base_url)
    work = WorkbenchTab(app)
    app.open()
    work.open()
    app.page.get_by_label("Paste a text").fill(article.decode("utf-8"))
    work.button("Draft a case").click()
    app.wait_idle()
    expect(work.alerts().filter(has_text="Drafted from")).to_contain_text("proposed, not judged")
    expect(work.alerts().filter(has_text="The work is valid")).to_be_visible()
    expect(app.title).to_have_text("Draft from pasted-text.txt")

    # Accept the share estimate and two counts; keep only those.
    share = row_of(expected, "claims", question="share", reading="range:20:40")
    floor = row_of(expected, "claims", reading="at_least:1000")
    vague = row_of(expected, "claims", question="count", source="author")
    for row in (share, floor, vague):
        work.toggle("claims", "accepted", row)
        rationale = expected.rows("claims")[row]["rationale"]
        expected = expected.with_cell(
            "claims", row, "rationale", accepted_rationale(rationale, True)
        )
    work.button("Keep only the accepted claims").click()
    app.wait_idle()
    expected = keep_accepted(expected)
    assert [row["id"] for row in expected.rows("questions")] == ["count", "share"]

    # Judge a reading and say who relayed whom.
    share = row_of(expected, "claims", question="share")
    work.type("claims", "reading", share, "range:25:40")
    expected = expected.with_cell("claims", share, "reading", "range:25:40")
    speaker = str(expected.rows("claims")[share]["source"])
    relayed = row_of(expected, "sources", id=speaker)
    work.type("sources", "relays", relayed, "author")
    expected = expected.with_cell("sources", relayed, "relays", "author")
    expect(work.alerts().filter(has_text="The work is valid")).to_be_visible()

    data, name = app.download("Download case file")
    assert name == "pasted-text.yaml"
    case = loaded(data, article)
    assert case == expected.check().case
    assert [q.id for q in case.questions] == ["count", "share"]
    assert case.source(speaker).via == ("author",)

    # A draft is stored only once it has a title and description of its author's own.
    expect(app.sidebar).to_contain_text("title and description of your own")
    work.name_work("Refusals, two questions", "My reading.")
    expect(app.title).to_have_text("Refusals, two questions")
    app.button("store_case").click()
    app.wait_idle()
    expect(app.alerts().filter(has_text="Stored")).to_be_visible()
    stored_link = app.sidebar.get_by_test_id("stCode")
    expect(stored_link).to_contain_text(STORED)
    link = stored_link.inner_text().strip()
    context.close()

    fresh = browser.new_context(accept_downloads=True)
    fresh.set_default_timeout(ACTION_TIMEOUT_MS)
    reader = Dashboard(fresh.new_page(), store_server.base_url)
    reader.page.goto(link)
    expect(reader.title).to_have_text("Refusals, two questions")
    expect(reader.alerts().filter(has_text="shared case")).to_contain_text("were checked")
    csv, _ = reader.download("Download CSV")
    (tmp_path / PASTED).write_bytes(article)
    stored_file, _ = reader.download("Download case file")
    (tmp_path / "pasted-text.yaml").write_bytes(stored_file)
    assert csv == cli_export(case=str(tmp_path / "pasted-text.yaml"))
    fresh.close()


def test_an_edited_copy_keeps_an_invalid_edit_and_offers_the_passage_meant(
    browser: Browser, server: str
) -> None:
    """Edit a copy of the bundled case: a quote a word off is marked, the last valid version
    stays on screen, and one click on the closest passage makes the work valid again."""
    context = browser.new_context()
    app = Dashboard(context.new_page(), server)
    work = WorkbenchTab(app)
    app.open()
    work.open()
    work.button("Edit a copy of this case").click()
    app.wait_idle()
    expect(work.alerts().filter(has_text="The work is valid")).to_be_visible()
    expect(app.sidebar).to_contain_text("your work in Build a case")
    headline = app.title.inner_text()

    work.type("claims", "quote", 0, "from 20 to 40 percent of the contract servicemen that came")
    expect(work.alerts().filter(has_text="problem(s)")).to_contain_text("last valid version")
    expect(work.alerts().filter(has_text="Row 1, quote")).to_contain_text("not found")
    offer = work.alerts().filter(has_text=re.compile("Row 1:.? the document has"))
    expect(offer).to_contain_text("servicemen that returned")
    expect(app.title).to_have_text(headline)

    work.button("Use this passage").click()
    app.wait_idle()
    expect(work.alerts().filter(has_text="The work is valid")).to_be_visible()
    expect(work.alerts().filter(has_text="Row 1, quote")).to_have_count(0)
    context.close()


def test_a_russian_text_is_drafted_judged_and_stored(
    browser: Browser, store_server: RestartableServer
) -> None:
    """Issue 26: a Russian Telegram post (invented, from the draft's corpus) is read as
    Russian; two claims accepted, the rest dropped, the work named and stored."""
    text = (ROOT / "benchmarks" / "draft_corpus" / "ru-11-telegram.txt").read_text("utf-8")
    context = browser.new_context()
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    app = Dashboard(context.new_page(), store_server.base_url)
    work = WorkbenchTab(app)
    app.open()
    work.open()
    app.page.get_by_label("Paste a text").fill(text)
    work.button("Draft a case").click()
    app.wait_idle()
    expect(work.alerts().filter(has_text="Drafted from")).to_contain_text("read as Russian")
    for row in (0, 2):
        work.toggle("claims", "accepted", row)
    work.button("Keep only the accepted claims").click()
    app.wait_idle()
    expect(work.alerts().filter(has_text="accepted claim(s) are kept")).to_contain_text(
        "Only the 2"
    )
    work.name_work("Задержания в 37 городах", "Two counts.")
    expect(app.title).to_have_text("Задержания в 37 городах")
    app.button("store_case").click()
    app.wait_idle()
    expect(app.alerts().filter(has_text="Stored")).to_be_visible()
    expect(app.sidebar.get_by_test_id("stCode")).to_contain_text(STORED)
    context.close()
