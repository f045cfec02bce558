"""Test cases for readings and files in a real browser: editing a reading, the case file
download and its round trip, the quote's paragraph, and an upload without its document."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard.engine.weights import Switches
from dashboard.text_forms import parse_reading_text
from tests.support.bundled import CASE, CASE_PATH, SHARE, headline
from tests.support.driver import Dashboard, cli_export, upload_file

pytestmark = pytest.mark.e2e

LABEL = "mass_phenomenon"
READING_KEY = f"r_{SHARE}.{LABEL}"


def edit_reading(app: Dashboard, label: str, **fields: str) -> None:
    """In the Readings tab, type into `label`'s fields (`low`, `high`): each applies as soon
    as it is left."""
    app.tab("Readings")
    names = {"low": "Low (range, at least)", "high": "High (range, at most)"}
    for field, value in fields.items():
        box = app.reading_entry(label).get_by_role("spinbutton", name=names[field])
        box.fill(value)
        box.press("Tab")
        app.wait_idle()


def test_using_a_reading_moves_the_headline_and_the_link(app: Dashboard) -> None:
    """A new range for a label applies as it is typed, without a button: the estimate in
    the Readings tab moves, and r_<question>.<label> is in the URL."""
    app.open()
    before = headline(SHARE)[0]
    expect(app.headline).to_have_text(before)

    edit_reading(app, LABEL, low="5", high="25")

    app.expect_address(rf"[?&]{re.escape(READING_KEY)}=")
    assert app.query()[READING_KEY] == ["range:5:25"]
    reading = parse_reading_text("range:5:25", CASE.question(SHARE))
    expected = headline(SHARE, readings={(SHARE, LABEL): reading})[0]
    assert expected != before
    expect(app.headline).to_have_text(expected)
    app.tab("Estimate")
    expect(app.headline).to_have_text(expected)


def test_an_invalid_reading_is_refused_at_its_field(app: Dashboard) -> None:
    """Low above high: the typed number stays, an error in the label's box, and the headline
    and URL stay as they were."""
    app.open()
    before = app.headline.inner_text()

    edit_reading(app, LABEL, low="60")

    entry = app.reading_entry(LABEL)
    expect(entry.get_by_role("spinbutton", name="Low (range, at least)")).to_have_value("60")
    expect(entry.get_by_test_id("stAlert")).to_be_visible()
    expect(app.alerts()).to_have_count(1)
    app.wait_idle()
    assert READING_KEY not in app.query()
    app.tab("Estimate")
    expect(app.headline).to_have_text(before)


def figures(data: bytes) -> list[dict[str, str]]:
    """A CSV's rows without `reading_origin` and `settings`: who set a reading, and what
    differs from the defaults, change when a case file makes the reader's weights and
    readings its own; the figures must not."""
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    return [
        {k: v for k, v in row.items() if k not in ("reading_origin", "settings")} for row in rows
    ]


def test_the_case_file_round_trips(app: Dashboard, tmp_path: Path) -> None:
    """The page and the downloaded case file, uploaded again, show the engine's headline for
    the link's state; exported by the command line with the same switches, the file gives
    the page's figures."""
    app.open(f"?w_cit=10&w_author=70&{READING_KEY}=range:5:25&relays=off")
    median, interval = headline(
        SHARE,
        weights={"cit": 10, "author": 70},
        readings={(SHARE, LABEL): parse_reading_text("range:5:25", CASE.question(SHARE))},
        switches=Switches(relays=False),
    )
    expect(app.headline).to_have_text(median)
    expect(app.interval).to_have_text(interval)
    page_csv, _ = app.download("Download CSV")
    case_file, name = app.download("Download case file")
    assert name == "refusals-your-settings.yaml"

    app.upload(upload_file(name, case_file))
    expect(app.page.get_by_role("button", name=f"Remove {name}")).to_be_visible()
    expect(app.slider("cit")).to_have_value("10")
    expect(app.alerts().filter(has_text="could not be checked")).to_have_count(1)
    # A case opens at its own defaults (issue 24), and a case file holds no switch: relays
    # are on again, and turned off, the figures are the page's.
    relays = app.keyed("relays").get_by_role("switch")
    expect(relays).to_be_checked()
    expect(app.metric("Moved from the case's defaults")).to_have_text("no change")
    app.sidebar.get_by_text("Relays pass trust on").click()
    app.wait_idle()
    expect(relays).not_to_be_checked()
    expect(app.headline).to_have_text(median)
    expect(app.interval).to_have_text(interval)

    saved = tmp_path / name
    saved.write_bytes(case_file)
    assert CASE.document is not None  # the command line checks the quotes against it
    document = CASE_PATH.parent / CASE.document.file
    (tmp_path / document.name).write_bytes(document.read_bytes())
    exported = cli_export("--relays", "off", case=str(saved))
    assert figures(exported) == figures(page_csv)


def test_the_surrounding_paragraph_highlights_the_quote(app: Dashboard) -> None:
    """A card's folded "Surrounding paragraph" opens on the paragraph with the quote marked."""
    app.open()
    claim = CASE.claims_on(SHARE)[0]
    quote = app.page.locator("blockquote").filter(has_text=claim.quote)
    card = app.page.get_by_test_id("stHtml").locator(".claim").filter(has=quote)
    expect(card).to_have_count(1)
    paragraph = card.locator("details")
    expect(paragraph.locator("p")).to_be_hidden()

    paragraph.get_by_text("Surrounding paragraph").click()

    expect(paragraph.locator("p")).to_be_visible()
    expect(paragraph.locator("mark")).to_have_text(claim.quote.rstrip(".,;:!?"))
    expect(paragraph.locator("p")).not_to_have_text(paragraph.locator("mark").inner_text())


def test_an_upload_without_its_document_names_the_file_it_needs(app: Dashboard) -> None:
    """The bundled case uploaded alone: an info alert names the document to upload with it."""
    app.open()
    assert CASE.document is not None

    app.upload(upload_file("refusals.yaml", CASE_PATH.read_bytes()))

    info = app.alerts().filter(has_text="could not be checked")
    expect(info).to_have_count(1)
    expect(info).to_contain_text(CASE.document.file)
