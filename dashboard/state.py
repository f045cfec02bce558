"""The reader's state in one codec: the share link (spec section 7), the page's widget
keys, and the engine's `Settings`.

A link is untrusted. `case` is only ever looked up among the known cases by name,
never used to form a path; every part that cannot be used becomes one warning naming
it, and the rest of the link still applies. The widgets hold the same state under keys
named here (a trust slider's key is its link parameter, `w_<source_id>`), so the page
only copies values between Streamlit's session and these functions.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import Any, Literal, cast
from urllib.parse import urlencode, urlsplit, urlunsplit

from dashboard.case import Case, Question, Reading, decimal_text
from dashboard.case.model import SHOWN_CHARACTERS, cut
from dashboard.engine.pooling import Method
from dashboard.engine.settings import (
    Bounds,
    Settings,
    SettingsError,
    bounds_problem,
    settings_for,
    threshold_problem,
    with_bounds,
    with_thresholds,
    with_usable_bounds,
)
from dashboard.engine.weights import Switches, weights_from_grades
from dashboard.text_forms import (
    TextFormError,
    parse_bounds_text,
    parse_decimal,
    parse_reading_text,
    parse_weight,
)

CASE = "case"
QUESTION = "q"
METHOD = "method"
SCENARIO = "scenario"
WEIGHT_PREFIX = "w_"
READING_PREFIX = "r_"
BOUNDS_PREFIX = "b_"
THRESHOLD_PREFIX = "t_"
RELAYS, CREDIBILITY, SHARED = "relays", "cred", "shared"
SWITCH_VALUES = {RELAYS: ("on", "off"), CREDIBILITY: ("on", "off"), SHARED: ("once", "each")}
"""Each switch's default value first; a link names a switch only when turned away from it."""
STREAMLIT_OWN = ("embed", "embed_options")
"""Query keys Streamlit itself reads; a link may carry them without a warning."""


@dataclass(frozen=True)
class LinkState:
    """What a link asks for, with None (or nothing) wherever it asked for nothing usable."""

    case_id: str | None = None
    question_id: str | None = None
    method: Method | None = None
    scenario: str | None = None
    weights: dict[str, int] = field(default_factory=dict)
    readings: dict[tuple[str, str], Reading] = field(default_factory=dict)
    switches: Switches = Switches()
    warnings: tuple[str, ...] = ()
    bounds: dict[str, Bounds] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)


