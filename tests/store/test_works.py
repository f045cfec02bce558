"""Test cases for works in progress (dashboard/store/works.py): saved, replaced, opened and
forgotten under a random id, never listed among stored cases, aged out and limited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from dashboard.store import (
    CaseStore,
    FileTooLarge,
    StoreFull,
    StoreLimits,
    new_work_id,
)


def test_a_work_is_saved_opened_and_replaced_under_its_id(store: CaseStore) -> None:
    """A work is mutable: the last save under its id is what opens."""
    work_id = new_work_id()
    store.save_work(work_id, b'{"title": "first"}')
    store.save_work(work_id, b'{"title": "second"}')
    assert store.open_work(work_id) == b'{"title": "second"}'
    store.delete_work(work_id)
    assert store.open_work(work_id) is None


def test_works_are_not_stored_cases(store: CaseStore) -> None:
    """A work is never listed among stored cases, and a stored case's id opens no work."""
    work_id = new_work_id()
    store.save_work(work_id, b"{}")
    assert store.count() == 0 and store.size() == 0
    assert store.get(work_id) is None


def test_an_old_work_is_gone(store: CaseStore) -> None:
    """A work not saved for `work_days` no longer opens, and the next save deletes it."""
    work_id = new_work_id()
    long_ago = datetime.now(UTC) - timedelta(days=store.limits.work_days + 1)
    store.save_work(work_id, b"{}", now=long_ago)
    assert store.open_work(work_id) is None
    store.save_work(new_work_id(), b"{}")
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM work_drafts")).scalar() == 1


def test_work_limits_refuse_with_a_message(open_store: Callable[..., CaseStore]) -> None:
    """Over `max_work_bytes`, or a new work once `max_works` are kept: refused, saying what
    to do; a work already kept still saves."""
    store = open_store(StoreLimits(max_work_bytes=10, max_works=1))
    first = new_work_id()
    store.save_work(first, b"{}")
    with pytest.raises(FileTooLarge, match="over the 10 bytes"):
        store.save_work(first, b"x" * 11)
    with pytest.raises(StoreFull, match="download its case file"):
        store.save_work(new_work_id(), b"{}")
    store.save_work(first, b"[]")
    assert store.open_work(first) == b"[]"


def test_malformed_work_ids_never_reach_the_database() -> None:
    store = CaseStore.from_url("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert store.open_work("w-../../etc") is None
    store.delete_work("'; DROP TABLE work_drafts; --")
    with pytest.raises(ValueError):
        store.save_work("u-" + "0" * 32, b"{}")
