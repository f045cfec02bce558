"""Fixtures for the store's tests: each store test runs on both databases, SQLite in a fresh
folder and PostgreSQL at CASE_STORE_POSTGRES_URL (its tables dropped before and after each
test). Without that variable the PostgreSQL runs are skipped, unless POSTGRES_REQUIRED=1 (as in
CI) makes that a failure."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import SQLAlchemyError

from dashboard.store import CaseStore, StoreLimits, default_sqlite_url
from dashboard.store.sql_schema import metadata
from tests.support.databases import postgres_url_or_skip


def drop_tables(url: str) -> None:
    engine = create_engine(url)
    try:
        metadata.drop_all(engine)
    except SQLAlchemyError as error:
        pytest.fail(f"PostgreSQL at CASE_STORE_POSTGRES_URL is not usable: {error}", pytrace=False)
    finally:
        engine.dispose()


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty store's database URL: SQLite in a fresh folder, or PostgreSQL."""
    if request.param == "sqlite":
        yield default_sqlite_url(tmp_path / "store")
        return
    url = postgres_url_or_skip()
    drop_tables(url)
    yield url
    drop_tables(url)


@pytest.fixture
def open_store(store_url: str) -> Iterator[Callable[..., CaseStore]]:
    """Make stores over the test's database (each disposed at the end)."""
    made: list[CaseStore] = []

    def make(limits: StoreLimits | None = None, **engine_kwargs: Any) -> CaseStore:
        engine = create_engine(store_url, **engine_kwargs) if engine_kwargs else None
        store = CaseStore(engine, limits) if engine else CaseStore.from_url(store_url, limits)
        made.append(store)
        return store

    yield make
    for store in made:
        store.dispose()


@pytest.fixture
def store(open_store: Callable[..., CaseStore]) -> CaseStore:
    return open_store()
