"""Test cases for the workbench checked (dashboard/workbench/check.py): each of the loader's
problems stands beside the table, row and column it is about, with the fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dashboard.case import UPLOAD_LIMIT_BYTES, load_case_file
from dashboard.workbench.cells import CASE_PART, COLUMNS
from dashboard.workbench.tables import (
    Workbench,
    workbench_from_case,
)

ROOT = Path(__file__).resolve().parents[2]
TWO_DOCUMENTS = ROOT / "tests" / "fixtures" / "two-documents" / "roads.yaml"


def test_each_problem_stands_beside_its_table_and_row(
    bench: Workbench, lines: Callable[[Workbench, str], list[str]]
) -> None:
    """Every problem at once, each in the table and row it is about, with the fix."""
    edited = (
        bench.with_cell("claims", 3, "reading", "range:20")
        .with_cell("claims", 0, "source", "nobody")
        .with_cell("sources", 1, "relays", "rferl, ghost")
        .with_cell("codebook", 0, "reading", "range:10:500")
        .with_cell("questions", 1, "max", -5)
    )
    checked = edited.check()
    assert checked.case is None
    assert lines(edited, "claims") == [
        "Row 4, reading: 'range:20' is not a reading: write range:A:B, at_least:A or "
        "at_most:B with plain numbers (e.g. range:5:25), or label:NAME for a label of the "
        "question's codebook",
        "Row 1, source: no source has the id 'nobody'",
    ]
    assert lines(edited, "sources") == ["Row 2, relays: no source has the id 'ghost'"]
    assert lines(edited, "codebook") == ["Row 1, reading: 500 lies outside the question's [0, 100]"]
    assert lines(edited, "questions")[0].startswith("Row 2, max: max -5 must exceed min")


def test_a_new_row_missing_what_it_needs_is_named(
    bench: Workbench, lines: Callable[[Workbench, str], list[str]]
) -> None:
    added = {**dict.fromkeys(COLUMNS["claims"]), "source": "cit", "question": "refusal_share"}
    edited = bench.with_rows("claims", [*bench.rows("claims"), added])
    row = len(bench.rows("claims")) + 1
    assert f"Row {row}, quote: must be given" in lines(edited, "claims")


def test_the_case_as_a_whole_has_its_own_problems(
    bench: Workbench, lines: Callable[[Workbench, str], list[str]]
) -> None:
    assert lines(Workbench("", bench.tables, bench.texts), CASE_PART) == [
        "title: must not be empty"
    ]
    emptied = bench.with_rows("questions", [])
    assert "questions: needs at least one entry" in lines(emptied, CASE_PART)


def test_a_work_over_the_upload_limit_gets_one_message(
    bench: Workbench, lines: Callable[[Workbench, str], list[str]]
) -> None:
    huge = bench.with_cell("claims", 0, "rationale", "x" * UPLOAD_LIMIT_BYTES)
    assert lines(huge, CASE_PART) == [
        f"the file is {len(huge.case_file_bytes()):,} bytes; uploads are limited to "
        f"{UPLOAD_LIMIT_BYTES:,} bytes"
    ]


def test_an_out_of_range_weight_is_kept_as_typed_and_its_range_named(bench: Workbench) -> None:
    """Issue 24, point 4: a weight of 150 is not clamped: the row keeps 150 and its check
    names the range (the table's column has no min or max, so the grid cannot clamp it)."""
    typed = bench.with_cell("sources", 0, "weight", 150)
    assert typed.rows("sources")[0]["weight"] == 150
    assert [p.line() for p in typed.check().problems_of("sources")] == [
        "Row 1, weight: 150 is outside 0..100"
    ]


def test_a_missing_document_in_a_case_of_several_is_placed_with_its_reason(
    lines: Callable[[Workbench, str], list[str]],
) -> None:
    """The loader's structured problem (a missing `document` key and why it is needed) is
    placed in the claim's row and column, its reason kept, with no line number."""
    bench = workbench_from_case(load_case_file(TWO_DOCUMENTS), "roads.yaml")
    edited = bench.with_cell("claims", 0, "document", "")
    found = lines(edited, "claims")
    assert found[0].startswith("Row 1, document: must be given: the case lists `documents`"), found
    assert "(line" not in found[0]


def test_a_codebook_problem_is_placed_in_the_codebook_row_of_its_label(
    bench: Workbench, lines: Callable[[Workbench, str], list[str]]
) -> None:
    """A problem at questions[i].codebook.LABEL.range lands on that label's row, whichever
    row it is."""
    last = len(bench.rows("codebook")) - 1
    edited = bench.with_cell("codebook", last, "reading", "range:9:1")
    assert lines(edited, "codebook") == [
        f"Row {last + 1}, reading: low end 9 must be below high end 1"
    ]


def test_a_mistyped_quote_in_the_tables_gets_the_passage_to_use(bench: Workbench) -> None:
    """The fix the page offers with one click: its passage, put in the quote, checks clean."""
    row = next(i for i, r in enumerate(bench.rows("claims")) if r["id"] == "agora-count-floor")
    quote = str(bench.rows("claims")[row]["quote"]).replace("seven", "six")
    checked = bench.with_cell("claims", row, "quote", quote).check()
    suggestion = checked.suggestions[row]
    assert "'six' where the document has 'seven'" in suggestion.reason
    fixed = bench.with_cell("claims", row, "quote", suggestion.passage)
    assert fixed.check().case is not None
