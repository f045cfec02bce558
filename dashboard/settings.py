"""What the reader set, resolved against a case: weights, readings, switches (sections 2, 3, 8).

The order is fixed by the spec: the case's defaults, then the chosen scenario's weights
and readings, then what the reader (slider, link, command line) set on top.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from dashboard.case import Case, Reading, case_file_bytes
from dashboard.weights import Switches

DEFAULT_SWITCHES = Switches()
"""Relays on, credibility on, shared evidence counted once."""

ReadingOrigin = Literal["case", "scenario", "reader"]
"""Who set the reading a claim uses (the CSV's `reading_origin`)."""


class SettingsError(ValueError):
    """A scenario, source or label the case does not have, or a weight out of range; one line."""


@dataclass(frozen=True)
class Settings:
    """A complete state: a weight for every source, the reader's readings, the switches."""

    weights: Mapping[str, float]
    scenario: str | None = None
    reader_readings: Mapping[tuple[str, str], Reading] = field(default_factory=dict)
    switches: Switches = Switches()

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
        )

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
) -> Settings:
    """Scenario first (its weights over the defaults, its readings), then `weights` and
    `readings` on top. Unknown names raise `SettingsError` naming them."""
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
    return Settings(full, scenario, reader, switches)


def check_label(case: Case, question_id: str, label: str) -> None:
    """Raise `SettingsError` unless `label` is in the codebook of question `question_id`."""
    questions = {q.id: q for q in case.questions}
    if question_id not in questions:
        raise SettingsError(f"the case has no question '{question_id}'")
    if missing := questions[question_id].missing_label(label):
        raise SettingsError(missing)


def default_settings(case: Case) -> Settings:
    """The case as its author wrote it: default weights, codebook readings, switches on."""
    return Settings(case.default_weights())


def reader_case_file(case: Case, settings: Settings) -> bytes:
    """The reader's own case file (spec section 8): the open case with `settings`' weights
    as its sources' defaults and the readings in use written into its codebooks."""
    readings = {key: reading for key, (reading, _) in settings.label_readings(case).items()}
    return case_file_bytes(case, settings.weights, readings)
