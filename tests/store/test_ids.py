"""Test cases for the store's ids (dashboard/store/ids.py): a stored case's id is the spec's
hash of its content, a work's is random, and anything else shaped otherwise is refused."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.store import (
    STORED_ID,
    case_id,
    is_stored_id,
    is_work_id,
    new_work_id,
)
from tests.support.store_ids import HOSTILE_IDS, spec_id

# --- stored cases ------------------------------------------------------------------------------


@given(st.binary(max_size=2000), st.lists(st.binary(max_size=500), max_size=4))
def test_the_id_is_the_spec_hash(case: bytes, documents: list[bytes]) -> None:
    """The id is u- and the first 32 hex digits of SHA-256 of the case file and, for each
    document in order, a zero byte and its bytes (one zero byte when there is none)."""
    assert case_id(case, documents) == spec_id(case, documents)
    assert is_stored_id(case_id(case, documents))


def test_the_id_of_known_content() -> None:
    """A fixed vector, so the hash cannot drift with the test's own computation."""
    # sha256(b"\0") = 6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d
    assert case_id(b"") == "u-6e340b9cffb37a989ca544e6bb780a2c"
    # sha256(b"case\0one\0two") = 2c0b54c1…, by the formula of spec section 9
    assert case_id(b"case", [b"one", b"two"]) == spec_id(b"case", [b"one", b"two"])
    assert case_id(b"case", [b"one", b"two"]) == (
        "u-" + hashlib.sha256(b"case\0one\0two").hexdigest()[:32]
    )


def test_the_zero_byte_separates_case_and_documents() -> None:
    """Moving bytes from the case to a document, or between documents, or reordering the
    documents changes the id."""
    assert case_id(b"ab", [b"c"]) != case_id(b"a", [b"bc"])
    assert case_id(b"a", [b"bc", b"d"]) != case_id(b"a", [b"b", b"cd"])
    assert case_id(b"a", [b"b", b"c"]) != case_id(b"a", [b"c", b"b"])
    assert case_id(b"a", [b"b"]) == case_id(b"a", [b"b"])


@pytest.mark.parametrize("hostile", HOSTILE_IDS)
def test_malformed_ids_are_not_stored_ids(hostile: str) -> None:
    """Anything not exactly u- and 32 lower-case hex digits is refused by the pattern."""
    assert not is_stored_id(hostile)


def test_is_stored_id_takes_only_text() -> None:
    """A non-string (a list from a query string, None) is not an id."""
    assert not is_stored_id(None)
    assert not is_stored_id(["u-" + "0" * 32])
    assert is_stored_id("u-" + "0" * 32)
    assert STORED_ID.pattern == r"u-[0-9a-f]{32}"


# --- works in progress -------------------------------------------------------------------------


def test_work_ids_are_random_and_well_formed() -> None:
    """128 random bits: no two alike, each shaped as the link checks."""
    made = {new_work_id() for _ in range(1000)}
    assert len(made) == 1000
    assert all(is_work_id(work_id) and len(work_id) == 2 + 32 for work_id in made)
    assert not is_work_id("u-" + "0" * 32) and not is_work_id("w-" + "0" * 31)
