"""Test cases for the draft case (dashboard/draft/build.py, spec section 11): the entry that
refuses a text it cannot draft from, the case file that loads and says what it proposes,
its sources and its language, and the command that writes it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dashboard.__main__ import EXIT_BAD_INPUT, main
from dashboard.case import (
    UPLOAD_LIMIT_BYTES,
    load_case_bytes,
    load_case_file,
)
from dashboard.draft import PROPOSED, DraftError, document_file_name, draft_case, read_document
from dashboard.draft.build import MAX_CLAIMS
from tests.support.drafts import drafted, speakers_of

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "drafts"

HAND_BUILT = (
    ROOT / "data" / "refusals.yaml",
    FIXTURES / "rally-crowd.yaml",
    FIXTURES / "port-strike.yaml",
)


@pytest.mark.parametrize("case_path", HAND_BUILT, ids=lambda p: p.name)
def test_the_draft_of_each_benchmark_text_passes_the_loaders_rules(case_path: Path) -> None:
    """The draft of each hand-built case's document loads, every quote found in the text."""
    hand_built = load_case_file(case_path)
    assert hand_built.document is not None and hand_built.document.text is not None
    draft = draft_case(hand_built.document.text, hand_built.document.file)
    case = load_case_bytes(
        draft.case_yaml,
        "draft.yaml",
        {hand_built.document.file: hand_built.document.text.encode("utf-8")},
    )
    assert case.quotes_checked
    assert draft.claims == len(case.claims) > 0
    assert draft.questions == len(case.questions)
    assert draft.sources == len(case.sources)
    assert draft.labels == sum(len(q.codebook) for q in case.questions)


@pytest.mark.parametrize("name", ["rally-crowd.txt", "port-strike.txt"])
def test_the_invented_fixtures_say_so_on_their_first_line(name: str) -> None:
    """Each invented text says in its first line that it is invented."""
    first_line = (FIXTURES / name).read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("INVENTED TEXT")


def test_everything_proposed_says_it_was_proposed_not_judged() -> None:
    """Every claim's and codebook entry's rationale and every source's note says so."""
    text = (FIXTURES / "rally-crowd.txt").read_text(encoding="utf-8")
    data = yaml.safe_load(draft_case(text, "rally-crowd.txt").case_yaml)
    rationales = [claim["rationale"] for claim in data["claims"]]
    rationales += [
        entry["rationale"] for q in data["questions"] for entry in q.get("codebook", {}).values()
    ]
    notes = [source["note"] for source in data["sources"]]
    assert rationales and notes
    assert all(text.startswith(PROPOSED) for text in rationales + notes)


def test_quotes_that_look_like_yaml_markup_stay_literal_text() -> None:
    """Passages starting with YAML's markup characters come back as the same strings."""
    starts = ["- 3,000", "* 40%", "& 12 people", ": 7 boats", "!9 cars", "% 5 days",
              "@ 6 trucks", "` 8 bikes", "| 10 cars", "> 11 cars", "{ 2 cats }",
              "[ 4 dogs ]", "'5 ships'", "# 15 vans", "null 16 vans", "yes 17 vans"]  # fmt: skip
    text = "\n".join(starts)
    case = drafted(text)
    assert [claim.quote for claim in case.claims] == starts


def test_titles_before_a_name_are_dropped_and_a_surname_is_the_same_source() -> None:
    """A title is dropped ("Defence Minister Arvid Holm"); "Holm said" is the same source."""
    case = drafted(
        "Defence Minister Arvid Holm said 498 soldiers had died.\n\n"
        '"The figure of 498 is complete," Holm said. "We also count 76 missing."'
    )
    assert set(speakers_of(case)) == {"Arvid Holm"}
    assert len(case.sources) == 1


def test_a_russian_texts_draft_sets_its_language_and_keeps_its_quotes_in_russian() -> None:
    """`document.language: ru` and on the result; quotes verbatim; ids in Latin letters."""
    text = "По данным «Опоры», задержаны 318 человек. Это массовое явление."
    draft = draft_case(text, "novosti.txt")
    data = yaml.safe_load(draft.case_yaml)
    assert draft.language == "ru"
    assert data["document"] == {"file": "novosti.txt", "language": "ru"}
    assert [claim["quote"] for claim in data["claims"]] == [
        "По данным «Опоры», задержаны 318 человек.",
        "По данным «Опоры», задержаны 318 человек. Это массовое явление.",
    ]
    assert all(source["id"].isascii() for source in data["sources"])
    case = load_case_bytes(draft.case_yaml, "draft.yaml", {"novosti.txt": text.encode()})
    assert case.document is not None and case.document.language == "ru"


