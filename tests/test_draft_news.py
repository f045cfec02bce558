"""Test cases for the draft on the traps of English news copy (spec section 11, issue 26):
speakers that are never weekdays, relays, hedged and worded numbers, units, two figures
in a sentence, questions by what is counted, and figures another outlet restates.

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest
import yaml

from dashboard.case import AtLeast, AtMost, Case, Range, load_case_bytes
from dashboard.draft import PROPOSED, draft_case
from dashboard.draft.quantities import quantities


def drafted(text: str, file_name: str = "story.txt") -> Case:
    """The draft of `text`, loaded as the loader loads any case, its quotes checked."""
    draft = draft_case(text, file_name)
    return load_case_bytes(draft.case_yaml, "draft.yaml", {file_name: text.encode("utf-8")})


def speakers_of(case: Case) -> list[str]:
    return [case.source(claim.source).name for claim in case.claims]


def test_a_weekday_beside_the_verb_is_never_the_speaker() -> None:
    """A weekday is no speaker: "Dnevnik on Wednesday claimed" is Dnevnik's claim,
    "Wednesday's council statement" the council's."""
    case = drafted(
        "The newspaper Dnevnik on Wednesday claimed that 1,200 soldiers had died.\n\n"
        "Wednesday's council statement said 38 people were hurt.\n\n"
        "The ministry said on Thursday that 498 soldiers had been killed."
    )
    names = speakers_of(case)
    assert names[:2] == ["Dnevnik", "Council statement"]
    assert "ministry" in names[2].lower()
    assert not any(day in " ".join(names) for day in ("Wednesday", "Thursday"))


def test_a_claim_reported_by_an_outlet_is_the_claimants_carried_by_the_outlet() -> None:
    """In "Y reported a claim by X", X is the source and Y its relay (`via`)."""
    case = drafted(
        "Ukrinet on Thursday reported a claim by the Ground Forces Command that up to "
        "9,000 troops had been killed."
    )
    [claim] = case.claims
    source = case.source(claim.source)
    assert source.name == "Ground Forces Command"
    assert [case.source(relay).name for relay in source.via] == ["Ukrinet"]
    assert claim.reading == AtMost(9000)


@pytest.mark.parametrize(
    ("text", "speaker", "relay"),
    [
        (
            '"At least 2,000 died," Mikael Sorvin, an adviser to the president, told the '
            "Kestrel Post on Tuesday.",
            "Mikael Sorvin",
            "Kestrel Post",
        ),
        (
            "According to the business daily Marktblatt, the chief executive, Hanne Vos, "
            "said the strike cost 3 million euros a day.",
            "Hanne Vos",
            "Marktblatt",
        ),
        (
            "State television, citing Civic Ledger, put the detentions at over 2,000.",
            "Civic Ledger",
            "State television",
        ),
        (
            "The state agency VNA reports that 2,000 people came, quoting an unnamed police "
            "source.",
            "Unnamed police source",
            "VNA",
        ),
    ],
    ids=["told", "according-to", "citing", "quoting"],
)
def test_relays_are_the_outlets_that_carried_a_speakers_words(
    text: str, speaker: str, relay: str
) -> None:
    """In "X told Y", "according to Y, X said", "Y, citing X", "Y ..., quoting X", Y relays X."""
    case = drafted(text)
    source = case.source(case.claims[0].source)
    assert source.name == speaker
    assert [case.source(r).name for r in source.via] == [relay]


def test_titles_before_a_name_are_dropped_and_a_surname_is_the_same_source() -> None:
    """A title is dropped ("Defence Minister Arvid Holm"); "Holm said" is the same source."""
    case = drafted(
        "Defence Minister Arvid Holm said 498 soldiers had died.\n\n"
        '"The figure of 498 is complete," Holm said. "We also count 76 missing."'
    )
    assert set(speakers_of(case)) == {"Arvid Holm"}
    assert len(case.sources) == 1


def test_he_said_is_the_person_named_last() -> None:
    """A pronoun goes to the last person the text named, even one named without a verb."""
    case = drafted(
        "Greta Olander has kept a notebook since the hospital closed. "
        '"They told us 900 people would lose their jobs," she said.\n\n'
        "Her neighbour, a retired nurse named Per Halvorsen, remembers it differently. "
        '"It was nearer 1,400," he told me.'
    )
    assert speakers_of(case) == ["Greta Olander", "Per Halvorsen"]


def test_a_quotation_inside_a_quotation_stays_in_one_quote() -> None:
    """Single marks inside double ones do not end the quotation or split the passage."""
    text = "\"My neighbour said to me, 'They told us 900 would go, and it was 1,400,'\" she said."
    case = drafted("Greta Olander spoke.\n\n" + text)
    assert {claim.quote for claim in case.claims} == {text}


def test_we_and_our_reporter_are_the_outlet_not_a_place() -> None:
    """The outlet's own count is its own ("Our reporter in Kessbury"), not Kessbury's."""
    case = drafted(
        "By Ann Lee, Coastline Herald\n\n"
        "12:45\nOur reporter in Kessbury counted at least 40 boats on the road.\n\n"
        "We have confirmed 312 names so far."
    )
    assert speakers_of(case) == ["Ann Lee", "Ann Lee"]


