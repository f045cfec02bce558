"""Weights, the linear and log opinion pools, and summaries (spec sections 3 and 4).

`question_distributions` does the work that depends only on the case (each claim's
distribution, computed once); `pooled` and `evaluate` do what depends on the
weights, so moving a slider costs one weighted sum per question.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from dashboard.case import Case, Claim, Question
from dashboard.readings import Grid, claim_log_masses, question_grid

METHODS = ("linear", "log")
"""Pooling methods in the order the export lists them; `linear` is the default."""

OK = "ok"
NO_WEIGHT = "no_weight"


@dataclass(frozen=True)
class Summary:
    """Quantiles (computed in T-space, reported in the question's units) and the mean of x."""

    p05: float
    median: float
    p95: float
    mean: float


@dataclass(frozen=True)
class QuestionDistributions:
    """Each claim's distribution on one question, independent of any weights."""

    question: Question
    claims: tuple[Claim, ...]
    grid: Grid
    log_masses: np.ndarray
    """Shape (claims, cells): log probability of each grid cell under each claim."""

    def masses(self) -> np.ndarray:
        """`exp(log_masses)`, computed once and read-only (copy it to modify)."""
        return self._masses

    @cached_property
    def _masses(self) -> np.ndarray:
        masses = np.exp(self.log_masses)
        masses.setflags(write=False)
        return masses

    @cached_property
    def claim_summaries(self) -> list[Summary]:
        return [summarise(row, self.grid) for row in self.masses()]


@dataclass(frozen=True)
class Pooled:
    """A pooled distribution, or the absence of one when no claim carries weight."""

    method: str
    status: str
    masses: np.ndarray | None = None
    summary: Summary | None = None


@dataclass(frozen=True)
class QuestionResult:
    distributions: QuestionDistributions
    claim_summaries: list[Summary]
    normalized_weights: np.ndarray
    pooled: dict[str, Pooled]


def question_distributions(case: Case, question_id: str) -> QuestionDistributions:
    question = case.question(question_id)
    claims = case.claims_on(question_id)
    grid = question_grid(question)
    return QuestionDistributions(question, claims, grid, claim_log_masses(claims, question, grid))


def claim_weights(claims: tuple[Claim, ...], weights: Mapping[str, float]) -> np.ndarray:
    """Each claim's raw weight: its source's weight split equally among that source's
    claims on this question, so a source has the same total say however often it speaks."""
    per_source = Counter(claim.source for claim in claims)
    return np.array(
        [weights[claim.source] / per_source[claim.source] for claim in claims], dtype=float
    )


def normalized(raw: np.ndarray) -> np.ndarray:
    """Shares of the total; all zero when nothing carries weight."""
    total = raw.sum()
    return raw / total if total > 0 else np.zeros_like(raw)


def pooled(distributions: QuestionDistributions, shares: np.ndarray, method: str) -> Pooled:
    """Pool the claims with normalised weights `shares` by `method` (linear or log)."""
    if not shares.sum() > 0:
        return Pooled(method, NO_WEIGHT)
    used = shares > 0
    weights = shares[used]
    if method == "linear":
        masses = weights @ distributions.masses()[used]
    elif method == "log":
        # prod p_i^v_i taken as sum v_i log p_i: no tail underflows into a veto.
        log_pool = weights @ distributions.log_masses[used]
        masses = np.exp(log_pool - log_pool.max())
    else:
        raise ValueError(f"unknown pooling method {method!r}; use one of {', '.join(METHODS)}")
    masses = masses / masses.sum()
    return Pooled(method, OK, masses, summarise(masses, distributions.grid))


def summarise(masses: np.ndarray, grid: Grid) -> Summary:
    """p05, median and p95 from the cell masses (uniform within a cell), and the mean of x."""
    masses = masses / masses.sum()
    cumulative = np.concatenate(([0.0], np.cumsum(masses)))

    def quantile(q: float) -> float:
        cell = int(np.clip(np.searchsorted(cumulative, q) - 1, 0, len(masses) - 1))
        fraction = (q - cumulative[cell]) / masses[cell] if masses[cell] > 0 else 0.0
        t = grid.edges[cell] + np.clip(fraction, 0, 1) * grid.width
        return float(grid.to_value(t))

    mean = float(masses @ grid.cell_means())
    return Summary(quantile(0.05), quantile(0.5), quantile(0.95), mean)


def evaluate(
    case: Case,
    weights: Mapping[str, float],
    cache: Mapping[str, QuestionDistributions] | None = None,
) -> dict[str, QuestionResult]:
    """Every question's claim summaries, normalised weights and both pools under `weights`.

    `weights` maps source ids to 0..100; sources it omits keep the case's default.
    `cache` may hold precomputed `question_distributions` by question id.
    """
    full = {**case.default_weights(), **weights}
    results: dict[str, QuestionResult] = {}
    for question in case.questions:
        distributions = (cache or {}).get(question.id) or question_distributions(case, question.id)
        shares = normalized(claim_weights(distributions.claims, full))
        results[question.id] = QuestionResult(
            distributions=distributions,
            claim_summaries=distributions.claim_summaries,
            normalized_weights=shares,
            pooled={method: pooled(distributions, shares, method) for method in METHODS},
        )
    return results
