"""The share link of spec section 7: parse a hand-edited query, warn, and build one.

A link is untrusted. `case` is only ever looked up among the bundled cases by
name, never used to form a path; every part that cannot be used becomes one
warning naming it, and the rest of the link still applies.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit, urlunsplit

from dashboard.case import Case
from dashboard.pooling import METHODS

CASE = "case"
QUESTION = "q"
METHOD = "method"
WEIGHT_PREFIX = "w_"
STREAMLIT_OWN = ("embed", "embed_options")
"""Query keys Streamlit itself reads; a link may carry them without a warning."""

WEIGHT_TEXT = re.compile(r"[0-9]{1,3}")
SHOWN_CHARACTERS = 40
"""A warning quotes at most this much of a value, so a huge link cannot flood the page."""


@dataclass(frozen=True)
class LinkState:
    """What a link asks for, with None (or no weight) wherever it asked for nothing usable."""

    case_id: str | None = None
    question_id: str | None = None
    method: str | None = None
    weights: dict[str, int] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def parse_link(params: Mapping[str, Sequence[str]], cases: Mapping[str, Case]) -> LinkState:
    """Read a query (each key with all its values) against the bundled `cases`."""
    warnings: list[str] = []

    def single(key: str) -> str | None:
        values = list(params.get(key, ()))
        if len(values) > 1:
            warnings.append(f"The link gives '{key}' {len(values)} times; it was ignored.")
            return None
        return values[0] if values else None

    case_id = single(CASE)
    if case_id is not None and case_id not in cases:
        warnings.append(f"The link names an unknown case {_shown(case_id)}; it was ignored.")
        case_id = None
    case = cases.get(case_id) if case_id else next(iter(cases.values()), None)

    question_id = single(QUESTION)
    if question_id is not None and (case is None or question_id not in _question_ids(case)):
        warnings.append(
            f"The link names an unknown question {_shown(question_id)}; it was ignored."
        )
        question_id = None

    method = single(METHOD)
    if method is not None and method not in METHODS:
        warnings.append(
            f"The link names an unknown method {_shown(method)} (use linear or log); "
            "it was ignored."
        )
        method = None

    weights: dict[str, int] = {}
    source_ids = {source.id for source in case.sources} if case else set()
    for key in params:
        if key in (CASE, QUESTION, METHOD) or key.lower() in STREAMLIT_OWN:
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
        if not WEIGHT_TEXT.fullmatch(value) or int(value) > 100:
            warnings.append(
                f"The link's weight {_shown(value)} for source '{source_id}' is not a whole "
                "number from 0 to 100; the default was kept."
            )
            continue
        weights[source_id] = int(value)
    return LinkState(case_id, question_id, method, weights, tuple(warnings))


def share_query(
    case_id: str, question_id: str, method: str, weights: Mapping[str, float], case: Case
) -> dict[str, str]:
    """The query of a link to this view; weights appear only where they differ from default."""
    query = {CASE: case_id, QUESTION: question_id, METHOD: method}
    query.update(weight_params(weights, case))
    return query


def weight_params(weights: Mapping[str, float], case: Case) -> dict[str, str]:
    """`w_<id>` entries for the weights that differ from the case's defaults."""
    return {
        f"{WEIGHT_PREFIX}{source.id}": str(round(weights[source.id]))
        for source in case.sources
        if source.id in weights and round(weights[source.id]) != source.weight
    }


def share_url(base_url: str, query: Mapping[str, str]) -> str:
    """The page's address with `query`, whatever query `base_url` carried."""
    parts = urlsplit(base_url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(query), ""))


def _question_ids(case: Case) -> set[str]:
    return {question.id for question in case.questions}


def _shown(value: str) -> str:
    text = value if len(value) <= SHOWN_CHARACTERS else value[:SHOWN_CHARACTERS] + "…"
    return repr(text)
