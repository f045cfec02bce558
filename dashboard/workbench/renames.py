"""A renamed id follows through the work: every claim, codebook entry, relay and scenario
that named the old id names the new one, so renaming a question does not leave its claims
pointing at nothing (issue 24)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from dashboard.workbench.cells import Cell, Row, cell_text
from dashboard.workbench.tables import Workbench

KEYS = {"questions": "id", "sources": "id", "documents": "id", "codebook": "label"}
"""The column that names a row of each table others refer to."""
NOUNS = {"questions": "question", "sources": "source", "documents": "document", "codebook": "label"}


def renames(
    table: str, rows: Sequence[Mapping[str, Cell]], edited_rows: Mapping[int, Mapping[str, Cell]]
) -> dict[tuple[str, str], str]:
    """The ids a table edit renames, old to new, from the rows before it and its cell edits
    by row position. A codebook label is keyed by its question and label, other ids by
    ("", id). An id typed where there was none, emptied, or renamed into another row's id
    is no rename."""
    key = KEYS.get(table)
    if key is None:
        return {}
    taken = {cell_text(row.get(key)) for row in rows}
    found: dict[tuple[str, str], str] = {}
    for position, cells in edited_rows.items():
        if key not in cells or not 0 <= position < len(rows):
            continue
        old, new = cell_text(rows[position].get(key)), cell_text(cells[key])
        if old and new and old != new and new not in taken:
            scope = cell_text(rows[position].get("question")) if table == "codebook" else ""
            found[scope, old] = new
    return found


def with_references_renamed(
    work: Workbench, table: str, renamed: Mapping[tuple[str, str], str]
) -> tuple[Workbench, tuple[str, ...]]:
    """The work with every reference to a renamed id changed, and a sentence per rename
    saying where (none when nothing referred to it)."""
    sentences: list[str] = []
    for (scope, old), new in renamed.items():
        counts: dict[str, int] = {}
        for other, column, change in _references(table, scope, old, new):
            rows: list[Row] = []
            for row in work.rows(other):
                before = row.get(column)
                after = change(row, cell_text(before))
                if after is not None and after != cell_text(before):
                    row = {**row, column: after}
                    counts[other] = counts.get(other, 0) + 1
                rows.append(dict(row))
            work = work.with_rows(other, rows)
        if counts:
            where = ", ".join(f"{count} row(s) of {other}" for other, count in counts.items())
            sentences.append(f"Renamed {NOUNS[table]} '{old}' to '{new}' in {where} as well.")
    return work, tuple(sentences)


Change = Callable[[Mapping[str, Cell], str], str | None]


def _references(table: str, scope: str, old: str, new: str) -> list[tuple[str, str, Change]]:
    """Where an id of `table` is referred to: (table, column, the cell's new text or None)."""

    def equal(row: Mapping[str, Cell], text: str) -> str | None:
        return new if text == old else None

    def listed(row: Mapping[str, Cell], text: str) -> str | None:
        items = [item.strip() for item in text.split(",") if item.strip()]
        return ", ".join(new if item == old else item for item in items) if old in items else None

    def pattern(regex: str, replacement: str) -> Change:
        compiled = re.compile(regex)
        return lambda row, text: compiled.sub(lambda _: replacement, text)

    quoted = re.escape(old)
    if table == "questions":
        return [
            ("codebook", "question", equal),
            ("claims", "question", equal),
            ("scenarios", "readings", pattern(rf"(?<![^\s;]){quoted}(?=\.)", new)),
        ]
    if table == "sources":
        return [
            ("claims", "source", equal),
            ("sources", "relays", listed),
            ("scenarios", "weights", pattern(rf"(?<![^\s,]){quoted}(?=\s*:)", new)),
        ]
    if table == "documents":
        return [("claims", "document", equal)]

    def label_reading(row: Mapping[str, Cell], text: str) -> str | None:
        in_scope = cell_text(row.get("question")) == scope
        return f"label:{new}" if in_scope and text == f"label:{old}" else None

    question = re.escape(scope)
    return [
        ("claims", "reading", label_reading),
        (
            "scenarios",
            "readings",
            pattern(rf"(?<![^\s,]){question}\.{quoted}(?=\s*=)", f"{scope}.{new}"),
        ),
    ]
