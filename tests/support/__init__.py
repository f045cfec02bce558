"""Support for the browser tests: the server and Chromium (`server`), the page as a reader
sees it (`driver`), and the bundled case's expected figures (`bundled`).

Imported as `tests.support`: `python -m pytest` puts the project root on `sys.path`.
"""