def parse_link(params: Mapping[str, Sequence[str]], cases: Mapping[str, Case]) -> LinkState:
    """Read a query (each key with all its values) against the known `cases`."""
    warnings: list[str] = []

    def single(key: str) -> str | None:
        values = list(params.get(key, ()))
        if len(values) > 1:
            warnings.append(f"The link gives {_shown(key)} {len(values)} times; it was ignored.")
            return None
        return values[0] if values else None

    case_id = single(CASE)
    if case_id is not None and case_id not in cases:
        warnings.append(f"The link names an unknown case {_shown(case_id)}; it was ignored.")
        case_id = None
    case = cases.get(case_id) if case_id else next(iter(cases.values()), None)
    questions = {q.id: q for q in case.questions} if case else {}

    question_id = single(QUESTION)
    if question_id is not None and question_id not in questions:
        warnings.append(
            f"The link names an unknown question {_shown(question_id)}; it was ignored."
        )
        question_id = None

    method_text = single(METHOD)
    method = None
    if method_text is not None:
        if method_text in tuple(Method):
            method = Method(method_text)
        else:
            warnings.append(
                f"The link names an unknown method {_shown(method_text)} (use linear or log); "
                "it was ignored."
            )

    scenario = single(SCENARIO)
    if scenario is not None and (case is None or scenario not in {s.id for s in case.scenarios}):
        warnings.append(f"The link names an unknown scenario {_shown(scenario)}; it was ignored.")
        scenario = None

    switches = {}
    for key, (default, other) in SWITCH_VALUES.items():
        value = single(key)
        if value is not None and value not in (default, other):
            warnings.append(
                f"The link sets {key} to {_shown(value)} (use {default} or {other}); "
                "it was ignored."
            )
            value = None
        switches[key] = value != other

    weights: dict[str, int] = {}
    readings: dict[tuple[str, str], Reading] = {}
    bounds_text: dict[str, str] = {}
    thresholds_text: dict[str, str] = {}
    source_ids = {source.id for source in case.sources} if case else set()
    known = (CASE, QUESTION, METHOD, SCENARIO, *SWITCH_VALUES)
    for key in params:
        if key in known or key.lower() in STREAMLIT_OWN:
            continue
        judged = _judgment_key(key, questions)
        if judged is not None:
            prefix, question_id_ = judged
            value = single(key)
            if value is not None:
                texts = bounds_text if prefix == BOUNDS_PREFIX else thresholds_text
                texts[question_id_] = value
            continue
        if key.startswith((BOUNDS_PREFIX, THRESHOLD_PREFIX)):
            warnings.append(
                f"The link sets bounds or a threshold for an unknown question {_shown(key)}; "
                "it was ignored."
            )
            continue
        if key.startswith(READING_PREFIX):
            question_id_, dot, label = key.removeprefix(READING_PREFIX).partition(".")
            question = questions.get(question_id_)
            if question is None or not dot or question.missing_label(label):
                warnings.append(
                    f"The link sets a reading for an unknown label {_shown(key)}; it was ignored."
                )
                continue
            value = single(key)
            if value is None:
                continue
            try:
                readings[question_id_, label] = parse_reading_text(value, question)
            except TextFormError as error:
                warnings.append(
                    f"The link's reading for '{question_id_}.{label}' cannot be used "
                    f"({_cut(str(error))}); the default was kept."
                )
            continue
        if not key.startswith(WEIGHT_PREFIX):
            warnings.append(f"The link has an unknown setting {_shown(key)}; it was ignored.")
            continue
        source_id = key.removeprefix(WEIGHT_PREFIX)
        if source_id not in source_ids:
            warnings.append(
                f"The link sets a weight for an unknown source {_shown(source_id)}; it was ignored."
            )
            continue
        value = single(key)
        if value is None:
            continue
        try:
            weights[source_id] = parse_weight(value, source_id)
        except TextFormError:
            warnings.append(
                f"The link's weight {_shown(value)} for source '{source_id}' is not a whole "
                "number from 0 to 100; the default was kept."
            )
    bounds: dict[str, Bounds] = {}
    thresholds: dict[str, float] = {}
    if case is not None:
        settings = settings_for(case, scenario, weights, readings)
        bounds = _link_bounds(case, settings, bounds_text, warnings)
        settings = replace(settings, reader_bounds=bounds)
        thresholds = _link_thresholds(case, settings, thresholds_text, warnings)
    return LinkState(
        case_id,
        question_id,
        method,
        scenario,
        weights,
        readings,
        Switches(switches[RELAYS], switches[CREDIBILITY], switches[SHARED]),
        tuple(warnings),
        bounds,
        thresholds,
    )


def _judgment_key(key: str, questions: Mapping[str, Question]) -> tuple[str, str] | None:
    """(`b_` or `t_`, question id) for a link key that sets a known question's bounds or
    threshold; None for any other key."""
    for prefix in (BOUNDS_PREFIX, THRESHOLD_PREFIX):
        if key.startswith(prefix) and key.removeprefix(prefix) in questions:
            return prefix, key.removeprefix(prefix)
    return None


