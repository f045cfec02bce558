"""The case workbench: a case as plain editable tables, written back as a case file.

Every part of a case is a table of rows (`Workbench.tables`): its documents, questions,
codebook entries, sources, claims and scenarios, each cell text or a number as a person
types it. `case_file_bytes` writes the tables as a case file (spec section 1) whatever
they hold, so the work can be taken away at any time (`writer.py`); `check` loads that
file with the case's documents, through the one loader every case passes, and puts each
problem beside the row it is about (`check.py`), with the passage a mistyped quote was
meant to be (`closest.py`). Here: the tables, and the edits the page makes to them.
The page (`dashboard/page/workbench_view.py`) draws the tables; nothing here knows Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import Any

from dashboard.case import Case, decimal_text
from dashboard.case.model import Reading
from dashboard.draft import PROPOSED
from dashboard.workbench.cells import COLUMNS, Cell, Row, cell_number, cell_text
from dashboard.workbench.check import Check, checked
from dashboard.workbench.writer import written_case


@dataclass(frozen=True)
class Workbench:
    """A case being built or edited: its title and description, its tables of rows, the
    texts of its documents by file name, and the file name its case file takes."""

    title: str
    tables: Mapping[str, tuple[Row, ...]]
    texts: Mapping[str, str] = field(default_factory=dict)
    description: str = ""
    file_name: str = "case.yaml"

    def rows(self, table: str) -> tuple[Row, ...]:
        return self.tables.get(table, ())

    def with_rows(self, table: str, rows: Sequence[Mapping[str, Cell]]) -> Workbench:
        """The workbench with one table's rows replaced (each cell kept as given)."""
        kept = tuple({column: row.get(column) for column in COLUMNS[table]} for row in rows)
        return replace(self, tables={**self.tables, table: kept})

    def with_cell(self, table: str, row: int, column: str, value: Cell) -> Workbench:
        rows = [dict(r) for r in self.rows(table)]
        rows[row][column] = value
        return self.with_rows(table, rows)

    def case_file_bytes(self) -> bytes:
        """The tables as a case file, valid or not: the work, to take away at any time."""
        return written_case(self).data

    def documents(self) -> dict[str, bytes]:
        """The document files the case file names, as an upload would bring them."""
        return {name: text.encode("utf-8") for name, text in self.texts.items()}

    def check(self) -> Check:
        """The tables loaded as a case, or every problem beside the row it is about."""
        return checked(self)


def workbench_from_case(case: Case, file_name: str) -> Workbench:
    """A case's every part as editable rows; written back, it loads as the same case."""
    single = case.document is not None
    documents = [
        {"id": d.id, **{k: getattr(d, k) for k in COLUMNS["documents"][1:]}}
        for d in case.all_documents()
    ]
    questions = [
        {
            "id": q.id,
            "text": q.text,
            "unit": q.unit,
            "min": q.min,
            "max": q.max,
            "scale": q.scale,
            "threshold": q.threshold,
            "bounds_rationale": q.bounds_rationale,
        }
        for q in case.questions
    ]
    codebook = [
        {
            "question": q.id,
            "label": label,
            "reading": entry.reading.as_text(),
            "rationale": entry.rationale,
        }
        for q in case.questions
        for label, entry in q.codebook.items()
    ]
    sources = [
        {
            "id": s.id,
            "name": s.name,
            "kind": s.kind,
            "weight": s.weight,
            "relays": ", ".join(s.via),
            "grade": s.reliability or "",
            "note": s.note,
        }
        for s in case.sources
    ]
    claims = [
        {
            "id": c.id,
            "source": c.source,
            "question": c.question,
            "document": "" if single else (c.document or ""),
            "quote": c.quote,
            "translation": c.translation,
            "reading": reading_text(c.reading),
            "rationale": c.rationale,
            "credibility": "" if c.credibility is None else str(c.credibility),
            "evidence": c.evidence or "",
        }
        for c in case.claims
    ]
    scenarios = [
        {
            "id": s.id,
            "name": s.name,
            "note": s.note,
            "weights": ", ".join(f"{k}:{decimal_text(w)}" for k, w in s.weights.items()),
            "readings": ", ".join(
                f"{q}.{label}={r.as_text()}" for (q, label), r in s.readings.items()
            ),
        }
        for s in case.scenarios
    ]
    texts = {d.file: d.text for d in case.all_documents() if d.file and d.text is not None}
    bench = Workbench(case.title, {}, texts, case.description, file_name)
    for table, rows in (
        ("documents", documents),
        ("questions", questions),
        ("codebook", codebook),
        ("sources", sources),
        ("claims", claims),
        ("scenarios", scenarios),
    ):
        bench = bench.with_rows(table, rows)  # type: ignore[arg-type]
    return bench


def reading_text(reading: Reading) -> str:
    """A claim's reading as its cell shows it: `label:name`, or the text form of section 2."""
    return f"label:{reading.label}" if reading.label is not None else reading.as_text()


