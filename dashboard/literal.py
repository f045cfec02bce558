"""Untrusted text (names, quotes, notes, link values) made safe for Streamlit's Markdown.

Streamlit reads Markdown, LaTeX (`$..$`), colour and icon directives (`:red[..]`,
`:material/..:`) and emoji shortcodes in titles, labels, help, captions and alerts.
Backslash-escaping every ASCII punctuation mark (CommonMark allows it for all of
them) leaves the characters literal; HTML is escaped separately by `html_text`.
"""

from __future__ import annotations

import html
import re

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def markdown_text(text: str) -> str:
    """`text` escaped so that Markdown shows exactly these characters and nothing else."""
    one_line = " ".join(text.split())
    return _PUNCTUATION.sub(r"\\\1", one_line)


def html_text(text: str) -> str:
    """`text` escaped for an HTML block, line breaks kept."""
    return html.escape(text, quote=True).replace("\n", "<br>")
