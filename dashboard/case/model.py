"""What a case is, as frozen dataclasses: questions, sources, claims, scenarios (spec section 1).

A reading is one of three shapes (`Range`, `AtLeast`, `AtMost`), each remembering the
codebook label it came through, if any; `Reading` is their union.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Literal, get_args

import numpy as np

Scale = Literal["linear", "log"]
SCALES: tuple[Scale, ...] = get_args(Scale)
RELIABILITY_GRADES = ("A", "B", "C", "D", "E", "F")
"""A source's Admiralty grade, from completely reliable (A) to cannot be judged (F)."""
CREDIBILITY_GRADES = (1, 2, 3, 4, 5, 6)
"""A claim's Admiralty information grade, from confirmed (1) to cannot be judged (6)."""
DEFAULT_WEIGHT = 50.0
"""A source's trust when the case file gives none (spec section 1)."""


def number_text(value: float) -> str:
    """A number as short text for people: 20, 62.5, 1e-07."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:g}"


def decimal_text(value: float) -> str:
    """A number as a plain decimal that reads back exactly (the text form of section 2)."""
    return str(np.format_float_positional(float(value), trim="-"))


@dataclass(frozen=True)
class Range:
    """ "a to b", read as a 90% interval."""

    low: float
    high: float
    label: str | None = None
    """The codebook label this reading came through, if any."""

    kind = "range"

    def core(self) -> str:
        low, high = number_text(self.low), number_text(self.high)
        return f"range {low}-{high}" if self.low >= 0 else f"range {low} to {high}"

    def describe(self) -> str:
        """The CSV's `reading` cell: `range 20-40`, or `label x (range 20-40)`."""
        return _with_label(self.label, self.core())

    def as_text(self) -> str:
        """The text form of section 2: `range:20:40`."""
        return f"range:{decimal_text(self.low)}:{decimal_text(self.high)}"

    def with_label(self, label: str | None) -> Range:
        return replace(self, label=label)


@dataclass(frozen=True)
class AtLeast:
    """ "more than a": 95% of the mass above a."""

    low: float
    label: str | None = None

    kind = "at_least"

    def core(self) -> str:
        return f"at least {number_text(self.low)}"

    def describe(self) -> str:
        return _with_label(self.label, self.core())

    def as_text(self) -> str:
        return f"at_least:{decimal_text(self.low)}"

    def with_label(self, label: str | None) -> AtLeast:
        return replace(self, label=label)


@dataclass(frozen=True)
class AtMost:
    """ "fewer than b": 95% of the mass below b."""

    high: float
    label: str | None = None

    kind = "at_most"

    def core(self) -> str:
        return f"at most {number_text(self.high)}"

    def describe(self) -> str:
        return _with_label(self.label, self.core())

    def as_text(self) -> str:
        return f"at_most:{decimal_text(self.high)}"

    def with_label(self, label: str | None) -> AtMost:
        return replace(self, label=label)


Reading = Range | AtLeast | AtMost


def _with_label(label: str | None, core: str) -> str:
    return f"label {label} ({core})" if label else core


def reading_mapping(reading: Reading) -> dict[str, object]:
    """A reading as the case file writes it: `{range: [a, b]}`, `{at_least: a}`, `{at_most: b}`."""
    match reading:
        case Range(low, high):
            return {"range": [low, high]}
        case AtLeast(low):
            return {"at_least": low}
        case AtMost(high):
            return {"at_most": high}


