"""The quantities a passage states or hedges, in English and in Russian: figures with their
hedges and units, and vague amounts.

Hand-written patterns over small word lists. quantulum3 finds figures with units, but it
brings inflect and num2words, reads "thousands" and "a mass phenomenon" as nothing, and
knows no hedges; text2num turns "seven" into 7 but not "two-thirds" or "nine in ten";
number-parser reads Russian number words in every case ("двух тысяч") but rewrites the
text rather than saying where a number is, and the draft must know where each one stands
to find its speaker, its unit and what it counts. The words a news text uses for amounts
are few enough to list, in both languages, and a list says exactly what the draft sees.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from dashboard.case import AtLeast, AtMost, Range, Reading

Kind = Literal["share", "count", "money", "duration", "distance", "area", "rate", "speed", "mass"]

EXACT_SPREAD = 0.1
"""A plain figure ("4,500") is read as a range this far either side: reporters round."""
ABOUT_SPREAD = 0.25
"""A figure hedged with "about", "roughly" or "около" is read this far either side."""
JUST_BELOW_SPREAD = 0.1
"""A figure hedged with "nearly", "close to" or "почти" is read as up to this far below it."""

SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]  # fmt: skip
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
RUSSIAN_WORDS = {
    "два": 2, "две": 2, "двух": 2, "двум": 2, "двумя": 2, "три": 3, "трёх": 3, "трех": 3,
    "трём": 3, "трем": 3, "тремя": 3, "четыре": 4, "четырёх": 4, "четырех": 4, "четырьмя": 4,
    "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7, "семи": 7, "восемь": 8,
    "восьми": 8, "девять": 9, "девяти": 9, "десять": 10, "десяти": 10, "одиннадцать": 11,
    "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14, "пятнадцать": 15,
    "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19,
    "двадцать": 20, "двадцати": 20, "тридцать": 30, "тридцати": 30, "сорок": 40, "сорока": 40,
    "пятьдесят": 50, "пятидесяти": 50, "шестьдесят": 60, "шестидесяти": 60, "семьдесят": 70,
    "семидесяти": 70, "восемьдесят": 80, "восьмидесяти": 80, "девяносто": 90, "девяноста": 90,
    "сто": 100, "ста": 100, "двести": 200, "двухсот": 200, "триста": 300, "трёхсот": 300,
    "трехсот": 300, "четыреста": 400, "четырёхсот": 400, "четырехсот": 400, "пятьсот": 500,
    "пятисот": 500, "шестьсот": 600, "шестисот": 600, "семьсот": 700, "семисот": 700,
    "восемьсот": 800, "восьмисот": 800, "девятьсот": 900, "девятисот": 900,
}  # fmt: skip
"""Russian number words in the cases news uses; "один" is left out, as English "one" is:
it is as often "a certain" ("один офицер") as a count."""
WORD_VALUES = (
    {word: float(n) for n, word in enumerate(SMALL)}
    | {word: float(20 + 10 * n) for n, word in enumerate(TENS)}
    | {word: float(n) for word, n in RUSSIAN_WORDS.items()}
    | {"a": 1.0, "an": 1.0}
)
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
          "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "тыс": 1e3, "тысяча": 1e3, "тысячи": 1e3,
          "тысяч": 1e3, "тысячу": 1e3, "тысячам": 1e3, "тысячами": 1e3, "тысячах": 1e3,
          "тысяче": 1e3, "тысячей": 1e3, "млн": 1e6, "миллион": 1e6, "миллиона": 1e6,
          "миллионов": 1e6, "миллионах": 1e6, "млрд": 1e9, "миллиард": 1e9, "миллиарда": 1e9,
          "миллиардов": 1e9}  # fmt: skip
FRACTIONS = {"half": 0.5, "halves": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25,
             "quarters": 0.25, "fifth": 0.2, "fifths": 0.2, "tenth": 0.1,
             "tenths": 0.1}  # fmt: skip

AT_LEAST = ("more than", "over", "at least", "upwards of", "in excess of", "no fewer than",
            "no less than", "a minimum of", "above", "exceeding", "well over", "just over",
            "far more than", "более чем в", "более чем", "более", "больше", "свыше",
            "не менее чем", "не менее", "не меньше", "как минимум", "минимум",
            "по меньшей мере", "по крайней мере", "не ниже")  # fmt: skip
AT_MOST = ("fewer than", "less than", "under", "up to", "at most", "no more than",
           "as many as", "a maximum of", "below", "not more than", "не более чем", "не более",
           "не больше", "не свыше", "менее чем в", "менее чем", "менее", "меньше", "до",
           "вплоть до",
           "максимум", "не выше")  # fmt: skip
JUST_BELOW = ("nearly", "almost", "just under", "close to", "approaching", "почти",
              "чуть менее", "чуть меньше", "без малого")  # fmt: skip
ABOUT = ("about", "around", "roughly", "approximately", "some", "an estimated", "estimated",
         "as few as", "circa", "nearer", "perhaps", "possibly", "maybe", "около", "примерно",
         "порядка", "приблизительно", "ориентировочно", "где-то", "возможно")  # fmt: skip
HEDGES = {**dict.fromkeys(AT_LEAST, "at_least"), **dict.fromkeys(AT_MOST, "at_most"),
          **dict.fromkeys(JUST_BELOW, "just_below"), **dict.fromkeys(ABOUT, "about"),
          "between": "range", "from": "range", "somewhere between": "range", "от": "range",
          "между": "range"}  # fmt: skip
NEGATED = {"at_least": "at_most", "at_most": "at_least"}

UNITS: list[tuple[str, Kind, str]] = [
    # (pattern right after the figure, kind, unit); the first that matches wins.
    (r"(?:[\w-]+\s+){0,2}?(?:per|a|an|на|в)\s+(?:1\s+)?(?:square\s+met(?:re|er)|sq\.?\s*m\b"
     r"|m2\b|m²|квадратный\s+метр|кв\.\s*м\b|кв\.\s*метр)", "rate", "per square metre"),
    (r"(?:[\w-]+\s+){0,2}?(?:per|a|an|на|в)\s+(?:1\s+)?(?:cubic\s+met(?:re|er)|m3\b|m³"
     r"|кубометр|кубический\s+метр|куб\.\s*м\b)", "rate", "per cubic metre"),
    (r"(?:km/h|kph|км/ч|километр\w*\s+в\s+час)", "speed", "km/h"),
    (r"(?:mph|miles\s+(?:per|an)\s+hour)", "speed", "mph"),
    (r"(?:knots)\b", "speed", "knots"),
    (r"(?:square\s+met(?:re|er)s?|sq\.?\s*m\b|m2\b|m²|кв\.\s*м\b|квадратн\w+\s+метр\w*)",
     "area", "square metres"),
    (r"(?:square\s+kilomet(?:re|er)s?|sq\.?\s*km\b|km2\b|km²|кв\.\s*км\b"
     r"|квадратн\w+\s+километр\w*)", "area", "square kilometres"),
    (r"(?:hectares?|ha\b|гектар\w*|га\b)", "area", "hectares"),
    (r"(?:acres?)\b", "area", "acres"),
    (r"(?:mg|мг)\b", "mass", "mg"),
    (r"(?:kg|кг|килограмм\w*)\b", "mass", "kg"),
    (r"(?:tonnes?|tons?|тонн\w*|т\.)", "mass", "tonnes"),
    (r"(?:dollars?|USD|долл\w*\.?)", "money", "dollars"),
    (r"(?:euros?|EUR|евро)\b", "money", "euros"),
    (r"(?:pounds?|GBP)\b", "money", "pounds"),
    (r"(?:roubles?|rubles?|RUB|рубл\w*|руб\.|₽)", "money", "roubles"),
    (r"(?:hryvnias?|UAH|гривен\w*|гривн\w*)", "money", "hryvnias"),
    (r"(?:yen|yuan|rupees?)\b", "money", "other currency"),
    (r"(?:seconds?|секунд\w*)\b", "duration", "seconds"),
    (r"(?:minutes?|минут\w*)\b", "duration", "minutes"),
    (r"(?:hours?|час(?:а|ов)?)\b", "duration", "hours"),
    (r"(?:days?|дн(?:ей|я)|день|суток|сутки)\b", "duration", "days"),
    (r"(?:weeks?|недел\w*)\b", "duration", "weeks"),
    (r"(?:months?|месяц\w*)\b", "duration", "months"),
    (r"(?:years?|лет|года?)\b", "duration", "years"),
    (r"(?:decades?)\b", "duration", "decades"),
    (r"(?:miles?)\b", "distance", "miles"),
    (r"(?:km|kilomet(?:re|er)s?|км|километр\w*)\b", "distance", "kilometres"),
    (r"(?:met(?:re|er)s?|метр\w*)\b", "distance", "metres"),
]  # fmt: skip
UNIT_AFTER = [
    (re.compile(rf"\s*{pattern}", re.IGNORECASE), kind, unit) for pattern, kind, unit in UNITS
]
CURRENCY_BEFORE = {"$": "dollars", "€": "euros", "£": "pounds", "¥": "yen", "₽": "roubles",
                   "₴": "hryvnias"}  # fmt: skip


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first, so "more than" beats "more"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_SPACE = "[ \u00a0\u2009\u202f]"
"""A thousands separator in "20 000": a plain, no-break, thin or narrow no-break space."""
_ENGLISH_WORD_NUMBER = (
    rf"(?:(?:{'|'.join(TENS)})(?:[- ](?:{'|'.join(SMALL[1:10])}))?|{'|'.join(SMALL)}"
    r"|a dozen|dozen|an?(?=\s+(?:hundred|thousand|million|billion)\b))"
)
_RUSSIAN_WORD_NUMBER = (
    rf"(?:(?:{_alternatives(RUSSIAN_WORDS)})(?:\s+(?:{_alternatives(RUSSIAN_WORDS)})){{0,2}})"
)
_LONE_THOUSAND = r"(?:тысяч[аиу]|тысячей)"
""""Тысяча", "свыше тысячи": a thousand without a number before it."""
_NUMBER = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d{{1,3}}(?:{_SPACE}\d{{3}})+(?![\d])(?:,\d+)?"
    rf"|\d+(?:[.,]\d+)?|{_ENGLISH_WORD_NUMBER}|{_RUSSIAN_WORD_NUMBER}|{_LONE_THOUSAND})"
)
_SCALE_WORDS = _alternatives(SCALES)
_SCALE = rf"(?:\s*(?:{_SCALE_WORDS})(?![\w])\.?){{0,2}}"
_CURRENCY = r"(?:US|C|A)?[$€£¥₽₴]"
_PERCENT = (
    r"(?:\s*%|\s+percent\b|\s+per\s+cent\b|\s+percentage\s+points?\b|\s+процент\w*|\s+проц\.)"
)

FIGURE = re.compile(
    rf"""(?<![\w$€£¥₽.,/-])
    (?:(?P<negation>not|unlikely\s+to\s+be|never|не)\s+)?
    (?:(?P<hedge>{_alternatives(HEDGES)})\s+)?
    (?P<currency>{_CURRENCY})?(?P<a>{_NUMBER})(?P<a_scale>{_SCALE})(?:{_PERCENT})?
    (?:\s*(?P<joint>-|–|—|\bto\b|\band\b|\bor\b|\bдо\b|\bи\b|\bили\b)\s*
       (?:{_CURRENCY})?(?P<b>{_NUMBER})(?P<b_scale>{_SCALE}))?
    (?P<percent>{_PERCENT})?
    (?P<tail>\s+or\s+(?:more|fewer|less|so)\b|\s+и\s+более\b|\+|-?plus\b)?
    (?![\w])""",
    re.IGNORECASE | re.VERBOSE,
)
"""A figure: a negation and a hedge ("unlikely to be more than", "не более"), a currency,
a number (in digits, grouped by commas or spaces, or in words, with "million" or "тыс."),
a second number for a range, a percent sign, a hedge after it."""

SHARE_WORDS = re.compile(
    rf"""(?<![\w-])(?P<hedge>(?:{_alternatives(HEDGES)})\s+)?
    (?:(?P<count>a|an|one|two|three|four|five|six|seven|eight|nine)[- ]
       (?P<fraction>{_alternatives(FRACTIONS)})
     |(?P<half>half)\s+(?:of|the|a|an)\b
     |(?P<part>\d{{1,3}}|{"|".join(SMALL[1:])})\s+(?:in|out\s+of)\s+(?P<whole>\d{{1,3}}|{"|".join(SMALL[2:])}|hundred)\b
     |(?P<ru_half>половин\w*)
     |(?P<ru_fraction>треть|трети|четверть|четверти))""",
    re.IGNORECASE | re.VERBOSE,
)
"""A share in words: "two-thirds", "a quarter", "half of", "nine in ten", "половина"."""
RUSSIAN_FRACTIONS = {"треть": 1 / 3, "трети": 1 / 3, "четверть": 0.25, "четверти": 0.25}

_MONTHS_EN = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTHS_RU = r"января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
NOT_A_QUANTITY = re.compile(
    rf"""\b(?:{_MONTHS_EN})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,\s*\d{{4}})?
      |\b\d{{1,2}}\s+(?:{_MONTHS_EN}|{_MONTHS_RU})\b(?:\s+\d{{4}})?
      |\b\d{{1,2}}(?::\d{{2}})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|gmt\b|utc\b|h\b)
      |\b\d{{1,2}}:\d{{2}}\b
      |(?<![\d,.$€£¥])\b(?:1[89]|20)\d{{2}}s?\b(?![,.]\d|\s*(?:%|percent|per\s+cent|процент))
      |\b(?:1[89]|20)?\d0-(?:х|е|x)\b
      |\b\d+-(?:й|я|е|го|му|м|х|ый|ой|ая|ий)\b
      |\bone\b(?!\s+(?:in|out\s+of|hundred|thousand|million|billion)\b)
      |\+\d[\d\s()\-]{{6,}}\d
      |(?:\bno\.|№)\s*\d+
      |\b(?:family|household|group|team|crew)\s+of\s+\w+
      |\b(?:aged?|ages|were|was|are|is|were\s+all)\s+(?:under|over|below|above|between)?\s*\d{{1,2}}\b(?!\s*(?:%|percent|,\d|\d))
      |(?<=[a-zа-яё]),\s*\d{{1,2}},(?=\s)
      |\b(?:младше|моложе|старше)\s+\d{{1,2}}\b(?:\s+лет)?
      |\b(?:в\s+возрасте)\s+(?:от\s+|до\s+)?\d{{1,2}}\b(?:\s*(?:до|-|–)\s*\d{{1,2}})?(?:\s+лет)?
      |\b\d{{1,2}}-(?:year|летн)\w*""",
    re.IGNORECASE | re.VERBOSE,
)
"""Numbers that are not amounts: dates, clock times, years, decades, ordinals, "one" as a
pronoun, phone numbers, a family's size, ages ("Dario Menes, 34,", "under 25")."""

