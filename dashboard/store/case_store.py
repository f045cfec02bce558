"""Stored cases (spec section 9): an uploaded case kept under an id made from its content;
and works in progress, kept private under a random id until their author stores them.

One small interface, `CaseStore` (`put`, `get`, `delete`, `size`; `save_work`,
`open_work`, `delete_work`), over a SQLAlchemy engine: an
embedded SQLite file by default, PostgreSQL when several replicas share one store. The
store keeps the case file and its document files exactly as uploaded, their names and the
time, nothing about the reader. Strangers write into it, so every id is checked against
`STORED_ID` before any query, every query is parameterised, nothing stored is ever
overwritten, and each failure is one `StoreError` whose message can be shown to the reader
as it is. The store returns
bytes; whoever opens a stored case validates it again (`load_stored_case`).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    make_url,
    select,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from dashboard.case import UPLOAD_LIMIT_BYTES, Case, load_case_bytes

STORED_ID = re.compile(r"u-[0-9a-f]{32}")
"""A stored case's id: `u-` and the first 32 hex digits of its content's SHA-256."""

WORK_ID = re.compile(r"w-[0-9a-f]{32}")
"""A work in progress's id: `w-` and 128 random bits in hex, so it cannot be guessed."""

SCHEMA_VERSION = 3
"""The version of the tables below, kept in the `schema_version` table. Version 2 added
`stored_documents` (several documents per case); a version-1 row keeps its one document in
`stored_cases` and is read as before. Version 3 made each document reference its case
(deleted with it) and added `work_drafts`."""

DEFAULT_FOLDER = Path(".case-store")
"""Where the embedded SQLite store lives when no database URL is configured."""

SQLITE_FILE = "cases.sqlite3"

MAX_NAME_CHARS = 255
"""A file name longer than any file system allows is not a real upload's name."""

CONNECT_TIMEOUT_SECONDS = 5
"""How long to wait for the database before telling the reader it is not answering."""

STATEMENT_TIMEOUT_MS = 10_000
"""A query slower than this (a stuck or overloaded server) is cut off, not waited on."""

SQLITE_BUSY_TIMEOUT_MS = 10_000
"""How long an SQLite writer waits for another writer to finish."""

SETTING_KEYS = (
    "enabled",
    "max_total_bytes",
    "max_file_bytes",
    "stores_per_window",
    "window_seconds",
    "folder",
    "url",
    "max_work_bytes",
    "max_works",
    "work_days",
)
"""The keys of the `[case_store]` settings (secrets.toml) or `CASE_STORE_<KEY>` (environment)."""

ENVIRONMENT_PREFIX = "CASE_STORE_"


# --- ids ---------------------------------------------------------------------------------------


def case_id(case_bytes: bytes, documents: Sequence[bytes] = ()) -> str:
    """The id of a stored case (spec section 9): `u-` and the first 32 hex digits of the
    SHA-256 of the case file, then a zero byte and each document file in the case's order;
    with no document file, the case file and one zero byte."""
    stored = case_bytes + b"".join(b"\0" + document for document in documents or [b""])
    return "u-" + hashlib.sha256(stored).hexdigest()[:32]


def is_stored_id(text: object) -> bool:
    """Whether `text` is shaped like a stored case's id (checked before any query)."""
    return isinstance(text, str) and STORED_ID.fullmatch(text) is not None


def new_work_id() -> str:
    """A fresh id for a work in progress: 128 bits from the operating system's randomness."""
    return "w-" + secrets.token_hex(16)


def is_work_id(text: object) -> bool:
    """Whether `text` is shaped like a work's id (checked before any query)."""
    return isinstance(text, str) and WORK_ID.fullmatch(text) is not None


# --- errors ------------------------------------------------------------------------------------


class StoreError(Exception):
    """A store that cannot do what was asked; the message is one line, for the reader as is."""

    default = "The case store could not do that."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(" ".join((message or self.default).split()))


class StoreFull(StoreError):
    default = (
        "The case store is full, so this case cannot be shared; download the case file to keep it."
    )


class StoreUnavailable(StoreError):
    default = "The case store is not answering right now; try again in a minute."


class RateLimited(StoreError):
    default = "You have shared many cases in a short time; wait a few minutes and try again."


