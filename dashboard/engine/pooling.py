"""Claim distributions, the linear and log opinion pools, and summaries (spec sections 2-4).

`claim_distributions` does the work that depends only on the readings in use (each
distinct reading's log masses, computed once and remembered in a `ReadingMemo`);
`pool` does what depends on the weights, so moving a slider costs one weighted sum.
Claims that share a reading share one row: a case of 10,000 claims drawn from a few
codebook labels costs a few rows, and pooling sums weights per row first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

import numpy as np

from dashboard.case import Case, Claim, Question, Reading
from dashboard.engine.readings import Grid, question_grid, readings_log_masses, to_t
from dashboard.engine.settings import ReadingOrigin, Settings
from dashboard.engine.weights import WeightSteps, weight_steps


class Method(StrEnum):
    """Pooling methods, in the order the export lists them; `linear` is the default."""

    LINEAR = "linear"
    LOG = "log"


class Status(StrEnum):
    """A combined row's status: an estimate, or none because no claim carries weight."""

    OK = "ok"
    NO_WEIGHT = "no_weight"


METHODS: tuple[Method, ...] = tuple(Method)
SUMMARY_PROBABILITIES = (0.05, 0.5, 0.95)
"""p05, median, p95: the quantiles every summary reports."""


@dataclass(frozen=True)
class Summary:
    """Quantiles (computed in T-space, reported in the question's units) and the mean of x."""

    p05: float
    median: float
    p95: float
    mean: float


@dataclass(frozen=True)
class Estimate:
    """A pooled distribution and its summary."""

    method: Method
    masses: np.ndarray
    summary: Summary

    @property
    def status(self) -> Status:
        return Status.OK


@dataclass(frozen=True)
class NoEstimate:
    """No pooled distribution: every claim of the question has effective weight 0."""

    method: Method

    @property
    def status(self) -> Status:
        return Status.NO_WEIGHT


Pooled = Estimate | NoEstimate


# --- summaries ------------------------------------------------------------------------------


def quantiles(masses: np.ndarray, grid: Grid, probabilities: Sequence[float]) -> np.ndarray:
    """Quantiles of cell masses (uniform within a cell, in T-space), in the question's units.

    The one implementation: `masses` is (cells,) or (rows, cells); the result is
    (probabilities,) or (rows, probabilities). Rows need not be normalised.
    """
    rows = np.atleast_2d(np.asarray(masses, dtype=float))
    rows = rows / rows.sum(axis=1, keepdims=True)
    cumulative = np.cumsum(rows, axis=1)
    wanted = np.asarray(probabilities, dtype=float)
    cells = rows.shape[1]
    index = np.stack([(cumulative < q).sum(axis=1) for q in wanted], axis=1)
    index = np.clip(index, 0, cells - 1)
    mass = np.take_along_axis(rows, index, axis=1)
    before = np.take_along_axis(cumulative, index, axis=1) - mass
    safe = np.where(mass > 0, mass, 1.0)
    fraction = np.where(mass > 0, (wanted[None, :] - before) / safe, 0.0)
    t = grid.edges[index] + np.clip(fraction, 0, 1) * grid.width
    values = grid.to_value(t)
    return values[0] if np.ndim(masses) == 1 else values


def means(masses: np.ndarray, grid: Grid) -> np.ndarray:
    """The mean of x (not of T) for each row of cell masses."""
    rows = np.atleast_2d(np.asarray(masses, dtype=float))
    result = (rows @ grid.cell_means()) / rows.sum(axis=1)
    return result[0] if np.ndim(masses) == 1 else result


def summaries(masses: np.ndarray, grid: Grid) -> list[Summary]:
    """A summary for each row of (rows, cells) masses, computed together."""
    if len(masses) == 0:
        return []
    figures = np.column_stack([quantiles(masses, grid, SUMMARY_PROBABILITIES), means(masses, grid)])
    return [Summary(*map(float, row)) for row in figures]


def summarise(masses: np.ndarray, grid: Grid) -> Summary:
    """p05, median and p95 from one distribution's cell masses, and the mean of x."""
    return summaries(np.atleast_2d(masses), grid)[0]


# --- claim distributions ---------------------------------------------------------------------


