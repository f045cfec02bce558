"""The quantities a passage states or hedges: figures with their hedges, and vague amounts.

Hand-written patterns over small word lists. quantulum3 finds figures with units, but it
brings inflect and num2words, reads "thousands" and "a mass phenomenon" as nothing, and
knows no hedges; text2num turns "seven" into 7 but not "two-thirds" or "nine in ten". The
words a news text uses for amounts are few enough to list, and a list says exactly what
the draft sees.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from dashboard.case import AtLeast, AtMost, Range, Reading

Kind = Literal["share", "count", "money", "duration", "distance"]

EXACT_SPREAD = 0.1
"""A plain figure ("4,500") is read as a range this far either side: reporters round."""
ABOUT_SPREAD = 0.25
"""A figure hedged with "about", "roughly" or "nearly" is read this far from it."""

SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]  # fmt: skip
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
WORD_VALUES = {word: float(n) for n, word in enumerate(SMALL)} | {
    word: float(20 + 10 * n) for n, word in enumerate(TENS)
}
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
          "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9}  # fmt: skip
FRACTIONS = {"half": 0.5, "halves": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25,
             "quarters": 0.25, "fifth": 0.2, "fifths": 0.2, "tenth": 0.1,
             "tenths": 0.1}  # fmt: skip
CURRENCIES = {"$": "dollars", "€": "euros", "£": "pounds", "¥": "yen", "dollar": "dollars",
              "euro": "euros", "pound": "pounds", "rouble": "roubles", "ruble": "roubles",
              "rupee": "rupees", "yuan": "yuan", "hryvnia": "hryvnias"}  # fmt: skip
DURATIONS = ("second", "minute", "hour", "day", "week", "month", "year", "decade")
DISTANCES = {"mile": "miles", "km": "kilometres", "kilometre": "kilometres",
             "kilometer": "kilometres", "metre": "metres", "meter": "metres"}  # fmt: skip

AT_LEAST = ("more than", "over", "at least", "upwards of", "in excess of", "no fewer than",
            "no less than", "a minimum of", "above", "exceeding")  # fmt: skip
AT_MOST = ("fewer than", "less than", "under", "up to", "at most", "no more than",
           "as many as", "a maximum of", "below", "not more than")  # fmt: skip
JUST_BELOW = ("nearly", "almost", "just under", "close to", "approaching")
ABOUT = ("about", "around", "roughly", "approximately", "some", "an estimated", "estimated",
         "as few as", "circa")  # fmt: skip
HEDGES = {**dict.fromkeys(AT_LEAST, "at_least"), **dict.fromkeys(AT_MOST, "at_most"),
          **dict.fromkeys(JUST_BELOW, "just_below"), **dict.fromkeys(ABOUT, "about"),
          "between": "range", "from": "range"}  # fmt: skip
NEGATED = {"at_least": "at_most", "at_most": "at_least"}


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first, so "more than" beats "more"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_WORD_NUMBER = (
    rf"(?:(?:{'|'.join(TENS)})(?:[- ](?:{'|'.join(SMALL[1:10])}))?|{'|'.join(SMALL)}|a dozen|dozen)"
)
_NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|{_WORD_NUMBER})"
_SCALE = rf"(?:\s*(?:{_alternatives(SCALES)})\b){{0,2}}"
_CURRENCY = r"(?:US|C|A)?[$€£¥]"
_PERCENT = r"(?:\s*%|\s+percent\b|\s+per\s+cent\b|\s+percentage\s+points?\b)"
_UNIT = rf"(?:{_alternatives(CURRENCIES)}|{_alternatives(DURATIONS)}|{_alternatives(DISTANCES)})"

FIGURE = re.compile(
    rf"""(?<![\w$€£¥.,-])
    (?:(?P<negation>not|unlikely\s+to\s+be|never)\s+)?
    (?:(?P<hedge>{_alternatives(HEDGES)})\s+)?
    (?P<currency>{_CURRENCY})?(?P<a>{_NUMBER})(?P<a_scale>{_SCALE})(?:{_PERCENT})?
    (?:\s*(?P<joint>-|–|—|\bto\b|\band\b|\bor\b)\s*
       (?:{_CURRENCY})?(?P<b>{_NUMBER})(?P<b_scale>{_SCALE}))?
    (?P<percent>{_PERCENT})?
    (?P<tail>\s+or\s+(?:more|fewer|less|so)\b|\+|-?plus\b)?
    (?![\w])
    (?:\s+(?P<unit>{_UNIT})s?\b)?""",
    re.IGNORECASE | re.VERBOSE,
)
"""A figure: a negation and a hedge ("unlikely to be more than"), a currency, a number (in
digits or words, with "million" and the like), a second number for a range, a percent sign,
a hedge after it, a unit."""

SHARE_WORDS = re.compile(
    rf"""(?<![\w-])(?P<hedge>(?:{_alternatives(HEDGES)})\s+)?
    (?:(?P<count>a|an|one|two|three|four|five|six|seven|eight|nine)[- ]
       (?P<fraction>{_alternatives(FRACTIONS)})
     |(?P<half>half)\s+(?:of|the|a|an)\b
     |(?P<part>\d{{1,3}}|{"|".join(SMALL[1:])})\s+(?:in|out\s+of)\s+(?P<whole>\d{{1,3}}|{"|".join(SMALL[2:])}|hundred)\b)""",
    re.IGNORECASE | re.VERBOSE,
)
"""A share in words: "two-thirds", "a quarter", "half of", "nine in ten"."""

NOT_A_QUANTITY = re.compile(
    r"""\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?
          |sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{1,2}(?:st|nd|rd|th)?
          (?:,\s*\d{4})?
      |\b\d{1,2}\s+(?:jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?
          |sep(?:tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b(?:\s+\d{4})?
      |\b\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|gmt\b|utc\b|h\b)
      |\b\d{1,2}:\d{2}\b
      |(?<![\d,.$€£¥])\b(?:1[89]|20)\d{2}s?\b(?![,.]\d|\s*(?:%|percent|per\s+cent))
      |\bone\b(?!\s+(?:in|out\s+of|hundred|thousand|million|billion)\b)""",
    re.IGNORECASE | re.VERBOSE,
)
"""Numbers that are not amounts: dates, clock times, years, and "one" as a pronoun."""

VAGUE = re.compile(
    r"""(?<![\w-])(?:
        (?P<magnitude>(?:tens|hundreds)\s+of\s+(?:thousands|millions)|hundreds|thousands
          |millions|billions|dozens|scores)\b
      |(?:several|a\s+few|many)\s+(?P<scaled>hundred|thousand|million|billion)
          (?:\s+(?:thousand|million|billion))?\b
      |(?:a|an)\s+(?:\w+\s+(?:but|and)\s+)?(?:significant|large|small|huge|growing|considerable
          |substantial|sizeable|sizable|unknown|record|high|low|great|vast|limited|tiny|rising
          |increasing|shrinking)
          (?:\s+(?:but|and)\s+\w+)?\s+(?:number|share|proportion|percentage|majority|minority
          |amount|portion|fraction)\b
      |(?P<share>the\s+majority|a\s+majority|a\s+minority|most\s+of|the\s+bulk\s+of)\b
      |(?:practically|nearly|almost|virtually)\s+(?:every|all|no|none)\b
      |a\s+handful|a\s+mass\s+phenomenon|en\s+masse|in\s+droves
      |in\s+(?:large|great|huge|record|small)\s+numbers
      |(?:widespread|systemic|rampant|pervasive|endemic)\b
      |(?:the\s+)?(?:biggest|largest|smallest)\b
      |(?:large|big|small|widespread)\s+enough\b
      |(?:number|figure|toll|count|total|tally|turnout)\b[^.;:!?]{0,60}?
          \b(?P<comparative>(?:(?:much|far|considerably|significantly|substantially|even)\s+)?
          (?:larger|higher|greater|bigger|smaller|lower))\b
      |(?<!\bhow\s)(?<!\bas\s)(?<!\bthe\s)(?P<quantifier>many|several|numerous|countless|few|most)\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
"""A vague amount: "thousands", "a significant number", "a mass phenomenon", "most"."""

MAGNITUDES = {"dozens": 10.0, "scores": 10.0, "tens": 10.0, "hundreds": 1e2, "thousands": 1e3,
              "millions": 1e6, "billions": 1e9, "hundred": 1e2, "thousand": 1e3,
              "million": 1e6, "billion": 1e9}  # fmt: skip
"""How large a vague amount is at the least ("tens of thousands": 10 x 1,000), so that its
question's domain can hold the analyst's reading of it."""
CURRENCY_AFTER = re.compile(rf"\s+({_alternatives(CURRENCIES)})s?\b", re.IGNORECASE)


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


def quantities(passage: str) -> list[Quantity]:
    """The quantities of a passage in reading order, figures and vague amounts alike."""
    shares = list(SHARE_WORDS.finditer(passage))
    excluded = [m.span() for m in (*NOT_A_QUANTITY.finditer(passage), *shares)]
    found = [(match.start(), _share_words(match)) for match in shares]
    found += [
        (match.start(), quantity)
        for match in FIGURE.finditer(passage)
        if not _overlaps(match.span(), excluded) and (quantity := _figure(match)) is not None
    ]
    excluded += [m.span() for m in FIGURE.finditer(passage)]
    found += [
        (match.start(), _vague(match, passage))
        for match in VAGUE.finditer(passage)
        if not _overlaps(match.span(), excluded)
    ]
    return [quantity for _, quantity in sorted(found, key=lambda pair: pair[0])]


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in spans)


def _figure(match: re.Match[str]) -> Quantity | None:
    a = _value(match["a"], match["a_scale"])
    b = _value(match["b"], match["b_scale"]) if match["b"] else None
    hedge = HEDGES.get(" ".join((match["hedge"] or "").lower().split()), "")
    if match["negation"]:  # "not more than 5,000" is at most 5,000
        hedge = NEGATED.get(hedge, hedge)
    if b is not None and match["joint"].lower() == "and" and hedge != "range":
        b = None  # "2,300 and 85%" is two figures, not a range
    if a is None or a <= 0:
        return None
    kind, unit = _measure(match)
    tail = (match["tail"] or "").lower()
    reading: Reading
    if b is not None and b > 0 and b != a:
        reading = Range(min(a, b), max(a, b))
    elif hedge == "at_least" or "more" in tail or "plus" in tail or "+" in tail:
        reading = AtLeast(a)
    elif hedge == "at_most" or "fewer" in tail or "less" in tail:
        reading = AtMost(a)
    elif hedge == "just_below":
        reading = Range(a * (1 - ABOUT_SPREAD), a)
    else:
        spread = ABOUT_SPREAD if hedge == "about" or "so" in tail else EXACT_SPREAD
        reading = Range(a * (1 - spread), a * (1 + spread))
    return Quantity(match.group().strip(), kind, unit, reading)


def _value(number: str, scale: str) -> float | None:
    """The number's value: digits or words, times its scale words ("2.5 million")."""
    words = number.lower().replace("-", " ").split()
    if number[0].isdigit():
        value = float(number.replace(",", ""))
    elif words[-1] == "dozen":
        value = 12.0
    else:
        value = sum(WORD_VALUES[word] for word in words)
    for word in scale.lower().split():
        value *= SCALES[word]
    return value


def _measure(match: re.Match[str]) -> tuple[Kind, str]:
    """What a figure measures, from its percent sign, currency or unit word."""
    if match["percent"] or re.search(_PERCENT, match.group(), re.IGNORECASE):
        return "share", "%"
    if match["currency"]:
        return "money", CURRENCIES[match["currency"][-1]]
    unit = (match["unit"] or "").lower()
    if unit in CURRENCIES:
        return "money", CURRENCIES[unit]
    if unit in DURATIONS:
        return "duration", unit + "s"
    if unit in DISTANCES:
        return "distance", DISTANCES[unit]
    return "count", ""


def _share_words(match: re.Match[str]) -> Quantity:
    if match["half"]:
        share = 50.0
    elif match["fraction"]:
        count = (
            1.0 if match["count"].lower() in ("a", "an") else WORD_VALUES[match["count"].lower()]
        )
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
    else:
        spread = ABOUT_SPREAD if hedge else EXACT_SPREAD
        reading = Range(share * (1 - spread), min(100.0, share * (1 + spread)))
    return Quantity(match.group().strip(), "share", "%", reading)


def _vague(match: re.Match[str], passage: str) -> Quantity:
    phrase = " ".join((match["comparative"] or match.group()).split())
    if match["share"] or (match["quantifier"] or "").lower() == "most":
        return Quantity(phrase, "share", "%", None)
    words = (match["scaled"] or match["magnitude"] or "").lower().split()
    least = math.prod(MAGNITUDES[word] for word in words if word != "of") if words else None
    currency = CURRENCY_AFTER.match(passage, match.end())
    if currency:
        return Quantity(phrase, "money", CURRENCIES[currency[1].lower()], None, least)
    return Quantity(phrase, "count", "", None, least)
