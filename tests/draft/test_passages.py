"""Test cases for a text's passages (dashboard/draft/passages.py): where sentences end and
what a quotation holds.

Every text here is invented for the test."""

from __future__ import annotations

from dashboard.draft.passages import paragraphs, quotations, sentences
from tests.support.drafts import drafted


def sentence_texts(text: str) -> list[str]:
    return [text[s.start : s.end] for p in paragraphs(text) for s in sentences(text, p)]


def test_sentences_do_not_end_at_abbreviations_initials_or_decimals() -> None:
    """Abbreviations, initials and decimals end no sentence; a full stop before a capital does."""
    text = (
        "Dr. Smith of the U.S. Department of Labor said 2.5 million jobs went. "
        "Police put it at about 3,000, according to Lt. J. Ortiz. "
        "He left at 5 p.m. on Monday. The end."
    )
    assert sentence_texts(text) == [
        "Dr. Smith of the U.S. Department of Labor said 2.5 million jobs went.",
        "Police put it at about 3,000, according to Lt. J. Ortiz.",
        "He left at 5 p.m. on Monday.",
        "The end.",
    ]


def test_sentences_end_before_a_cyrillic_capital_not_after_an_abbreviation() -> None:
    """Abbreviations ("тыс.", "г.") end no sentence; a full stop before a capital does."""
    text = "В 2024 г. задержаны 1,5 тыс. человек. Полиция назвала 400. «Это много», — сказал он."
    spans = [text[s.start : s.end] for p in paragraphs(text) for s in sentences(text, p)]
    assert spans == [
        "В 2024 г. задержаны 1,5 тыс. человек.",
        "Полиция назвала 400.",
        "«Это много», — сказал он.",
    ]


def test_a_quotation_inside_a_quotation_stays_in_one_quote() -> None:
    """Single marks inside double ones do not end the quotation or split the passage."""
    text = "\"My neighbour said to me, 'They told us 900 would go, and it was 1,400,'\" she said."
    case = drafted("Greta Olander spoke.\n\n" + text)
    assert {claim.quote for claim in case.claims} == {text}


def test_a_quotation_inside_a_quotation_is_part_of_it() -> None:
    """«... „...“ ...» is one quotation."""
    text = "Офицер сказал: «Нам писали „сорок два“, а было больше». Конец."
    spans = quotations(text, next(paragraphs(text)))
    assert [text[s.start : s.end] for s in spans] == ["«Нам писали „сорок два“, а было больше»"]
