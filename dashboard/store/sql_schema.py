"""The store's tables, the version they are at, and the upgrade of a store written by an
older version; the case file's own schema is `dashboard.case.schema`."""

from __future__ import annotations

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
    delete,
    func,
    insert,
    inspect,
    select,
    text,
)

from dashboard.store.errors import StoreUnavailable

SCHEMA_VERSION = 3
"""The version of the tables below, kept in the `schema_version` table. Version 2 added
`stored_documents` (several documents per case); a version-1 row keeps its one document in
`stored_cases` and is read as before. Version 3 made each document reference its case
(deleted with it) and added `work_drafts`."""

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


def create_schema(engine: Engine) -> None:
    """Create the tables that are missing and bring an older store to `SCHEMA_VERSION`; a
    store written by a newer version is left alone (`StoreUnavailable`)."""
    with engine.begin() as connection:
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
