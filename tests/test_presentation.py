"""Test cases for the headline, literal-text and table helpers the page uses."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from dashboard.case import Question, load_case_file
from dashboard.headline import (
    biggest_mover,
    format_interval,
    format_shift,
    format_value,
    headline,
)
from dashboard.literal import html_text, markdown_text
from dashboard.pooling import evaluate
from dashboard.tables import codebook_table, edited_weights, weights_table

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


def test_shifts_are_signed_and_percentages_move_in_points() -> None:
    """A shift of a percentage is in points; zero is 'no change'."""
    assert format_shift(-8.92, PERCENT) == "-8.92 points"
    assert format_shift(1200, PEOPLE) == "+1,200 people"
    assert format_shift(0.0, PERCENT) == "no change"


def test_headline_is_none_without_weight() -> None:
    """No weighted claim means no headline figure at all."""
    zero = {s.id: 0 for s in CASE.sources}
    pooled = evaluate(CASE, zero)["refusal_share"].pooled["linear"]
    defaults = evaluate(CASE, {})["refusal_share"].pooled["linear"]
    assert headline(pooled, defaults) is None
    assert headline(defaults, defaults).shift == 0


def test_biggest_mover_names_the_top_source() -> None:
    """The sentence names the first row's source and its share."""
    data = pd.DataFrame([{"source": "CIT", "share": 0.55, "shift": -8.9, "estimate_without": True}])
    assert biggest_mover(data, PERCENT).startswith("CIT moves this estimate most")
    alone = data.assign(estimate_without=False)
    assert "no estimate" in biggest_mover(alone, PERCENT)
    assert biggest_mover(data.assign(share=0.0), PERCENT) is None


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
    sources = CASE.sources
    weights = CASE.default_weights()
    assert list(weights_table(sources, weights, "osint").index) == ["cit"]
    assert len(weights_table(sources, weights, "")) == len(sources)


def test_table_edits_become_clamped_weights() -> None:
    """Edited rows map back to source ids; values are clamped and blanks skipped."""
    edits = {0: {"weight": 150}, 2: {"weight": None}, 1: {"weight": -3}}
    assert edited_weights(edits, ["a", "b", "c"]) == {"a": 100.0, "b": 0.0}


def test_codebook_table_lists_every_label() -> None:
    """Each codebook label appears with its reading and rationale."""
    table = codebook_table(CASE.question("refusal_count"))
    assert "mass_phenomenon" in set(table["label"])
    assert table["rationale"].str.startswith("Judgment").all()
