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
from typing import Literal

import pandas as pd

from dashboard.case import Case, Question
from dashboard.engine.bounds import bound_reliances
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
    ReadingMemo,
    evaluate_question,
)
from dashboard.engine.settings import (
    Bounds,
    Settings,
    default_settings,
    judgment_from_fields,
    reader_case_file,
)
from dashboard.export import export_file_name, results_csv_bytes
from dashboard.link import changed_parameters
from dashboard.view.cards import (
    ClaimCard,
    CodebookEntryView,
    JudgmentControl,
    claim_cards,
    codebook_entries,
    judgment_control,
    largest_first,
    reliability_text,
)
from dashboard.view.charts.custody import relay_rows
from dashboard.view.charts.density import density_rows, marker_rows
from dashboard.view.charts.forest import forest_rows
from dashboard.view.charts.influence import influence_rows
from dashboard.view.charts.points_of_view import point_of_view_rows
from dashboard.view.charts.rows import source_labels, weight_step_rows
from dashboard.view.charts.sensitivity import sweep_rows, swing_rows
from dashboard.view.sentences import (
    answer_sentence,
    bound_sentence,
    disagreement_sentence,
    mover_sentence,
    vague_sentence,
)
from dashboard.view.wording import (
    METHOD_NAMES,
    format_interval,
    format_shift,
    format_value,
)


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
        return forest_rows(self._case, self._result)

    @property
    def forest(self) -> pd.DataFrame:
        return self._forest[0]

    @property
    def forest_hidden(self) -> int:
        """How many claims the forest leaves out (it shows the largest shares)."""
        return self._forest[1]

    @cached_property
    def _density(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        return density_rows(self._case, self._result, self._method)

    @property
    def density(self) -> pd.DataFrame:
        return self._density[0]

    @property
    def density_sources(self) -> pd.DataFrame:
        return self._density[1]

    @cached_property
    def markers(self) -> pd.DataFrame:
        return marker_rows(self._result, self._method)

    @cached_property
    def _influence(self) -> tuple[pd.DataFrame, int]:
        return influence_rows(self._case, self._movers, dict(self._settings.weights))

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
        return source_labels(self._case)[chosen] if chosen else ""

    @cached_property
    def sweep(self) -> pd.DataFrame:
        chosen = self._sweep_source
        if not chosen:
            return pd.DataFrame()
        return sweep_rows(sweep(self._case, self._result, self._settings, self._method, chosen))

    @cached_property
    def swings(self) -> pd.DataFrame:
        return swing_rows(
            self._case, swings(self._case, self._result, self._settings, self._method)
        )

    @cached_property
    def points_of_view(self) -> pd.DataFrame:
        question_id = self._result.distributions.question.id
        return point_of_view_rows(
            points_of_view(self._case, question_id, self._method, self._settings, self._memo)
        )

    @cached_property
    def relays(self) -> pd.DataFrame:
        return relay_rows(self._case, self._result, dict(self._settings.weights))

    @cached_property
    def weight_steps(self) -> pd.DataFrame:
        return weight_step_rows(self._case, self._result)


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
            (result.distributions.question.text, claim_cards(self._case, result))
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
    cards, more_cards = largest_first(claim_cards(case, result))
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
        codebook=codebook_entries(case, question, settings),
        features=features(case),
        judgment=judgment_control(case, question_id, settings),
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


def weights_table(controls: Sequence[SourceControl], search: str) -> pd.DataFrame:
    """Sources whose name, kind or id contains `search` (any case), indexed by id."""
    needle = search.strip().casefold()
    rows = [
        {"id": c.source_id, "source": c.name, "kind": c.kind, "weight": c.weight}
        for c in controls
        if needle in f"{c.name}\n{c.kind}\n{c.source_id}".casefold()
    ]
    return pd.DataFrame(rows, columns=["id", "source", "kind", "weight"]).set_index("id")
