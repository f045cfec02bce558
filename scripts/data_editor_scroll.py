"""Does st.data_editor keep its scroll position and focus after a commit? (issue 24;
streamlit/streamlit#10181). Run `streamlit run scripts/data_editor_scroll.py`, scroll the
table right, edit a cell, and see where the grid and the focus are.

`?variant=check` (the default) folds the edit into the data in `on_change` and computes a
`check` column again, as the workbench does; `?variant=plain` gives the editor the same
frame every run. `&rows=dynamic` (or add, delete) lets rows be added and removed in the grid.
Streamlit 1.67 in Chromium, 2026-12-07: with rows fixed, both keep the scroll and the focus;
with any other `num_rows`, the check variant scrolls back to the left edge and drops the
focus to the page's body. So the workbench keeps its rows fixed."""

from typing import Literal, cast, get_args

import pandas as pd
import streamlit as st

variant = st.query_params.get("variant", "check")
NumRows = Literal["fixed", "dynamic", "add", "delete"]
asked = st.query_params.get("rows", "fixed")
rows = cast(NumRows, asked if asked in get_args(NumRows) else "fixed")
if "rows" not in st.session_state:
    st.session_state.rows = pd.DataFrame({f"column {i}": ["text"] * 30 for i in range(30)})


def fold() -> None:
    for row, cells in st.session_state.table["edited_rows"].items():
        for column, value in cells.items():
            st.session_state.rows.loc[row, column] = value


frame = st.session_state.rows
if variant == "check":
    frame = frame.assign(check=["✓" if "x" not in str(r) else "✗" for r in frame.itertuples()])
st.data_editor(frame, key="table", num_rows=rows, on_change=fold if variant == "check" else None)
