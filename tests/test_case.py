"""Test cases for the case module: reading and validating case files (spec section 1)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.case import (
    UPLOAD_LIMIT_BYTES,
    CaseError,
    collapse_whitespace,
    load_case_bytes,
    load_case_file,
)

Edit = tuple[str, str]

DOCUMENT_HEADER = "title: A small test case\ndocument:\n  title: Notes\n  file: article.txt\n"


def assert_message(message: str, place: str | None, fragment: str, line: int | None) -> None:
    """The message names the file, the place, the problem and (where given) the line."""
    assert message.startswith("case.yaml: "), message
    if place is not None:
        starts = (f"case.yaml: {place}: ", f"problems: {place}: ", f"; {place}: ")
        assert any(start in message for start in starts), message
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


# --- unknown, repeated and missing keys -------------------------------------------


@pytest.mark.parametrize(
    ("edit", "place", "line"),
    [
        (("title: A small test case\n", "title: A small test case\ntitel: x\n"), "titel", 2),
        (('    unit: "%"\n', '    unit: "%"\n    units: ships\n'), "questions[0].units", 6),
        (
            ("    name: Beta blog\n", "    name: Beta blog\n    wieght: 10\n"),
            "sources[1].wieght",
            14,
        ),
        (("{at_least: 30}\n", "{at_least: 30}\n    rational: x\n"), "claims[1].rational", 23),
        (("{at_least: 30}", "{at_leest: 30}"), "claims[1].reading.at_leest", 22),
        (
            ("title: A small test case\n", "title: A small test case\ndocument:\n  titel: x\n"),
            "document.titel",
            3,
        ),
        (
            (
                "    max: 100\n",
                "    max: 100\n    codebook:\n      many: {range: [5, 9], note: x}\n",
            ),
            "questions[0].codebook.many.note",
            9,
        ),
    ],
    ids=["top-level", "question", "source", "claim", "reading", "document", "codebook-entry"],
)
def test_rejects_unknown_keys(
    rejection: Callable[..., str], case_with: Callable[..., str], edit: Edit, place: str, line: int
) -> None:
    """It rejects a key it does not know, naming the key, where it is and its line."""
    key = place.rsplit(".", 1)[-1]
    assert_message(rejection(case_with(edit)), place, f"unknown key '{key}'", line)


@pytest.mark.parametrize(
    ("edit", "place", "fragment", "line"),
    [
        (
            ("title: A small test case\n", "title: A small test case\ntitle: Again\n"),
            None,
            "key 'title' is written twice",
            2,
        ),
        (("    min: 0\n", "    min: 0\n    min: 1\n"), "questions[0]", "key 'min'", 7),
        (
            ("    name: Beta blog\n", "    name: Beta blog\n    name: B\n"),
            "sources[1]",
            "'name'",
            14,
        ),
        (
            ("  - source: alpha\n", "  - source: alpha\n    source: beta\n"),
            "claims[0]",
            "'source'",
            16,
        ),
        (("{at_least: 30}", "{at_least: 30, at_least: 40}"), "claims[1].reading", "'at_least'", 22),
        (
            ("title: A small test case\n", DOCUMENT_HEADER + "  title: Again\n"),
            "document",
            "key 'title' is written twice",
            5,
        ),
        (
            (
                "    max: 100\n",
                "    max: 100\n    codebook:\n"
                "      many: {at_least: 5}\n      many: {at_most: 9}\n",
            ),
            "questions[0].codebook",
            "label 'many' is written twice",
            10,
        ),
    ],
    ids=["top-level", "question", "source", "claim", "reading", "document", "codebook-label"],
)
def test_rejects_a_key_written_twice(
    rejection: Callable[..., str],
    case_with: Callable[..., str],
    edit: Edit,
    place: str | None,
    fragment: str,
    line: int,
) -> None:
    """It rejects a mapping that writes one key twice instead of keeping the last silently."""
    message = rejection(case_with(edit))
    assert_message(message, place, fragment, line)
    assert "twice" in message


@pytest.mark.parametrize(
    ("edit", "place", "key", "line"),
    [
        (("title: A small test case\n", ""), None, "title", 1),
        (("    text: Share of ships waiting\n", ""), "questions[0]", "text", 3),
        (("    min: 0\n", ""), "questions[0]", "min", 3),
        (("    max: 100\n", ""), "questions[0]", "max", 3),
        (("  - id: beta\n    name: Beta blog\n", "  - id: beta\n"), "sources[1]", "name", 12),
        (("  - id: alpha\n", "  - kind: agency\n"), "sources[0]", "id", 9),
        (("  - source: alpha\n", "  -\n"), "claims[0]", "source", 16),
        (('    quote: "twenty to forty percent"\n', ""), "claims[0]", "quote", 15),
        (("    reading: {range: [20, 40]}\n", ""), "claims[0]", "reading", 15),
    ],
    ids=[
        "title",
        "question-text",
        "question-min",
        "question-max",
        "source-name",
        "source-id",
        "claim-source",
        "claim-quote",
        "claim-reading",
    ],
)
def test_rejects_a_missing_required_key(
    rejection: Callable[..., str],
    case_with: Callable[..., str],
    edit: Edit,
    place: str | None,
    key: str,
    line: int,
) -> None:
    """It rejects a mapping that lacks a required key, naming the key."""
    assert_message(rejection(case_with(edit)), place, f"missing required key '{key}'", line)


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


@pytest.mark.parametrize(
    ("edit", "place", "fragment", "line"),
    [
        (("title: A small test case", "title: 5"), "title", "expected text, got 5", 1),
        (("title: A small test case", 'title: "  "'), "title", "must not be empty", 1),
        (('"twenty to forty percent"', '""'), "claims[0].quote", "must not be empty", 17),
        (("    name: Beta blog", "    name: [Beta]"), "sources[1].name", "expected a single", 13),
        (("  - id: alpha\n", "  - id: alpha\n    via: beta\n"), "sources[0].via", "a list", 10),
        (("{range: [20, 40]}", "[20, 40]"), "claims[0].reading", "expected a mapping", 18),
    ],
    ids=["number-as-text", "blank-text", "empty-quote", "list-as-text", "via-not-list", "reading"],
)
def test_rejects_a_value_of_the_wrong_shape(
    rejection: Callable[..., str],
    case_with: Callable[..., str],
    edit: Edit,
    place: str,
    fragment: str,
    line: int,
) -> None:
    """It rejects text, lists and mappings where the format expects something else."""
    assert_message(rejection(case_with(edit)), place, fragment, line)


# --- references and ids -------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "place", "fragment", "line"),
    [
        (("  - source: beta\n", "  - source: gamma\n"), "claims[1].source", "'gamma'", 19),
        (
            ('    question: share\n    quote: "at', '    question: shares\n    quote: "at'),
            "claims[1].question",
            "no question has the id 'shares'",
            20,
        ),
        (
            ("    weight: 60\n", "    weight: 60\n    via: [beta, gamma]\n"),
            "sources[0].via[1]",
            "no source has the id 'gamma'",
            12,
        ),
        (
            ("    weight: 60\n", "    weight: 60\n    via: [alpha]\n"),
            "sources[0].via[0]",
            "a source cannot relay itself",
            12,
        ),
    ],
    ids=["claim-source", "claim-question", "via", "via-itself"],
)
def test_rejects_an_id_reference_that_does_not_resolve(
    rejection: Callable[..., str],
    case_with: Callable[..., str],
    edit: Edit,
    place: str,
    fragment: str,
    line: int,
) -> None:
    """It rejects a claim or relay that names a source or question the case lacks."""
    assert_message(rejection(case_with(edit)), place, fragment, line)


@pytest.mark.parametrize(
    ("edit", "place", "line"),
    [
        (("id: share", "id: Share"), "questions[0].id", 3),
        (("id: alpha", "id: al pha"), "sources[0].id", 9),
        (("id: alpha", "id: " + "a" * 65), "sources[0].id", 9),
        (("id: beta", 'id: ""'), "sources[1].id", 12),
        (("id: beta", "id: 5"), "sources[1].id", 12),
        (("id: beta", "id: bêta"), "sources[1].id", 12),
        (("  - source: alpha\n", "  - id: Claim.1\n    source: alpha\n"), "claims[0].id", 15),
        (("  - source: alpha\n", "  - source: Alpha\n"), "claims[0].source", 15),
    ],
    ids=["uppercase", "space", "65-chars", "empty", "number", "accent", "dot", "reference"],
)
def test_rejects_an_id_that_is_not_a_slug(
    rejection: Callable[..., str],
    case_with: Callable[..., str],
    edit: Edit,
    place: str,
    line: int,
) -> None:
    """It rejects an id outside [a-z0-9_-]{1,64} and says what an id may contain."""
    assert_message(rejection(case_with(edit)), place, "is not an id: use 1 to 64", line)


@pytest.mark.parametrize(
    ("edit", "place", "fragment", "line"),
    [
        (
            (
                "    max: 100\n",
                "    max: 100\n  - id: share\n    text: t\n    min: 0\n    max: 1\n",
            ),
            "questions[1].id",
            "'share' is used twice",
            8,
        ),
        (("  - id: beta\n", "  - id: alpha\n"), "sources[1].id", "'alpha' is used twice", 12),
        (
            (
                "    reading: {range: [20, 40]}\n  - source: beta\n",
                "    id: same\n    reading: {range: [20, 40]}\n  - source: beta\n    id: same\n",
            ),
            "claims[1].id",
            "claim id 'same' is already used by claims[0]",
            21,
        ),
        (
            ("  - source: alpha\n", "  - source: alpha\n    id: beta-1\n"),
            "claims[1].id",
            "claim id 'beta-1' is already used by claims[0]",
            20,
        ),
        (
            ("  - source: beta\n", "  - source: beta\n    id: alpha-1\n"),
            "claims[1].id",
            "claim id 'alpha-1' is already used by claims[0]",
            20,
        ),
    ],
    ids=["question", "source", "claim", "default-after-explicit", "explicit-after-default"],
)
def test_rejects_a_duplicate_id(
    rejection: Callable[..., str],
    case_with: Callable[..., str],
    edit: Edit,
    place: str,
    fragment: str,
    line: int,
) -> None:
    """It rejects two questions, sources or claims with one id, default claim ids included."""
    assert_message(rejection(case_with(edit)), place, fragment, line)


# --- questions and readings ---------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "place", "fragment", "line"),
    [
        (("    min: 0\n", "    min: 0\n    scale: log\n"), "questions[0].min", "min > 0", 6),
        (("    min: 0\n", "    min: -1\n    scale: log\n"), "questions[0].min", "min > 0", 6),
        (("    max: 100", "    max: 0"), "questions[0].max", "max 0 must exceed min 0", 7),
        (("    max: 100", "    max: -5"), "questions[0].max", "max -5 must exceed min 0", 7),
        (
            ("    min: 0\n", "    min: 0\n    scale: logarithmic\n"),
            "questions[0].scale",
            "'logarithmic' is not linear or log",
            7,
        ),
    ],
    ids=["log-min-zero", "log-min-negative", "max-equals-min", "max-below-min", "unknown-scale"],
)
def test_rejects_a_question_with_a_bad_domain(
    rejection: Callable[..., str],
    case_with: Callable[..., str],
    edit: Edit,
    place: str,
    fragment: str,
    line: int,
) -> None:
    """It rejects max <= min, a log scale without a positive min, and unknown scales."""
    assert_message(rejection(case_with(edit)), place, fragment, line)


@pytest.mark.parametrize(
    ("edit", "place", "fragment", "line"),
    [
        (("[20, 40]", "[20, 140]"), "claims[0].reading.range", "140 lies outside", 18),
        (("[20, 40]", "[-5, 40]"), "claims[0].reading.range", "-5 lies outside", 18),
        (("[20, 40]", "[40, 20]"), "claims[0].reading.range", "low end 40 must be below", 18),
        (("[20, 40]", "[30, 30]"), "claims[0].reading.range", "low end 30 must be below", 18),
        (("[20, 40]", "[20]"), "claims[0].reading.range", "two numbers", 18),
        (("[20, 40]", "[20, 30, 40]"), "claims[0].reading.range", "two numbers", 18),
        (("at_least: 30", "at_least: 100"), "claims[1].reading.at_least", "below 100", 22),
        (("at_least: 30", "at_least: 120"), "claims[1].reading.at_least", "below 100", 22),
        (("at_least: 30", "at_least: -1"), "claims[1].reading.at_least", "at least 0", 22),
        (("at_least: 30", "at_most: 0"), "claims[1].reading.at_most", "must be above 0", 22),
        (("at_least: 30", "at_most: -3"), "claims[1].reading.at_most", "must be above 0", 22),
        (("at_least: 30", "at_most: 101"), "claims[1].reading.at_most", "at most 100", 22),
        (("{at_least: 30}", "{}"), "claims[1].reading", "give exactly one of", 22),
        (
            ("{at_least: 30}", "{at_least: 30, at_most: 40}"),
            "claims[1].reading",
            "give exactly one of",
            22,
        ),
    ],
    ids=[
        "range-above-max",
        "range-below-min",
        "range-reversed",
        "range-empty",
        "range-one-number",
        "range-three-numbers",
        "at-least-at-max",
        "at-least-above-max",
        "at-least-below-min",
        "at-most-at-min",
        "at-most-below-min",
        "at-most-above-max",
        "no-kind",
        "two-kinds",
    ],
)
def test_rejects_a_reading_outside_the_rules(
    rejection: Callable[..., str],
    case_with: Callable[..., str],
    edit: Edit,
    place: str,
    fragment: str,
    line: int,
) -> None:
    """It rejects readings outside [min, max], ranges with low >= high, and one-sided
    readings that leave no room on their side."""
    assert_message(rejection(case_with(edit)), place, fragment, line)


def test_rejects_a_label_missing_from_the_codebook(
    rejection: Callable[..., str], case_with: Callable[..., str]
) -> None:
    """It rejects a label the question's codebook does not define, listing the known ones."""
    text = case_with(
        ("    max: 100\n", "    max: 100\n    codebook:\n      many: {range: [50, 90]}\n"),
        ("{at_least: 30}", "{label: lots}"),
    )
    message = rejection(text)
    assert_message(
        message,
        "claims[1].reading.label",
        "label 'lots' is not in the codebook of question 'share'",
        24,
    )
    assert "known labels: many" in message


