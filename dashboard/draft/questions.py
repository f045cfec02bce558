"""The questions of a draft: the proposals grouped by kind of measure, unit and counted thing,
each with its id, its domain (a log scale for most, 0..100 for a share) and its text, and
the suggested readings rounded and kept inside that domain."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from dashboard.case import AtLeast, AtMost, Range, Reading
from dashboard.draft.counted import SHOWN
from dashboard.draft.language import ascii_slug
from dashboard.draft.proposals import Proposal
from dashboard.draft.quantities import EXACT_SPREAD, Kind

HEADROOM = 10.0
"""A question's domain reaches at least this many times its largest figure, so that "more
than" that figure still has room above it."""
UNKNOWN_SCALE_MAX = 1_000_000.0
"""The top of a count's domain when the text gives no figure for it at all."""
SIGNIFICANT_DIGITS = 3
"""Suggested readings are rounded to this many digits: they are a starting point."""

QUESTION_TEXTS = {
    "share": "A share the text gives, in percent (proposed: say what it is a share of)",
    "count": "A number the text gives (proposed: say what is counted)",
    "money": "An amount of money the text gives, in {unit} (proposed: say what it is for)",
    "duration": "A length of time the text gives, in {unit} (proposed: say what lasts)",
    "distance": "A distance the text gives, in {unit} (proposed: say between what)",
    "area": "An area the text gives, in {unit} (proposed: say of what)",
    "rate": "A rate the text gives, {unit} (proposed: say of what)",
    "speed": "A speed the text gives, in {unit} (proposed: say of what)",
    "mass": "A mass the text gives, in {unit} (proposed: say of what)",
}
THING_TEXTS = {
    "share": "A share the text gives of {thing}, in percent (proposed: say of what exactly)",
    "count": "A number the text gives of {thing} (proposed: say what exactly is counted)",
}


@dataclass
class Question:
    """A question the draft proposes: its id, the measure it groups, and the figures its
    claims state (which set its domain)."""

    id: str
    kind: Kind
    unit: str
    thing: str = ""
    numbers: list[float] = field(default_factory=list)


def with_main_thing(proposals: list[Proposal]) -> list[Proposal]:
    """The proposals, a vague count that says not what it counts ("a mass phenomenon",
    "too good to be true") put with what the text counts most."""
    counted = Counter(
        p.thing for p in proposals if p.quantity.kind == "count" and p.thing and p.quantity.reading
    )
    if not counted:
        return proposals
    main = counted.most_common(1)[0][0]
    return [
        replace(p, thing=main)
        if p.quantity.kind == "count"
        and p.quantity.reading is None
        and not p.quantity.relative
        and not p.thing
        else p
        for p in proposals
    ]


def question_ids(proposals: list[Proposal]) -> dict[tuple[Kind, str, str], str]:
    """Each question's id: its kind ("share", "count"; with its unit for money, time and
    the like: "money-dollars") for the one of its kind with the most claims, and what it
    counts after that for the others ("count-killed", "count-pozharov")."""
    keys = Counter((p.quantity.kind, p.quantity.unit, p.thing) for p in proposals)
    ids: dict[tuple[Kind, str, str], str] = {}
    largest: set[str] = set()
    for key, _ in keys.most_common():
        kind, unit, thing = key
        base = kind if kind in ("share", "count") or not unit else ascii_slug(f"{kind} {unit}")
        words = base if base not in largest else f"{base} {thing or 'other'}"
        largest.add(base)
        unique, n = ascii_slug(words)[:60] or kind, 2
        while unique in ids.values():
            unique, n = f"{ascii_slug(words)[:60]}-{n}", n + 1
        ids[key] = unique
    return ids


def figures_of(reading: Reading) -> list[float]:
    match reading:
        case Range(low, high):
            return [low, high]
        case AtLeast(low):
            return [low]
        case AtMost(high):
            return [high]


def domain(question: Question) -> tuple[float, float]:
    """A question's [min, max]: percent on 0..100 where the figures allow; anything else on
    a log scale from the power of ten at or below its smallest figure (1 at most) to
    HEADROOM times its largest, rounded up to a power of ten."""
    numbers = [round_figure(n) for n in question.numbers] or [UNKNOWN_SCALE_MAX / HEADROOM]
    largest = max(numbers)
    if question.kind == "share":
        return 0.0, 100.0 if largest < 100 else 10.0 ** math.ceil(math.log10(largest * HEADROOM))
    low = 10.0 ** min(0, math.floor(math.log10(min(numbers))))
    return low, 10.0 ** math.ceil(math.log10(largest * HEADROOM))


def within(reading: Reading, low: float, high: float) -> Reading:
    """A suggested reading kept inside its question's domain (a share's range may reach
    past 100 before this)."""
    if isinstance(reading, Range) and reading.high > high:
        return Range(min(reading.low, high * (1 - EXACT_SPREAD)), high)
    return reading


def round_figure(number: float) -> float:
    return float(f"{number:.{SIGNIFICANT_DIGITS}g}")


def rounded(reading: Reading) -> Reading:
    match reading:
        case Range(low, high):
            return Range(round_figure(low), round_figure(high))
        case AtLeast(low):
            return AtLeast(round_figure(low))
        case AtMost(high):
            return AtMost(round_figure(high))


def plain(mapping: dict[str, object]) -> dict[str, object]:
    """Whole numbers written as integers: `4500`, not `4500.0`."""
    return {key: plain_value(value) for key, value in mapping.items()}


def plain_value(value: object) -> object:
    if isinstance(value, list):
        return [plain_value(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def label_of(phrase: str) -> str:
    """A codebook label from a vague amount's words: "a significant number" ->
    "significant_number", "массовое явление" -> "massovoe_yavlenie"."""
    words = ascii_slug(phrase).split("-")
    while len(words) > 1 and words[0] in ("a", "an", "the"):
        words.pop(0)
    while len(words) > 1 and words[-1] == "of":
        words.pop()
    return "_".join(words)[:64].rstrip("_") or "vague"


def question_entry(
    question: Question, low: float, high: float, codebook: dict[str, Any]
) -> dict[str, Any]:
    template = THING_TEXTS.get(question.kind) if question.thing else None
    text = (template or QUESTION_TEXTS[question.kind]).format(
        unit=question.unit, thing=SHOWN.get(question.thing, question.thing)
    )
    data: dict[str, Any] = {"id": question.id, "text": text}
    if question.unit:
        data["unit"] = question.unit
    data |= {
        "min": plain_value(low),
        "max": plain_value(high),
        "scale": "linear" if question.kind == "share" else "log",
    }
    if codebook:
        data["codebook"] = codebook
    return data
