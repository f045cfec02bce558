"""Reaching the database: its URL from the settings, engine options that turn a slow or
absent database into a quick error, SQLite's pragmas and folder, and `StoreDatabase`, the
engine and limits that the store's cases and works share, with the schema made once."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import SQLAlchemyError

from dashboard.store.errors import StoreDisabled, StoreUnavailable, UnavailableAs
from dashboard.store.limits import StoreLimits
from dashboard.store.sql_schema import create_schema

DEFAULT_FOLDER = Path(".case-store")
"""Where the embedded SQLite store lives when no database URL is configured."""

SQLITE_FILE = "cases.sqlite3"

CONNECT_TIMEOUT_SECONDS = 5
"""How long to wait for the database before telling the reader it is not answering."""

STATEMENT_TIMEOUT_MS = 10_000
"""A query slower than this (a stuck or overloaded server) is cut off, not waited on."""

SQLITE_BUSY_TIMEOUT_MS = 10_000
"""How long an SQLite writer waits for another writer to finish."""


def default_sqlite_url(folder: Path) -> str:
    """The embedded store: one SQLite file in `folder` (made on first use)."""
    return f"sqlite:///{(Path(folder) / SQLITE_FILE).as_posix()}"


def store_url(settings: Mapping[str, Any]) -> str:
    """The database URL the settings name, else the SQLite file in their `folder`."""
    url = settings.get("url")
    if url:
        return str(url)
    return default_sqlite_url(Path(str(settings.get("folder") or DEFAULT_FOLDER)))


def connection_kwargs(
    settings: Mapping[str, Any], connection: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Keyword arguments for `st.connection("case_store", type="sql", **kwargs)`.

    `connection` is the `[connections.case_store]` secrets section: when it names the
    database (a `url`, or `dialect`, `host` ...), Streamlit reads it from there and only
    the timeouts are added; otherwise the URL comes from `store_url(settings)`.
    """
    connection = connection or {}
    if connection.get("url"):
        return engine_options(str(connection["url"]))
    if connection.get("dialect"):
        return engine_options(f"{connection['dialect']}://")
    url = store_url(settings)
    return {"url": url, **engine_options(url)}


def engine_options(url: str) -> dict[str, Any]:
    """`create_engine` options that turn a slow or absent database into a quick error.

    Pass them to `st.connection(..., type="sql", url=url, **engine_options(url))`.
    """
    backend = make_url(url).get_backend_name()
    if backend == "postgresql":
        return {
            "pool_pre_ping": True,
            "pool_timeout": CONNECT_TIMEOUT_SECONDS,
            "connect_args": {
                "connect_timeout": CONNECT_TIMEOUT_SECONDS,
                "options": f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
            },
        }
    if backend == "sqlite":
        return {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}}
    return {"pool_pre_ping": True}


def make_engine(url: str) -> Engine:
    """An engine for `url` with `engine_options` (the command line and scripts use this)."""
    return create_engine(url, **engine_options(url))


class StoreDatabase:
    """One SQL database and the deployment's limits, shared by the store's cases and works.

    The tables are made on first use, once per store object; every database failure inside
    `_unavailable_as` surfaces as `StoreUnavailable`.
    """

    def __init__(self, engine: Engine, limits: StoreLimits | None = None) -> None:
        self.engine = engine
        self.limits = limits or StoreLimits()
        self._ready = False
        self._ready_lock = threading.Lock()
        if engine.dialect.name == "sqlite" and not event.contains(
            engine, "connect", _sqlite_pragmas
        ):
            event.listen(engine, "connect", _sqlite_pragmas)

    def dispose(self) -> None:
        """Close the engine's pooled connections."""
        self.engine.dispose()

    def _check_enabled(self) -> None:
        if not self.limits.enabled:
            raise StoreDisabled()

    def _ensure_schema(self) -> None:
        """Create the tables and record the schema version, once per store object."""
        with self._ready_lock:
            if self._ready:
                return
            self._make_sqlite_folder()
            try:
                create_schema(self.engine)
            except SQLAlchemyError:
                # Two replicas starting at once may race to create the same table: once more.
                create_schema(self.engine)
            self._ready = True

    def _make_sqlite_folder(self) -> None:
        url = self.engine.url
        if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
            return
        try:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreUnavailable(
                f"The case store cannot make its folder ({error.strerror}); sharing is not "
                "available on this server."
            ) from error

    @staticmethod
    def _unavailable_as(message: str) -> UnavailableAs:
        return UnavailableAs(message)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers read while one writer writes (writers queue for `timeout`, see
    `engine_options`); NORMAL sync is durable in WAL mode up to the last commits on power loss.
    Foreign keys on, so a case's documents are deleted with it."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()
