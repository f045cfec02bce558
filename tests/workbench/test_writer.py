"""Test cases for the tables written as a case file (dashboard/workbench/writer.py): what a
cell holds reaches the case as typed, and a cell the file cannot hold is named before
the loader sees it."""

from __future__ import annotations

from collections.abc import Callable

import yaml

from dashboard.workbench.cells import COLUMNS
from dashboard.workbench.tables import Workbench


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


def test_a_single_document_and_a_list_of_documents_are_told_apart(
    bench: Workbench, lines: Callable[[Workbench, str], list[str]]
) -> None:
    """One row without an id is the case's `document`; give it an id and it is a list, and
    each claim must then name it."""
    listed = bench.with_cell("documents", 0, "id", "hotair")
    problems = lines(listed, "claims")
    assert problems[0].startswith("Row 1, document: ")
    rows = [{**row, "document": "hotair"} for row in listed.rows("claims")]
    case = listed.with_rows("claims", rows).check().case
    assert case is not None and case.documents[0].id == "hotair"


def test_a_duplicate_or_orphan_codebook_label_is_caught_before_it_is_lost(
    bench: Workbench, lines: Callable[[Workbench, str], list[str]]
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


def test_a_broken_scenario_cell_says_how_to_write_it(
    bench: Workbench, lines: Callable[[Workbench, str], list[str]]
) -> None:
    edited = bench.with_cell("scenarios", 0, "weights", "cit=80").with_cell(
        "scenarios", 1, "readings", "refusal_share.mass_phenomenon=label:x"
    )
    problems = lines(edited, "scenarios")
    assert problems[0].startswith("Row 1, weights: 'cit=80' is not a weight: write source:weight")
    assert problems[1].startswith("Row 2, readings: 'refusal_share.mass_phenomenon=label:x' is")


def test_a_scenarios_readings_are_a_comma_separated_list_as_on_the_command_line(
    bench: Workbench, lines: Callable[[Workbench, str], list[str]]
) -> None:
    """The readings cell is written and read in the text form of `--readings`: items
    separated by commas; an item that is not question.label=reading is named."""
    row = next(i for i, r in enumerate(bench.rows("scenarios")) if r.get("readings"))
    text = str(bench.rows("scenarios")[row]["readings"])
    assert ";" not in text and "=" in text
    two = "refusal_share.significant=range:10:30, refusal_share.mass=at_least:40"
    edited = bench.with_cell("scenarios", row, "readings", two)
    written = yaml.safe_load(edited.case_file_bytes())["scenarios"][row]["readings"]
    assert written == {
        "refusal_share.significant": {"range": [10, 30]},
        "refusal_share.mass": {"at_least": 40},
    }
    broken = bench.with_cell("scenarios", row, "readings", "refusal_share.mass range:1:2")
    assert lines(broken, "scenarios") == [
        f"Row {row + 1}, readings: 'refusal_share.mass range:1:2' is not a reading of a label: "
        "write question.label=range:A:B (or at_least:A, at_most:B), several separated by commas"
    ]
