"""The bundled refusal case as the browser tests expect to see it, from the engine itself."""

from __future__ import annotations

from collections.abc import Mapping

from dashboard.case import Reading, load_case_file
from dashboard.engine.pooling import Estimate, Method, evaluate
from dashboard.engine.settings import DEFAULT_SWITCHES, settings_for
from dashboard.engine.weights import Switches
from dashboard.view.wording import format_interval, format_value
from tests.support.driver import PROJECT_ROOT

CASE_PATH = PROJECT_ROOT / "data" / "refusals.yaml"
CASE = load_case_file(CASE_PATH)
NAME = {source.id: source.name for source in CASE.sources}
DEFAULT_WEIGHTS = {source_id: round(w) for source_id, w in CASE.default_weights().items()}
SHARE, COUNT = "refusal_share", "refusal_count"


def headline(
    question_id: str,
    method: str = "linear",
    *,
    scenario: str | None = None,
    weights: Mapping[str, float] | None = None,
    readings: Mapping[tuple[str, str], Reading] | None = None,
    switches: Switches = DEFAULT_SWITCHES,
) -> tuple[str, str]:
    """The median and 90% interval the page should show for this state, as it writes them."""
    settings = settings_for(CASE, scenario, weights, readings, switches)
    pooled = evaluate(CASE, settings)[question_id].pooled[Method(method)]
    assert isinstance(pooled, Estimate), f"no estimate for {question_id} under {settings}"
    question = CASE.question(question_id)
    summary = pooled.summary
    return (
        format_value(summary.median, question),
        format_interval(summary.p05, summary.p95, question),
    )
