"""Test cases for the Build a case tab in Streamlit's AppTest: drafting from a pasted text,
and pastes it refuses with one clear message while the page stays as it was."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.case import UPLOAD_LIMIT_BYTES

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")
ARTICLE = (ROOT / "data" / "mutiny-brewing-refuseniks.txt").read_text("utf-8")


def build_tab() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60).run()
    app.session_state["page_tab"] = "Build a case"
    return app.run()


def draft(app: AppTest, text: str) -> AppTest:
    app.text_area(key="wb_paste").input(text)
    app.button(key="FormSubmitter:wb_draft-Draft a case").click()
    return app.run()


def test_a_pasted_article_becomes_a_proposed_case_on_screen() -> None:
    """The bundled article pasted: the draft is said to be proposed, not judged, and its
    case is the one on screen."""
    app = draft(build_tab(), ARTICLE)
    assert not app.exception
    assert any("proposed, not judged" in s.value for s in app.success)
    assert app.title[0].value.startswith("Draft from")


def test_a_paste_over_the_limit_gets_one_message_and_changes_nothing() -> None:
    """A paste one character over 1 MB (the box cuts a longer one there): one error naming
    the limit; the bundled case stays on screen."""
    app = build_tab()
    title = app.title[0].value
    app = draft(app, ("7 people. " * (UPLOAD_LIMIT_BYTES // 10 + 1))[: UPLOAD_LIMIT_BYTES + 1])
    assert not app.exception
    assert [e.value for e in app.error if "over the limit" in e.value]
    assert app.title[0].value == title


def test_a_hostile_paste_without_a_quantity_is_refused_literally() -> None:
    """A paste of markup and no quantity: one message, and no markup runs or renders."""
    app = draft(build_tab(), "<script>alert('x')</script> **bold** :red[x]")
    assert not app.exception
    assert len(app.error) == 1
    assert "nothing to propose" in app.error[0].value
