"""Test cases for the draft of a Russian text (spec section 11, issue 26): numbers as
Russian writes them, speakers and relays, sentences and quotation marks, questions by what
is counted, and the document's language.

Every text here is invented for the test.
"""

from __future__ import annotations

import pytest
import yaml

from dashboard.case import AtLeast, AtMost, Case, Range, load_case_bytes
from dashboard.draft import draft_case
from dashboard.draft.language import ascii_slug, language_of
from dashboard.draft.passages import paragraphs, quotations, sentences
from dashboard.draft.quantities import quantities


def drafted(text: str, file_name: str = "novosti.txt") -> Case:
    """The draft of `text`, loaded as the loader loads any case, its quotes checked."""
    draft = draft_case(text, file_name)
    return load_case_bytes(draft.case_yaml, "draft.yaml", {file_name: text.encode("utf-8")})


def speakers_of(case: Case) -> list[str]:
    return [case.source(claim.source).name for claim in case.claims]


@pytest.mark.parametrize(
    ("passage", "reading"),
    [
        ("задержаны 20 000 человек", Range(18000, 22000)),
        ("задержаны 20\u00a0000 человек", Range(18000, 22000)),
        ("задержаны 20\u2009000 человек", Range(18000, 22000)),
        ("погибли 5 937 военнослужащих", Range(5343.3, 6530.7)),
        ("о 60 тысячах убитых", Range(54000, 66000)),
        ("около 60 тысяч человек", Range(45000, 75000)),
        ("реальное число — 25-30 тысяч", Range(25000, 30000)),
        ("реальное число — 25–30 тысяч", Range(25000, 30000)),
        ("около 1,5 тыс. жителей", Range(1125, 1875)),
        ("более 1000 случаев", AtLeast(1000)),
        ("свыше тысячи человек", AtLeast(1000)),
        ("не менее 12 человек", AtLeast(12)),
        ("не более 400 человек", AtMost(400)),
        ("до 9 тысяч солдат", AtMost(9000)),
        ("от 20 до 40 процентов тех, кто вернулся", Range(20, 40)),
        ("ущерб — 2,4 млрд рублей", Range(2.16e9, 2.64e9)),
    ],
)
def test_russian_numbers_are_read_as_written(passage: str, reading: object) -> None:
    """Spaces between thousands (plain, no-break, thin), "тысяч", "тыс.", "млрд", a decimal
    comma, ranges with a hyphen or a dash, and the hedges of Russian copy."""
    found = quantities(passage)[0].reading
    if isinstance(reading, Range) and isinstance(found, Range):
        assert (found.low, found.high) == pytest.approx((reading.low, reading.high))
    else:
        assert found == reading


@pytest.mark.parametrize(
    ("passage", "value"),
    [
        ("Тысяча жителей остались без жилья", 1000),
        ("свыше двух тысяч семей", 2000),
        ("около шести тысяч человек", 6000),
        ("«более чем в тридцать тысяч»", 30000),
        ("отказались сорок два человека", 42),
        ("Погибли два человека", 2),
    ],
)
def test_numbers_in_words_are_read_in_any_case(passage: str, value: float) -> None:
    """Number words are read in any case: "Тысяча", "двух тысяч", "шести тысячах"."""
    reading = quantities(passage)[0].reading
    match reading:
        case Range(low, high):
            assert (low + high) / 2 == pytest.approx(value)
        case AtLeast(number) | AtMost(number):
            assert number == pytest.approx(value)
        case _:
            pytest.fail(f"no figure in {passage!r}")


@pytest.mark.parametrize(
    "passage",
    [
        "ОРСК, 12 мая. Новости дня.",
        "в 2026 году",
        "на 22:00",
        "телефон +7 (4012) 55-20-00",
        "в 90-х годах",
        "на 5-й день",
        "Один офицер сказал",
        "а по документам — ни одного",
        "в возрасте до 25 лет",
    ],
)
def test_dates_times_phones_ordinals_and_one_are_not_amounts(passage: str) -> None:
    """A date, a year, a clock time, a telephone number, an ordinal, "один" and an age."""
    assert quantities(passage) == []


def test_units_are_kept_apart_from_head_counts() -> None:
    """A density per square metre, an area, a concentration and a multiple are not counts
    of people; the count beside them is."""
    found = quantities(
        "Площадь — около 12 тыс. кв. м; при плотности 2–3 человека на квадратный метр там "
        "было 24–36 тысяч человек, а дыма — 5 мг на кубометр, в десять раз выше нормы."
    )
    assert [(q.kind, q.unit) for q in found] == [
        ("area", "square metres"),
        ("rate", "per square metre"),
        ("count", ""),
        ("rate", "per cubic metre"),
        ("count", ""),
    ]
    assert found[2].reading == Range(24000, 36000)
    assert found[4].relative and found[4].reading is None


def test_sentences_end_before_a_cyrillic_capital_not_after_an_abbreviation() -> None:
    """Abbreviations ("тыс.", "г.") end no sentence; a full stop before a capital does."""
    text = "В 2024 г. задержаны 1,5 тыс. человек. Полиция назвала 400. «Это много», — сказал он."
    spans = [text[s.start : s.end] for p in paragraphs(text) for s in sentences(text, p)]
    assert spans == [
        "В 2024 г. задержаны 1,5 тыс. человек.",
        "Полиция назвала 400.",
        "«Это много», — сказал он.",
    ]


def test_a_quotation_inside_a_quotation_is_part_of_it() -> None:
    """«... „...“ ...» is one quotation."""
    text = "Офицер сказал: «Нам писали „сорок два“, а было больше». Конец."
    spans = quotations(text, next(paragraphs(text)))
    assert [text[s.start : s.end] for s in spans] == ["«Нам писали „сорок два“, а было больше»"]


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


def test_a_figure_restated_with_a_reference_proposes_one_evidence_group() -> None:
    """«Городские новости», ссылаясь на «Опору», restate Opora's count: one evidence group,
    one source (the case endings of «Опору» and «Опора» are one name), a relay."""
    case = drafted(
        "По данным проекта «Опора», задержаны 318 человек.\n\n"
        "Издание «Городские новости», ссылаясь на «Опору», пишет о 300 задержанных."
    )
    first, second = case.claims
    assert first.source == second.source
    assert first.evidence == second.evidence is not None
    assert [case.source(r).name for r in case.source(second.source).via] == ["Городские новости"]


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


def test_killed_wounded_and_captured_are_different_questions_in_russian() -> None:
    """The killed, the wounded, the captured and a count of cities are four questions."""
    case = drafted(
        "Министерство сообщило, что погибли 5 937 военнослужащих, ещё 20 000 получили "
        "ранения. Около 1,5 тыс. военнослужащих находятся в плену. В 37 городах прошли акции."
    )
    questions = [case.question(c.question) for c in case.claims]
    assert len({q.id for q in questions}) == 4
    counted = ["killed", "wounded", "captured", "городах"]
    assert all(word in q.text for word, q in zip(counted, questions, strict=True))


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


def test_a_vague_russian_amount_gets_a_codebook_label_in_latin_letters() -> None:
    """«массовое явление», «несколько тысяч», «единичные случаи»: labels for the analyst."""
    case = drafted("Это уже массовое явление.\n\nТаких случаев несколько тысяч.")
    labels = [claim.reading.label for claim in case.claims]
    assert labels == ["massovoe_yavlenie", "neskolko_tysyach"]


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
