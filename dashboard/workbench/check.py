"""The workbench checked: its case file loaded with the case's documents, through the one
loader every case passes, and each of the loader's structured problems (`CaseProblem`: its
place, message and missing key) put beside the table row and column it is about, never by
reading the message's words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from dashboard.case import UPLOAD_LIMIT_BYTES, Case, CaseError, CaseProblem, load_case_bytes
from dashboard.workbench.cells import CASE_PART, TABLES, Problem, Tables, cell_text
from dashboard.workbench.closest import Suggestion, closest_passage
from dashboard.workbench.writer import WrittenCase, written_case

FILE_KEYS = {"via": "relays", "reliability": "grade"}
"""Case-file keys that the tables name as a reader would."""


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


def checked(bench: Tables) -> Check:
    written = written_case(bench)
    try:
        case = load_case_bytes(
            written.data, bench.file_name, bench.documents(), max_bytes=UPLOAD_LIMIT_BYTES
        )
    except CaseError as error:
        return _failed(bench, written, error)
    if written.problems:
        return Check(None, tuple(written.problems))
    return Check(case)


def _failed(bench: Tables, written: WrittenCase, error: CaseError) -> Check:
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


def _placed(problem: CaseProblem, written: WrittenCase) -> Problem:
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


def _suggestion(bench: Tables, row: int) -> Suggestion | None:
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
