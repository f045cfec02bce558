"""Test cases for the case store (spec section 9), on SQLite always and PostgreSQL when set.

The `store_url` fixture runs each store test on both databases: SQLite in a fresh folder,
and PostgreSQL at CASE_STORE_POSTGRES_URL (its tables dropped before and after each test).
Without that variable the PostgreSQL runs are skipped, unless POSTGRES_REQUIRED=1 (as in
CI) makes that a failure.
"""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, event, make_url, text, update
from sqlalchemy.exc import SQLAlchemyError

from dashboard.case import UPLOAD_LIMIT_BYTES, CaseError
from dashboard.store import (
    SCHEMA_VERSION,
    SETTING_KEYS,
    STORED_ID,
    CaseStore,
    FileTooLarge,
    RateLimited,
    RateLimiter,
    StoreConfigError,
    StoreCorrupt,
    StoreDisabled,
    StoreError,
    StoreFull,
    StoreLimits,
    StoreUnavailable,
    case_id,
    connection_kwargs,
    default_sqlite_url,
    is_stored_id,
    is_work_id,
    limits_from,
    load_stored_case,
    new_work_id,
    settings_from_environ,
)
from dashboard.store import (
    store_url as url_from_settings,
)
from dashboard.store.sql_schema import metadata, stored_cases
from scripts.store_concurrency import run as run_store_concurrency
from tests.support.databases import Relay, postgres_url_or_skip

ROOT = Path(__file__).resolve().parents[2]

HOSTILE_IDS = [
    "",
    "u-",
    "u-../../x",
    "u-../../../etc/passwd",
    "u-0123456789abcdef0123456789abcde",  # 31 digits
    "u-0123456789abcdef0123456789abcdef0",  # 33 digits
    "u-0123456789ABCDEF0123456789ABCDEF",  # upper case
    "u-0123456789abcdef0123456789abcdef\n",
    " u-0123456789abcdef0123456789abcdef",
    "U-0123456789abcdef0123456789abcdef",
    "u-0123456789abcdef0123456789abcdeg",
    "u-٠١٢٣٤٥٦٧٨٩abcdef0123456789abcdef",  # Arabic-Indic digits
    "u-' OR '1'='1",
    "u-0123456789abcdef'; DROP TABLE stored_cases; --",
    "refusals",
    "u-0123456789abcdef0123456789abcdef\x00",
]


# --- fixtures ----------------------------------------------------------------------------------


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


def spec_id(case: bytes, documents: list[bytes]) -> str:
    """Spec section 9, computed here independently of the store: the case file, then a zero
    byte and each document file in order; with none, the case file and one zero byte."""
    digest = hashlib.sha256()
    digest.update(case)
    for document in documents:
        digest.update(bytes([0]))
        digest.update(document)
    if not documents:
        digest.update(bytes([0]))
    return "u-" + digest.hexdigest()[:32]


case_files = st.binary(max_size=5000).map(lambda data: data.replace(b"\0", b""))
"""Case bytes: anything but a zero byte, which the store refuses (see below)."""
document_files = st.binary(min_size=1, max_size=2000).map(lambda data: data.replace(b"\0", b"d"))
"""Document bytes: non-empty, without a zero byte (spec section 1)."""

file_names = st.text(
    st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40
).filter(lambda name: name.strip() != "")


# --- ids ---------------------------------------------------------------------------------------


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


# --- schema ------------------------------------------------------------------------------------


def test_the_schema_is_made_on_first_use_with_its_version(store: CaseStore) -> None:
    """A fresh database gets the tables and the schema version at the first call."""
    assert store.size() == 0
    with store.engine.connect() as connection:
        versions = connection.execute(text("SELECT version FROM schema_version")).scalars().all()
    assert versions == [SCHEMA_VERSION]


def test_a_second_store_on_the_same_database_sees_the_first_ones_cases(
    open_store: Callable[..., CaseStore],
) -> None:
    """Two replicas on one database: one stores, the other opens; the version row stays one."""
    first, second = open_store(), open_store()
    stored_id = first.put("a.yaml", b"case", [("d.txt", b"doc")])
    stored = second.get(stored_id)
    assert stored is not None and stored.documents == (("d.txt", b"doc"),)
    with second.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM schema_version")).scalar() == 1


