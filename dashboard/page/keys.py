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

# --- the reader's choices ----------------------------------------------------------------------

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
LINK_STATE = "link_state"
"""The state the link opened (settings, question, method): its warnings stand while it holds."""
READINGS_ROUND = "readings_round"
"""Counts the times readings were set other than by typing: the reading fields' key."""
WEIGHTS_ROUND = "weights_round"
"""Counts the times weights were set other than by the weights table: the table's key."""
DEFAULTS_BUTTON, EQUAL_TRUST_BUTTON, GRADES_BUTTON = (
    "defaults",
    "equal_trust",
    "weights_from_grades",
)
"""The sidebar's buttons that set every weight at once."""
JUDGMENT, JUDGMENT_PROBLEM = "judgment", "judgment_problem"
"""The bounds and threshold control (folded), and why the last values typed there were
refused."""

# --- the case on screen ------------------------------------------------------------------------

ACTIVE_CASE = "active_case"
"""The key of the case the page showed last: a new one starts the reader's state afresh."""
UPLOAD, UPLOAD_FILES, STORED, STORED_IDS, LINK = (
    "upload",
    "upload_files",
    "stored_case",
    "stored_ids",
    "link",
)
"""The open upload (an `OpenedCase`) and the files a stored copy keeps, the stored case a
link opened, the ids uploads were stored under, and the link read once."""
TEMPLATE_FILES = "template_files"
"""The folded case-file template and example under the uploader."""
STORE_CASE, LIMITER = "store_case", "store_limiter"
"""The button that stores an upload, and the session's limit on how often it may."""

# --- the views ---------------------------------------------------------------------------------

PAGE_TAB = "page_tab"
"""The open view of the page: Estimate, Readings, How it works or Build a case."""
CHART_TAB = "chart_tab"
"""The open chart tab of the Estimate view."""
LIVE_REGION = "estimate_live"
"""The container of the headline's figures, sentences and link: a polite live region, so
that a screen reader reads what a slider move changed there once the rerun has drawn it,
without moving the reader's focus from the slider."""
COMPACT_ESTIMATE = "compact_estimate"
"""The sidebar's compact estimate: the headline's median, 90% interval and "moved" at the
top of the sidebar, where a phone's open sidebar covers the headline."""
MORE_CARDS = "more_cards"
"""The folded quote cards of the open question beyond those shown."""


def other_cards_key(index: int) -> str:
    """The folded quote cards of the other question at `index`."""
    return f"other_cards:{index}"


def sweep_key(case_key: str) -> str:
    """The source the sensitivity chart runs from 0 to 100, for one case."""
    return f"sweep:{case_key}"


# --- the workbench -----------------------------------------------------------------------------

HISTORY, CHECKED, EDITED, EDITED_FILES, NOTICE, WORK_ID, SAVE_PROBLEM = (
    "workbench_history",
    "workbench_check",
    "edited_case",
    "edited_files",
    "workbench_notice",
    "work_id",
    "work_save_problem",
)
"""The work and its undo history (a `History`), its check, its last valid version (an
`OpenedCase`, the case on screen while it is set) with the files a stored copy keeps, what
the last action said, the id the work is saved under in the case store, and why the last
save did not reach the store."""
EDITOR = "wb_"
"""The workbench's widgets: each table's editor is `wb_<table>`, the title and description
`wb_title`, `wb_description`, and every other widget of the workbench starts so too."""
PASTE, DOCUMENT_FILE = "wb_paste", "wb_document_file"
"""The pasted text and the uploaded file a draft is made from."""


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
