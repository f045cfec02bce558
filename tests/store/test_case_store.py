"""Test cases for `CaseStore` and stored cases (dashboard/store/case_store.py), on SQLite
always and PostgreSQL when set (the `store_url` fixture, tests/store/conftest.py): bytes and
names kept exactly under the spec's id, hostile ids and names, limits, faults, opening a
stored case again, many sessions at once, and taking a case down."""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, text, update

from dashboard.case import UPLOAD_LIMIT_BYTES, CaseError
from dashboard.store import (
    CaseStore,
    FileTooLarge,
    RateLimited,
    RateLimiter,
    StoreCorrupt,
    StoreDisabled,
    StoreError,
    StoreFull,
    StoreLimits,
    case_id,
    load_stored_case,
)
from dashboard.store.sql_schema import stored_cases
from scripts.store_concurrency import run as run_store_concurrency
from tests.support.store_ids import HOSTILE_IDS, spec_id

ROOT = Path(__file__).resolve().parents[2]


case_files = st.binary(max_size=5000).map(lambda data: data.replace(b"\0", b""))
"""Case bytes: anything but a zero byte, which the store refuses (see below)."""
document_files = st.binary(min_size=1, max_size=2000).map(lambda data: data.replace(b"\0", b"d"))
"""Document bytes: non-empty, without a zero byte (spec section 1)."""

file_names = st.text(
    st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40
).filter(lambda name: name.strip() != "")


# --- put and get -------------------------------------------------------------------------------


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    case=case_files,
    case_name=file_names,
    documents=st.lists(st.tuples(file_names, document_files), max_size=3),
)
def test_put_and_get_round_trip_bytes_exactly(
    store: CaseStore, case: bytes, case_name: str, documents: list[tuple[str, bytes]]
) -> None:
    """Whatever bytes and names are stored, with any number of documents, come back exactly,
    in order, under the spec's id."""
    expected_id = spec_id(case, [data for _, data in documents])
    earlier = store.get(expected_id)  # examples share the store: names stay first
    stored_id = store.put(case_name, case, documents)
    assert stored_id == expected_id
    stored = store.get(stored_id)
    assert stored is not None
    assert stored.case_id == stored_id
    assert stored.case_bytes == case
    assert [data for _, data in stored.documents] == [data for _, data in documents]
    if earlier is None:
        assert (stored.case_name, stored.documents) == (case_name, tuple(documents))
    else:
        assert stored == earlier
    assert stored.stored_at.tzinfo is not None


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=case_files.filter(bool), document=document_files)
def test_a_second_put_of_the_same_content_is_a_no_op(
    store: CaseStore, case: bytes, document: bytes
) -> None:
    """Storing the same files again changes nothing: same id, same row, same time, same name."""
    first = store.put("first.yaml", case, [("doc.txt", document)])
    before = store.get(first)
    count, size = store.count(), store.size()
    again = store.put("renamed.yaml", case, [("other.txt", document)])
    assert again == first
    assert store.count() == count
    assert store.size() == size
    assert store.get(first) == before


def test_size_counts_every_stored_byte_once(store: CaseStore) -> None:
    """size() is the bytes of every case file and document, each case counted once."""
    assert store.size() == 0
    store.put("a.yaml", b"x" * 100, [("a.txt", b"y" * 50)])
    store.put("b.yaml", b"z" * 10)
    store.put("a.yaml", b"x" * 100, [("a.txt", b"y" * 50)])
    assert store.size() == 160
    assert store.count() == 2


def test_an_unknown_id_gives_none(store: CaseStore) -> None:
    """A well-formed id that was never stored is simply not found."""
    assert store.get("u-" + "0" * 32) is None


def test_hostile_ids_never_reach_the_database(store: CaseStore) -> None:
    """Malformed and injection-shaped ids are answered without a single query."""
    store.put("a.yaml", b"case")  # the schema exists, so a query would be visible
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    for hostile in HOSTILE_IDS:
        assert store.get(hostile) is None
    assert statements == []


