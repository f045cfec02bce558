"""When trusted sources disagree (spec section 10): the disagreeing pair of a question.

Two claims disagree when each carries a real share of the weight and their own 90%
intervals lie clearly apart. The pair is named on the page beside the estimate, under
either method, and in the CSV's `disagreement` column, so that a pooled figure that no
source states is never shown without saying so.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.case import Claim
from dashboard.engine.pooling import QuestionResult, Summary
from dashboard.engine.readings import to_t

MIN_SHARE = 0.10
"""Each claim of the pair carries at least this share of the question's weight: a claim
that hardly counts cannot make the estimate misleading."""

MIN_GAP = 0.01
"""Their intervals lie apart by more than this share of the question's span (in T-space),
so that intervals that merely touch never count."""

SHARE_DIGITS = 6
"""Shares are compared as the CSV writes them, rounded to this many significant digits."""


@dataclass(frozen=True)
class Disagreement:
    """The disagreeing pair of one question: two claims in file order, with their own
    intervals and their shares of the weight."""

    first: Claim
    second: Claim
    first_summary: Summary
    second_summary: Summary
    first_share: float
    second_share: float

    def pair_text(self) -> str:
        """The CSV's `disagreement` cell: `<claim id> vs <claim id>`."""
        return f"{self.first.id} vs {self.second.id}"


def rounded_share(share: float) -> float:
    return float(f"{share:.{SHARE_DIGITS}g}")


def disagreeing_pair(result: QuestionResult) -> Disagreement | None:
    """The pair of section 10, or None: among the claims with at least `MIN_SHARE` of the
    weight whose intervals lie more than `MIN_GAP` of the span apart, the pair with the
    largest share together (ties: the earlier first claim, then the earlier second)."""
    distributions = result.distributions
    question = distributions.question
    summaries = distributions.claim_summaries
    scale = question.scale
    span = float(to_t(question.max, scale) - to_t(question.min, scale))
    shares = [rounded_share(float(w)) for w in result.normalized_weights]
    heavy = [i for i, share in enumerate(shares) if share >= MIN_SHARE]
    ends = {
        i: (float(to_t(summaries[i].p05, scale)), float(to_t(summaries[i].p95, scale)))
        for i in heavy
    }
    best: tuple[int, int] | None = None
    best_total = -1.0
    for position, i in enumerate(heavy):
        for j in heavy[position + 1 :]:
            (low_i, high_i), (low_j, high_j) = ends[i], ends[j]
            gap = max(low_j - high_i, low_i - high_j)
            total = rounded_share(shares[i] + shares[j])
            if gap > MIN_GAP * span and total > best_total:
                best, best_total = (i, j), total
    if best is None:
        return None
    i, j = best
    claims = distributions.claims
    return Disagreement(
        claims[i], claims[j], summaries[i], summaries[j], float(shares[i]), float(shares[j])
    )