class ReadingMemo:
    """Log-mass rows remembered by (question id, its bounds in force, reading without its
    label), and each question's result at the case's defaults.

    Changing one label's reading then recomputes only that reading's row; the page
    keeps one memo per case across reruns.
    """

    def __init__(self) -> None:
        self._rows: dict[tuple[str, float, float, Reading], np.ndarray] = {}
        self._at_defaults: dict[str, QuestionResult] = {}

    def result_at_defaults(
        self, question_id: str, compute: Callable[[], QuestionResult]
    ) -> QuestionResult:
        """The question's result at the case's defaults: the same at every slider move."""
        if question_id not in self._at_defaults:
            self._at_defaults[question_id] = compute()
        return self._at_defaults[question_id]

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def rows(self, question: Question, grid: Grid, readings: Sequence[Reading]) -> np.ndarray:
        """The log-mass rows of `readings` (without labels, distinct), computing the new ones
        together in one vectorised pass."""
        key = (question.id, question.min, question.max)
        missing = [r for r in readings if (*key, r) not in self._rows]
        if missing:
            computed = readings_log_masses(missing, question, grid)
            computed.setflags(write=False)
            for reading, row in zip(missing, computed, strict=True):
                self._rows[(*key, reading)] = row
        return (
            np.stack([self._rows[(*key, r)] for r in readings])
            if readings
            else (np.empty((0, len(grid.edges) - 1)))
        )


@dataclass(frozen=True, eq=False)
class ClaimDistributions:
    """Each claim's distribution on one question under the readings in use."""

    question: Question
    claims: tuple[Claim, ...]
    readings: tuple[Reading, ...]
    """The reading each claim uses (a label's may be the scenario's or the reader's)."""
    origins: tuple[ReadingOrigin, ...]
    grid: Grid
    distinct_log_masses: np.ndarray
    """Shape (distinct readings, cells): one row per distinct reading."""
    row_of_claim: np.ndarray
    """Shape (claims,): the row of `distinct_log_masses` each claim uses."""

    @cached_property
    def log_masses(self) -> np.ndarray:
        """Shape (claims, cells): log probability of each grid cell under each claim."""
        rows = self.distinct_log_masses[self.row_of_claim]
        rows.setflags(write=False)
        return rows

    @cached_property
    def distinct_masses(self) -> np.ndarray:
        masses = np.exp(self.distinct_log_masses)
        masses.setflags(write=False)
        return masses

    def masses(self) -> np.ndarray:
        """`exp(log_masses)`, computed once and read-only (copy it to modify)."""
        return self._masses

    @cached_property
    def _masses(self) -> np.ndarray:
        masses = self.distinct_masses[self.row_of_claim]
        masses.setflags(write=False)
        return masses

    @cached_property
    def claim_summaries(self) -> list[Summary]:
        """Each claim's own summary, computed once per distinct reading, all together."""
        distinct = summaries(self.distinct_masses, self.grid)
        return [distinct[i] for i in self.row_of_claim]

    def row_shares(self, shares: np.ndarray) -> np.ndarray:
        """Claim shares (..., claims) summed per distinct row: (..., distinct rows)."""
        shares = np.asarray(shares, dtype=float)
        rows = len(self.distinct_log_masses)
        if shares.ndim == 1:
            return np.bincount(self.row_of_claim, weights=shares, minlength=rows)
        result = np.zeros((rows, shares.shape[0]))
        np.add.at(result, self.row_of_claim, shares.T)
        return result.T


def claim_distributions(
    case: Case, question_id: str, settings: Settings, memo: ReadingMemo | None = None
) -> ClaimDistributions:
    """The distributions of one question's claims, each under the reading in use, on the
    bounds in force."""
    question = settings.question_in_force(case, question_id)
    claims = case.claims_on(question_id)
    grid = question_grid(question)
    by_label: dict[str, tuple[Reading, ReadingOrigin]] = {}
    readings: list[Reading] = []
    origins: list[ReadingOrigin] = []
    for claim in claims:
        label = claim.reading.label
        if label is None:
            readings.append(claim.reading)
            origins.append("case")
            continue
        if label not in by_label:
            by_label[label] = settings.reading_for(case, question_id, label)
        reading, origin = by_label[label]
        readings.append(reading)
        origins.append(origin)
    distinct: dict[Reading, int] = {}
    row_of_claim = np.array(
        [distinct.setdefault(r.with_label(None), len(distinct)) for r in readings], dtype=int
    )
    keys = list(distinct)
    if memo is not None:
        rows = memo.rows(question, grid, keys)
    else:
        rows = readings_log_masses(keys, question, grid)
    rows.setflags(write=False)
    return ClaimDistributions(
        question, claims, tuple(readings), tuple(origins), grid, rows, row_of_claim
    )


