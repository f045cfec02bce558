"""Test cases for the case module: reading and validating case files (spec section 1)."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.case import (
    MAX_PROBLEMS,
    UPLOAD_LIMIT_BYTES,
    CaseError,
    Passage,
    collapse_whitespace,
    load_case_bytes,
    load_case_file,
    surrounding_paragraph,
)
from tests.factories import ANALYST_CASE, MINIMAL_CASE, MINIMAL_DOCUMENT

Edit = tuple[str, str]
Documents = Mapping[str, str | bytes]

DOCUMENT_HEADER = "title: A small test case\ndocument:\n  title: Notes\n  file: article.txt\n"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TWO_DOCUMENTS_FOLDER = FIXTURES / "two-documents"
TWO_DOCUMENTS = (TWO_DOCUMENTS_FOLDER / "roads.yaml").read_text("utf-8")
"""A case with a `documents` list: two documents, each claim quoting one of them."""
TWO_TEXTS = {
    name: (TWO_DOCUMENTS_FOLDER / name).read_text("utf-8")
    for name in ("council-bulletin.txt", "valley-radio.txt")
}


def assert_message(message: str, place: str | None, fragment: str, line: int | None) -> None:
    """The message names the file, the place, the problem and (where given) the line."""
    assert message.startswith("case.yaml: "), message
    if place is not None:
        assert message.startswith(f"case.yaml: {place}: "), message
    assert fragment in message, message
    if line is not None:
        assert f"(line {line})" in message, message
    assert "\n" not in message, message


def with_document(text: str) -> str:
    """The case text with a `document` block naming article.txt (adds three lines)."""
    return text.replace("title: A small test case\n", DOCUMENT_HEADER, 1)


# --- valid cases ---------------------------------------------------------------


def test_loads_the_minimal_case(write_case: Callable[..., Path], minimal_case_text: str) -> None:
    """It loads a valid case into plain values, with default weights and claim ids."""
    case = load_case_file(write_case(minimal_case_text))
    assert case.title == "A small test case"
    assert [q.id for q in case.questions] == ["share"]
    assert case.question("share").scale == "linear"
    assert case.default_weights() == {"alpha": 60.0, "beta": 50.0}
    assert [c.id for c in case.claims] == ["alpha-1", "beta-1"]
    assert case.claims[0].reading.kind == "range"
    assert (case.claims[0].reading.low, case.claims[0].reading.high) == (20, 40)
    assert case.claims[1].reading.kind == "at_least"
    assert case.document is None
    assert case.quotes_checked


def test_default_claim_ids_count_per_source_in_file_order(
    write_case: Callable[..., Path], minimal_case_text: str
) -> None:
    """It numbers a source's claims from 1 in file order, counting claims with explicit ids."""
    more = (
        "  - source: alpha\n    id: custom\n    question: share\n"
        '    quote: "q3"\n    reading: {at_most: 70}\n'
        '  - source: alpha\n    question: share\n    quote: "q4"\n    reading: {range: [1, 2]}\n'
        '  - source: beta\n    question: share\n    quote: "q5"\n    reading: {range: [3, 4]}\n'
    )
    case = load_case_file(write_case(minimal_case_text + more))
    assert [c.id for c in case.claims] == ["alpha-1", "beta-1", "custom", "alpha-3", "beta-2"]


