"""Each chart's rows, from the engine's results: what the charts draw, testable without drawing.

Every function here returns a pandas DataFrame with named columns; `charts` only encodes
them. Labels name sources (never claim ids), and many sources are cut to the heaviest so
that a chart stays readable and its payload small.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from dashboard.case import Case, Claim, Question
from dashboard.engine.influence import LeaveOneOut, PointOfView, Sweep, Swing, weight_through
from dashboard.engine.pooling import Estimate, Method, QuestionResult
from dashboard.engine.readings import Grid
from dashboard.view.wording import METHOD_NAMES

COMBINED_LABELS = {method: f"Combined: {name.lower()}" for method, name in METHOD_NAMES.items()}
"""Row labels of the pooled results at the bottom of the forest chart."""

QUOTE_LIMIT = 200
"""Quotes longer than this are cut (at a word) in tooltips; the page shows them whole."""

DENSITY_POINTS = 400
"""The 2000-cell grid is summed into about this many blocks: smooth, and a small payload."""

POINT_AREA_FULL = 700
"""Dot area (px²) of a claim holding all of a question's weight; area is proportional to share."""

POINT_AREA_MIN = 25
"""Smallest dot area, so that a claim at weight 0 (drawn hollow) stays visible."""

FOREST_CLAIMS_SHOWN = 40
"""The forest chart draws at most this many claims (those with the largest shares)."""

DENSITY_SOURCES_SHOWN = 12
"""The pooled-density chart draws at most this many sources apart; the rest as one band."""

INFLUENCE_SOURCES_SHOWN = 25
"""The influence and swing charts draw at most this many sources, the most influential."""

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


def _claim_order(claims: Sequence[Claim]) -> list[int]:
    """Claim indices in case-file order, each source's claims kept together at its first."""
    first: dict[str, int] = {}
    for index, claim in enumerate(claims):
        first.setdefault(claim.source, index)
    return sorted(range(len(claims)), key=lambda i: (first[claims[i].source], i))


def _source_index(claims: Sequence[Claim]) -> tuple[list[str], np.ndarray]:
    """Ids of the sources with claims here, in the order of their first claim, and for each
    claim the position of its source in that list."""
    positions: dict[str, int] = {}
    index = [positions.setdefault(claim.source, len(positions)) for claim in claims]
    return list(positions), np.array(index, dtype=int)


def _sum_by_source(index: np.ndarray, count: int, rows: np.ndarray) -> np.ndarray:
    """`rows` (one per claim, claim `i` of source `index[i]`) summed per source."""
    totals = np.zeros((count, rows.shape[1]))
    np.add.at(totals, index, rows)
    return totals


def largest(values: np.ndarray, limit: int) -> np.ndarray:
    """A mask of the `limit` largest `values` (the earlier first among equals); all of them
    when there are at most `limit` + 1, since leaving out one would save nothing."""
    keep = np.ones(len(values), dtype=bool)
    if len(values) > limit + 1:
        keep[:] = False
        keep[np.argsort(-np.asarray(values, dtype=float), kind="stable")[:limit]] = True
    return keep


# --- forest: every claim's interval, sized by weight, and the pooled rows -------------------

FOREST_COLUMNS = [
    "row",
    "row_type",
    "method",
    "source_id",
    "source",
    "claim_id",
    "reading",
    "quote",
    "share",
    "weighted",
    "size",
    "evidence",
    "separate_share",
    "p05",
    "median",
    "p95",
]


def forest_rows(
    case: Case, result: QuestionResult, limit: int = FOREST_CLAIMS_SHOWN
) -> tuple[pd.DataFrame, int]:
    """One row per claim (case-file order, each source's claims together), then one per pool.

    A row is labelled by its source, numbered when the source makes several claims here.
    `share` is the claim's normalised weight and `size` its dot area; `evidence` names its
    shared-evidence group and `separate_share` the share it would carry if counted on its own.
    Beyond `limit` claims, only those with the largest shares are kept. The pooled rows are
    left out when no claim has weight. Returns the rows and how many claims were left out.
    """
    claims = result.distributions.claims
    summaries = result.distributions.claim_summaries
    labels = source_labels(case)
    separate = separate_shares(result)
    per_source: dict[str, int] = {}
    for claim in claims:
        per_source[claim.source] = per_source.get(claim.source, 0) + 1
    seen: dict[str, int] = {}
    rows: list[dict[str, object]] = []
    for index in _claim_order(claims):
        claim = claims[index]
        seen[claim.source] = seen.get(claim.source, 0) + 1
        label = labels[claim.source]
        if per_source[claim.source] > 1:
            label = f"{label} ({seen[claim.source]} of {per_source[claim.source]})"
        share = float(result.normalized_weights[index])
        rows.append(
            {
                "row": label,
                "row_type": "claim",
                "method": "",
                "source_id": claim.source,
                "source": labels[claim.source],
                "claim_id": claim.id,
                "reading": result.distributions.readings[index].describe(),
                "quote": truncate(claim.quote),
                "share": share,
                "weighted": share > 0,
                "size": max(POINT_AREA_MIN, POINT_AREA_FULL * share),
                "evidence": claim.evidence or "",
                "separate_share": float(separate[index]),
                "p05": summaries[index].p05,
                "median": summaries[index].median,
                "p95": summaries[index].p95,
            }
        )
    everything = len(rows)
    keep = largest(np.array([row["share"] for row in rows], dtype=float), limit)
    rows = [row for row, kept in zip(rows, keep, strict=True) if kept]
    shown = len(rows)
    pooled_rows: list[dict[str, object]] = []
    for method, label in COMBINED_LABELS.items():
        pooled = result.pooled[method]
        if isinstance(pooled, Estimate):
            summary = pooled.summary
            pooled_rows.append(
                {
                    "row": label,
                    "row_type": "pooled",
                    "method": method.value,
                    "source_id": "",
                    "source": "Combined",
                    "claim_id": "",
                    "reading": METHOD_NAMES[method].lower(),
                    "quote": "",
                    "share": 1.0,
                    "weighted": True,
                    "size": 140.0,
                    "evidence": "",
                    "separate_share": 1.0,
                    "p05": summary.p05,
                    "median": summary.median,
                    "p95": summary.p95,
                }
            )
    # One frame for all the rows: a second frame and a concat doubled the cost of a state's
    # forest (benchmarks/README.md).
    return pd.DataFrame(rows + pooled_rows, columns=FOREST_COLUMNS), everything - shown


