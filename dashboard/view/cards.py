"""Quote cards, the codebook and the bounds control: each claim with everything its number
rests on, in words (grades, relays, reading, reason, share)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dashboard.case import Case, Claim, Passage, Question, Reading, surrounding_paragraph
from dashboard.engine.pooling import (
    QuestionResult,
)
from dashboard.engine.settings import (
    Bounds,
    ReadingOrigin,
    Settings,
    ignored_threshold,
)
from dashboard.engine.weights import CREDIBILITY, RELIABILITY
from dashboard.view.charts.forest import separate_shares
from dashboard.view.charts.rows import largest, source_labels
from dashboard.view.sentences import vague_claims

CARDS_SHOWN = 40
"""The page shows at most this many quote cards of the open question unfolded: those with
the largest shares, as the forest chart does. A slider move redraws them all."""


CREDIBILITY_FACTORS = " · ".join(
    f"{g.number} {g.words} ×{g.factor:g}" for g in CREDIBILITY.values()
)
"""Each Admiralty credibility grade and its factor, as How it works lists them."""


RELIABILITY_WEIGHTS = " · ".join(f"{g.letter} {g.words} {g.weight:g}" for g in RELIABILITY.values())
"""Each reliability grade and the weight "Weights from grades" gives it."""


ORIGIN_WORDS: dict[ReadingOrigin, str] = {
    "case": "the case author's reading",
    "scenario": "the scenario's reading",
    "reader": "your reading",
}


@dataclass(frozen=True)
class ClaimCard:
    """One quote as the page shows it, with everything its number rests on."""

    claim_id: str
    question_id: str
    source: str
    kind: str
    reliability: str
    relays: str
    quote: str
    passage: Passage | None
    reading: str
    origin: str
    judgment: bool
    rationale: str
    credibility: str
    share: float
    effective_weight: float
    evidence: str
    tied_with: tuple[str, ...]
    separate_share: float
    vague: bool
    document: str
    """The title (or id) of the document the quote is from; empty in a single-document case."""
    translation: str = ""
    """The case's translation of the quote, shown beside it as the case's; often empty."""
    language: str = ""
    """The BCP 47 tag of the quote's document, when the case names one."""


@dataclass(frozen=True)
class CodebookEntryView:
    """One label of the open question: its reading now, who set it, why, and its quotes."""

    label: str
    reading: Reading
    reading_text: str
    origin: ReadingOrigin
    case_reading: str
    rationale: str
    quotes: tuple[tuple[str, str], ...]
    """Each quote that uses the label, with the case's translation (often empty)."""


@dataclass(frozen=True)
class JudgmentControl:
    """The open question's bounds and threshold as the control shows them: those in force,
    the case's, and the case's reason for its bounds (spec sections 12, 13)."""

    question_id: str
    unit: str
    bounds: Bounds
    case_bounds: Bounds
    rationale: str
    threshold: float | None
    case_threshold: float | None
    warning: str
    """Why the case's threshold is ignored (the reader's bounds leave it out), or empty."""


def judgment_control(case: Case, question_id: str, settings: Settings) -> JudgmentControl:
    asked = case.question(question_id)
    in_force = settings.question_in_force(case, question_id)
    return JudgmentControl(
        question_id=question_id,
        unit=asked.unit,
        bounds=(in_force.min, in_force.max),
        case_bounds=(asked.min, asked.max),
        rationale=asked.bounds_rationale,
        threshold=settings.threshold_for(case, question_id),
        case_threshold=asked.threshold,
        warning=ignored_threshold(case, settings, question_id),
    )


def reliability_text(grade: str | None) -> str:
    """`B, usually reliable (weights from grades: 75)`; empty when ungraded."""
    if not grade:
        return ""
    entry = RELIABILITY[grade]
    return f"{entry.letter}, {entry.words} (weights from grades: {entry.weight:g})"


def credibility_text(grade: int | None) -> str:
    """`4, doubtful (weight ×0.4)`; empty when ungraded."""
    if grade is None:
        return ""
    entry = CREDIBILITY[grade]
    return f"{entry.number}, {entry.words} (weight ×{entry.factor:g})"


def claim_cards(case: Case, result: QuestionResult) -> tuple[ClaimCard, ...]:
    distributions = result.distributions
    separate = separate_shares(result)
    vague = vague_claims(result)
    labels = source_labels(case)
    groups: dict[str, list[Claim]] = {}
    for claim in distributions.claims:
        if claim.evidence:
            groups.setdefault(claim.evidence, []).append(claim)
    cards = []
    for index, claim in enumerate(distributions.claims):
        source = case.source(claim.source)
        reading = distributions.readings[index]
        tied = tuple(
            labels[other.source] for other in groups.get(claim.evidence or "", []) if other != claim
        )
        document = case.document_of(claim)  # each claim's passage is in its own document
        text = document.text if document else None
        cards.append(
            ClaimCard(
                claim_id=claim.id,
                question_id=claim.question,
                source=labels[source.id],
                kind=source.kind,
                reliability=reliability_text(source.reliability),
                relays=" → ".join(labels[r] for r in source.via),
                quote=claim.quote,
                passage=surrounding_paragraph(text, claim.quote) if text else None,
                reading=reading.describe(),
                origin=ORIGIN_WORDS[distributions.origins[index]],
                judgment=reading.label is not None,
                rationale=_rationale(claim, distributions.question, reading),
                credibility=credibility_text(claim.credibility),
                share=float(result.normalized_weights[index]),
                effective_weight=float(result.effective_weights[index]),
                evidence=claim.evidence or "",
                tied_with=tied,
                separate_share=float(separate[index]),
                vague=bool(vague[index]),
                document=document.label if document and claim.document else "",
                translation=claim.translation,
                language=document.language if document else "",
            )
        )
    return tuple(cards)


def largest_first(
    cards: tuple[ClaimCard, ...],
) -> tuple[tuple[ClaimCard, ...], tuple[ClaimCard, ...]]:
    """The cards with the `CARDS_SHOWN` largest shares, and the others, each in case order."""
    shown = largest(np.array([card.share for card in cards]), CARDS_SHOWN)
    return (
        tuple(card for card, keep in zip(cards, shown, strict=True) if keep),
        tuple(card for card, keep in zip(cards, shown, strict=True) if not keep),
    )


def _rationale(claim: Claim, question: Question, reading: Reading) -> str:
    """The claim's own rationale, then the codebook's for its label."""
    parts = [claim.rationale] if claim.rationale else []
    if reading.label and reading.label in question.codebook:
        entry = question.codebook[reading.label]
        if entry.rationale:
            parts.append(entry.rationale)
    return " ".join(parts)


def codebook_entries(
    case: Case, question: Question, settings: Settings
) -> tuple[CodebookEntryView, ...]:
    entries = []
    for label, entry in question.codebook.items():
        reading, origin = settings.reading_for(case, question.id, label)
        quotes = tuple(
            (c.quote, c.translation)
            for c in case.claims_on(question.id)
            if c.reading.label == label
        )
        entries.append(
            CodebookEntryView(
                label=label,
                reading=reading,
                reading_text=reading.with_label(None).describe(),
                origin=origin,
                case_reading=entry.reading.with_label(None).describe(),
                rationale=entry.rationale,
                quotes=quotes,
            )
        )
    return tuple(entries)
