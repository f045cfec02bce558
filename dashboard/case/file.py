"""A case written back as a case file, with given weights and codebook readings (spec 8).

The reader's own case file (`settings.reader_case_file`) holds the current weights as each
source's `weight` and the current readings in each codebook, everything else as the case
had it (its documents named as they were, their files left as they are); exported again
with the same three switches, it gives the same figures as the view it came from. This
module knows the case format only, not what the reader set.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import yaml

from dashboard.case.model import (
    Case,
    Claim,
    Document,
    Question,
    Reading,
    Scenario,
    Source,
    reading_mapping,
)
from dashboard.case.schema import DOCUMENT_FIELDS

FAST_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's safe emitter where PyYAML has it: the page makes a case file on every new
state, and the pure-Python emitter takes most of a rerun."""


def case_file_bytes(
    case: Case,
    weights: Mapping[str, float],
    readings: Mapping[tuple[str, str], Reading],
) -> bytes:
    """`case` as UTF-8 YAML with `weights` (by source id) and `readings` (by question id and
    codebook label) written in; a source or label not given keeps the case's own."""
    data: dict[str, Any] = {"title": case.title}
    if case.description:
        data["description"] = case.description
    if case.document is not None:
        document = _document(case.document)
        if document:
            data["document"] = document
    if case.documents:
        data["documents"] = [{"id": d.id, **_document(d)} for d in case.documents]
    data["questions"] = [_question(q, readings) for q in case.questions]
    data["sources"] = [_source(s, weights.get(s.id, s.weight)) for s in case.sources]
    rest = {"scenarios": [_scenario(s) for s in case.scenarios]} if case.scenarios else {}
    # A block mapping's entries are written one after another, so the claims, which no
    # setting changes and which make most of a large file, are written once per case.
    text = _yaml(data) + _claims_yaml(case.claims) + (_yaml(rest) if rest else "")
    return text.encode("utf-8")


def _document(document: Document) -> dict[str, str]:
    return {k: getattr(document, k) for k in DOCUMENT_FIELDS if getattr(document, k)}


def _weight(weight: float) -> int:
    """A weight as the case file writes it: a YAML integer (spec section 1). Every weight is
    whole (the slider's, a link's, the command line's, a case file's), so nothing is lost."""
    return round(weight)


def _yaml(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=FAST_DUMPER, sort_keys=False, allow_unicode=True, width=100)


@lru_cache(maxsize=16)
def _claims_yaml(claims: tuple[Claim, ...]) -> str:
    return _yaml({"claims": [_claim(c) for c in claims]})


def _question(question: Question, readings: Mapping[tuple[str, str], Reading]) -> dict[str, Any]:
    data: dict[str, Any] = {"id": question.id, "text": question.text}
    if question.unit:
        data["unit"] = question.unit
    data |= {"min": question.min, "max": question.max, "scale": question.scale}
    if question.codebook:
        codebook: dict[str, Any] = {}
        for label, entry in question.codebook.items():
            item = reading_mapping(readings.get((question.id, label), entry.reading))
            if entry.rationale:
                item["rationale"] = entry.rationale
            codebook[label] = item
        data["codebook"] = codebook
    return data


def _source(source: Source, weight: float) -> dict[str, Any]:
    data: dict[str, Any] = {"id": source.id, "name": source.name}
    if source.kind:
        data["kind"] = source.kind
    data["weight"] = _weight(weight)
    if source.via:
        data["via"] = list(source.via)
    if source.reliability is not None:
        data["reliability"] = source.reliability
    if source.note:
        data["note"] = source.note
    return data


def _claim(claim: Claim) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": claim.id,
        "source": claim.source,
        "question": claim.question,
        "quote": claim.quote,
    }
    if claim.reading.label is not None:
        data["reading"] = {"label": claim.reading.label}
    else:
        data["reading"] = reading_mapping(claim.reading)
    if claim.rationale:
        data["rationale"] = claim.rationale
    if claim.credibility is not None:
        data["credibility"] = claim.credibility
    if claim.evidence is not None:
        data["evidence"] = claim.evidence
    if claim.document is not None:
        data["document"] = claim.document
    return data


def _scenario(scenario: Scenario) -> dict[str, Any]:
    data: dict[str, Any] = {"id": scenario.id, "name": scenario.name}
    if scenario.note:
        data["note"] = scenario.note
    if scenario.weights:
        data["weights"] = {source: _weight(w) for source, w in scenario.weights.items()}
    if scenario.readings:
        data["readings"] = {
            f"{q}.{label}": reading_mapping(r) for (q, label), r in scenario.readings.items()
        }
    return data
