"""Views shared across readers: a state's view and its chart specs are built once, whoever
opens that state first, and kept for every reader in it (a link shared in a burst is
opened by many readers in one state; benchmarks/README.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from dashboard.case import Case
from dashboard.engine.pooling import Method, ReadingMemo
from dashboard.engine.settings import Settings
from dashboard.page.streamlit_internals import arrow_bytes
from dashboard.view.chart_views import chart_spec
from dashboard.view.charts import ChartName, SpecTemplates
from dashboard.view.model import View, build_view


@dataclass(frozen=True)
class SharedView:
    """A view shared by every reader in its state, with the chart specs drawn from it so far
    (by chart name): a spec is built once per state, whoever opens its tab first, from the
    case's templates."""

    view: View
    templates: SpecTemplates
    specs: dict[str, dict[str, Any]] = field(default_factory=dict)

    def spec(self, case: Case, name: ChartName) -> dict[str, Any]:
        if name not in self.specs:
            view = self.view
            built = chart_spec(view, case, name, self.templates)
            # Streamlit turns each dataset into Arrow bytes on every run; done once here,
            # every reader in this state is sent the same bytes.
            datasets = {
                dataset: arrow_bytes(rows) for dataset, rows in built.get("datasets", {}).items()
            }
            self.specs[name] = {**built, "datasets": datasets} if datasets else built
        return self.specs[name]


@dataclass(frozen=True)
class ViewState:
    """One state of a reader's choices, as shared views are kept: equal and hashed by the
    case's key, the question, the method, the settings' key and the sweep's source alone."""

    case_key: str
    question_id: str
    method: Method
    settings_key: tuple[object, ...]
    sweep_source: str | None
    case: Case = field(compare=False)
    case_name: str = field(compare=False)
    settings: Settings = field(compare=False)


@lru_cache(maxsize=32)
def reading_memo(case_key: str) -> ReadingMemo:
    """Each distinct reading's distribution depends only on the case: shared by all readers."""
    return ReadingMemo()


@lru_cache(maxsize=32)
def chart_templates(case_key: str) -> SpecTemplates:
    """Each chart's spec without its rows depends only on the case and the layout: shared."""
    return SpecTemplates()


# A state's view with its open chart weighs about 240 kB: 512 of them were half of what a
# hundred readers added to the server's memory (benchmarks/README.md). The standard
# library's cache, not `st.cache_resource`: that one hashed the state at every move, a
# millisecond of it.
@lru_cache(maxsize=128)
def shared_view(state: ViewState) -> SharedView:
    """The view of one state, built once for every reader who opens it (a link shared in a
    burst is opened by many readers in the same state)."""
    view = build_view(
        state.case,
        state.case_name,
        state.question_id,
        state.method,
        state.settings,
        sweep_source=state.sweep_source,
        memo=reading_memo(state.case_key),
    )
    return SharedView(view, chart_templates(state.case_key))
