"""Test cases for the quantities of a passage (dashboard/draft/quantities.py): figures as
English and Russian write them, shares, vague amounts, and what is not an amount.

Every text here is invented for the test."""

from __future__ import annotations

import pytest

from dashboard.case import (
    AtLeast,
    AtMost,
    Range,
)
from dashboard.draft.quantities import quantities


@pytest.mark.parametrize(
    ("passage", "kind", "reading"),
    [
        ("more than 1,000 troops refused", "count", AtLeast(1000)),
        ("fewer than a quarter of patients", "share", AtMost(25)),
        ("between 6,000 and 8,000 marchers", "count", Range(6000, 8000)),
        ("from 20 to 40 percent of them", "share", Range(20, 40)),
        ("two or three ships", "count", Range(2, 3)),
        ("unlikely to be more than 5,000", "count", AtMost(5000)),
        ("12,000 or more took part", "count", AtLeast(12000)),
        ("almost 40 days in combat", "duration", Range(36, 40)),
        ("roughly $40 million of goods", "money", Range(30e6, 50e6)),
        ("he served seven months", "duration", Range(6.3, 7.7)),
        ("nine in ten members voted", "share", Range(81, 99)),
        ("half of the staff", "share", Range(45, 55)),
    ],
)
def test_figures_become_suggested_readings(passage: str, kind: str, reading: object) -> None:
    """Figures in digits or words, with their hedges, become range, at_least or at_most."""
    first = quantities(passage)[0]
    assert (first.kind, type(first.reading)) == (kind, type(reading))
    if isinstance(reading, Range) and isinstance(first.reading, Range):
        assert (first.reading.low, first.reading.high) == pytest.approx((reading.low, reading.high))
    else:
        assert first.reading == reading


def test_two_thirds_and_a_quarter_are_shares() -> None:
    """Fractions in words are shares in percent."""
    [two_thirds] = quantities("two-thirds full")
    assert isinstance(two_thirds.reading, Range) and two_thirds.kind == "share"
    assert (two_thirds.reading.low + two_thirds.reading.high) / 2 == pytest.approx(200 / 3)
    assert quantities("a quarter of them")[0].kind == "share"


@pytest.mark.parametrize(
    ("passage", "phrase"),
    [
        ("Thousands of people marched", "Thousands"),
        ("tens of thousands fled", "tens of thousands"),
        ("a significant but unknown number of soldiers", "a significant but unknown number"),
        ("That means it is a mass phenomenon.", "a mass phenomenon"),
        ("found in practically every unit", "practically every"),
        ("the number might be considerably larger", "considerably larger"),
    ],
)
def test_vague_amounts_are_proposed_without_a_figure(passage: str, phrase: str) -> None:
    """A vague amount is a quantity with no suggested reading."""
    [found] = quantities(passage)
    assert (found.phrase, found.reading) == (phrase, None)


@pytest.mark.parametrize(
    "passage",
    [
        "He arrived on February 24.",
        "It was November 20, 2024.",
        "at 10:00 PM",
        "since 1989",
        "One of them left.",
        "his DD214 form",
        "COVID-19 rules",
        "the 22nd day",
    ],  # fmt: skip
)
def test_dates_times_years_and_codes_are_not_quantities(passage: str) -> None:
    """Numbers that name a day, a time, a year or a code are not proposed."""
    assert quantities(passage) == []


@pytest.mark.parametrize(
    ("passage", "reading"),
    [
        ("up to 9,000 troops", AtMost(9000)),
        ("over 7,000 people", AtLeast(7000)),
        ("well over a thousand jobs", AtLeast(1000)),
        ("Two thousand volunteers signed up", Range(1800, 2200)),
        ("nearly 90 people", Range(81, 90)),
        ("1.5 million people", Range(1.35e6, 1.65e6)),
        ("20-40% of them", Range(20, 40)),
    ],
)
def test_numbers_are_read_as_written(passage: str, reading: object) -> None:
    """Hedges, words and scales: "up to" is at most, "over" at least, "two thousand" 2,000."""
    found = quantities(passage)[0].reading
    if isinstance(reading, Range) and isinstance(found, Range):
        assert (found.low, found.high) == pytest.approx((reading.low, reading.high))
    else:
        assert found == reading


