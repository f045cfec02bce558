"""Test cases for a draft's questions (dashboard/draft/questions.py): claims grouped by what
they measure and count, each question's domain, and a vague amount's codebook label.

Every text here is invented for the test."""

from __future__ import annotations

from dashboard.case import (
    AtLeast,
    Range,
)
from dashboard.draft.quantities import quantities
from tests.support.drafts import drafted


def test_questions_group_claims_by_what_they_measure() -> None:
    """Shares, counts, money and durations each get one question."""
    case = drafted("About 40% left. 3,000 stayed. It cost $5 million. It took 3 weeks. 9 came.")
    counts = {q.id: sum(1 for c in case.claims if c.question == q.id) for q in case.questions}
    assert [(q.id, q.unit, counts[q.id]) for q in case.questions] == [
        ("share", "%", 1),
        ("count", "", 2),
        ("money-dollars", "dollars", 1),
        ("duration-weeks", "weeks", 1),
    ]


def test_killed_wounded_captured_and_missing_are_different_questions() -> None:
    """Passages that count different things never share a question."""
    case = drafted(
        "The ministry said 498 soldiers had been killed and 1,597 wounded. "
        "The command said it had captured 412 soldiers. The ministry listed 76 as missing."
    )
    questions = [case.question(c.question) for c in case.claims]
    assert len({q.id for q in questions}) == 4
    counted = ["killed", "wounded", "captured", "missing"]
    assert all(word in q.text for word, q in zip(counted, questions, strict=True))


def test_killed_wounded_and_captured_are_different_questions_in_russian() -> None:
    """The killed, the wounded, the captured and a count of cities are four questions."""
    case = drafted(
        "Министерство сообщило, что погибли 5 937 военнослужащих, ещё 20 000 получили "
        "ранения. Около 1,5 тыс. военнослужащих находятся в плену. В 37 городах прошли акции."
    )
    questions = [case.question(c.question) for c in case.claims]
    assert len({q.id for q in questions}) == 4
    counted = ["killed", "wounded", "captured", "городах"]
    assert all(word in q.text for word, q in zip(counted, questions, strict=True))


def test_a_density_and_an_area_are_not_head_counts() -> None:
    """1-2 people per square metre and 10,000 square metres go to questions of their own,
    never to the question that counts people."""
    case = drafted(
        "About 10,000 square metres were full. At that density, 1-2 people per square "
        "metre, you get somewhere between 10,000 and 20,000 people, Marsh said."
    )
    by_unit = {case.question(c.question).unit: c.reading for c in case.claims}
    assert by_unit["square metres"] == Range(7500, 12500)
    assert by_unit["per square metre"] == Range(1, 2)
    assert by_unit[""] == Range(10000, 20000)
    assert len({c.question for c in case.claims}) == 3


def test_units_are_kept_apart_from_head_counts() -> None:
    """A density per square metre, an area, a concentration and a multiple are not counts
    of people; the count beside them is."""
    found = quantities(
        "Площадь — около 12 тыс. кв. м; при плотности 2–3 человека на квадратный метр там "
        "было 24–36 тысяч человек, а дыма — 5 мг на кубометр, в десять раз выше нормы."
    )
    assert [(q.kind, q.unit) for q in found] == [
        ("area", "square metres"),
        ("rate", "per square metre"),
        ("count", ""),
        ("rate", "per cubic metre"),
        ("count", ""),
    ]
    assert found[2].reading == Range(24000, 36000)
    assert found[4].relative and found[4].reading is None


def test_a_vague_amounts_placeholder_is_as_wide_as_its_question() -> None:
    """A label's placeholder reading is at least the question's minimum: uniform over it."""
    case = drafted("Thousands came. Police counted 4,500. Dozens stayed.")
    question = case.question("count")
    assert set(question.codebook) == {"thousands", "dozens"}
    for entry in question.codebook.values():
        assert entry.reading == AtLeast(question.min)
    assert question.max >= 10 * 4_500 * 1.1


def test_a_vague_russian_amount_gets_a_codebook_label_in_latin_letters() -> None:
    """«массовое явление», «несколько тысяч», «единичные случаи»: labels for the analyst."""
    case = drafted("Это уже массовое явление.\n\nТаких случаев несколько тысяч.")
    labels = [claim.reading.label for claim in case.claims]
    assert labels == ["massovoe_yavlenie", "neskolko_tysyach"]
