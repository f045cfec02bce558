"""What rests on the bounds (spec section 12): the interval's ends that one-sided readings
tie to a question's `min` or `max`, and the interval with that bound moved halfway.

An `at_least` reading spreads 95% of its mass up to the upper bound, so when such claims
carry a real share of the weight, the pooled interval's upper end is the bound's as much
as the sources'. Moving the bound halfway (in T-space) towards the largest figure any
reading in use states shows how much.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from dashboard.case import AtLeast, AtMost, Case, Claim
from dashboard.engine.disagreement import MIN_SHARE, rounded_share
from dashboard.engine.pooling import (
    Estimate,
    Method,
    QuestionResult,
    ReadingMemo,
    evaluate_question,
)
from dashboard.engine.readings import to_t
from dashboard.engine.settings import Settings, figures_in_use

Side = Literal["upper", "lower"]
ONE_SIDED: tuple[tuple[Side, type[AtLeast | AtMost]], ...] = (("upper", AtLeast), ("lower", AtMost))
"""Which reading reaches which bound: `at_least` the upper, `at_most` the lower."""


@dataclass(frozen=True)
class BoundReliance:
    """One end of the interval resting on a bound: the bound, the one-sided claims that
    reach it with their share of the weight, and the interval with the bound moved."""

    side: Side
    bound: float
    claims: tuple[Claim, ...]
    share: float
    moved_bound: float
    moved_p05: float
    moved_p95: float


def bound_reliances(
    case: Case,
    settings: Settings,
    result: QuestionResult,
    method: Method,
    memo: ReadingMemo | None = None,
) -> tuple[BoundReliance, ...]:
    """The upper end's reliance on `max` (when `at_least` claims carry at least `MIN_SHARE`
    of the weight), then the lower end's on `min` (likewise `at_most`); nothing else."""
    distributions = result.distributions
    shares = [rounded_share(float(w)) for w in result.normalized_weights]
    found = []
    for side, kind in ONE_SIDED:
        reaching = [
            i
            for i, reading in enumerate(distributions.readings)
            if isinstance(reading, kind) and shares[i] > 0
        ]
        share = rounded_share(sum(shares[i] for i in reaching))
        if reaching and share >= MIN_SHARE:
            claims = tuple(distributions.claims[i] for i in reaching)
            moved = _moved_reliance(case, settings, result, method, side, claims, share, memo)
            if moved is not None:
                found.append(moved)
    return tuple(found)


def _moved_reliance(  # noqa: PLR0913 - the state, the question's result and what was found
    case: Case,
    settings: Settings,
    result: QuestionResult,
    method: Method,
    side: Side,
    claims: tuple[Claim, ...],
    share: float,
    memo: ReadingMemo | None,
) -> BoundReliance | None:
    """The reliance with the pooled interval on the bound moved halfway (None when the
    moved state has no estimate)."""
    question = result.distributions.question
    figures = figures_in_use(case, settings, question.id)
    bound, nearest = (
        (question.max, max(figures)) if side == "upper" else (question.min, min(figures))
    )
    moved = float(
        result.distributions.grid.to_value(
            (to_t(bound, question.scale) + to_t(nearest, question.scale)) / 2
        )
    )
    # Rounding must not carry the bound past the figure it moves towards.
    moved = max(moved, nearest) if side == "upper" else min(moved, nearest)
    bounds = (question.min, moved) if side == "upper" else (moved, question.max)
    # Valid by construction: every figure in use lies between `nearest` and the other bound.
    moved_settings = replace(
        settings, reader_bounds={**settings.reader_bounds, question.id: bounds}
    )
    pooled = evaluate_question(case, question.id, moved_settings, memo).pooled[method]
    if not isinstance(pooled, Estimate):
        return None
    summary = pooled.summary
    return BoundReliance(side, bound, claims, share, moved, summary.p05, summary.p95)
