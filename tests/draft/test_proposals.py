"""Test cases for what a text proposes (dashboard/draft/proposals.py): each figure with its
speaker across sentences and paragraphs ("he said", a byline, an interview's answers),
two figures in one sentence with their own speakers, and a figure denied in passing.

Every text here is invented for the test."""

from __future__ import annotations

from dashboard.case import (
    AtLeast,
    Range,
)
from tests.support.drafts import drafted, speakers_of


def test_a_byline_names_the_source_of_unattributed_passages() -> None:
    """Passages nobody is said to have said go to the byline's author."""
    case = drafted("Crowd counts\n\nBy Dana Whitfield, Courier\n\nThousands marched.")
    assert [case.source(c.source).name for c in case.claims] == ["Dana Whitfield"]


def test_he_said_is_the_person_named_last() -> None:
    """A pronoun goes to the last person the text named, even one named without a verb."""
    case = drafted(
        "Greta Olander has kept a notebook since the hospital closed. "
        '"They told us 900 people would lose their jobs," she said.\n\n'
        "Her neighbour, a retired nurse named Per Halvorsen, remembers it differently. "
        '"It was nearer 1,400," he told me.'
    )
    assert speakers_of(case) == ["Greta Olander", "Per Halvorsen"]


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


def test_a_figure_denied_in_passing_is_not_a_claim() -> None:
    """A figure named to be denied ("at least 2,000 dead, not 498") is no claim."""
    case = drafted('The ministry said 498 had died.\n\n"At least 2,000 dead, not 498," he said.')
    assert [c.reading for c in case.claims] == [Range(448, 548), AtLeast(2000)]


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


def test_a_dialogue_interviews_answers_are_the_interviewees() -> None:
    """In an interview set out with dashes, the answers are the person the introduction
    names; the words of others in them come through that person."""
    case = drafted(
        "Руководитель проекта Анна Лебедева ответила на вопросы издания.\n\n"
        "— Сколько военных отказались?\n\n"
        "— По нашим подсчётам, от 20 до 40 процентов. Документально подтверждено более "
        "1000 случаев.\n\n"
        "— А министерство?\n\n"
        "— В министерстве говорят о «единичных случаях»."
    )
    names = speakers_of(case)
    assert names[:2] == ["Анна Лебедева", "Анна Лебедева"]
    ministry = case.source(case.claims[2].source)
    assert ministry.name == "Министерство"
    assert [case.source(r).name for r in ministry.via] == ["Анна Лебедева"]
