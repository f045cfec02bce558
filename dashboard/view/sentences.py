"""The sentences beside the estimate: the answer in estimative words (spec section 13), what
rests on the bounds (12), the source the estimate rests on most, the disagreeing pair (10)
and the claims that say little about the number."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dashboard.case import Case, Question
from dashboard.engine.bounds import BoundReliance
from dashboard.engine.disagreement import disagreeing_pair
from dashboard.engine.influence import (
    LeaveOneOut,
)
from dashboard.engine.pooling import (
    Estimate,
    Method,
    QuestionResult,
    Summary,
)
from dashboard.view.charts.rows import source_labels
from dashboard.view.wording import (
    METHOD_NAMES,
    estimative_words,
    format_interval,
    format_shift,
    format_value,
    whole_percent,
)

VAGUE_SPAN = 0.8
"""A claim whose own 90% interval covers more than this share of the question's span (in
T-space) says little about the number; the page marks it and says what it does."""


def answer_sentence(result: QuestionResult, method: Method, case_threshold: float | None) -> str:
    """Spec section 13: "Very likely (86%): more than 1,000 people ...", for the method on
    screen; empty without a threshold in force."""
    p_above = result.p_above(method)
    if p_above is None or result.threshold is None:
        return ""
    question = result.distributions.question
    whose = "the case's threshold" if result.threshold == case_threshold else "your threshold"
    return (
        f"{estimative_words(p_above).capitalize()} ({whole_percent(p_above)}): more than "
        f"{format_value(result.threshold, question)} ({whose}), by the "
        f"{METHOD_NAMES[method].lower()} of the claims as weighted now."
    )


def bound_sentence(case: Case, question: Question, reliance: BoundReliance, method: Method) -> str:
    """Spec section 12: which end of the interval rests on which bound, the sources whose
    claims reach it, and the interval with the bound moved halfway."""
    labels = source_labels(case)
    names = list(dict.fromkeys(labels[claim.source] for claim in reliance.claims))
    upper = reliance.side == "upper"
    reach = "up to" if upper else "down to"
    phrase = "more than" if upper else "fewer than"
    figure = "largest" if upper else "smallest"
    return (
        f"The interval's {reliance.side} end rests on the question's {reliance.side} bound, "
        f"{format_value(reliance.bound, question)}: {', '.join(names)} read "
        f"“{phrase}” and spread 95% of that reading {reach} it ({reliance.share:.0%} of the "
        f"weight). With the bound moved halfway to the {figure} figure a reading states, to "
        f"{format_value(reliance.moved_bound, question)}, the 90% interval of the "
        f"{METHOD_NAMES[method].lower()} would be "
        f"{format_interval(reliance.moved_p05, reliance.moved_p95, question)}."
    )


def mover_sentence(case: Case, result: QuestionResult, movers: Sequence[LeaveOneOut]) -> str:
    """One plain sentence naming the source the estimate rests on most; for a relay, how
    many of the question's claims it made and carried."""
    weighted = [m for m in movers if m.share > 0]
    if not weighted:
        return ""
    top = weighted[0]
    name = source_labels(case)[top.source_id] + _role(case, result, top.source_id)
    if top.median_without is None:
        return f"Everything rests on {name}: without it there would be no estimate at all."
    if top.shift is None:
        return ""
    question = result.distributions.question
    return (
        f"The estimate rests most on {name}: setting it to 0 would shift the median by "
        f"{format_shift(top.shift, question)}. {top.share:.0%} of the weight passes through it."
    )


def _role(case: Case, result: QuestionResult, source_id: str) -> str:
    """`, which carried 5 of the 8 claims on this question` for a source that relayed
    claims on it (and `made 2 and carried 5` if it also made some); empty otherwise."""
    claims = result.distributions.claims
    made = sum(1 for c in claims if c.source == source_id)
    carried = sum(1 for c in claims if source_id in case.source(c.source).via)
    if not carried:
        return ""
    did = f"made {made} and carried {carried}" if made else f"carried {carried}"
    return f", which {did} of the {len(claims)} claims on this question"


def disagreement_sentence(case: Case, result: QuestionResult) -> str:
    """Spec section 10: the disagreeing pair by source, interval and share; and, when the
    consensus median lies outside both intervals, that it sits where neither puts it."""
    pair = disagreeing_pair(result)
    if pair is None:
        return ""
    question = result.distributions.question
    labels = source_labels(case)

    def said(source_id: str, summary: Summary, share: float) -> str:
        interval = format_interval(summary.p05, summary.p95, question)
        return f"{labels[source_id]} ({interval}, {share:.0%} of the weight)"

    sentence = (
        f"Trusted sources disagree: {said(pair.first.source, pair.first_summary, pair.first_share)}"
        f" and {said(pair.second.source, pair.second_summary, pair.second_share)} give "
        "90% intervals that do not overlap."
    )
    consensus = result.pooled[Method.LOG]
    if isinstance(consensus, Estimate):
        median = consensus.summary.median
        inside = (
            summary.p05 <= median <= summary.p95
            for summary in (pair.first_summary, pair.second_summary)
        )
        if not any(inside):
            sentence += (
                f" The consensus ({format_value(median, question)}) sits where neither of "
                "them puts it."
            )
    return sentence


def vague_claims(result: QuestionResult) -> np.ndarray:
    """A mask of the claims whose own 90% interval spans most of the question's domain."""
    distributions = result.distributions
    grid = distributions.grid
    span = grid.edges[-1] - grid.edges[0]
    widths = np.array(
        [
            _to_t(s.p95, distributions.question) - _to_t(s.p05, distributions.question)
            for s in distributions.claim_summaries
        ]
    )
    return widths > VAGUE_SPAN * span


def _to_t(value: float, question: Question) -> float:
    return float(np.log(value)) if question.scale == "log" else value


def vague_sentence(case: Case, result: QuestionResult, method: Method) -> str:
    """Names the weighted claims that say little about the number, and what they do."""
    vague = vague_claims(result) & (result.normalized_weights > 0)
    if not vague.any():
        return ""
    names = sorted(
        {
            source_labels(case)[c.source]
            for c, v in zip(result.distributions.claims, vague, strict=True)
            if v
        }
    )
    share = float(result.normalized_weights[vague].sum())
    effect = (
        "in this mixture they widen the estimate"
        if method is Method.LINEAR
        else "in this consensus they change almost nothing"
    )
    return (
        f"Claims by {', '.join(names)} say little about the number ({share:.0%} of the "
        f"weight): {effect}."
    )
