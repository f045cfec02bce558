"""Moved to `tools.streamlit_protocol`; this name stays only until
tests/e2e/test_concurrent_sessions.py imports it from there."""

from tools.streamlit_protocol import StreamlitReader as StreamlitReader
