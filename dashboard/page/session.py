"""The reader's state in Streamlit's session: seeded once from the link, then kept by widgets.

The keys and the translation between them and `Settings` live in `dashboard.page.keys`,
the link in `dashboard.link`; this module only reads and writes `st.session_state` with them.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from dashboard.case import Case, Reading
from dashboard.engine.pooling import Method
from dashboard.engine.settings import Settings, settings_for
from dashboard.engine.weights import Switches
from dashboard.link import METHOD, SCENARIO, LinkState, link_settings
from dashboard.page.keys import (
    READINGS_KEY,
    READINGS_ROUND,
    SWITCH_KEYS,
    WEIGHTS_ROUND,
    link_widget_values,
    settings_from_widgets,
    settings_widget_values,
    weight_widget_values,
)

RELAYS, CREDIBILITY, SHARED = SWITCH_KEYS


def seed_from_link(link: LinkState, default_case: str) -> None:
    """Put what the link asks for into the widgets' keys, before any widget is drawn."""
    st.session_state.update(link_widget_values(link, default_case))


def start_case(case: Case, link: LinkState | None) -> None:
    """A case newly opened: its scenario, weights, readings and switches from the link if the
    link named it, else the case's defaults, so that nothing of the case before carries over
    (the headline then says "no change", and the link and the CSV name no setting)."""
    switches = link.switches if link is not None else Switches()
    values = settings_widget_values(link_settings(case, link))
    on = (switches.relays, switches.credibility, switches.shared_evidence)
    values.update(zip(SWITCH_KEYS, on, strict=True))
    _show(values)


def set_weights(values: Mapping[str, float]) -> None:
    """Move the sliders (and the weights table) to `values`."""
    st.session_state.update(weight_widget_values(values))
    st.session_state[WEIGHTS_ROUND] = st.session_state.get(WEIGHTS_ROUND, 0) + 1


def choose_scenario(case: Case) -> None:
    """The scenario picker moved, or Defaults was pressed: the scenario's weights and
    readings (the case's without one) replace the reader's."""
    # The picker is drawn only for a case with scenarios; without one, the case's defaults.
    chosen = st.session_state.get(SCENARIO) or None
    _show(settings_widget_values(settings_for(case, chosen)))


def set_reading(question_id: str, label: str, reading: Reading | None) -> None:
    """The reader's own reading of a label (None: back to the case's or scenario's)."""
    readings = dict(st.session_state.get(READINGS_KEY, {}))
    if reading is None:
        readings.pop((question_id, label), None)
    else:
        readings[(question_id, label)] = reading
    st.session_state[READINGS_KEY] = readings


def clear_readings(question_id: str) -> None:
    """Drop the reader's readings of one question's labels."""
    readings = st.session_state.get(READINGS_KEY, {})
    st.session_state[READINGS_KEY] = {k: v for k, v in readings.items() if k[0] != question_id}
    _new_readings_round()


def _show(values: Mapping[str, object]) -> None:
    """Set widget values that replace the scenario, readings and weights at once."""
    st.session_state.update(values)
    st.session_state[WEIGHTS_ROUND] = st.session_state.get(WEIGHTS_ROUND, 0) + 1
    _new_readings_round()


def _new_readings_round() -> None:
    st.session_state[READINGS_ROUND] = st.session_state.get(READINGS_ROUND, 0) + 1


def current_settings(case: Case) -> Settings:
    """What the widgets hold now, as the engine's `Settings`."""
    return settings_from_widgets(case, st.session_state)


def current_method() -> Method:
    return Method(st.session_state.get(METHOD, Method.LINEAR))
