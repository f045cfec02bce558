"""Untrusted text (names, quotes, notes, link values) made safe for Streamlit's Markdown.

Streamlit reads Markdown, LaTeX (`$..$`), colour and icon directives (`:red[..]`,
`:material/..:`), emoji shortcodes and HTML entities in titles, labels, help,
captions and alerts. Backslash-escaping the characters that can open any of those
(CommonMark allows the escape before any ASCII punctuation) leaves them literal.
Other punctuation is left alone, so that screen readers, which read a label's raw
text, are not given needless backslashes. HTML is escaped separately by `html_text`.
"""

from __future__ import annotations

import html
import re

_INLINE_MARKUP = re.compile(r"([\\`*_\[\]<>$:~|!&{}@])|(?<=www)(\.)", re.IGNORECASE)
"""Characters that open emphasis, code, links, images, HTML, LaTeX, directives,
shortcodes, strikethrough, tables, entities or autolinks (`www.`, `a@b`) in a line."""

_BLOCK_START = re.compile(r"^(\s*)([#+=>-]|\d+(?=[.)]))")
"""What turns a line into a heading, list, quote or rule when it starts the line."""


WORD_JOINER = "\u2060"
"""An invisible character that breaks what Streamlit finds after escapes are resolved:
icon and emoji codes (`:material/home:`), and web and mail addresses it would link."""

_AFTER_ESCAPES = re.compile(r"(\\:|\\@|www(?=\\\.))", re.IGNORECASE)


def markdown_text(text: str) -> str:
    """`text` on one line, escaped so that Markdown shows exactly these characters."""
    one_line = " ".join(text.replace(WORD_JOINER, "").split())
    escaped = _INLINE_MARKUP.sub(lambda match: "\\" + match.group(0), one_line)
    joined = _AFTER_ESCAPES.sub(lambda match: match.group(0) + WORD_JOINER, escaped)
    return _BLOCK_START.sub(_escape_block_start, joined)


def _escape_block_start(match: re.Match[str]) -> str:
    marker = match.group(2)
    if marker.isdigit():  # "1. item" is a list; escape the dot or parenthesis after it
        return match.group(0) + "\\"
    return match.group(1) + "\\" + marker


def html_text(text: str) -> str:
    """`text` escaped for an HTML block, line breaks kept."""
    return html.escape(text, quote=True).replace("\n", "<br>")
