"""A case written back as a case file, with given weights and codebook readings (spec 8).

The reader's own case file (`settings.reader_case_file`) holds the current weights as each
source's `weight` and the current readings in each codebook, everything else as the case
had it (its documents named as they were, their files left as they are); exported again
with the same three switches, it gives the same figures as the view it came from. This
module knows the case format only, not what the reader set.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, Generic, TypeVar

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

Part = TypeVar("Part")

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
    # A block mapping's entries, and a block sequence's items, are written one after
    # another: each part is written once per value it can take (the page writes a case file
    # at every new state) and the parts are joined, as one dump would have written them.
    questions = (
        _question_yaml(
            question,
            tuple(
                readings.get((question.id, label), entry.reading)
                for label, entry in question.codebook.items()
            ),
        )
        for question in case.questions
    )
    sources = (_source_yaml(s, _weight(weights.get(s.id, s.weight))) for s in case.sources)
    text = (
        _yaml(data)
        + "questions:\n"
        + "".join(questions)
        + "sources:\n"
        + "".join(sources)
        + _claims_yaml(case.claims)
        + (_scenarios_yaml(case.scenarios) if case.scenarios else "")
    )
    return text.encode("utf-8")


def _document(document: Document) -> dict[str, str]:
    return {k: getattr(document, k) for k in DOCUMENT_FIELDS if getattr(document, k)}


def _weight(weight: float) -> int:
    """A weight as the case file writes it: a YAML integer (spec section 1). Every weight is
    whole (the slider's, a link's, the command line's, a case file's), so nothing is lost."""
    return round(weight)


def _yaml(data: object) -> str:
    return yaml.dump(data, Dumper=FAST_DUMPER, sort_keys=False, allow_unicode=True, width=100)


@lru_cache(maxsize=16)
def _claims_yaml(claims: tuple[Claim, ...]) -> str:
    return _yaml({"claims": [_claim(c) for c in claims]})


@lru_cache(maxsize=4096)
def _source_yaml(source: Source, weight: int) -> str:
    return _yaml([_source(source, weight)])


def _question_yaml(question: Question, readings: tuple[Reading, ...]) -> str:
    """One question as an item of `questions`, its codebook with `readings` (in its order)."""
    return _question_item(_ByIdentity(question), readings)


@lru_cache(maxsize=1024)
def _question_item(question: _ByIdentity[Question], readings: tuple[Reading, ...]) -> str:
    asked = question.part
    by_label = {(asked.id, label): r for label, r in zip(asked.codebook, readings, strict=True)}
    return _yaml([_question(asked, by_label)])


def _scenarios_yaml(scenarios: tuple[Scenario, ...]) -> str:
    return _scenarios_text(_ByIdentity(scenarios))


@lru_cache(maxsize=16)
def _scenarios_text(scenarios: _ByIdentity[tuple[Scenario, ...]]) -> str:
    return _yaml({"scenarios": [_scenario(s) for s in scenarios.part]})


class _ByIdentity(Generic[Part]):
    """A case's part as a cache key by the object itself: a question or the scenarios hold
    dictionaries, so they have no hash of their own. While the key is cached it holds the
    part, so no other object can take its identity."""

    def __init__(self, part: Part) -> None:
        self.part = part

    def __hash__(self) -> int:
        return id(self.part)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ByIdentity) and other.part is self.part


def _question(question: Question, readings: Mapping[tuple[str, str], Reading]) -> dict[str, Any]:
    data: dict[str, Any] = {"id": question.id, "text": question.text}
    if question.unit:
        data["unit"] = question.unit
    data |= {"min": question.min, "max": question.max, "scale": question.scale}
    if question.bounds_rationale:
        data["bounds_rationale"] = question.bounds_rationale
    if question.threshold is not None:
        data["threshold"] = question.threshold
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
    if claim.translation:
        data["translation"] = claim.translation
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


def content_digest(case_bytes: bytes, documents: Sequence[bytes] = ()) -> str:
    """The SHA-256, in hex, of a case's files as spec section 9 reads them: the case file,
    then a zero byte and each document file in the case's order; with no document file,
    the case file and one zero byte. A stored case's id is made of it, and so is the key
    the page keeps an opened case's figures under."""
    stored = case_bytes + b"".join(b"\0" + document for document in documents or [b""])
    return hashlib.sha256(stored).hexdigest()