def test_rejects_a_label_when_the_question_has_no_codebook(
    rejection: Callable[..., str], case_with: Callable[..., str]
) -> None:
    """It rejects any label on a question without a codebook."""
    message = rejection(case_with(("{at_least: 30}", "{label: many}")))
    assert_message(message, "claims[1].reading.label", "known labels: none", 22)


@pytest.mark.parametrize(
    ("entry", "place", "fragment"),
    [
        ("{range: [50, 190]}", "questions[0].codebook.many.range", "190 lies outside"),
        ("{label: few}", "questions[0].codebook.many.label", "unknown key 'label'"),
        ("{rationale: why}", "questions[0].codebook.many", "give exactly one of"),
        ("[50, 90]", "questions[0].codebook.many", "expected a mapping"),
    ],
    ids=["out-of-bounds", "label-of-label", "no-reading", "not-a-mapping"],
)
def test_rejects_a_bad_codebook_entry(
    rejection: Callable[..., str],
    case_with: Callable[..., str],
    entry: str,
    place: str,
    fragment: str,
) -> None:
    """It checks a codebook entry's reading by the same rules as a claim's."""
    text = case_with(("    max: 100\n", f"    max: 100\n    codebook:\n      many: {entry}\n"))
    assert_message(rejection(text), place, fragment, 9)


