"""The floor the command-line export is measured against: what reading a case file costs.

    python benchmarks/export_floor.py CASE.yaml

libyaml composes the file into nodes (`yaml.compose` with `CSafeLoader`), the claims'
reading bounds are gathered from the nodes, and one numpy pass over every claim's cells
gives each claim a median, a 90% interval and a mean. The engine reads each claim as a
distribution on a grid of cells (the contract allows any grid within its tolerances), so
no export can do less than read its input and evaluate every claim on the grid once;
`speed.py` times this in a process of its own, as it times the export.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import yaml
from scipy.special import ndtr

Z_95 = 1.6448536269514722
"""A 90% interval's half-width in standard deviations (the `range` reading's convention)."""


def reading_bounds(path: Path) -> np.ndarray:
    """Each claim's reading as (low, high); an open side is NaN."""
    root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    if root is None:
        raise SystemExit(f"{path}: empty file")
    top = {key.value: value for key, value in root.value}
    bounds = []
    for claim in top["claims"].value:
        fields = {key.value: value for key, value in claim.value}
        kind, value = fields["reading"].value[0]
        if kind.value == "range":
            bounds.append((float(value.value[0].value), float(value.value[1].value)))
        elif kind.value == "at_least":
            bounds.append((float(value.value), np.nan))
        elif kind.value == "at_most":
            bounds.append((np.nan, float(value.value)))
        else:
            bounds.append((np.nan, np.nan))
    return np.array(bounds, dtype=float)


GRID_EDGES = 2001
"""The engine's grid: 2,000 cells per question."""


def claim_summaries(bounds: np.ndarray) -> np.ndarray:
    """One pass over every claim's cells: each range's normal CDF at the grid's edges (one
    `ndtr` per claim and edge, the least a grid method computes), then p05, median, p95 and
    mean from it. An open side is read as the domain's end."""
    low = np.where(np.isnan(bounds[:, 0]), np.nanmin(bounds), bounds[:, 0])
    high = np.where(np.isnan(bounds[:, 1]), np.nanmax(bounds), bounds[:, 1])
    edges = np.linspace(np.nanmin(bounds), np.nanmax(bounds), GRID_EDGES)
    mean = (low + high) / 2
    sigma = np.maximum((high - low) / (2 * Z_95), 1e-12)
    cdf = ndtr((edges[None, :] - mean[:, None]) / sigma[:, None])
    figures = [edges[np.minimum((cdf < q).sum(axis=1), GRID_EDGES - 1)] for q in (0.05, 0.5, 0.95)]
    centres = (edges[:-1] + edges[1:]) / 2
    masses = np.diff(cdf, axis=1)
    means = (masses @ centres) / np.maximum(masses.sum(axis=1), 1e-300)
    return np.column_stack([*figures, means])


def main() -> None:
    summaries = claim_summaries(reading_bounds(Path(sys.argv[1])))
    print(f"{len(summaries)} claims, mean median {np.nanmean(summaries[:, 1]):.3f}")


if __name__ == "__main__":
    main()
