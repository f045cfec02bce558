"""The workbench's tables written as a case file (spec section 1), whatever they hold, with
the row each written entry came from and the problems found in cells before the loader
sees them (a reading that is not one, a codebook label of no question)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import yaml

from dashboard.case.file import FAST_DUMPER
from dashboard.case.model import cut
from dashboard.text_forms import (
    LABEL_TEXT,
    READING_FORMS,
    READING_TEXT,
    TextFormError,
    items,
    label_reading_item,
    weight_item,
)
from dashboard.workbench.cells import (
    COLUMNS,
    Cell,
    Problem,
    Row,
    Tables,
    cell_number,
    cell_text,
    is_blank,
)

Parsed = TypeVar("Parsed")


@dataclass(frozen=True)
class WrittenCase:
    """The case file of a workbench, which table row each written entry came from, and the
    problems found in cells before the loader sees them (a reading that is not one)."""

    data: bytes
    rows: Mapping[str, list[int]]
    labels: Mapping[int, dict[str, int]]
    """By question entry: each written codebook label's row in the codebook table."""
    problems: list[Problem]


def _reading(text: str) -> dict[str, Any] | None:
    """A reading's text as the case file writes it; None when the text is not a reading."""
    text = text.strip()
    if labelled := LABEL_TEXT.fullmatch(text):
        return {"label": labelled["label"].strip()}
    match = READING_TEXT.fullmatch(text)
    if match is None:
        return None
    if match["kind"]:
        return {"range": [cell_number(match["a"]), cell_number(match["b"])]}
    return {match["one"]: cell_number(match["x"])}


READING_HINT = (
    "write range:A:B, at_least:A or at_most:B with plain numbers (e.g. range:5:25), "
    "or label:NAME for a label of the question's codebook"
)


def written_case(bench: Tables) -> WrittenCase:
    problems: list[Problem] = []
    rows: dict[str, list[int]] = defaultdict(list)
    data: dict[str, Any] = {"title": bench.title}
    if bench.description.strip():
        data["description"] = bench.description

    def kept(table: str) -> list[tuple[int, Row]]:
        entries = [
            (i, row)
            for i, row in enumerate(bench.rows(table))
            if not all(is_blank(row.get(c)) for c in COLUMNS[table])
        ]
        rows[table] = [i for i, _ in entries]
        return entries

    documents = kept("documents")
    if len(documents) == 1 and is_blank(documents[0][1].get("id")):
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
            if not is_blank(row.get(key)):
                entry[key] = cell_number(row[key])
        if not is_blank(row.get("scale")):
            entry["scale"] = cell_text(row["scale"])
        if not is_blank(row.get("threshold")):
            entry["threshold"] = cell_number(row["threshold"])
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
        if not is_blank(row.get("rationale")):
            reading["rationale"] = cell_text(row["rationale"])
        entry[label] = reading
        labels.setdefault(found, {})[label] = index

    data["sources"] = []
    for _, row in kept("sources"):
        entry = _fields(row, ("id", "name", "kind"))
        if not is_blank(row.get("weight")):
            entry["weight"] = cell_number(row["weight"])
        relays = [part.strip() for part in cell_text(row.get("relays")).split(",") if part.strip()]
        if relays:
            entry["via"] = relays
        if not is_blank(row.get("grade")):
            entry["reliability"] = cell_text(row["grade"])
        entry |= _fields(row, ("note",))
        data["sources"].append(entry)

    data["claims"] = []
    for index, row in kept("claims"):
        entry = _fields(row, ("id", "source", "question", "quote", "translation"))
        if not is_blank(row.get("reading")):
            reading = _reading(cell_text(row["reading"]))
            if reading is None:
                problems.append(
                    Problem("claims", index, "reading", _not_a_reading(row, label=True))
                )
                reading = {}
            entry["reading"] = reading
        entry |= _fields(row, ("rationale",))
        if not is_blank(row.get("credibility")):
            entry["credibility"] = cell_number(row["credibility"])
        entry |= _fields(row, ("evidence", "document"))
        data["claims"].append(entry)

    scenarios = []
    for index, row in kept("scenarios"):
        entry = _fields(row, ("id", "name", "note"))
        weights, bad = _pairs(cell_text(row.get("weights")), weight_item)
        if bad:
            problems.append(
                Problem("scenarios", index, "weights",
                        f"{bad!r} is not a weight: write source:weight, e.g. cit:80, volkov:10")
            )  # fmt: skip
        if weights:
            entry["weights"] = {source: cell_number(weight) for source, weight in weights}
        readings, bad = _pairs(cell_text(row.get("readings")), label_reading_item)
        good: dict[str, Any] = {}
        for question, label, text in readings:
            reading = _reading(text)
            if reading is None or "label" in reading:
                bad = bad or f"{question}.{label}={text}"
            else:
                good[f"{question}.{label}"] = reading
        if bad:
            problems.append(
                Problem("scenarios", index, "readings",
                        f"{bad!r} is not a reading of a label: write question.label=range:A:B "
                        "(or at_least:A, at_most:B), several separated by commas")
            )  # fmt: skip
        if good:
            entry["readings"] = good
        scenarios.append(entry)
    if scenarios:
        data["scenarios"] = scenarios
    text = yaml.dump(data, Dumper=FAST_DUMPER, sort_keys=False, allow_unicode=True, width=100)
    return WrittenCase(text.encode("utf-8"), rows, labels, problems)


def _fields(row: Mapping[str, Cell], columns: Sequence[str]) -> dict[str, Any]:
    """The row's non-blank cells among `columns`, as text."""
    return {
        column: cell_text(row.get(column)) for column in columns if not is_blank(row.get(column))
    }


def _pairs(text: str, item: Callable[[str], Parsed]) -> tuple[list[Parsed], str]:
    """Each item of a list written in a cell, read by `item`; and the first that is not one."""
    read, bad = [], ""
    for part in items(text, skip_empty=True):
        try:
            read.append(item(part))
        except TextFormError:
            bad = bad or part
    return read, bad


def _not_a_reading(row: Mapping[str, Cell], *, label: bool) -> str:
    shown = cut(cell_text(row.get("reading")))
    if not label:
        return f"{shown!r} is not a reading: write {READING_FORMS}"
    return f"{shown!r} is not a reading: {READING_HINT}"