def _link_bounds(
    case: Case, settings: Settings, texts: Mapping[str, str], warnings: list[str]
) -> dict[str, Bounds]:
    """The link's bounds that fit the readings in use (spec section 12); a warning for each
    of the others, whole (what it quotes of the link is already cut short)."""
    bounds: dict[str, Bounds] = {}
    for question_id, text in texts.items():
        try:
            low, high = parse_bounds_text(text)
        except TextFormError as error:
            problem: str | None = str(error)
        else:
            problem = bounds_problem(case, settings, question_id, low, high)
        if problem is None:
            bounds[question_id] = (low, high)
        else:
            warnings.append(
                f"The link's bounds for '{question_id}' cannot be used ({problem}); "
                "the case's were kept."
            )
    return bounds


def _link_thresholds(
    case: Case, settings: Settings, texts: Mapping[str, str], warnings: list[str]
) -> dict[str, float]:
    """The link's thresholds within the bounds in force (spec section 13); a warning for
    each of the others."""
    thresholds: dict[str, float] = {}
    for question_id, text in texts.items():
        try:
            threshold = parse_decimal(text)
        except TextFormError as error:
            problem: str | None = str(error)
        else:
            problem = threshold_problem(case, settings, question_id, threshold)
        if problem is None:
            thresholds[question_id] = threshold
        else:
            warnings.append(
                f"The link's threshold for '{question_id}' cannot be used ({problem}); "
                "the case's was kept."
            )
    return thresholds


def share_query(
    case_id: str, question_id: str, method: Method | str, case: Case, settings: Settings
) -> dict[str, str]:
    """The query of a link to this view: the case, question and method, then what the
    settings changed from the case's defaults (`changed_parameters`)."""
    return {
        CASE: case_id,
        QUESTION: question_id,
        METHOD: str(method),
        **changed_parameters(case, settings),
    }


def changed_parameters(case: Case, settings: Settings) -> dict[str, str]:
    """What `settings` changed from the case's defaults, as link parameters in the order of
    spec section 5: the scenario, weights unlike the scenario's (or the case's) in the order
    of `sources`, readings unlike the ones they replace by question and codebook order, the
    bounds and then the thresholds unlike the case's by question, and the switches turned
    away from their defaults. Empty at the defaults."""
    changed: dict[str, str] = {}
    if settings.scenario is not None:
        changed[SCENARIO] = settings.scenario
    base = settings.scenario_weights(case)
    for source in case.sources:
        weight = settings.weights.get(source.id, base[source.id])
        if weight != base[source.id]:
            changed[f"{WEIGHT_PREFIX}{source.id}"] = decimal_text(weight)
    replaced = replace(settings, reader_readings={})
    for question in case.questions:
        for label in question.codebook:
            reading = settings.reader_readings.get((question.id, label))
            if reading is None:
                continue
            before, _ = replaced.reading_for(case, question.id, label)
            if reading.as_text() != before.as_text():
                changed[f"{READING_PREFIX}{question.id}.{label}"] = reading.as_text()
    for question in case.questions:
        bounds = settings.reader_bounds.get(question.id)
        if bounds is not None and bounds != (question.min, question.max):
            changed[f"{BOUNDS_PREFIX}{question.id}"] = ":".join(map(decimal_text, bounds))
    for question in case.questions:
        threshold = settings.reader_thresholds.get(question.id)
        if threshold is not None and threshold != question.threshold:
            changed[f"{THRESHOLD_PREFIX}{question.id}"] = decimal_text(threshold)
    switches = settings.switches
    if not switches.relays:
        changed[RELAYS] = "off"
    if not switches.credibility:
        changed[CREDIBILITY] = "off"
    if not switches.shared_evidence:
        changed[SHARED] = "each"
    return changed


def settings_text(case: Case, settings: Settings) -> str:
    """The CSV's `settings` cell: `changed_parameters` joined as a link writes them, but
    without percent-encoding (`scenario=skeptic&w_cit=80&relays=off`); empty at the
    defaults."""
    return "&".join(f"{key}={value}" for key, value in changed_parameters(case, settings).items())


