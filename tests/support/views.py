"""The view of a case as the page first builds it, for the view's tests."""

from __future__ import annotations

from dashboard.case import Case
from dashboard.engine.pooling import Method
from dashboard.engine.settings import Settings, default_settings
from dashboard.view.model import View, build_view


def view_of(case: Case, question_id: str, method: Method, settings: Settings | None = None) -> View:
    """The view under `settings` (the case's defaults without), moved from its defaults."""
    defaults = default_settings(case)
    return build_view(case, "case", question_id, method, settings or defaults, defaults)