def test_hostile_ids_need_no_database_at_all() -> None:
    """Even with the database down, a malformed id is refused at once, not sent."""
    store = CaseStore.from_url("postgresql+psycopg://nobody:none@127.0.0.1:9/none")
    for hostile in HOSTILE_IDS:
        assert store.get(hostile) is None


def test_injection_shaped_names_and_bytes_are_kept_as_text(store: CaseStore) -> None:
    """SQL in a file name or in the files is stored literally; the tables survive."""
    name = "x'); DROP TABLE stored_cases; --.yaml"
    body = b"'; DELETE FROM stored_cases; --"
    stored_id = store.put(name, body, [('"; DROP TABLE schema_version; --', b"%s %(x)s ?")])
    stored = store.get(stored_id)
    assert stored is not None
    assert (stored.case_name, stored.case_bytes) == (name, body)
    assert stored.documents == (('"; DROP TABLE schema_version; --', b"%s %(x)s ?"),)
    assert store.count() == 1


def test_a_tampered_row_is_refused(store: CaseStore) -> None:
    """Bytes changed inside the database no longer match the id: StoreCorrupt, not the bytes."""
    stored_id = store.put("a.yaml", b"title: original")
    with store.engine.begin() as connection:
        connection.execute(
            update(stored_cases).where(stored_cases.c.id == stored_id).values(case_bytes=b"evil")
        )
    with pytest.raises(StoreCorrupt):
        store.get(stored_id)


def test_bad_file_names_are_refused(store: CaseStore) -> None:
    """Names the database or a message cannot hold are refused with a one-line message."""
    for name in ("", "   ", "a\x00b.yaml", "line\nbreak.yaml", "x" * 300 + ".yaml", "\udc80.yaml"):
        with pytest.raises(StoreError) as caught:
            store.put(name, b"case")
        assert "\n" not in str(caught.value)
    assert store.count() == 0


def test_a_file_with_a_zero_byte_is_refused(store: CaseStore) -> None:
    """The zero byte splits the files in the id; inside one it would let two uploads share
    one id (a case b"a\\0" with a document b"b", and b"a" with documents b"" and b"b"; one
    document b"b\\0c", and two, b"b" and b"c"). No case file or document (UTF-8 text) has one."""
    assert case_id(b"a\0", [b"b"]) == case_id(b"a", [b"", b"b"])
    assert case_id(b"a", [b"b\0c"]) == case_id(b"a", [b"b", b"c"])
    with pytest.raises(StoreError, match="zero byte"):
        store.put("a.yaml", b"a\0")
    with pytest.raises(StoreError, match="d.txt holds a zero byte"):
        store.put("a.yaml", b"a", [("d.txt", b"b\0c")])
    assert store.count() == 0


# --- limits ------------------------------------------------------------------------------------


def test_a_full_store_stores_nothing_more(open_store: Callable[..., CaseStore]) -> None:
    """Past the total size the store says it is full; what is stored still opens."""
    store = open_store(StoreLimits(max_total_bytes=100))
    kept = store.put("a.yaml", b"a" * 60)
    with pytest.raises(StoreFull) as caught:
        store.put("b.yaml", b"b" * 30, [("b.txt", b"c" * 11)])
    assert "full" in str(caught.value)
    assert store.count() == 1 and store.size() == 60
    assert store.put("a.yaml", b"a" * 60) == kept  # already stored: no new bytes needed
    assert store.put("c.yaml", b"c" * 40) == case_id(b"c" * 40)  # exactly at the limit


def test_files_over_the_cap_are_refused(open_store: Callable[..., CaseStore]) -> None:
    """Each file is capped (section 1's 1 MB by default); the message names the file."""
    store = open_store(StoreLimits(max_file_bytes=1000))
    with pytest.raises(FileTooLarge, match="big.yaml"):
        store.put("big.yaml", b"x" * 1001)
    with pytest.raises(FileTooLarge, match="big.txt"):
        store.put("a.yaml", b"x", [("big.txt", b"y" * 1001)])
    store.put("a.yaml", b"x" * 1000, [("a.txt", b"y" * 1000)])
    assert store.count() == 1
    assert StoreLimits().max_file_bytes == UPLOAD_LIMIT_BYTES