def address_script(query: Mapping[str, str]) -> str:
    """A script that puts `query` in the address bar in place, adding no history entry, so
    that Back leaves the page in one press however many sliders were moved (a write to
    `st.query_params` adds an entry each time). The address is a JSON string with `<`
    escaped, so no value can close the script."""
    address = json.dumps("?" + urlencode(query) if query else "").replace("<", "\\u003c")
    return (
        f"<script>history.replaceState(history.state, '', {address} || location.pathname);</script>"
    )


def share_url(base_url: str, query: Mapping[str, str]) -> str:
    """The page's address with `query`, whatever query `base_url` carried."""
    parts = urlsplit(base_url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(query), ""))


def _cut(text: str) -> str:
    return cut(text, 2 * SHOWN_CHARACTERS)


def _shown(value: str) -> str:
    return repr(cut(value))


# --- the widgets' keys ----------------------------------------------------------------------

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


# --- which case is on screen ------------------------------------------------------------------

Origin = Literal["bundled", "upload", "stored"]


@dataclass(frozen=True)
class OpenedCase:
    """A case the reader opened other than from the bundled picker: its key (unique per
    content), the case, and the file name it came as."""

    key: str
    case: Case
    file_name: str


@dataclass(frozen=True)
class OnScreen:
    """The case the page shows: its key (for caches), the case, the name its downloads
    carry, where it came from, and the id a link can carry (none for an unstored upload)."""

    key: str
    case: Case
    name: str
    origin: Origin
    link_id: str | None


def case_on_screen(
    bundled: Mapping[str, Case],
    picked: str | None,
    upload: OpenedCase | None = None,
    stored: OpenedCase | None = None,
    stored_ids: Mapping[str, str] | None = None,
) -> OnScreen | None:
    """Which case to show: an upload first, then a stored case opened from a link, then
    the bundled picker's; None when there is none at all. `stored_ids` maps an upload's key
    to the id it was stored under, which its link then carries."""
    if upload is not None:
        link_id = (stored_ids or {}).get(upload.key)
        return OnScreen(
            upload.key, upload.case, _stem(upload.file_name, "uploaded-case"), "upload", link_id
        )
    if stored is not None:
        name = _stem(stored.file_name, stored.key)
        return OnScreen(stored.key, stored.case, name, "stored", stored.key)
    if picked is not None and picked in bundled:
        return OnScreen(picked, bundled[picked], picked, "bundled", picked)
    return None


def _stem(file_name: str, fallback: str) -> str:
    """A file name without its folder and last suffix (`bridges.yaml` -> `bridges`)."""
    stem = PurePosixPath(file_name).stem
    return stem or fallback


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


def graded_weights(case: Case, settings: Settings) -> dict[str, float]:
    """The weights "Weights from grades" sets: each graded source's from its reliability
    grade (spec section 3), the others as they are now."""
    return weights_from_grades(case, settings.weights)


def reading_from_fields(kind: str, low: float, high: float, question: Question) -> Reading | str:
    """The reading that a reading form's fields say (`range` uses both numbers, `at_least`
    the low one, `at_most` the high one), checked by section 2's rules; or why not."""
    text = {
        "range": f"range:{low:g}:{high:g}",
        "at_least": f"at_least:{low:g}",
        "at_most": f"at_most:{high:g}",
    }[kind]
    try:
        return parse_reading_text(text, question)
    except TextFormError as error:
        return str(error)


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


def link_settings(case: Case, link: LinkState | None) -> Settings:
    """The settings a link asks for on `case` (the case's defaults without one)."""
    if link is None:
        return settings_for(case)
    return settings_for(
        case,
        link.scenario,
        link.weights,
        link.readings,
        bounds=link.bounds,
        thresholds=link.thresholds,
    )


def scenario_settings(case: Case, scenario: str | None) -> Settings:
    """A scenario's weights and readings over the case's defaults (None: the defaults)."""
    return settings_for(case, scenario)
