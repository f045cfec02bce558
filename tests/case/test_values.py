"""Test cases for the values of a case file: each rule, the edit that breaks it, and the
problem it must give; and the values right at the rules' limits (spec section 1)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from dashboard.case import (
    AtLeast,
    AtMost,
    Case,
    CaseError,
    Range,
    load_case_file,
)
from tests.factories import ANALYST_CASE, MINIMAL_CASE
from tests.support.case_files import (
    DOCUMENT_HEADER,
    TWO_DOCUMENTS,
    TWO_TEXTS,
    Documents,
    Edit,
    assert_message,
)


def _reading_of(claim: int) -> Callable[[Case], object]:
    return lambda case: case.claims[claim].reading


@pytest.mark.parametrize(
    ("edit", "read", "expected"),
    [
        (("[20, 40]", "[0, 100]"), _reading_of(0), Range(0, 100)),
        (("at_least: 30", "at_least: 0"), _reading_of(1), AtLeast(0)),
        (("at_least: 30", "at_most: 100"), _reading_of(1), AtMost(100)),
        (("at_least: 30", "at_least: 99.5"), _reading_of(1), AtLeast(99.5)),
        (("at_least: 30", "at_most: 0.5"), _reading_of(1), AtMost(0.5)),
        (("    weight: 60", "    weight: 0"), lambda case: case.sources[0].weight, 0.0),
        (("    weight: 60", "    weight: 100"), lambda case: case.sources[0].weight, 100.0),
        (
            ("    min: 0\n", "    min: 0.5\n    scale: log\n"),
            lambda case: (case.questions[0].min, case.questions[0].scale),
            (0.5, "log"),
        ),
        (
            ("    weight: 60\n", "    weight: 60\n    via: [beta]\n"),
            lambda case: case.sources[0].via,
            ("beta",),
        ),
        (("id: alpha", "id: " + "a" * 64), lambda case: case.sources[0].id, "a" * 64),
    ],
    ids=[
        "range-on-bounds",
        "at-least-min",
        "at-most-max",
        "at-least-near-max",
        "at-most-near-min",
        "weight-0",
        "weight-100",
        "log-positive-min",
        "via-later-source",
        "64-char-slug",
    ],
)
def test_accepts_values_on_the_edges_of_the_rules(
    write_case: Callable[..., Path],
    case_with: Callable[..., str],
    edit: Edit,
    read: Callable[[Case], object],
    expected: object,
) -> None:
    """It accepts readings, weights, scales, relays and ids right at the allowed limits, and
    reads each as the value written."""
    text = case_with(edit)
    if "a" * 64 in text:
        # A 64-character source id leaves no room for a default claim id: name the claim.
        text = text.replace("source: alpha", "id: a-claim\n    source: " + "a" * 64, 1)
    assert read(load_case_file(write_case(text))) == expected


@dataclass(frozen=True)
class Rejection:
    """The minimal case (or `base`) with `edits` made: it breaks one rule, so loading it gives
    one problem, at `place`, saying `fragment`, on `line` (None: no line to name); `also`
    names the places of the problems that follow from it (references to an entry whose id
    was refused resolve to nothing)."""

    edits: tuple[Edit, ...]
    place: str | None
    fragment: str
    line: int | None
    base: str = MINIMAL_CASE
    documents: Documents = field(default_factory=dict)
    also: tuple[str, ...] = ()


def broken(
    old: str, new: str, place: str | None, fragment: str, line: int | None, **more: Any
) -> Rejection:
    return Rejection(((old, new),), place, fragment, line, **more)


def in_analyst_case(old: str, new: str, place: str, fragment: str, line: int) -> Rejection:
    return broken(old, new, place, fragment, line, base=ANALYST_CASE)


def in_two_documents(
    old: str, new: str, place: str, fragment: str, line: int, **more: Any
) -> Rejection:
    return broken(old, new, place, fragment, line, base=TWO_DOCUMENTS, documents=TWO_TEXTS, **more)


def with_article(
    place: str, fragment: str, line: int, *edits: Edit, documents: Documents | None = None
) -> Rejection:
    """A rule broken in the minimal case once it names article.txt as its document."""
    named = (("title: A small test case\n", DOCUMENT_HEADER), *edits)
    return Rejection(named, place, fragment, line, documents=documents or {})


CODEBOOK = "    max: 100\n    codebook:\n"


LONG_ID = "a" * 65


REJECTIONS: dict[str, Rejection] = {
    # unknown keys: a typo must not pass silently
    "unknown-top-level": broken(
        "title: A small test case\n", "title: A small test case\ntitel: x\n",
        "titel", "unknown key 'titel'; allowed keys are title, description", 2,
    ),
    "unknown-question-key": broken(
        '    unit: "%"\n', '    unit: "%"\n    units: ships\n',
        "questions[0].units", "unknown key 'units'", 6,
    ),
    "unknown-source-key": broken(
        "    name: Beta blog\n", "    name: Beta blog\n    wieght: 10\n",
        "sources[1].wieght", "unknown key 'wieght'", 14,
    ),
    "unknown-claim-key": broken(
        "{at_least: 30}\n", "{at_least: 30}\n    rational: x\n",
        "claims[1].rational", "unknown key 'rational'", 23,
    ),
    "unknown-reading-key": broken(
        "{at_least: 30}", "{at_leest: 30}", "claims[1].reading.at_leest", "unknown key", 22
    ),
    "unknown-document-key": broken(
        "title: A small test case\n", "title: A small test case\ndocument:\n  titel: x\n",
        "document.titel", "unknown key 'titel'", 3,
    ),
    "unknown-codebook-entry-key": broken(
        "    max: 100\n", CODEBOOK + "      many: {range: [5, 9], note: x}\n",
        "questions[0].codebook.many.note", "unknown key 'note'", 9,
    ),
    # keys written twice: plain safe_load would keep the last silently
    "twice-top-level": broken(
        "title: A small test case\n", "title: A small test case\ntitle: Again\n",
        None, "key 'title' is written twice", 2,
    ),
    "twice-question": broken(
        "    min: 0\n", "    min: 0\n    min: 1\n",
        "questions[0]", "key 'min' is written twice", 7,
    ),
    "twice-source": broken(
        "    name: Beta blog\n", "    name: Beta blog\n    name: B\n",
        "sources[1]", "key 'name' is written twice", 14,
    ),
    "twice-claim": broken(
        "  - source: alpha\n", "  - source: alpha\n    source: beta\n",
        "claims[0]", "key 'source' is written twice", 16,
    ),
    "twice-reading": broken(
        "{at_least: 30}", "{at_least: 30, at_least: 40}",
        "claims[1].reading", "key 'at_least' is written twice", 22,
    ),
    "twice-document": broken(
        "title: A small test case\n", DOCUMENT_HEADER + "  title: Again\n",
        "document", "key 'title' is written twice", 5,
    ),
    "twice-codebook-label": broken(
        "    max: 100\n", CODEBOOK + "      many: {at_least: 5}\n      many: {at_most: 9}\n",
        "questions[0].codebook", "label 'many' is written twice", 10,
    ),
    # missing required keys
    "missing-title": broken(
        "title: A small test case\n", "", None, "missing required key 'title'", 1
    ),
    "missing-question-text": broken(
        "    text: Share of ships waiting\n", "",
        "questions[0]", "missing required key 'text'", 3,
    ),
    "missing-question-min": broken(
        "    min: 0\n", "", "questions[0]", "missing required key 'min'", 3
    ),
    "missing-question-max": broken(
        "    max: 100\n", "", "questions[0]", "missing required key 'max'", 3
    ),
    "missing-source-name": broken(
        "  - id: beta\n    name: Beta blog\n", "  - id: beta\n",
        "sources[1]", "missing required key 'name'", 12,
    ),
    "missing-source-id": broken(
        "  - id: alpha\n", "  - kind: agency\n", "sources[0]", "missing required key 'id'", 9,
        also=("claims[0].source",),
    ),
    "missing-claim-quote": broken(
        '    quote: "twenty to forty percent"\n', "",
        "claims[0]", "missing required key 'quote'", 15,
    ),
    "missing-claim-reading": broken(
        "    reading: {range: [20, 40]}\n", "",
        "claims[0]", "missing required key 'reading'", 15,
    ),
    # values of the wrong shape
    "number-as-text": broken(
        "title: A small test case", "title: 5", "title", "expected text, got 5", 1
    ),
    "blank-text": broken(
        "title: A small test case", 'title: "  "', "title", "must not be empty", 1
    ),
    "empty-quote": broken(
        '"twenty to forty percent"', '""', "claims[0].quote", "must not be empty", 17
    ),
    "list-as-text": broken(
        "    name: Beta blog", "    name: [Beta]",
        "sources[1].name", "expected a single value", 13,
    ),
    "via-not-list": broken(
        "  - id: alpha\n", "  - id: alpha\n    via: beta\n", "sources[0].via", "a list", 10
    ),
    "reading-not-mapping": broken(
        "{range: [20, 40]}", "[20, 40]", "claims[0].reading", "expected a mapping", 18
    ),
    # references that do not resolve
    "claim-source-unknown": broken(
        "  - source: beta\n", "  - source: gamma\n",
        "claims[1].source", "no source has the id 'gamma'", 19,
    ),
    "claim-question-unknown": broken(
        '    question: share\n    quote: "at', '    question: shares\n    quote: "at',
        "claims[1].question", "no question has the id 'shares'", 20,
    ),
    "via-unknown": broken(
        "    weight: 60\n", "    weight: 60\n    via: [beta, gamma]\n",
        "sources[0].via[1]", "no source has the id 'gamma'", 12,
    ),
    "via-itself": broken(
        "    weight: 60\n", "    weight: 60\n    via: [alpha]\n",
        "sources[0].via[0]", "a source cannot relay itself", 12,
    ),
    "label-not-in-codebook": Rejection(
        (
            ("    max: 100\n", CODEBOOK + "      many: {range: [50, 90]}\n"),
            ("{at_least: 30}", "{label: lots}"),
        ),
        "claims[1].reading.label",
        "label 'lots' is not in the codebook of question 'share' (known labels: many)",
        24,
    ),
    "label-without-codebook": broken(
        "{at_least: 30}", "{label: many}",
        "claims[1].reading.label", "(known labels: none)", 22,
    ),
    "scenario-source-unknown": in_analyst_case(
        "{police: 100,", "{polize: 100,",
        "scenarios[0].weights.polize", "no source has the id 'polize'", 45,
    ),
    "scenario-label-unknown": in_analyst_case(
        "aboard.crowded:", "aboard.packed:",
        "scenarios[1].readings.aboard.packed", "label 'packed' is not in the codebook", 51,
    ),
    # ids: [a-z0-9_-]{1,64}, unique
    "id-uppercase": broken(
        "id: share", "id: Share", "questions[0].id", "is not an id", 3,
        also=("claims[0].question", "claims[1].question"),
    ),
    "id-space": broken(
        "id: alpha", "id: al pha", "sources[0].id", "is not an id: use 1 to 64", 9,
        also=("claims[0].source",),
    ),
    "id-65-chars": broken(
        "id: alpha", f"id: {LONG_ID}", "sources[0].id", "is not an id", 9,
        also=("claims[0].source",),
    ),
    "id-empty": broken(
        "id: beta", 'id: ""', "sources[1].id", "is not an id", 12, also=("claims[1].source",)
    ),
    "id-number": broken(
        "id: beta", "id: 5", "sources[1].id", "is not an id", 12, also=("claims[1].source",)
    ),
    "id-accent": broken(
        "id: beta", "id: bêta", "sources[1].id", "is not an id", 12, also=("claims[1].source",)
    ),
    "id-dot": broken(
        "  - source: alpha\n", "  - id: Claim.1\n    source: alpha\n",
        "claims[0].id", "is not an id", 15,
    ),
    "id-reference": broken(
        "  - source: alpha\n", "  - source: Alpha\n", "claims[0].source", "is not an id", 15
    ),
    "duplicate-question": broken(
        "    max: 100\n", "    max: 100\n  - id: share\n    text: t\n    min: 0\n    max: 1\n",
        "questions[1].id", "'share' is used twice", 8,
    ),
    "duplicate-source": broken(
        "  - id: beta\n", "  - id: alpha\n", "sources[1].id", "'alpha' is used twice", 12,
        also=("claims[1].source",),
    ),
    "duplicate-claim": broken(
        "    reading: {range: [20, 40]}\n  - source: beta\n",
        "    id: same\n    reading: {range: [20, 40]}\n  - source: beta\n    id: same\n",
        "claims[1].id", "claim id 'same' is already used by claims[0]", 21,
    ),
    "duplicate-default-after-explicit": broken(
        "  - source: alpha\n", "  - source: alpha\n    id: beta-1\n",
        "claims[1].id", "claim id 'beta-1' is already used by claims[0]", 20,
    ),
    "duplicate-explicit-after-default": broken(
        "  - source: beta\n", "  - source: beta\n    id: alpha-1\n",
        "claims[1].id", "claim id 'alpha-1' is already used by claims[0]", 20,
    ),
    # a question's domain
    "log-min-zero": broken(
        "    min: 0\n", "    min: 0\n    scale: log\n", "questions[0].min", "min > 0", 6
    ),
    "log-min-negative": broken(
        "    min: 0\n", "    min: -1\n    scale: log\n", "questions[0].min", "min > 0", 6
    ),
    "max-equals-min": broken(
        "    max: 100", "    max: 0", "questions[0].max", "max 0 must exceed min 0", 7
    ),
    "max-below-min": broken(
        "    max: 100", "    max: -5", "questions[0].max", "max -5 must exceed min 0", 7
    ),
    "unknown-scale": broken(
        "    min: 0\n", "    min: 0\n    scale: logarithmic\n",
        "questions[0].scale", "'logarithmic' is not linear or log", 7,
    ),
    # readings: within [min, max], low < high, room on the open side
    "range-above-max": broken(
        "[20, 40]", "[20, 140]", "claims[0].reading.range", "140 lies outside", 18
    ),
    "range-below-min": broken(
        "[20, 40]", "[-5, 40]", "claims[0].reading.range", "-5 lies outside", 18
    ),
    "range-reversed": broken(
        "[20, 40]", "[40, 20]", "claims[0].reading.range", "low end 40 must be below", 18
    ),
    "range-empty": broken(
        "[20, 40]", "[30, 30]", "claims[0].reading.range", "low end 30 must be below", 18
    ),
    "range-one-number": broken(
        "[20, 40]", "[20]", "claims[0].reading.range", "two numbers", 18
    ),
    "range-three-numbers": broken(
        "[20, 40]", "[20, 30, 40]", "claims[0].reading.range", "two numbers", 18
    ),
    "at-least-at-max": broken(
        "at_least: 30", "at_least: 100", "claims[1].reading.at_least", "below 100", 22
    ),
    "at-least-above-max": broken(
        "at_least: 30", "at_least: 120", "claims[1].reading.at_least", "below 100", 22
    ),
    "at-least-below-min": broken(
        "at_least: 30", "at_least: -1", "claims[1].reading.at_least", "at least 0", 22
    ),
    "at-most-at-min": broken(
        "at_least: 30", "at_most: 0", "claims[1].reading.at_most", "must be above 0", 22
    ),
    "at-most-below-min": broken(
        "at_least: 30", "at_most: -3", "claims[1].reading.at_most", "must be above 0", 22
    ),
    "at-most-above-max": broken(
        "at_least: 30", "at_most: 101", "claims[1].reading.at_most", "at most 100", 22
    ),
    "reading-no-kind": broken(
        "{at_least: 30}", "{}", "claims[1].reading", "give exactly one of", 22
    ),
    "reading-two-kinds": broken(
        "{at_least: 30}", "{at_least: 30, at_most: 40}",
        "claims[1].reading", "give exactly one of", 22,
    ),
    "codebook-out-of-bounds": broken(
        "    max: 100\n", CODEBOOK + "      many: {range: [50, 190]}\n",
        "questions[0].codebook.many.range", "190 lies outside", 9,
    ),
    "codebook-label-of-label": broken(
        "    max: 100\n", CODEBOOK + "      many: {label: few}\n",
        "questions[0].codebook.many.label", "unknown key 'label'", 9,
    ),
    "codebook-no-reading": broken(
        "    max: 100\n", CODEBOOK + "      many: {rationale: why}\n",
        "questions[0].codebook.many", "give exactly one of", 9,
    ),
    "codebook-not-a-mapping": broken(
        "    max: 100\n", CODEBOOK + "      many: [50, 90]\n",
        "questions[0].codebook.many", "expected a mapping", 9,
    ),
    # weights: YAML integers 0..100 (spec section 1)
    "weight-fraction": broken(
        "weight: 60", "weight: 62.5",
        "sources[0].weight", "62.5 is not a whole number; a weight is a whole number from 0 to "
        "100: write 62 or 63", 11,
    ),
    "weight-whole-float": broken(
        "weight: 60", "weight: 50.0", "sources[0].weight", "50.0 is not a whole number", 11
    ),
    "weight-above-100": broken(
        "weight: 60", "weight: 101", "sources[0].weight", "101 is outside 0..100", 11
    ),
    "weight-negative": broken(
        "weight: 60", "weight: -1", "sources[0].weight", "-1 is outside 0..100", 11
    ),
    "weight-fraction-above-100": broken(
        "weight: 60", "weight: 100.5", "sources[0].weight", "write 100", 11
    ),
    "weight-fraction-below-0": broken(
        "weight: 60", "weight: -0.001", "sources[0].weight", "write 0", 11
    ),
    "weight-nan": broken(
        "weight: 60", "weight: .nan", "sources[0].weight", "write a whole number", 11
    ),
    "weight-inf": broken(
        "weight: 60", "weight: .inf", "sources[0].weight", "is not a whole number", 11
    ),
    "weight-minus-inf": broken(
        "weight: 60", "weight: -.inf", "sources[0].weight", "is not a whole number", 11
    ),
    "weight-bool": broken(
        "weight: 60", "weight: true",
        "sources[0].weight", "expected a whole number from 0 to 100, got True", 11,
    ),
    "weight-string": broken(
        "weight: 60", 'weight: "60"', "sources[0].weight", "got '60'; remove the quotes", 11
    ),
    "weight-huge-int": broken(
        "weight: 60", "weight: 1" + "0" * 400, "sources[0].weight", "is outside 0..100", 11
    ),
    "scenario-weight-fraction": in_analyst_case(
        "{police: 100,", "{police: 99.5,",
        "scenarios[0].weights.police", "99.5 is not a whole number", 45,
    ),
    # other numbers: finite numbers
    "max-inf": broken("max: 100", "max: .inf", "questions[0].max", "expected a finite number", 7),
    "min-nan": broken("min: 0", "min: .NaN", "questions[0].min", "expected a finite number", 6),
    "min-bool": broken("min: 0", "min: no", "questions[0].min", "expected a number, got False", 6),
    "min-date": broken("min: 0", "min: 2024-01-01", "questions[0].min", "expected a number", 6),
    "max-overflow": broken(
        "max: 100", "max: 1.0e+400", "questions[0].max", "expected a finite number", 7
    ),
    "range-nan": broken(
        "[20, 40]", "[.nan, 40]", "claims[0].reading.range[0]", "finite number", 18
    ),
    "range-inf": broken(
        "[20, 40]", "[20, .inf]", "claims[0].reading.range[1]", "finite number", 18
    ),
    "range-bool": broken("[20, 40]", "[false, 40]", "claims[0].reading.range[0]", "got False", 18),
    "at-least-bool": broken(
        "at_least: 30", "at_least: yes", "claims[1].reading.at_least", "got True", 22
    ),
    "at-least-null": broken(
        "at_least: 30", "at_least: ~", "claims[1].reading.at_least", "got None", 22
    ),
    # grades
    "reliability-letter": in_analyst_case(
        "weight: 40, reliability: D}", "weight: 40, reliability: G}",
        "sources[0].reliability", "'G' is not a source grade: use one letter from A to F", 20,
    ),
    "reliability-two-letters": in_analyst_case(
        "weight: 40, reliability: D}", "weight: 40, reliability: AB}",
        "sources[0].reliability", "use one letter from A to F", 20,
    ),
    "credibility-7": in_analyst_case(
        "credibility: 2}", "credibility: 7}",
        "claims[3].credibility", "7 is not an information grade: use a whole number 1 to 6", 34,
    ),
    "credibility-fraction": in_analyst_case(
        "credibility: 2}", "credibility: 2.5}", "claims[3].credibility", "1 to 6", 34
    ),
    # the document and its quotes
    "quote-not-in-document": with_article(
        "claims[1].quote", "the quote is not found word for word in 'article.txt'", 24,
        ("at least thirty", "at least forty"),
        documents={"article.txt": "twenty to forty percent; at least 30"},
    ),
    "document-path-up": with_article(
        "document.file", "must be a file name beside the case file, without '..'", 4,
        ("file: article.txt", 'file: "../article.txt"'), documents={"article.txt": "irrelevant"},
    ),
    "document-path-absolute": with_article(
        "document.file", "without '..'", 4, ("file: article.txt", 'file: "/etc/passwd"')
    ),
    "document-path-inside-up": with_article(
        "document.file", "without '..'", 4,
        ("file: article.txt", 'file: "notes/../../article.txt"'),
    ),
    "document-path-backslash": with_article(
        "document.file", "without '..'", 4, ("file: article.txt", 'file: "..\\\\article.txt"')
    ),
    "document-missing-on-disk": with_article(
        "document.file", "'article.txt' not found beside the case file", 4
    ),
    "document-not-utf8": with_article(
        "document.file", "'article.txt' is not UTF-8 text", 4,
        documents={"article.txt": b"caf\xe9 twenty"},
    ),
    "document-empty": with_article(
        "document.file", "'article.txt' is empty", 4, documents={"article.txt": " \n"}
    ),
    "document-nul": with_article(
        "document.file", "'article.txt' holds a NUL character", 4,
        documents={"article.txt": "twenty to forty percent\0 at least thirty percent"},
    ),
    # several documents (spec section 1)
    "document-and-documents": in_two_documents(
        "documents:\n", "document: {title: One}\ndocuments:\n",
        "document", "a case has `document` or `documents`, not both", 3,
    ),
    "documents-empty": broken(
        "title: A small test case\n", "title: A small test case\ndocuments: []\n",
        "documents", "needs at least one entry", 2,
    ),
    "documents-id-twice": in_two_documents(
        "  - id: radio\n    title: Morning", "  - id: bulletin\n    title: Morning",
        "documents[1].id", "'bulletin' is used twice", 9,
        also=("claims[1].document", "claims[2].document"),
    ),
    "documents-id-not-slug": in_two_documents(
        "  - id: radio\n    title: Morning", "  - id: Radio\n    title: Morning",
        "documents[1].id", "is not an id", 9,
        also=("claims[1].document", "claims[2].document"),
    ),
    "claim-document-missing": in_two_documents(
        "    document: bulletin\n", "",
        "claims[0]", "missing required key 'document': the case lists `documents`", 37,
    ),
    "claim-document-unknown": in_two_documents(
        "    document: bulletin\n", "    document: bulettin\n",
        "claims[0].document", "no document has the id 'bulettin' (known: bulletin, radio)", 40,
    ),
    "claim-document-without-documents": broken(
        "    reading: {range: [20, 40]}\n", "    reading: {range: [20, 40]}\n    document: x\n",
        "claims[0].document", "the case has no `documents` list", 19,
    ),
    "quote-in-the-other-document": in_two_documents(
        "    document: bulletin\n", "    document: radio\n",
        "claims[0].quote", "not found word for word in 'valley-radio.txt'", 41,
    ),
    "documents-file-outside": in_two_documents(
        "file: valley-radio.txt", "file: ../valley-radio.txt",
        "documents[1].file", "without '..'", 12,
    ),
    # the judgment fields of sections 12 and 13, and a document's language
    "threshold-above-max": broken(
        "    max: 100\n", "    max: 100\n    threshold: 250\n",
        "questions[0].threshold", "250 lies above the question's max 100", 8,
    ),
    "threshold-below-min": broken(
        "    max: 100\n", "    max: 100\n    threshold: -5\n",
        "questions[0].threshold", "-5 lies below the question's min 0", 8,
    ),
    "threshold-on-a-bound": broken(
        "    max: 100\n", "    max: 100\n    threshold: 100\n",
        "questions[0].threshold", "100 equals the question's max; a threshold lies strictly", 8,
    ),
    "threshold-not-a-number": broken(
        "    max: 100\n", "    max: 100\n    threshold: half\n",
        "questions[0].threshold", "expected a number, got 'half'", 8,
    ),
    "bounds-rationale-not-text": broken(
        "    max: 100\n", "    max: 100\n    bounds_rationale: [a, b]\n",
        "questions[0].bounds_rationale", "expected a single value", 8,
    ),
    "language-not-a-tag": broken(
        "title: A small test case\n", "title: A small test case\ndocument:\n  language: Russian\n",
        "document.language", "'Russian' is not a BCP 47 language tag", 3,
    ),
    "translation-not-text": broken(
        "{at_least: 30}\n", "{at_least: 30}\n    translation: 30\n",
        "claims[1].translation", "expected text, got 30; put it in quotes", 23,
    ),
}  # fmt: skip


@pytest.mark.parametrize("rejection_case", REJECTIONS.values(), ids=REJECTIONS.keys())
def test_rejects_a_case_that_breaks_a_rule(
    write_case: Callable[..., Path], rejection_case: Rejection
) -> None:
    """It refuses a case that breaks one rule with exactly that one problem, naming the file,
    the place, the rule and the line."""
    text = rejection_case.base
    for old, new in rejection_case.edits:
        assert text.count(old) == 1, f"{old!r} must occur once in the case text"
        text = text.replace(old, new)
    with pytest.raises(CaseError) as caught:
        load_case_file(write_case(text, documents=rejection_case.documents))
    error = caught.value
    assert_message(str(error), rejection_case.place, rejection_case.fragment, rejection_case.line)
    following = [str(problem.place) for problem in error.problems[1:]]
    assert following == list(rejection_case.also), error.problems