def test_a_disabled_store_neither_stores_nor_opens(open_store: Callable[..., CaseStore]) -> None:
    """Switched off, the store says the server does not keep shared cases, for put and get."""
    store = open_store(StoreLimits(enabled=False))
    with pytest.raises(StoreDisabled, match="does not keep shared cases"):
        store.put("a.yaml", b"case")
    with pytest.raises(StoreDisabled):
        store.get("u-" + "0" * 32)


def test_put_counts_only_new_cases_against_the_rate(store: CaseStore) -> None:
    """A rate-limited put stores nothing; re-sharing a stored case is not a new store."""
    limiter = RateLimiter(2, 600)
    first = store.put("a.yaml", b"1", limiter=limiter, now=0.0)
    store.put("b.yaml", b"2", limiter=limiter, now=1.0)
    assert store.put("a.yaml", b"1", limiter=limiter, now=2.0) == first
    with pytest.raises(RateLimited):
        store.put("c.yaml", b"3", limiter=limiter, now=3.0)
    assert store.count() == 2
    store.put("c.yaml", b"3", limiter=limiter, now=601.0)
    assert store.count() == 3


# --- faults ------------------------------------------------------------------------------------


def test_a_failure_mid_transaction_leaves_nothing(store: CaseStore) -> None:
    """An error after the row is written but before the commit rolls the whole case back."""

    def fail_after_insert(_conn: Any, clause: Any, *_args: Any) -> None:
        if str(clause).lstrip().upper().startswith("INSERT INTO STORED_CASES"):
            raise RuntimeError("injected failure before commit")

    event.listen(store.engine, "after_execute", fail_after_insert)
    with pytest.raises(RuntimeError, match="injected"):
        store.put("a.yaml", b"case", [("d.txt", b"document")])
    event.remove(store.engine, "after_execute", fail_after_insert)
    assert store.count() == 0 and store.size() == 0
    assert store.get(case_id(b"case", [b"document"])) is None
    assert store.put("a.yaml", b"case", [("d.txt", b"document")]) == case_id(b"case", [b"document"])


KILLED_WRITER = """
import os, signal, sys
from sqlalchemy import event
from dashboard.store import CaseStore

store = CaseStore.from_url(sys.argv[1])
store.size()

def die(_conn, clause, *_args):
    if str(clause).lstrip().upper().startswith("INSERT INTO STORED_CASES"):
        os.kill(os.getpid(), signal.SIGKILL)

event.listen(store.engine, "after_execute", die)
store.put("a.yaml", b"case" * 1000, [("d.txt", b"document" * 1000)])
"""


def test_a_killed_writer_never_leaves_half_a_case(store_url: str) -> None:
    """A process killed (SIGKILL) between its insert and its commit leaves no case behind."""
    result = subprocess.run(
        [sys.executable, "-c", KILLED_WRITER, store_url], cwd=ROOT, capture_output=True, timeout=60
    )
    assert result.returncode == -signal.SIGKILL, result.stderr.decode()
    store = CaseStore.from_url(store_url)
    try:
        assert store.count() == 0
        assert store.get(case_id(b"case" * 1000, [b"document" * 1000])) is None
        store.put("b.yaml", b"after the crash")  # no lock left behind
        assert store.count() == 1
    finally:
        store.dispose()


# --- opening a stored case ---------------------------------------------------------------------


def test_a_stored_case_opens_with_its_quotes_checked(
    store: CaseStore, case_with: Callable[..., str], minimal_document_text: str
) -> None:
    """Stored with its document, the case is validated again and its quotes are checked."""
    case_text = case_with(
        ("title: A small test case", "title: A small test case\ndocument:\n  file: doc.txt")
    )
    stored_id = store.put(
        "mine.yaml", case_text.encode(), [("doc.txt", minimal_document_text.encode())]
    )
    stored = store.get(stored_id)
    assert stored is not None
    case = load_stored_case(stored)
    assert case.title == "A small test case"
    assert case.quotes_checked


