"""Test cases for the page's one reach past Streamlit's documented API."""

from __future__ import annotations

import io

import pandas as pd
import pyarrow as pa
import streamlit
from packaging.version import Version

from dashboard.page.streamlit_internals import WRITTEN_AGAINST, arrow_bytes


def test_the_installed_streamlit_is_the_one_the_adapter_was_read_against_or_newer() -> None:
    """A Streamlit older than the one read can lack the call; a newer one is checked by the
    round trip below (pyproject.toml keeps it below 2)."""
    assert Version(streamlit.__version__) >= Version(WRITTEN_AGAINST)
    assert Version(streamlit.__version__).major == Version(WRITTEN_AGAINST).major


def test_a_charts_rows_read_back_from_their_arrow_bytes() -> None:
    rows = pd.DataFrame({"source": ["cit", "volkov"], "share": [0.25, 0.75]})
    table = pa.ipc.open_stream(io.BytesIO(arrow_bytes(rows))).read_all()
    assert table.column("source").to_pylist() == ["cit", "volkov"]
    assert table.column("share").to_pylist() == [0.25, 0.75]
