"""The case workbench: a case as plain editable tables, written back as a case file.

Every part of a case is a table of rows (`Workbench.tables`): its documents, questions,
codebook entries, sources, claims and scenarios, each cell text or a number as a person
types it. `case_file_bytes` writes the tables as a case file (spec section 1) whatever
they hold, so the work can be taken away at any time; `check` loads that file with the
case's documents, through the one loader every case passes, and puts each problem beside
the row it is about. `closest_passage` offers the passage a mistyped quote was meant to be.
The page (`dashboard/page/editor.py`) draws the tables; nothing here knows Streamlit.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any

import yaml

from dashboard.case import (
    UPLOAD_LIMIT_BYTES,
    Case,
    CaseError,
    CaseProblem,
    QuoteFinder,
    comparable_quote,
    decimal_text,
    load_case_bytes,
)
from dashboard.case.file import FAST_DUMPER
from dashboard.case.model import Reading
from dashboard.case.quotes import DASHES, FINAL_PUNCTUATION, QUOTE_MARKS, canonical
from dashboard.draft import PROPOSED
from dashboard.text_forms import READING_TEXT

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

FILE_KEYS = {"via": "relays", "reliability": "grade"}
"""Case-file keys that the tables name as a reader would."""
NUMBER_COLUMNS = ("min", "max", "weight", "credibility", "threshold")
"""Columns whose cells are written to the case file as numbers when they read as one."""

LABEL_TEXT = re.compile(r"label:(?P<label>.+)")
"""A claim's reading through its question's codebook, in text: `label:mass_phenomenon`."""
SCENARIO_WEIGHT = re.compile(r"(?P<source>[^:\s]+)\s*:\s*(?P<weight>\S+)")
SCENARIO_READING = re.compile(r"(?P<question>[^.=\s]+)\.(?P<label>[^=\s]+)\s*=\s*(?P<reading>\S+)")


# --- the tables ------------------------------------------------------------------------------


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
        return _written(self).data

    def documents(self) -> dict[str, bytes]:
        """The document files the case file names, as an upload would bring them."""
        return {name: text.encode("utf-8") for name, text in self.texts.items()}

    def check(self) -> Check:
        """The tables loaded as a case, or every problem beside the row it is about."""
        return _checked(self)


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
            "readings": "; ".join(
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
        number = _number(position)
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


# --- writing the case file -------------------------------------------------------------------


@dataclass(frozen=True)
class _Written:
    """The case file of a workbench, which table row each written entry came from, and the
    problems found in cells before the loader sees them (a reading that is not one)."""

    data: bytes
    rows: Mapping[str, list[int]]
    labels: Mapping[int, dict[str, int]]
    """By question entry: each written codebook label's row in the codebook table."""
    problems: list[Problem]


def _blank(value: Cell) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or str(value).strip() == ""
    )


def cell_text(value: Cell) -> str:
    """A cell as the text it shows: empty for a blank, a whole float without its `.0`."""
    if _blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if isinstance(value, str) else str(value)


def _number(value: Cell) -> Cell:
    """A cell as a YAML number when it reads as one (a whole one as an integer), else as is."""
    if _blank(value) or isinstance(value, bool):
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


def _reading(text: str) -> dict[str, Any] | None:
    """A reading's text as the case file writes it; None when the text is not a reading."""
    text = text.strip()
    if labelled := LABEL_TEXT.fullmatch(text):
        return {"label": labelled["label"].strip()}
    match = READING_TEXT.fullmatch(text)
    if match is None:
        return None
    if match["kind"]:
        return {"range": [_number(match["a"]), _number(match["b"])]}
    return {match["one"]: _number(match["x"])}


READING_HINT = (
    "write range:A:B, at_least:A or at_most:B with plain numbers (e.g. range:5:25), "
    "or label:NAME for a label of the question's codebook"
)


