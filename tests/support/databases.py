"""Databases for the store's tests: a real PostgreSQL when CI provides one, and a relay
that a test can cut to play a database going away mid-session."""

from __future__ import annotations

import contextlib
import os
import socket
import threading

import pytest

POSTGRES_URL = os.environ.get("CASE_STORE_POSTGRES_URL", "")
"""A PostgreSQL URL for the store's tests (CI sets it, with POSTGRES_REQUIRED=1)."""


def postgres_url_or_skip() -> str:
    if not POSTGRES_URL:
        message = "CASE_STORE_POSTGRES_URL is not set: no PostgreSQL to test the store on"
        if os.environ.get("POSTGRES_REQUIRED") == "1":
            pytest.fail(f"POSTGRES_REQUIRED=1 but {message}", pytrace=False)
        pytest.skip(message)
    return POSTGRES_URL


class Relay:
    """A TCP relay to the database that the test can cut and restore: a server going away."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open: list[socket.socket] = []
        self.running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.running:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            self.open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        """Drop every open connection and refuse new ones."""
        self.running = False
        for end in self.open:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
        self.open.clear()

    def restore(self) -> None:
        self.running = True

    def close(self) -> None:
        self.cut()
        self.listener.close()