@dataclass(frozen=True)
class CodebookEntry:
    reading: Reading
    rationale: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    unit: str
    min: float
    max: float
    scale: Scale = "linear"
    bounds_rationale: str = ""
    """Why `min` and `max` are where they are: the bounds are a judgment (spec section 12)."""
    threshold: float | None = None
    """The figure the answer turns on, `min < threshold < max` (spec section 13)."""
    codebook: Mapping[str, CodebookEntry] = field(default_factory=dict)

    def missing_label(self, label: str) -> str | None:
        """Why `label` cannot be read on this question (it is not in its codebook), or None:
        the one wording of that rule for case files, scenarios, links and the command line."""
        if label in self.codebook:
            return None
        known = ", ".join(self.codebook) or "none"
        return (
            f"label {shown(label)} is not in the codebook of question '{self.id}' "
            f"(known labels: {known})"
        )


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    kind: str = ""
    weight: float = DEFAULT_WEIGHT
    via: tuple[str, ...] = ()
    note: str = ""
    reliability: str | None = None
    """Admiralty source grade, A..F (spec section 3); it does not enter the formula."""


@dataclass(frozen=True)
class Claim:
    id: str
    source: str
    question: str
    quote: str
    reading: Reading
    rationale: str = ""
    credibility: int | None = None
    """Admiralty information grade, 1..6 (spec section 3, step 4)."""
    evidence: str | None = None
    """The evidence group: claims resting on one report share it (section 3, step 5)."""
    document: str | None = None
    """The id of the document its quote is from, in a case with `documents`; else None."""
    translation: str = ""
    """The case's translation of a quote in another language; never checked (spec section 1)."""


@dataclass(frozen=True)
class Scenario:
    """A named point of view: weights and readings someone holding it would choose."""

    id: str
    name: str
    note: str = ""
    weights: Mapping[str, float] = field(default_factory=dict)
    readings: Mapping[tuple[str, str], Reading] = field(default_factory=dict)
    """Keyed by (question id, codebook label)."""


@dataclass(frozen=True)
class Document:
    title: str = ""
    outlet: str = ""
    author: str = ""
    date: str = ""
    url: str = ""
    file: str = ""
    language: str = ""
    """The text's language as a BCP 47 tag (`en`, `ru`), or empty when the case names none."""
    text: str | None = None
    """The document's text when it was available to check the quotes against."""
    id: str = ""
    """Its id in a case's `documents` list; empty for a case's single `document`."""
    uploaded_as: str = ""
    """The uploaded file read as `file` under another name: the one file uploaded with a case
    that names one document file (spec section 1), so the page can say so; else empty."""

    @property
    def label(self) -> str:
        """How a quote card names it: its title, else its id."""
        return self.title or self.id


@dataclass(frozen=True)
class Passage:
    """The paragraph of a document that holds a quote, split around it."""

    before: str
    quote: str
    after: str