def separate_shares(result: QuestionResult) -> np.ndarray:
    """Each claim's share of the weight if its evidence group were counted claim by claim
    (the weights before step 5, normalised)."""
    before = result.steps.after_credibility
    total = before.sum()
    return before / total if total > 0 else np.zeros_like(before)


# --- the pooled distribution ----------------------------------------------------------------

DENSITY_COLUMNS = ["x", "pooled"]
"""The wide density rows begin with these; a column `s0`, `s1`, ... per source follows."""


def block_masses(
    grid: Grid, masses: np.ndarray, points: int = DENSITY_POINTS
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cell masses summed over runs of consecutive cells, about `points` blocks in all.

    Returns the blocks' centres and widths in T-space and their masses (the last axis of
    `masses` summed by block), so that mass / width is the density per unit of T.
    """
    cells = masses.shape[-1]
    per_block = max(1, round(cells / points))
    starts = np.arange(0, cells, per_block)
    ends = np.append(starts[1:], cells)
    low, high = grid.edges[starts], grid.edges[ends]
    return (low + high) / 2, high - low, np.add.reduceat(masses, starts, axis=-1)


def density_rows(
    case: Case, result: QuestionResult, method: Method, limit: int = DENSITY_SOURCES_SHOWN
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The pooled distribution on about 400 blocks, wide: `x`, `pooled`, then per source `s<i>`;
    and the sources drawn (`key`, `source_id`, `source`, `share`, `order`).

    For the mixture a source's column is its share times its claims' masses (the columns add
    up to `pooled`); for the consensus it is its own claims taken together, normalised.
    Beyond `limit` weighted sources the lightest become one source `OTHER_SOURCES_ID`.
    Both frames are empty when the question has no estimate.
    """
    keys_columns = ["key", "source_id", "source", "share", "order"]
    pooled = result.pooled[method]
    if not isinstance(pooled, Estimate):
        return pd.DataFrame(columns=DENSITY_COLUMNS), pd.DataFrame(columns=keys_columns)
    distributions = result.distributions
    grid, claims = distributions.grid, distributions.claims
    shares = result.normalized_weights
    labels = source_labels(case)
    source_ids, index = _source_index(claims)
    t, width, pooled_blocks = block_masses(grid, pooled.masses)
    used = shares > 0
    claim_blocks = block_masses(grid, distributions.masses()[used])[2]
    contributions = _sum_by_source(index[used], len(source_ids), shares[used, None] * claim_blocks)
    source_shares = np.bincount(index, weights=shares, minlength=len(source_ids))
    weighted = np.flatnonzero(source_shares > 0)
    apart = largest(source_shares[weighted], limit)
    kept, lumped = weighted[apart], weighted[~apart]
    ids = [source_ids[i] for i in kept]
    names = [labels[source_id] for source_id in ids]
    band_shares = [float(s) for s in source_shares[kept]]
    bands = contributions[kept]
    if len(lumped):
        ids.append(OTHER_SOURCES_ID)
        names.append(other_sources_label(len(lumped)))
        band_shares.append(float(source_shares[lumped].sum()))
        bands = np.vstack([bands, contributions[lumped].sum(axis=0)])
    if method is not Method.LINEAR:
        # A source's claims share its weight equally: normalising its band gives their mixture.
        bands = bands / bands.sum(axis=1, keepdims=True)
    columns: dict[str, np.ndarray] = {
        "x": significant(grid.to_value(t), 6),
        "pooled": significant(pooled_blocks / width, 4),
    }
    keys = []
    for order, (source_id, name, share, band) in enumerate(
        zip(ids, names, band_shares, bands, strict=True)
    ):
        key = f"s{order}"
        columns[key] = significant(band / width, 4)
        keys.append(
            {"key": key, "source_id": source_id, "source": name, "share": share, "order": order}
        )
    return pd.DataFrame(columns), pd.DataFrame(keys, columns=keys_columns)


