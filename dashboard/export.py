"""The CSV export of spec section 5: the same bytes from the page and the command line."""

from __future__ import annotations

from collections.abc import Mapping

from dashboard.case import Case, Claim, Source
from dashboard.engine.disagreement import disagreeing_pair
from dashboard.engine.pooling import (
    METHODS,
    Estimate,
    QuestionResult,
    ReadingMemo,
    Summary,
    evaluate,
)
from dashboard.engine.settings import Settings
from dashboard.link import settings_text

CORE_COLUMNS = (
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
ANALYST_COLUMNS = ("reliability", "credibility", "evidence", "effective_weight", "reading_origin")
"""Section 5's columns after `quote`: grades, evidence group, step-5 weight, who set the reading."""
STATE_COLUMNS = ("settings", "disagreement")
"""Section 5's columns after `reading_origin`: how the file's state differs from the case's
defaults (on every row), and the disagreeing pair of section 10 (on combined rows)."""
JUDGMENT_COLUMNS = ("threshold", "p_above")
"""Section 5's columns after `disagreement`, on combined rows: the threshold in force and
the pooled probability above it (section 13)."""
CONTEXT_COLUMNS = ("unit", "question_text")
"""Our own additions (spec: columns may be added after these), on claim and combined rows,
so that a reader of the file alone knows what each number measures."""
COLUMNS = CORE_COLUMNS + ANALYST_COLUMNS + STATE_COLUMNS + JUDGMENT_COLUMNS + CONTEXT_COLUMNS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""A text cell starting with one of these would run as a formula in a spreadsheet."""


def csv_bytes(case: Case, settings: Settings, memo: ReadingMemo | None = None) -> bytes:
    """The export for `case` under `settings`: claim rows in file order, then combined rows."""
    return results_csv_bytes(case, settings, evaluate(case, settings, memo))


def results_csv_bytes(
    case: Case, settings: Settings, results: Mapping[str, QuestionResult]
) -> bytes:
    """The export of `results`, every question of `case` evaluated under `settings`."""
    sources = {source.id: source for source in case.sources}
    position: dict[str, tuple[QuestionResult, int]] = {}
    for result in results.values():
        for index, claim in enumerate(result.distributions.claims):
            position[claim.id] = (result, index)
    state = escape_text(settings_text(case, settings))
    lines = [",".join(COLUMNS)]
    for claim in case.claims:
        result, index = position[claim.id]
        lines.append(_claim_line(claim, result, index, sources[claim.source], settings, state))
    for question in case.questions:
        result = results[question.id]
        context = [escape_text(question.unit), escape_text(question.text)]
        pair = disagreeing_pair(result)
        disagreement = escape_text(pair.pair_text()) if pair else ""
        threshold = "" if result.threshold is None else csv_number(result.threshold)
        for method in METHODS:
            pooled = result.pooled[method]
            figures = summary_cells(pooled.summary) if isinstance(pooled, Estimate) else [""] * 4
            p_above = result.p_above(method)
            row = ["combined", escape_text(question.id), str(method), str(pooled.status)]
            row += ["", "", "", "", "", "1", *figures, ""]
            row += [""] * len(ANALYST_COLUMNS) + [state, disagreement]
            row += [threshold, "" if p_above is None else probability_cell(p_above), *context]
            lines.append(",".join(map(csv_cell, row)))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _claim_line(
    claim: Claim,
    result: QuestionResult,
    index: int,
    source: Source,
    settings: Settings,
    state: str,
) -> str:
    distributions = result.distributions
    question = distributions.question
    row = [
        "claim",
        escape_text(claim.question),
        "",
        "",
        escape_text(claim.source),
        escape_text(source.name),
        escape_text(claim.id),
        escape_text(distributions.readings[index].describe()),
        csv_number(settings.weights[claim.source]),
        csv_number(result.normalized_weights[index]),
        *summary_cells(distributions.claim_summaries[index]),
        escape_text(claim.quote),
        source.reliability or "",
        "" if claim.credibility is None else str(claim.credibility),
        escape_text(claim.evidence or ""),
        csv_number(result.effective_weights[index]),
        distributions.origins[index],
        state,
        "",
        "",
        "",
        escape_text(question.unit),
        escape_text(question.text),
    ]
    return ",".join(map(csv_cell, row))


def csv_cell(text: str) -> str:
    """Quote a cell holding a comma, a quote or any line break (csv.writer misses a lone CR)."""
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def summary_cells(summary: Summary) -> list[str]:
    return [csv_number(v) for v in (summary.p05, summary.median, summary.p95, summary.mean)]


def csv_number(value: float) -> str:
    """Ten significant digits (the spec asks for at least six), no thousands separators."""
    return f"{float(value):.10g}"


def probability_cell(value: float) -> str:
    """`p_above` as a fraction with 6 significant digits (spec section 13)."""
    return f"{float(value):.6g}"


def escape_text(text: str) -> str:
    """Prefix a `'` to text that a spreadsheet would otherwise run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def export_file_name(case_name: str, at_defaults: bool) -> str:
    """`refusals-defaults.csv`, or `refusals-your-settings.csv` once anything changed (a
    weight, the scenario, a reading or a switch)."""
    return f"{case_name}-{'defaults' if at_defaults else 'your-settings'}.csv"