# --- weights and numbers ------------------------------------------------------------------


@pytest.mark.parametrize("weight", ["101", "-1", "100.5", "-0.001"])
def test_rejects_a_weight_outside_0_to_100(
    rejection: Callable[..., str], case_with: Callable[..., str], weight: str
) -> None:
    """It rejects a default weight below 0 or above 100."""
    message = rejection(case_with(("    weight: 60", f"    weight: {weight}")))
    assert_message(message, "sources[0].weight", "is outside 0..100", 11)


@pytest.mark.parametrize(
    ("edit", "place", "fragment", "line"),
    [
        (("weight: 60", "weight: .nan"), "sources[0].weight", "expected a finite number", 11),
        (("weight: 60", "weight: .inf"), "sources[0].weight", "expected a finite number", 11),
        (("weight: 60", "weight: -.inf"), "sources[0].weight", "expected a finite number", 11),
        (("weight: 60", "weight: true"), "sources[0].weight", "expected a number, got True", 11),
        (("weight: 60", 'weight: "60"'), "sources[0].weight", "expected a number, got '60'", 11),
        (("weight: 60", "weight: 1" + "0" * 400), "sources[0].weight", "too large", 11),
        (("max: 100", "max: .inf"), "questions[0].max", "expected a finite number", 7),
        (("min: 0", "min: .NaN"), "questions[0].min", "expected a finite number", 6),
        (("min: 0", "min: no"), "questions[0].min", "expected a number, got False", 6),
        (("min: 0", "min: 2024-01-01"), "questions[0].min", "expected a number", 6),
        (("max: 100", "max: 1.0e+400"), "questions[0].max", "expected a finite number", 7),
        (("[20, 40]", "[.nan, 40]"), "claims[0].reading.range[0]", "finite number", 18),
        (("[20, 40]", "[20, .inf]"), "claims[0].reading.range[1]", "finite number", 18),
        (("[20, 40]", "[false, 40]"), "claims[0].reading.range[0]", "got False", 18),
        (("at_least: 30", "at_least: yes"), "claims[1].reading.at_least", "got True", 22),
        (("at_least: 30", "at_least: ~"), "claims[1].reading.at_least", "got None", 22),
    ],
    ids=[
        "weight-nan",
        "weight-inf",
        "weight-minus-inf",
        "weight-bool",
        "weight-string",
        "weight-huge-int",
        "max-inf",
        "min-nan",
        "min-bool",
        "min-date",
        "max-overflow",
        "range-nan",
        "range-inf",
        "range-bool",
        "at-least-bool",
        "at-least-null",
    ],
)
def test_rejects_a_number_that_is_not_finite_or_not_a_number(
    rejection: Callable[..., str],
    case_with: Callable[..., str],
    edit: Edit,
    place: str,
    fragment: str,
    line: int,
) -> None:
    """It rejects NaN, infinities, booleans, text and overflowing numbers where numbers go."""
    assert_message(rejection(case_with(edit)), place, fragment, line)


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


