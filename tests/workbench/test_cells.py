"""Test cases for what the workbench's modules share (dashboard/workbench/cells.py): a cell
as the text and the number a person typed, and a problem as the line beside its table."""

from __future__ import annotations

import math

import pytest

from dashboard.workbench.cells import CASE_PART, COLUMNS, TABLES, Problem, cell_number, cell_text


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (None, ""),
        (math.nan, ""),
        ("  ", ""),
        (" cit ", "cit"),
        (35.0, "35"),
        (2.5, "2.5"),
        (7, "7"),
    ],
)
def test_a_cell_reads_as_the_text_it_shows(cell: str | float | None, text: str) -> None:
    """A blank (None, NaN, spaces) is empty, and a whole float loses its `.0`."""
    assert cell_text(cell) == text


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("35", 35),
        (" 2.5 ", 2.5),
        (35.0, 35),
        ("1e3", 1000),
        ("n/a", "n/a"),
        ("", ""),
        (None, None),
    ],
)
def test_a_cell_is_a_number_when_it_reads_as_one(cell: str | float | None, number: object) -> None:
    """A whole number is an integer, so the case file says `35`, not `35.0`; text stays text."""
    found = cell_number(cell)
    assert found == number and type(found) is type(number)


def test_a_problem_reads_as_its_row_counted_from_one() -> None:
    assert Problem("claims", 3, "quote", "not found").line() == "Row 4, quote: not found"
    assert Problem("claims", 0, "", "duplicate").line() == "Row 1: duplicate"
    assert Problem(CASE_PART, None, "title", "must not be empty").line() == (
        "title: must not be empty"
    )
    assert Problem(CASE_PART, None, "", "the file is empty").line() == "the file is empty"


def test_the_tables_are_the_columns_in_the_page_s_order() -> None:
    assert TABLES == ("documents", "questions", "codebook", "sources", "claims", "scenarios")
    assert COLUMNS["claims"][:3] == ("id", "source", "question")
