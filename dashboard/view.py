"""The view model: everything the page shows for one state of the reader's choices.

`build_view` is a pure function from (case, question, method, settings) to frozen
dataclasses: the headline's figures and sentences, the sidebar's sliders grouped by what
they can do, every quote card, the codebook with its readings, each chart's rows, and
the bytes of both downloads. The page lays it out and reads nothing else, so everything
the page says can be tested here without Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

import numpy as np
import pandas as pd

from dashboard import chart_data, charts
from dashboard.case import Case, Claim, Passage, Question, Reading, surrounding_paragraph

# ChartName, SpecTemplates and ReadingMemo are named here for the page, which holds them.
from dashboard.charts import ChartName as ChartName
from dashboard.charts import SpecTemplates as SpecTemplates
from dashboard.engine.bounds import BoundReliance, bound_reliances
from dashboard.engine.disagreement import disagreeing_pair
from dashboard.engine.influence import (
    LeaveOneOut,
    leave_one_out,
    points_of_view,
    sweep,
    swings,
)
from dashboard.engine.pooling import (
    Estimate,
    Method,
    Pooled,
    QuestionResult,
    Summary,
    evaluate_question,
)
from dashboard.engine.pooling import (
    ReadingMemo as ReadingMemo,
)
from dashboard.engine.settings import (
    Bounds,
    ReadingOrigin,
    Settings,
    default_settings,
    ignored_threshold,
    judgment_from_fields,
    reader_case_file,
)
from dashboard.engine.weights import CREDIBILITY, RELIABILITY
from dashboard.export import export_file_name, results_csv_bytes
from dashboard.link import changed_parameters
from dashboard.wording import (
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


# --- the parts of the view -------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """The combined estimate in words, with the sentences that say what it rests on."""

    question: str
    method: str
    median: str
    interval: str
    shift: str
    sentences: tuple[str, ...]
    answer: str = ""
    """The answer in estimative words (spec section 13), or empty without a threshold."""
    bound_sentences: tuple[str, ...] = ()
    """What of the interval rests on the bounds (spec section 12), one sentence per end."""


@dataclass(frozen=True)
class NoEstimate:
    """What the headline says when no claim on the question carries weight."""

    question: str
    message: str


SliderGroup = Literal["speaks", "relay", "silent"]


@dataclass(frozen=True)
class SourceControl:
    """One source's trust slider: its label, what it can do here, and its grade in words."""

    source_id: str
    name: str
    kind: str
    note: str
    weight: int
    group: SliderGroup
    """`speaks`: has claims on the question; `relay`: carried claims that are on it;
    `silent`: neither, so its slider cannot move this question."""
    reliability: str
    """"B, usually reliable (weights from grades: 75)", or empty when ungraded."""


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


@dataclass(frozen=True)
class CaseFeatures:
    """Which of the analyst's levers the case uses: the page shows only those."""

    relays: bool
    credibility: bool
    evidence: bool
    scenarios: bool
    grades: bool


