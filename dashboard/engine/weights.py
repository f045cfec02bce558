"""From trust to effective weights: the five steps of spec section 3.

1. trust (the slider), 2. relays (times w_relay/100 for each relay in `via`),
3. split (/ n claims of the source on the question), 4. credibility (times the
Admiralty grade's factor), 5. shared evidence counted once (a group weighs as much as
its heaviest member). Every step works on arrays, for one weight setting or for many
at once (sweeps, leave-one-out).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from dashboard.case import Case, Claim


@dataclass(frozen=True)
class Switches:
    """Steps 2, 4 and 5 of section 3, each on unless the reader turns it off."""

    relays: bool = True
    credibility: bool = True
    shared_evidence: bool = True


@dataclass(frozen=True)
class ReliabilityGrade:
    """An Admiralty source grade and the weight "weights from grades" gives it."""

    letter: str
    words: str
    weight: float


@dataclass(frozen=True)
class CredibilityGrade:
    """An Admiralty information grade and the factor of step 4."""

    number: int
    words: str
    factor: float


RELIABILITY: Mapping[str, ReliabilityGrade] = {
    g.letter: g
    for g in (
        ReliabilityGrade("A", "completely reliable", 90),
        ReliabilityGrade("B", "usually reliable", 75),
        ReliabilityGrade("C", "fairly reliable", 60),
        ReliabilityGrade("D", "not usually reliable", 40),
        ReliabilityGrade("E", "unreliable", 20),
        ReliabilityGrade("F", "cannot be judged", 50),
    )
}
"""Source grades; they enter no formula, only the page's "weights from grades"."""

CREDIBILITY: Mapping[int, CredibilityGrade] = {
    g.number: g
    for g in (
        CredibilityGrade(1, "confirmed", 1.0),
        CredibilityGrade(2, "probably true", 0.8),
        CredibilityGrade(3, "possibly true", 0.6),
        CredibilityGrade(4, "doubtful", 0.4),
        CredibilityGrade(5, "improbable", 0.2),
        CredibilityGrade(6, "cannot be judged", 0.6),
    )
}
"""Information grades and their factors (step 4); an ungraded claim keeps factor 1."""


@dataclass(frozen=True)
class WeightSteps:
    """One question's claims after each step, arrays of shape (claims,)."""

    trust: np.ndarray
    after_relays: np.ndarray
    after_split: np.ndarray
    after_credibility: np.ndarray
    effective: np.ndarray


def weights_from_grades(case: Case, weights: Mapping[str, float]) -> dict[str, float]:
    """Every graded source at its grade's weight (A 90 ... F 50); the others as in `weights`."""
    result = {s.id: float(weights.get(s.id, s.weight)) for s in case.sources}
    for source in case.sources:
        if source.reliability is not None:
            result[source.id] = RELIABILITY[source.reliability].weight
    return result


@dataclass(frozen=True)
class _Plan:
    """What the steps need from one question's claims, worked out once."""

    source_index: np.ndarray  # (claims,) index of each claim's source in case.sources
    relays: tuple[tuple[np.ndarray, np.ndarray], ...]  # (claim indexes, their relays' indexes)
    split: np.ndarray  # (claims,) 1/n of each claim's source on the question
    credibility: np.ndarray  # (claims,) factor of step 4
    groups: tuple[np.ndarray, ...]  # claim indexes of each evidence group


def _plan(case: Case, claims: Sequence[Claim]) -> _Plan:
    return _cached_plan(case, tuple(claims))


_PLANS: dict[tuple[int, tuple[str, ...]], tuple[Case, _Plan]] = {}
_PLAN_LIMIT = 256