UNAVAILABLE_TO_PUT = (
    "The case store did not answer, so the case was not shared; your case and view are as "
    "they were. Try again in a minute."
)
UNAVAILABLE_TO_GET = (
    "The case store did not answer, so the shared case could not be opened; try again in a "
    "minute. The bundled cases work as usual."
)
UNAVAILABLE_TO_SAVE_WORK = (
    "The case store did not answer, so your latest change is not kept on the server yet; it "
    "is here on the page, and the next change tries again. Download the case file to be safe."
)
UNAVAILABLE_TO_OPEN_WORK = (
    "The case store did not answer, so the work in the link could not be opened; reload the "
    "page in a minute to try again."
)


class StoreDisabled(StoreError):
    default = "This server does not keep shared cases."


class FileTooLarge(StoreError):
    default = "The file is too large to share."


class StoreCorrupt(StoreError):
    default = "The shared case is damaged in the store and cannot be opened."


class StoreConfigError(StoreError):
    """A setting of the deployment that cannot be used; the message names the key."""


# --- limits and settings -----------------------------------------------------------------------


@dataclass(frozen=True)
class StoreLimits:
    """What a deployment allows: storing at all, sizes, and how often one session may store."""

    enabled: bool = True
    max_total_bytes: int = 500_000_000
    max_file_bytes: int = UPLOAD_LIMIT_BYTES
    stores_per_window: int = 10
    window_seconds: int = 600
    max_work_bytes: int = 4_000_000
    """A work keeps its case file and document texts: a few files of up to 1 MB each."""
    max_works: int = 10_000
    work_days: int = 30
    """A work not saved for this many days is deleted at the next save of any work."""


def limits_from(settings: Mapping[str, Any]) -> StoreLimits:
    """Limits from the `[case_store]` settings (TOML values, or text from the environment).

    Missing keys keep their defaults; an unknown key or a value that is not usable is a
    `StoreConfigError` naming it, so a typo in the deployment's settings does not pass.
    """
    unknown = sorted(set(settings) - set(SETTING_KEYS))
    if unknown:
        raise StoreConfigError(
            f"case_store: unknown setting {', '.join(unknown)}; known: {', '.join(SETTING_KEYS)}"
        )
    defaults = StoreLimits()
    values: dict[str, Any] = {}
    if "enabled" in settings:
        values["enabled"] = _setting_bool("enabled", settings["enabled"])
    counts = (
        "max_total_bytes",
        "max_file_bytes",
        "stores_per_window",
        "window_seconds",
        "max_work_bytes",
        "max_works",
        "work_days",
    )
    for key in counts:
        if key in settings:
            values[key] = _setting_count(key, settings[key])
    limits = StoreLimits(**{**defaults.__dict__, **values})
    if limits.max_file_bytes > UPLOAD_LIMIT_BYTES:
        raise StoreConfigError(
            f"case_store.max_file_bytes: {limits.max_file_bytes:,} exceeds the upload cap of "
            f"{UPLOAD_LIMIT_BYTES:,} bytes; a stored case could then never be opened"
        )
    return limits