def moved_rows(rows: Sequence[Mapping[str, Cell]], positions: Sequence[Cell]) -> list[Row]:
    """Rows put in the order of their `positions` (a row's place, 1 first, as a reader types
    it: 2.5 goes between 2 and 3); a row without a position keeps its place among the rest."""
    keyed = []
    for index, (row, position) in enumerate(zip(rows, positions, strict=True)):
        number = cell_number(position)
        place = float(number) if isinstance(number, int | float) else index + 1.0
        keyed.append((place, index, dict(row)))
    return [row for _, _, row in sorted(keyed, key=lambda item: (item[0], item[1]))]


def edited_table(rows: Sequence[Mapping[str, Cell]], changes: Mapping[str, Any]) -> list[Row]:
    """Rows with a table editor's pending changes, applied as Streamlit applies them: cell
    edits by row position, then deleted rows (by their position before any change), then
    added rows at the end. `changes` holds `edited_rows`, `deleted_rows` and `added_rows`."""
    edited = [dict(row) for row in rows]
    for position, cells in (changes.get("edited_rows") or {}).items():
        if 0 <= int(position) < len(edited):
            edited[int(position)].update(cells)
    deleted = {int(position) for position in changes.get("deleted_rows") or ()}
    kept = [row for position, row in enumerate(edited) if position not in deleted]
    return kept + [dict(row) for row in changes.get("added_rows") or ()]


def is_proposed(row: Mapping[str, Cell]) -> bool:
    """A claim the draft proposed and the analyst has not accepted: its rationale says so."""
    return cell_text(row.get("rationale")).startswith(PROPOSED.strip())


def accepted_rationale(rationale: Cell, accepted: bool) -> str:
    """A claim's rationale once accepted, or taken back. Accepting drops the draft's own
    words (they are a suggestion, not the author's reason: the claim then shows none until
    the author writes one) and keeps a reason the author wrote; taking back marks it
    proposed again."""
    text = cell_text(rationale)
    if accepted:
        return "" if text.startswith(PROPOSED.strip()) else text
    if text.startswith(PROPOSED.strip()):
        return text
    return PROPOSED + (text or "taken back by the author.")


def judged_edits(
    rows: Sequence[Mapping[str, Cell]],
    edits: Mapping[int, Mapping[str, Cell]],
    accept: str,
    place: str,
) -> dict[int, dict[str, Cell]]:
    """A claims table's cell edits (by row position) with the author's judgment applied: a
    row ticked in the `accept` column, or a proposed row edited in any cell but its `place`,
    is accepted (the draft's rationale goes; a reason the author typed stays); an untick
    marks it proposed again."""
    judged: dict[int, dict[str, Cell]] = {}
    for position, given in edits.items():
        cells = dict(given)
        judged[position] = cells
        if position >= len(rows):
            continue
        verdict = cells.get(accept)
        if verdict is None and is_proposed(rows[position]) and set(cells) - {place}:
            verdict = True
        if verdict is None:
            continue
        if verdict and "rationale" in cells:
            typed = cell_text(cells["rationale"])
            cells["rationale"] = typed.removeprefix(PROPOSED.strip()).strip()
        else:
            rationale = cells.get("rationale", rows[position].get("rationale"))
            cells["rationale"] = accepted_rationale(rationale, bool(verdict))
    return judged


def keep_accepted(bench: Workbench) -> Workbench:
    """The work with only the claims that are not proposals any more, and only the questions,
    codebook entries and sources those claims use (a source kept also keeps its relays)."""
    claims = [row for row in bench.rows("claims") if not is_proposed(row)]
    questions = {cell_text(row.get("question")) for row in claims}
    sources = {cell_text(row.get("source")) for row in claims}
    relays = {
        cell_text(row.get("id")): [
            r.strip() for r in cell_text(row.get("relays")).split(",") if r.strip()
        ]
        for row in bench.rows("sources")
    }
    waiting = list(sources)
    while waiting:
        for relay in relays.get(waiting.pop(), []):
            if relay not in sources:
                sources.add(relay)
                waiting.append(relay)
    return (
        bench.with_rows("claims", claims)
        .with_rows(
            "questions", [r for r in bench.rows("questions") if cell_text(r.get("id")) in questions]
        )
        .with_rows(
            "codebook",
            [r for r in bench.rows("codebook") if cell_text(r.get("question")) in questions],
        )
        .with_rows(
            "sources", [r for r in bench.rows("sources") if cell_text(r.get("id")) in sources]
        )
    )


def case_file_name(title: str, fallback: str = "case") -> str:
    """A case file's name from its title: `roads-closed-by-the-spring-thaw.yaml`."""
    stem = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-")
    return f"{stem or fallback}.yaml"


def draft_file_name(document_file: str) -> str:
    """The case file of a draft from `story.txt`: `story.yaml`."""
    return f"{PurePosixPath(document_file).stem or 'draft'}.yaml"


__all__ = [
    "accepted_rationale",
    "is_proposed",
    "judged_edits",
    "keep_accepted",
    "Workbench",
    "case_file_name",
    "draft_file_name",
    "edited_table",
    "moved_rows",
    "reading_text",
    "workbench_from_case",
]