def _written(bench: Workbench) -> _Written:
    problems: list[Problem] = []
    rows: dict[str, list[int]] = defaultdict(list)
    data: dict[str, Any] = {"title": bench.title}
    if bench.description.strip():
        data["description"] = bench.description

    def kept(table: str) -> list[tuple[int, Row]]:
        entries = [
            (i, row)
            for i, row in enumerate(bench.rows(table))
            if not all(_blank(row.get(c)) for c in COLUMNS[table])
        ]
        rows[table] = [i for i, _ in entries]
        return entries

    documents = kept("documents")
    if len(documents) == 1 and _blank(documents[0][1].get("id")):
        data["document"] = _fields(documents[0][1], COLUMNS["documents"][1:])
    elif documents:
        data["documents"] = [_fields(row, COLUMNS["documents"]) for _, row in documents]

    questions = kept("questions")
    data["questions"] = []
    labels: dict[int, dict[str, int]] = {}
    by_question: dict[str, int] = {}
    for position, (_, row) in enumerate(questions):
        entry = _fields(row, ("id", "text", "unit"))
        for key in ("min", "max"):
            if not _blank(row.get(key)):
                entry[key] = _number(row[key])
        if not _blank(row.get("scale")):
            entry["scale"] = cell_text(row["scale"])
        if not _blank(row.get("threshold")):
            entry["threshold"] = _number(row["threshold"])
        entry |= _fields(row, ("bounds_rationale",))
        data["questions"].append(entry)
        by_question.setdefault(cell_text(row.get("id")), position)
    for index, row in kept("codebook"):
        question, label = cell_text(row.get("question")), cell_text(row.get("label"))
        found = by_question.get(question)
        if found is None:
            known = ", ".join(q for q in by_question if q) or "none yet"
            problems.append(
                Problem("codebook", index, "question", f"no question has the id '{question}'; "
                        f"questions are {known}")
            )  # fmt: skip
            continue
        if not label:
            problems.append(Problem("codebook", index, "label", "give the label a name"))
            continue
        entry = data["questions"][found].setdefault("codebook", {})
        if label in entry:
            problems.append(
                Problem("codebook", index, "label", f"'{label}' is already a label of '{question}'")
            )
            continue
        reading = _reading(cell_text(row.get("reading")))
        if reading is None or "label" in reading:
            problems.append(Problem("codebook", index, "reading", _not_a_reading(row, label=False)))
            reading = {}
        if not _blank(row.get("rationale")):
            reading["rationale"] = cell_text(row["rationale"])
        entry[label] = reading
        labels.setdefault(found, {})[label] = index

    data["sources"] = []
    for _, row in kept("sources"):
        entry = _fields(row, ("id", "name", "kind"))
        if not _blank(row.get("weight")):
            entry["weight"] = _number(row["weight"])
        relays = [part.strip() for part in cell_text(row.get("relays")).split(",") if part.strip()]
        if relays:
            entry["via"] = relays
        if not _blank(row.get("grade")):
            entry["reliability"] = cell_text(row["grade"])
        entry |= _fields(row, ("note",))
        data["sources"].append(entry)

    data["claims"] = []
    for index, row in kept("claims"):
        entry = _fields(row, ("id", "source", "question", "quote", "translation"))
        if not _blank(row.get("reading")):
            reading = _reading(cell_text(row["reading"]))
            if reading is None:
                problems.append(
                    Problem("claims", index, "reading", _not_a_reading(row, label=True))
                )
                reading = {}
            entry["reading"] = reading
        entry |= _fields(row, ("rationale",))
        if not _blank(row.get("credibility")):
            entry["credibility"] = _number(row["credibility"])
        entry |= _fields(row, ("evidence", "document"))
        data["claims"].append(entry)

    scenarios = []
    for index, row in kept("scenarios"):
        entry = _fields(row, ("id", "name", "note"))
        weights, bad = _pairs(cell_text(row.get("weights")), SCENARIO_WEIGHT, ",")
        if bad:
            problems.append(
                Problem("scenarios", index, "weights",
                        f"{bad!r} is not a weight: write source:weight, e.g. cit:80, volkov:10")
            )  # fmt: skip
        if weights:
            entry["weights"] = {m["source"]: _number(m["weight"]) for m in weights}
        readings, bad = _pairs(cell_text(row.get("readings")), SCENARIO_READING, ";")
        parsed = [(match, _reading(match["reading"])) for match in readings]
        bad = bad or next((m.group(0) for m, r in parsed if r is None or "label" in r), "")
        if bad:
            problems.append(
                Problem("scenarios", index, "readings",
                        f"{bad!r} is not a reading of a label: write question.label=range:A:B "
                        "(or at_least:A, at_most:B), several separated by ';'")
            )  # fmt: skip
        good = {
            f"{m['question']}.{m['label']}": r
            for m, r in parsed
            if r is not None and "label" not in r
        }
        if good:
            entry["readings"] = good
        scenarios.append(entry)
    if scenarios:
        data["scenarios"] = scenarios
    text = yaml.dump(data, Dumper=FAST_DUMPER, sort_keys=False, allow_unicode=True, width=100)
    return _Written(text.encode("utf-8"), rows, labels, problems)


