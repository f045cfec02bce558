"""Test cases for the case workbench's tables (dashboard/workbench/tables.py): a case as
editable tables and back, a draft opened as tables, and the edits the page makes to them:
rows moved, a table editor's changes, proposals judged and the accepted ones kept
(issue 18, item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.case import Case, load_case_bytes, load_case_file
from dashboard.draft import draft_case
from dashboard.workbench.cells import COLUMNS
from dashboard.workbench.tables import (
    Workbench,
    accepted_rationale,
    draft_file_name,
    edited_table,
    is_proposed,
    judged_edits,
    keep_accepted,
    moved_rows,
    workbench_from_case,
)

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "data" / "refusals.yaml"
ARTICLE = ROOT / "data" / "mutiny-brewing-refuseniks.txt"
TWO_DOCUMENTS = ROOT / "tests" / "fixtures" / "two-documents" / "roads.yaml"


def reloaded(bench: Workbench) -> Case:
    """The workbench's case file loaded as a downloaded file is, with its documents."""
    return load_case_bytes(bench.case_file_bytes(), bench.file_name, bench.documents())


@pytest.mark.parametrize("path", [BUNDLED, TWO_DOCUMENTS], ids=["bundled", "two-documents"])
def test_a_case_written_from_its_tables_loads_as_the_same_case(path: Path) -> None:
    """Every part survives the tables: questions and codebooks, sources with relays and
    grades, claims with their documents, scenarios with weights and readings."""
    case = load_case_file(path)
    bench = workbench_from_case(case, path.name)
    assert reloaded(bench) == case
    assert bench.check().case == case


def test_the_tables_hold_every_part_as_text_a_person_edits(bench: Workbench) -> None:
    """Readings are in the text form of section 2 (a label as `label:name`), relays a list."""
    claims = {row["id"]: row for row in bench.rows("claims")}
    assert claims["cit-share-range"]["reading"] == "range:20:40"
    assert claims["agora-count-floor"]["reading"] == "at_least:1000"
    assert claims["volkov-share-mass"]["reading"] == "label:mass_phenomenon"
    relays = {row["id"]: row["relays"] for row in bench.rows("sources")}
    assert relays["cit"] == "current_time, rferl" and relays["rferl"] == ""
    assert set(bench.tables) == set(COLUMNS)
    assert bench.rows("scenarios")[0]["weights"]


def test_a_draft_opens_as_a_valid_workbench() -> None:
    """The page's "Start from a document": the draft of the bundled article, as tables,
    checks clean with the article as its document, and says it was proposed."""
    text = ARTICLE.read_text(encoding="utf-8")
    draft = draft_case(text, ARTICLE.name)
    case = load_case_bytes(draft.case_yaml, "draft.yaml", {draft.document_file: text.encode()})
    bench = workbench_from_case(case, draft_file_name(draft.document_file))
    checked = bench.check()
    assert checked.case is not None and checked.problems == ()
    assert len(bench.rows("claims")) == draft.claims
    assert all("not judged" in str(row["rationale"]) for row in bench.rows("claims"))
    assert bench.file_name == "mutiny-brewing-refuseniks.yaml"


def drafted_bench() -> Workbench:
    text = ARTICLE.read_text(encoding="utf-8")
    draft = draft_case(text, ARTICLE.name)
    case = load_case_bytes(draft.case_yaml, "draft.yaml", {draft.document_file: text.encode()})
    return workbench_from_case(case, draft_file_name(draft.document_file))


def test_an_accepted_proposal_loses_the_draft_s_words_and_can_be_taken_back() -> None:
    """Accepted, a claim keeps none of the draft's rationale (a suggestion, not the author's
    reason: readers then see none given); a reason the author wrote stays; taken back, the
    claim is proposed again."""
    bench = drafted_bench()
    row = bench.rows("claims")[2]
    assert is_proposed(row)
    accepted = accepted_rationale(row["rationale"], True)
    assert accepted == ""
    assert not is_proposed({"rationale": accepted})
    assert is_proposed({"rationale": accepted_rationale(accepted, False)})
    assert accepted_rationale("My own reason.", True) == "My own reason."
    assert accepted_rationale("My own reason.", False).endswith("My own reason.")


def test_keeping_the_accepted_claims_keeps_what_they_use() -> None:
    """Accept the count and share claims of the draft: the rest goes, and with it the
    questions and sources no accepted claim uses; a kept source keeps its relays."""
    bench = drafted_bench()
    rows = [
        {**row, "rationale": accepted_rationale(row["rationale"], True)}
        if row["question"] in ("count", "share")
        else row
        for row in bench.rows("claims")
    ]
    sources = [
        {**row, "relays": "author"} if row["id"] == "grebenyuk" else row
        for row in bench.rows("sources")
    ]
    kept = keep_accepted(bench.with_rows("claims", rows).with_rows("sources", sources))
    case = kept.check().case
    assert case is not None
    assert [q.id for q in case.questions] == ["count", "share"]
    assert {c.question for c in case.claims} == {"count", "share"}
    assert "author" in {s.id for s in case.sources}
    assert not any(is_proposed(row) for row in kept.rows("claims"))


def test_rows_move_to_the_place_typed_for_them() -> None:
    rows = [{"id": name} for name in "abcd"]
    moved = moved_rows(rows, [1, 2, 3, 1.5])
    assert [row["id"] for row in moved] == ["a", "d", "b", "c"]
    assert [row["id"] for row in moved_rows(rows, [None, 9, None, None])] == ["a", "c", "d", "b"]


def test_a_table_editor_s_changes_apply_as_streamlit_applies_them() -> None:
    """Edits by position, then deletions by position before any change, then additions."""
    rows = [{"id": "a"}, {"id": "b"}, {"id": "c"}]
    changes = {
        "edited_rows": {"2": {"id": "C"}},
        "deleted_rows": [0],
        "added_rows": [{"id": "d"}],
    }
    assert [row["id"] for row in edited_table(rows, changes)] == ["b", "C", "d"]


def test_a_ticked_or_edited_proposal_is_judged_and_loses_the_draft_s_words() -> None:
    """Issue 24, point 7: a tick, or an edit of any cell but the row's place, accepts a
    proposed claim: the draft's "proposed, not judged" rationale is gone; a reason typed in
    the same edit stays (without the draft's prefix); moving the row judges nothing."""
    rows = list(drafted_bench().rows("claims"))
    judged = judged_edits(
        rows,
        {
            0: {"accepted": True},
            1: {"reading": "range:1:2"},
            2: {"#": 9.5},
            3: {"rationale": "Mine."},
        },
        "accepted",
        "#",
    )
    assert judged[0]["rationale"] == "" and judged[1]["rationale"] == ""
    assert "rationale" not in judged[2]
    assert judged[3]["rationale"] == "Mine."
    untick = judged_edits([{"rationale": "Mine."}], {0: {"accepted": False}}, "accepted", "#")
    assert is_proposed(untick[0])
