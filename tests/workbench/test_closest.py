"""Test cases for the closest passage (dashboard/workbench/closest.py): the passage a quote
not found in its document was most likely meant to be, and what differs."""

from __future__ import annotations

import time
from pathlib import Path

from dashboard.case import UPLOAD_LIMIT_BYTES
from dashboard.workbench.closest import closest_passage

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "data" / "mutiny-brewing-refuseniks.txt"


DOCUMENT = (
    "The mayor said “about 300 people” came.\n\nOfficials   counted between 14 and 22\n"
    "roads closed by meltwater overnight, and the council asked drivers to stay home."
)


def test_a_quote_with_straight_quotes_is_offered_the_curly_ones() -> None:
    suggestion = closest_passage('said "about 300 people" came', DOCUMENT)
    assert suggestion is not None
    assert suggestion.passage == "said “about 300 people” came"
    assert suggestion.reason == "curly against straight quotes"


def test_a_quote_with_other_spacing_is_offered_the_document_s() -> None:
    suggestion = closest_passage("between 14 and 22 roads closedby meltwater", DOCUMENT)
    assert suggestion is not None
    assert suggestion.passage == "between 14 and 22 roads closed by meltwater"
    assert suggestion.reason == "the spacing differs"


def test_a_quote_a_word_off_is_offered_the_passage_with_that_word_named() -> None:
    suggestion = closest_passage(
        "counted between 14 and 24 roads closed by meltwater overnight", DOCUMENT
    )
    assert suggestion is not None
    assert suggestion.passage == "counted between 14 and 22 roads closed by meltwater overnight"
    assert suggestion.reason == "the quote has '24' where the document has '22'"


def test_a_quote_found_or_unlike_anything_gets_no_suggestion() -> None:
    assert closest_passage("Officials counted between 14 and 22", DOCUMENT) is None
    assert closest_passage("a sentence from another article entirely", DOCUMENT) is None


def test_the_closest_passage_is_quick_in_a_large_document() -> None:
    """A 1 MB document: the page checks quotes as they are typed."""
    article = ARTICLE.read_text(encoding="utf-8")
    large = (article * (UPLOAD_LIMIT_BYTES // len(article.encode())))[: UPLOAD_LIMIT_BYTES - 10]
    started = time.perf_counter()
    suggestion = closest_passage(
        "more than 1,000 military personnel and National Guard troops from at least six regions",
        large,
    )
    assert suggestion is not None and "seven" in suggestion.passage
    assert time.perf_counter() - started < 2.0
