"""A claim's reading as a probability distribution on its question's grid (spec section 2).

Every distribution lives in T-space (T(x) = x on a linear question, ln x on a log
one) on a grid of equal cells spanning [T(min), T(max)]. A distribution is held
as the log of each cell's probability mass: exact cell masses (not densities at
points), so a reading far narrower than a cell still carries its full mass, and
logs, so that a far tail never underflows to a zero that would veto a region.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import log_ndtr

from dashboard.case import AtLeast, AtMost, Question, Range, Reading, Scale

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
    scale: Scale

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


def to_t(value: float | np.ndarray, scale: Scale) -> np.ndarray:
    """T: a value in the question's units to T-space."""
    return np.log(value) if scale == "log" else np.asarray(value, dtype=float)


def question_grid(question: Question, cells: int = GRID_CELLS) -> Grid:
    low, high = to_t(question.min, question.scale), to_t(question.max, question.scale)
    return Grid(np.linspace(low, high, cells + 1), question.scale)


def readings_log_masses(readings: Sequence[Reading], question: Question, grid: Grid) -> np.ndarray:
    """Log cell masses of many readings at once: an array of shape (readings, cells).

    Ranges are computed together in one vectorised pass, and so are the one-sided
    readings; a case with thousands of claims costs a few array operations.
    """
    result = np.empty((len(readings), len(grid.edges) - 1))
    ranges = [i for i, r in enumerate(readings) if isinstance(r, Range)]
    if ranges:
        bounds = np.array([[readings[i].low, readings[i].high] for i in ranges])  # type: ignore[union-attr]
        result[ranges] = _normal_log_masses(to_t(bounds, question.scale), grid)
    sided = [i for i, r in enumerate(readings) if not isinstance(r, Range)]
    if sided:
        splits = np.empty(len(sided))
        below = np.empty(len(sided))
        for position, i in enumerate(sided):
            reading = readings[i]
            if isinstance(reading, AtLeast):
                splits[position], below[position] = reading.low, ONE_SIDED_TAIL
            else:
                assert isinstance(reading, AtMost)
                splits[position], below[position] = reading.high, 1 - ONE_SIDED_TAIL
        result[sided] = _two_step_log_masses(to_t(splits, question.scale), below, grid)
    return result


def _normal_log_masses(bounds: np.ndarray, grid: Grid) -> np.ndarray:
    """Truncated normals whose 5th and 95th percentiles are bounds[:, 0] and bounds[:, 1]."""
    mean = bounds.mean(axis=1, keepdims=True)
    # A range narrower than floating point can resolve is held at the narrowest width
    # it can: all its mass then falls in one cell, as it would at any finite width.
    narrowest = (grid.edges[-1] - grid.edges[0]) * NARROWEST_SD
    sd = np.maximum((bounds[:, 1:] - bounds[:, :1]) / (2 * Z_95), narrowest)
    z = (grid.edges[None, :] - mean) / sd
    cells = _log_normal_cell_masses(z)
    ends = _log_normal_cell_masses(z[:, [0, -1]])
    return cells - ends


def _log_normal_cell_masses(z: np.ndarray) -> np.ndarray:
    """log(Phi(z[k+1]) - Phi(z[k])) for increasing edges z, without cancellation.

    One `log_ndtr` per edge, of the smaller tail (-|z|): a cell left of the mean is a
    difference of left tails, one right of it of right tails, and the cell holding the
    mean is one minus both tails.
    """
    tail = log_ndtr(-np.abs(z))
    low, high = z[:, :-1], z[:, 1:]
    tail_low, tail_high = tail[:, :-1], tail[:, 1:]
    left = high <= 0
    right = low >= 0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # Left of the mean: Phi(high) - Phi(low) = e^tail_high - e^tail_low.
        # Right of it: Phi(-low) - Phi(-high) = e^tail_low - e^tail_high.
        bigger = np.where(left, tail_high, tail_low)
        result = bigger + np.log(-np.expm1(np.where(left, tail_low, tail_high) - bigger))
        rows, cells = np.nonzero(~(left | right))  # the one cell per row holding the mean
        result[rows, cells] = np.log1p(
            -(np.exp(tail_low[rows, cells]) + np.exp(tail_high[rows, cells]))
        )
    return result


def _two_step_log_masses(splits: np.ndarray, mass_below: np.ndarray, grid: Grid) -> np.ndarray:
    """Uniform pieces on [start, split] and [split, end] carrying mass_below and the rest,
    one row per split.

    A split at either end of the domain leaves a single uniform piece (spec: `at_least`
    at the domain's min is simply uniform).
    """
    start, end = float(grid.edges[0]), float(grid.edges[-1])
    splits = np.asarray(splits, dtype=float)[:, None]
    mass_below = np.asarray(mass_below, dtype=float)[:, None]
    whole = (splits <= start) | (splits >= end)
    splits = np.where(whole, end, splits)
    mass_below = np.where(whole, 1.0, mass_below)
    low, high = grid.edges[None, :-1], grid.edges[None, 1:]
    # Each cell's share of each piece's length, times the piece's mass: ratios of
    # lengths stay finite even when a piece is only a subnormal number wide.
    below = np.clip(np.minimum(high, splits) - low, 0, None) / (splits - start)
    above_width = np.where(whole, 1.0, end - splits)
    above = np.where(whole, 0.0, np.clip(high - np.maximum(low, splits), 0, None) / above_width)
    with np.errstate(divide="ignore"):
        return np.log(below * mass_below + above * (1 - mass_below))