class ChartRows:
    """Each chart's rows for the question and method in view, each computed when first read:
    the page draws one chart tab at a time, so a slider move pays only for the chart in
    view (a view is shared by readers in one state, who may read its rows at once; two
    first reads compute the same rows twice, which is harmless)."""

    def __init__(
        self,
        case: Case,
        result: QuestionResult,
        settings: Settings,
        method: Method,
        movers: Sequence[LeaveOneOut],
        sweep_source: str | None,
        memo: ReadingMemo | None,
    ) -> None:
        self._case = case
        self._result = result
        self._settings = settings
        self._method = method
        self._movers = movers
        self._sweep_source = sweep_source
        self._memo = memo

    @cached_property
    def _forest(self) -> tuple[pd.DataFrame, int]:
        return chart_data.forest_rows(self._case, self._result)

    @property
    def forest(self) -> pd.DataFrame:
        return self._forest[0]

    @property
    def forest_hidden(self) -> int:
        """How many claims the forest leaves out (it shows the largest shares)."""
        return self._forest[1]

    @cached_property
    def _density(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        return chart_data.density_rows(self._case, self._result, self._method)

    @property
    def density(self) -> pd.DataFrame:
        return self._density[0]

    @property
    def density_sources(self) -> pd.DataFrame:
        return self._density[1]

    @cached_property
    def markers(self) -> pd.DataFrame:
        return chart_data.marker_rows(self._result, self._method)

    @cached_property
    def _influence(self) -> tuple[pd.DataFrame, int]:
        return chart_data.influence_rows(self._case, self._movers, dict(self._settings.weights))

    @property
    def influence(self) -> pd.DataFrame:
        return self._influence[0]

    @property
    def influence_hidden(self) -> int:
        return self._influence[1]

    @property
    def sweep_source(self) -> str:
        """The name of the source the sensitivity chart runs from 0 to 100."""
        chosen = self._sweep_source
        return chart_data.source_labels(self._case)[chosen] if chosen else ""

    @cached_property
    def sweep(self) -> pd.DataFrame:
        chosen = self._sweep_source
        if not chosen:
            return pd.DataFrame()
        return chart_data.sweep_rows(
            sweep(self._case, self._result, self._settings, self._method, chosen)
        )

    @cached_property
    def swings(self) -> pd.DataFrame:
        return chart_data.swing_rows(
            self._case, swings(self._case, self._result, self._settings, self._method)
        )

    @cached_property
    def points_of_view(self) -> pd.DataFrame:
        question_id = self._result.distributions.question.id
        return chart_data.point_of_view_rows(
            points_of_view(self._case, question_id, self._method, self._settings, self._memo)
        )

    @cached_property
    def relays(self) -> pd.DataFrame:
        return chart_data.relay_rows(self._case, self._result, dict(self._settings.weights))

    @cached_property
    def weight_steps(self) -> pd.DataFrame:
        return chart_data.weight_step_rows(self._case, self._result)


@dataclass(frozen=True)
class View:
    title: str
    description: str
    question: Question
    method: Method
    headline: Headline | NoEstimate
    controls: tuple[SourceControl, ...]
    cards: tuple[ClaimCard, ...]
    """The open question's claims with the largest shares (all of them, up to
    `CARDS_SHOWN`), in case order."""
    more_cards: tuple[ClaimCard, ...]
    """The open question's other claims, in case order: shown folded."""
    other_questions: tuple[str, ...]
    """The other questions' texts, in case order (their claims: `other_cards`)."""
    codebook: tuple[CodebookEntryView, ...]
    features: CaseFeatures
    judgment: JudgmentControl
    charts: ChartRows
    csv_name: str
    case_file_name: str
    settings: Settings = field(compare=False, repr=False)
    _case: Case = field(compare=False, repr=False)
    _result: QuestionResult = field(compare=False, repr=False)
    _memo: ReadingMemo | None = field(compare=False, repr=False)

    # The parts below are computed when first asked for, and once per state: the other
    # questions' claims sit in folded expanders, and a view is shared by every reader in
    # its state (benchmarks/README.md, issue 19).

    @cached_property
    def _results(self) -> dict[str, QuestionResult]:
        """Every question's result in this state, in case order (the open one reused)."""
        open_id = self.question.id
        return {
            q.id: self._result
            if q.id == open_id
            else evaluate_question(self._case, q.id, self.settings, self._memo)
            for q in self._case.questions
        }

    @cached_property
    def other_cards(self) -> tuple[tuple[str, tuple[ClaimCard, ...]], ...]:
        """Claims on the other questions, by question text, in case order."""
        return tuple(
            (result.distributions.question.text, _cards(self._case, result))
            for question_id, result in self._results.items()
            if question_id != self.question.id
        )

    @cached_property
    def csv(self) -> bytes:
        """Every claim and both pools of every question, as `export` writes them (spec 5)."""
        return results_csv_bytes(self._case, self.settings, self._results)

    @cached_property
    def case_file(self) -> bytes:
        """The open case as a case file with this state's weights and readings as its
        defaults (a download)."""
        return reader_case_file(self._case, self.settings)

    def judgment_from_fields(
        self, bounds: Bounds, threshold: float | None
    ) -> tuple[Bounds, float | None] | str:
        """The open question's bounds and threshold as the control's fields say them, if
        sections 12 and 13 allow them in this state; else why not."""
        return judgment_from_fields(self._case, self.settings, self.question.id, bounds, threshold)


# --- building it -----------------------------------------------------------------------------


def build_view(
    case: Case,
    case_name: str,
    question_id: str,
    method: Method,
    settings: Settings,
    defaults: Settings | None = None,
    sweep_source: str | None = None,
    memo: ReadingMemo | None = None,
) -> View:
    """Everything the page shows under `settings`; `defaults` is what "moved from the
    defaults" compares with (by default the case as its author wrote it), and
    `sweep_source` the source whose weight the sensitivity chart runs from 0 to 100 (by
    default the one that moves the estimate most)."""
    result = evaluate_question(case, question_id, settings, memo)
    question = result.distributions.question
    movers = leave_one_out(case, result, settings, method)
    at_defaults = _at_defaults(case, question_id, defaults, memo).pooled[method]
    chosen = sweep_source if sweep_source is not None else _default_sweep_source(movers)
    charts = ChartRows(case, result, settings, method, movers, chosen, memo)
    cards, more_cards = _largest_first(_cards(case, result))
    at_defaults_now = not changed_parameters(case, settings)
    return View(
        title=case.title,
        description=case.description,
        question=question,
        method=method,
        headline=_headline(case, result, method, movers, at_defaults, settings, memo),
        controls=_controls(case, result, settings),
        cards=cards,
        more_cards=more_cards,
        other_questions=tuple(q.text for q in case.questions if q.id != question_id),
        codebook=_codebook(case, question, settings),
        features=features(case),
        judgment=_judgment(case, question_id, settings),
        charts=charts,
        csv_name=export_file_name(case_name, at_defaults_now),
        case_file_name=f"{case_name}-{'defaults' if at_defaults_now else 'your-settings'}.yaml",
        settings=settings,
        _case=case,
        _result=result,
        _memo=memo,
    )


def _at_defaults(
    case: Case, question_id: str, defaults: Settings | None, memo: ReadingMemo | None
) -> QuestionResult:
    """The question under the case's defaults (or `defaults`): what "moved" compares with.
    The case's own defaults are the same at every move, so the memo keeps their result."""
    if defaults is not None or memo is None:
        return evaluate_question(case, question_id, defaults or default_settings(case), memo)
    return memo.result_at_defaults(
        question_id, lambda: evaluate_question(case, question_id, default_settings(case), memo)
    )


def _default_sweep_source(movers: Sequence[LeaveOneOut]) -> str | None:
    return movers[0].source_id if movers else None


def features(case: Case) -> CaseFeatures:
    return CaseFeatures(
        relays=any(s.via for s in case.sources),
        credibility=any(c.credibility is not None for c in case.claims),
        evidence=any(c.evidence for c in case.claims),
        scenarios=bool(case.scenarios),
        grades=any(s.reliability for s in case.sources),
    )


def _headline(
    case: Case,
    result: QuestionResult,
    method: Method,
    movers: Sequence[LeaveOneOut],
    at_defaults: Pooled,
    settings: Settings,
    memo: ReadingMemo | None,
) -> Headline | NoEstimate:
    question = result.distributions.question
    pooled = result.pooled[method]
    if not isinstance(pooled, Estimate):
        return NoEstimate(
            question.text,
            "No estimate: every claim on this question is at zero weight (its sources or "
            "their relays are at 0). Raise a slider to see one.",
        )
    summary = pooled.summary
    shift = (
        format_shift(summary.median - at_defaults.summary.median, question)
        if isinstance(at_defaults, Estimate)
        else "n/a"
    )
    sentences = [
        s
        for s in (
            mover_sentence(case, result, movers),
            disagreement_sentence(case, result),
            vague_sentence(case, result, method),
        )
        if s
    ]
    return Headline(
        question=question.text,
        method=METHOD_NAMES[method],
        median=format_value(summary.median, question),
        interval=format_interval(summary.p05, summary.p95, question),
        shift=shift,
        sentences=tuple(sentences),
        answer=answer_sentence(result, method, case.question(question.id).threshold),
        bound_sentences=tuple(
            bound_sentence(case, question, reliance, method)
            for reliance in bound_reliances(case, settings, result, method, memo)
        ),
    )


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
    labels = chart_data.source_labels(case)
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


def _judgment(case: Case, question_id: str, settings: Settings) -> JudgmentControl:
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


def mover_sentence(case: Case, result: QuestionResult, movers: Sequence[LeaveOneOut]) -> str:
    """One plain sentence naming the source the estimate rests on most; for a relay, how
    many of the question's claims it made and carried."""
    weighted = [m for m in movers if m.share > 0]
    if not weighted:
        return ""
    top = weighted[0]
    name = chart_data.source_labels(case)[top.source_id] + _role(case, result, top.source_id)
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
    labels = chart_data.source_labels(case)

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
            chart_data.source_labels(case)[c.source]
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


def _controls(case: Case, result: QuestionResult, settings: Settings) -> tuple[SourceControl, ...]:
    speaking = {c.source for c in result.distributions.claims}
    relaying = {relay for source_id in speaking for relay in case.source(source_id).via}
    controls = []
    for source in case.sources:
        group: SliderGroup = (
            "speaks" if source.id in speaking else "relay" if source.id in relaying else "silent"
        )
        controls.append(
            SourceControl(
                source_id=source.id,
                name=source.name,
                kind=source.kind,
                note=source.note,
                weight=int(round(settings.weights[source.id])),
                group=group,
                reliability=reliability_text(source.reliability),
            )
        )
    return tuple(controls)


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


def _cards(case: Case, result: QuestionResult) -> tuple[ClaimCard, ...]:
    distributions = result.distributions
    separate = chart_data.separate_shares(result)
    vague = vague_claims(result)
    labels = chart_data.source_labels(case)
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


def _largest_first(
    cards: tuple[ClaimCard, ...],
) -> tuple[tuple[ClaimCard, ...], tuple[ClaimCard, ...]]:
    """The cards with the `CARDS_SHOWN` largest shares, and the others, each in case order."""
    shown = chart_data.largest(np.array([card.share for card in cards]), CARDS_SHOWN)
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


def _codebook(case: Case, question: Question, settings: Settings) -> tuple[CodebookEntryView, ...]:
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


def weights_table(controls: Sequence[SourceControl], search: str) -> pd.DataFrame:
    """Sources whose name, kind or id contains `search` (any case), indexed by id."""
    needle = search.strip().casefold()
    rows = [
        {"id": c.source_id, "source": c.name, "kind": c.kind, "weight": c.weight}
        for c in controls
        if needle in f"{c.name}\n{c.kind}\n{c.source_id}".casefold()
    ]
    return pd.DataFrame(rows, columns=["id", "source", "kind", "weight"]).set_index("id")


CHART_DESCRIPTIONS: dict[ChartName, str] = {
    "forest": "What each source claims: each claim's reading as a 90% interval and median, "
    "with its share of the weight, above the two combined estimates",
    "density": "The combined estimate: the pooled probability over the question's values, "
    "each source's weighted part, and the combined 5th percentile, median and 95th percentile",
    "influence": "Influence: the share of the weight passing through each source, and how far "
    "the combined median would move if it were set to 0",
    "sweep": "Sensitivity: the combined median and 90% interval as one source's trust runs "
    "from 0 to 100",
    "swings": "Sensitivity: how far the combined median moves as each source's trust runs "
    "from 0 to 100",
    "points of view": "Points of view: the combined median and 90% interval under the case's "
    "defaults, each of its scenarios and your settings",
    "relays": "Chain of custody: each relay and the share of the weight that passed through it",
}
"""What each chart shows, in words: its `description`, which a screen reader reads as the
drawn chart's name."""


def chart_description(name: ChartName, question: Question) -> str:
    """The chart's name for a screen reader: what it shows, and on which question."""
    return f"{CHART_DESCRIPTIONS[name]}. Question: {question.text}"


def chart_summary(view: View, name: ChartName) -> str:
    """One sentence a screen reader can reach beside a drawn chart: what it shows, the
    estimate's figures now, and where every drawn figure is as a table."""
    head = view.headline
    figures = (
        f"the combined estimate is {head.median}, 90% interval {head.interval}"
        if isinstance(head, Headline)
        else head.message.rstrip(".")
    )
    return (
        f"{CHART_DESCRIPTIONS[name]}. Now {figures}. Every figure drawn is in the chart's "
        "table: Show data, in the chart's toolbar."
    )


def chart_spec(view: View, case: Case, name: ChartName, templates: SpecTemplates) -> dict[str, Any]:
    """The Vega-Lite spec of chart `name` for this view, from the case's `templates`, with
    its description (one per question: a weight's move changes the datasets alone)."""
    spec = templates.spec(name, chart_source(name, case, view.question, view.method, view.charts))
    return {**spec, "description": chart_description(name, view.question)}


def chart_source(
    name: ChartName, case: Case, question: Question, method: Method, rows: ChartRows
) -> charts.ChartSource:
    """The chart called `name`, for the question, method and rows in view (not yet built)."""
    # A chart's axis spans the bounds in force, so they are part of what its template fits.
    asked = (question.id, question.min, question.max)
    if name == "forest":
        return charts.ChartSource(
            lambda: charts.forest_chart(case, question, rows.forest, rows.forest_hidden),
            (rows.forest,),
            (asked, rows.forest_hidden),
        )
    if name == "density":
        sources = rows.density_sources
        return charts.ChartSource(
            lambda: charts.density_chart(
                case, question, method, rows.density, sources, rows.markers
            ),
            (rows.density, sources, sources[charts.DENSITY_LOOKUP], rows.markers),
            (asked, method),
        )
    if name == "influence":
        # Its axes' domains follow the largest share and shift: built anew in every state.
        return charts.ChartSource(
            lambda: charts.influence_chart(
                case, question, method, rows.influence, rows.influence_hidden
            ),
            (rows.influence,),
            (asked, method, rows.influence_hidden),
            reusable=False,
        )
    if name == "sweep":
        return charts.ChartSource(
            lambda: charts.sweep_chart(question, rows.sweep_source, rows.sweep),
            (rows.sweep,),
            (asked, rows.sweep_source),
        )
    if name == "swings":
        return charts.ChartSource(
            lambda: charts.swing_chart(question, rows.swings), (rows.swings,), (asked,)
        )
    if name == "points of view":
        return charts.ChartSource(
            lambda: charts.points_of_view_chart(question, method, rows.points_of_view),
            (rows.points_of_view,),
            (asked, method),
        )
    return charts.ChartSource(
        lambda: charts.relay_chart(case, rows.relays), (rows.relays,), (asked,)
    )
