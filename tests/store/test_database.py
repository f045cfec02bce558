"""Test cases for reaching the database (dashboard/store/database.py): the URL from the
settings, the options given to Streamlit's connection, SQLite's WAL mode, and a database
that is down, stops or is slow, each one `StoreUnavailable` instead of a hung page."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import make_url, text

from dashboard.store import (
    CaseStore,
    StoreUnavailable,
    case_id,
    connection_kwargs,
    default_sqlite_url,
)
from dashboard.store import (
    store_url as url_from_settings,
)
from tests.support.databases import Relay

# --- urls and options --------------------------------------------------------------------------


def test_the_store_url_defaults_to_sqlite_in_a_folder(tmp_path: Path) -> None:
    assert url_from_settings({}) == "sqlite:///.case-store/cases.sqlite3"
    assert url_from_settings({"folder": str(tmp_path)}) == f"sqlite:///{tmp_path}/cases.sqlite3"
    assert url_from_settings({"url": "postgresql+psycopg://h/db"}) == "postgresql+psycopg://h/db"


def test_connection_kwargs_leave_a_configured_connection_to_streamlit() -> None:
    """With [connections.case_store] set, only timeouts are added; without it, the URL too."""
    postgres = {"url": "postgresql+psycopg://u:p@db/cases"}
    assert "url" not in connection_kwargs({}, postgres)
    assert connection_kwargs({}, postgres)["connect_args"]["connect_timeout"] > 0
    by_parts = connection_kwargs({}, {"dialect": "postgresql", "host": "db", "username": "u"})
    assert "url" not in by_parts and by_parts["pool_pre_ping"] is True
    embedded = connection_kwargs({"folder": "/srv/cases"})
    assert embedded["url"] == "sqlite:////srv/cases/cases.sqlite3"
    assert embedded["connect_args"]["timeout"] > 0


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    """The embedded store lets readers read while a writer writes."""
    store = CaseStore.from_url(default_sqlite_url(tmp_path / "store"))
    store.size()
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert (tmp_path / "store" / "cases.sqlite3").is_file()


# --- faults ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://nobody:none@127.0.0.1:9/none",  # nothing listens on port 9
        "sqlite:////proc/no-such-folder/cases.sqlite3",  # a folder that cannot be made
    ],
)
def test_a_database_that_is_down_gives_store_unavailable(url: str) -> None:
    """put, get and size each say the store is not answering, in one line, quickly."""
    store = CaseStore.from_url(url)
    started = time.monotonic()
    for call in (
        lambda: store.put("a.yaml", b"case"),
        lambda: store.get("u-" + "0" * 32),
        store.size,
    ):
        with pytest.raises(StoreUnavailable) as caught:
            call()
        assert "\n" not in str(caught.value)
    assert time.monotonic() - started < 30


def test_a_file_that_is_not_a_database_gives_store_unavailable(tmp_path: Path) -> None:
    (tmp_path / "cases.sqlite3").write_bytes(b"this is not an SQLite database" * 100)
    store = CaseStore.from_url(default_sqlite_url(tmp_path))
    with pytest.raises(StoreUnavailable):
        store.put("a.yaml", b"case")


def test_a_database_that_stops_mid_session_gives_store_unavailable(store_url: str) -> None:
    """A store that worked and then lost its database says so, and works again once it is back."""
    if store_url.startswith("sqlite"):
        store = CaseStore.from_url(store_url)
        stored_id = store.put("a.yaml", b"case")
        store.dispose()
        folder = Path(store_url.removeprefix("sqlite:///")).parent
        away = folder.with_name("away")
        folder.rename(away)
        folder.write_bytes(b"")  # the folder is now a file: the database cannot be opened
        with pytest.raises(StoreUnavailable):
            store.get(stored_id)
        folder.unlink()
        away.rename(folder)
        assert store.get(stored_id) is not None
        return
    url = make_url(store_url)
    relay = Relay(url.host or "127.0.0.1", url.port or 5432)
    store = CaseStore.from_url(url.set(host="127.0.0.1", port=relay.port).render_as_string(False))
    try:
        stored_id = store.put("a.yaml", b"case")
        relay.cut()
        with pytest.raises(StoreUnavailable):
            store.get(stored_id)
        with pytest.raises(StoreUnavailable):
            store.put("b.yaml", b"other")
        relay.restore()
        assert store.get(stored_id) is not None
        assert store.put("b.yaml", b"other") == case_id(b"other")
    finally:
        store.dispose()
        relay.close()


def test_a_slow_database_gives_store_unavailable(open_store: Callable[..., CaseStore]) -> None:
    """A writer stuck behind a lock gives up after the timeout instead of hanging the page."""
    holder = open_store()
    holder.size()
    if holder.engine.dialect.name == "sqlite":
        impatient = open_store(connect_args={"timeout": 0.3})
        lock = "BEGIN IMMEDIATE"
    else:
        impatient = open_store(connect_args={"options": "-c statement_timeout=300"})
        lock = "LOCK TABLE stored_cases IN ACCESS EXCLUSIVE MODE"
    connection = holder.engine.raw_connection()
    try:
        cursor = connection.cursor()
        if holder.engine.dialect.name == "sqlite":
            connection.driver_connection.isolation_level = None
        cursor.execute(lock)
        started = time.monotonic()
        with pytest.raises(StoreUnavailable, match="did not answer"):
            impatient.put("a.yaml", b"case")
        assert time.monotonic() - started < 10
    finally:
        connection.rollback()
        connection.close()
    assert impatient.put("a.yaml", b"case") == case_id(b"case")