MULTIPLIER = re.compile(
    rf"""(?<![\w-])(?:(?:{_alternatives(AT_LEAST)})\s+)?
    (?:twice|(?:\d+|{"|".join(SMALL[2:])})\s+times|вдвое|втрое|вчетверо|впятеро|вдесятеро
      |в\s+(?:\d+|{_alternatives(RUSSIAN_WORDS)}|полтора)\s+раза?)
    (?:\s+(?:that|as\s+\w+|higher|larger|more|bigger|greater|lower|smaller|fewer|less
        |больше|меньше|выше|ниже))?""",
    re.IGNORECASE | re.VERBOSE,
)
"""A figure relative to another ("three times higher", "вдвое меньше"): not a count of
anything, so a vague amount the analyst reads against the figure it multiplies."""

SUPERLATIVE = re.compile(
    r"""(?:the\s+)?(?:biggest|largest|smallest|highest|lowest)\b[^.;:!?]{0,60}?
        (?:since\s+\d{4}|in\s+(?:\d+|a|two|three|four|five|six|ten|twenty|thirty|forty|fifty)
           \s+(?:years|decades?|generations?)|in\s+a\s+(?:decade|generation|century)
           |on\s+record|ever)\b""",
    re.IGNORECASE | re.VERBOSE,
)
"""A record claim with its time frame ("the largest ... in 30 years"): a vague amount; a
bare "the largest" is not one."""

