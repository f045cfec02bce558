"""Every key the page keeps in Streamlit's session, and the values behind them.

The widgets hold the reader's state under keys named here (a trust slider's key is its
link parameter, `w_<source_id>`), so the page only copies values between Streamlit's
session and these functions; nothing here imports Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, cast

from dashboard.case import Case, Reading
from dashboard.engine.settings import Bounds, Settings, threshold_problem, with_usable_bounds
from dashboard.engine.weights import Switches
from dashboard.link import CASE, METHOD, SCENARIO, WEIGHT_PREFIX, LinkState

SWITCH_KEYS = ("relays", "credibility", "shared")
"""The three switches' widget keys (toggles holding True when the step is on)."""
READINGS_KEY = "reader_readings"
"""The reader's readings, by (question id, label), kept in the session (no widget)."""
BOUNDS_KEY = "reader_bounds"
"""The reader's bounds, by question id, kept in the session (no widget)."""
THRESHOLDS_KEY = "reader_thresholds"
"""The reader's thresholds, by question id, kept in the session (no widget)."""
NO_SCENARIO = ""
"""The scenario picker's value for the case's own defaults."""


def question_key(case_key: str) -> str:
    """The question picker's key: one per case, since a box whose options change under one
    key keeps showing the old case's question in the browser."""
    return f"q:{case_key}"


def link_widget_values(link: LinkState, default_case: str) -> dict[str, object]:
    """The widget values a link asks for that hold across cases: the case picker, the
    method, the question (for the case it names) and the switches."""
    values: dict[str, object] = {
        key: on for key, on in zip(SWITCH_KEYS, _switch_values(link.switches), strict=True)
    }
    if link.case_id is not None:
        values[CASE] = link.case_id
    if link.method is not None:
        values[METHOD] = link.method
    if link.question_id is not None:
        values[question_key(link.case_id or default_case)] = link.question_id
    return values


def settings_widget_values(settings: Settings) -> dict[str, object]:
    """The widget values that show `settings`' scenario, readings and weights."""
    values: dict[str, object] = {
        SCENARIO: settings.scenario or NO_SCENARIO,
        READINGS_KEY: dict(settings.reader_readings),
        BOUNDS_KEY: dict(settings.reader_bounds),
        THRESHOLDS_KEY: dict(settings.reader_thresholds),
    }
    values.update(weight_widget_values(settings.weights))
    return values


def weight_widget_values(weights: Mapping[str, float]) -> dict[str, object]:
    """The sliders' values for `weights`: whole numbers, as the link and case files have them."""
    return {WEIGHT_PREFIX + source_id: int(round(w)) for source_id, w in weights.items()}


def settings_from_widgets(case: Case, values: Mapping[Any, Any]) -> Settings:
    """What the widgets hold (Streamlit's session state, or any mapping), as the engine's
    `Settings`: a slider per source, the scenario picker, the reader's readings, bounds and
    thresholds, and the three switches (on unless a toggle says off). Bounds that a new
    reading or scenario left unusable, and thresholds outside the bounds in force, drop out:
    the case's apply again."""
    readings = cast(Mapping[tuple[str, str], Reading], values.get(READINGS_KEY) or {})
    relays, credibility, shared = (bool(values.get(key, True)) for key in SWITCH_KEYS)
    settings = Settings(
        weights={s.id: float(cast(float, values[WEIGHT_PREFIX + s.id])) for s in case.sources},
        scenario=str(values.get(SCENARIO) or "") or None,
        reader_readings=dict(readings),
        switches=Switches(relays, credibility, shared),
    )
    bounds = cast(Mapping[str, Bounds], values.get(BOUNDS_KEY) or {})
    settings = with_usable_bounds(case, settings, bounds)
    thresholds = cast(Mapping[str, float], values.get(THRESHOLDS_KEY) or {})
    return replace(
        settings,
        reader_thresholds={
            question_id: threshold
            for question_id, threshold in thresholds.items()
            if threshold_problem(case, settings, question_id, threshold) is None
        },
    )


def _switch_values(switches: Switches) -> tuple[bool, bool, bool]:
    return switches.relays, switches.credibility, switches.shared_evidence


def edited_weights(
    edited_rows: Mapping[int, Mapping[str, object]], source_ids: Sequence[str]
) -> dict[str, float]:
    """The weights a table edit sets, by source id, clamped to 0..100; blanks are skipped."""
    weights: dict[str, float] = {}
    for row, change in edited_rows.items():
        value = change.get("weight")
        if isinstance(value, int | float) and not isinstance(value, bool):
            weights[source_ids[int(row)]] = min(100.0, max(0.0, float(value)))
    return weights
