"""The passage of a document that a quote not found in it was most likely meant to be, and
what differs: curly against straight quotes or dashes, spacing, or a word or a few."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from dashboard.case import QuoteFinder, comparable_quote
from dashboard.case.model import cut
from dashboard.case.quotes import DASHES, FINAL_PUNCTUATION, QUOTE_MARKS, canonical


@dataclass(frozen=True)
class Suggestion:
    """The passage of a document that a quote not found in it was most likely meant to be,
    and what differs."""

    passage: str
    reason: str


COMMON_WORD = 50
"""A word found more often than this in the document says nothing about where a quote is."""
MAX_OCCURRENCES = 1_000
"""A voting word's places counted at most: enough for any text worth quoting from."""
CANDIDATES = 8
"""How many likely places in the document are compared word by word with the quote."""
RESEMBLES = 0.6
"""The least share of words in common (difflib's ratio) for a passage to be offered."""
WORD = re.compile(r"\S+")


@lru_cache(maxsize=256)
def closest_passage(quote: str, document_text: str) -> Suggestion | None:
    """The passage of the document a quote not found in it was most likely meant to be,
    and what differs: curly against straight quotes or dashes, spacing, or a word or a few;
    None when the quote is found, or when no passage resembles it."""
    finder = QuoteFinder(document_text)
    needle = comparable_quote(quote)
    if not needle or finder.contains(quote):
        return None
    haystack, canonical_haystack = finder.haystack, finder.canonical_haystack
    wanted = canonical(needle)
    position = canonical_haystack.find(wanted)
    if position >= 0:
        passage = haystack[position : position + len(needle)]
        return Suggestion(passage, _marks_differing(needle, passage))
    squeezed = wanted.replace(" ", "")
    if squeezed:
        spaced = re.compile(" ?".join(map(re.escape, squeezed)))
        if found := spaced.search(canonical_haystack):
            return Suggestion(haystack[found.start() : found.end()], "the spacing differs")
    return _closest_words(needle, haystack, canonical_haystack)


def _marks_differing(quote: str, passage: str) -> str:
    pairs = [(a, b) for a, b in zip(quote, passage, strict=False) if a != b]
    kinds = []
    if any(a in QUOTE_MARKS or b in QUOTE_MARKS for a, b in pairs):
        kinds.append("curly against straight quotes")
    if any(a in DASHES or b in DASHES for a, b in pairs):
        kinds.append("a different dash")
    return " and ".join(kinds) or "a different character"


def _closest_words(needle: str, haystack: str, canonical_haystack: str) -> Suggestion | None:
    """The run of the document's words most like the quote's, found by letting each of the
    quote's less common words vote for where the quote would start, then compared word by
    word (difflib) at the best-voted places."""
    spans = [(m.start(), m.end()) for m in WORD.finditer(haystack)]
    words = [_word(canonical_haystack[a:b]) for a, b in spans]
    wanted = [_word(w) for w in canonical(needle).split()]
    if not wanted or not words:
        return None
    counts = Counter(words)
    # The quote's less common words vote; in a text that repeats itself, its rarest two.
    rarest = set(sorted(set(wanted), key=lambda w: counts[w] or math.inf)[:2])
    voters = {w for w in wanted if 0 < counts[w] <= COMMON_WORD} | rarest
    where: dict[str, list[int]] = defaultdict(list)
    for index, word in enumerate(words):
        if word in voters and len(where[word]) < MAX_OCCURRENCES:
            where[word].append(index)
    votes: Counter[int] = Counter()
    for offset, word in enumerate(wanted):
        for index in where.get(word, ()):
            votes[index - offset] += 1
    # The passage sharing the most words with the quote, then the one nearest its length (a
    # word off is a word replaced, not one dropped), then the one that begins and ends as
    # the quote does, then the most alike.
    best: tuple[int, int, int, float, int, int] | None = None
    size = len(wanted)
    for start, _ in votes.most_common(CANDIDATES):
        for first in range(max(0, start - 2), max(0, start + 3)):
            for length in range(max(1, size - 2), size + 3):
                last = min(len(words), first + length)
                if last <= first:
                    continue
                matcher = SequenceMatcher(None, wanted, words[first:last], autojunk=False)
                shared = sum(block.size for block in matcher.get_matching_blocks())
                edges = (words[first] == wanted[0]) + (words[last - 1] == wanted[-1])
                nearest = -abs(last - first - size)
                score = (shared, nearest, edges, matcher.ratio(), first, last)
                if best is None or score[:4] > best[:4]:
                    best = score
    if best is None or best[3] < RESEMBLES:
        return None
    *_, first, last = best
    passage = haystack[spans[first][0] : spans[last - 1][1]]
    if needle[-1] not in FINAL_PUNCTUATION:
        passage = passage.rstrip(FINAL_PUNCTUATION) or passage
    return Suggestion(passage, _words_differing(needle.split(), passage.split()))


def _word(word: str) -> str:
    return word.lower().strip(".,;:!?\"'()")


def _words_differing(quote: list[str], passage: list[str]) -> str:
    """What differs, word for word: `'1,000' where the document has '1,200'`."""
    changes = []
    matcher = SequenceMatcher(None, [_word(w) for w in quote], [_word(w) for w in passage])
    for tag, a, b, c, d in matcher.get_opcodes():
        ours, theirs = " ".join(quote[a:b]), " ".join(passage[c:d])
        if tag == "replace":
            changes.append(f"the quote has {_short(ours)} where the document has {_short(theirs)}")
        elif tag == "delete":
            changes.append(f"the document has no {_short(ours)} here")
        elif tag == "insert":
            changes.append(f"the document also has {_short(theirs)}")
    if not changes:
        return "the words are the same; only their marks differ"
    more = f" (and {len(changes) - 2} more)" if len(changes) > 2 else ""
    return "; ".join(changes[:2]) + more


def _short(text: str) -> str:
    return repr(cut(text))
