"""Plain tables the page shows: the searchable weights table and a question's codebook."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from dashboard.case import Question, Source


def weights_table(
    sources: Sequence[Source], weights: Mapping[str, float], search: str
) -> pd.DataFrame:
    """Sources whose name, kind or id contains `search` (any case), indexed by id."""
    needle = search.strip().casefold()
    rows = [
        {"id": s.id, "source": s.name, "kind": s.kind, "weight": int(round(weights[s.id]))}
        for s in sources
        if needle in f"{s.name}\n{s.kind}\n{s.id}".casefold()
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


def codebook_table(question: Question) -> pd.DataFrame:
    """One row per codebook label: the phrase, the reading it stands for, and why."""
    rows = [
        {"label": label, "reading": entry.reading.describe(), "rationale": entry.rationale}
        for label, entry in question.codebook.items()
    ]
    return pd.DataFrame(rows, columns=["label", "reading", "rationale"])
