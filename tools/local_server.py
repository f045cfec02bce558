"""Start and stop the dashboard's own server on loopback, and find Chromium.

Shared by the browser tests (tests/e2e), scripts/screenshots.py, scripts/load_test.py and
the benchmarks, so that all of them run the app the same way.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import BinaryIO

PROJECT_ROOT = Path(__file__).resolve().parents[1]
STARTUP_TIMEOUT_S = 60

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # This machine's closed network refuses Chromium's own background connections.
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def chromium_executable() -> str | None:
    """CHROMIUM_PATH if set, else Debian's Chromium: Playwright's browser downloads are not used."""
    explicit = os.environ.get("CHROMIUM_PATH")
    candidates = [explicit] if explicit else [shutil.which("chromium"), "/usr/bin/chromium"]
    return next((c for c in candidates if c and Path(c).is_file()), None)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


def streamlit_command(port: int, script: str = "dashboard/app.py") -> list[str]:
    """`streamlit run script` headless on a loopback port, with no usage statistics and no
    file watcher (no "File change" banner, nor a rerun, while code is being edited)."""
    return (
        [sys.executable, "-m", "streamlit", "run", script]
        + ["--server.headless", "true", "--server.port", str(port)]
        + ["--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
        + ["--server.fileWatcherType", "none"]
    )


def wait_healthy(
    process: subprocess.Popen[bytes], base_url: str, timeout: float = STARTUP_TIMEOUT_S
) -> bool:
    """Poll `base_url`'s `/_stcore/health` until it answers ok (True), or until the process
    exits or `timeout` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        if healthy(f"{base_url}/_stcore/health"):
            return True
        time.sleep(0.25)
    return False


def start_server(log: BinaryIO, port: int | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """`streamlit run` the app on `port` (by default a free one); return it once it is healthy."""
    # Another process may take a free port before Streamlit does; a given port is tried once.
    for _attempt in range(3 if port is None else 1):
        chosen = port if port is not None else free_port()
        process = subprocess.Popen(
            streamlit_command(chosen), cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT
        )
        base_url = f"http://127.0.0.1:{chosen}"
        if wait_healthy(process, base_url):
            return process, base_url
        stop(process)
    raise RuntimeError("the Streamlit server did not come up")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