def _cached_plan(case: Case, claims: tuple[Claim, ...]) -> _Plan:
    key = (id(case), tuple(claim.id for claim in claims))
    held = _PLANS.get(key)
    if held is not None and held[0] is case:
        return held[1]
    position = {source.id: i for i, source in enumerate(case.sources)}
    counts: dict[str, int] = {}
    for claim in claims:
        counts[claim.source] = counts.get(claim.source, 0) + 1
    relayed: dict[tuple[str, ...], list[int]] = {}
    groups: dict[str, list[int]] = {}
    for i, claim in enumerate(claims):
        via = case.source(claim.source).via
        if via:
            relayed.setdefault(via, []).append(i)
        if claim.evidence is not None:
            groups.setdefault(claim.evidence, []).append(i)
    plan = _Plan(
        source_index=np.array([position[c.source] for c in claims], dtype=int),
        relays=tuple(
            (np.array(members, dtype=int), np.array([position[r] for r in via], dtype=int))
            for via, members in relayed.items()
        ),
        split=np.array([1 / counts[c.source] for c in claims], dtype=float),
        credibility=np.array(
            [1.0 if c.credibility is None else CREDIBILITY[c.credibility].factor for c in claims],
            dtype=float,
        ),
        groups=tuple(np.array(g, dtype=int) for g in groups.values() if len(g) > 1),
    )
    if len(_PLANS) >= _PLAN_LIMIT:
        _PLANS.clear()
    _PLANS[key] = (case, plan)
    return plan


def _weight_matrix(case: Case, rows: Sequence[Mapping[str, float]] | np.ndarray) -> np.ndarray:
    """Weights as (variants x sources) in case.sources order; omitted sources keep defaults."""
    if isinstance(rows, np.ndarray):
        matrix = np.asarray(rows, dtype=float)
        if matrix.ndim != 2 or matrix.shape[1] != len(case.sources):
            raise ValueError(
                f"expected (variants, {len(case.sources)}) weights, got {matrix.shape}"
            )
        return matrix
    defaults = [s.weight for s in case.sources]
    return np.array(
        [[row.get(s.id, d) for s, d in zip(case.sources, defaults, strict=True)] for row in rows],
        dtype=float,
    ).reshape(len(rows), len(case.sources))


def _steps(
    case: Case, claims: Sequence[Claim], matrix: np.ndarray, switches: Switches
) -> tuple[np.ndarray, ...]:
    """The five steps on (variants x sources) weights: five (variants x claims) arrays."""
    plan = _plan(case, claims)
    trust = matrix[:, plan.source_index]
    relayed = trust.copy()
    if switches.relays:
        for members, relays in plan.relays:
            relayed[:, members] *= np.prod(matrix[:, relays] / 100, axis=1, keepdims=True)
    split = relayed * plan.split
    credible = split * plan.credibility if switches.credibility else split.copy()
    effective = credible.copy()
    if switches.shared_evidence:
        for group in plan.groups:
            members = credible[:, group]
            total = members.sum(axis=1, keepdims=True)
            heaviest = members.max(axis=1, keepdims=True)
            factor = np.divide(heaviest, total, out=np.zeros_like(total), where=total > 0)
            effective[:, group] = members * factor
    return trust, relayed, split, credible, effective


def weight_steps(
    case: Case, claims: Sequence[Claim], weights: Mapping[str, float], switches: Switches
) -> WeightSteps:
    """One question's claims through the five steps, under `weights` (source id -> 0..100)."""
    arrays = _steps(case, claims, _weight_matrix(case, [weights]), switches)
    return WeightSteps(*(a[0] for a in arrays))


def effective_weights(
    case: Case, claims: Sequence[Claim], weights: Mapping[str, float], switches: Switches
) -> np.ndarray:
    """Each claim's effective weight (after step 5, before normalising)."""
    return weight_steps(case, claims, weights, switches).effective


def effective_weights_batch(
    case: Case,
    claims: Sequence[Claim],
    weight_rows: Sequence[Mapping[str, float]] | np.ndarray,
    switches: Switches,
) -> np.ndarray:
    """Effective weights for many weight settings at once: (variants x claims).

    `weight_rows` is a list of source -> weight mappings, or a (variants x sources)
    array in case.sources order.
    """
    return _steps(case, claims, _weight_matrix(case, weight_rows), switches)[-1]