def test_an_english_text_is_drafted_as_english() -> None:
    """The draft says the text's language, on its result and in its document."""
    draft = draft_case("Police said 4,500 marched.", "story.txt")
    assert draft.language == "en"
    assert yaml.safe_load(draft.case_yaml)["document"]["language"] == "en"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty"),
        (" \n\t ", "is empty"),
        ("5 dogs\0", "NUL character"),
        ("No figure at all here.", "no passage that states or hedges a quantity"),
        ("5 dogs. " * (MAX_CLAIMS + 1), f"more than {MAX_CLAIMS:,} passages"),
        ("é" * (UPLOAD_LIMIT_BYTES // 2 + 1), "the limit is 1,000,000 bytes"),
    ],
    ids=["empty", "blank", "nul", "no-quantity", "too-many", "too-large"],
)
def test_a_text_it_cannot_draft_from_gets_one_clear_message(text: str, message: str) -> None:
    """Empty, blank, binary, quantity-free, endless or oversized texts: one line that says so."""
    with pytest.raises(DraftError, match=message) as raised:
        draft_case(text, "paste.txt")
    assert "\n" not in str(raised.value) and "'paste.txt'" in str(raised.value)


def test_bytes_that_are_not_utf8_or_too_many_are_refused() -> None:
    """A document's bytes must be UTF-8 and at most 1 MB."""
    with pytest.raises(DraftError, match="not UTF-8"):
        read_document(b"caf\xe9 5 dogs", "x.txt")
    with pytest.raises(DraftError, match="over the limit"):
        read_document(b"5" * (UPLOAD_LIMIT_BYTES + 1), "x.txt")
    assert read_document(b"5 chiens", "x.txt") == "5 chiens"


@pytest.mark.parametrize(
    ("given", "named"),
    [
        ("news/story.txt", "story.txt"),
        ("..", "document.txt"),
        ("", "document.txt"),
        ("C:\\Users\\me\\a b.txt", "a b.txt"),
        ("two\nlines.txt", "two lines.txt"),
    ],  # fmt: skip
)
def test_the_document_is_named_by_a_bare_file_name(given: str, named: str) -> None:
    """An upload's or a path's name becomes a file name the loader accepts beside the case."""
    assert document_file_name(given) == named


def test_the_command_writes_the_draft_to_standard_output(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """`draft DOCUMENT.txt` prints a case file naming the document beside it."""
    document = tmp_path / "story.txt"
    document.write_text("Police said 4,500 marched.", encoding="utf-8")
    assert main(["draft", str(document)]) == 0
    out = capsysbinary.readouterr().out
    case = load_case_bytes(out, "draft.yaml", {"story.txt": document.read_bytes()})
    assert case.document is not None and case.document.file == "story.txt"


def test_the_command_writes_a_loadable_case_beside_its_document(tmp_path: Path) -> None:
    """With --output, the file loads from disk with its quotes checked against the text."""
    document = tmp_path / "story.txt"
    document.write_text("Police said 4,500 marched.", encoding="utf-8")
    assert main(["draft", str(document), "--output", str(tmp_path / "draft.yaml")]) == 0
    assert load_case_file(tmp_path / "draft.yaml").quotes_checked


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\xff\xfe", "not UTF-8"),
        (b"nothing", "no passage"),
        (b"1" * (UPLOAD_LIMIT_BYTES + 1), "over the limit"),
        (None, "cannot read"),
    ],  # fmt: skip
    ids=["empty", "not-utf8", "no-quantity", "too-large", "missing"],
)
def test_the_command_refuses_bad_input_on_one_line_without_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, message: str
) -> None:
    """Bad input: one line on standard error, exit status 2, no output file."""
    document = tmp_path / "story.txt"
    if content is not None:
        document.write_bytes(content)
    output = tmp_path / "draft.yaml"
    assert main(["draft", str(document), "--output", str(output)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert not output.exists()
