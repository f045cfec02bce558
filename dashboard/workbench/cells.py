"""What the workbench's modules share: its tables and their columns, a cell as the text or
the number a person typed, and a problem beside a row."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

Cell = str | float | int | None
Row = dict[str, Cell]

COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("id", "title", "outlet", "author", "date", "url", "file", "language"),
    "questions": ("id", "text", "unit", "min", "max", "scale", "threshold", "bounds_rationale"),
    "codebook": ("question", "label", "reading", "rationale"),
    "sources": ("id", "name", "kind", "weight", "relays", "grade", "note"),
    "claims": (
        "id",
        "source",
        "question",
        "document",
        "quote",
        "translation",
        "reading",
        "rationale",
        "credibility",
        "evidence",
    ),
    "scenarios": ("id", "name", "note", "weights", "readings"),
}
"""Each table of the workbench and its columns, in the order the page shows them."""
TABLES = tuple(COLUMNS)
CASE_PART = "case"
"""Where a problem goes that no table row owns: the title, an empty list, the file's size."""


class Tables(Protocol):
    """A work as the writer and the check read it (`tables.Workbench` is one): its title and
    description, its rows by table, its documents' texts and the file name it takes."""

    @property
    def title(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def texts(self) -> Mapping[str, str]: ...
    @property
    def file_name(self) -> str: ...
    def rows(self, table: str) -> tuple[Row, ...]: ...
    def documents(self) -> dict[str, bytes]: ...


def is_blank(value: Cell) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or str(value).strip() == ""
    )


def cell_text(value: Cell) -> str:
    """A cell as the text it shows: empty for a blank, a whole float without its `.0`."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if isinstance(value, str) else str(value)


def cell_number(value: Cell) -> Cell:
    """A cell as a YAML number when it reads as one (a whole one as an integer), else as is."""
    if is_blank(value) or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    text = str(value).strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return value
    return int(number) if number.is_integer() and math.isfinite(number) else number


@dataclass(frozen=True)
class Problem:
    """One problem of the work: the table and row it stands beside (None: the case as a
    whole), the column it is about, and what is wrong, with the fix where there is one."""

    table: str
    row: int | None
    column: str
    text: str

    def line(self) -> str:
        """The problem as one line beside its table: `Row 4, quote: ...`."""
        if self.row is None:
            return f"{self.column}: {self.text}" if self.column else self.text
        column = f", {self.column}" if self.column else ""
        return f"Row {self.row + 1}{column}: {self.text}"