def test_rejects_a_quote_not_found_in_the_document(
    rejection: Callable[..., str], minimal_case_text: str
) -> None:
    """It rejects a quote that does not occur word for word in the document."""
    text = with_document(minimal_case_text).replace("at least thirty", "at least forty")
    message = rejection(text, documents={"article.txt": "twenty to forty percent; at least 30"})
    assert_message(message, "claims[1].quote", "not found word for word in 'article.txt'", 22)


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


@pytest.mark.parametrize(
    "file", ["../article.txt", "/etc/passwd", "notes/../../article.txt", "..\\\\article.txt"]
)
def test_rejects_a_document_path_outside_the_case_folder(
    rejection: Callable[..., str], minimal_case_text: str, file: str
) -> None:
    """It rejects a document file given with '..', as an absolute path or with backslashes."""
    text = with_document(minimal_case_text).replace("file: article.txt", f'file: "{file}"')
    message = rejection(text, documents={"article.txt": "irrelevant"})
    assert_message(message, "document.file", "without '..'", 4)


def test_rejects_a_document_file_missing_on_disk(
    rejection: Callable[..., str], minimal_case_text: str
) -> None:
    """It rejects a case on disk whose document file is not beside it."""
    message = rejection(with_document(minimal_case_text))
    assert_message(message, "document.file", "'article.txt' not found beside the case file", 4)


