"""The reader's state in Streamlit's session: seeded once from the link, then kept by widgets.

Widget keys live here, so that the sidebar (which sets them) and the page (which reads
them into `Settings`) agree on one name each; a trust slider's key is its link parameter
(`w_<source_id>`).
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from dashboard.case import Case, Reading
from dashboard.pooling import Method
from dashboard.settings import Settings, settings_for
from dashboard.share import WEIGHT_PREFIX, LinkState
from dashboard.weights import Switches

CASE = "case"
METHOD = "method"
SCENARIO = "scenario"
RELAYS, CREDIBILITY, SHARED = "relays", "credibility", "shared"
WEIGHT = WEIGHT_PREFIX
LINK_STATE = "link_state"
"""The state the link opened (settings, question, method): its warnings stand while it holds."""
READINGS = "reader_readings"
READINGS_ROUND = "readings_round"
"""Counts the times readings were set other than by typing: the reading fields' key."""
NO_SCENARIO = ""


def question_key(case_key: str) -> str:
    # One question box per case: a box whose options change under one key keeps
    # showing the old case's question in the browser.
    return f"q:{case_key}"


def sweep_key(case_key: str) -> str:
    return f"sweep:{case_key}"


def seed_from_link(link: LinkState, default_case: str) -> None:
    """Put what the link asks for into the widgets' keys, before any widget is drawn."""
    if link.case_id is not None:
        st.session_state[CASE] = link.case_id
    if link.method is not None:
        st.session_state[METHOD] = link.method
    if link.question_id is not None:
        st.session_state[question_key(link.case_id or default_case)] = link.question_id
    st.session_state[RELAYS] = link.switches.relays
    st.session_state[CREDIBILITY] = link.switches.credibility
    st.session_state[SHARED] = link.switches.shared_evidence


def start_case(case: Case, link: LinkState | None) -> None:
    """A case newly opened: its scenario, weights and readings from the link if the link
    named it, else the case's defaults."""
    scenario = link.scenario if link else None
    settings = settings_for(
        case,
        scenario,
        link.weights if link else None,
        link.readings if link else None,
    )
    st.session_state[SCENARIO] = scenario or NO_SCENARIO
    _replace_readings(dict(settings.reader_readings))
    set_weights(settings.weights)


def set_weights(values: Mapping[str, float]) -> None:
    """Move the sliders (and the weights table) to `values`."""
    for source_id, value in values.items():
        st.session_state[WEIGHT + source_id] = int(round(value))
    st.session_state.editor_round = st.session_state.get("editor_round", 0) + 1


def choose_scenario(case: Case) -> None:
    """The scenario picker moved: its weights and readings replace the reader's."""
    scenario = st.session_state[SCENARIO] or None
    _replace_readings({})
    set_weights(settings_for(case, scenario).weights)


def set_reading(question_id: str, label: str, reading: Reading | None) -> None:
    """The reader's own reading of a label (None: back to the case's or scenario's)."""
    readings = dict(st.session_state.get(READINGS, {}))
    if reading is None:
        readings.pop((question_id, label), None)
    else:
        readings[(question_id, label)] = reading
    st.session_state[READINGS] = readings


def clear_readings(question_id: str) -> None:
    """Drop the reader's readings of one question's labels."""
    readings = st.session_state.get(READINGS, {})
    _replace_readings({k: v for k, v in readings.items() if k[0] != question_id})


def _replace_readings(readings: dict[tuple[str, str], Reading]) -> None:
    st.session_state[READINGS] = readings
    st.session_state[READINGS_ROUND] = st.session_state.get(READINGS_ROUND, 0) + 1


def current_settings(case: Case) -> Settings:
    """What the widgets hold now, as the engine's `Settings`."""
    return Settings(
        weights={s.id: float(st.session_state[WEIGHT + s.id]) for s in case.sources},
        scenario=st.session_state.get(SCENARIO) or None,
        reader_readings=dict(st.session_state.get(READINGS, {})),
        switches=Switches(
            relays=bool(st.session_state.get(RELAYS, True)),
            credibility=bool(st.session_state.get(CREDIBILITY, True)),
            shared_evidence=bool(st.session_state.get(SHARED, True)),
        ),
    )


def current_method() -> Method:
    return Method(st.session_state.get(METHOD, Method.LINEAR))
