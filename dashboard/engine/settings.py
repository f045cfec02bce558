"""What the reader set, resolved against a case: weights, readings, switches, bounds and
thresholds (spec sections 2, 3, 8, 12, 13).

The order is fixed by the spec: the case's defaults, then the chosen scenario's weights
and readings, then what the reader (slider, link, command line) set on top; the reader's
bounds are checked against the readings then in use, and a threshold against the bounds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from dashboard.case import Case, Question, Reading, case_file_bytes, number_text
from dashboard.case.model import outside_domain, stated_figures
from dashboard.engine.weights import Switches

DEFAULT_SWITCHES = Switches()
"""Relays on, credibility on, shared evidence counted once."""

ReadingOrigin = Literal["case", "scenario", "reader"]
"""Who set the reading a claim uses (the CSV's `reading_origin`)."""

Bounds = tuple[float, float]
"""A question's (min, max) as the reader sets them (spec section 12)."""


class SettingsError(ValueError):
    """A scenario, source or label the case does not have, or a weight out of range; one line."""


@dataclass(frozen=True)
class Settings:
    """A complete state: a weight for every source, the reader's readings, the switches."""

    weights: Mapping[str, float]
    scenario: str | None = None
    reader_readings: Mapping[tuple[str, str], Reading] = field(default_factory=dict)
    switches: Switches = Switches()
    reader_bounds: Mapping[str, Bounds] = field(default_factory=dict)
    """The reader's bounds by question id, each checked against the readings in use."""
    reader_thresholds: Mapping[str, float] = field(default_factory=dict)
    """The reader's thresholds by question id, each within the bounds in force."""

    def reading_for(
        self, case: Case, question_id: str, label: str
    ) -> tuple[Reading, ReadingOrigin]:
        """The reading a label stands for: the reader's, else the scenario's, else the case's."""
        key = (question_id, label)
        if key in self.reader_readings:
            return self.reader_readings[key].with_label(label), "reader"
        if self.scenario is not None:
            scenario_readings = case.scenario(self.scenario).readings
            if key in scenario_readings:
                return scenario_readings[key].with_label(label), "scenario"
        return case.question(question_id).codebook[label].reading.with_label(label), "case"

    def label_readings(self, case: Case) -> dict[tuple[str, str], tuple[Reading, ReadingOrigin]]:
        """Every codebook label of the case with the reading in use and who set it."""
        return {
            (question.id, label): self.reading_for(case, question.id, label)
            for question in case.questions
            for label in question.codebook
        }

    def key(self) -> tuple[object, ...]:
        """The settings as a hashable value: equal keys give equal figures."""
        return (
            tuple(sorted(self.weights.items())),
            self.scenario,
            tuple(
                sorted((q, label, r.as_text()) for (q, label), r in self.reader_readings.items())
            ),
            self.switches,
            tuple(sorted(self.reader_bounds.items())),
            tuple(sorted(self.reader_thresholds.items())),
        )

    def question_in_force(self, case: Case, question_id: str) -> Question:
        """The question on the bounds in force: the reader's, else the case's (section 12)."""
        question = case.question(question_id)
        if question_id not in self.reader_bounds:
            return question
        low, high = self.reader_bounds[question_id]
        return replace(question, min=low, max=high)

    def threshold_for(self, case: Case, question_id: str) -> float | None:
        """The threshold in force (section 13): the reader's, else the case's when it lies
        within the bounds in force, else None."""
        if question_id in self.reader_thresholds:
            return self.reader_thresholds[question_id]
        threshold = case.question(question_id).threshold
        question = self.question_in_force(case, question_id)
        if threshold is None or not question.min < threshold < question.max:
            return None
        return threshold

    def readings_in_use(self, case: Case, question_id: str) -> tuple[Reading, ...]:
        """Every reading in use on a question: each claim's (whatever its weight), then
        each codebook label's after the scenario and the reader's readings."""
        codebook = {
            label: self.reading_for(case, question_id, label)[0]
            for label in case.question(question_id).codebook
        }
        claims = tuple(
            claim.reading if claim.reading.label is None else codebook[claim.reading.label]
            for claim in case.claims_on(question_id)
        )
        return claims + tuple(codebook.values())

    def scenario_weights(self, case: Case) -> dict[str, float]:
        """The weights before the reader's own changes: the case's, under the scenario's."""
        base = case.default_weights()
        if self.scenario is not None:
            base.update(case.scenario(self.scenario).weights)
        return base


def settings_for(
    case: Case,
    scenario: str | None = None,
    weights: Mapping[str, float] | None = None,
    readings: Mapping[tuple[str, str], Reading] | None = None,
    switches: Switches = DEFAULT_SWITCHES,
    bounds: Mapping[str, Bounds] | None = None,
    thresholds: Mapping[str, float] | None = None,
) -> Settings:
    """Scenario first (its weights over the defaults, its readings), then `weights` and
    `readings` on top, then `bounds` checked against the readings in use and `thresholds`
    against the bounds in force. Unknown names and unusable values raise `SettingsError`
    naming them."""
    full = case.default_weights()
    if scenario is not None:
        known = {s.id for s in case.scenarios}
        if scenario not in known:
            listed = ", ".join(sorted(known)) or "none"
            raise SettingsError(f"the case has no scenario '{scenario}' (its scenarios: {listed})")
        full.update(case.scenario(scenario).weights)
    for source_id, weight in (weights or {}).items():
        if source_id not in full:
            raise SettingsError(f"the case has no source '{source_id}'")
        if not 0 <= weight <= 100:
            raise SettingsError(f"the weight {weight:g} for '{source_id}' is outside 0..100")
        full[source_id] = float(weight)
    reader: dict[tuple[str, str], Reading] = {}
    for (question_id, label), reading in (readings or {}).items():
        check_label(case, question_id, label)
        reader[question_id, label] = reading.with_label(None)
    settings = Settings(full, scenario, reader, switches)
    return with_thresholds(case, with_bounds(case, settings, bounds or {}), thresholds or {})


def with_bounds(case: Case, settings: Settings, bounds: Mapping[str, Bounds]) -> Settings:
    """`settings` with the reader's `bounds` (spec section 12), each checked against the
    readings in use; `SettingsError` names the first that cannot be used."""
    for question_id, (low, high) in bounds.items():
        check_question(case, question_id)
        if problem := bounds_problem(case, settings, question_id, low, high):
            raise SettingsError(problem)
    return replace(settings, reader_bounds={**settings.reader_bounds, **bounds})


def with_usable_bounds(case: Case, settings: Settings, bounds: Mapping[str, Bounds]) -> Settings:
    """`settings` with those of `bounds` that fit its readings in use; the others dropped
    (a scenario or reading chosen since may leave a figure outside them)."""
    usable = {
        question_id: (low, high)
        for question_id, (low, high) in bounds.items()
        if bounds_problem(case, settings, question_id, low, high) is None
    }
    return replace(settings, reader_bounds=usable)


def with_thresholds(case: Case, settings: Settings, thresholds: Mapping[str, float]) -> Settings:
    """`settings` with the reader's `thresholds` (spec section 13), each within the bounds
    in force; `SettingsError` names the first that cannot be used."""
    for question_id, threshold in thresholds.items():
        check_question(case, question_id)
        if problem := threshold_problem(case, settings, question_id, threshold):
            raise SettingsError(problem)
    return replace(settings, reader_thresholds={**settings.reader_thresholds, **thresholds})


def bounds_problem(
    case: Case, settings: Settings, question_id: str, low: float, high: float
) -> str | None:
    """Why `low:high` cannot be the bounds of a question under `settings` (spec section 12:
    `low < high`, `low > 0` on a log question, every figure of a reading in use within
    them by the rules of section 1), or None."""
    bounds = f"the bounds {number_text(low)}:{number_text(high)} of question '{question_id}'"
    if not low < high:
        return f"{bounds}: the low bound must be below the high bound"
    if case.question(question_id).scale == "log" and low <= 0:
        return f"{bounds}: a log question's bounds must be above 0"
    for reading in settings.readings_in_use(case, question_id):
        if problem := outside_domain(reading, low, high):
            return f"{bounds} leave out the reading {reading.describe()} ({problem})"
    return None


def threshold_problem(
    case: Case, settings: Settings, question_id: str, threshold: float
) -> str | None:
    """Why `threshold` cannot be a question's threshold under `settings` (spec section 13:
    strictly within the bounds in force), or None."""
    question = settings.question_in_force(case, question_id)
    if question.min < threshold < question.max:
        return None
    return (
        f"the threshold {number_text(threshold)} of question '{question_id}' must lie between "
        f"its bounds {number_text(question.min)} and {number_text(question.max)}"
    )


def ignored_threshold(case: Case, settings: Settings, question_id: str) -> str:
    """The warning for a case threshold that the reader's bounds leave out, ignored (spec
    section 12); empty when there is none."""
    threshold = case.question(question_id).threshold
    bounds = settings.reader_bounds.get(question_id)
    if threshold is None or bounds is None or settings.threshold_for(case, question_id) is not None:
        return ""
    low, high = bounds
    return (
        f"The case's threshold {number_text(threshold)} for question '{question_id}' lies "
        f"outside the bounds in force, {number_text(low)}:{number_text(high)}; it was ignored."
    )


def ignored_thresholds(case: Case, settings: Settings) -> tuple[str, ...]:
    """`ignored_threshold`'s warnings for every question of the case that has one."""
    warnings = (ignored_threshold(case, settings, q.id) for q in case.questions)
    return tuple(warning for warning in warnings if warning)


def figures_in_use(case: Case, settings: Settings, question_id: str) -> tuple[float, ...]:
    """Every figure stated by a reading in use on a question (spec section 12)."""
    return tuple(
        figure
        for reading in settings.readings_in_use(case, question_id)
        for figure in stated_figures(reading)
    )


def check_question(case: Case, question_id: str) -> None:
    """Raise `SettingsError` unless the case has a question `question_id`."""
    if question_id not in {q.id for q in case.questions}:
        raise SettingsError(f"the case has no question '{question_id}'")


def check_label(case: Case, question_id: str, label: str) -> None:
    """Raise `SettingsError` unless `label` is in the codebook of question `question_id`."""
    check_question(case, question_id)
    if missing := case.question(question_id).missing_label(label):
        raise SettingsError(missing)


def default_settings(case: Case) -> Settings:
    """The case as its author wrote it: default weights, codebook readings, switches on."""
    return Settings(case.default_weights())


def reader_case_file(case: Case, settings: Settings) -> bytes:
    """The reader's own case file (spec section 8): the open case with `settings`' weights
    as its sources' defaults and the readings in use written into its codebooks."""
    readings = {key: reading for key, (reading, _) in settings.label_readings(case).items()}
    return case_file_bytes(case, settings.weights, readings)


def judgment_from_fields(
    case: Case,
    settings: Settings,
    question_id: str,
    bounds: Bounds,
    threshold: float | None,
) -> tuple[Bounds, float | None] | str:
    """The bounds and threshold a control's fields say for a question, checked by spec
    sections 12 and 13 (the threshold within those bounds; None: the case's); or why not."""
    try:
        bounded = with_bounds(case, settings, {question_id: bounds})
        if threshold is not None:
            with_thresholds(case, bounded, {question_id: threshold})
    except SettingsError as error:
        return str(error)
    return bounds, threshold