def test_rejects_a_document_file_that_is_not_utf8(
    rejection: Callable[..., str], minimal_case_text: str
) -> None:
    """It rejects a document file that is not UTF-8 text."""
    message = rejection(
        with_document(minimal_case_text), documents={"article.txt": b"caf\xe9 twenty"}
    )
    assert_message(message, "document.file", "'article.txt' is not UTF-8 text", 4)


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
    assert_message(str(caught.value), "claims[0].quote", "not found word for word", 18)


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


def test_rejects_invalid_yaml_with_its_line_and_column(
    rejection: Callable[..., str], case_with: Callable[..., str]
) -> None:
    """It reports a YAML syntax error with the line and column the parser gives."""
    message = rejection(case_with(("    name: Beta blog\n", "    name: Beta blog\n\tkind: x\n")))
    assert_message(message, None, "not valid YAML (line 14, column 1)", None)


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

from dashboard.case import Passage, surrounding_paragraph  # noqa: E402
from tests.conftest import MINIMAL_CASE as MINIMAL_CASE_TEXT  # noqa: E402
from tests.factories import ANALYST_CASE  # noqa: E402


def test_several_problems_are_listed_in_one_line(rejection: Callable[..., str]) -> None:
    """It names every broken place of a case in one line, each with its line."""
    text = MINIMAL_CASE_TEXT.replace("weight: 60", "weight: 160").replace(
        "{range: [20, 40]}", "{range: [40, 20]}"
    )
    message = rejection(text)
    assert message.startswith("case.yaml: 2 problems: sources[0].weight: "), message
    assert "; claims[0].reading.range: low end 40 must be below high end 20 (line" in message
    assert "\n" not in message


