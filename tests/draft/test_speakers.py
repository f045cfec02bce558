"""Test cases for the speaker of a sentence (dashboard/draft/speakers.py): where news copy
names them, never a weekday, the outlet's own words, and the relays that carried them.

Every text here is invented for the test."""

from __future__ import annotations

import pytest

from dashboard.case import AtMost
from dashboard.draft import draft_case
from tests.support.drafts import drafted, speakers_of


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


def test_we_and_our_reporter_are_the_outlet_not_a_place() -> None:
    """The outlet's own count is its own ("Our reporter in Kessbury"), not Kessbury's."""
    case = drafted(
        "By Ann Lee, Coastline Herald\n\n"
        "12:45\nOur reporter in Kessbury counted at least 40 boats on the road.\n\n"
        "We have confirmed 312 names so far."
    )
    assert speakers_of(case) == ["Ann Lee", "Ann Lee"]


def test_russian_speakers_are_people_and_bodies_never_weekdays() -> None:
    """Before the verb past a weekday, after it behind a quotation, after "по данным" and
    "по словам", "В МВД заявили", a name in quotation marks."""
    case = drafted(
        "Министерство обороны Валдории в четверг сообщило, что погибли 5 937 "
        "военнослужащих.\n\n"
        "«Реальное число погибших — 25–30 тысяч», — заявил руководитель проекта Илья Сорокин.\n\n"
        "По данным правозащитного проекта «Опора», задержаны уже 318 человек.\n\n"
        "В МВД заявили, что задержаны «не более 400 человек».\n\n"
        "Генштаб Острении в среду заявил о 60 тысячах убитых."
    )
    assert speakers_of(case) == [
        "Министерство обороны Валдории",
        "Илья Сорокин",
        "Опора",
        "МВД",
        "Генштаб Острении",
    ]


def test_russian_relays_are_the_outlets_that_carried_the_words() -> None:
    """Relays: "X со ссылкой на Y", "как пишет X", "в интервью телеканалу X"."""
    case = drafted(
        "Агентство «Восток» со ссылкой на ГУ МВД сообщает, что задержаны 120 человек.\n\n"
        "Страховщики, как пишет «Деловой Брод», называют ущерб в 1,2 млрд рублей.\n\n"
        "Депутат Олег Брянцев в интервью телеканалу «Восток-24» оценил число раненых "
        "в 30 тысяч."
    )
    relayed = {
        case.source(c.source).name: [case.source(r).name for r in case.source(c.source).via]
        for c in case.claims
    }
    assert relayed == {
        "ГУ МВД": ["Восток"],
        "Страховщики": ["Деловой Брод"],
        "Олег Брянцев": ["Восток-24"],
    }


def test_our_data_and_our_correspondent_are_the_outlets_own() -> None:
    """The outlet's own: "По нашим данным", "Наш корреспондент" and "По его словам"."""
    case = drafted(
        "Сводка\n\n"
        "По нашим данным, задержаны 1 240 человек.\n\n"
        "Наш корреспондент насчитал около 15 автозаков. По его словам, собрались от 8 до 10 "
        "тысяч человек."
    )
    draft = draft_case(case.document.text or "", "novosti.txt") if case.document else None
    assert draft is not None and draft.own_source is not None
    assert {c.source for c in case.claims} == {draft.own_source}