VAGUE = re.compile(
    r"""(?<![\w-])(?:
        (?P<magnitude>(?:tens|hundreds)\s+of\s+(?:thousands|millions)|hundreds|thousands
          |millions|billions|dozens|scores|(?:десятки|сотни)\s+тысяч|тысячи|сотни|десятки
          |миллионы)(?![\w])
      |(?:several|a\s+few|many)\s+(?P<scaled>hundred|thousand|million|billion)
          (?:\s+(?:thousand|million|billion))?\b
      |несколько\s+(?P<ru_scaled>сотен|тысяч|десятков(?:\s+тысяч)?|миллионов)(?![\w])
      |(?:a|an)\s+(?:\w+\s+(?:but|and)\s+)?(?:significant|large|small|huge|growing|considerable
          |substantial|sizeable|sizable|unknown|record|high|low|great|vast|limited|tiny|rising
          |increasing|shrinking)
          (?:\s+(?:but|and)\s+\w+)?\s+(?:number|share|proportion|percentage|majority|minority
          |amount|portion|fraction)\b
      |значительн\w+\s+(?:число|количество|часть|доля)(?![\w])
      |(?P<share>the\s+majority|a\s+majority|a\s+minority|most\s+of|the\s+bulk\s+of
          |(?:подавляющее\s+)?большинств\w+|меньшинств\w+|больш\w+\s+часть)(?![\w])
      |(?:practically|nearly|almost|virtually)\s+(?:every|all|no|none)\b
      |(?:практически|почти)\s+(?:в\s+)?(?:кажд\w+|все\w*|никто|никого)(?![\w])
      |a\s+handful|a\s+mass\s+phenomenon|en\s+masse|in\s+droves
      |массов\w+\s+(?:явлени\w+|характер\w*|отказ\w*)|единичн\w+\s+случа\w+
      |in\s+(?:large|great|huge|record|small)\s+numbers
      |(?:widespread|systemic|rampant|pervasive|endemic)\b|системн\w+
      |too\s+good\s+to\s+be\s+true|(?:greatly\s+)?(?:exaggerated|overstated|inflated)\b
      |(?:large|big|small|widespread)\s+enough\b
      |(?:number|figure|toll|count|total|tally|turnout)\b[^.;:!?]{0,60}?
          \b(?P<comparative>(?:(?:much|far|considerably|significantly|substantially|even)\s+)?
          (?:larger|higher|greater|bigger|smaller|lower))\b
      |(?<!\bhow\s)(?<!\bas\s)(?<!\bthe\s)(?P<quantifier>many|several|numerous|countless|few|most
          |многие|немало|множество)(?![\w])
    )""",
    re.IGNORECASE | re.VERBOSE,
)
"""A vague amount: "thousands", "a significant number", "a mass phenomenon", "most",
"тысячи", "массовое явление", "единичные случаи"."""

