"""Test cases for renaming an id in the workbench (dashboard/workbench/renames.py): every
reference follows, and the sentence says where."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.case import load_case_file
from dashboard.workbench.cells import cell_text
from dashboard.workbench.renames import renames, with_references_renamed
from dashboard.workbench.tables import Workbench, workbench_from_case

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def work() -> Workbench:
    return workbench_from_case(load_case_file(ROOT / "data" / "refusals.yaml"), "refusals.yaml")


def renamed(work: Workbench, table: str, position: int, column: str, new: str) -> Workbench:
    rows = [dict(row) for row in work.rows(table)]
    edits = {position: {column: new}}
    found = renames(table, rows, edits)
    rows[position][column] = new
    result, sentences = with_references_renamed(work.with_rows(table, rows), table, found)
    assert sentences, "a rename with references says so"
    return result


def test_renaming_a_question_renames_its_claims_codebook_and_scenarios(work: Workbench) -> None:
    """The issue's case: a question renamed, and no claim is left pointing at the old id;
    the work still loads as a valid case."""
    old = cell_text(work.rows("questions")[0]["id"])
    before = sum(cell_text(row["question"]) == old for row in work.rows("claims"))
    result = renamed(work, "questions", 0, "id", "renamed_q")
    assert sum(cell_text(row["question"]) == "renamed_q" for row in result.rows("claims")) == before
    assert not any(cell_text(row["question"]) == old for row in result.rows("claims"))
    assert not any(f"{old}." in cell_text(row["readings"]) for row in result.rows("scenarios"))
    assert result.check().case is not None, [p.line() for p in result.check().problems]


def test_renaming_a_source_renames_its_claims_relays_and_scenario_weights(
    work: Workbench,
) -> None:
    relay = next(
        cell_text(row["relays"]).split(",")[0].strip()
        for row in work.rows("sources")
        if cell_text(row["relays"])
    )
    position = next(i for i, row in enumerate(work.rows("sources")) if row["id"] == relay)
    result = renamed(work, "sources", position, "id", "new_relay")
    assert any("new_relay" in cell_text(row["relays"]) for row in result.rows("sources"))
    assert result.check().case is not None, [p.line() for p in result.check().problems]


def test_renaming_a_label_renames_the_claims_that_read_it(work: Workbench) -> None:
    position, row = next(
        (i, row) for i, row in enumerate(work.rows("codebook")) if row["label"] == "mass_phenomenon"
    )
    result = renamed(work, "codebook", position, "label", "widespread")
    question = row["question"]
    readings = [cell_text(r["reading"]) for r in result.rows("claims") if r["question"] == question]
    assert "label:widespread" in readings and "label:mass_phenomenon" not in readings
    assert result.check().case is not None, [p.line() for p in result.check().problems]
    assert row["question"] == result.rows("codebook")[position]["question"]


def test_an_id_typed_into_an_empty_row_or_onto_another_id_is_no_rename(work: Workbench) -> None:
    rows = [dict(row) for row in work.rows("sources")]
    taken = cell_text(rows[1]["id"])
    assert renames("sources", rows, {0: {"id": taken}}) == {}
    assert renames("sources", [*rows, {"id": None}], {len(rows): {"id": "fresh"}}) == {}
    assert renames("claims", rows, {0: {"id": "x"}}) == {}