@pytest.mark.parametrize(
    "passage",
    [
        "Dario Menes, 34, told us.",
        "nearly half of those detained were under 25",
        "Media contact: +44 20 7946 0000",
        "food for a family of five",
        "the largest the city has seen",
    ],
)
def test_ages_phones_family_sizes_and_bare_superlatives_are_not_amounts(passage: str) -> None:
    """An age, a telephone number, a family's size and "the largest" alone count nothing."""
    found = quantities(passage)
    assert all(q.kind == "share" for q in found)


@pytest.mark.parametrize(
    ("passage", "reading"),
    [
        ("задержаны 20 000 человек", Range(18000, 22000)),
        ("задержаны 20\u00a0000 человек", Range(18000, 22000)),
        ("задержаны 20\u2009000 человек", Range(18000, 22000)),
        ("погибли 5 937 военнослужащих", Range(5343.3, 6530.7)),
        ("о 60 тысячах убитых", Range(54000, 66000)),
        ("около 60 тысяч человек", Range(45000, 75000)),
        ("реальное число — 25-30 тысяч", Range(25000, 30000)),
        ("реальное число — 25–30 тысяч", Range(25000, 30000)),
        ("около 1,5 тыс. жителей", Range(1125, 1875)),
        ("более 1000 случаев", AtLeast(1000)),
        ("свыше тысячи человек", AtLeast(1000)),
        ("не менее 12 человек", AtLeast(12)),
        ("не более 400 человек", AtMost(400)),
        ("до 9 тысяч солдат", AtMost(9000)),
        ("от 20 до 40 процентов тех, кто вернулся", Range(20, 40)),
        ("ущерб — 2,4 млрд рублей", Range(2.16e9, 2.64e9)),
    ],
)
def test_russian_numbers_are_read_as_written(passage: str, reading: object) -> None:
    """Spaces between thousands (plain, no-break, thin), "тысяч", "тыс.", "млрд", a decimal
    comma, ranges with a hyphen or a dash, and the hedges of Russian copy."""
    found = quantities(passage)[0].reading
    if isinstance(reading, Range) and isinstance(found, Range):
        assert (found.low, found.high) == pytest.approx((reading.low, reading.high))
    else:
        assert found == reading


@pytest.mark.parametrize(
    ("passage", "value"),
    [
        ("Тысяча жителей остались без жилья", 1000),
        ("свыше двух тысяч семей", 2000),
        ("около шести тысяч человек", 6000),
        ("«более чем в тридцать тысяч»", 30000),
        ("отказались сорок два человека", 42),
        ("Погибли два человека", 2),
    ],
)
def test_numbers_in_words_are_read_in_any_case(passage: str, value: float) -> None:
    """Number words are read in any case: "Тысяча", "двух тысяч", "шести тысячах"."""
    reading = quantities(passage)[0].reading
    match reading:
        case Range(low, high):
            assert (low + high) / 2 == pytest.approx(value)
        case AtLeast(number) | AtMost(number):
            assert number == pytest.approx(value)
        case _:
            pytest.fail(f"no figure in {passage!r}")


@pytest.mark.parametrize(
    "passage",
    [
        "ОРСК, 12 мая. Новости дня.",
        "в 2026 году",
        "на 22:00",
        "телефон +7 (4012) 55-20-00",
        "в 90-х годах",
        "на 5-й день",
        "Один офицер сказал",
        "а по документам — ни одного",
        "в возрасте до 25 лет",
    ],
)
def test_dates_times_phones_ordinals_and_one_are_not_amounts(passage: str) -> None:
    """A date, a year, a clock time, a telephone number, an ordinal, "один" and an age."""
    assert quantities(passage) == []
