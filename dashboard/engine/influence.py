"""How much the combined estimate depends on each source: leave-one-out, sweeps, points of view.

Every figure here re-runs the engine's own steps (weights, then a pool) on variants of the
reader's settings, many at once: each variant is a row of source weights, turned into claim
weights by `weights.effective_weights_batch` and pooled by `pooling.pool_batch`, so a sweep
of 21 weights or a leave-one-out over 200 sources costs one matrix product.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from dashboard.case import Case
from dashboard.engine.pooling import (
    Estimate,
    Method,
    QuestionResult,
    ReadingMemo,
    Summary,
    evaluate_question,
    pool_batch,
    quantiles,
)
from dashboard.engine.settings import Settings, default_settings, settings_for, with_usable_bounds
from dashboard.engine.weights import effective_weights_batch

SWEEP_STEPS = 21
"""A sweep runs a source's weight over 0, 5, ..., 100."""

PERCENTILES = (0.05, 0.5, 0.95)
"""The 90% interval and the median: what the headline states."""


@dataclass(frozen=True)
class Band:
    """Medians and 90% intervals of one variant per row; NaN where a variant has no estimate."""

    p05: np.ndarray
    median: np.ndarray
    p95: np.ndarray

    @property
    def estimated(self) -> np.ndarray:
        return ~np.isnan(self.median)


@dataclass(frozen=True)
class LeaveOneOut:
    """What setting one source to 0 would do to the combined median."""

    source_id: str
    share: float
    """The share of the question's weight that passes through this source
    (`weight_through`)."""
    median_without: float | None
    """None when nothing would carry weight without it."""
    shift: float | None
    """`median_without` minus the median now; None when either has no estimate."""


@dataclass(frozen=True)
class Sweep:
    """The combined median and 90% band as one source's weight runs from 0 to 100."""

    source_id: str
    weights: np.ndarray
    band: Band
    current_weight: float


@dataclass(frozen=True)
class Swing:
    """The combined median with one source at 0 and at 100, the others held."""

    source_id: str
    median_at_0: float | None
    median_at_100: float | None

    @property
    def swing(self) -> float:
        """How far the median travels between the two ends; 0 when either end has none."""
        if self.median_at_0 is None or self.median_at_100 is None:
            return 0.0
        return self.median_at_100 - self.median_at_0


PointKind = Literal["defaults", "scenario", "current"]


@dataclass(frozen=True)
class PointOfView:
    """One point of view's combined estimate on the question in view."""

    kind: PointKind
    key: str
    name: str
    note: str
    summary: Summary | None
    """None when no claim carries weight under that point of view."""


def sources_affecting(case: Case, result: QuestionResult, settings: Settings) -> tuple[str, ...]:
    """Ids of the sources whose weight can move this question: those with claims on it and,
    while relays count, the relays those claims came through; in case order."""
    speaking = {claim.source for claim in result.distributions.claims}
    relays: set[str] = set()
    if settings.switches.relays:
        for source_id in speaking:
            relays.update(case.source(source_id).via)
    return tuple(s.id for s in case.sources if s.id in speaking or s.id in relays)


def variant_bands(
    case: Case, result: QuestionResult, settings: Settings, method: Method, rows: np.ndarray
) -> Band:
    """The pooled percentiles for each row of source weights (variants x sources, in case order)."""
    claims = result.distributions.claims
    claim_weights = effective_weights_batch(case, claims, rows, settings.switches)
    totals = claim_weights.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = np.where(totals > 0, claim_weights / totals, 0.0)
    masses = pool_batch(result.distributions, shares, method)
    figures = np.full((len(rows), len(PERCENTILES)), np.nan)
    estimated = ~np.isnan(masses).any(axis=1)
    if estimated.any():
        figures[estimated] = quantiles(masses[estimated], result.distributions.grid, PERCENTILES)
    return Band(figures[:, 0], figures[:, 1], figures[:, 2])


def current_weights(case: Case, settings: Settings) -> np.ndarray:
    """The settings' source weights as one row, in case order."""
    return np.array([settings.weights[s.id] for s in case.sources], dtype=float)