MAGNITUDES = {"dozens": 10.0, "scores": 10.0, "tens": 10.0, "hundreds": 1e2, "thousands": 1e3,
              "millions": 1e6, "billions": 1e9, "hundred": 1e2, "thousand": 1e3,
              "million": 1e6, "billion": 1e9, "десятки": 10.0, "десятков": 10.0, "сотни": 1e2,
              "сотен": 1e2, "тысячи": 1e3, "тысяч": 1e3, "миллионы": 1e6,
              "миллионов": 1e6}  # fmt: skip
"""How large a vague amount is at the least ("tens of thousands": 10 x 1,000), so that its
question's domain can hold the analyst's reading of it."""


@dataclass(frozen=True)
class Quantity:
    """One quantity in a passage: its words, what it measures, and a suggested reading
    (None for a vague amount, which the analyst reads through a codebook label)."""

    phrase: str
    kind: Kind
    unit: str
    reading: Reading | None
    magnitude: float | None = None
    """For a vague amount, the least value its words imply ("thousands": 1,000)."""
    start: int = 0
    end: int = 0
    """Where the quantity's words are in the passage."""
    negated: bool = False
    """"not 498": a figure named to be denied, not stated."""
    stated: tuple[float, ...] = ()
    """The numbers as the passage writes them: one for "4,500", two for "20-40%"."""
    relative: bool = False
    """"three times higher", "вдвое меньше": a multiple of another figure."""