@pytest.mark.parametrize(
    "edit",
    [
        ("[20, 40]", "[0, 100]"),
        ("at_least: 30", "at_least: 0"),
        ("at_least: 30", "at_most: 100"),
        ("at_least: 30", "at_least: 99.5"),
        ("at_least: 30", "at_most: 0.5"),
        ("    weight: 60", "    weight: 0"),
        ("    weight: 60", "    weight: 100"),
        ("    min: 0\n", "    min: 0.5\n    scale: log\n"),
        ("    weight: 60\n", "    weight: 60\n    via: [beta]\n"),
        ("id: alpha", "id: " + "a" * 64),
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
    write_case: Callable[..., Path], case_with: Callable[..., str], edit: Edit
) -> None:
    """It accepts readings, weights, scales, relays and ids right at the allowed limits."""
    text = case_with(edit)
    if "a" * 64 in text:
        # A 64-character source id leaves no room for a default claim id: name the claim.
        text = text.replace("source: alpha", "id: a-claim\n    source: " + "a" * 64, 1)
    load_case_file(write_case(text))


def test_reads_an_unquoted_date_in_the_document_as_text(
    write_case: Callable[..., Path], minimal_case_text: str
) -> None:
    """It keeps a document's unquoted date as the text written, not a date object."""
    text = minimal_case_text.replace(
        "title: A small test case\n", "title: A small test case\ndocument:\n  date: 2024-11-20\n"
    )
    case = load_case_file(write_case(text))
    assert case.document is not None
    assert case.document.date == "2024-11-20"


def test_a_label_takes_its_reading_from_the_codebook(
    write_case: Callable[..., Path], case_with: Callable[..., str]
) -> None:
    """It reads a label through the question's codebook and remembers the label."""
    text = case_with(
        ("    max: 100\n", "    max: 100\n    codebook:\n      many: {range: [50, 90]}\n"),
        ("{at_least: 30}", "{label: many}"),
    )
    reading = load_case_file(write_case(text)).claims[1].reading
    assert (reading.kind, reading.low, reading.high, reading.label) == ("range", 50, 90, "many")
    assert reading.describe() == "label many (range 50-90)"


def test_reads_the_judgment_fields_language_and_translation(
    write_case: Callable[..., Path], case_with: Callable[..., str]
) -> None:
    """It reads a question's bounds rationale and threshold, a document's language and a
    claim's translation (spec sections 1, 12, 13)."""
    text = case_with(
        ("title: A small test case\n", "title: A small test case\ndocument:\n  language: pt-BR\n"),
        ("    max: 100\n", "    max: 100\n    bounds_rationale: a share\n    threshold: 50\n"),
        ("{at_least: 30}\n", "{at_least: 30}\n    translation: at least thirty\n"),
    )
    case = load_case_file(write_case(text))
    assert case.document is not None and case.document.language == "pt-BR"
    assert (case.questions[0].bounds_rationale, case.questions[0].threshold) == ("a share", 50)
    assert [c.translation for c in case.claims] == ["", "at least thirty"]


# --- one table: each rule, the edit that breaks it, and the problem it must give -------------


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


# --- missing and empty sections -------------------------------------------------------


@pytest.mark.parametrize("section", ["questions", "sources", "claims"])
def test_rejects_a_case_without_a_required_section(
    rejection: Callable[..., str], minimal_case_text: str, section: str
) -> None:
    """It rejects a case that leaves out its questions, sources or claims."""
    lines = minimal_case_text.splitlines(keepends=True)
    start = lines.index(f"{section}:\n")
    end = next(
        (i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")), len(lines)
    )
    text = "".join(lines[:start] + lines[end:])
    assert_message(rejection(text), None, f"missing required key '{section}'", 1)


@pytest.mark.parametrize("section", ["questions", "sources", "claims"])
def test_rejects_an_empty_section(
    rejection: Callable[..., str], minimal_case_text: str, section: str
) -> None:
    """It rejects a case whose questions, sources or claims list is empty."""
    lines = minimal_case_text.splitlines(keepends=True)
    start = lines.index(f"{section}:\n")
    end = next(
        (i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")), len(lines)
    )
    text = "".join(lines[:start] + [f"{section}: []\n"] + lines[end:])
    assert_message(rejection(text), section, "needs at least one entry", None)


# --- quotes and the document ----------------------------------------------------------------


def test_checks_quotes_against_the_document_beside_the_case(
    write_case: Callable[..., Path], minimal_case_text: str, minimal_document_text: str
) -> None:
    """It loads a case whose quotes all occur in its document file, and says they were checked."""
    path = write_case(
        with_document(minimal_case_text), documents={"article.txt": minimal_document_text}
    )
    case = load_case_file(path)
    assert case.quotes_checked
    assert case.document is not None
    assert case.document.text == minimal_document_text
    assert case.document.file == "article.txt"


def test_compares_quotes_after_collapsing_white_space(
    write_case: Callable[..., Path], minimal_case_text: str
) -> None:
    """It finds a quote whose spaces and line breaks differ from the document's."""
    text = with_document(minimal_case_text).replace(
        '"twenty to forty percent"', '"twenty  to\\n forty percent"'
    )
    document = "Alpha: twenty\tto\n\n   forty    percent.\nBeta: at least\nthirty percent"
    case = load_case_file(write_case(text, documents={"article.txt": document}))
    assert case.quotes_checked
    assert collapse_whitespace(" a \t b\n\nc ") == "a b c"


@pytest.mark.parametrize("file", ['"article\\0.txt"', "x" * 300 + ".txt"], ids=["nul", "long"])
def test_a_strange_document_file_name_gives_a_case_error(
    write_case: Callable[..., Path], minimal_case_text: str, file: str
) -> None:
    """It answers a document file name the file system cannot take with the clear message."""
    text = with_document(minimal_case_text).replace("file: article.txt", f"file: {file}")
    with pytest.raises(CaseError):
        load_case_file(write_case(text))


# --- uploads ---------------------------------------------------------------------------


def test_an_upload_without_its_document_loads_with_quotes_unchecked(
    minimal_case_text: str,
) -> None:
    """It loads an upload whose document file was not supplied, flagging its quotes unchecked."""
    text = with_document(minimal_case_text).replace("at least thirty", "words nowhere")
    case = load_case_bytes(text.encode(), "case.yaml", documents={})
    assert not case.quotes_checked
    assert case.document is not None
    assert case.document.text is None
    case = load_case_bytes(text.encode(), "case.yaml")
    assert not case.quotes_checked


def test_an_upload_with_its_document_has_its_quotes_checked(
    minimal_case_text: str, minimal_document_text: str
) -> None:
    """It checks an upload's quotes against the document supplied with it."""
    data = with_document(minimal_case_text).encode()
    documents = {"article.txt": minimal_document_text.encode()}
    case = load_case_bytes(data, "case.yaml", documents=documents)
    assert case.quotes_checked
    with pytest.raises(CaseError) as caught:
        load_case_bytes(data, "case.yaml", documents={"article.txt": b"nothing to see"})
    assert_message(str(caught.value), "claims[0].quote", "not found word for word", 20)


def test_an_upload_may_not_name_a_document_outside_its_folder(minimal_case_text: str) -> None:
    """It rejects '..' in an upload's document file even when the upload brings no documents."""
    text = with_document(minimal_case_text).replace("article.txt", "../article.txt")
    with pytest.raises(CaseError) as caught:
        load_case_bytes(text.encode(), "case.yaml", documents={"../article.txt": b"x"})
    assert_message(str(caught.value), "document.file", "without '..'", 4)


def test_rejects_an_upload_over_the_size_cap(minimal_case_text: str) -> None:
    """It refuses an upload larger than 1 MB before parsing it, and says the limit."""
    assert UPLOAD_LIMIT_BYTES == 1_000_000
    data = b"#" * UPLOAD_LIMIT_BYTES + b"\n"
    with pytest.raises(CaseError) as caught:
        load_case_bytes(data, "case.yaml", max_bytes=UPLOAD_LIMIT_BYTES)
    message = str(caught.value)
    assert_message(message, None, "1,000,001 bytes", None)
    assert "1,000,000" in message


def test_accepts_an_upload_of_exactly_the_cap(minimal_case_text: str) -> None:
    """It accepts an upload whose size equals the cap, and one with no cap at all."""
    data = minimal_case_text.encode()
    load_case_bytes(data, "case.yaml", max_bytes=len(data))
    load_case_bytes(data, "case.yaml")
    with pytest.raises(CaseError):
        load_case_bytes(data, "case.yaml", max_bytes=len(data) - 1)


# --- several documents (spec section 1) ------------------------------------------------------


def test_a_case_with_several_documents_checks_each_quote_in_its_own() -> None:
    """It loads the two-document fixture: each claim names its document, and its quote is
    found in that document's text."""
    case = load_case_file(TWO_DOCUMENTS_FOLDER / "roads.yaml")
    assert case.document is None
    assert [(d.id, d.file) for d in case.documents] == [
        ("bulletin", "council-bulletin.txt"),
        ("radio", "valley-radio.txt"),
    ]
    assert case.all_documents() == case.documents
    assert [case.document_of(claim).id for claim in case.claims] == ["bulletin", "radio", "radio"]
    assert case.quotes_checked and case.missing_files() == ()
    assert case.documents[0].label == "Thaw bulletin"


def test_an_upload_of_several_documents_without_one_names_the_missing_file() -> None:
    """It loads a two-document upload that brings one of its files, its quotes unchecked, and
    names the file that was not supplied."""
    texts = {"council-bulletin.txt": TWO_TEXTS["council-bulletin.txt"].encode()}
    case = load_case_bytes(TWO_DOCUMENTS.encode(), "roads.yaml", documents=texts)
    assert not case.quotes_checked
    assert case.missing_files() == ("valley-radio.txt",)


def test_a_lone_uploaded_file_is_the_document_whatever_its_name(
    minimal_case_text: str, minimal_document_text: str
) -> None:
    """It takes the one file uploaded with a case that names one document file as that
    document, and remembers the uploaded name so the page can say so."""
    data = with_document(minimal_case_text).encode()
    renamed = {"article (1).txt": minimal_document_text.encode()}
    case = load_case_bytes(data, "case.yaml", documents=renamed)
    assert case.quotes_checked
    assert case.document is not None
    assert (case.document.file, case.document.uploaded_as) == ("article.txt", "article (1).txt")
    wrong = {"notes.txt": b"nothing of the quotes here"}
    with pytest.raises(CaseError, match="not found word for word in 'article.txt'"):
        load_case_bytes(data, "case.yaml", documents=wrong)


@pytest.mark.parametrize(
    ("text", "files"),
    [
        ("one", {"a.txt": "x", "b.txt": "y"}),
        ("two", {"bulletin.txt": "x"}),
    ],
    ids=["two-files-uploaded", "two-documents-named"],
)
def test_no_file_stands_in_when_the_match_is_not_one_to_one(
    minimal_case_text: str, text: str, files: dict[str, str]
) -> None:
    """It takes no file as another's document when two files came along, or when the case
    names two document files: their quotes stay unchecked."""
    data = with_document(minimal_case_text) if text == "one" else TWO_DOCUMENTS
    documents = {name: content.encode() for name, content in files.items()}
    case = load_case_bytes(data.encode(), "case.yaml", documents=documents)
    assert not case.quotes_checked
    assert all(not d.uploaded_as for d in case.all_documents())


# --- hostile and malformed files ---------------------------------------------------------------


def test_rejects_bytes_that_are_not_utf8(rejection: Callable[..., str]) -> None:
    """It rejects a file that is not UTF-8, saying where the bad byte is."""
    message = rejection(b"title: caf\xe9\n")
    assert_message(message, None, "not UTF-8 text (invalid byte at offset 10)", None)


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"\xff\xfe\x00t\x00i"],
    ids=["all-bytes", "png", "utf16"],
)
def test_rejects_binary_bytes(rejection: Callable[..., str], data: bytes) -> None:
    """It rejects a binary file with the clear message."""
    assert rejection(data).startswith("case.yaml: ")


def test_rejects_control_characters(rejection: Callable[..., str]) -> None:
    """It rejects UTF-8 text holding control characters YAML does not allow."""
    message = rejection(b"title: x\x00\x01\n")
    assert message.startswith("case.yaml: not valid YAML")


def test_a_control_character_gets_a_one_line_message_with_its_line(
    rejection: Callable[..., str],
) -> None:
    """It names the line of a forbidden control character, in a one-line message."""
    message = rejection(b"title: ok\ndescription: x\x00\n")
    assert_message(message, None, "not valid YAML", 2)


def test_rejects_a_billion_laughs_file_fast(rejection: Callable[..., str]) -> None:
    """It refuses anchors and aliases at once, before anything can expand."""
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        levels.append(f"a{level}: &a{level} [{refs}]")
    started = time.perf_counter()
    message = rejection("\n".join(levels) + "\ntitle: *a9\n")
    assert time.perf_counter() - started < 1.0
    assert_message(message, None, "YAML anchors and aliases are not allowed", 1)


def test_rejects_an_anchor_in_an_otherwise_valid_case(
    rejection: Callable[..., str], case_with: Callable[..., str]
) -> None:
    """It refuses even a harmless-looking anchor and alias."""
    text = case_with(
        ('    question: share\n    quote: "tw', '    question: &q share\n    quote: "tw'),
        ('    question: share\n    quote: "at', '    question: *q\n    quote: "at'),
    )
    assert_message(rejection(text), None, "YAML anchors and aliases are not allowed", 16)


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("title: !!python/object/apply:os.system ['echo pwned']\n", "python/object/apply"),
        ("title: !!python/name:os.system\n", "python/name"),
        ("title: !!str 5\n", "tag:yaml.org,2002:str"),
        ("title: !custom x\n", "!custom"),
    ],
    ids=["python-apply", "python-name", "str", "custom"],
)
def test_rejects_explicit_tags(rejection: Callable[..., str], text: str, tag: str) -> None:
    """It refuses explicit YAML tags, the way a loader is asked to build objects."""
    message = rejection(text)
    assert_message(message, None, "YAML tags such as", 1)
    assert tag in message


