"""Test cases for loading a case file: its sections, documents and uploads (spec section 1)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dashboard.case import (
    UPLOAD_LIMIT_BYTES,
    CaseError,
    load_case_bytes,
    load_case_file,
)
from tests.support.case_files import (
    TWO_DOCUMENTS,
    TWO_DOCUMENTS_FOLDER,
    TWO_TEXTS,
    assert_message,
    with_document,
)


def test_loads_the_minimal_case(write_case: Callable[..., Path], minimal_case_text: str) -> None:
    """It loads a valid case into plain values, with default weights and claim ids."""
    case = load_case_file(write_case(minimal_case_text))
    assert case.title == "A small test case"
    assert [q.id for q in case.questions] == ["share"]
    assert case.question("share").scale == "linear"
    assert case.default_weights() == {"alpha": 60.0, "beta": 50.0}
    assert [c.id for c in case.claims] == ["alpha-1", "beta-1"]
    assert case.claims[0].reading.kind == "range"
    assert (case.claims[0].reading.low, case.claims[0].reading.high) == (20, 40)
    assert case.claims[1].reading.kind == "at_least"
    assert case.document is None
    assert case.quotes_checked


def test_default_claim_ids_count_per_source_in_file_order(
    write_case: Callable[..., Path], minimal_case_text: str
) -> None:
    """It numbers a source's claims from 1 in file order, counting claims with explicit ids."""
    more = (
        "  - source: alpha\n    id: custom\n    question: share\n"
        '    quote: "q3"\n    reading: {at_most: 70}\n'
        '  - source: alpha\n    question: share\n    quote: "q4"\n    reading: {range: [1, 2]}\n'
        '  - source: beta\n    question: share\n    quote: "q5"\n    reading: {range: [3, 4]}\n'
    )
    case = load_case_file(write_case(minimal_case_text + more))
    assert [c.id for c in case.claims] == ["alpha-1", "beta-1", "custom", "alpha-3", "beta-2"]


def test_reads_an_unquoted_date_in_the_document_as_text(
    write_case: Callable[..., Path], minimal_case_text: str
) -> None:
    """It keeps a document's unquoted date as the text written, not a date object."""
    text = minimal_case_text.replace(
        "title: A small test case\n", "title: A small test case\ndocument:\n  date: 2024-11-20\n"
    )
    case = load_case_file(write_case(text))
    assert case.document is not None
    assert case.document.date == "2024-11-20"


def test_a_label_takes_its_reading_from_the_codebook(
    write_case: Callable[..., Path], case_with: Callable[..., str]
) -> None:
    """It reads a label through the question's codebook and remembers the label."""
    text = case_with(
        ("    max: 100\n", "    max: 100\n    codebook:\n      many: {range: [50, 90]}\n"),
        ("{at_least: 30}", "{label: many}"),
    )
    reading = load_case_file(write_case(text)).claims[1].reading
    assert (reading.kind, reading.low, reading.high, reading.label) == ("range", 50, 90, "many")
    assert reading.describe() == "label many (range 50-90)"


def test_reads_the_judgment_fields_language_and_translation(
    write_case: Callable[..., Path], case_with: Callable[..., str]
) -> None:
    """It reads a question's bounds rationale and threshold, a document's language and a
    claim's translation (spec sections 1, 12, 13)."""
    text = case_with(
        ("title: A small test case\n", "title: A small test case\ndocument:\n  language: pt-BR\n"),
        ("    max: 100\n", "    max: 100\n    bounds_rationale: a share\n    threshold: 50\n"),
        ("{at_least: 30}\n", "{at_least: 30}\n    translation: at least thirty\n"),
    )
    case = load_case_file(write_case(text))
    assert case.document is not None and case.document.language == "pt-BR"
    assert (case.questions[0].bounds_rationale, case.questions[0].threshold) == ("a share", 50)
    assert [c.translation for c in case.claims] == ["", "at least thirty"]


