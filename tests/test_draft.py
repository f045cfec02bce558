"""Test cases for the draft of a case from a document (spec section 11), and its command."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dashboard.__main__ import EXIT_BAD_INPUT, main
from dashboard.case import (
    UPLOAD_LIMIT_BYTES,
    AtLeast,
    AtMost,
    Case,
    Range,
    load_case_bytes,
    load_case_file,
)
from dashboard.draft import PROPOSED, DraftError, document_file_name, draft_case, read_document
from dashboard.draft.build import MAX_CLAIMS
from dashboard.draft.passages import paragraphs, sentences
from dashboard.draft.quantities import quantities

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "drafts"
HAND_BUILT = (
    ROOT / "data" / "refusals.yaml",
    FIXTURES / "rally-crowd.yaml",
    FIXTURES / "port-strike.yaml",
)


def drafted(text: str, file_name: str = "story.txt") -> Case:
    """The draft of `text`, loaded as the loader loads any case, its quotes checked."""
    draft = draft_case(text, file_name)
    case = load_case_bytes(draft.case_yaml, "draft.yaml", {file_name: text.encode("utf-8")})
    assert case.document is not None and case.document.text == text
    return case


def sentence_texts(text: str) -> list[str]:
    return [text[s.start : s.end] for p in paragraphs(text) for s in sentences(text, p)]


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


def test_a_vague_amounts_placeholder_is_as_wide_as_its_question() -> None:
    """A label's placeholder reading is at least the question's minimum: uniform over it."""
    case = drafted("Thousands came. Police counted 4,500. Dozens stayed.")
    question = case.question("count")
    assert set(question.codebook) == {"thousands", "dozens"}
    for entry in question.codebook.values():
        assert entry.reading == AtLeast(question.min)
    assert question.max >= 10 * 4_500 * 1.1


def test_quotes_that_look_like_yaml_markup_stay_literal_text() -> None:
    """Passages starting with YAML's markup characters come back as the same strings."""
    starts = ["- 3,000", "* 40%", "& 12 people", ": 7 boats", "!9 cars", "% 5 days",
              "@ 6 trucks", "` 8 bikes", "| 10 cars", "> 11 cars", "{ 2 cats }",
              "[ 4 dogs ]", "'5 ships'", "# 15 vans", "null 16 vans", "yes 17 vans"]  # fmt: skip
    text = "\n".join(starts)
    case = drafted(text)
    assert [claim.quote for claim in case.claims] == starts


def test_sentences_do_not_end_at_abbreviations_initials_or_decimals() -> None:
    """Abbreviations, initials and decimals end no sentence; a full stop before a capital does."""
    text = (
        "Dr. Smith of the U.S. Department of Labor said 2.5 million jobs went. "
        "Police put it at about 3,000, according to Lt. J. Ortiz. "
        "He left at 5 p.m. on Monday. The end."
    )
    assert sentence_texts(text) == [
        "Dr. Smith of the U.S. Department of Labor said 2.5 million jobs went.",
        "Police put it at about 3,000, according to Lt. J. Ortiz.",
        "He left at 5 p.m. on Monday.",
        "The end.",
    ]


@pytest.mark.parametrize(
    ("passage", "kind", "reading"),
    [
        ("more than 1,000 troops refused", "count", AtLeast(1000)),
        ("fewer than a quarter of patients", "share", AtMost(25)),
        ("between 6,000 and 8,000 marchers", "count", Range(6000, 8000)),
        ("from 20 to 40 percent of them", "share", Range(20, 40)),
        ("two or three ships", "count", Range(2, 3)),
        ("unlikely to be more than 5,000", "count", AtMost(5000)),
        ("12,000 or more took part", "count", AtLeast(12000)),
        ("almost 40 days in combat", "duration", Range(36, 40)),
        ("roughly $40 million of goods", "money", Range(30e6, 50e6)),
        ("he served seven months", "duration", Range(6.3, 7.7)),
        ("nine in ten members voted", "share", Range(81, 99)),
        ("half of the staff", "share", Range(45, 55)),
    ],
)
def test_figures_become_suggested_readings(passage: str, kind: str, reading: object) -> None:
    """Figures in digits or words, with their hedges, become range, at_least or at_most."""
    first = quantities(passage)[0]
    assert (first.kind, type(first.reading)) == (kind, type(reading))
    if isinstance(reading, Range) and isinstance(first.reading, Range):
        assert (first.reading.low, first.reading.high) == pytest.approx((reading.low, reading.high))
    else:
        assert first.reading == reading