@pytest.mark.parametrize(
    "text",
    ["[" * 10000, "[" * 100 + "]" * 100, "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 60))],
    ids=["unclosed-flow", "closed-flow", "block"],
)
def test_rejects_very_deep_nesting(rejection: Callable[..., str], text: str) -> None:
    """It refuses deep nesting with one clear message, however deep (libyaml stops at 1,000)."""
    assert_message(rejection(text), None, "nested more than 40 levels deep", None)


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n"])
def test_rejects_an_empty_file(rejection: Callable[..., str], text: str) -> None:
    """It rejects an empty file and says what a case needs."""
    assert_message(rejection(text), None, "the file is empty", None)


def test_rejects_several_yaml_documents(
    rejection: Callable[..., str], minimal_case_text: str
) -> None:
    """It rejects a file holding more than one YAML document, naming where the second starts."""
    message = rejection(minimal_case_text + "---\n" + minimal_case_text)
    assert_message(message, None, "not valid YAML (line 23, column 1)", None)


@pytest.mark.parametrize("text", ["just a sentence\n", "42\n", "- a\n- b\n"])
def test_rejects_a_file_that_is_not_a_mapping(rejection: Callable[..., str], text: str) -> None:
    """It rejects a plain scalar or a list at the top, saying a mapping is expected."""
    assert_message(rejection(text), None, "expected a mapping with keys title", 1)


def test_rejects_keys_that_are_not_text(rejection: Callable[..., str]) -> None:
    """It rejects a number or a list used as a key."""
    assert_message(rejection("1: x\n"), None, "key 1 must be text", 1)
    assert_message(rejection("? [a, b]\n: 1\n"), None, "expected a single value", 1)


def test_a_missing_case_file_gives_a_case_error(tmp_path: Path) -> None:
    """It answers a case file that does not exist with a CaseError naming it."""
    with pytest.raises(CaseError) as caught:
        load_case_file(tmp_path / "case.yaml")
    assert_message(str(caught.value), None, "cannot read the file", None)


YAML_BITS = list(":-[]{}!&*'\"\n #,?|>%@`0123456789.eE+xyz\t\\") + ["\x00", "é", "~", "null"]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    position=st.integers(0, 600),
    cut=st.integers(0, 12),
    inserted=st.lists(st.sampled_from(YAML_BITS), max_size=10).map("".join),
)
def test_a_mangled_case_gives_a_case_or_a_case_error(
    minimal_case_text: str, position: int, cut: int, inserted: str
) -> None:
    """It answers any corruption of a valid case with a case or a CaseError, nothing else."""
    text = minimal_case_text[:position] + inserted + minimal_case_text[position + cut :]
    try:
        load_case_bytes(text.encode(), "case.yaml")
    except CaseError as error:
        assert str(error).startswith("case.yaml: ")


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_give_a_case_error(data: bytes) -> None:
    """It answers arbitrary bytes with a CaseError naming the file."""
    with pytest.raises(CaseError) as caught:
        load_case_bytes(data, "upload.yaml")
    assert str(caught.value).startswith("upload.yaml: ")


