"""What a figure counts: the thing a question is about ("killed", "detained", "boats").

Passages that count different things must not share a question (spec section 11): the
killed and the wounded of one sentence are two questions, a city's count of cities is not
a count of people. The word that names the thing is either a noun right after the figure
("40 boats", "37 городах") or a word of one of a few kinds of event near it ("498 ...
killed", "погибли 5 937"); a noun that only says the things are people ("23 people have
died") gives way to the event. Word stems in both languages, listed: what news counts is
a short list.
"""

from __future__ import annotations

import re

CATEGORIES = (
    ("killed", r"\bkill|\bdead\b|\bdeaths?\b|\bdied\b|\bdie\b|fatalit|погиб|убит|убил|смерт"
               r"|гибел"),
    ("wounded", r"wound|injur|hurt\b|treated\s+for|ранен|ранени|травм|пострадав|избит"),
    ("captured", r"captur|prisoners?\b|captive|\bpows?\b|плен"),
    ("missing", r"missing|пропал|без\s+вести"),
    ("detained", r"detain|detention|arrest|\bheld\b|задерж|арест"),
    ("evacuated", r"evacuat|эвакуир"),
    ("rescued", r"rescued|спасен|спасли"),
    ("hospitalised", r"hospital|ambulance|госпитализ|больниц"),
    ("homeless", r"homeless|without\s+(?:a\s+)?(?:home|shelter)|без\s+жиль|без\s+крыши"
                 r"|негде\s+жить"),
    ("jobs", r"\bjobs?\b|рабочих\s+мест|уволен"),
    ("refused", r"refus|отказ"),
    ("crowd", r"crowd|\bmarch|took\s+part|protesters|demonstrators|participants|turnout"
              r"|\brall(?:y|ies)\b|собрал|участник|митинг|демонстрант|протестующ"),
    ("population", r"population|населени"),
    ("staff", r"\bstaff\b|employees|workers|сотрудник|персонал"),
)  # fmt: skip
SHOWN = {"killed": "the killed", "wounded": "the wounded", "captured": "the captured",
         "missing": "the missing", "detained": "the detained", "evacuated": "the evacuated",
         "rescued": "the rescued", "hospitalised": "those taken to hospital",
         "homeless": "those left without a home", "refused": "refusals", "crowd": "the crowd",
         "population": "the population"}  # fmt: skip
"""How a question's text names each kind of event it counts."""
CATEGORY = re.compile("|".join(f"(?P<{name}>{words})" for name, words in CATEGORIES), re.IGNORECASE)
PEOPLE = re.compile(r"(?:people|persons?|человек\w*|людей|люди)$", re.IGNORECASE)
"""Nouns that say only that people are counted: the thing is "people"."""
PERSON_NOUNS = re.compile(
    r"(?:people|persons?|soldiers|troops|servicemen|civilians|passengers|residents|names"
    r"|military|personnel|contract|members"
    r"|человек\w*|людей|люди|жител\w*|военнослужащ\w*|солдат\w*|мирных|имён|имен|пассажир\w*"
    r"|задержанн\w*|погибш\w*|ранен\w*)$",
    re.IGNORECASE,
)
"""Nouns for people, whose event ("killed", "detained") says what is counted."""
NOT_A_NOUN = frozenset(
    ["of", "were", "was", "have", "had", "has", "are", "is", "the", "and", "or", "to", "in",
     "on", "at", "for", "from", "more", "than", "so", "each", "a", "an", "that", "who",
     "which", "since", "per", "by", "with", "as", "not", "but", "would", "could", "will",
     "had", "been", "this", "its", "their", "his", "her", "our", "those", "these", "them",
     "в", "на", "из", "и", "а", "или", "по", "до", "от", "с", "что", "же", "уже", "ещё",
     "еще", "из", "за", "к", "у", "о", "об", "при", "для", "как", "это", "были", "было",
     "был", "была", "получили", "находятся", "out", "up", "down", "меньше", "больше", "ниже",
     "выше", "less", "fewer", "higher", "lower", "if", "when", "because", "если", "когда"]
)  # fmt: skip
VERB_LIKE = re.compile(
    r"[a-z]+ed|came|went|left|took|fled|stayed|remain|remains|said|says|say|got|gave|made"
    r"|fell|rose|went|marched|voted|signed|stood|died|are|were|came|come|live|work",
)
"""English words right after a figure that are its verb, not its noun ("9 came")."""
ADJECTIVE = re.compile(r"[а-яё-]+(?:ых|их|ой|ый|ий|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ым|им)$")
WORD = re.compile(r"[«\"“'„]?([^\W\d_][\w-]*)")


def counted_thing(
    passage: str, start: int, end: int, low: int, high: int, share: bool, vague: bool = False
) -> str:
    """What the figure at passage[start:end] counts, looking no further than low..high
    (the neighbouring figures): a noun right after it (a share's or a figure's, not a vague
    amount's: "practically every unit" counts soldiers), else the nearest kind of event,
    which for a share or a noun for people may stand anywhere in the passage ("1,000
    military personnel ... have refused"), else a noun for people; "" when the passage
    does not say."""
    noun = _noun_after(passage, end, high, share)
    if noun and not PERSON_NOUNS.match(noun) and not CATEGORY.match(noun):
        return "" if vague else noun.lower()
    event = _nearest_event(passage, start, end, low, high)
    if event is None and (share or noun):
        event = _nearest_event(passage, start, end, 0, len(passage))
    if event:
        return event
    if noun:
        return "people" if PEOPLE.match(noun) else noun.lower()
    return ""


def _nearest_event(passage: str, start: int, end: int, low: int, high: int) -> str | None:
    nearest: tuple[int, str] | None = None
    for match in CATEGORY.finditer(passage, low, high):
        distance = start - match.end() if match.end() <= start else match.start() - end
        if nearest is None or abs(distance) < nearest[0]:
            nearest = (abs(distance), next(k for k, v in match.groupdict().items() if v))
    return nearest[1] if nearest else None


def _noun_after(passage: str, end: int, high: int, share: bool) -> str | None:
    """The noun right after a figure, past Russian adjectives ("300 временных домов") and,
    for a share, past "of the" ("half of those detained")."""
    position = end
    for _ in range(4):
        word = WORD.match(
            passage, position + len(passage[position:]) - len(passage[position:].lstrip())
        )
        if not word or word.start() >= high:
            return None
        text = word[1]
        position = word.end()
        if text.lower() in NOT_A_NOUN:
            if share and text.lower() in ("of", "the", "those", "its", "their"):
                continue
            return None
        if ADJECTIVE.fullmatch(text.lower()) and not PERSON_NOUNS.match(text):
            continue
        if text[:1].isupper() and not share:
            continue  # "412 Valdorian soldiers"
        if VERB_LIKE.fullmatch(text.lower()) and not CATEGORY.match(text):
            return None
        return text
    return None
