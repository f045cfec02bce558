"""Plain tables the page shows: the searchable weights table and the weight steps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from dashboard.view import SourceControl


def weights_table(controls: Sequence[SourceControl], search: str) -> pd.DataFrame:
    """Sources whose name, kind or id contains `search` (any case), indexed by id."""
    needle = search.strip().casefold()
    rows = [
        {"id": c.source_id, "source": c.name, "kind": c.kind, "weight": c.weight}
        for c in controls
        if needle in f"{c.name}\n{c.kind}\n{c.source_id}".casefold()
    ]
    return pd.DataFrame(rows, columns=["id", "source", "kind", "weight"]).set_index("id")


def edited_weights(
    edited_rows: Mapping[int, Mapping[str, object]], source_ids: Sequence[str]
) -> dict[str, float]:
    """The weights a table edit sets, by source id, clamped to 0..100; blanks are skipped."""
    weights: dict[str, float] = {}
    for row, change in edited_rows.items():
        value = change.get("weight")
        if isinstance(value, int | float) and not isinstance(value, bool):
            weights[source_ids[int(row)]] = min(100.0, max(0.0, float(value)))
    return weights
