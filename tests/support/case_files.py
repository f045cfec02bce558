"""Case files for the case package's tests: the folders, texts and checks they share."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

Edit = tuple[str, str]


Documents = Mapping[str, str | bytes]


DOCUMENT_HEADER = "title: A small test case\ndocument:\n  title: Notes\n  file: article.txt\n"


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


TWO_DOCUMENTS_FOLDER = FIXTURES / "two-documents"


TWO_DOCUMENTS = (TWO_DOCUMENTS_FOLDER / "roads.yaml").read_text("utf-8")


"""A case with a `documents` list: two documents, each claim quoting one of them."""


TWO_TEXTS = {
    name: (TWO_DOCUMENTS_FOLDER / name).read_text("utf-8")
    for name in ("council-bulletin.txt", "valley-radio.txt")
}


def assert_message(message: str, place: str | None, fragment: str, line: int | None) -> None:
    """The message names the file, the place, the problem and (where given) the line."""
    assert message.startswith("case.yaml: "), message
    if place is not None:
        assert message.startswith(f"case.yaml: {place}: "), message
    assert fragment in message, message
    if line is not None:
        assert f"(line {line})" in message, message
    assert "\n" not in message, message


def with_document(text: str) -> str:
    """The case text with a `document` block naming article.txt (adds three lines)."""
    return text.replace("title: A small test case\n", DOCUMENT_HEADER, 1)