# --- analyst fields and better messages ---------------------------------------------------


def test_every_problem_comes_at_once_references_and_quotes_included(
    minimal_case_text: str,
) -> None:
    """It names a fractional weight, an unknown source and a quote missing from the document in
    one pass (issue 18: an upload with three faults reported two, the unknown source only on
    the next round); the one line gives the first and how many more."""
    text = (
        with_document(minimal_case_text)
        .replace("weight: 60", "weight: 62.5")
        .replace("  - source: beta\n", "  - source: gamma\n")
        .replace("at least thirty", "at least forty")
    )
    documents = {"article.txt": MINIMAL_DOCUMENT.encode()}
    with pytest.raises(CaseError) as caught:
        load_case_bytes(text.encode(), "case.yaml", documents=documents)
    error = caught.value
    assert [problem.place for problem in error.problems] == [
        ("sources", 0, "weight"),
        ("claims", 1, "source"),
        ("claims", 1, "quote"),
    ]
    assert [problem.line for problem in error.problems] == [
        text[: text.index("62.5")].count("\n") + 1,
        text[: text.index("source: gamma")].count("\n") + 1,
        text[: text.index("at least forty")].count("\n") + 1,
    ]
    assert str(error) == f"case.yaml: {error.problems[0]} (and 2 more problems)"
    assert not error.capped


