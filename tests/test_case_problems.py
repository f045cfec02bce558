"""Test cases for a case file's problems as data: their places, texts and lines."""

from __future__ import annotations

from dashboard.case import CaseError, CaseProblem, Place, load_case_bytes


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
