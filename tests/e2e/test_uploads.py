"""Browser tests for uploads that forgive (issue: the case workbench): a bad file and its
fix under the same name in one page, a case with two documents, and a lone document
uploaded under another name."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.bundled import CASE, CASE_PATH
from tests.support.driver import Dashboard, upload_file

pytestmark = pytest.mark.e2e

ROADS = Path(__file__).resolve().parents[1] / "fixtures" / "two-documents"
ROADS_CASE = (ROADS / "roads.yaml").read_bytes()
ROADS_TITLE = "Roads closed by the spring thaw"
DOCUMENTS = [
    upload_file(name, (ROADS / name).read_bytes(), "text/plain")
    for name in ("council-bulletin.txt", "valley-radio.txt")
]


def test_a_bad_file_and_then_its_fix_under_the_same_name(app: Dashboard) -> None:
    """Every problem of the bad file is listed at once; the fixed file, uploaded under the
    same name, replaces it and opens, with nothing left to remove."""
    app.open()
    broken = ROADS_CASE.replace(b"weight: 70", b"weight: 62.5").replace(
        b"source: driver", b"source: drivr"
    )
    app.upload(upload_file("roads.yaml", broken), *DOCUMENTS)
    problems = app.alerts().filter(has_text="problems, each below")
    expect(problems).to_contain_text("62.5 is not a whole number")
    expect(problems).to_contain_text("drivr")
    expect(app.title).to_have_text(CASE.title)

    app.upload(upload_file("roads.yaml", ROADS_CASE))
    expect(app.title).to_have_text(ROADS_TITLE)
    expect(app.alerts().filter(has_text="problems")).to_have_count(0)
    expect(app.alerts().filter(has_text="exactly one case file")).to_have_count(0)


def test_a_case_with_two_documents_checks_each_quote_in_its_own(app: Dashboard) -> None:
    """Both documents uploaded: the quotes are checked, and each card names its document."""
    app.open()
    app.upload(upload_file("roads.yaml", ROADS_CASE), *DOCUMENTS)
    expect(app.title).to_have_text(ROADS_TITLE)
    expect(app.alerts().filter(has_text="could not be checked")).to_have_count(0)
    cards = app.page.get_by_test_id("stHtml").locator(".claim")
    expect(cards.filter(has_text="between 14 and 22 roads")).to_contain_text("from Thaw bulletin")
    expect(cards.filter(has_text="counted 17 closures")).to_contain_text("from Morning call-in")


def test_a_lone_document_under_another_name_is_read_as_the_cases(app: Dashboard) -> None:
    """The bundled case with its article renamed: the one other file is its document, and
    the page says so."""
    assert CASE.document is not None and CASE.document.file
    article = CASE_PATH.parent / CASE.document.file
    app.open()
    app.upload(
        upload_file("refusals.yaml", CASE_PATH.read_bytes()),
        upload_file("article.txt", article.read_bytes(), "text/plain"),
    )
    said = app.alerts().filter(has_text="the one file uploaded with the case")
    expect(said).to_contain_text("article.txt")
    expect(said).to_contain_text(CASE.document.file)
    expect(app.alerts().filter(has_text="could not be checked")).to_have_count(0)
