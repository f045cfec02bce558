"""Test cases for untrusted text made literal for Streamlit's Markdown and for HTML."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from dashboard.page.literal import html_text, markdown_text


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