def test_a_stored_case_without_its_document_opens_unchecked(
    store: CaseStore, case_with: Callable[..., str]
) -> None:
    case_text = case_with(
        ("title: A small test case", "title: A small test case\ndocument:\n  file: doc.txt")
    )
    stored = store.get(store.put("mine.yaml", case_text.encode()))
    assert stored is not None
    assert not load_stored_case(stored).quotes_checked


def test_a_stored_case_that_no_longer_passes_gives_the_case_message(store: CaseStore) -> None:
    """Bytes that the rules refuse give the usual one-line CaseError naming the file."""
    stored = store.get(store.put("broken.yaml", b"title: [unclosed"))
    assert stored is not None
    with pytest.raises(CaseError, match="broken.yaml"):
        load_stored_case(stored)


TWO_DOCUMENTS = ROOT / "tests" / "fixtures" / "two-documents"


def test_a_case_with_several_documents_is_stored_under_the_spec_id(store: CaseStore) -> None:
    """Its documents are kept in the case's order, the id hashes them in that order, and the
    case opens again with every quote checked in its own document."""
    case = (TWO_DOCUMENTS / "roads.yaml").read_bytes()
    bulletin = (TWO_DOCUMENTS / "council-bulletin.txt").read_bytes()
    radio = (TWO_DOCUMENTS / "valley-radio.txt").read_bytes()
    documents = [("council-bulletin.txt", bulletin), ("valley-radio.txt", radio)]
    stored_id = store.put("roads.yaml", case, documents)
    expected = hashlib.sha256(case + b"\0" + bulletin + b"\0" + radio).hexdigest()[:32]
    assert stored_id == "u-" + expected
    stored = store.get(stored_id)
    assert stored is not None and stored.documents == tuple(documents)
    opened = load_stored_case(stored)
    assert opened.quotes_checked and [d.id for d in opened.documents] == ["bulletin", "radio"]
    assert store.size() == len(case) + len(bulletin) + len(radio)


def test_a_lone_document_under_another_name_opens_as_it_was_uploaded(
    store: CaseStore, case_with: Callable[..., str], minimal_document_text: str
) -> None:
    """A case stored with its one document under another name (spec section 1) opens with
    that file as its document again."""
    case_text = case_with(
        ("title: A small test case", "title: A small test case\ndocument:\n  file: doc.txt")
    )
    renamed = [("doc (2).txt", minimal_document_text.encode())]
    stored = store.get(store.put("mine.yaml", case_text.encode(), renamed))
    assert stored is not None
    case = load_stored_case(stored)
    assert case.quotes_checked
    assert case.document is not None and case.document.uploaded_as == "doc (2).txt"


# --- many sessions at once ---------------------------------------------------------------------


def test_sessions_storing_and_opening_at_once(store_url: str) -> None:
    """The concurrency script, small: every session's cases open as themselves, no errors."""
    result = run_store_concurrency(store_url, sessions=6, cases_per_session=4, timeout=60)
    assert result.errors == []
    assert result.mismatches == 0
    assert result.stored == 6 * 4 and result.opened == 6 * 4


# --- taking a case down ------------------------------------------------------------------------


def test_delete_removes_the_case_and_its_documents(store: CaseStore) -> None:
    """A case taken down leaves no row behind, and its link then finds nothing."""
    stored_id = store.put("a.yaml", b"title: a", [("a.txt", b"text a"), ("b.txt", b"text b")])
    assert store.delete(stored_id) is True
    assert store.get(stored_id) is None
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM stored_documents")).scalar() == 0
    assert store.count() == 0 and store.size() == 0


def test_delete_of_an_unknown_or_malformed_id_says_no(store: CaseStore) -> None:
    assert store.delete("u-" + "0" * 32) is False
    assert store.delete("'; DROP TABLE stored_cases; --") is False


def test_a_case_taken_down_can_be_stored_again(store: CaseStore) -> None:
    """Storing the same upload after taking it down gives the same id and opens again."""
    files = [("a.txt", b"text a")]
    stored_id = store.put("a.yaml", b"title: a", files)
    store.delete(stored_id)
    assert store.put("a.yaml", b"title: a", files) == stored_id
    stored = store.get(stored_id)
    assert stored is not None and stored.documents == (("a.txt", b"text a"),)
