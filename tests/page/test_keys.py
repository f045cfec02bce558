"""Test cases for the session's keys: every one is named in dashboard/page/keys.py, and the
widgets' values are the reader's settings."""

from __future__ import annotations

import re
from pathlib import Path

from dashboard.engine.settings import settings_for
from dashboard.page.keys import edited_weights, settings_from_widgets, settings_widget_values
from tests.factories import analyst_case

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"
LITERAL_KEY = re.compile(
    r"""key=["']|session_state\[["']|session_state\.(?:get|pop|setdefault)\(["']"""
    r"""|session_state\.[a-z_]+\s*=|st\.form\(["']"""
)
"""A session key written as a literal where it is used, rather than named in keys.py."""
CASE = analyst_case()


def test_no_module_of_the_page_writes_a_session_key_of_its_own() -> None:
    modules = [DASHBOARD / "app.py", *(DASHBOARD / "page").glob("*.py")]
    found = [
        f"{module.name}:{number}: {line.strip()}"
        for module in modules
        if module.name != "keys.py"
        for number, line in enumerate(module.read_text("utf-8").splitlines(), 1)
        if LITERAL_KEY.search(line)
    ]
    assert found == []


def test_widgets_drop_bounds_that_a_new_reading_leaves_unusable() -> None:
    """Bounds held in the session that a scenario's reading no longer fits, and a threshold
    outside the bounds then in force, fall back to the case's."""
    state = settings_for(CASE, bounds={"aboard": (10, 700)}, thresholds={"aboard": 650})
    widgets = {**settings_widget_values(state), "scenario": "witnesses"}
    again = settings_from_widgets(CASE, widgets)
    assert (again.reader_bounds, again.reader_thresholds) == ({}, {"aboard": 650})
    widgets = {**settings_widget_values(state), "reader_thresholds": {"aboard": 900}}
    assert settings_from_widgets(CASE, widgets).reader_thresholds == {}


def test_table_edits_become_clamped_weights() -> None:
    """Edited rows map back to source ids; values are clamped and blanks skipped."""
    edits = {0: {"weight": 150}, 2: {"weight": None}, 1: {"weight": -3}}
    assert edited_weights(edits, ["a", "b", "c"]) == {"a": 100.0, "b": 0.0}