def quantities(passage: str) -> list[Quantity]:
    """The quantities of a passage in reading order, figures and vague amounts alike."""
    shares = list(SHARE_WORDS.finditer(passage))
    relative = [*MULTIPLIER.finditer(passage), *SUPERLATIVE.finditer(passage)]
    excluded = [m.span() for m in (*NOT_A_QUANTITY.finditer(passage), *shares, *relative)]
    found = [_share_words(match) for match in shares]
    figures = [
        quantity
        for match in FIGURE.finditer(passage)
        if not _overlaps(match.span(), excluded)
        and (quantity := _figure(match, passage)) is not None
    ]
    found += figures
    excluded += [(q.start, q.end) for q in figures]
    found += [
        Quantity(" ".join(m.group().split()), "count", "", None, None, *m.span(), relative=True)
        for m in MULTIPLIER.finditer(passage)
    ]
    found += [
        Quantity(" ".join(m.group().split()), "count", "", None, None, *m.span())
        for m in SUPERLATIVE.finditer(passage)
    ]
    excluded += [m.span() for m in relative]
    found += [
        _vague(match, passage)
        for match in VAGUE.finditer(passage)
        if not _overlaps(match.span(), excluded)
    ]
    return sorted(found, key=lambda quantity: quantity.start)


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in spans)


