"""Test cases for quotes against their document: found word for word, or the closest passage."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from dashboard.case import (
    CaseError,
    Passage,
    collapse_whitespace,
    load_case_bytes,
    load_case_file,
    surrounding_paragraph,
)
from tests.factories import MINIMAL_CASE
from tests.support.case_files import (
    with_document,
)


def test_checks_quotes_against_the_document_beside_the_case(
    write_case: Callable[..., Path], minimal_case_text: str, minimal_document_text: str
) -> None:
    """It loads a case whose quotes all occur in its document file, and says they were checked."""
    path = write_case(
        with_document(minimal_case_text), documents={"article.txt": minimal_document_text}
    )
    case = load_case_file(path)
    assert case.quotes_checked
    assert case.document is not None
    assert case.document.text == minimal_document_text
    assert case.document.file == "article.txt"


def test_compares_quotes_after_collapsing_white_space(
    write_case: Callable[..., Path], minimal_case_text: str
) -> None:
    """It finds a quote whose spaces and line breaks differ from the document's."""
    text = with_document(minimal_case_text).replace(
        '"twenty to forty percent"', '"twenty  to\\n forty percent"'
    )
    document = "Alpha: twenty\tto\n\n   forty    percent.\nBeta: at least\nthirty percent"
    case = load_case_file(write_case(text, documents={"article.txt": document}))
    assert case.quotes_checked
    assert collapse_whitespace(" a \t b\n\nc ") == "a b c"


def test_a_missing_quote_names_the_closest_passage_and_the_curly_quotes() -> None:
    """It names the passage where only the quote marks differ."""
    document = "He said \u201cno\u201d twice.\n"
    text = (
        with_document(MINIMAL_CASE)
        .replace('"twenty to forty percent"', "'He said \"no\" twice'")
        .replace('"at least thirty percent"', '"twice"')
    )
    with pytest.raises(CaseError, match="curly against straight quotes"):
        load_case_bytes(text.encode(), "case.yaml", documents={"article.txt": document.encode()})


def test_a_missing_quote_names_what_differs_fast_on_a_large_document() -> None:
    """It finds the closest passage of a 1 MB document in well under a second."""
    document = ("filler words here. " * 55_000) + "Alpha said that twenty to forty-five percent."
    text = with_document(MINIMAL_CASE).replace('"at least thirty percent"', '"filler"')
    started = time.perf_counter()
    with pytest.raises(CaseError, match="closest passage is 'twenty to forty-five") as caught:
        load_case_bytes(text.encode(), "case.yaml", documents={"article.txt": document.encode()})
    assert time.perf_counter() - started < 1.0
    assert "the quote has" in str(caught.value)


def test_surrounding_paragraph_splits_the_paragraph_around_the_quote() -> None:
    """It returns the paragraph as before, quote and after, blank-line or line separated."""
    blank = "First one.\n\nSecond has the\nquote inside it.\n\nThird."
    assert surrounding_paragraph(blank, "the quote") == Passage(
        "Second has ", "the quote", " inside it."
    )
    lines = "First line.\nSecond line with the quote.\nThird line."
    assert surrounding_paragraph(lines, "the quote") == Passage(
        "Second line with ", "the quote", "."
    )
    assert surrounding_paragraph(lines, "absent") is None
