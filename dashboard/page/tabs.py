"""Views and expanders that draw only what is open: choosing one reruns the script, and a
slider move rebuilds what is in view rather than everything folded away."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from dashboard.page.asset_files import asset
from dashboard.page.literal import html_text
from dashboard.page.streamlit_internals import Container

SCREEN_READER_ONLY = "sr-only"
"""The class of what is read out but not shown (its rule: assets/page.css)."""


def lazy_tabs(
    panels: Mapping[str, Callable[[], None]], key: str, label: str, heading: bool = False
) -> None:
    """One button per panel name in a row, like tabs, and the chosen panel below it in a
    container keyed `panel_key(key, name)`; only the chosen panel's function is called.
    With `heading`, the panel opens with its name as a level-2 heading that only a screen
    reader sees: the page's title (h1) and the panel's own subheadings (h3) then nest.

    Not `st.tabs`: the page's two tab bars, drawn again at each of the frontend's passes
    over a run, were a third of a slider press in the browser (112 -> 78 ms, see
    benchmarks/README.md); a segmented control costs what any widget does."""
    names = list(panels)
    if st.session_state.get(key) not in names:
        # A panel of the last case (a chain of custody) that this one does not have.
        st.session_state[key] = names[0]
    chosen = st.segmented_control(
        label,
        names,
        required=True,
        key=key,
        label_visibility="collapsed",
        # Kept while not drawn: the chart picked stays picked across a visit to Readings.
        persist_state="session",
    )
    # assets/arrows_select.html: an arrow key in a segmented control selects the option
    # it moves to, as in any radio group (WAI-ARIA's radio pattern); Streamlit 1.67's
    # arrows only move the focus. One listener, on the document, serves every picker.
    st.html(asset("arrows_select.html"), unsafe_allow_javascript=True)
    # `required` keeps one chosen; its type still allows none.
    name = chosen or names[0]
    with st.container(key=panel_key(key, name)):
        if heading:
            st.html(f'<h2 class="{SCREEN_READER_ONLY}">{html_text(name)}</h2>')
        panels[name]()


def panel_key(key: str, name: str) -> str:
    """The key of the container that holds panel `name` of the views keyed `key` (its
    class in the page is `st-key-` and this)."""
    return f"{key}-" + "-".join(name.lower().split())


def folded(label: str, key: str) -> Container | None:
    """A folded expander, and a slot in it while it is open; none while it is closed (what a
    closed expander holds is still drawn, and redrawn at every slider move)."""
    expander = st.expander(label, key=key, on_change="rerun")
    return expander.container() if expander.open else None