def _fields(row: Mapping[str, Cell], columns: Sequence[str]) -> dict[str, Any]:
    """The row's non-blank cells among `columns`, as text."""
    return {column: cell_text(row.get(column)) for column in columns if not _blank(row.get(column))}


def _pairs(text: str, pattern: re.Pattern[str], separator: str) -> tuple[list[re.Match[str]], str]:
    """Each part of a list written in a cell, matched; and the first part that is not one."""
    matches, bad = [], ""
    for part in (p.strip() for p in text.replace("\n", separator).split(separator)):
        if not part:
            continue
        match = pattern.fullmatch(part)
        if match is None:
            bad = bad or part
        else:
            matches.append(match)
    return matches, bad


def _not_a_reading(row: Mapping[str, Cell], *, label: bool) -> str:
    shown = cell_text(row.get("reading"))
    shown = shown if len(shown) <= 40 else shown[:40] + "…"
    if not label:
        return (
            f"{shown!r} is not a reading: write range:A:B, at_least:A or at_most:B with "
            "plain numbers, e.g. range:5:25"
        )
    return f"{shown!r} is not a reading: {READING_HINT}"


# --- checking it -----------------------------------------------------------------------------


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


@dataclass(frozen=True)
class Suggestion:
    """The passage of a document that a quote not found in it was most likely meant to be,
    and what differs."""

    passage: str
    reason: str


@dataclass(frozen=True)
class Check:
    """The work loaded as a case (None while anything is wrong), each problem by table, and
    for each claim row whose quote is not found, the passage it was most likely meant to be."""

    case: Case | None
    problems: tuple[Problem, ...] = ()
    suggestions: Mapping[int, Suggestion] = field(default_factory=dict)
    capped: bool = False

    def problems_of(self, table: str) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.table == table)


def _checked(bench: Workbench) -> Check:
    written = _written(bench)
    try:
        case = load_case_bytes(
            written.data, bench.file_name, bench.documents(), max_bytes=UPLOAD_LIMIT_BYTES
        )
    except CaseError as error:
        return _failed(bench, written, error)
    if written.problems:
        return Check(None, tuple(written.problems))
    return Check(case)


def _failed(bench: Workbench, written: _Written, error: CaseError) -> Check:
    problems = list(written.problems)
    already = {(p.table, p.row, p.column) for p in problems}
    for found in error.problems:
        problem = _placed(found, written)
        if (
            problem.table == CASE_PART
            or (problem.table, problem.row, problem.column) not in already
        ):
            problems.append(problem)
    suggestions: dict[int, Suggestion] = {}
    for problem in problems:
        if problem.table == "claims" and problem.column == "quote" and problem.row is not None:
            suggestion = _suggestion(bench, problem.row)
            if suggestion is not None:
                suggestions[problem.row] = suggestion
    return Check(None, tuple(problems), suggestions, error.capped)


