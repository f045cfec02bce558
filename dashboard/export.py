"""The CSV export of spec section 5: the same bytes from the page and the command line."""

from __future__ import annotations

from collections.abc import Mapping

from dashboard.case import Case
from dashboard.pooling import METHODS, QuestionDistributions, Summary, evaluate

COLUMNS = (
    "row_type",
    "question_id",
    "method",
    "status",
    "source_id",
    "source_name",
    "claim_id",
    "reading",
    "weight",
    "normalized_weight",
    "p05",
    "median",
    "p95",
    "mean",
    "quote",
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""A text cell starting with one of these would run as a formula in a spreadsheet."""


def csv_bytes(
    case: Case,
    weights: Mapping[str, float],
    cache: Mapping[str, QuestionDistributions] | None = None,
) -> bytes:
    """The export for `case` under `weights` (source id -> 0..100; omitted ones keep defaults)."""
    full = {**case.default_weights(), **weights}
    results = evaluate(case, full, cache)
    rows: list[list[str]] = [list(COLUMNS)]
    position = {}
    for result in results.values():
        for index, claim in enumerate(result.distributions.claims):
            position[claim.id] = (result, index)
    for claim in case.claims:
        result, index = position[claim.id]
        source = case.source(claim.source)
        rows.append(
            [
                "claim",
                escape_text(claim.question),
                "",
                "",
                escape_text(source.id),
                escape_text(source.name),
                escape_text(claim.id),
                escape_text(claim.reading.describe()),
                number_text(full[source.id]),
                number_text(result.normalized_weights[index]),
                *summary_cells(result.claim_summaries[index]),
                escape_text(claim.quote),
            ]
        )
    for question in case.questions:
        for method in METHODS:
            pooled = results[question.id].pooled[method]
            figures = summary_cells(pooled.summary) if pooled.summary is not None else [""] * 4
            rows.append(
                [
                    "combined",
                    escape_text(question.id),
                    method,
                    pooled.status,
                    "",
                    "",
                    "",
                    "",
                    "",
                    "1",
                ]
                + figures
                + [""]
            )
    return "".join(",".join(map(csv_cell, row)) + "\n" for row in rows).encode("utf-8")


def csv_cell(text: str) -> str:
    """Quote a cell holding a comma, a quote or any line break (csv.writer misses a lone CR)."""
    if any(mark in text for mark in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def summary_cells(summary: Summary) -> list[str]:
    return [number_text(v) for v in (summary.p05, summary.median, summary.p95, summary.mean)]


def number_text(value: float) -> str:
    """Ten significant digits (the spec asks for at least six), no thousands separators."""
    return f"{float(value):.10g}"


def escape_text(text: str) -> str:
    """Prefix a `'` to text that a spreadsheet would otherwise run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def export_file_name(case_id: str) -> str:
    return f"{case_id}-weights.csv"