def _setting_bool(key: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off"):
        return False
    raise StoreConfigError(f"case_store.{key}: {value!r} is not true or false")


def _setting_count(key: str, value: object) -> int:
    try:
        number = value if isinstance(value, int) and not isinstance(value, bool) else None
        if number is None and isinstance(value, str):
            number = int(value.strip())
    except ValueError:
        number = None
    if number is None or number < 1:
        raise StoreConfigError(f"case_store.{key}: {value!r} is not a whole number of at least 1")
    return number


def settings_from_environ(environ: Mapping[str, str]) -> dict[str, str]:
    """The `CASE_STORE_<KEY>` variables of the environment as settings (`CASE_STORE_URL` ...)."""
    settings: dict[str, str] = {}
    for key in SETTING_KEYS:
        name = ENVIRONMENT_PREFIX + key.upper()
        if name in environ:
            settings[key] = environ[name]
    return settings


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


def store_from_settings(environ: Mapping[str, str], secrets: Mapping[str, Any]) -> CaseStore:
    """The store the app would use with these settings: the `CASE_STORE_*` variables, then
    the `[case_store]` and `[connections.case_store]` sections of secrets.toml (as parsed)."""
    settings = {**settings_from_environ(environ), **secrets.get("case_store", {})}
    limits = limits_from(settings)
    connection = secrets.get("connections", {}).get("case_store", {})
    return CaseStore.from_url(str(connection.get("url") or store_url(settings)), limits)


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


# --- the rate limit ----------------------------------------------------------------------------


class RateLimiter:
    """At most `stores_per_window` stores in any `window_seconds`, for one reader's session.

    Pure: the caller passes the time (any monotonic clock), so tests need no sleeping.
    """

    def __init__(self, stores_per_window: int, window_seconds: float) -> None:
        self.stores_per_window = stores_per_window
        self.window_seconds = window_seconds
        self._times: deque[float] = deque()
        self._lock = threading.Lock()

    @classmethod
    def for_limits(cls, limits: StoreLimits) -> RateLimiter:
        return cls(limits.stores_per_window, limits.window_seconds)

    def _forget_before(self, now: float) -> None:
        while self._times and self._times[0] <= now - self.window_seconds:
            self._times.popleft()

    def wait_seconds(self, now: float) -> float:
        """How long until one more store is allowed: 0 when it is allowed now."""
        with self._lock:
            self._forget_before(now)
            if len(self._times) < self.stores_per_window:
                return 0.0
            return self._times[0] + self.window_seconds - now

    def check(self, now: float) -> None:
        """Raise `RateLimited` (saying how long to wait) when one more store is not allowed."""
        wait = self.wait_seconds(now)
        if wait > 0:
            minutes = max(1, round(wait / 60))
            raise RateLimited(
                f"You have shared {self.stores_per_window} cases in the last "
                f"{_duration(self.window_seconds)}; wait about {minutes} minute"
                f"{'s' if minutes != 1 else ''} before sharing another."
            )

    def record(self, now: float) -> None:
        """Count one store made at `now`."""
        with self._lock:
            self._forget_before(now)
            self._times.append(now)


# --- the store ---------------------------------------------------------------------------------


Files = tuple[tuple[str, bytes], ...]
"""Document files as (name as uploaded, bytes), in the order the case names them."""


@dataclass(frozen=True)
class StoredCase:
    """A stored case as it was uploaded: the case file and its document files (none when it
    came without them)."""

    case_id: str
    case_name: str
    case_bytes: bytes
    documents: Files
    stored_at: datetime


metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
)

stored_cases = Table(
    "stored_cases",
    metadata,
    Column("id", String(34), primary_key=True),
    Column("case_name", Text, nullable=False),
    Column("case_bytes", LargeBinary, nullable=False),
    Column("document_name", Text, nullable=True),
    Column("document_bytes", LargeBinary, nullable=False),
    Column("size_bytes", BigInteger, nullable=False),
    Column("stored_at", DateTime(timezone=True), nullable=False),
)
"""One row per case; `document_name` and `document_bytes` hold the one document of a row
written by schema version 1 (NULL and empty since version 2)."""

stored_documents = Table(
    "stored_documents",
    metadata,
    Column(
        "case_id",
        String(34),
        ForeignKey("stored_cases.id", ondelete="CASCADE", name="stored_documents_case_id_fkey"),
        primary_key=True,
    ),
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False),
    Column("data", LargeBinary, nullable=False),
)
"""A stored case's document files, `position` counting from 0 in the case's order; deleted
with their case."""

