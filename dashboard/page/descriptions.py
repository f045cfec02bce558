"""What a "?" help says, for a screen reader too: Streamlit 1.67 shows a widget's or a
metric's help only in a tooltip drawn on hover, which no control references, so a screen
reader never reads a source's note and grade or a figure's definition. Here the same text
sits in the page, hidden from the eye, and the control names it as its description
(`aria-describedby`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from dashboard.page.asset_files import asset
from dashboard.page.literal import html_text
from dashboard.page.tabs import SCREEN_READER_ONLY

DESCRIBES = "data-describes"
"""The attribute of a hidden description that holds the CSS selector of what it describes."""


@dataclass(frozen=True)
class Description:
    """A hidden text with its element id, and the CSS selector of the controls it describes."""

    element_id: str
    target: str
    text: str


def describe(descriptions: Sequence[Description]) -> None:
    """The descriptions as hidden text, and the script that makes each target reference its
    own (kept up to date as Streamlit redraws the targets)."""
    notes = "".join(
        f'<span id="{html_text(note.element_id)}" {DESCRIBES}="{html_text(note.target)}">'
        f"{html_text(note.text)}</span>"
        for note in descriptions
        if note.text
    )
    st.html(
        f'<div class="{SCREEN_READER_ONLY}">{notes}</div>' + asset("link_descriptions.html"),
        unsafe_allow_javascript=True,
    )


def keyed(key: str, inner: str) -> str:
    """The selector of `inner` inside the element of the widget keyed `key`."""
    return f".st-key-{key} {inner}"