def _placed(problem: CaseProblem, written: _Written) -> Problem:
    """A loader problem at `claims[3].quote` as a problem beside the row it is about.

    The loader's line numbers point into the written file, which the tables do not show,
    so the line is left out."""
    path = problem.place
    message = problem.message
    if problem.missing_key:
        path = path.key(problem.missing_key)
        message = "must be given" + (f": {problem.hint}" if problem.hint else "")
    if not path:
        return Problem(CASE_PART, None, "", message)
    part = path[0]
    if part == "document":
        rows = written.rows.get("documents") or [0]
        return Problem("documents", rows[0], _column(path[1:]), message)
    if len(path) < 2 or part not in TABLES or not isinstance(path[1], int):
        return Problem(CASE_PART, None, str(path), message)
    index, rest = path[1], path[2:]
    if part == "questions" and rest[:1] == ("codebook",) and len(rest) > 1:
        label = rest[1]
        row = written.labels.get(index, {}).get(str(label))
        if row is not None:
            column = "rationale" if rest[2:] == ("rationale",) else "reading"
            return Problem("codebook", row, column, message)
    column = _column(rest)
    if part == "questions" and column == "codebook":
        column = ""
    rows = written.rows.get(str(part), [])
    return Problem(str(part), rows[index] if index < len(rows) else None, column, message)


def _column(path: tuple[str | int, ...]) -> str:
    """The table column a place within a row is about: its first key, as the tables name it."""
    key = next((step for step in path if isinstance(step, str)), "")
    return FILE_KEYS.get(key, key)


def _suggestion(bench: Workbench, row: int) -> Suggestion | None:
    """The passage a claim row's quote was most likely meant to be, in its document."""
    claim = bench.rows("claims")[row]
    quote = cell_text(claim.get("quote"))
    named = cell_text(claim.get("document"))
    documents = [d for d in bench.rows("documents") if not named or cell_text(d.get("id")) == named]
    files = [cell_text(d.get("file")) for d in documents[:1]]
    text = bench.texts.get(files[0]) if files else None
    if text is None or not quote:
        return None
    return closest_passage(quote, text)


# --- the closest passage ---------------------------------------------------------------------

COMMON_WORD = 50
"""A word found more often than this in the document says nothing about where a quote is."""
MAX_OCCURRENCES = 1_000
"""A voting word's places counted at most: enough for any text worth quoting from."""
CANDIDATES = 8
"""How many likely places in the document are compared word by word with the quote."""
RESEMBLES = 0.6
"""The least share of words in common (difflib's ratio) for a passage to be offered."""
WORD = re.compile(r"\S+")


@lru_cache(maxsize=256)
def closest_passage(quote: str, document_text: str) -> Suggestion | None:
    """The passage of the document a quote not found in it was most likely meant to be,
    and what differs: curly against straight quotes or dashes, spacing, or a word or a few;
    None when the quote is found, or when no passage resembles it."""
    finder = QuoteFinder(document_text)
    needle = comparable_quote(quote)
    if not needle or finder.contains(quote):
        return None
    haystack, canonical_haystack = finder.haystack, finder.canonical_haystack
    wanted = canonical(needle)
    position = canonical_haystack.find(wanted)
    if position >= 0:
        passage = haystack[position : position + len(needle)]
        return Suggestion(passage, _marks_differing(needle, passage))
    squeezed = wanted.replace(" ", "")
    if squeezed:
        spaced = re.compile(" ?".join(map(re.escape, squeezed)))
        if found := spaced.search(canonical_haystack):
            return Suggestion(haystack[found.start() : found.end()], "the spacing differs")
    return _closest_words(needle, haystack, canonical_haystack)


def _marks_differing(quote: str, passage: str) -> str:
    pairs = [(a, b) for a, b in zip(quote, passage, strict=False) if a != b]
    kinds = []
    if any(a in QUOTE_MARKS or b in QUOTE_MARKS for a, b in pairs):
        kinds.append("curly against straight quotes")
    if any(a in DASHES or b in DASHES for a, b in pairs):
        kinds.append("a different dash")
    return " and ".join(kinds) or "a different character"


