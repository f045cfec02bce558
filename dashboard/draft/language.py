"""A text's language, and ids made from words in either alphabet.

Counting letters is enough to tell the languages the draft reads apart: a Russian news
text is written in Cyrillic, with Latin only for names and links; Ukrainian has four
letters Russian lacks. A language-identification library would add a model to tell
apart what the alphabet already tells.
"""

from __future__ import annotations

import re
import unicodedata

Language = str
"""A BCP 47 tag: `en`, `ru` or `uk` (spec section 1)."""

UKRAINIAN_ONLY = frozenset("іїєґІЇЄҐ")
UKRAINIAN_SHARE = 0.01
"""A Cyrillic text with at least this share of letters only Ukrainian has is Ukrainian
(about 6% of the letters of Ukrainian prose are one of them; none of Russian prose)."""

TRANSLITERATION = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
        ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
         "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
         "i", "yi", "ye", "g"],
        strict=True,
    )
)  # fmt: skip
"""Russian and Ukrainian letters in Latin, as passports spell them, for ids."""


SAMPLE = 100_000
"""A text's language is told from its first this many characters."""


def language_of(text: str) -> Language:
    """`ru` (or `uk`) for a text written mostly in Cyrillic, else `en`."""
    cyrillic = latin = ukrainian = 0
    for character in text[:SAMPLE]:
        if "а" <= character.lower() <= "я" or character in "ёЁ":
            cyrillic += 1
        elif character in UKRAINIAN_ONLY:
            cyrillic += 1
            ukrainian += 1
        elif "a" <= character.lower() <= "z":
            latin += 1
    if cyrillic <= latin:
        return "en"
    return "uk" if ukrainian >= UKRAINIAN_SHARE * cyrillic else "ru"


def ascii_slug(words: str) -> str:
    """An id from words in any alphabet: Cyrillic transliterated, accents dropped, ASCII
    letters and digits joined by '-', at most 64 characters."""
    latin = "".join(TRANSLITERATION.get(c, c) for c in words.lower())
    ascii_words = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_words).strip("-")[:64].rstrip("-")
