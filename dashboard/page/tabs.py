"""Tabs that draw only the open panel: a tab switch reruns the script, and a slider move
rebuilds the one panel in view rather than every panel."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st


def lazy_tabs(panels: Mapping[str, Callable[[], None]], key: str) -> None:
    """One tab per panel name; only the open one's function is called."""
    tabs = st.tabs(list(panels), key=key, on_change="rerun")
    for tab, draw in zip(tabs, panels.values(), strict=True):
        if tab.open:
            with tab:
                draw()