def _closest_words(needle: str, haystack: str, canonical_haystack: str) -> Suggestion | None:
    """The run of the document's words most like the quote's, found by letting each of the
    quote's less common words vote for where the quote would start, then compared word by
    word (difflib) at the best-voted places."""
    spans = [(m.start(), m.end()) for m in WORD.finditer(haystack)]
    words = [_word(canonical_haystack[a:b]) for a, b in spans]
    wanted = [_word(w) for w in canonical(needle).split()]
    if not wanted or not words:
        return None
    counts = Counter(words)
    # The quote's less common words vote; in a text that repeats itself, its rarest two.
    rarest = set(sorted(set(wanted), key=lambda w: counts[w] or math.inf)[:2])
    voters = {w for w in wanted if 0 < counts[w] <= COMMON_WORD} | rarest
    where: dict[str, list[int]] = defaultdict(list)
    for index, word in enumerate(words):
        if word in voters and len(where[word]) < MAX_OCCURRENCES:
            where[word].append(index)
    votes: Counter[int] = Counter()
    for offset, word in enumerate(wanted):
        for index in where.get(word, ()):
            votes[index - offset] += 1
    # The passage sharing the most words with the quote, then the one nearest its length (a
    # word off is a word replaced, not one dropped), then the one that begins and ends as
    # the quote does, then the most alike.
    best: tuple[int, int, int, float, int, int] | None = None
    size = len(wanted)
    for start, _ in votes.most_common(CANDIDATES):
        for first in range(max(0, start - 2), max(0, start + 3)):
            for length in range(max(1, size - 2), size + 3):
                last = min(len(words), first + length)
                if last <= first:
                    continue
                matcher = SequenceMatcher(None, wanted, words[first:last], autojunk=False)
                shared = sum(block.size for block in matcher.get_matching_blocks())
                edges = (words[first] == wanted[0]) + (words[last - 1] == wanted[-1])
                nearest = -abs(last - first - size)
                score = (shared, nearest, edges, matcher.ratio(), first, last)
                if best is None or score[:4] > best[:4]:
                    best = score
    if best is None or best[3] < RESEMBLES:
        return None
    *_, first, last = best
    passage = haystack[spans[first][0] : spans[last - 1][1]]
    if needle[-1] not in FINAL_PUNCTUATION:
        passage = passage.rstrip(FINAL_PUNCTUATION) or passage
    return Suggestion(passage, _words_differing(needle.split(), passage.split()))


def _word(word: str) -> str:
    return word.lower().strip(".,;:!?\"'()")


def _words_differing(quote: list[str], passage: list[str]) -> str:
    """What differs, word for word: `'1,000' where the document has '1,200'`."""
    changes = []
    matcher = SequenceMatcher(None, [_word(w) for w in quote], [_word(w) for w in passage])
    for tag, a, b, c, d in matcher.get_opcodes():
        ours, theirs = " ".join(quote[a:b]), " ".join(passage[c:d])
        if tag == "replace":
            changes.append(f"the quote has {_short(ours)} where the document has {_short(theirs)}")
        elif tag == "delete":
            changes.append(f"the document has no {_short(ours)} here")
        elif tag == "insert":
            changes.append(f"the document also has {_short(theirs)}")
    if not changes:
        return "the words are the same; only their marks differ"
    more = f" (and {len(changes) - 2} more)" if len(changes) > 2 else ""
    return "; ".join(changes[:2]) + more


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:40] + "…")


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
    "COLUMNS",
    "TABLES",
    "Check",
    "Problem",
    "Suggestion",
    "Workbench",
    "case_file_name",
    "closest_passage",
    "draft_file_name",
    "edited_table",
    "moved_rows",
    "reading_text",
    "workbench_from_case",
]
