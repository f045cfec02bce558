"""Property tests that throw generated malformed and hostile case files at the loader.

Spec section 1: an uploaded case file is untrusted, and no input, however deep or
strange, may surface anything but a `CaseError` whose message names the file and
the place, the line, or why the whole file is refused. The generated files and the
checks of what comes out live in `tools/hostile_cases.py`, which
`scripts/fuzz_cases.py` runs thousands of times; `pytest --hypothesis-show-statistics`
counts the examples each test here tried. Two bugs the fuzzing found (huge non-decimal
integers, escaped lone surrogates) have regression tests at the end.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings

from dashboard.case import Case, CaseError, load_case_bytes
from tests.factories import export_with
from tools.hostile_cases import (
    BASE_TEXTS,
    DOCUMENT,
    DOCUMENT_FILE,
    CaseFile,
    check_load,
    corrupted_case_files,
    fragment_case_files,
    mutated_case_files,
    oversized_case_files,
)

FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
"""Hostile files vary wildly in size and cost; only the example count bounds a run."""


def test_the_starting_case_loads_in_every_layout_the_generator_writes() -> None:
    """It loads the unmutated starting case however it is laid out, with or without its document."""
    for index, text in enumerate(BASE_TEXTS):
        documents = [None, {}, {DOCUMENT_FILE: DOCUMENT}][index % 3]
        case = check_load(CaseFile("base", "case.yaml", text.encode(), documents))
        assert isinstance(case, Case), (text, case)
        assert [c.id for c in case.claims] == ["a-1", "b-many", "b-2"]
        assert case.quotes_checked == bool(documents)


@settings(FUZZ, max_examples=900)
@given(file=mutated_case_files())
def test_a_mutated_case_loads_by_the_rules_or_is_refused_with_a_place(file: CaseFile) -> None:
    """It loads an edited case only if it keeps every rule, and otherwise names the place.

    Edits drop, add and rename keys, put any type where another belongs (huge and
    non-finite numbers, empty and odd text, dates, nesting), copy values across
    (duplicate ids, wrong references) and share nodes (anchors and aliases).
    """
    check_load(file)


@settings(FUZZ, max_examples=700)
@given(file=fragment_case_files())
def test_hostile_yaml_is_refused_with_its_place_or_line(file: CaseFile) -> None:
    """It refuses aliases, tags, directives, deep nesting and broken syntax with a line."""
    check_load(file)


@settings(FUZZ, max_examples=900)
@given(file=corrupted_case_files())
def test_corrupted_bytes_are_refused_as_a_whole_or_with_a_place(file: CaseFile) -> None:
    """It refuses invalid UTF-8 with its offset, and NULs or cut-off text with a place."""
    check_load(file)


@settings(FUZZ, max_examples=500)
@given(file=oversized_case_files())
def test_a_file_over_the_cap_is_refused_for_its_size(file: CaseFile) -> None:
    """It refuses a file over the cap, whatever it holds, saying its size and the limit."""
    refusal = check_load(file)
    assert isinstance(refusal, CaseError)
    assert "uploads are limited to" in str(refusal)


# --- bugs the fuzzing found, now fixed ---------------------------------------------------

MINIMAL = (
    "title: T\n"
    "questions:\n  - id: q\n    text: Q\n    min: 0\n    max: 100\n"
    "    codebook:\n      many: {range: [1, 2]}\n"
    "sources:\n  - {id: s, name: S}\n"
    'claims:\n  - {source: s, question: q, quote: "x", reading: {range: [1, 2]}}\n'
)
"""The smallest case the regression tests below can plant a value in: a title, an id, a
key, a codebook label and a quote; it is their point, so it stays beside them."""
HUGE_HEX = "0x" + "f" * 4000
"""An integer of 4,817 decimal digits: Python refuses to turn it into decimal text."""


@pytest.mark.parametrize(
    ("old", "new", "place"),
    [
        ("title: T", f"title: {HUGE_HEX}", "title"),
        ("{id: s,", f"{{id: {HUGE_HEX},", "sources[0].id"),
        ("title: T\n", f"title: T\n? {HUGE_HEX}\n: 1\n", ""),
        (
            "      many:",
            f"      ? {HUGE_HEX}\n      : {{range: [1, 2]}}\n      many:",
            "questions[0].codebook",
        ),
        ('quote: "x"', "quote: 0b" + "1" * 15000, "claims[0].quote"),
        ("title: T", "title: 1" + ":59" * 3000, "title"),
    ],
    ids=["hex-title", "hex-id", "hex-key", "hex-label", "binary-quote", "sexagesimal-title"],
)
def test_a_huge_non_decimal_integer_is_refused_with_its_place(
    old: str, new: str, place: str
) -> None:
    """It refuses a huge hex, binary or base-60 integer where text belongs, naming the place."""
    file = CaseFile("regression", "case.yaml", MINIMAL.replace(old, new, 1).encode())
    refusal = check_load(file)
    assert isinstance(refusal, CaseError)
    assert str(refusal).startswith(f"case.yaml: {place}: " if place else "case.yaml: ")


@pytest.mark.parametrize("escape", ["\\ud800", "\\ud83d\\ude00"], ids=["lone", "json-pair"])
def test_an_escaped_surrogate_is_refused_or_exported(escape: str) -> None:
    """It refuses text that cannot be UTF-8, naming the place, or exports it as UTF-8."""
    text = MINIMAL.replace('quote: "x"', f'quote: "{escape}"')
    try:
        case = load_case_bytes(text.encode(), "case.yaml")
    except CaseError as error:  # the parser names the line, or the loader the place
        assert re.match(r"case\.yaml: (claims\[0\]\.quote: |not valid YAML \(line 12,)", str(error))
        return
    export_with(case, {}).decode("utf-8")
