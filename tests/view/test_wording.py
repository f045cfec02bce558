"""Test cases for the wording: figures with their units, shifts, and probabilities in ICD
203's estimative words."""

from __future__ import annotations

import pytest

from dashboard.case import Question
from dashboard.view.wording import estimative_words, format_interval, format_shift, format_value

PERCENT = Question("s", "Share", "%", 0, 100)


PEOPLE = Question("n", "Count", "people", 1, 200_000, "log")


def test_values_are_written_with_three_figures_and_their_unit() -> None:
    """Percentages hug their sign; other units follow a space; thousands are separated."""
    assert format_value(27.934, PERCENT) == "27.9%"
    assert format_value(4.923, PERCENT) == "4.92%"
    assert format_value(3592.7, PEOPLE) == "3,590 people"
    assert format_value(float("nan"), PEOPLE) == "n/a"
    assert format_interval(298.2, 75_597.9, PEOPLE) == "298–75,600 people"
    assert format_interval(4.923, 43.23, PERCENT) == "4.92–43.2%"
    assert format_value(7.09, PEOPLE) == "7 people"
    assert format_interval(7.09, 96_512, PEOPLE) == "7–96,500 people"


def test_shifts_are_signed_and_percentages_move_in_points() -> None:
    """A shift of a percentage is in points; zero is 'no change'."""
    assert format_shift(-8.92, PERCENT) == "-8.92 points"
    assert format_shift(1200, PEOPLE) == "+1,200 people"
    assert format_shift(0.0, PERCENT) == "no change"


@pytest.mark.parametrize(
    ("p_above", "words"),
    [
        (0.0, "almost no chance"),
        (0.049999, "almost no chance"),
        (0.05, "very unlikely"),
        (0.199999, "very unlikely"),
        (0.2, "unlikely"),
        (0.449999, "unlikely"),
        (0.45, "roughly even chance"),
        (0.55, "roughly even chance"),
        (0.550001, "likely"),
        (0.8, "likely"),
        (0.800001, "very likely"),
        (0.95, "very likely"),
        (0.9500001, "very likely"),
        (0.950001, "almost certain"),
        (1.0, "almost certain"),
    ],
)
def test_a_probability_is_said_in_the_words_of_icd_203(p_above: float, words: str) -> None:
    """The words of section 13, at both sides of each boundary, judged on p_above as the CSV
    writes it (0.9500001 is written 0.95)."""
    assert estimative_words(p_above) == words