@dataclass(frozen=True)
class Case:
    title: str
    questions: tuple[Question, ...]
    sources: tuple[Source, ...]
    claims: tuple[Claim, ...]
    description: str = ""
    document: Document | None = None
    quotes_checked: bool = True
    """False when a document file was named but not supplied (an upload without it)."""
    scenarios: tuple[Scenario, ...] = ()
    documents: tuple[Document, ...] = ()
    """The `documents` list, instead of `document`: each claim names its own."""

    @cached_property
    def _documents(self) -> dict[str, Document]:
        return {d.id: d for d in self.documents}

    @cached_property
    def _questions(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @cached_property
    def _sources(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    @cached_property
    def _scenarios(self) -> dict[str, Scenario]:
        return {s.id: s for s in self.scenarios}

    @cached_property
    def _claims_by_question(self) -> dict[str, tuple[Claim, ...]]:
        grouped: dict[str, list[Claim]] = {q.id: [] for q in self.questions}
        for claim in self.claims:
            grouped.setdefault(claim.question, []).append(claim)
        return {k: tuple(v) for k, v in grouped.items()}

    def question(self, question_id: str) -> Question:
        """The question with this id (KeyError if none)."""
        return self._questions[question_id]

    def source(self, source_id: str) -> Source:
        """The source with this id (KeyError if none)."""
        return self._sources[source_id]

    def scenario(self, scenario_id: str) -> Scenario:
        """The scenario with this id (KeyError if none)."""
        return self._scenarios[scenario_id]

    def claims_on(self, question_id: str) -> tuple[Claim, ...]:
        """The claims about one question, in case-file order."""
        return self._claims_by_question.get(question_id, ())

    def all_documents(self) -> tuple[Document, ...]:
        """Every document of the case in file order: its single `document`, or its list."""
        return (self.document,) if self.document is not None else self.documents

    def document_of(self, claim: Claim) -> Document | None:
        """The document a claim's quote is from: its own in a case with `documents`."""
        if claim.document is None:
            return self.document
        return self._documents[claim.document]

    def missing_files(self) -> tuple[str, ...]:
        """The document files the case names that were not supplied, so its quotes went
        unchecked against them."""
        return tuple(d.file for d in self.all_documents() if d.file and d.text is None)

    def default_weights(self) -> dict[str, float]:
        """Each source's trust as the case file gives it."""
        return {s.id: s.weight for s in self.sources}

    def relay_only_sources(self) -> tuple[Source, ...]:
        """Sources that make no claim of their own (they matter only as relays)."""
        speaking = {claim.source for claim in self.claims}
        return tuple(s for s in self.sources if s.id not in speaking)

    def carried_by(self, relay_id: str) -> tuple[Source, ...]:
        """Sources whose `via` names `relay_id`."""
        return tuple(s for s in self.sources if relay_id in s.via)


SHOWN_CHARACTERS = 40
"""A message quotes at most this much of a value, so that a huge one cannot flood it."""


def cut(text: str, limit: int = SHOWN_CHARACTERS) -> str:
    """`text` cut to `limit` characters, with "…" where it was cut."""
    return text if len(text) <= limit else text[:limit] + "…"


def shown(value: object, limit: int = SHOWN_CHARACTERS) -> str:
    """A value quoted in a message: its repr, cut short; never fails, however large."""
    try:
        text = repr(value)
    except ValueError:  # an integer too long for Python to write out
        text = f"a {type(value).__name__} too long to show"
    return cut(text, limit)


def range_problem(low_end: float, high_end: float) -> str | None:
    """Why a range's two ends are not a range (its low end must be below its high end)."""
    if low_end < high_end:
        return None
    return f"low end {number_text(low_end)} must be below high end {number_text(high_end)}"


def outside_domain(reading: Reading, low: float, high: float) -> str | None:
    """Why `reading` does not fit the domain [low, high] by the rules of spec section 1 (a
    range within it, `at_least` below `high`, `at_most` above `low`), or None."""
    lowest, highest = number_text(low), number_text(high)
    match reading:
        case Range(a, b):
            domain = f"[{lowest}, {highest}]"
            outside = [number for number in (a, b) if not low <= number <= high]
            if outside:
                return f"{number_text(outside[0])} lies outside the question's {domain}"
        case AtLeast(a):
            if not low <= a < high:
                return f"{number_text(a)} must be at least {lowest} and below {highest}"
        case AtMost(b):
            if not low < b <= high:
                return f"{number_text(b)} must be above {lowest} and at most {highest}"
    return None


def stated_figures(reading: Reading) -> tuple[float, ...]:
    """The figures a reading states: a range's two ends, a one-sided reading's one figure."""
    match reading:
        case Range(a, b):
            return (a, b)
        case AtLeast(a):
            return (a,)
        case AtMost(b):
            return (b,)


def reading_from_fields(kind: str, low: float, high: float, question: Question) -> Reading | str:
    """The reading a reading form's fields say (`range` uses both numbers, `at_least` the
    low one, `at_most` the high one), checked by the rules of spec section 1; or why not,
    as one line that names the reading."""
    reading: Reading
    if kind == "range":
        if problem := range_problem(low, high):
            return f"range:{decimal_text(low)}:{decimal_text(high)}: {problem}"
        reading = Range(low, high)
    elif kind == "at_least":
        reading = AtLeast(low)
    else:
        reading = AtMost(high)
    if problem := outside_domain(reading, question.min, question.max):
        return f"{reading.as_text()}: {problem}"
    return reading