def test_a_newer_schema_is_not_touched(open_store: Callable[..., CaseStore]) -> None:
    """A store written by a newer dashboard says so instead of writing into it."""
    open_store().size()
    with open_store().engine.begin() as connection:
        connection.execute(text("UPDATE schema_version SET version = 99"))
    with pytest.raises(StoreUnavailable, match="newer version"):
        open_store().put("a.yaml", b"case")


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    """The embedded store lets readers read while a writer writes."""
    store = CaseStore.from_url(default_sqlite_url(tmp_path / "store"))
    store.size()
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert (tmp_path / "store" / "cases.sqlite3").is_file()


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


def test_the_rate_limiter_allows_ten_per_ten_minutes() -> None:
    """Ten stores in a window, the eleventh waits until the first leaves the window."""
    limiter = RateLimiter(10, 600)
    for second in range(10):
        limiter.check(1000.0 + second)
        limiter.record(1000.0 + second)
    assert limiter.wait_seconds(1010.0) == pytest.approx(590.0)
    with pytest.raises(RateLimited, match=r"10 cases in the last 10 minutes; wait about 10 min"):
        limiter.check(1010.0)
    with pytest.raises(RateLimited, match="wait about 1 minute before"):
        limiter.check(1599.0)
    assert limiter.wait_seconds(1600.0) == 0.0
    limiter.check(1600.0)


@given(st.lists(st.floats(min_value=0, max_value=10_000), max_size=40))
def test_the_rate_limiter_never_allows_more_than_its_limit_in_a_window(
    offsets: list[float],
) -> None:
    """Whatever the timing of attempts, no window of 600 s ever holds more than 10 stores."""
    limiter = RateLimiter(10, 600)
    made: list[float] = []
    for now in sorted(offsets):
        if limiter.wait_seconds(now) == 0:
            limiter.record(now)
            made.append(now)
    for start in made:
        assert sum(start <= t < start + 600 for t in made) <= 10


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


def test_limits_from_settings() -> None:
    """TOML values and environment text give the same limits; missing keys keep defaults."""
    assert limits_from({}) == StoreLimits()
    toml = {"enabled": False, "max_total_bytes": 1_000, "stores_per_window": 3}
    assert limits_from(toml) == StoreLimits(False, 1_000, UPLOAD_LIMIT_BYTES, 3, 600)
    environ = {
        "CASE_STORE_ENABLED": "off",
        "CASE_STORE_MAX_TOTAL_BYTES": "1_000",
        "CASE_STORE_STORES_PER_WINDOW": " 3 ",
        "CASE_STORE_URL": "sqlite:///x.sqlite3",
        "UNRELATED": "1",
    }
    settings_ = settings_from_environ(environ)
    assert settings_["url"] == "sqlite:///x.sqlite3" and "unrelated" not in settings_
    assert limits_from(settings_) == limits_from(toml)


@pytest.mark.parametrize(
    ("settings_", "named"),
    [
        ({"max_total_byte": 5}, "max_total_byte"),
        ({"enabled": "maybe"}, "enabled"),
        ({"max_total_bytes": 0}, "max_total_bytes"),
        ({"window_seconds": "ten"}, "window_seconds"),
        ({"stores_per_window": True}, "stores_per_window"),
        ({"max_file_bytes": 2_000_000}, "max_file_bytes"),
    ],
)
def test_unusable_settings_are_named(settings_: dict[str, object], named: str) -> None:
    """A typo or a bad value in the deployment's settings fails loudly, naming the key."""
    with pytest.raises(StoreConfigError, match=named):
        limits_from(settings_)


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


def test_every_setting_is_documented() -> None:
    """Each setting appears in the README and in .streamlit/secrets.toml.example."""
    readme = (ROOT / "README.md").read_text()
    example = (ROOT / ".streamlit" / "secrets.toml.example").read_text()
    for key in SETTING_KEYS:
        assert key in readme, f"README does not describe case_store.{key}"
        assert f"CASE_STORE_{key.upper()}" in readme
        assert key in example, f"secrets.toml.example does not show case_store.{key}"
    parsed = tomllib.loads(example)
    limits_from(parsed["case_store"])
    assert "[connections.case_store]" in example


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


def test_every_store_error_message_is_one_line() -> None:
    for kind in (StoreError, StoreFull, StoreUnavailable, RateLimited, StoreDisabled, FileTooLarge):
        message = str(kind())
        assert message and "\n" not in message
        assert issubclass(kind, StoreError)
    assert str(StoreError("two\nlines")) == "two lines"


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


