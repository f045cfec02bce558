"""Test cases for which case the page shows: an upload, a stored case, or the picker's."""

from __future__ import annotations

from dashboard.page.shown_case import OpenedCase, case_on_screen
from tests.factories import analyst_case

CASE = analyst_case()
CASES = {"ferry": CASE}
UPLOAD = OpenedCase("upload-abc", CASE, "mine.yaml")
STORED = OpenedCase("u-" + "0" * 32, CASE, "theirs.yml")


def test_an_upload_comes_first_and_has_no_link_until_stored() -> None:
    """An upload is shown over a stored case and the picker; its link id is the one it was
    stored under, none before."""
    screen = case_on_screen(CASES, "ferry", UPLOAD, STORED)
    assert screen is not None
    assert (screen.key, screen.name, screen.origin, screen.link_id) == (
        "upload-abc",
        "mine",
        "upload",
        None,
    )
    stored = case_on_screen(CASES, "ferry", UPLOAD, None, {"upload-abc": "u-1"})
    assert stored is not None and stored.link_id == "u-1"


def test_a_stored_case_from_a_link_comes_before_the_picker() -> None:
    screen = case_on_screen(CASES, "ferry", None, STORED)
    assert screen is not None
    assert (screen.origin, screen.name, screen.link_id) == ("stored", "theirs", STORED.key)


def test_the_picker_shows_a_bundled_case_and_nothing_shows_none() -> None:
    """With neither an upload nor a stored case the picked bundled case is shown; with no
    bundled case at all, nothing (the page says so)."""
    screen = case_on_screen(CASES, "ferry")
    assert screen is not None and (screen.key, screen.link_id, screen.origin) == (
        "ferry",
        "ferry",
        "bundled",
    )
    assert case_on_screen({}, None) is None
