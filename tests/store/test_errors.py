"""Test cases for the store's failures (dashboard/store/errors.py): one line each, for the
reader as is."""

from __future__ import annotations

from dashboard.store import (
    FileTooLarge,
    RateLimited,
    StoreDisabled,
    StoreError,
    StoreFull,
    StoreUnavailable,
)


def test_every_store_error_message_is_one_line() -> None:
    for kind in (StoreError, StoreFull, StoreUnavailable, RateLimited, StoreDisabled, FileTooLarge):
        message = str(kind())
        assert message and "\n" not in message
        assert issubclass(kind, StoreError)
    assert str(StoreError("two\nlines")) == "two lines"
