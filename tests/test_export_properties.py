"""Property tests for the CSV export (spec section 5) over generated cases with hostile text.

No text cell may start a spreadsheet formula, and reading the file back, with the csv
module or with pandas, must give the cells and the figures that were exported.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from typing import Any

import pandas as pd
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.case import SLUG, Case, load_case_bytes
from dashboard.engine.pooling import METHODS, Summary
from dashboard.export import COLUMNS, FORMULA_STARTS
from tests.factories import evaluate_with, export_with, summary_of

Draw = Callable[[st.SearchStrategy[Any]], Any]

NUMBER_COLUMNS = ("weight", "normalized_weight", "p05", "median", "p95", "mean")
TEXT_COLUMNS = tuple(c for c in COLUMNS if c not in NUMBER_COLUMNS)
FIGURES = ("p05", "median", "p95", "mean")

HOSTILE_STARTS = [
    "", "=", "+", "-", "@", "\t", "\r", "\n", "\r\n", ",", '"', "'", " ", "é", "😀",
    "\u202e", "\x00", '=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1,2", "-1",
    "@SUM(A1:A2)", '"=1+1"', "'=1",
]  # fmt: skip
"""Starts that a spreadsheet would run, that break a naive CSV, or that are merely odd."""

TEXTS = st.builds(str.__add__, st.sampled_from(HOSTILE_STARTS), st.text(max_size=10)).map(
    lambda text: text if text.strip() else text + "x"
)
"""Non-blank text (names, quotes and labels must have some) that starts badly."""
SLUGS = st.from_regex(SLUG, fullmatch=True)
"""Ids as the spec allows them: `-odd` starts like a formula too."""


def unit_pair(draw: Draw) -> tuple[float, float]:
    """Two fractions 0 <= u < v <= 1, for a range's ends within a domain."""
    u = draw(st.floats(0, 0.95))
    return u, draw(st.floats(u + 0.01, 1))


