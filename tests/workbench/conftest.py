"""Shared fixtures of the workbench's tests: the bundled case as a workbench, and the
problems its check lists beside a table, as the page shows them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dashboard.case import Case, load_case_file
from dashboard.workbench.tables import Workbench, workbench_from_case

BUNDLED = Path(__file__).resolve().parents[2] / "data" / "refusals.yaml"


@pytest.fixture
def bundled() -> Case:
    return load_case_file(BUNDLED)


@pytest.fixture
def bench(bundled: Case) -> Workbench:
    return workbench_from_case(bundled, "refusals.yaml")


@pytest.fixture
def lines() -> Callable[[Workbench, str], list[str]]:
    """Each problem the check of a workbench places beside one of its tables, as a line."""

    def problem_lines(bench: Workbench, table: str) -> list[str]:
        return [problem.line() for problem in bench.check().problems_of(table)]

    return problem_lines
