"""Stored cases (spec section 9): `CaseStore`, the store's one small interface. An uploaded
case is kept under an id made from its content (`put`, `get`, `delete`, `size`, `count`),
exactly as uploaded, and never overwritten; works in progress come from `WorkDrafts`. Whoever
opens a stored case validates it again (`load_stored_case`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from dashboard.case import UPLOAD_LIMIT_BYTES, Case, load_case_bytes
from dashboard.store.database import make_engine, store_url
from dashboard.store.errors import (
    UNAVAILABLE_TO_GET,
    UNAVAILABLE_TO_PUT,
    FileTooLarge,
    StoreCorrupt,
    StoreError,
    StoreFull,
    StoreUnavailable,
)
from dashboard.store.ids import case_id, is_stored_id
from dashboard.store.limits import RateLimiter, StoreLimits, limits_from, settings_from_environ
from dashboard.store.sql_schema import stored_cases, stored_documents
from dashboard.store.works import WorkDrafts

MAX_NAME_CHARS = 255
"""A file name longer than any file system allows is not a real upload's name."""

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


class CaseStore(WorkDrafts):
    """Stored cases in one SQL database: `put` a case, `get` it back by id, `size` in bytes;
    and works in progress (`save_work`, `open_work`, `delete_work`, from `WorkDrafts`).

    The tables are created on first use. Every database failure surfaces as
    `StoreUnavailable`; the store itself never raises anything but a `StoreError`
    (or a `ValueError` for a call that breaks the interface).
    """

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

    # --- inside -----------------------------------------------------------------------------

    @staticmethod
    def _exists(connection: Any, stored_id: str) -> bool:
        query = select(stored_cases.c.id).where(stored_cases.c.id == stored_id)
        return connection.execute(query).first() is not None

    @staticmethod
    def _total_query() -> Any:
        return select(func.coalesce(func.sum(stored_cases.c.size_bytes), 0))


def store_from_settings(environ: Mapping[str, str], secrets: Mapping[str, Any]) -> CaseStore:
    """The store the app would use with these settings: the `CASE_STORE_*` variables, then
    the `[case_store]` and `[connections.case_store]` sections of secrets.toml (as parsed)."""
    settings = {**settings_from_environ(environ), **secrets.get("case_store", {})}
    limits = limits_from(settings)
    connection = secrets.get("connections", {}).get("case_store", {})
    return CaseStore.from_url(str(connection.get("url") or store_url(settings)), limits)


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


# --- opening a stored case ---------------------------------------------------------------------


def load_stored_case(stored: StoredCase) -> Case:
    """The stored case validated again with the rules of section 1 (a `CaseError` if not),
    its documents found by the names they were uploaded under, as when it was uploaded."""
    return load_case_bytes(
        stored.case_bytes, stored.case_name, dict(stored.documents), max_bytes=UPLOAD_LIMIT_BYTES
    )