def test_a_problem_in_one_entry_leaves_the_others_and_the_references_checked(
    rejection: Callable[..., str],
) -> None:
    """It goes on past an unknown key, a bad grade and a missing key, to the next entry and
    every reference, naming each once."""
    text = (
        ANALYST_CASE.replace("weight: 40, reliability: D}", "weight: 40, reliability: Q}")
        .replace("{id: wire, name: Wire,", "{id: wire, nme: Wire,")
        .replace("via: [radio, wire]", "via: [radio, wires]")
        .replace("{id: op, source: operator,", "{id: op, source: operater,")
    )
    with pytest.raises(CaseError) as caught:
        load_case_bytes(text.encode(), "ferry.yaml")
    assert [str(problem.place) for problem in caught.value.problems] == [
        "sources[0].reliability",
        "sources[2].nme",
        "sources[2]",
        "sources[6].via[1]",
        "claims[0].source",
    ]


def test_at_most_twenty_problems_are_listed(rejection: Callable[..., str]) -> None:
    """It stops at MAX_PROBLEMS (20) and says that there are more than it lists."""
    assert MAX_PROBLEMS == 20
    claims = "".join(
        f"  - {{source: alpha, question: share, quote: q{i}, reading: {{range: [9, 1]}}}}\n"
        for i in range(25)
    )
    text = MINIMAL_CASE + claims
    with pytest.raises(CaseError) as caught:
        load_case_bytes(text.encode(), "case.yaml")
    error = caught.value
    assert len(error.problems) == 20 and error.capped
    assert str(error).endswith(" (and at least 19 more problems)")
    assert "\n" not in str(error)


