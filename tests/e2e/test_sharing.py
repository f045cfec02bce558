"""Test cases for sharing an uploaded case in a real browser, against a real store.

Each test runs its own server with its own store: an SQLite file in a fresh folder, or,
for the database that stops mid-session, PostgreSQL behind a relay the test cuts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import make_url

from tests.factories import BRIDGES_CASE_WITH_DOCUMENT as CASE
from tests.factories import BRIDGES_DOCUMENT as DOCUMENT
from tests.support.databases import Relay, postgres_url_or_skip
from tests.support.driver import ACTION_TIMEOUT_MS, Dashboard, cli_export, upload_file
from tests.support.server import start_server, stop

pytestmark = pytest.mark.e2e

STORED = re.compile(r"[?&]case=u-[0-9a-f]{32}")


def serve(log_path: Path, monkeypatch: pytest.MonkeyPatch, **store: str) -> Iterator[str]:
    """A server whose case store is set by `store` (CASE_STORE_* variables)."""
    for key, value in store.items():
        monkeypatch.setenv(f"CASE_STORE_{key.upper()}", value)
    with log_path.open("wb") as log:
        process, base_url = start_server(log)
        try:
            yield base_url
        finally:
            stop(process)


@pytest.fixture
def sharing_server(
    chromium_path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    yield from serve(tmp_path / "server.log", monkeypatch, folder=str(tmp_path / "store"))


def upload_and_store(app: Dashboard) -> None:
    app.open()
    app.upload(upload_file("bridges.yaml", CASE), upload_file("notes.txt", DOCUMENT, "text/plain"))
    expect(app.title).to_have_text("Bridges closed after the storm")
    app.button("store_case").click()
    app.expect_address(STORED.pattern)
    app.wait_idle()
    # Confirmed, with the case's link ready to copy, and the button gone.
    expect(app.alerts().filter(has_text="Stored")).to_be_visible()
    expect(app.sidebar.get_by_test_id("stCode")).to_contain_text(re.compile(r"case=u-[0-9a-f]{32}"))
    expect(app.button("store_case")).to_have_count(0)


def test_a_shared_case_opens_from_its_link_in_another_browser(
    browser: Browser, sharing_server: str, tmp_path: Path
) -> None:
    """Upload, store, move a slider; the link opens the same case, checked, with the same
    figures in a fresh browser context, and its CSV equals the command line's on the files."""
    first = browser.new_context(accept_downloads=True)
    first.set_default_timeout(ACTION_TIMEOUT_MS)
    app = Dashboard(first.new_page(), sharing_server)
    upload_and_store(app)
    app.slide_to_end("paper", "End")
    app.expect_address(r"w_paper=100")
    app.wait_idle()
    link, headline = app.address(), app.headline.inner_text()
    first.close()

    second = browser.new_context(accept_downloads=True)
    second.set_default_timeout(ACTION_TIMEOUT_MS)
    reader = Dashboard(second.new_page(), sharing_server)
    reader.page.goto(link)
    expect(reader.title).to_have_text("Bridges closed after the storm")
    expect(reader.headline).to_have_text(headline)
    expect(reader.alerts().filter(has_text="shared case")).to_contain_text("were checked")
    data, _ = reader.download("Download CSV")
    (tmp_path / "bridges.yaml").write_bytes(CASE)
    (tmp_path / "notes.txt").write_bytes(DOCUMENT)
    assert data == cli_export("--weights", "paper:100", case=str(tmp_path / "bridges.yaml"))
    second.close()


def test_a_tampered_link_warns_and_shows_the_bundled_case(
    browser: Browser, sharing_server: str
) -> None:
    context = browser.new_context()
    app = Dashboard(context.new_page(), sharing_server)
    app.open("?case=u-" + "0" * 32)
    expect(app.alerts().filter(has_text="No shared case has the id")).to_be_visible()
    expect(app.title).to_contain_text("Russian contract soldiers")
    context.close()


@pytest.fixture
def switched_off_server(
    chromium_path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    yield from serve(tmp_path / "server.log", monkeypatch, enabled="false")


def test_a_server_without_a_store_offers_no_sharing(
    browser: Browser, switched_off_server: str
) -> None:
    context = browser.new_context()
    app = Dashboard(context.new_page(), switched_off_server)
    app.open()
    app.upload(upload_file("bridges.yaml", CASE))
    expect(app.title).to_have_text("Bridges closed after the storm")
    expect(app.sidebar).to_contain_text("does not keep shared cases")
    expect(app.button("store_case")).to_have_count(0)
    app.open("?case=u-" + "1" * 32)
    expect(app.alerts().filter(has_text="does not keep shared cases")).to_be_visible()
    context.close()


@pytest.fixture
def relayed_postgres(
    chromium_path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, Relay]]:
    url = make_url(postgres_url_or_skip())
    relay = Relay(url.host or "127.0.0.1", url.port or 5432)
    through = url.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False)
    try:
        for base_url in serve(tmp_path / "server.log", monkeypatch, url=through):
            yield base_url, relay
    finally:
        relay.close()


def test_a_database_stopped_mid_session_keeps_the_readers_view(
    browser: Browser, relayed_postgres: tuple[str, Relay]
) -> None:
    """The store worked, then its database went away: storing says so, and the reader's
    case, weights and view stay as they were."""
    base_url, relay = relayed_postgres
    context = browser.new_context()
    app = Dashboard(context.new_page(), base_url)
    app.open()
    app.upload(upload_file("bridges.yaml", CASE), upload_file("notes.txt", DOCUMENT, "text/plain"))
    expect(app.title).to_have_text("Bridges closed after the storm")
    app.wait_idle()
    before = app.headline.inner_text()
    app.slide_to_end("paper", "End")
    expect(app.headline).not_to_have_text(before)
    app.wait_idle()
    headline = app.headline.inner_text()
    relay.cut()
    app.button("store_case").click()
    expect(app.alerts().filter(has_text="did not answer")).to_be_visible(timeout=30_000)
    expect(app.title).to_have_text("Bridges closed after the storm")
    expect(app.headline).to_have_text(headline)
    assert "case=" not in app.address()
    context.close()
