"""How each table of the workbench is drawn as a grid: its title, the columns the page adds
(place, accepted, check, remove), each column's help, choices and width, and the rows as
the grid shows them."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard.case import (
    CREDIBILITY_GRADES,
    RELIABILITY_GRADES,
    SCALES,
)
from dashboard.workbench.cells import COLUMNS
from dashboard.workbench.check import Check
from dashboard.workbench.tables import (
    Workbench,
    is_proposed,
)

ORDER, ACCEPT, CHECK_COLUMN, REMOVE = "#", "accepted", "check", "remove"
"""Columns the page adds: the claim's place (type another to move it), whether a proposal
is accepted, what is wrong with the row, and a tick that removes it."""


TITLES = {
    "documents": "Documents",
    "questions": "Questions",
    "codebook": "Codebooks: what each label of a question reads as",
    "sources": "Sources",
    "claims": "Claims",
    "scenarios": "Scenarios",
}


READING_HELP = (
    "range:A:B (a 90% interval), at_least:A, at_most:B with plain numbers, or label:NAME "
    "for a label of the question's codebook"
)


HELP: dict[str, dict[str, str]] = {
    "documents": {
        "id": "Leave empty for a case with one document; give each an id to list several.",
        "file": "The document's file name: its text comes with the work.",
        "language": "The text's language, e.g. en or ru.",
    },
    "questions": {
        "scale": "linear, or log (then min > 0)",
        "threshold": "Optional: the figure the question's answer is measured against, between "
        "min and max (spec section 13).",
        "bounds_rationale": "Why min and max: the bounds are a judgment (spec section 12).",
    },
    "codebook": {
        "question": "The id of the question whose label this is.",
        "reading": "range:A:B, at_least:A or at_most:B",
    },
    "sources": {
        "weight": "Default trust, a whole number 0..100.",
        "relays": "Ids of the sources that relayed it to us, separated by commas.",
        "grade": "Admiralty source grade, A..F.",
    },
    "claims": {
        ORDER: "The claim's place: type another number to move it (2.5 goes between 2 and 3).",
        ACCEPT: "Tick to accept a proposal of the draft: its rationale then says so.",
        "reading": READING_HELP,
        "translation": "Optional: the case's translation of a quote in another language.",
        "document": "In a case with several documents, the id of the quote's document.",
        "credibility": "Admiralty information grade, 1..6.",
        "evidence": "Claims resting on one piece of evidence share this id.",
    },
    "scenarios": {
        "weights": "source:weight, separated by commas, e.g. cit:80, volkov:10",
        "readings": "question.label=range:A:B, separated by commas",
    },
}


NUMBERS = {"min", "max", "weight", "threshold"}


CHOICES: dict[str, list[str]] = {
    "scale": list(SCALES),
    "grade": list(RELIABILITY_GRADES),
    "credibility": [str(n) for n in CREDIBILITY_GRADES],
}


WIDE = {
    "quote",
    "translation",
    "rationale",
    "bounds_rationale",
    "text",
    "note",
    "name",
    "readings",
    "weights",
}


def shown_rows(bench: Workbench, table: str) -> list[dict[str, Any]]:
    """The rows as the table shows them, with the columns the page adds."""
    rows: list[dict[str, Any]] = []
    for index, row in enumerate(bench.rows(table)):
        shown: dict[str, Any] = dict(row)
        if table == "claims":
            shown[ORDER] = index + 1
            shown[ACCEPT] = not is_proposed(row)
        shown[REMOVE] = False
        rows.append(shown)
    return rows


def grid_frame(bench: Workbench, table: str, checked: Check) -> pd.DataFrame:
    marks: dict[int, list[str]] = {}
    for problem in checked.problems_of(table):
        if problem.row is not None:
            marks.setdefault(problem.row, []).append(problem.column or "row")
    columns = [*added_columns(table), *COLUMNS[table], REMOVE]
    frame = pd.DataFrame(shown_rows(bench, table), columns=columns)
    frame.insert(
        0,
        CHECK_COLUMN,
        ["✗ " + ", ".join(dict.fromkeys(marks[i])) if i in marks else "✓" for i in frame.index],
    )
    for column in frame.columns:
        if column in NUMBERS or column == ORDER:
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
        elif column in (ACCEPT, REMOVE):
            frame[column] = frame[column].astype("boolean")
        elif column != CHECK_COLUMN:
            # A row added in the table has no value in its cells: pandas holds NaN there.
            texts = [None if pd.isna(v) or v == "" else str(v) for v in frame[column]]
            frame[column] = pd.array(texts, dtype="string")
    return frame


def added_columns(table: str) -> tuple[str, ...]:
    return (ORDER, ACCEPT) if table == "claims" else ()


def column_config(table: str) -> dict[str, Any]:
    config: dict[str, Any] = {
        CHECK_COLUMN: st.column_config.TextColumn(
            "check", disabled=True, help="What is wrong with the row, by column (✓: nothing)."
        )
    }
    helps = HELP.get(table, {})
    for column in (*added_columns(table), *COLUMNS[table]):
        help_text = helps.get(column)
        if column == ORDER:
            config[column] = st.column_config.NumberColumn(
                column, help=help_text, step=0.5, format="%g"
            )
        elif column == ACCEPT:
            config[column] = st.column_config.CheckboxColumn(column, help=help_text)
        elif column in NUMBERS:
            # No min or max: the grid would clamp a weight of 150 to 100 without a word; the
            # check names the range beside the row and keeps what was typed.
            config[column] = st.column_config.NumberColumn(column, help=help_text)
        elif column in CHOICES:
            config[column] = st.column_config.SelectboxColumn(
                column, help=help_text, options=CHOICES[column]
            )
        else:
            config[column] = st.column_config.TextColumn(
                column, help=help_text, width="large" if column in WIDE else "medium"
            )
    config[REMOVE] = st.column_config.CheckboxColumn(
        REMOVE, help="Tick to remove the row: Undo brings it back."
    )
    return config
