"""The one place the page reaches past Streamlit's documented API, written against 1.67.

`convert_anything_to_arrow_bytes` is how Streamlit itself turns a chart's rows into the
Arrow bytes it sends; calling it once per state lets every reader in that state be sent
the same bytes (see `page.estimate`). Streamlit does not export it, so a new Streamlit may
move it: tests/page/test_streamlit_internals.py checks the installed one still has it and
that its bytes read back as the rows.
"""

from __future__ import annotations

from typing import Any

from streamlit.dataframe_util import convert_anything_to_arrow_bytes
from streamlit.delta_generator import DeltaGenerator

WRITTEN_AGAINST = "1.67.0"
"""The Streamlit release this module was read against (pyproject.toml allows >=1.67,<2)."""

Container = DeltaGenerator
"""What `st.container`, `st.empty`, a column and the sidebar return: a place to draw in."""


def arrow_bytes(rows: Any) -> bytes:
    """A chart's rows as the Arrow bytes Streamlit sends for them."""
    return convert_anything_to_arrow_bytes(rows)
