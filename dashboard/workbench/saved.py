"""A work in progress as bytes, to keep it in the store and open it again (issue 24): its
title, description, file name, every table's rows and its documents' texts, as JSON."""

from __future__ import annotations

import json
import math
from typing import Any

from dashboard.workbench.cells import COLUMNS, Cell
from dashboard.workbench.tables import Workbench

FORMAT = 1
"""The version of the saved form, so a later change can still read what was saved."""


class WorkError(ValueError):
    """Saved bytes that are not a work this version can open."""


def work_bytes(work: Workbench) -> bytes:
    """The work as UTF-8 JSON; a blank number cell (NaN) is saved as null."""
    saved = {
        "format": FORMAT,
        "title": work.title,
        "description": work.description,
        "file_name": work.file_name,
        "tables": {
            table: [{column: _saved_cell(row.get(column)) for column in row} for row in rows]
            for table, rows in work.tables.items()
        },
        "texts": dict(work.texts),
    }
    return json.dumps(saved, ensure_ascii=False, allow_nan=False).encode("utf-8")


def work_from_bytes(data: bytes) -> Workbench:
    """The work saved as `data`; a `WorkError` naming what is wrong when it is not one."""
    try:
        saved = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise WorkError(f"the saved work is not JSON ({error})") from None
    if not isinstance(saved, dict) or saved.get("format") != FORMAT:
        raise WorkError(f"the saved work is not of format {FORMAT}")
    tables = saved.get("tables")
    texts = saved.get("texts")
    strings = (saved.get("title"), saved.get("description"), saved.get("file_name"))
    if not all(isinstance(value, str) for value in strings):
        raise WorkError("the saved work's title, description or file name is not text")
    if not isinstance(tables, dict) or not isinstance(texts, dict):
        raise WorkError("the saved work has no tables or texts")
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in texts.items()):
        raise WorkError("a saved document text is not text")
    work = Workbench(saved["title"], {}, texts, saved["description"], saved["file_name"])
    for table, rows in tables.items():
        if table not in COLUMNS or not isinstance(rows, list):
            raise WorkError(f"the saved work has an unknown table {table!r}")
        work = work.with_rows(table, [_row(table, row) for row in rows])
    return work


def _row(table: str, row: Any) -> dict[str, Cell]:
    if not isinstance(row, dict) or not set(row) <= set(COLUMNS[table]):
        raise WorkError(f"a saved row of {table} has unknown columns")
    for value in row.values():
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, str | int | float)
        ):
            raise WorkError(f"a saved cell of {table} is not text or a number")
    return dict(row)


def _saved_cell(value: Cell) -> Cell:
    return None if isinstance(value, float) and not math.isfinite(value) else value
