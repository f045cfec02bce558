"""Test cases for the case workbench: a case as editable tables, and back (issue 18, item 4)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from dashboard.case import UPLOAD_LIMIT_BYTES, Case, load_case_bytes, load_case_file
from dashboard.draft import draft_case
from dashboard.workbench.tables import (
    CASE_PART,
    COLUMNS,
    Workbench,
    accepted_rationale,
    closest_passage,
    draft_file_name,
    edited_table,
    is_proposed,
    judged_edits,
    keep_accepted,
    moved_rows,
    workbench_from_case,
)

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "refusals.yaml"
ARTICLE = ROOT / "data" / "mutiny-brewing-refuseniks.txt"
TWO_DOCUMENTS = ROOT / "tests" / "fixtures" / "two-documents" / "roads.yaml"


@pytest.fixture
def bundled() -> Case:
    return load_case_file(BUNDLED)


@pytest.fixture
def bench(bundled: Case) -> Workbench:
    return workbench_from_case(bundled, "refusals.yaml")


def reloaded(bench: Workbench) -> Case:
    """The workbench's case file loaded as a downloaded file is, with its documents."""
    return load_case_bytes(bench.case_file_bytes(), bench.file_name, bench.documents())


def lines(bench: Workbench, table: str) -> list[str]:
    return [problem.line() for problem in bench.check().problems_of(table)]


# --- round trips -------------------------------------------------------------------------------


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


def test_blank_rows_added_at_the_end_are_left_out(bench: Workbench) -> None:
    rows = [*bench.rows("claims"), dict.fromkeys(COLUMNS["claims"])]
    assert bench.with_rows("claims", rows).check().case == bench.check().case


def test_hostile_text_in_a_cell_stays_text(bench: Workbench) -> None:
    """YAML markup typed in a cell is written quoted: it reaches the case as typed."""
    hostile = "!!python/object:os.system &a *a {x: [1, 2]} # not a comment"
    case = bench.with_cell("sources", 0, "name", hostile).check().case
    assert case is not None and case.sources[0].name == hostile


def test_whole_weights_are_written_as_integers(bench: Workbench) -> None:
    edited = bench.with_cell("sources", 0, "weight", 35.0)
    written = yaml.safe_load(edited.case_file_bytes())
    assert written["sources"][0]["weight"] == 35
    assert isinstance(written["sources"][0]["weight"], int)


# --- problems beside their rows ------------------------------------------------------------


def test_each_problem_stands_beside_its_table_and_row(bench: Workbench) -> None:
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


def test_a_new_row_missing_what_it_needs_is_named(bench: Workbench) -> None:
    added = {**dict.fromkeys(COLUMNS["claims"]), "source": "cit", "question": "refusal_share"}
    edited = bench.with_rows("claims", [*bench.rows("claims"), added])
    row = len(bench.rows("claims")) + 1
    assert f"Row {row}, quote: must be given" in lines(edited, "claims")


def test_a_duplicate_or_orphan_codebook_label_is_caught_before_it_is_lost(
    bench: Workbench,
) -> None:
    """A case file's codebook is a mapping, so a label written twice would silently keep
    one reading: the workbench names the row instead."""
    first = dict(bench.rows("codebook")[0])
    orphan = {**first, "question": "nowhere", "label": "other"}
    edited = bench.with_rows("codebook", [*bench.rows("codebook"), first, orphan])
    count = len(bench.rows("codebook"))
    assert lines(edited, "codebook") == [
        f"Row {count + 1}, label: 'mass_phenomenon' is already a label of 'refusal_share'",
        f"Row {count + 2}, question: no question has the id 'nowhere'; questions are "
        "refusal_share, refusal_count",
    ]


def test_a_broken_scenario_cell_says_how_to_write_it(bench: Workbench) -> None:
    edited = bench.with_cell("scenarios", 0, "weights", "cit=80").with_cell(
        "scenarios", 1, "readings", "refusal_share.mass_phenomenon=label:x"
    )
    problems = lines(edited, "scenarios")
    assert problems[0].startswith("Row 1, weights: 'cit=80' is not a weight: write source:weight")
    assert problems[1].startswith("Row 2, readings: 'refusal_share.mass_phenomenon=label:x' is")


def test_the_case_as_a_whole_has_its_own_problems(bench: Workbench) -> None:
    assert lines(Workbench("", bench.tables, bench.texts), CASE_PART) == [
        "title: must not be empty"
    ]
    emptied = bench.with_rows("questions", [])
    assert "questions: needs at least one entry" in lines(emptied, CASE_PART)


def test_a_single_document_and_a_list_of_documents_are_told_apart(bench: Workbench) -> None:
    """One row without an id is the case's `document`; give it an id and it is a list, and
    each claim must then name it."""
    listed = bench.with_cell("documents", 0, "id", "hotair")
    problems = lines(listed, "claims")
    assert problems[0].startswith("Row 1, document: ")
    rows = [{**row, "document": "hotair"} for row in listed.rows("claims")]
    case = listed.with_rows("claims", rows).check().case
    assert case is not None and case.documents[0].id == "hotair"


