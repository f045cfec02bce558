"""Fixtures for the browser tests: the real Streamlit server, Chromium, and a page driver.

The server runs once per session on a free port and is polled at `/_stcore/health`;
every test gets a fresh tab, hence its own Streamlit session (its own websocket).
Without a browser the tests are skipped, unless E2E_REQUIRED=1 makes that a failure.
What the fixtures use lives in tests/support.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.support.driver import ACTION_TIMEOUT_MS, Dashboard
from tests.support.server import (
    CHROMIUM_ARGS,
    RestartableServer,
    chromium_executable,
    start_server,
    stop,
)

expect.set_options(timeout=ACTION_TIMEOUT_MS)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = chromium_executable()
    if path is None:
        where = os.environ.get("CHROMIUM_PATH") or "chromium on PATH or /usr/bin/chromium"
        message = f"no Chromium at {where}: install chromium or set CHROMIUM_PATH"
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(f"E2E_REQUIRED=1 but {message}", pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def server(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard served by `streamlit run` on a free port; yields its base URL."""
    log_path = tmp_path_factory.mktemp("server") / "streamlit.log"
    with log_path.open("wb") as log:
        try:
            process, base_url = start_server(log)
        except RuntimeError as error:
            pytest.fail(f"{error}; its output:\n{log_path.read_text(errors='replace')[-3000:]}")
        try:
            yield base_url
        finally:
            stop(process)


@pytest.fixture
def own_server(chromium_path: str, tmp_path: Path) -> Iterator[RestartableServer]:
    """A dashboard server for this test alone, on its own free port; stopped at the end."""
    log_path = tmp_path / "streamlit.log"
    with log_path.open("wb") as log:
        server = RestartableServer(log)
        try:
            server.start()
        except RuntimeError as error:
            pytest.fail(f"{error}; its output:\n{log_path.read_text(errors='replace')[-3000:]}")
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture
def store_server(
    chromium_path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[RestartableServer]:
    """A server of this test's own with a case store in a fresh folder, kept across restarts."""
    monkeypatch.setenv("CASE_STORE_FOLDER", str(tmp_path / "store"))
    with (tmp_path / "server.log").open("wb") as log:
        server = RestartableServer(log)
        try:
            server.start()
        except RuntimeError as error:
            pytest.fail(f"{error}; its output:\n{log.name}")
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def browser_context(browser: Browser) -> Iterator[BrowserContext]:
    """One context for the run, so the app's scripts and styles are fetched once."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(browser_context: BrowserContext) -> Iterator[Page]:
    """A fresh tab per test: its own connection, hence its own Streamlit session."""
    page = browser_context.new_page()
    yield page
    page.close()


@pytest.fixture
def app(page: Page, server: str) -> Dashboard:
    return Dashboard(page, server)
