"""The floor the command-line export is measured against: what reading a case file costs.

    python benchmarks/export_floor.py CASE.yaml

libyaml composes the file into nodes (`yaml.compose` with `CSafeLoader`), the claims'
reading bounds are gathered from the nodes, and one numpy pass gives every claim a
median, a 90% interval and a mean. No export can do less than read its input and look at
every claim once; `speed.py` times this in a process of its own, as it times the export.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import yaml

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


def claim_summaries(bounds: np.ndarray) -> np.ndarray:
    """One pass over every claim: p05, median, p95 and mean, as a normal fitted to the range."""
    low, high = bounds[:, 0], bounds[:, 1]
    median = np.where(np.isnan(low), high, np.where(np.isnan(high), low, (low + high) / 2))
    sigma = np.nan_to_num((high - low) / (2 * Z_95))
    return np.column_stack([median - Z_95 * sigma, median, median + Z_95 * sigma, median])


def main() -> None:
    summaries = claim_summaries(reading_bounds(Path(sys.argv[1])))
    print(f"{len(summaries)} claims, mean median {np.nanmean(summaries[:, 1]):.3f}")


if __name__ == "__main__":
    main()
