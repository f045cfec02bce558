"""Test cases for the text forms: one parser each for the command line, the link and the
workbench (spec sections 2, 6, 7, 12 and 13)."""

from __future__ import annotations

import pytest

from dashboard.case import AtLeast, AtMost, CaseError, Question, Range, load_case_bytes
from dashboard.case.model import cut
from dashboard.text_forms import (
    TextFormError,
    items,
    label_reading_item,
    parse_bounds_text,
    parse_decimal,
    parse_reading,
    parse_reading_text,
    parse_weight,
    question_item,
    weight_item,
)

SHARE = Question(id="share", text="What share?", unit="percent", min=0, max=100)


def test_a_reading_is_read_from_each_of_its_three_forms() -> None:
    assert parse_reading(" range:5:25 ") == Range(5, 25)
    assert parse_reading("at_least:1000") == AtLeast(1000)
    assert parse_reading("at_most:2.5") == AtMost(2.5)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("range:25:5", "range:25:5: low end 25 must be below high end 5"),
        ("range:5", "'range:5' is not a reading: write range:A:B, at_least:A or at_most:B"),
        ("at_least:1e3", "is not a reading"),
        ("x" * 100, "'" + "x" * 40 + "…' is not a reading"),
    ],
)
def test_a_text_that_is_not_a_reading_is_named(text: str, fragment: str) -> None:
    with pytest.raises(TextFormError) as caught:
        parse_reading(text)
    assert fragment in str(caught.value)


def test_the_domain_rule_is_the_case_files_own() -> None:
    """The text form and the case file refuse a reading outside the question's domain with
    the same words, from the one rule in the case model."""
    with pytest.raises(TextFormError) as caught:
        parse_reading_text("at_most:0", SHARE)
    assert str(caught.value) == "at_most:0: 0 must be above 0 and at most 100"
    case = (
        "title: T\nquestions:\n  - {id: share, text: S, unit: percent, min: 0, max: 100}\n"
        "sources:\n  - {id: a, name: A, kind: ngo, weight: 50}\n"
        "claims:\n  - {source: a, question: share, quote: q, reading: {at_most: 0}}\n"
    )
    with pytest.raises(CaseError) as loaded:
        load_case_bytes(case.encode(), "case.yaml")
    assert loaded.value.problems[0].message == "0 must be above 0 and at most 100"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0", 0), ("100", 100), (" 40 ", 40)],
)
def test_a_weight_is_a_whole_number_from_0_to_100(text: str, expected: int) -> None:
    assert parse_weight(text, "cit") == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("101", "101 for 'cit' is outside 0..100"),
        ("62.5", "'62.5' for 'cit' is not a whole number from 0 to 100, such as 40"),
        ("-1", "'-1' for 'cit' is not a whole number"),
        ("", "'' for 'cit' is not a whole number"),
    ],
)
def test_a_weight_that_is_not_one_is_named_with_its_source(text: str, message: str) -> None:
    with pytest.raises(TextFormError) as caught:
        parse_weight(text, "cit")
    assert message in str(caught.value)


def test_lists_split_on_commas_and_line_breaks() -> None:
    assert items("a:1, b:2\nc:3") == ["a:1", "b:2", "c:3"]
    assert items("a:1,", skip_empty=True) == ["a:1"]
    with pytest.raises(TextFormError, match="has an empty item"):
        items("a:1,,b:2")


def test_each_item_form_is_split_once() -> None:
    assert weight_item(" cit : 40 ") == ("cit", "40")
    assert label_reading_item("share.most=range:60:90") == ("share", "most", "range:60:90")
    assert question_item("share=10:90") == ("share", "10:90")
    for bad, form in [(":40", weight_item), ("share=range:1:2", label_reading_item)]:
        with pytest.raises(TextFormError, match="is not"):
            form(bad)


def test_bounds_and_thresholds_are_plain_decimals() -> None:
    assert parse_bounds_text("1000:60000") == (1000, 60000)
    assert parse_decimal("2.5") == 2.5
    with pytest.raises(TextFormError, match="is not bounds: write LO:HI"):
        parse_bounds_text("1000")
    with pytest.raises(TextFormError, match="is not a number"):
        parse_decimal("inf")


def test_a_value_is_cut_to_forty_characters_in_one_place() -> None:
    assert cut("x" * 40) == "x" * 40
    assert cut("x" * 41) == "x" * 40 + "…"