@pytest.mark.parametrize("section", ["questions", "sources", "claims"])
def test_rejects_a_case_without_a_required_section(
    rejection: Callable[..., str], minimal_case_text: str, section: str
) -> None:
    """It rejects a case that leaves out its questions, sources or claims."""
    lines = minimal_case_text.splitlines(keepends=True)
    start = lines.index(f"{section}:\n")
    end = next(
        (i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")), len(lines)
    )
    text = "".join(lines[:start] + lines[end:])
    assert_message(rejection(text), None, f"missing required key '{section}'", 1)


@pytest.mark.parametrize("section", ["questions", "sources", "claims"])
def test_rejects_an_empty_section(
    rejection: Callable[..., str], minimal_case_text: str, section: str
) -> None:
    """It rejects a case whose questions, sources or claims list is empty."""
    lines = minimal_case_text.splitlines(keepends=True)
    start = lines.index(f"{section}:\n")
    end = next(
        (i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")), len(lines)
    )
    text = "".join(lines[:start] + [f"{section}: []\n"] + lines[end:])
    assert_message(rejection(text), section, "needs at least one entry", None)


@pytest.mark.parametrize("file", ['"article\\0.txt"', "x" * 300 + ".txt"], ids=["nul", "long"])
def test_a_strange_document_file_name_gives_a_case_error(
    write_case: Callable[..., Path], minimal_case_text: str, file: str
) -> None:
    """It answers a document file name the file system cannot take with the clear message."""
    text = with_document(minimal_case_text).replace("file: article.txt", f"file: {file}")
    with pytest.raises(CaseError):
        load_case_file(write_case(text))


def test_an_upload_without_its_document_loads_with_quotes_unchecked(
    minimal_case_text: str,
) -> None:
    """It loads an upload whose document file was not supplied, flagging its quotes unchecked."""
    text = with_document(minimal_case_text).replace("at least thirty", "words nowhere")
    case = load_case_bytes(text.encode(), "case.yaml", documents={})
    assert not case.quotes_checked
    assert case.document is not None
    assert case.document.text is None
    case = load_case_bytes(text.encode(), "case.yaml")
    assert not case.quotes_checked


def test_an_upload_with_its_document_has_its_quotes_checked(
    minimal_case_text: str, minimal_document_text: str
) -> None:
    """It checks an upload's quotes against the document supplied with it."""
    data = with_document(minimal_case_text).encode()
    documents = {"article.txt": minimal_document_text.encode()}
    case = load_case_bytes(data, "case.yaml", documents=documents)
    assert case.quotes_checked
    with pytest.raises(CaseError) as caught:
        load_case_bytes(data, "case.yaml", documents={"article.txt": b"nothing to see"})
    assert_message(str(caught.value), "claims[0].quote", "not found word for word", 20)


def test_an_upload_may_not_name_a_document_outside_its_folder(minimal_case_text: str) -> None:
    """It rejects '..' in an upload's document file even when the upload brings no documents."""
    text = with_document(minimal_case_text).replace("article.txt", "../article.txt")
    with pytest.raises(CaseError) as caught:
        load_case_bytes(text.encode(), "case.yaml", documents={"../article.txt": b"x"})
    assert_message(str(caught.value), "document.file", "without '..'", 4)


def test_rejects_an_upload_over_the_size_cap(minimal_case_text: str) -> None:
    """It refuses an upload larger than 1 MB before parsing it, and says the limit."""
    assert UPLOAD_LIMIT_BYTES == 1_000_000
    data = b"#" * UPLOAD_LIMIT_BYTES + b"\n"
    with pytest.raises(CaseError) as caught:
        load_case_bytes(data, "case.yaml", max_bytes=UPLOAD_LIMIT_BYTES)
    message = str(caught.value)
    assert_message(message, None, "1,000,001 bytes", None)
    assert "1,000,000" in message


def test_accepts_an_upload_of_exactly_the_cap(minimal_case_text: str) -> None:
    """It accepts an upload whose size equals the cap, and one with no cap at all."""
    data = minimal_case_text.encode()
    load_case_bytes(data, "case.yaml", max_bytes=len(data))
    load_case_bytes(data, "case.yaml")
    with pytest.raises(CaseError):
        load_case_bytes(data, "case.yaml", max_bytes=len(data) - 1)


def test_a_case_with_several_documents_checks_each_quote_in_its_own() -> None:
    """It loads the two-document fixture: each claim names its document, and its quote is
    found in that document's text."""
    case = load_case_file(TWO_DOCUMENTS_FOLDER / "roads.yaml")
    assert case.document is None
    assert [(d.id, d.file) for d in case.documents] == [
        ("bulletin", "council-bulletin.txt"),
        ("radio", "valley-radio.txt"),
    ]
    assert case.all_documents() == case.documents
    assert [case.document_of(claim).id for claim in case.claims] == ["bulletin", "radio", "radio"]
    assert case.quotes_checked and case.missing_files() == ()
    assert case.documents[0].label == "Thaw bulletin"


def test_an_upload_of_several_documents_without_one_names_the_missing_file() -> None:
    """It loads a two-document upload that brings one of its files, its quotes unchecked, and
    names the file that was not supplied."""
    texts = {"council-bulletin.txt": TWO_TEXTS["council-bulletin.txt"].encode()}
    case = load_case_bytes(TWO_DOCUMENTS.encode(), "roads.yaml", documents=texts)
    assert not case.quotes_checked
    assert case.missing_files() == ("valley-radio.txt",)


def test_a_lone_uploaded_file_is_the_document_whatever_its_name(
    minimal_case_text: str, minimal_document_text: str
) -> None:
    """It takes the one file uploaded with a case that names one document file as that
    document, and remembers the uploaded name so the page can say so."""
    data = with_document(minimal_case_text).encode()
    renamed = {"article (1).txt": minimal_document_text.encode()}
    case = load_case_bytes(data, "case.yaml", documents=renamed)
    assert case.quotes_checked
    assert case.document is not None
    assert (case.document.file, case.document.uploaded_as) == ("article.txt", "article (1).txt")
    wrong = {"notes.txt": b"nothing of the quotes here"}
    with pytest.raises(CaseError, match="not found word for word in 'article.txt'"):
        load_case_bytes(data, "case.yaml", documents=wrong)


@pytest.mark.parametrize(
    ("text", "files"),
    [
        ("one", {"a.txt": "x", "b.txt": "y"}),
        ("two", {"bulletin.txt": "x"}),
    ],
    ids=["two-files-uploaded", "two-documents-named"],
)
def test_no_file_stands_in_when_the_match_is_not_one_to_one(
    minimal_case_text: str, text: str, files: dict[str, str]
) -> None:
    """It takes no file as another's document when two files came along, or when the case
    names two document files: their quotes stay unchecked."""
    data = with_document(minimal_case_text) if text == "one" else TWO_DOCUMENTS
    documents = {name: content.encode() for name, content in files.items()}
    case = load_case_bytes(data.encode(), "case.yaml", documents=documents)
    assert not case.quotes_checked
    assert all(not d.uploaded_as for d in case.all_documents())


def test_a_missing_case_file_gives_a_case_error(tmp_path: Path) -> None:
    """It answers a case file that does not exist with a CaseError naming it."""
    with pytest.raises(CaseError) as caught:
        load_case_file(tmp_path / "case.yaml")
    assert_message(str(caught.value), None, "cannot read the file", None)
