"""What the charts' rows share: sources named as people read them, the heaviest kept when
there are many, figures rounded for the payload, and the worked example of the weight steps."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.case import Case, Question
from dashboard.engine.pooling import QuestionResult
from dashboard.view.wording import METHOD_NAMES

COMBINED_LABELS = {method: f"Combined: {name.lower()}" for method, name in METHOD_NAMES.items()}
"""Row labels of the pooled results at the bottom of the forest chart."""


QUOTE_LIMIT = 200
"""Quotes longer than this are cut (at a word) in tooltips; the page shows them whole."""


OTHER_SOURCES_ID = "*"
"""`source_id` of the lumped sources in the density data (never a source's id)."""


def source_labels(case: Case) -> dict[str, str]:
    """Each source's display label: its name, with its id added when two sources share a name."""
    counts: dict[str, int] = {}
    for source in case.sources:
        counts[source.name] = counts.get(source.name, 0) + 1
    return {s.id: s.name if counts[s.name] == 1 else f"{s.name} ({s.id})" for s in case.sources}


def other_sources_label(count: int) -> str:
    """The label of `count` sources drawn together."""
    return f"Other sources ({count})"


def truncate(text: str, limit: int = QUOTE_LIMIT) -> str:
    """White space collapsed and cut at a word before `limit` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


def largest(values: np.ndarray, limit: int) -> np.ndarray:
    """A mask of the `limit` largest `values` (the earlier first among equals); all of them
    when there are at most `limit` + 1, since leaving out one would save nothing."""
    keep = np.ones(len(values), dtype=bool)
    if len(values) > limit + 1:
        keep[:] = False
        keep[np.argsort(-np.asarray(values, dtype=float), kind="stable")[:limit]] = True
    return keep


def significant(values: np.ndarray, digits: int) -> np.ndarray:
    """Values rounded to `digits` significant digits: the chart needs no more, the payload less."""
    values = np.asarray(values, dtype=float)
    with np.errstate(divide="ignore"):
        magnitude = np.floor(np.log10(np.abs(values)))
    # Far tails can be subnormal; below 1e-300 a value is drawn as 0 anyway.
    magnitude = np.clip(np.where(np.isfinite(magnitude), magnitude, 0), -300, 300)
    scale = 10.0 ** (digits - 1 - magnitude)
    rounded = np.round(values * scale) / scale
    return np.where(np.abs(values) < 1e-300, 0.0, rounded)


def question_unit(question: Question) -> str:
    return question.unit or "value"


def weight_step_rows(case: Case, result: QuestionResult) -> pd.DataFrame:
    """Each claim's weight after each of the five steps, and its final share: the worked
    example of "How it works"."""
    steps = result.steps
    labels = source_labels(case)
    return pd.DataFrame(
        {
            "source": [labels[c.source] for c in result.distributions.claims],
            "reading": [r.describe() for r in result.distributions.readings],
            "1 trust": steps.trust,
            "2 after relays": steps.after_relays,
            "3 split": steps.after_split,
            "4 credibility": steps.after_credibility,
            "5 shared evidence": steps.effective,
            "share": result.normalized_weights,
        }
    )
