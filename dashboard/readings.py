"""A claim's reading as a probability distribution on its question's grid (spec section 2).

Every distribution lives in T-space (T(x) = x on a linear question, ln x on a log
one) on a grid of equal cells spanning [T(min), T(max)]. A distribution is held
as the log of each cell's probability mass: exact cell masses (not densities at
points), so a reading far narrower than a cell still carries its full mass, and
logs, so that a far tail never underflows to a zero that would veto a region.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import log_ndtr

from dashboard.case import Claim, Question, Reading

GRID_CELLS = 2000
"""Cells per question. The spec allows 0.2% of the span for quantiles; a cell is 0.05%."""

Z_95 = 1.644854
"""A range "a to b" is read as a 90% interval: a and b are the 5th and 95th percentiles."""

NARROWEST_SD = 1e-12
"""The least standard deviation of a range, as a fraction of the question's span in T."""

ONE_SIDED_TAIL = 0.05
"""`at_least a` puts 5% of the mass below a (and `at_most b` 5% above b), like one
side of a 90% interval, so that no claim rules a region out entirely."""


@dataclass(frozen=True)
class Grid:
    """Equal cells in T-space over a question's domain."""

    edges: np.ndarray
    scale: str

    @property
    def centers(self) -> np.ndarray:
        return (self.edges[:-1] + self.edges[1:]) / 2

    @property
    def width(self) -> float:
        return float(self.edges[1] - self.edges[0])

    def to_value(self, t: np.ndarray | float) -> np.ndarray:
        """T^-1: from T-space back to the question's own units."""
        return np.exp(t) if self.scale == "log" else np.asarray(t, dtype=float)

    def cell_means(self) -> np.ndarray:
        """E[x] within each cell for a distribution uniform in T across the cell."""
        if self.scale != "log":
            return self.centers
        low, high = self.edges[:-1], self.edges[1:]
        return (np.exp(high) - np.exp(low)) / (high - low)


def to_t(value: float | np.ndarray, scale: str) -> np.ndarray:
    """T: a value in the question's units to T-space."""
    return np.log(value) if scale == "log" else np.asarray(value, dtype=float)


def question_grid(question: Question, cells: int = GRID_CELLS) -> Grid:
    low, high = to_t(question.min, question.scale), to_t(question.max, question.scale)
    return Grid(np.linspace(low, high, cells + 1), question.scale)


def claim_log_masses(claims: tuple[Claim, ...], question: Question, grid: Grid) -> np.ndarray:
    """Log cell masses of each claim's reading: an array of shape (claims, cells)."""
    result = np.empty((len(claims), len(grid.edges) - 1))
    readings = [claim.reading for claim in claims]
    normals = [i for i, r in enumerate(readings) if r.kind == "range"]
    if normals:
        bounds = np.array([[readings[i].low, readings[i].high] for i in normals], dtype=float)
        result[normals] = _normal_log_masses(to_t(bounds, question.scale), grid)
    for i, reading in enumerate(readings):
        if reading.kind != "range":
            result[i] = reading_log_masses(reading, question, grid)
    return result


def reading_log_masses(reading: Reading, question: Question, grid: Grid) -> np.ndarray:
    """Log cell masses of one reading (a codebook entry, or a claim's)."""
    if reading.kind == "range":
        bounds = to_t(np.array([[reading.low, reading.high]], dtype=float), question.scale)
        return _normal_log_masses(bounds, grid)[0]
    if reading.kind == "at_least":
        split = float(to_t(reading.low, question.scale))
        return _two_step_log_masses(split, ONE_SIDED_TAIL, grid)
    split = float(to_t(reading.high, question.scale))
    return _two_step_log_masses(split, 1 - ONE_SIDED_TAIL, grid)


def _normal_log_masses(bounds: np.ndarray, grid: Grid) -> np.ndarray:
    """Truncated normals whose 5th and 95th percentiles are bounds[:, 0] and bounds[:, 1]."""
    mean = bounds.mean(axis=1, keepdims=True)
    # A range narrower than floating point can resolve is held at the narrowest width
    # it can: all its mass then falls in one cell, as it would at any finite width.
    narrowest = (grid.edges[-1] - grid.edges[0]) * NARROWEST_SD
    sd = np.maximum((bounds[:, 1:] - bounds[:, :1]) / (2 * Z_95), narrowest)
    z = (grid.edges[None, :] - mean) / sd
    cells = _log_normal_mass_between(z[:, :-1], z[:, 1:])
    inside = _log_normal_mass_between(z[:, :1], z[:, -1:])
    return cells - inside


def _log_normal_mass_between(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """log(Phi(high) - Phi(low)) without cancellation: right of zero, use the mirror image."""
    mirrored = low > 0
    lower = np.where(mirrored, -high, low)
    upper = np.where(mirrored, -low, high)
    log_upper = log_ndtr(upper)
    return log_upper + np.log(-np.expm1(log_ndtr(lower) - log_upper))


def _two_step_log_masses(split: float, mass_below: float, grid: Grid) -> np.ndarray:
    """Uniform pieces on [start, split] and [split, end] carrying mass_below and the rest.

    A split at either end of the domain leaves a single uniform piece (spec: `at_least`
    at the domain's min is simply uniform).
    """
    start, end = float(grid.edges[0]), float(grid.edges[-1])
    if split <= start or split >= end:
        split, mass_below = end, 1.0
    low, high = grid.edges[:-1], grid.edges[1:]
    # Each cell's share of each piece's length, times the piece's mass: ratios of
    # lengths stay finite even when a piece is only a subnormal number wide.
    below = np.clip(np.minimum(high, split) - low, 0, None) / (split - start)
    above = np.clip(high - np.maximum(low, split), 0, None) / (end - split) if split < end else 0
    return np.log(below * mass_below + above * (1 - mass_below))