def marker_rows(result: QuestionResult, method: Method) -> pd.DataFrame:
    """The pooled p05, median and p95, one row each, with a label row so labels never overlap."""
    columns = ["marker", "label", "value", "label_row"]
    pooled = result.pooled[method]
    if not isinstance(pooled, Estimate):
        return pd.DataFrame(columns=columns)
    summary = pooled.summary
    return pd.DataFrame(
        {
            "marker": ["p05", "median", "p95"],
            "label": ["5%", "median", "95%"],
            "value": [summary.p05, summary.median, summary.p95],
            "label_row": [0, 1, 2],
        },
        columns=columns,
    )


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


# --- influence, sensitivity, points of view -------------------------------------------------

INFLUENCE_COLUMNS = [
    "source_id",
    "source",
    "weight",
    "share",
    "median_without",
    "shift",
    "abs_shift",
    "estimate_without",
    "share_label",
    "note",
]


def influence_rows(
    case: Case,
    entries: Sequence[LeaveOneOut],
    weights: dict[str, float] | None = None,
    limit: int = INFLUENCE_SOURCES_SHOWN,
) -> tuple[pd.DataFrame, int]:
    """One row per source that can move the question, most influential first, cut to `limit`;
    and how many were left out."""
    labels = source_labels(case)
    shown = entries if len(entries) <= limit + 1 else entries[:limit]
    rows = [
        {
            "source_id": e.source_id,
            "source": labels[e.source_id],
            "weight": float((weights or {}).get(e.source_id, np.nan)),
            "share": e.share,
            "median_without": np.nan if e.median_without is None else e.median_without,
            "shift": np.nan if e.shift is None else e.shift,
            "abs_shift": np.nan if e.shift is None else abs(e.shift),
            "estimate_without": e.median_without is not None,
            "share_label": f"{e.share:.0%}",
            "note": "" if e.median_without is not None else "no estimate without it",
        }
        for e in shown
    ]
    return pd.DataFrame(rows, columns=INFLUENCE_COLUMNS), len(entries) - len(shown)


def sweep_rows(sweep: Sweep) -> pd.DataFrame:
    """The sweep's band, one row per weight tried; rows without an estimate left out."""
    band = sweep.band
    keep = band.estimated
    return pd.DataFrame(
        {
            "weight": sweep.weights[keep],
            "p05": band.p05[keep],
            "median": band.median[keep],
            "p95": band.p95[keep],
            "current": np.isclose(sweep.weights[keep], sweep.current_weight),
        }
    )


def swing_rows(
    case: Case, entries: Sequence[Swing], limit: int = INFLUENCE_SOURCES_SHOWN
) -> pd.DataFrame:
    """Each source's median at weight 0 and at 100, long (two rows a source), widest first."""
    labels = source_labels(case)
    shown = entries if len(entries) <= limit + 1 else entries[:limit]
    rows = []
    for order, entry in enumerate(shown):
        for end, median in (("at 0", entry.median_at_0), ("at 100", entry.median_at_100)):
            if median is not None:
                rows.append(
                    {
                        "source_id": entry.source_id,
                        "source": labels[entry.source_id],
                        "end": end,
                        "median": median,
                        "swing": entry.swing,
                        "order": order,
                    }
                )
    return pd.DataFrame(rows, columns=["source_id", "source", "end", "median", "swing", "order"])


def point_of_view_rows(points: Sequence[PointOfView]) -> pd.DataFrame:
    """One row per point of view with an estimate: its name, kind, median and 90% interval."""
    rows = [
        {
            "key": p.key,
            "name": p.name,
            "kind": p.kind,
            "note": truncate(p.note),
            "p05": p.summary.p05,
            "median": p.summary.median,
            "p95": p.summary.p95,
        }
        for p in points
        if p.summary is not None
    ]
    return pd.DataFrame(rows, columns=["key", "name", "kind", "note", "p05", "median", "p95"])


def relay_rows(case: Case, result: QuestionResult, weights: dict[str, float]) -> pd.DataFrame:
    """The chain of custody: for each relay of a claim on this question, the weight that
    passes through it (`weight_through`, the figure the headline and the influence chart
    give) split by the source that made those claims, its own included."""
    labels = source_labels(case)
    through = weight_through(case, result)
    relays = dict.fromkeys(
        relay for claim in result.distributions.claims for relay in case.source(claim.source).via
    )
    rows = [
        {
            "relay_id": relay,
            "relay": labels[relay],
            "relay_weight": float(weights[relay]),
            "source_id": maker,
            "source": labels[maker],
            "share": share,
        }
        for relay in relays
        for maker, share in through[relay].items()
    ]
    return pd.DataFrame(
        rows, columns=["relay_id", "relay", "relay_weight", "source_id", "source", "share"]
    )


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
