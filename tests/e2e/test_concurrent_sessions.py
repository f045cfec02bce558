"""Test cases for several readers at once: each session keeps its own state and its own CSV.

The sessions run concurrently from one asyncio loop in a thread of their own (the sync
Playwright of the other tests owns this thread's loop), each in its own browser context.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.async_api import Page, async_playwright, expect

from dashboard.engine.settings import reader_case_file, settings_for
from dashboard.export import csv_bytes
from tests.support.bundled import CASE, DEFAULT_WEIGHTS
from tests.support.driver import (
    ACTION_TIMEOUT_MS,
    ADDRESS_MATCHES,
    LOAD_TIMEOUT_MS,
    PAGE_DRAWN,
    QUIET_MS,
    WEIGHT_KEY,
    key_class,
)
from tests.support.server import CHROMIUM_ARGS
from tools.streamlit_protocol import StreamlitReader

pytestmark = pytest.mark.e2e

SESSIONS = 4
MOVED = "rferl"
"""Each session opens a link with weights of its own, then moves this slider by keyboard."""


def link_weights(index: int) -> dict[str, int]:
    return {"cit": 10 + index, "author": 90 - index, "volkov": 3 * index}


def final_weights(index: int) -> dict[str, int]:
    return link_weights(index) | {MOVED: DEFAULT_WEIGHTS[MOVED] + 1 + index}


async def one_session(page: Page, base_url: str, index: int) -> bytes:
    """Open session `index`'s link, move the slider, and return the CSV it downloads."""
    query = urlencode({f"w_{k}": v for k, v in link_weights(index).items()})
    await page.goto(f"{base_url}/?{query}")
    await expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    await page.evaluate(PAGE_DRAWN, [QUIET_MS, LOAD_TIMEOUT_MS])
    thumb = page.locator(f".{key_class(WEIGHT_KEY + MOVED)}").get_by_role("slider")
    await expect(thumb).to_have_value(str(DEFAULT_WEIGHTS[MOVED]))
    await thumb.focus()
    for _ in range(1 + index):
        await thumb.press("ArrowRight")
    moved_to = final_weights(index)[MOVED]
    await expect(thumb).to_have_value(str(moved_to))
    await page.wait_for_function(
        ADDRESS_MATCHES, arg=[rf"[?&]w_{MOVED}={moved_to}(&|$)", True], timeout=ACTION_TIMEOUT_MS
    )
    # Drawn, not only idle: a click before the browser draws the run may hit the last
    # run's button and download its CSV.
    await page.evaluate(PAGE_DRAWN, [QUIET_MS, LOAD_TIMEOUT_MS])
    async with page.expect_download() as download_info:
        await page.get_by_role("button", name="Download CSV", exact=True).click()
    download = await download_info.value
    return Path(await download.path()).read_bytes()


async def all_sessions(base_url: str, chromium_path: str) -> list[bytes]:
    expect.set_options(timeout=ACTION_TIMEOUT_MS * 3)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        try:
            contexts = [await browser.new_context(accept_downloads=True) for _ in range(SESSIONS)]
            pages = [await context.new_page() for context in contexts]
            return list(
                await asyncio.gather(
                    *(one_session(page, base_url, index) for index, page in enumerate(pages))
                )
            )
        finally:
            await browser.close()


def test_concurrent_sessions_each_download_their_own_csv(server: str, chromium_path: str) -> None:
    """Four sessions at once, each with its own link and slider move: each CSV is its own."""
    expected = [
        csv_bytes(CASE, settings_for(CASE, weights=final_weights(index)))
        for index in range(SESSIONS)
    ]
    assert len(set(expected)) == SESSIONS  # a mix-up between sessions would show

    with ThreadPoolExecutor(max_workers=1) as worker:
        downloaded = worker.submit(asyncio.run, all_sessions(server, chromium_path)).result()

    assert downloaded == expected


def test_a_download_outlives_other_readers_runs(server: str) -> None:
    """Each download still answers when other readers' runs end between the click and the
    browser's request for the file. The end of any session's run sweeps away the files no
    session holds, and under a crowd runs end many times a second: a file written on the
    click was such a file, and a burst of 100 readers found it gone (404) for 66 of 388
    CSVs. Played over Streamlit's own protocol, which lets the other runs fall exactly in
    that gap. The reader has moved a slider first: the downloads are then drawn by the page's
    fragment alone, into slots of the frame (two in one slot once shared a file name, and the
    CSV's file belonged to no session)."""
    reader, other = StreamlitReader(server), StreamlitReader(server)
    reader.open({"case": "refusals"})
    other.open({"case": "refusals"})
    moved = DEFAULT_WEIGHTS[MOVED] + 2
    reader.move_slider(MOVED, moved)
    settings = settings_for(CASE, weights={MOVED: moved})
    expected = {
        "Download CSV": csv_bytes(CASE, settings),
        "Download case file": reader_case_file(CASE, settings),
    }
    try:
        for label, content in expected.items():
            path = reader.download_path(label)
            for step in (1, 0):
                other.move_slider(MOVED, DEFAULT_WEIGHTS[MOVED] + step)
            assert reader.fetch(path) == content, label
    finally:
        reader.close()
        other.close()