def test_two_thirds_and_a_quarter_are_shares() -> None:
    """Fractions in words are shares in percent."""
    [two_thirds] = quantities("two-thirds full")
    assert isinstance(two_thirds.reading, Range) and two_thirds.kind == "share"
    assert (two_thirds.reading.low + two_thirds.reading.high) / 2 == pytest.approx(200 / 3)
    assert quantities("a quarter of them")[0].kind == "share"


@pytest.mark.parametrize(
    ("passage", "phrase"),
    [
        ("Thousands of people marched", "Thousands"),
        ("tens of thousands fled", "tens of thousands"),
        ("a significant but unknown number of soldiers", "a significant but unknown number"),
        ("That means it is a mass phenomenon.", "a mass phenomenon"),
        ("found in practically every unit", "practically every"),
        ("the number might be considerably larger", "considerably larger"),
    ],
)
def test_vague_amounts_are_proposed_without_a_figure(passage: str, phrase: str) -> None:
    """A vague amount is a quantity with no suggested reading."""
    [found] = quantities(passage)
    assert (found.phrase, found.reading) == (phrase, None)


@pytest.mark.parametrize(
    "passage",
    [
        "He arrived on February 24.",
        "It was November 20, 2024.",
        "at 10:00 PM",
        "since 1989",
        "One of them left.",
        "his DD214 form",
        "COVID-19 rules",
        "the 22nd day",
    ],  # fmt: skip
)
def test_dates_times_years_and_codes_are_not_quantities(passage: str) -> None:
    """Numbers that name a day, a time, a year or a code are not proposed."""
    assert quantities(passage) == []


def test_speakers_are_found_where_news_copy_puts_them() -> None:
    """Speakers before and after the verb, across an apposition, after "according to", in
    a quotation that goes on, and for "she said" the last one named; a surname alone is the
    same source as the full name."""
    text = (
        "Ruslan Leviyev, the founder of a monitoring group, told reporters that 300 left.\n\n"
        "“It is systemic,” Leviyev said. “Such soldiers are in practically every unit.”\n\n"
        "“We counted 12,400 people,” said Dr. Amira Osei, the chair.\n\n"
        "According to the trust, fewer than a quarter of patients would travel.\n\n"
        "“Nearly every nurse is here,” she said.\n\n"
        "Yesterday 40 ships were waiting."
    )
    case = drafted(text)
    by_quote = {claim.quote: case.source(claim.source).name for claim in case.claims}
    assert by_quote == {
        "Ruslan Leviyev, the founder of a monitoring group, told reporters that 300 left.": (
            "Ruslan Leviyev"
        ),
        "“It is systemic,” Leviyev said. “Such soldiers are in practically every unit.”": (
            "Ruslan Leviyev"
        ),
        "“Such soldiers are in practically every unit.”": "Ruslan Leviyev",
        "“We counted 12,400 people,” said Dr. Amira Osei, the chair.": "Amira Osei",
        "According to the trust, fewer than a quarter of patients would travel.": "Trust",
        "“Nearly every nurse is here,” she said.": "Trust",
        "Yesterday 40 ships were waiting.": "The document's author or outlet",
    }


def test_a_byline_names_the_source_of_unattributed_passages() -> None:
    """Passages nobody is said to have said go to the byline's author."""
    case = drafted("Crowd counts\n\nBy Dana Whitfield, Courier\n\nThousands marched.")
    assert [case.source(c.source).name for c in case.claims] == ["Dana Whitfield"]


def test_questions_group_claims_by_what_they_measure() -> None:
    """Shares, counts, money and durations each get one question."""
    case = drafted("About 40% left. 3,000 stayed. It cost $5 million. It took 3 weeks. 9 came.")
    counts = {q.id: sum(1 for c in case.claims if c.question == q.id) for q in case.questions}
    assert [(q.id, q.unit, counts[q.id]) for q in case.questions] == [
        ("share", "%", 1),
        ("count", "", 2),
        ("money-dollars", "dollars", 1),
        ("duration-weeks", "weeks", 1),
    ]


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
