"""The dashboard's server and Chromium for the browser tests.

The one implementation is tools/local_server.py, which scripts/screenshots.py,
scripts/load_test.py and the benchmarks also use; this module adds the restartable server
of one test.
"""

from __future__ import annotations

import subprocess
from typing import BinaryIO

from tools import local_server as _local_server

CHROMIUM_ARGS: list[str] = _local_server.CHROMIUM_ARGS


def chromium_executable() -> str | None:
    """CHROMIUM_PATH if set, else Debian's Chromium; never a Playwright download."""
    path: str | None = _local_server.chromium_executable()
    return path


def start_server(log: BinaryIO, port: int | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """`streamlit run` the app on loopback (on `port`, else a free one); once it is healthy,
    the process and its base URL. RuntimeError if it does not come up."""
    process: subprocess.Popen[bytes]
    process, base_url = _local_server.start_server(log, port)
    return process, base_url


def free_port() -> int:
    """A loopback port that no one listens on now."""
    port: int = _local_server.free_port()
    return port


def wait_healthy(process: subprocess.Popen[bytes], base_url: str) -> bool:
    """Whether a server started some other way answers at `/_stcore/health` before it exits
    or the start-up time runs out."""
    answered: bool = _local_server.wait_healthy(process, base_url)
    return answered


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate the server (kill it if it does not go within ten seconds)."""
    _local_server.stop(process)


class RestartableServer:
    """A server of one test's own, which the test may stop and start again on the same port."""

    def __init__(self, log: BinaryIO) -> None:
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self.port: int | None = None
        self.base_url = ""

    def start(self) -> None:
        self.process, self.base_url = start_server(self.log, self.port)
        self.port = int(self.base_url.rsplit(":", 1)[1])

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None
