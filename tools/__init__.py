"""Helpers that the tests, scripts/ and benchmarks/ share, so that none of them copies another.

- `local_server`: start the dashboard's own server on a free loopback port, poll it until
  it answers, stop it; find Chromium.
- `streamlit_protocol`: a reader of the page without a browser, over Streamlit's websocket.
- `cases`: case files generated to a size.
- `hostile_cases`: generated malformed and hostile case files, and what the loader must
  make of each.

Imported as `tools` from the repository root: `python -m scripts.screenshots`,
`python -m benchmarks.speed` and pytest (`pythonpath` in pyproject.toml) put the root on
the import path; nothing edits `sys.path`. Not part of the installed package.
"""