# --- pooling ---------------------------------------------------------------------------------


def normalized(raw: np.ndarray) -> np.ndarray:
    """Shares of the total; all zero when nothing carries weight."""
    total = raw.sum()
    return raw / total if total > 0 else np.zeros_like(raw, dtype=float)


def pool(distributions: ClaimDistributions, shares: np.ndarray, method: Method) -> Pooled:
    """Pool the claims with weights `shares` (normalised here) by `method`."""
    method = Method(method)
    shares = np.asarray(shares, dtype=float)
    if not shares.sum() > 0:
        return NoEstimate(method)
    masses = pool_batch(distributions, shares[None, :], method)[0]
    return Estimate(method, masses, summarise(masses, distributions.grid))


def pool_batch(
    distributions: ClaimDistributions, shares_rows: np.ndarray, method: Method
) -> np.ndarray:
    """Pooled masses for many weightings at once: (variants, cells); rows without weight
    are NaN. Each row of `shares_rows` (variants, claims) is normalised here."""
    method = Method(method)
    shares_rows = np.atleast_2d(np.asarray(shares_rows, dtype=float))
    totals = shares_rows.sum(axis=1, keepdims=True)
    weighted = totals[:, 0] > 0
    normal = np.divide(shares_rows, totals, out=np.zeros_like(shares_rows), where=totals > 0)
    per_row = distributions.row_shares(normal)
    if method is Method.LINEAR:
        masses = per_row @ distributions.distinct_masses
    else:
        # prod p_i^v_i taken as sum v_i log p_i: no tail underflows into a veto.
        log_pool = per_row @ distributions.distinct_log_masses
        masses = np.exp(log_pool - log_pool.max(axis=1, keepdims=True))
    sums = masses.sum(axis=1, keepdims=True)
    masses = masses / np.where(sums > 0, sums, 1.0)
    masses[~weighted] = np.nan
    return masses


@dataclass(frozen=True, eq=False)
class QuestionResult:
    """Everything the export and the page show for one question under one state."""

    distributions: ClaimDistributions
    steps: WeightSteps
    effective_weights: np.ndarray
    normalized_weights: np.ndarray
    pooled: Mapping[Method, Pooled]
    threshold: float | None = None
    """The threshold in force (spec section 13), or None."""

    @property
    def claim_summaries(self) -> list[Summary]:
        return self.distributions.claim_summaries

    def p_above(self, method: Method) -> float | None:
        """The pooled probability that the quantity exceeds the threshold in force; None
        without a threshold or an estimate."""
        pooled = self.pooled[method]
        if self.threshold is None or not isinstance(pooled, Estimate):
            return None
        return mass_above(pooled.masses, self.distributions.grid, self.threshold)


def mass_above(masses: np.ndarray, grid: Grid, value: float) -> float:
    """The share of cell masses above `value` (in the question's units): the cells above
    it, and the part above it of the cell that holds it (uniform within a cell, in T)."""
    t = float(to_t(value, grid.scale))
    cells = len(grid.edges) - 1
    cell = min(max(int((t - grid.edges[0]) // grid.width), 0), cells - 1)
    part_above = min(max((grid.edges[cell + 1] - t) / grid.width, 0.0), 1.0)
    above = float(masses[cell + 1 :].sum() + masses[cell] * part_above) / float(masses.sum())
    return min(max(above, 0.0), 1.0)  # a sum's rounding must not leave [0, 1]


def evaluate_question(
    case: Case, question_id: str, settings: Settings, memo: ReadingMemo | None = None
) -> QuestionResult:
    """One question's distributions, the five weight steps and both pools under `settings`."""
    distributions = claim_distributions(case, question_id, settings, memo)
    steps = weight_steps(case, distributions.claims, settings.weights, settings.switches)
    shares = normalized(steps.effective)
    return QuestionResult(
        distributions=distributions,
        steps=steps,
        effective_weights=steps.effective,
        normalized_weights=shares,
        pooled={method: pool(distributions, shares, method) for method in METHODS},
        threshold=settings.threshold_for(case, question_id),
    )


def evaluate(
    case: Case, settings: Settings, memo: ReadingMemo | None = None
) -> dict[str, QuestionResult]:
    """Every question's result under `settings`, by question id in case order."""
    return {q.id: evaluate_question(case, q.id, settings, memo) for q in case.questions}
