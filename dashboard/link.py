"""The share link (spec section 7): parse it with a warning for each part that cannot be
used, and build it from what the reader changed.

A link is untrusted. `case` is only ever looked up among the known cases by name, never
used to form a path; every part that cannot be used becomes one warning naming it, and the
rest of the link still applies. The CSV's `settings` cell is the same parameters
(`settings_text`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode, urlsplit, urlunsplit

from dashboard.case import Case, Question, Reading, decimal_text
from dashboard.case.model import SHOWN_CHARACTERS, cut
from dashboard.engine.pooling import Method
from dashboard.engine.settings import (
    Bounds,
    Settings,
    bounds_problem,
    settings_for,
    threshold_problem,
)
from dashboard.engine.weights import Switches
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
WORK = "work"
"""The parameter that names a work in progress by its private id (docs/contract.md); read
and kept by the page, never by `parse_link`, and never in a share link."""
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