def _figure(match: re.Match[str], passage: str) -> Quantity | None:
    a = _value(match["a"], match["a_scale"])
    b = _value(match["b"], match["b_scale"]) if match["b"] else None
    hedge = HEDGES.get(" ".join((match["hedge"] or "").lower().split()), "")
    joint = (match["joint"] or "").lower()
    if b is not None and joint in ("and", "и") and hedge != "range":
        b = None  # "2,300 and 85%" is two figures, not a range
    if b is not None and joint == "до" and hedge != "range":
        b = None  # "20 до 40" without "от" is not a range
    end = match.end() if b is not None else match.end("a_scale")
    if b is None and (percent := re.compile(_PERCENT, re.IGNORECASE).match(passage, end)):
        end = percent.end()
    if a is None or a <= 0:
        return None
    if b is not None and match["b_scale"].strip() and not match["a_scale"].strip():
        scale = _value("1", match["b_scale"]) or 1.0
        if a * scale <= b:  # "25-30 тысяч": both in thousands
            a *= scale
    kind, unit, end = _measure(match, passage, end)
    tail = (match["tail"] or "").lower()
    reading: Reading
    if b is not None and b > 0 and b != a:
        reading = Range(min(a, b), max(a, b))
    elif hedge == "at_least" or any(w in tail for w in ("more", "plus", "+", "более")):
        reading = AtLeast(a)
    elif hedge == "at_most" or "fewer" in tail or "less" in tail:
        reading = AtMost(a)
    elif hedge == "just_below":
        reading = Range(a * (1 - JUST_BELOW_SPREAD), a)
    else:
        spread = ABOUT_SPREAD if hedge == "about" or "so" in tail else EXACT_SPREAD
        reading = Range(a * (1 - spread), a * (1 + spread))
    if match["negation"] and isinstance(reading, AtLeast | AtMost):
        reading = AtMost(a) if isinstance(reading, AtLeast) else AtLeast(a)
    phrase = passage[match.start() : end].strip()
    negated = bool(match["negation"]) and not match["hedge"]
    stated = (a,) if b is None or b == a else (a, b)
    return Quantity(phrase, kind, unit, reading, None, match.start(), end, negated, stated)


