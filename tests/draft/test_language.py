"""Test cases for a text's language and its ids (dashboard/draft/language.py).

Every text here is invented for the test."""

from __future__ import annotations

import pytest

from dashboard.draft.language import ascii_slug, language_of


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Police said 4,500 marched in «Kyiv».", "en"),
        ("Полиция сообщила о 4500 участниках, сказал Ruslan Leviyev.", "ru"),
        ("Поліція повідомила, що їх було 4500, і це дуже багато.", "uk"),
    ],
)
def test_the_language_is_told_from_the_alphabet(text: str, language: str) -> None:
    """Latin text is English, Cyrillic Russian, and Cyrillic with і, ї, є, ґ Ukrainian."""
    assert language_of(text) == language


def test_ids_from_cyrillic_names_are_transliterated() -> None:
    """A source or question id from a Russian name is ASCII: "Учёт потерь" -> uchet-poter."""
    assert ascii_slug("Учёт потерь") == "uchet-poter"
    assert ascii_slug("Генштаб Острении") == "genshtab-ostrenii"
