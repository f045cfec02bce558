"""Test cases for the session's keys: every one is named in dashboard/page/keys.py."""

from __future__ import annotations

import re
from pathlib import Path

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"
LITERAL_KEY = re.compile(
    r"""key=["']|session_state\[["']|session_state\.(?:get|pop|setdefault)\(["']"""
    r"""|session_state\.[a-z_]+\s*=|st\.form\(["']"""
)
"""A session key written as a literal where it is used, rather than named in keys.py."""


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
