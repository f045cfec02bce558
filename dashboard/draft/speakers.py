"""Who a passage is attributed to, and who carried it: speakers and relays, in English and
in Russian.

Hand-written patterns. A speaker is a person (a run of capitalised words, a title before
it dropped), an organisation (capitalised words, or a name in quotation marks:
«Медиазона») or a group noun ("police", "the union", "полиция"), found beside a verb of
saying outside quotation marks: before it ("Leviyev said", "Генштаб заявил"), across an
apposition ("Ruslan Leviyev, the founder of ..., told"), after it behind a quotation
('"...," said Dr. Osei', "«...», — заявил Илья Сорокин"), after "according to" or "по
данным". A weekday, a month or a pronoun is never a speaker. "X told Y", "according to Y,
X said", "Y reported a claim by X", "Y, citing X", "Y со ссылкой на X" make Y a relay of
X. spaCy's named entities need a model this project cannot download; natasha's ship in its
package but were measured at 10 s a megabyte (the draft's budget is 5 s) and 1.2 s to load,
took "Острении Марты Ковальчук" for one person and "ПРЕСС-РЕЛИЗ" for an organisation, and
find names, not who said what, so the patterns below would still be needed. pymorphy3 with
its dictionaries (16 MB) would put a name in the nominative ("Марты Ковальчук" -> "Марта
Ковальчук"); the draft keeps a name as the text writes it, a case ending aside when two
spellings are one source ("Опору", "Опора"), and leaves the rest to the analyst.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard.draft.language import ascii_slug

QUOTED = "<quoted>"
"""What stands for a quotation while the words around it are searched."""
PRONOUN = "<pronoun>"
"""The speaker of "he said": the last speaker named before it."""
OWN = "<own>"
"""The speaker of "we counted", "our reporter", "по нашим данным": the document's own
author or outlet (or, in an interview's answer, the one answering)."""

_EN_VERBS = ["said", "says", "say", "told", "tells", "wrote", "writes", "written", "estimated",
             "estimates", "estimate", "claimed", "claims", "claim", "reported", "reports",
             "stated", "states", "added", "adds", "announced", "announces", "argued", "argues",
             "insisted", "insists", "warned", "warns", "noted", "notes", "explained",
             "explains", "believes", "believed", "suggested", "suggests", "counted", "put",
             "puts", "found", "finds", "showed", "shows", "shown", "concluded", "calculated",
             "predicted", "forecast", "acknowledged", "admitted", "admits", "confirmed",
             "confirms", "tweeted", "posted", "continued", "listed", "lists", "repeated",
             "recorded", "records", "published", "gave", "gives", "cited", "cites",
             "counts", "put"]  # fmt: skip
_RU_VERBS = ["сообщил", "сообщила", "сообщило", "сообщили", "сообщает", "сообщают", "заявил",
             "заявила", "заявило", "заявили", "заявляет", "заявляют", "сказал", "сказала",
             "сказали", "говорит", "говорят", "рассказал", "рассказала", "рассказали",
             "написал", "написала", "написали", "пишет", "пишут", "отметил", "отметила",
             "отметили", "отмечает", "добавил", "добавила", "уточнил", "уточнила", "считает",
             "считают", "полагает", "оценил", "оценила", "оценило", "оценили", "оценивает",
             "насчитал", "насчитала", "насчитало", "насчитали", "подсчитал", "подсчитала",
             "подсчитали", "утверждает", "утверждают", "признал", "признала", "признало",
             "называет", "называют", "назвал", "назвала", "назвало", "назвали", "пообещал",
             "пообещала", "обещал", "ответил", "ответила", "объявил", "объявила", "объявило",
             "передаёт", "передает", "подтвердил", "подтвердила", "подтвердило", "указал",
             "указала", "привёл", "привел", "привела", "привели", "опубликовал",
             "опубликовала", "опубликовали", "зафиксировал", "зафиксировали", "констатировал",
             "пояснил", "пояснила", "подчеркнул", "подчеркнула"]  # fmt: skip
VERB = re.compile(
    rf"(?<![\w-])(?:(?:has|have|had)\s+(?:also\s+)?)?(?:{'|'.join(_EN_VERBS + _RU_VERBS)})(?![\w-])"
)

_EN_GROUPS = ["police", "organisers", "organizers", "officials", "official", "authorities",
              "union", "company", "council", "ministry", "government", "trust", "operator",
              "report", "survey", "study", "poll", "campaign", "residents", "witnesses",
              "activists", "analysts", "economists", "experts", "researchers", "doctors",
              "medics", "rescuers", "observers", "monitors", "monitor", "office", "agency",
              "spokesman", "spokeswoman", "spokesperson", "army", "military", "prosecutors",
              "investigators", "hospital", "department", "commission", "committee",
              "organisation", "organization", "charity", "firm", "bank", "statement",
              "service", "board", "network", "source", "sources", "television", "coastguard",
              "broadcaster", "newspaper", "daily", "channel", "station", "lawyers",
              "volunteers", "group", "ngo", "data", "fishermen", "agents", "command",
              "institute", "project", "reporter", "correspondent"]  # fmt: skip
_RU_GROUP = (
    r"(?:полици|мвд|минобороны|министерств|ведомств|администраци|мэри|власт|организатор"
    r"|волонт[её]р|адвокат|страховщик|эксперт|аналитик|правозащитник|офицер|источник|штаб"
    r"|проект|агентств|издани|телеканал|канал|генштаб|прокуратур|минфин|мчс|управлени"
    r"|пресс-служб|служб|комитет|комисси|профсоюз|организаци|групп|корреспондент|журналист"
    r"|врач|медик|спасател|очевид|свидетел|родственник|урбанист|депутат|губернатор|мэр)"
    r"[а-яё-]*"
)
_UPPER = "A-ZА-ЯЁ"
_LOWER = "a-zа-яё"
_QUOTED_NAME = r"«[^«»]{1,60}»|“[^“”]{1,60}”"
_CAPITALISED = rf"(?:[{_UPPER}][\w’'.&/-]*|{_QUOTED_NAME})"
_CONNECTORS = r"(?:of|the|for|and|de|da|del|van|von|der|al|bin|ibn|le|la|по|на)"
_NAME = rf"{_CAPITALISED}(?:\s+(?:{_CONNECTORS}\s+)*{_CAPITALISED}){{0,6}}"
_EN_GROUP_WORDS = "|".join(_EN_GROUPS)
_GROUP = (
    rf"(?i:(?:(?:the|a|an)\s+)?(?:[\w’'-]+\s+){{0,3}}?(?:{_EN_GROUP_WORDS})(?![\w])"
    rf"(?:\s+(?:{_EN_GROUP_WORDS})(?![\w]))?)"
    rf"|(?i:(?:[а-яё-]+\s+)?{_RU_GROUP})(?:\s+[а-яё]+(?:ы|и|а|ого|ой|ых|ей))?"
    rf"(?:\s+(?:в|по)\s+{_CAPITALISED})?(?:\s+{_CAPITALISED})?"
)
NAME_OR_GROUP = re.compile(rf"(?:{_NAME})|(?:{_GROUP})")
"""A name (capitalised, so case-sensitive) or a group noun (in any case)."""
SPEAKER_AT_END = re.compile(rf"(?:{_NAME}|(?:{_GROUP}))\s*$")
SPEAKER_AT_START = re.compile(rf"\s*((?:{_NAME})|(?:{_GROUP}))")
PERSON = re.compile(rf"[{_UPPER}][{_LOWER}’'-]+(?:\s+[{_UPPER}][{_LOWER}’'-]+){{1,2}}")
"""A person's name: two or three capitalised words ("Piet Laan", "Анна Лебедева")."""
PATRONYMIC = re.compile(r"\w+(?:ович|евич|ич|овна|евна|ична|инична)$")

_OF_NAME = rf"((?:{_NAME})|(?:{_GROUP}))"
_DESCRIBED_NAME = rf"(?:(?:[{_LOWER}][\w-]*\s+){{0,4}}({_NAME})|({_GROUP}))"
"""A name after lower-case words that describe it ("the business daily Marktblatt",
"советника президента Марты Ковальчук"), or a group noun."""
ACCORDING_TO = re.compile(
    rf"(?:(?i:\baccording\s+to\s+)(?:(?i:the)\s+)?"
    rf"|(?i:(?<![\w-])по\s+(?:данным|словам|информации|оценкам?|подсч[её]там|мнению|сведениям"
    rf"|сообщению|версии)\s+)){_DESCRIBED_NAME}"
)
OWN_ACCORDING = re.compile(
    r"(?i:(?:according\s+to\s+our|по\s+(?:нашим|моим)\s+(?:данным|подсч[её]там|оценкам?"
    r"|сведениям|информации)))"
)
PRONOUN_ACCORDING = re.compile(
    r"(?i:(?:according\s+to\s+(?:him|her|them)|по\s+(?:его|её|ее|их)\s+(?:словам|данным"
    r"|оценкам?|подсч[её]там|мнению)))"
)
CITING = re.compile(
    rf"(?i:\b(?:citing|quoting|cited\s+by|relaying|reported\s+(?:a|the)\s+(?:claim|statement"
    rf"|figure|estimate|report)s?\s+(?:by|from|of)|(?<![\w-])со\s+ссылкой\s+на|ссылаясь\s+на)\s+)"
    rf"(?:(?i:the)\s+)?{_DESCRIBED_NAME}"
)
""""Y, citing X", "Y reported a claim by X", "Y со ссылкой на X": X's figure, Y's report."""
AS_REPORTED = re.compile(
    rf"(?i:\bas\s+reported\s+by|(?<![\w-])как\s+(?:пишет|пишут|сообщает|сообщают|сообщил[аио]?"
    rf"|передаёт|передает|отмечает|отметил[аио]?|заявил[аио]?)\s+)\s*{_OF_NAME}"
)
TOLD_RELAY = re.compile(
    rf"(?<![\w-])(?:told|tells)\s+(?:the\s+)?(?:[{_LOWER}][\w-]*\s+){{0,3}}?({_NAME})"
    rf"|(?i:в\s+интервью\s+|(?:сказал[аи]?|рассказал[аи]?|заявил[аи]?)\s+)"
    rf"(?:(?i:изданию|телеканалу|газете|агентству|радио|радиостанции|порталу|каналу)\s+)({_NAME})"
    rf"|(?i:в\s+интервью\s+)({_NAME})"
)
""""X told the Kestrel Post", "в интервью телеканалу «Восток-24»": the outlet relays X."""
TOLD_BY = re.compile(rf"\b(?:told|informed)\s+by\s+(?:(?i:the)\s+)?{_DESCRIBED_NAME}")
POSSESSIVE = re.compile(
    r"['’]s?\s+(?:own\s+)?(?:(?:latest|new|official|final)\s+)?"
    r"(?i:count|figure|tally|estimate|data|report|survey|numbers|records|list|toll)s?\b"
)
""""Civic Ledger's count": the name before it is the speaker (searched from the "'s", which
is quicker than trying a name at every word)."""
IMPERSONAL = re.compile(
    rf"(?:^|[,;:—]\s*)(?:[Вв]\s+)({_NAME}|(?i:{_RU_GROUP})(?:\s+{_CAPITALISED})*)\s+"
    r"(?:заявили|сообщили|говорят|называют|считают|утверждают|отметили|пояснили|уточнили"
    r"|подтвердили|признали|оценили|подсчитали|насчитали|ответили)"
)
""""В МВД заявили", "В полиции называют": the body is the speaker."""
PRONOUNS = re.compile(r"(?:^|\s)(?:he|she|they|it|он|она|они|оно)\s*$", re.IGNORECASE)
OWN_WORDS = re.compile(r"(?:^|\s)(?:we|i|our|my|мы|я|наш\w*|мо[йяеи]\w*)(?:\s|$)", re.IGNORECASE)
PARENTHESES = re.compile(r"\([^()]{0,80}\)")
TIME_STAMP = re.compile(r"^\W*\d{1,2}[:.]\d{2}\W+")
"""A live blog's time stamp before an entry ("14:05"), which is not part of its words."""

_WEEKDAYS = (
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|понедельник\w*|вторник\w*"
    r"|сред[ауы]|четверг\w*|пятниц\w*|суббот\w*|воскресень\w*"
)
TRAILING = re.compile(
    rf"""(?:\s+(?:(?:on|last|this|late|early|next|в|во)\s+)?(?:{_WEEKDAYS})(?:['’]s)?
          (?:\s+(?:night|morning|evening|afternoon|утром|днём|днем|вечером|ночью))?
       |\s+(?:also|later|earlier|today|tonight|yesterday|previously|separately|again|then|now
          |too|still|repeatedly|already|recently|first|publicly|initially|meanwhile|however
          |так\w*|ранее|уже|вчера|сегодня|накануне|позже|позднее|тоже|ещё|еще|впервые
          |официально|же)
       |\s+(?:in|on|at)\s+(?:a|an|its|his|her|their)\s+(?:statement|interview|post|report
          |briefing|press\s+conference|message)
       |\s+(?:в|на|с|для)\s+(?:[{_LOWER}][\w-]*\s+){{0,3}}?[\w«»"-]+(?:\s+[{_UPPER}][\w-]*)?
       |\s+(?:в|на)\s+интервью\s+\S+(?:\s+\S+)?)\s*[,—-]*$""",
    re.VERBOSE,
)
"""Time words and adverbial phrases between a speaker and the verb: "Dnevnik on Wednesday
claimed", "Генштаб в среду заявил", "Организаторы в своём телеграм-канале заявили"."""

NOT_A_SPEAKER = re.compile(
    rf"^(?:{_WEEKDAYS}|January|February|March|April|May|June|July|August|September|October"
    rf"|November|December|Today|Yesterday|It|He|She|They|We|I|This|That|There|These|Those"
    rf"|What|Who|Which|When|Where|Why|How|Here|Update|Live|Breaking)(?:['’]s)?$",
    re.IGNORECASE,
)
TITLES = frozenset(
    ["executive", "director", "minister", "president", "prime", "governor", "mayor", "senator",
     "general", "colonel", "major", "captain", "chief", "head", "deputy", "secretary",
     "spokesman", "spokeswoman", "adviser", "advisor", "commander", "professor", "judge",
     "ambassador", "chairman", "chairwoman", "chair", "defence", "defense", "foreign",
     "interior", "health", "finance", "vice", "lieutenant", "sergeant", "inspector",
     "superintendent", "union", "survivor", "regional", "mr", "mrs", "ms", "dr", "prof",
     "mr.", "mrs.", "ms.", "dr.", "prof.", "lt.", "gen.", "col.", "sgt.", "rev.", "sir",
     "lord", "lady", "father", "sister", "lawyer", "economist", "analyst", "activist"]
)  # fmt: skip
"""Words of a title before a person's name ("Defence Minister Arvid Holm")."""
LEADING_WORDS = frozenset(
    ["a", "an", "the", "in", "on", "at", "but", "and", "then", "when", "while", "if",
     "according", "this", "that", "these", "those", "it", "he", "she", "they", "we", "i",
     "our", "his", "her", "their", "its", "after", "before", "as", "so", "yet", "also",
     "meanwhile", "however", "still", "now", "today", "yesterday", "last", "earlier",
     "later", "apparently", "furthermore", "moreover", "а", "но", "и", "однако", "один",
     "одна", "одно", "некий", "некая", "при", "этом", "же"]
)  # fmt: skip
"""Words that start a sentence or a phrase, not a speaker's name."""
LOOK_BACK = 200
"""How far before a verb a speaker's name may start: a long apposition is rarely longer."""
SKIP_AFTER_VERB = re.compile(
    r"\s*(?:(?:to|for)\s+(?:reporters|us|me|journalists)|для\s+нас|нашему\s+корреспонденту"
    r"|журналистам|репортёрам|репортерам)?\s*,?"
)


@dataclass(frozen=True)
class Attribution:
    """A passage's speaker (a name, PRONOUN, OWN or None) and the outlet that relayed it;
    `restated` when the passage carries another source's figure ("citing Agora")."""

    speaker: str | None
    relay: str | None = None
    restated: bool = False


def attributed(masked: str) -> Attribution:
    """The speaker and relay a sentence (or a clause of one) names, its quotations replaced
    by QUOTED."""
    text = masked
    relay: str | None = None
    cited: str | None = None
    citing = CITING.search(text)
    if citing:
        cited = _name_or_pronoun(_named(citing))
        text = text[: citing.start()] + " " + text[citing.end() :]
    reported = AS_REPORTED.search(text)
    if reported:
        relay = speaker_name(reported[1])
        text = text[: reported.start()] + text[reported.end() :]
    told = TOLD_RELAY.search(text)
    told_relay = speaker_name(next(g for g in told.groups() if g)) if told else None
    if citing and cited:
        relay = _by_verb(text) or _by_verb(masked[: citing.start()] + " said") or relay
        return Attribution(cited, relay if relay not in (None, OWN, PRONOUN) else None, True)
    if OWN_ACCORDING.search(text):
        return Attribution(OWN, relay)
    if PRONOUN_ACCORDING.search(text):
        return Attribution(PRONOUN, relay)
    according = ACCORDING_TO.search(text)
    if according:
        named = _name_or_pronoun(_named(according))
        rest = text[: according.start()] + text[according.end() :]
        speaker = _by_verb(rest) if text[according.start() :].lower().startswith("acc") else None
        if speaker not in (None, OWN, PRONOUN) and speaker != named:
            return Attribution(speaker, named)
        return Attribution(named, relay or told_relay)
    told_by = TOLD_BY.search(text)
    if told_by:
        relay = _by_verb(text[: told_by.start()] + " said")
        return Attribution(_name_or_pronoun(_named(told_by)), relay)
    impersonal = IMPERSONAL.search(text)
    if impersonal:
        return Attribution(speaker_name(impersonal[1]), relay)
    speaker = _by_verb(text)
    if speaker is None and (possessive := POSSESSIVE.search(text)):
        owner = SPEAKER_AT_END.search(
            text[max(0, possessive.start() - LOOK_BACK) : possessive.start()]
        )
        speaker = speaker_name(owner.group()) if owner else None
    if told_relay and told_relay == speaker:
        told_relay = None
    return Attribution(speaker, relay or told_relay)


def _named(match: re.Match[str]) -> str:
    """The first group of a match that took part: the name, whichever way it was found."""
    return next(group for group in match.groups() if group)


def _name_or_pronoun(words: str) -> str | None:
    if OWN_WORDS.fullmatch(" " + words.strip() + " "):
        return OWN
    return speaker_name(words)


def _by_verb(masked: str) -> str | None:
    """The speaker beside the first verb of saying that has one."""
    for verb in VERB.finditer(masked):
        before = masked[max(0, verb.start() - LOOK_BACK) : verb.start()]
        invertible = not verb.group().endswith(("told", "tells"))
        if invertible and _cyrillic(verb.group()) and before.rstrip().endswith(","):
            found = _inverted(masked, verb.end(), before) or _before(before)
        else:
            found = _before(before)
            if found is None and invertible:
                found = _inverted(masked, verb.end(), before)
        if found:
            return found
    return None


def _inverted(masked: str, after_verb: int, before: str) -> str | None:
    """The speaker after the verb, where the words before it are a quotation or a clause:
    '"...," said Dr. Osei', "«...», — заявил Илья Сорокин", "..., подсчитал урбанист X"."""
    head = before.rstrip(" ,—–-")
    if head and not head.endswith(QUOTED) and not before.rstrip().endswith((",", "—", "–")):
        return None
    skip = SKIP_AFTER_VERB.match(masked, after_verb)
    start = skip.end() if skip else after_verb
    window = masked[start : start + 120]
    person = _person_at_start(window)
    if person:
        return person
    at_start = SPEAKER_AT_START.match(window)
    if at_start and (name := speaker_name(at_start[1])) and _is_speaker(name):
        return name
    return None


def _person_at_start(window: str) -> str | None:
    """A person named within the first words after a verb, past a lower-case title
    ("руководитель проекта Илья Сорокин", "Executive Director Margit Okonkwo")."""
    lead = re.match(rf"\s*((?:[{_LOWER}][\w-]*\s+){{0,4}})", window)
    rest = window[lead.end() if lead else 0 :]
    run = re.match(rf"(?:[{_UPPER}][\w’'.-]*\s+){{0,3}}[{_UPPER}][\w’'.-]*", rest)
    if not run or (lead and lead[1] and not PERSON.search(run.group())):
        return None
    return speaker_name(run.group())


def _before(before: str) -> str | None:
    """The speaker just before a verb: its subject, past time words and adverbials."""
    if QUOTED in before:
        before = before[before.rindex(QUOTED) + len(QUOTED) :]
    before = re.sub(r"«[^«»]*»", lambda m: m.group().replace(" ", "\u2063"), before.strip())
    previous = None
    while previous != before:
        previous = before
        before = TRAILING.sub("", before).rstrip()
    if not before.strip(" ,—–-"):
        return None
    if PRONOUNS.search(before):
        return PRONOUN
    if _first_person(before):
        return OWN
    if before.endswith(","):
        # An apposition: "Ruslan Leviyev, the founder of ..., told"; the speaker is the
        # first part that is nothing but a name, else a name inside the first part.
        parts = [p.strip() for p in before[:-1].split(",")]
        for part in parts:
            if PERSON.fullmatch(part) and (name := speaker_name(part)):
                return name
        for part in parts:
            if NAME_OR_GROUP.fullmatch(part) and (name := speaker_name(part)) and _is_speaker(name):
                return name
        first = NAME_OR_GROUP.match(parts[0])
        if first and (name := speaker_name(first.group())) and _is_speaker(name):
            return name
        for part in parts:
            person = PERSON.search(part)
            if person and (name := speaker_name(person.group())):
                return name
        return None
    clause = re.split(r"[,;:—–]\s+|\s+[-–—]\s+", before)[-1]
    at_end = SPEAKER_AT_END.search(clause)
    if at_end and (name := speaker_name(at_end.group())) and _is_speaker(name):
        return name
    start = NAME_OR_GROUP.match(clause)
    if start and re.match(r"\s+(?:from|of|at|из)\s", clause[start.end() :]):
        name = speaker_name(start.group())
        return name if name and _is_speaker(name) else None
    return None


def _first_person(before: str) -> bool:
    """Whether the words before a verb are the writer's own ("we", "our reporter", "наш
    корреспондент"), not a name with "Our" in it ("Save Our Wards")."""
    tokens = before.split()
    for index, token in enumerate(tokens[-4:], start=max(0, len(tokens) - 4)):
        if re.fullmatch(r"(?i:we|i|our|my|мы|я|наш\w*|мо[йяеи]\w*)", token) and (
            index == 0 or not tokens[index - 1][:1].isupper() or token[:1].islower()
        ):
            return True
    return False


def _is_speaker(name: str) -> bool:
    return not NOT_A_SPEAKER.match(name) and any(c.isalpha() for c in name)


def speaker_name(words: str) -> str | None:
    """A speaker's name as a source's: leading articles, titles and sentence words dropped,
    an affiliation after "of" dropped from a person's name, a name in quotation marks
    without them; None when nothing is left or it is a weekday, a month or a pronoun."""
    quoted = re.search(_QUOTED_NAME, words)
    if quoted and not PERSON.search(words.replace(quoted.group(), "")):
        name = quoted.group()[1:-1].strip().replace("\u2063", " ")
        return name if _is_speaker(name) else None
    tokens = words.split()
    while tokens and tokens[0].lower() in LEADING_WORDS:
        tokens.pop(0)
    tokens = [t for t in tokens if not re.fullmatch(rf"(?:{_WEEKDAYS})(?:['’]s)?", t)]
    while len(tokens) > 2 and tokens[0].lower() in TITLES:
        tokens.pop(0)
    joined = " ".join(tokens)
    person = PERSON.search(joined)
    if (
        person
        and person.end() == len(joined)
        and len(tokens) > 2
        and all(
            t.lower() in TITLES or not t[:1].isupper() for t in joined[: person.start()].split()
        )
    ):
        tokens = person.group().split()
    if "of" in tokens[2:]:  # "Lena Marsh of the University of Eastfield"
        tokens = tokens[: tokens.index("of")]
    if (
        len(tokens) == 3
        and all(t[:1].isupper() for t in tokens)
        and _cyrillic(tokens[0])
        and not PATRONYMIC.match(tokens[1])
    ):
        tokens = tokens[1:]  # "Острении Марты Ковальчук": a place before the name
    name = re.sub(r"['’]s$", "", " ".join(tokens).rstrip(",.:")).replace("\u2063", " ")
    name = _nominative(name[:1].upper() + name[1:]) if name else ""
    return name if name and _is_speaker(name) else None


RUSSIAN_NOMINATIVE = (("стве", "ство"), ("ства", "ство"), ("ции", "ция"), ("рии", "рия"),
                      ("туры", "тура"), ("туре", "тура"), ("службы", "служба"),
                      ("службе", "служба"))  # fmt: skip
"""The endings of a body's name after "в" or "по данным" ("в министерстве", "по данным
полиции") and its nominative, for a source's name."""


def _nominative(name: str) -> str:
    """A Russian body's name in the nominative where its first word is in another case
    ("Министерстве" -> "Министерство", "Полиции" -> "Полиция")."""
    first, _, rest = name.partition(" ")
    for ending, nominative in RUSSIAN_NOMINATIVE:
        if first.lower().endswith(ending) and re.match(_RU_GROUP, first.lower()):
            return " ".join(filter(None, (first[: -len(ending)] + nominative, rest)))
    return name


def _cyrillic(word: str) -> bool:
    return bool(re.match(r"[А-ЯЁа-яё]", word))


def quoted_name(text: str) -> bool:
    """Whether a quotation is a name in quotation marks («Агора», "Kestel FM"), not words
    someone said: short, capitalised, without a digit or sentence punctuation."""
    inner = text.strip('«»“”"„').strip()
    return 0 < len(inner.split()) <= 4 and inner[:1].isupper() and not re.search(r"[.,!?:;]", inner)


def masked(sentence: str, quotations: list[tuple[int, int]]) -> str:
    """The sentence with each quotation (as offsets in it) replaced by QUOTED and
    parentheses dropped, so that only the words around them are searched for a speaker; a
    name in quotation marks («Агора») stays, as «Агора»."""
    pieces, start = [], 0
    for begin, end in quotations:
        quotation = sentence[begin:end]
        shown = f"«{quotation[1:-1].strip()}»" if quoted_name(quotation) else f" {QUOTED} "
        pieces += [sentence[start:begin], shown]
        start = end
    pieces.append(sentence[start:])
    return TIME_STAMP.sub("", " ".join(PARENTHESES.sub("", "".join(pieces)).split()))


def source_slug(name: str) -> str:
    """A source id made from a name in any alphabet: ASCII letters and digits joined by '-',
    at most 64."""
    return ascii_slug(name)