def reading_on(draw: Draw, low: float, high: float, labels: list[str]) -> dict[str, Any]:
    """A valid reading on the domain [low, high]: a range, a one-sided bound or a label."""
    kinds = ["range", "at_least", "at_most"] + (["label"] if labels else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "label":
        return {"label": draw(st.sampled_from(labels))}
    u, v = unit_pair(draw)
    a, b = low + u * (high - low), min(low + v * (high - low), high)
    if kind == "range":
        return {"range": [a, b]} if a < b else {"range": [low, high]}
    return {"at_least": a} if kind == "at_least" else {"at_most": b if b > low else high}


@st.composite
def exported_cases(draw: Draw) -> tuple[Case, dict[str, float]]:
    """A small valid case full of hostile text, loaded from YAML, and slider weights for it."""
    ids = draw(st.lists(SLUGS, min_size=9, max_size=9, unique=True))
    question_ids, source_ids, claim_ids = ids[:2], ids[2:5], ids[5:]
    questions = []
    for question_id in question_ids[: draw(st.integers(1, 2))]:
        if draw(st.booleans()):
            low = draw(st.floats(-1000, 1000))
            scale, high = "linear", low + draw(st.floats(0.01, 1e4))
        else:
            low = draw(st.floats(1e-3, 100))
            scale, high = "log", low * draw(st.floats(2, 1e5))
        labels = draw(st.lists(TEXTS, max_size=2, unique=True))
        codebook = {label: reading_on(draw, low, high, []) for label in labels}
        questions.append(
            {"id": question_id, "text": draw(TEXTS), "unit": draw(TEXTS), "min": low}
            | {"max": high, "scale": scale, "codebook": codebook}
        )
    sources = [
        {"id": source_id, "name": draw(TEXTS), "weight": draw(st.integers(0, 100))}
        for source_id in source_ids[: draw(st.integers(1, 3))]
    ]
    claims = []
    for claim_id in claim_ids[: draw(st.integers(1, 4))]:
        question = draw(st.sampled_from(questions))
        claim = {
            "source": draw(st.sampled_from(sources))["id"],
            "question": question["id"],
            "quote": draw(TEXTS),
            "reading": reading_on(
                draw, question["min"], question["max"], list(question["codebook"])
            ),
        }
        claims.append(({"id": claim_id} if draw(st.booleans()) else {}) | claim)
    tree = {"title": draw(TEXTS), "questions": questions, "sources": sources, "claims": claims}
    text = yaml.safe_dump(tree, sort_keys=False, allow_unicode=draw(st.booleans()))
    case = load_case_bytes(text.encode(), "case.yaml")
    weights = {
        source["id"]: draw(st.sampled_from([0, 100]) | st.integers(0, 100))
        for source in sources
        if draw(st.booleans())
    }
    return case, weights


def escaped(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def expected_figures(case: Case, weights: dict[str, float]) -> list[dict[str, float | None]]:
    """The engine's figures for each row of the export, in its order (None: an empty cell)."""
    full = {**case.default_weights(), **weights}
    results = evaluate_with(case, full)
    rows: list[dict[str, float | None]] = []
    for claim in case.claims:
        result = results[claim.question]
        index = [c.id for c in result.distributions.claims].index(claim.id)
        figures = _summary(result.claim_summaries[index])
        rows.append(
            {"weight": full[claim.source], "normalized_weight": result.normalized_weights[index]}
            | figures
        )
    for question in case.questions:
        for method in METHODS:
            summary = summary_of(results[question.id].pooled[method])
            empty: dict[str, float | None] = dict.fromkeys(FIGURES)
            figures = _summary(summary) if summary is not None else empty
            rows.append({"weight": None, "normalized_weight": 1.0} | figures)
    return rows


def _summary(summary: Summary) -> dict[str, float | None]:
    return {name: getattr(summary, name) for name in FIGURES}


CSV_SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@CSV_SETTINGS
@given(exported=exported_cases())
def test_no_text_cell_can_start_a_formula(exported: tuple[Case, dict[str, float]]) -> None:
    """It writes every text cell so that none starts with = + - @ tab CR or LF, and
    writes each quote, name and id as given, with a leading ' only where one was needed."""
    case, weights = exported
    rows = list(csv.reader(io.StringIO(export_with(case, weights).decode("utf-8"), newline="")))
    assert rows[0] == list(COLUMNS)
    records = [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]
    for record in records:
        for column in TEXT_COLUMNS:
            assert not record[column].startswith(FORMULA_STARTS), (column, record[column])
    for claim, record in zip(case.claims, records, strict=False):
        source = case.source(claim.source)
        assert record["quote"] == escaped(claim.quote)
        assert record["source_name"] == escaped(source.name)
        assert (record["question_id"], record["source_id"], record["claim_id"]) == (
            escaped(claim.question),
            escaped(claim.source),
            escaped(claim.id),
        )
        assert record["reading"] == escaped(claim.reading.describe())


@CSV_SETTINGS
@given(exported=exported_cases())
def test_pandas_reads_back_the_figures_that_were_exported(
    exported: tuple[Case, dict[str, float]],
) -> None:
    """It exports rows that pandas reads back as written: one per claim and two per
    question, the same cells as the csv module sees, and the engine's figures to ten digits."""
    case, weights = exported
    data = export_with(case, weights)
    frame = pd.read_csv(io.BytesIO(data), keep_default_na=False, dtype=str)
    assert list(frame.columns) == list(COLUMNS)
    assert len(frame) == len(case.claims) + 2 * len(case.questions)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))[1:]
    assert frame.values.tolist() == rows
    for (_, record), expected in zip(
        frame.iterrows(), expected_figures(case, weights), strict=True
    ):
        for column, figure in expected.items():
            if figure is None:
                assert record[column] == "", (column, record[column])
            else:
                assert math.isclose(float(record[column]), figure, rel_tol=1e-9), (
                    column,
                    record[column],
                    figure,
                )
