"""Where a text's passages are: paragraphs, sentences and quotations, as character spans.

A hand-written splitter rather than a library. pysbd splits news text well but its time
grows with the square of a paragraph's sentences (150 KB of "a. a. a." took minutes), so
a hostile paste would hang the page; sentencex is fast but ends a sentence after "Ms.";
NLTK's Punkt needs a data download. razdel (Russian) and syntok (English) were measured on
the draft's corpus (benchmarks/draft_corpus/): both split its sentences as these rules do,
razdel at 0.25 s and syntok at 0.9 s a megabyte, so neither earns a dependency. The rules
below are linear and fit on one screen; Cyrillic capitals, «», „“ and "тыс.", "г." included.
Where a boundary is doubtful the text is not split: a passage too long still holds the
quote an analyst wants, where a wrong split can cut it in two.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from dashboard.case.quotes import BLANK_LINE

SENTENCE_END = re.compile(
    r"[.?!…]+[”\"’'»“)\]]*(?=\s+[“\"‘'(\[«„]?[A-ZА-ЯЁ0-9])"
    r"|\n(?=[ \t]*(?:[-*•—–]|\d+[.)])\s)"
)
"""Where a sentence may end: final punctuation (and closing quotes) before white space and
a capital (Latin or Cyrillic) or a digit, or a line break before a list item or a dash."""

ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "st", "mt", "gen", "lt", "col", "maj", "capt", "sgt",
     "adm", "gov", "sen", "rep", "rev", "hon", "pres", "insp", "supt", "jr", "sr", "inc",
     "corp", "co", "ltd", "bros", "no", "nos", "vs", "etc", "approx", "est", "dept", "univ",
     "fig", "ca", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
     "dec", "г", "гг", "тыс", "млн", "млрд", "руб", "долл", "чел", "ул", "им", "т", "е", "д",
     "см", "др", "пр", "кв", "км", "ген", "проф", "акад", "св", "обл", "р-н", "пос"]
)  # fmt: skip
"""Words that end with a full stop without ending the sentence (titles, companies, months,
and in Russian "г.", "тыс.", "т. е.")."""

LONE_INITIAL = re.compile(r"[A-ZА-ЯЁ]|(?:[A-Za-zА-Яа-яЁё]\.)+[A-Za-zА-Яа-яЁё]")
"""An initial ("J.") or a dotted abbreviation ("U.S.", "p.m."): no sentence ends after it,
or at worst two sentences stay one passage."""

OPENING_QUOTES = '“"«„'
CLOSING_QUOTES = '”"»“'
"""Double quotation marks only, English and Russian: a single one is as often an apostrophe."""
CLOSES = {"“": "”", '"': '"', "«": "»", "„": "“"}
"""Each opening mark and the mark that closes it."""


@dataclass(frozen=True)
class Span:
    """A piece of the text: `text[start:end]`."""

    start: int
    end: int


def paragraphs(text: str) -> Iterator[Span]:
    """The text's paragraphs, as the case loader reads them: separated by blank lines, or one
    a line in a text without any blank line."""
    separator = BLANK_LINE if BLANK_LINE.search(text) else re.compile(r"\n")
    start = 0
    for match in separator.finditer(text):
        if text[start : match.start()].strip():
            yield Span(start, match.start())
        start = match.end()
    if text[start:].strip():
        yield Span(start, len(text))


def sentences(text: str, paragraph: Span) -> Iterator[Span]:
    """The sentences of one paragraph, trimmed of white space."""
    start = paragraph.start
    for match in SENTENCE_END.finditer(text, paragraph.start, paragraph.end):
        if match.group().startswith(".") and _ends_abbreviation(text, start, match.start()):
            continue
        yield from _trimmed(text, start, match.end())
        start = match.end()
    yield from _trimmed(text, start, paragraph.end)


def _ends_abbreviation(text: str, start: int, stop: int) -> bool:
    """Whether the word just before a full stop at `stop` is an abbreviation or an initial."""
    word = text[max(start, stop - 40) : stop].rsplit(None, 1)[-1] if stop > start else ""
    word = word.lstrip(OPENING_QUOTES + "‘([")
    return word.lower() in ABBREVIATIONS or bool(LONE_INITIAL.fullmatch(word))


def _trimmed(text: str, start: int, end: int) -> Iterator[Span]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield Span(start, end)


def quotations(text: str, paragraph: Span) -> list[Span]:
    """The paragraph's quotations, marks included, a quotation inside another part of it
    («... „...“ ...»): curly and angle marks pair as they open and close, straight ones in
    turn; one left open runs to the paragraph's end."""
    spans: list[Span] = []
    opened: list[tuple[int, str]] = []
    for match in re.finditer(r'[“”"«»„]', text[paragraph.start : paragraph.end]):
        index, mark = paragraph.start + match.start(), match.group()
        if opened and mark == CLOSES[opened[-1][1]]:
            start, _ = opened.pop()
            if not opened:
                spans.append(Span(start, index + 1))
        elif mark in CLOSES and (not opened or mark != '"'):
            opened.append((index, mark))
        elif mark == "”" and opened and opened[-1][1] == '"':
            start, _ = opened.pop()  # a straight mark closed by a curly one
            if not opened:
                spans.append(Span(start, index + 1))
    if opened:
        spans.append(Span(opened[0][0], paragraph.end))
    return spans


def overlapping(spans: list[Span], span: Span) -> range:
    """The indexes of the spans that overlap `span`, for spans in order and apart (a
    paragraph's sentences, its quotations): two binary searches, not a scan."""
    first = bisect_right(spans, span.start, key=lambda s: s.end)
    return range(first, bisect_left(spans, span.end, lo=first, key=lambda s: s.start))


def quotable(text: str, sentence: Span) -> Span:
    """The sentence without a quotation mark at either end that it does not close or open:
    a sentence inside a longer quotation reads as the speaker's words alone."""
    start, end = sentence.start, sentence.end
    if text[start] in OPENING_QUOTES and not any(
        c in CLOSING_QUOTES for c in text[start + 1 : end]
    ):
        start += 1
    if text[end - 1] in CLOSING_QUOTES and not any(
        c in OPENING_QUOTES for c in text[start : end - 1]
    ):
        end -= 1
    return Span(start, end) if start < end else sentence