def test_a_colon_in_a_plain_value_gets_a_hint(rejection: Callable[..., str]) -> None:
    """It tells the author to quote a value holding ': ' (or use >-)."""
    text = MINIMAL_CASE_TEXT.replace("name: Beta blog", "name: Beta: a blog")
    message = rejection(text)
    assert "not valid YAML (line" in message and "put in quotes, or use >-" in message


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("reliability", "G", "A to F"),
        ("reliability", "AB", "A to F"),
        ("credibility", "7", "1 to 6"),
        ("credibility", "2.5", "1 to 6"),
    ],
)
def test_rejects_a_grade_outside_the_scale(
    rejection: Callable[..., str], field: str, value: str, fragment: str
) -> None:
    """It refuses a source grade other than A-F and an information grade other than 1-6."""
    old = "    reliability: D" if field == "reliability" else "credibility: 2}"
    text = (
        ANALYST_CASE.replace(
            "{id: operator, name: Operator, weight: 40, reliability: D}",
            f"{{id: operator, name: Operator, weight: 40, reliability: {value}}}",
        )
        if field == "reliability"
        else ANALYST_CASE.replace(old, f"credibility: {value}}}")
    )
    assert fragment in rejection(text)


def test_rejects_a_scenario_naming_an_unknown_source(rejection: Callable[..., str]) -> None:
    """It refuses scenario weights for a source the case does not have, naming the place."""
    text = ANALYST_CASE.replace("{police: 100,", "{polize: 100,")
    message = rejection(text)
    assert "scenarios[0].weights.polize: no source has the id 'polize'" in message


def test_rejects_a_scenario_reading_of_an_unknown_label(rejection: Callable[..., str]) -> None:
    """It refuses a scenario reading whose label is not in the question's codebook."""
    message = rejection(ANALYST_CASE.replace("aboard.crowded:", "aboard.packed:"))
    assert "scenarios[1].readings.aboard.packed: label 'packed'" in message


def test_a_missing_quote_names_the_closest_passage_and_the_curly_quotes() -> None:
    """It names the passage where only the quote marks differ."""
    document = "He said \u201cno\u201d twice.\n"
    text = (
        with_document(MINIMAL_CASE_TEXT)
        .replace('"twenty to forty percent"', "'He said \"no\" twice'")
        .replace('"at least thirty percent"', '"twice"')
    )
    with pytest.raises(CaseError, match="curly against straight quotes"):
        load_case_bytes(text.encode(), "case.yaml", documents={"article.txt": document.encode()})


def test_a_missing_quote_names_what_differs_fast_on_a_large_document() -> None:
    """It finds the closest passage of a 1 MB document in well under a second."""
    document = ("filler words here. " * 55_000) + "Alpha said that twenty to forty-five percent."
    text = with_document(MINIMAL_CASE_TEXT).replace('"at least thirty percent"', '"filler"')
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
