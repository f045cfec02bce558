"""Tabs and expanders that draw only what is open: opening one reruns the script, and a
slider move rebuilds what is in view rather than everything folded away."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st
from streamlit.delta_generator import DeltaGenerator


def lazy_tabs(panels: Mapping[str, Callable[[], None]], key: str) -> None:
    """One tab per panel name; only the open one's function is called."""
    tabs = st.tabs(list(panels), key=key, on_change="rerun")
    for tab, draw in zip(tabs, panels.values(), strict=True):
        if tab.open:
            with tab:
                draw()


def folded(label: str, key: str) -> DeltaGenerator | None:
    """A folded expander, and a slot in it while it is open; none while it is closed (what a
    closed expander holds is still drawn, and redrawn at every slider move)."""
    expander = st.expander(label, key=key, on_change="rerun")
    return expander.container() if expander.open else None
