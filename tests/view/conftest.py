"""Shared fixtures of the view's tests: the bundled case, read once per module."""

from __future__ import annotations

import pytest

from dashboard.case import Case
from tests.support.bundled import CASE


@pytest.fixture(scope="module")
def refusals() -> Case:
    return CASE