SYNTAX_SLIPS = {
    "tab-indent": (
        ("  - id: beta\n", "\t- id: beta\n"),
        "not valid YAML (line 12, column 1): a tab is used for indentation; indent with spaces",
    ),
    "tab-inside-indent": (
        ("    name: Beta blog\n", "    name: Beta blog\n\tkind: x\n"),
        "not valid YAML (line 14, column 1): a tab is used for indentation",
    ),
    "quote-left-open": (
        ('"at least thirty percent"', '"at least thirty percent'),
        "the quote opened at line 21, column 12 is never closed; end the text with the same "
        "quote mark",
    ),
    "text-after-quote": (
        ('"at least thirty percent"', '"at least" thirty percent'),
        "not valid YAML (line 21, column 23): text follows a closing quote; a value that starts "
        "with a quote mark ends at the matching one, so put the whole value in quotes",
    ),
    "colon-in-text": (
        ("name: Beta blog", "name: Beta: a blog"),
        "not valid YAML (line 13, column 15): a colon followed by a space inside an unquoted "
        "text; put the text in quotes, or use >- for long text",
    ),
    "deeper-key": (
        ("    name: Beta blog", "      name: Beta blog"),
        "not valid YAML (line 13, column 11): a key indented deeper than the keys above it",
    ),
    "flow-left-open": (
        ("{range: [20, 40]}", "{range: [20, 40}"),
        "the list or mapping opened at line 18, column 22 is not closed with ']'",
    ),
}


