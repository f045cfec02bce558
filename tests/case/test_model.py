"""Test cases for the case model's rules on readings: a range's order, a reading's domain,
and the reading a form's fields say."""

from __future__ import annotations

from dashboard.case import AtLeast, AtMost, Question, Range
from dashboard.case.model import outside_domain, range_problem, reading_from_fields

SHARE = Question("share", "What share?", "%", 0, 100)
CROWD = Question("crowd", "How many?", "people", 1, 10_000_000, "log")


def test_a_forms_fields_give_the_reading_of_their_kind() -> None:
    assert reading_from_fields("range", 5, 25, SHARE) == Range(5, 25)
    assert reading_from_fields("at_least", 5, 25, SHARE) == AtLeast(5)
    assert reading_from_fields("at_most", 5, 25, SHARE) == AtMost(25)


def test_the_fields_are_taken_as_typed_however_many_digits() -> None:
    """No round trip through text: 0.1234567 stays 0.1234567, and 1,234,567 is no
    '1.23457e+06' that the text form refuses."""
    assert reading_from_fields("range", 0.1234567, 0.5, SHARE) == Range(0.1234567, 0.5)
    assert reading_from_fields("at_least", 1_234_567, 0, CROWD) == AtLeast(1_234_567)


def test_a_reading_the_rules_refuse_is_said_with_the_reading() -> None:
    assert reading_from_fields("range", 25, 5, SHARE) == (
        "range:25:5: low end 25 must be below high end 5"
    )
    assert reading_from_fields("at_most", 5, 0, SHARE) == (
        "at_most:0: 0 must be above 0 and at most 100"
    )
    assert reading_from_fields("range", 50, 150, SHARE) == (
        "range:50:150: 150 lies outside the question's [0, 100]"
    )


def test_the_domain_rule_holds_each_kind_to_its_end() -> None:
    assert range_problem(1, 1) == "low end 1 must be below high end 1"
    assert outside_domain(Range(0, 100), 0, 100) is None
    assert outside_domain(AtLeast(100), 0, 100) == "100 must be at least 0 and below 100"
    assert outside_domain(AtMost(0), 0, 100) == "0 must be above 0 and at most 100"