work_drafts = Table(
    "work_drafts",
    metadata,
    Column("id", String(34), primary_key=True),
    Column("work", LargeBinary, nullable=False),
    Column("size_bytes", BigInteger, nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
)
"""Works in progress: each the last state its author saved, kept private (never listed, opened
only by its id) and mutable, unlike a stored case; deleted `work_days` after its last save."""


class CaseStore:
    """Stored cases in one SQL database: `put` a case, `get` it back by id, `size` in bytes.

    The tables are created on first use. Every database failure surfaces as
    `StoreUnavailable`; the store itself never raises anything but a `StoreError`
    (or a `ValueError` for a call that breaks the interface).
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

    @classmethod
    def from_url(cls, url: str, limits: StoreLimits | None = None) -> CaseStore:
        return cls(make_engine(url), limits)

    # --- the interface -----------------------------------------------------------------------

    def put(
        self,
        case_name: str,
        case_bytes: bytes,
        documents: Sequence[tuple[str, bytes]] = (),
        *,
        limiter: RateLimiter | None = None,
        now: float | None = None,
    ) -> str:
        """Store a case and its document files, (name, bytes) in the case's order, and
        return its id.

        The same content always gets the same id and is stored once: a second put of it
        returns the id, changes nothing and counts against no limit. A new case is written
        in one transaction, so a writer killed midway leaves nothing behind. `limiter` is
        the reader's session limit; `now` its clock (default: monotonic).
        """
        self._check_enabled()
        files = ((case_name, case_bytes), *documents)
        for name, data in files:
            _check_name(name)
            if len(data) > self.limits.max_file_bytes:
                raise FileTooLarge(
                    f"{name} is {len(data):,} bytes; a shared file may be at most "
                    f"{self.limits.max_file_bytes:,} bytes."
                )
            if b"\0" in data:
                # The zero byte separates the files in the id: one inside a file would let two
                # different uploads share an id. A case file or a document (UTF-8 text, spec
                # section 1) never holds one.
                raise StoreError(f"{name} holds a zero byte, so it is not a text file to share.")
        new_id = case_id(case_bytes, [data for _, data in documents])
        moment = time.monotonic() if now is None else now
        size = sum(len(data) for _, data in files)
        row = {
            "id": new_id,
            "case_name": case_name,
            "case_bytes": case_bytes,
            "document_name": None,
            "document_bytes": b"",
            "size_bytes": size,
            "stored_at": datetime.now(UTC),
        }
        document_rows = [
            {"case_id": new_id, "position": position, "name": name, "data": data}
            for position, (name, data) in enumerate(documents)
        ]
        with self._unavailable_as(UNAVAILABLE_TO_PUT):
            self._ensure_schema()
            try:
                with self.engine.begin() as connection:
                    if self._exists(connection, new_id):
                        return new_id
                    if limiter is not None:
                        limiter.check(moment)
                    total = connection.execute(self._total_query()).scalar_one()
                    if int(total) + size > self.limits.max_total_bytes:
                        raise StoreFull()
                    connection.execute(insert(stored_cases), row)
                    # Documents a hand-made DELETE of their case left behind would collide.
                    connection.execute(
                        delete(stored_documents).where(stored_documents.c.case_id == new_id)
                    )
                    if document_rows:
                        connection.execute(insert(stored_documents), document_rows)
            except IntegrityError:
                # Another session stored the same content between our check and our insert.
                with self.engine.connect() as connection:
                    if not self._exists(connection, new_id):
                        raise
                return new_id
        if limiter is not None:
            limiter.record(moment)
        return new_id

    def get(self, stored_id: str) -> StoredCase | None:
        """The stored case with this id, or None when the id is malformed or unknown.

        A malformed id never reaches the database. The bytes read back are checked against
        the id, so a row altered in the database is refused (`StoreCorrupt`).
        """
        self._check_enabled()
        if not is_stored_id(stored_id):
            return None
        with self._unavailable_as(UNAVAILABLE_TO_GET):
            self._ensure_schema()
            with self.engine.connect() as connection:
                found = (
                    connection.execute(select(stored_cases).where(stored_cases.c.id == stored_id))
                    .mappings()
                    .first()
                )
                listed = connection.execute(
                    select(stored_documents.c.name, stored_documents.c.data)
                    .where(stored_documents.c.case_id == stored_id)
                    .order_by(stored_documents.c.position)
                ).all()
        if found is None:
            return None
        case_bytes = bytes(found["case_bytes"])
        documents = tuple((str(name), bytes(data)) for name, data in listed)
        if found["document_name"] is not None:  # a row of schema version 1
            documents = ((found["document_name"], bytes(found["document_bytes"])),)
        if case_id(case_bytes, [data for _, data in documents]) != stored_id:
            raise StoreCorrupt(
                f"The shared case {stored_id} does not match its id in the store; it cannot be "
                "opened."
            )
        stored_at: datetime = found["stored_at"]
        if stored_at.tzinfo is None:  # SQLite keeps no time zone; the store writes UTC
            stored_at = stored_at.replace(tzinfo=UTC)
        return StoredCase(
            case_id=stored_id,
            case_name=found["case_name"],
            case_bytes=case_bytes,
            documents=documents,
            stored_at=stored_at,
        )

    def delete(self, stored_id: str) -> bool:
        """Take a stored case down, its documents with it; False when there was none. Its
        link then says it is not found, and the same files may be stored again."""
        self._check_enabled()
        if not is_stored_id(stored_id):
            return False
        with self._unavailable_as(StoreUnavailable.default):
            self._ensure_schema()
            with self.engine.begin() as connection:
                # The foreign key deletes them too; said here as well for an SQLite connection
                # that has foreign keys off (sqlite3's shell, by default).
                connection.execute(
                    delete(stored_documents).where(stored_documents.c.case_id == stored_id)
                )
                found = connection.execute(
                    delete(stored_cases).where(stored_cases.c.id == stored_id)
                )
                return bool(found.rowcount)

    def save_work(self, work_id: str, work: bytes, now: datetime | None = None) -> None:
        """Keep a work in progress under its id, replacing what was saved there before.

        Works older than `work_days` are deleted first. A work over `max_work_bytes` is
        refused (`FileTooLarge`), and so is a new one while `max_works` are kept
        (`StoreFull`); the author's work in the page is untouched either way.
        """
        self._check_enabled()
        if not is_work_id(work_id):
            raise ValueError(f"not a work id: {work_id!r}")
        if len(work) > self.limits.max_work_bytes:
            raise FileTooLarge(
                f"The work is {len(work):,} bytes, over the {self.limits.max_work_bytes:,} bytes "
                "this server keeps of a work in progress: download its case file to keep it."
            )
        moment = now or datetime.now(UTC)
        row = {"work": work, "size_bytes": len(work), "saved_at": moment}
        with self._unavailable_as(UNAVAILABLE_TO_SAVE_WORK):
            self._ensure_schema()
            with self.engine.begin() as connection:
                connection.execute(
                    delete(work_drafts).where(work_drafts.c.saved_at < self._work_cutoff(moment))
                )
                saved = connection.execute(
                    update(work_drafts).where(work_drafts.c.id == work_id), row
                )
                if saved.rowcount:
                    return
                kept = connection.execute(select(func.count()).select_from(work_drafts))
                if kept.scalar_one() >= self.limits.max_works:
                    raise StoreFull(
                        "This server keeps as many works in progress as it may, so this one is "
                        "not kept: download its case file to keep it."
                    )
                connection.execute(insert(work_drafts), {"id": work_id, **row})

    def open_work(self, work_id: str, now: datetime | None = None) -> bytes | None:
        """The work last saved under this id; None when the id is malformed, unknown, or its
        work is older than `work_days`."""
        self._check_enabled()
        if not is_work_id(work_id):
            return None
        with self._unavailable_as(UNAVAILABLE_TO_OPEN_WORK):
            self._ensure_schema()
            with self.engine.connect() as connection:
                found = connection.execute(
                    select(work_drafts.c.work).where(
                        work_drafts.c.id == work_id,
                        work_drafts.c.saved_at >= self._work_cutoff(now or datetime.now(UTC)),
                    )
                ).first()
        return None if found is None else bytes(found[0])

    def delete_work(self, work_id: str) -> None:
        """Forget a work in progress (its author closed it)."""
        self._check_enabled()
        if not is_work_id(work_id):
            return
        with self._unavailable_as(StoreUnavailable.default):
            self._ensure_schema()
            with self.engine.begin() as connection:
                connection.execute(delete(work_drafts).where(work_drafts.c.id == work_id))

    def _work_cutoff(self, now: datetime) -> datetime:
        return now - timedelta(days=self.limits.work_days)

    def size(self) -> int:
        """The bytes stored: every case file and document, counted once each."""
        with self._unavailable_as(StoreUnavailable.default):
            self._ensure_schema()
            with self.engine.connect() as connection:
                return int(connection.execute(self._total_query()).scalar_one())

    def count(self) -> int:
        """How many cases are stored."""
        with self._unavailable_as(StoreUnavailable.default):
            self._ensure_schema()
            with self.engine.connect() as connection:
                query = select(func.count()).select_from(stored_cases)
                return int(connection.execute(query).scalar_one())

    def dispose(self) -> None:
        """Close the engine's pooled connections."""
        self.engine.dispose()

    # --- inside -----------------------------------------------------------------------------

    def _check_enabled(self) -> None:
        if not self.limits.enabled:
            raise StoreDisabled()

    @staticmethod
    def _exists(connection: Any, stored_id: str) -> bool:
        query = select(stored_cases.c.id).where(stored_cases.c.id == stored_id)
        return connection.execute(query).first() is not None

    @staticmethod
    def _total_query() -> Any:
        return select(func.coalesce(func.sum(stored_cases.c.size_bytes), 0))

    def _ensure_schema(self) -> None:
        """Create the tables and record the schema version, once per store object."""
        with self._ready_lock:
            if self._ready:
                return
            self._make_sqlite_folder()
            try:
                self._create_schema()
            except SQLAlchemyError:
                # Two replicas starting at once may race to create the same table: once more.
                self._create_schema()
            self._ready = True

    def _create_schema(self) -> None:
        with self.engine.begin() as connection:
            metadata.create_all(connection, checkfirst=True)
            found = connection.execute(select(func.max(schema_version.c.version))).scalar()
            if found is None or found < SCHEMA_VERSION:
                # Versions 2 and 3 added tables (create_all made them); version 3 also gave
                # the documents of an older store a foreign key to their case.
                _link_documents_to_cases(connection)
                connection.execute(insert(schema_version), {"version": SCHEMA_VERSION})
            elif found > SCHEMA_VERSION:
                raise StoreUnavailable(
                    f"The case store was written by a newer version of the dashboard "
                    f"(schema {found}, this one knows {SCHEMA_VERSION}); update the dashboard."
                )

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
    def _unavailable_as(message: str) -> _Unavailable:
        return _Unavailable(message)


class _Unavailable:
    """Turns any database failure inside the block into one `StoreUnavailable`."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _: Any
    ) -> None:
        if isinstance(error, SQLAlchemyError):
            raise StoreUnavailable(self.message) from error


def _link_documents_to_cases(connection: Any) -> None:
    """Give `stored_documents` of a store older than version 3 its foreign key to
    `stored_cases`, dropping the documents whose case is gone (a hand-made DELETE left them)."""
    if inspect(connection).get_foreign_keys("stored_documents"):
        return
    connection.execute(
        delete(stored_documents).where(stored_documents.c.case_id.not_in(select(stored_cases.c.id)))
    )
    if connection.dialect.name == "postgresql":
        connection.execute(
            text(
                "ALTER TABLE stored_documents ADD CONSTRAINT stored_documents_case_id_fkey "
                "FOREIGN KEY (case_id) REFERENCES stored_cases (id) ON DELETE CASCADE"
            )
        )
        return
    # SQLite cannot add a constraint to a table: the table is made again with it.
    connection.execute(text("ALTER TABLE stored_documents RENAME TO stored_documents_v2"))
    stored_documents.create(connection)
    connection.execute(
        text(
            "INSERT INTO stored_documents SELECT case_id, position, name, data "
            "FROM stored_documents_v2"
        )
    )
    connection.execute(text("DROP TABLE stored_documents_v2"))


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


def _check_name(name: str) -> None:
    """A file name the database can keep and a message can show."""
    if not name.strip():
        raise StoreError("A file without a name cannot be shared; upload it again.")
    if len(name) > MAX_NAME_CHARS or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise StoreError(
            "The file's name is too long or holds control characters; rename it and upload again."
        )
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise StoreError("The file's name is not valid text; rename it and upload again.") from None


def _duration(seconds: float) -> str:
    if seconds % 60 == 0:
        minutes = int(seconds // 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds:g} seconds"


# --- opening a stored case ---------------------------------------------------------------------


def load_stored_case(stored: StoredCase) -> Case:
    """The stored case validated again with the rules of section 1 (a `CaseError` if not),
    its documents found by the names they were uploaded under, as when it was uploaded."""
    return load_case_bytes(
        stored.case_bytes, stored.case_name, dict(stored.documents), max_bytes=UPLOAD_LIMIT_BYTES
    )