@pytest.mark.parametrize(("edit", "words"), SYNTAX_SLIPS.values(), ids=SYNTAX_SLIPS.keys())
def test_a_yaml_syntax_error_is_said_in_plain_words(
    rejection: Callable[..., str], case_with: Callable[..., str], edit: Edit, words: str
) -> None:
    """It says what was found, at which line and column, and the usual fix, instead of the
    parser's words ("found character that cannot start any token")."""
    message = rejection(case_with(edit))
    assert message.startswith("case.yaml: not valid YAML (line "), message
    assert words in message, message
    assert "cannot start any token" not in message and "expected key" not in message


def test_a_missing_quote_names_the_closest_passage_and_the_curly_quotes() -> None:
    """It names the passage where only the quote marks differ."""
    document = "He said \u201cno\u201d twice.\n"
    text = (
        with_document(MINIMAL_CASE)
        .replace('"twenty to forty percent"', "'He said \"no\" twice'")
        .replace('"at least thirty percent"', '"twice"')
    )
    with pytest.raises(CaseError, match="curly against straight quotes"):
        load_case_bytes(text.encode(), "case.yaml", documents={"article.txt": document.encode()})


def test_a_missing_quote_names_what_differs_fast_on_a_large_document() -> None:
    """It finds the closest passage of a 1 MB document in well under a second."""
    document = ("filler words here. " * 55_000) + "Alpha said that twenty to forty-five percent."
    text = with_document(MINIMAL_CASE).replace('"at least thirty percent"', '"filler"')
    started = time.perf_counter()
    with pytest.raises(CaseError, match="closest passage is 'twenty to forty-five") as caught:
        load_case_bytes(text.encode(), "case.yaml", documents={"article.txt": document.encode()})
    assert time.perf_counter() - started < 1.0
    assert "the quote has" in str(caught.value)


def test_surrounding_paragraph_splits_the_paragraph_around_the_quote() -> None:
    """It returns the paragraph as before, quote and after, blank-line or line separated."""
    blank = "First one.\n\nSecond has the\nquote inside it.\n\nThird."
    assert surrounding_paragraph(blank, "the quote") == Passage(
        "Second has ", "the quote", " inside it."
    )
    lines = "First line.\nSecond line with the quote.\nThird line."
    assert surrounding_paragraph(lines, "the quote") == Passage(
        "Second line with ", "the quote", "."
    )
    assert surrounding_paragraph(lines, "absent") is None
