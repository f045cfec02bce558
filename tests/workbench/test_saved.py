"""Test cases for a work in progress's saved form (dashboard/workbench/saved.py)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from dashboard.case import load_case_file
from dashboard.workbench.saved import WorkError, work_bytes, work_from_bytes
from dashboard.workbench.tables import workbench_from_case

ROOT = Path(__file__).resolve().parents[2]


def test_the_bundled_case_as_a_work_survives_saving() -> None:
    """Every table, the texts, title, description and file name come back equal."""
    work = workbench_from_case(load_case_file(ROOT / "data" / "refusals.yaml"), "refusals.yaml")
    assert work_from_bytes(work_bytes(work)) == work


def test_a_blank_number_cell_is_saved_as_empty() -> None:
    work = workbench_from_case(load_case_file(ROOT / "data" / "refusals.yaml"), "r.yaml")
    rows = [{**row, "weight": math.nan} for row in work.rows("sources")]
    reopened = work_from_bytes(work_bytes(work.with_rows("sources", rows)))
    assert all(row["weight"] is None for row in reopened.rows("sources"))


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\xff", "not JSON"),
        (b"[]", "not of format"),
        (b'{"format": 1, "title": 3}', "not text"),
        (
            b'{"format": 1, "title": "", "description": "", "file_name": "a.yaml", '
            b'"tables": {"claims; DROP": []}, "texts": {}}',
            "unknown table",
        ),
        (
            b'{"format": 1, "title": "", "description": "", "file_name": "a.yaml", '
            b'"tables": {"claims": [{"quote": {"a": 1}}]}, "texts": {}}',
            "not text or a number",
        ),
    ],
)
def test_what_is_not_a_saved_work_is_refused_by_name(data: bytes, says: str) -> None:
    with pytest.raises(WorkError, match=says):
        work_from_bytes(data)