def _value(number: str, scale: str) -> float | None:
    """The number's value: digits or words, times its scale words ("2.5 million",
    "1,5 тыс.", "двух тысяч")."""
    text = number.lower()
    if text[0].isdigit():
        digits = re.sub(rf"{_SPACE}", "", text)
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
            value = float(digits.replace(",", ""))
        else:
            value = float(digits.replace(",", "."))
    elif text.startswith("тысяч"):
        value = 1e3
    elif text.split()[-1] == "dozen":
        value = 12.0
    else:
        value = sum(WORD_VALUES[word] for word in text.replace("-", " ").split())
    for word in re.findall(r"[^\W\d_]+", scale.lower()):
        value *= SCALES[word]
    return value


def _measure(match: re.Match[str], passage: str, end: int) -> tuple[Kind, str, int]:
    """What a figure measures, from its percent sign, its currency or the unit after it;
    and where the figure's words end."""
    if match["percent"] or re.search(_PERCENT, match.group(), re.IGNORECASE):
        return "share", "%", end
    if match["currency"]:
        return "money", CURRENCY_BEFORE[match["currency"][-1]], end
    for pattern, kind, unit in UNIT_AFTER:
        after = pattern.match(passage, end)
        if after:
            return kind, unit, after.end()
    return "count", "", end


def _share_words(match: re.Match[str]) -> Quantity:
    if match["half"] or match["ru_half"]:
        share = 50.0
    elif match["ru_fraction"]:
        share = 100 * RUSSIAN_FRACTIONS[match["ru_fraction"].lower()]
    elif match["fraction"]:
        count = WORD_VALUES[match["count"].lower()]
        share = 100 * count * FRACTIONS[match["fraction"].lower()]
    else:
        part, whole = (_value(match[g], "") or 0.0 for g in ("part", "whole"))
        share = 100 * part / (100.0 if match["whole"].lower() == "hundred" else whole)
    hedge = HEDGES.get(" ".join((match["hedge"] or "").lower().split()), "")
    reading: Reading
    if hedge == "at_least" and share < 100:
        reading = AtLeast(share)
    elif hedge == "at_most":
        reading = AtMost(share)
    elif hedge == "just_below":
        reading = Range(share * (1 - JUST_BELOW_SPREAD), share)
    else:
        spread = ABOUT_SPREAD if hedge else EXACT_SPREAD
        reading = Range(share * (1 - spread), min(100.0, share * (1 + spread)))
    return Quantity(
        match.group().strip(), "share", "%", reading, None, *match.span(), stated=(share,)
    )


def _vague(match: re.Match[str], passage: str) -> Quantity:
    phrase = " ".join((match["comparative"] or match.group()).split())
    start, end = match.span()
    if match["share"] or (match["quantifier"] or "").lower() == "most":
        return Quantity(phrase, "share", "%", None, None, start, end)
    words = (match["scaled"] or match["ru_scaled"] or match["magnitude"] or "").lower().split()
    least = math.prod(MAGNITUDES[word] for word in words if word in MAGNITUDES) if words else None
    currency = _currency_after(passage, end)
    if currency:
        return Quantity(phrase, "money", currency, None, least, start, end)
    return Quantity(phrase, "count", "", None, least, start, end)


def _currency_after(passage: str, end: int) -> str | None:
    """The currency named right after a vague amount ("millions of dollars")."""
    after = re.match(r"\s+(?:of\s+)?", passage[end:])
    position = end + (after.end() if after else 0)
    for pattern, kind, unit in UNIT_AFTER:
        if kind == "money" and pattern.match(passage, position):
            return unit
    return None