@pytest.mark.parametrize(
    ("passage", "reading"),
    [
        ("up to 9,000 troops", AtMost(9000)),
        ("over 7,000 people", AtLeast(7000)),
        ("well over a thousand jobs", AtLeast(1000)),
        ("Two thousand volunteers signed up", Range(1800, 2200)),
        ("nearly 90 people", Range(81, 90)),
        ("1.5 million people", Range(1.35e6, 1.65e6)),
        ("20-40% of them", Range(20, 40)),
    ],
)
def test_numbers_are_read_as_written(passage: str, reading: object) -> None:
    """Hedges, words and scales: "up to" is at most, "over" at least, "two thousand" 2,000."""
    found = quantities(passage)[0].reading
    if isinstance(reading, Range) and isinstance(found, Range):
        assert (found.low, found.high) == pytest.approx((reading.low, reading.high))
    else:
        assert found == reading


def test_a_density_and_an_area_are_not_head_counts() -> None:
    """1-2 people per square metre and 10,000 square metres go to questions of their own,
    never to the question that counts people."""
    case = drafted(
        "About 10,000 square metres were full. At that density, 1-2 people per square "
        "metre, you get somewhere between 10,000 and 20,000 people, Marsh said."
    )
    by_unit = {case.question(c.question).unit: c.reading for c in case.claims}
    assert by_unit["square metres"] == Range(7500, 12500)
    assert by_unit["per square metre"] == Range(1, 2)
    assert by_unit[""] == Range(10000, 20000)
    assert len({c.question for c in case.claims}) == 3


def test_two_figures_in_one_sentence_are_two_claims_with_their_own_speakers() -> None:
    """Two figures of two speakers in one sentence are two claims with two sources."""
    case = drafted(
        "Police estimated the crowd at 15,000, while organisers from the campaign said "
        "75,000 people had marched."
    )
    police, organisers = case.claims
    assert (case.source(police.source).name, police.reading) == ("Police", Range(13500, 16500))
    assert case.source(organisers.source).name.startswith("Organisers")
    assert organisers.reading == Range(67500, 82500)


def test_killed_wounded_captured_and_missing_are_different_questions() -> None:
    """Passages that count different things never share a question."""
    case = drafted(
        "The ministry said 498 soldiers had been killed and 1,597 wounded. "
        "The command said it had captured 412 soldiers. The ministry listed 76 as missing."
    )
    questions = [case.question(c.question) for c in case.claims]
    assert len({q.id for q in questions}) == 4
    counted = ["killed", "wounded", "captured", "missing"]
    assert all(word in q.text for word, q in zip(counted, questions, strict=True))


def test_a_figure_denied_in_passing_is_not_a_claim() -> None:
    """A figure named to be denied ("at least 2,000 dead, not 498") is no claim."""
    case = drafted('The ministry said 498 had died.\n\n"At least 2,000 dead, not 498," he said.')
    assert [c.reading for c in case.claims] == [Range(448, 548), AtLeast(2000)]


@pytest.mark.parametrize(
    "passage",
    [
        "Dario Menes, 34, told us.",
        "nearly half of those detained were under 25",
        "Media contact: +44 20 7946 0000",
        "food for a family of five",
        "the largest the city has seen",
    ],
)
def test_ages_phones_family_sizes_and_bare_superlatives_are_not_amounts(passage: str) -> None:
    """An age, a telephone number, a family's size and "the largest" alone count nothing."""
    found = quantities(passage)
    assert all(q.kind == "share" for q in found)


def test_a_figure_restated_by_a_second_outlet_proposes_one_evidence_group() -> None:
    """A passage "citing" a source's figure is that source's claim, carried by the outlet,
    in one evidence group with the source's own claim, and its rationale says so."""
    case = drafted(
        "At least 86 people died, the coastguard said on Monday.\n\n"
        'The Capital Gazette, citing the coastguard, put the death toll at "close to 90".'
    )
    first, second = case.claims
    assert first.source == second.source
    assert first.evidence is not None and first.evidence == second.evidence
    assert [case.source(r).name for r in case.source(second.source).via] == ["Capital Gazette"]
    assert second.rationale.startswith(PROPOSED) and "restates" in second.rationale


def test_the_same_figure_from_a_second_speaker_proposes_one_evidence_group() -> None:
    """The minister repeating the ministry's 498: one evidence group, proposed to judge."""
    case = drafted(
        "The ministry said 498 soldiers had been killed.\n\n"
        "Defence Minister Arvid Holm said 498 soldiers had been killed."
    )
    first, second = case.claims
    assert first.evidence == second.evidence is not None
    assert "same figure" in second.rationale


def test_an_interviews_answers_are_the_interviewees() -> None:
    """Paragraphs under a name and a colon are that person's; a figure the interviewer puts
    to them is the named source's, relayed by the interviewer's outlet."""
    case = drafted(
        "Tidewater Review: The health ministry says 4,300.\n\n"
        "Ines Caldera: We have records for about 5,000 wounded."
    )
    ministry, caldera = (case.source(c.source) for c in case.claims)
    assert ministry.name == "Health ministry"
    assert [case.source(r).name for r in ministry.via] == ["Tidewater Review"]
    assert caldera.name == "Ines Caldera"


def test_an_english_text_is_drafted_as_english() -> None:
    """The draft says the text's language, on its result and in its document."""
    draft = draft_case("Police said 4,500 marched.", "story.txt")
    assert draft.language == "en"
    assert yaml.safe_load(draft.case_yaml)["document"]["language"] == "en"