def test_a_work_over_the_upload_limit_gets_one_message(bench: Workbench) -> None:
    huge = bench.with_cell("claims", 0, "rationale", "x" * UPLOAD_LIMIT_BYTES)
    assert lines(huge, CASE_PART) == [
        f"the file is {len(huge.case_file_bytes()):,} bytes; uploads are limited to "
        f"{UPLOAD_LIMIT_BYTES:,} bytes"
    ]


# --- the closest passage -------------------------------------------------------------------

DOCUMENT = (
    "The mayor said “about 300 people” came.\n\nOfficials   counted between 14 and 22\n"
    "roads closed by meltwater overnight, and the council asked drivers to stay home."
)


def test_a_quote_with_straight_quotes_is_offered_the_curly_ones() -> None:
    suggestion = closest_passage('said "about 300 people" came', DOCUMENT)
    assert suggestion is not None
    assert suggestion.passage == "said “about 300 people” came"
    assert suggestion.reason == "curly against straight quotes"


def test_a_quote_with_other_spacing_is_offered_the_document_s() -> None:
    suggestion = closest_passage("between 14 and 22 roads closedby meltwater", DOCUMENT)
    assert suggestion is not None
    assert suggestion.passage == "between 14 and 22 roads closed by meltwater"
    assert suggestion.reason == "the spacing differs"


def test_a_quote_a_word_off_is_offered_the_passage_with_that_word_named() -> None:
    suggestion = closest_passage(
        "counted between 14 and 24 roads closed by meltwater overnight", DOCUMENT
    )
    assert suggestion is not None
    assert suggestion.passage == "counted between 14 and 22 roads closed by meltwater overnight"
    assert suggestion.reason == "the quote has '24' where the document has '22'"


def test_a_quote_found_or_unlike_anything_gets_no_suggestion() -> None:
    assert closest_passage("Officials counted between 14 and 22", DOCUMENT) is None
    assert closest_passage("a sentence from another article entirely", DOCUMENT) is None


def test_a_mistyped_quote_in_the_tables_gets_the_passage_to_use(bench: Workbench) -> None:
    """The fix the page offers with one click: its passage, put in the quote, checks clean."""
    row = next(i for i, r in enumerate(bench.rows("claims")) if r["id"] == "agora-count-floor")
    quote = str(bench.rows("claims")[row]["quote"]).replace("seven", "six")
    checked = bench.with_cell("claims", row, "quote", quote).check()
    suggestion = checked.suggestions[row]
    assert "'six' where the document has 'seven'" in suggestion.reason
    fixed = bench.with_cell("claims", row, "quote", suggestion.passage)
    assert fixed.check().case is not None


def test_the_closest_passage_is_quick_in_a_large_document() -> None:
    """A 1 MB document: the page checks quotes as they are typed."""
    article = ARTICLE.read_text(encoding="utf-8")
    large = (article * (UPLOAD_LIMIT_BYTES // len(article.encode())))[: UPLOAD_LIMIT_BYTES - 10]
    started = time.perf_counter()
    suggestion = closest_passage(
        "more than 1,000 military personnel and National Guard troops from at least six regions",
        large,
    )
    assert suggestion is not None and "seven" in suggestion.passage
    assert time.perf_counter() - started < 2.0


# --- order ---------------------------------------------------------------------------------


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


def test_an_out_of_range_weight_is_kept_as_typed_and_its_range_named(bench: Workbench) -> None:
    """Issue 24, point 4: a weight of 150 is not clamped: the row keeps 150 and its check
    names the range (the table's column has no min or max, so the grid cannot clamp it)."""
    typed = bench.with_cell("sources", 0, "weight", 150)
    assert typed.rows("sources")[0]["weight"] == 150
    assert [p.line() for p in typed.check().problems_of("sources")] == [
        "Row 1, weight: 150 is outside 0..100"
    ]


def test_a_missing_document_in_a_case_of_several_is_placed_with_its_reason() -> None:
    """The loader's structured problem (a missing `document` key and why it is needed) is
    placed in the claim's row and column, its reason kept, with no line number."""
    bench = workbench_from_case(load_case_file(TWO_DOCUMENTS), "roads.yaml")
    edited = bench.with_cell("claims", 0, "document", "")
    found = lines(edited, "claims")
    assert found[0].startswith("Row 1, document: must be given: the case lists `documents`"), found
    assert "(line" not in found[0]


def test_a_codebook_problem_is_placed_in_the_codebook_row_of_its_label(bench: Workbench) -> None:
    """A problem at questions[i].codebook.LABEL.range lands on that label's row, whichever
    row it is."""
    last = len(bench.rows("codebook")) - 1
    edited = bench.with_cell("codebook", last, "reading", "range:9:1")
    assert lines(edited, "codebook") == [
        f"Row {last + 1}, reading: low end 9 must be below high end 1"
    ]
