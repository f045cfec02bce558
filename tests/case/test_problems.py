"""Test cases for a case file's problems: every one at once, as data, at most twenty."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dashboard.case import (
    MAX_PROBLEMS,
    CaseError,
    CaseProblem,
    Place,
    load_case_bytes,
)
from tests.factories import ANALYST_CASE, MINIMAL_CASE, MINIMAL_DOCUMENT
from tests.support.case_files import (
    with_document,
)


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


def test_a_place_reads_as_the_path_a_person_would_write() -> None:
    """Keys join with dots, list positions go in brackets, the file itself is empty."""
    assert str(Place(("claims", 3, "quote"))) == "claims[3].quote"
    assert str(Place(("sources",)).item(0).key("via").item(1)) == "sources[0].via[1]"
    assert str(Place(("scenarios", 0, "readings", "q.big"))) == "scenarios[0].readings.q.big"
    assert str(Place()) == "" and not Place()
    assert f"{Place(('title',))}" == "title"


def test_a_problem_is_one_line_naming_its_place_and_line() -> None:
    """The text joins place, message and line; whitespace in quoted user text folds."""
    problem = CaseProblem(Place(("claims", 0, "quote")), "not found:\n'a\tb'", 12)
    assert str(problem) == "claims[0].quote: not found: 'a b' (line 12)"
    assert str(CaseProblem(Place(), "the file is empty")) == "the file is empty"


def test_an_error_keeps_its_problems_as_data_and_reads_as_one_line() -> None:
    """A missing key is named as the key and its mapping; the error's text stays one line."""
    text = "title: T\nquestions:\n  - {id: q, text: Q, unit: u, min: 0}\n"
    try:
        load_case_bytes(text.encode(), "case.yaml")
    except CaseError as error:
        first, question = error.problems[0], error.problems[2]
        assert (first.place, first.missing_key, first.line) == ((), "sources", 1)
        assert (question.place, question.missing_key, question.line) == (("questions", 0), "max", 3)
        assert error.texts[2] == "questions[0]: missing required key 'max' (line 3)"
        assert str(error) == (
            "case.yaml: missing required key 'sources' (line 1) (and 2 more problems)"
        )
    else:
        raise AssertionError("a question without max loaded")


def test_a_plain_text_problem_is_about_the_whole_file() -> None:
    error = CaseError("case.yaml", ["not UTF-8 text"])
    assert error.problems == (CaseProblem(Place(), "not UTF-8 text"),)
    assert str(error) == "case.yaml: not UTF-8 text"
