"""Quotes and the document they come from: matching, the closest passage, the paragraph.

Quotes are compared after collapsing runs of white space (spec section 1). When a quote
is missing, the message names the closest passage of the document and what differs,
since the usual culprits are invisible: curly against straight quotes, dashes, spacing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property, lru_cache

from dashboard.case.model import Passage, cut

QUOTE_MARKS = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
               "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
               "\u00ab": '"', "\u00bb": '"'}  # fmt: skip
DASHES = {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
          "\u2015": "-", "\u2212": "-"}  # fmt: skip
_CANONICAL = str.maketrans({**QUOTE_MARKS, **DASHES})
SHOWN_PASSAGE = 80
"""A message quotes at most this many characters of the closest passage."""
BLANK_LINE = re.compile(r"\n\s*\n")


def collapse_whitespace(text: str) -> str:
    """Runs of white space as one space, ends trimmed: how quotes are compared."""
    return " ".join(text.split())


FINAL_PUNCTUATION = ".,;:!?"
"""A quote may end with a full stop where the document has a comma: quoting practice lets
the final mark change, so a quote is compared without it (a note on spec section 1)."""


def comparable_quote(quote: str) -> str:
    """The quote as it must occur in the document: white space collapsed, final mark dropped."""
    collapsed = collapse_whitespace(quote)
    return collapsed.rstrip(FINAL_PUNCTUATION) or collapsed


def canonical(text: str) -> str:
    """Curly quotes as straight ones and every dash as '-': one character for one."""
    return text.translate(_CANONICAL)


class QuoteFinder:
    """One document, prepared once for finding many quotes (a case has hundreds)."""

    def __init__(self, document_text: str) -> None:
        self.haystack = collapse_whitespace(document_text)

    @cached_property
    def canonical_haystack(self) -> str:
        return canonical(self.haystack)

    def contains(self, quote: str) -> bool:
        return comparable_quote(quote) in self.haystack

    def mismatch(self, quote: str) -> str | None:
        """None when the quote occurs; else a clause naming the closest passage and the
        difference, to follow "the quote is not found word for word in 'x.txt'"."""
        needle = comparable_quote(quote)
        if needle in self.haystack:
            return None
        hay = self.canonical_haystack
        wanted = canonical(needle)
        position = hay.find(wanted)
        if position >= 0:
            passage = self.haystack[position : position + len(needle)]
            return f"; the document has {_shown(passage)}: {_kinds_differing(needle, passage)}"
        squeezed = wanted.replace(" ", "")
        if squeezed and squeezed in hay.replace(" ", ""):
            return "; the document has these words with different spacing: check the spaces"
        start = self._closest_start(wanted)
        if start is None:
            return "; no passage of the document resembles it"
        passage = self.haystack[start : start + len(needle)]
        return f"; the closest passage is {_shown(passage)}: {_first_difference(needle, passage)}"

    def _closest_start(self, wanted: str) -> int | None:
        """Where the longest beginning or end of the quote occurs in the document.

        A binary search on the length of the quote's prefix (and suffix) that occurs:
        a few linear scans of the document, fast even on a 1 MB text.
        """
        hay = self.canonical_haystack
        prefix = _longest_occurring(hay, lambda n: wanted[:n], len(wanted))
        suffix = _longest_occurring(hay, lambda n: wanted[len(wanted) - n :], len(wanted))
        if max(prefix, suffix) < min(4, len(wanted)):
            return None
        if prefix >= suffix:
            return hay.find(wanted[:prefix])
        end = hay.find(wanted[len(wanted) - suffix :]) + suffix
        return max(0, end - len(wanted))


def _longest_occurring(hay: str, part: Callable[[int], str], limit: int) -> int:
    """The largest n <= limit with part(n) in hay (part(0), empty, always is)."""
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if part(middle) in hay:
            low = middle
        else:
            high = middle - 1
    return low


def _kinds_differing(quote: str, passage: str) -> str:
    kinds = []
    pairs = [(a, b) for a, b in zip(quote, passage, strict=False) if a != b]
    if any(a in QUOTE_MARKS or b in QUOTE_MARKS for a, b in pairs):
        kinds.append("curly against straight quotes")
    if any(a in DASHES or b in DASHES for a, b in pairs):
        kinds.append("a different dash")
    return " and ".join(kinds) + " (copy the characters from the document)"


def _first_difference(quote: str, passage: str) -> str:
    index = next(
        (i for i, (a, b) in enumerate(zip(quote, passage, strict=False)) if a != b),
        min(len(quote), len(passage)),
    )
    start = max(0, index - 10)
    return (
        f"the quote has {_shown(quote[start : index + 10])} where the document has "
        f"{_shown(passage[start : index + 10])}"
    )


def _shown(text: str) -> str:
    return repr(cut(text, SHOWN_PASSAGE))


def surrounding_paragraph(document_text: str, quote: str) -> Passage | None:
    """The paragraph of the document that holds `quote`, split around it.

    Paragraphs are separated by blank lines; a text without any blank line is read
    as one paragraph per line. White space is collapsed, as when quotes are checked.
    """
    needle = comparable_quote(quote)
    if not needle:
        return None
    for paragraph in _paragraphs(document_text):
        index = paragraph.find(needle)
        if index >= 0:
            return Passage(paragraph[:index], needle, paragraph[index + len(needle) :])
    return None


@lru_cache(maxsize=8)
def _paragraphs(document_text: str) -> tuple[str, ...]:
    """The document's paragraphs, white space collapsed: split once per document, not once
    per claim at every slider move (a few open cases' documents are kept)."""
    separator = BLANK_LINE if BLANK_LINE.search(document_text) else re.compile(r"\n")
    return tuple(collapse_whitespace(raw) for raw in separator.split(document_text))