def test_a_case_stored_by_schema_version_1_still_opens(
    store: CaseStore, case_with: Callable[..., str], minimal_document_text: str
) -> None:
    """A row written before `stored_documents` existed keeps its one document in the row: it is
    read as that case's document, under the same id."""
    case_bytes = case_with(
        ("title: A small test case", "title: A small test case\ndocument:\n  file: doc.txt")
    ).encode()
    document = minimal_document_text.encode()
    store.size()  # the tables exist
    old_id = spec_id(case_bytes, [document])
    with store.engine.begin() as connection:
        connection.execute(
            stored_cases.insert(),
            {
                "id": old_id,
                "case_name": "old.yaml",
                "case_bytes": case_bytes,
                "document_name": "doc.txt",
                "document_bytes": document,
                "size_bytes": len(case_bytes) + len(document),
                "stored_at": datetime.now(UTC),
            },
        )
    stored = store.get(old_id)
    assert stored is not None and stored.documents == (("doc.txt", document),)
    assert load_stored_case(stored).quotes_checked


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


def test_a_sql_delete_of_the_case_takes_its_documents_with_it(store: CaseStore) -> None:
    """The database itself deletes a case's documents with it (a foreign key with cascade),
    so a DELETE typed by hand leaves nothing behind and the case can be stored again."""
    files = [("a.txt", b"text a")]
    stored_id = store.put("a.yaml", b"title: a", files)
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM stored_cases WHERE id = :id"), {"id": stored_id})
        assert connection.execute(text("SELECT count(*) FROM stored_documents")).scalar() == 0
    assert store.put("a.yaml", b"title: a", files) == stored_id
    assert store.get(stored_id) is not None


def test_a_version_2_store_gets_the_foreign_key_and_loses_its_orphans(store_url: str) -> None:
    """A store written by schema version 2 (documents without a foreign key, and documents a
    hand-made DELETE left behind) is brought to version 3: orphans dropped, cases kept."""
    database = make_url(store_url).database
    if store_url.startswith("sqlite") and database:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(store_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE schema_version (version INTEGER PRIMARY KEY)"))
            connection.execute(text("INSERT INTO schema_version VALUES (2)"))
            stored_cases.create(connection)
            connection.execute(
                text(
                    "CREATE TABLE stored_documents (case_id VARCHAR(34), position INTEGER, "
                    "name TEXT NOT NULL, data BYTEA NOT NULL, PRIMARY KEY (case_id, position))"
                    if connection.dialect.name == "postgresql"
                    else "CREATE TABLE stored_documents (case_id VARCHAR(34), position INTEGER, "
                    "name TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (case_id, position))"
                )
            )
        old = CaseStore(engine)
        old._ready = True  # the version-2 tables as they are, before any upgrade
        kept_id = old.put("a.yaml", b"title: a", [("a.txt", b"text a")])
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO stored_documents VALUES ('u-gone', 0, 'x.txt', :data)"),
                {"data": b"orphan"},
            )
        store = CaseStore(engine)
        assert store.get(kept_id) is not None
        with engine.connect() as connection:
            assert connection.execute(text("SELECT max(version) FROM schema_version")).scalar() == 3
            names = connection.execute(text("SELECT case_id FROM stored_documents")).scalars()
            assert list(names) == [kept_id]
        assert store.delete(kept_id)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM stored_documents")).scalar() == 0
    finally:
        engine.dispose()


# --- works in progress -------------------------------------------------------------------------


def test_a_work_is_saved_opened_and_replaced_under_its_id(store: CaseStore) -> None:
    """A work is mutable: the last save under its id is what opens."""
    work_id = new_work_id()
    store.save_work(work_id, b'{"title": "first"}')
    store.save_work(work_id, b'{"title": "second"}')
    assert store.open_work(work_id) == b'{"title": "second"}'
    store.delete_work(work_id)
    assert store.open_work(work_id) is None


def test_work_ids_are_random_and_well_formed() -> None:
    """128 random bits: no two alike, each shaped as the link checks."""
    made = {new_work_id() for _ in range(1000)}
    assert len(made) == 1000
    assert all(is_work_id(work_id) and len(work_id) == 2 + 32 for work_id in made)
    assert not is_work_id("u-" + "0" * 32) and not is_work_id("w-" + "0" * 31)


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


def test_work_settings_are_read_from_case_store_settings() -> None:
    limits = limits_from({"max_work_bytes": "5000", "max_works": 7, "work_days": "2"})
    assert (limits.max_work_bytes, limits.max_works, limits.work_days) == (5000, 7, 2)
    with pytest.raises(StoreConfigError, match="work_days"):
        limits_from({"work_days": "0"})
