"""Test cases for the store's tables (dashboard/store/sql_schema.py): made on first use at
their version, shared by replicas, left alone when newer, and older stores upgraded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from dashboard.store import (
    SCHEMA_VERSION,
    CaseStore,
    StoreUnavailable,
    load_stored_case,
)
from dashboard.store.sql_schema import stored_cases
from tests.support.store_ids import spec_id

# --- the schema --------------------------------------------------------------------------------


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


# --- older versions ----------------------------------------------------------------------------


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
