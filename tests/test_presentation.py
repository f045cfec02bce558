"""Test cases for the wording, literal-text and table helpers the page uses."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from dashboard.case import Question, load_case_file
from dashboard.engine.settings import default_settings
from dashboard.page.keys import edited_weights
from dashboard.page.literal import html_text, markdown_text
from dashboard.view.cards import reliability_text
from dashboard.view.model import SourceControl, weights_table
from dashboard.view.wording import format_interval, format_shift, format_value

ROOT = Path(__file__).resolve().parents[1]
CASE = load_case_file(ROOT / "data" / "refusals.yaml")
PERCENT = Question("s", "Share", "%", 0, 100)
PEOPLE = Question("n", "Count", "people", 1, 200_000, "log")


def test_values_are_written_with_three_figures_and_their_unit() -> None:
    """Percentages hug their sign; other units follow a space; thousands are separated."""
    assert format_value(27.934, PERCENT) == "27.9%"
    assert format_value(4.923, PERCENT) == "4.92%"
    assert format_value(3592.7, PEOPLE) == "3,590 people"
    assert format_value(float("nan"), PEOPLE) == "n/a"
    assert format_interval(298.2, 75_597.9, PEOPLE) == "298–75,600 people"
    assert format_interval(4.923, 43.23, PERCENT) == "4.92–43.2%"
    assert format_value(7.09, PEOPLE) == "7 people"
    assert format_interval(7.09, 96_512, PEOPLE) == "7–96,500 people"


def test_shifts_are_signed_and_percentages_move_in_points() -> None:
    """A shift of a percentage is in points; zero is 'no change'."""
    assert format_shift(-8.92, PERCENT) == "-8.92 points"
    assert format_shift(1200, PEOPLE) == "+1,200 people"
    assert format_shift(0.0, PERCENT) == "no change"


@given(st.text())
def test_markdown_text_leaves_no_unescaped_markup(text: str) -> None:
    """Every character that could open Markdown, LaTeX or a directive comes out escaped."""
    escaped = markdown_text(text)
    unescaped = re.sub(r"\\.", "", escaped)
    assert not re.search(r"[\\`*_\[\]<>$:~|!&{}@]", unescaped)
    assert not re.match(r"\s*([#+=>-]|\d+[.)])", escaped)
    assert "www." not in unescaped.lower()


def test_markdown_text_keeps_harmless_punctuation_plain() -> None:
    """Slashes, parentheses and full stops stay as they are, for screen readers."""
    assert markdown_text("Radio Free Europe/Radio Liberty (RFE).") == (
        "Radio Free Europe/Radio Liberty (RFE)."
    )
    joiner = "\u2060"  # breaks icon codes and autolinks, which Streamlit finds after escapes
    assert markdown_text(":red[x] www.evil.test") == (
        f"\\:{joiner}red\\[x\\] www{joiner}\\.evil.test"
    )


def test_html_text_escapes_tags() -> None:
    """Tags and quotes are entities; line breaks become <br>."""
    assert html_text('<script>alert("x")</script>\nnext') == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>next"
    )


def test_weights_table_filters_by_name_kind_or_id() -> None:
    """The search matches name, kind or id, ignoring case."""
    weights = default_settings(CASE).weights
    controls = [
        SourceControl(s.id, s.name, s.kind, s.note, int(weights[s.id]), "speaks", "")
        for s in CASE.sources
    ]
    assert list(weights_table(controls, "osint").index) == ["cit"]
    assert len(weights_table(controls, "")) == len(controls)


def test_table_edits_become_clamped_weights() -> None:
    """Edited rows map back to source ids; values are clamped and blanks skipped."""
    edits = {0: {"weight": 150}, 2: {"weight": None}, 1: {"weight": -3}}
    assert edited_weights(edits, ["a", "b", "c"]) == {"a": 100.0, "b": 0.0}


def test_grades_are_written_in_words_with_what_they_do() -> None:
    """A reliability grade reads as its letter, its words and the weight it suggests."""
    assert reliability_text("B") == "B, usually reliable (weights from grades: 75)"
    assert reliability_text(None) == ""