def leave_one_out(
    case: Case, result: QuestionResult, settings: Settings, method: Method
) -> tuple[LeaveOneOut, ...]:
    """For every source that can move the question: its share of the weight and the median
    with it at 0. Most influential first: those without whom nothing is left, then by the
    size of the shift, then by share."""
    affecting = sources_affecting(case, result, settings)
    if not affecting:
        return ()
    order = {s.id: i for i, s in enumerate(case.sources)}
    base = current_weights(case, settings)
    rows = np.repeat(base[None, :], len(affecting), axis=0)
    for row, source_id in enumerate(affecting):
        rows[row, order[source_id]] = 0.0
    band = variant_bands(case, result, settings, method, rows)
    shares = _shares_through(case, result, affecting)
    pooled = result.pooled[method]
    median = pooled.summary.median if isinstance(pooled, Estimate) else None
    entries = []
    for row, source_id in enumerate(affecting):
        without = float(band.median[row]) if band.estimated[row] else None
        shift = without - median if without is not None and median is not None else None
        entries.append(LeaveOneOut(source_id, shares[source_id], without, shift))
    return tuple(
        sorted(
            entries,
            key=lambda e: (
                e.median_without is not None or e.share == 0,
                -abs(e.shift or 0.0),
                -e.share,
            ),
        )
    )


def weight_through(case: Case, result: QuestionResult) -> dict[str, dict[str, float]]:
    """The one meaning of "the weight that passes through a source": for each source, the
    share of the question's normalised weight in the claims it made or carried as a relay,
    by the source that made them. A relay's figure includes what others said, so figures
    of different sources overlap and may add up to more than 100%."""
    through: dict[str, dict[str, float]] = {}
    for claim, share in zip(result.distributions.claims, result.normalized_weights, strict=True):
        for source_id in (claim.source, *case.source(claim.source).via):
            makers = through.setdefault(source_id, {})
            makers[claim.source] = makers.get(claim.source, 0.0) + float(share)
    return through


def _shares_through(
    case: Case, result: QuestionResult, source_ids: tuple[str, ...]
) -> dict[str, float]:
    through = weight_through(case, result)
    return {s: sum(through.get(s, {}).values()) for s in source_ids}


def sweep(
    case: Case, result: QuestionResult, settings: Settings, method: Method, source_id: str
) -> Sweep:
    """The combined band as `source_id` runs from 0 to 100, every other weight held."""
    weights = np.linspace(0, 100, SWEEP_STEPS)
    base = current_weights(case, settings)
    rows = np.repeat(base[None, :], len(weights), axis=0)
    column = [s.id for s in case.sources].index(source_id)
    rows[:, column] = weights
    band = variant_bands(case, result, settings, method, rows)
    return Sweep(source_id, weights, band, float(settings.weights[source_id]))


def swings(
    case: Case, result: QuestionResult, settings: Settings, method: Method
) -> tuple[Swing, ...]:
    """For every source that can move the question, the median at weight 0 and at 100,
    the others held; the widest swing first."""
    affecting = sources_affecting(case, result, settings)
    if not affecting:
        return ()
    order = {s.id: i for i, s in enumerate(case.sources)}
    base = current_weights(case, settings)
    rows = np.repeat(base[None, :], 2 * len(affecting), axis=0)
    for index, source_id in enumerate(affecting):
        rows[2 * index, order[source_id]] = 0.0
        rows[2 * index + 1, order[source_id]] = 100.0
    band = variant_bands(case, result, settings, method, rows)
    medians = [float(m) if not np.isnan(m) else None for m in band.median]
    entries = [
        Swing(source_id, medians[2 * index], medians[2 * index + 1])
        for index, source_id in enumerate(affecting)
    ]
    return tuple(sorted(entries, key=lambda s: -abs(s.swing)))


def points_of_view(
    case: Case,
    question_id: str,
    method: Method,
    current: Settings,
    memo: ReadingMemo | None = None,
) -> tuple[PointOfView, ...]:
    """The case's defaults, every scenario, and the reader's current settings, each pooled
    on `question_id` by `method` with the reader's switches and, where they fit its
    readings, the reader's bounds (so that every point lies on the chart's axis)."""
    defaults = replace(default_settings(case), switches=current.switches)
    points: list[tuple[PointKind, str, str, str, Settings]] = [
        (
            "defaults",
            "defaults",
            "Case defaults",
            "The case author's default weights and readings.",
            with_usable_bounds(case, defaults, current.reader_bounds),
        ),
    ]
    for scenario in case.scenarios:
        settings = settings_for(case, scenario.id, switches=current.switches)
        settings = with_usable_bounds(case, settings, current.reader_bounds)
        points.append(("scenario", scenario.id, scenario.name, scenario.note, settings))
    points.append(
        ("current", "current", "Your settings", "The weights and readings now set.", current)
    )
    result = []
    for kind, key, name, note, settings in points:
        pooled = evaluate_question(case, question_id, settings, memo).pooled[method]
        summary = pooled.summary if isinstance(pooled, Estimate) else None
        result.append(PointOfView(kind, key, name, note, summary))
    return tuple(result)
