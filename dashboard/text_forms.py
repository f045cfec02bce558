"""The text forms of the reader's settings, one parser each, for the command line, the link
and the workbench alike (spec sections 2, 6, 7, 12 and 13).

A reading is `range:A:B`, `at_least:A` or `at_most:B` (or `label:NAME` in a workbench
cell); a weight is a whole number 0..100, given as `id:weight`; a reader's reading of a
label is `q.label=reading`; bounds are `LO:HI`; lists of them are separated by commas.
Everything here raises `TextFormError`, one line that quotes the text cut short.
"""

from __future__ import annotations

import math
import re

from dashboard.case import AtLeast, AtMost, Question, Range, Reading
from dashboard.case.model import cut, outside_domain, range_problem

NUMBER = r"-?[0-9]+(?:\.[0-9]+)?"
READING_TEXT = re.compile(
    rf"(?P<kind>range):(?P<a>{NUMBER}):(?P<b>{NUMBER})|(?P<one>at_least|at_most):(?P<x>{NUMBER})"
)
"""`range:A:B`, `at_least:A`, `at_most:B` with plain decimal numbers (spec section 2)."""
LABEL_TEXT = re.compile(r"label:(?P<label>.+)")
"""A claim's reading through its question's codebook, as a workbench cell writes it."""
DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
"""A number in a bound or threshold: plain decimal (spec sections 12, 13); an exponent, as
Python's `{:g}` writes a million, is read too."""
WEIGHT_TEXT = re.compile(r"[0-9]{1,3}")
MAX_WEIGHT = 100
SEPARATOR = ","
"""Between the items of a list (`a:40,b:60`); a line break in a workbench cell is one too."""
READING_FORMS = "range:A:B, at_least:A or at_most:B with plain numbers, e.g. range:5:25"


class TextFormError(ValueError):
    """A setting written as text that cannot be used; one line, quoting the text cut short."""


def items(text: str, *, skip_empty: bool = False) -> list[str]:
    """The items of a list written as text, stripped; an empty one (`a:40,,b:60`) is refused
    unless `skip_empty`, as a workbench cell's trailing comma is."""
    parts = [part.strip() for part in text.replace("\n", SEPARATOR).split(SEPARATOR)]
    if not skip_empty and "" in parts:
        raise TextFormError(f"{cut(text)!r} has an empty item: remove the extra comma")
    return [part for part in parts if part]


def weight_item(item: str) -> tuple[str, str]:
    """`id:weight` as (id, weight text)."""
    source_id, colon, value = item.strip().partition(":")
    if not colon or not source_id.strip():
        raise TextFormError(f"{cut(item)!r} is not source_id:weight")
    return source_id.strip(), value.strip()


def label_reading_item(item: str) -> tuple[str, str, str]:
    """`q.label=reading` as (question id, label, reading text)."""
    key, equals, value = item.strip().partition("=")
    question_id, dot, label = key.strip().partition(".")
    if not equals or not dot or not question_id or not label:
        raise TextFormError(f"{cut(item)!r} is not question.label=reading")
    return question_id, label, value.strip()


def question_item(item: str) -> tuple[str, str]:
    """`q=value` as (question id, value text)."""
    question_id, equals, value = item.strip().partition("=")
    if not equals or not question_id.strip():
        raise TextFormError(f"{cut(item)!r} is not question=value")
    return question_id.strip(), value.strip()


def parse_weight(text: str, source_id: str) -> int:
    """A trust weight for a source: a whole number from 0 to 100, as on the slider (spec
    sections 6, 7)."""
    if not WEIGHT_TEXT.fullmatch(text.strip()):
        raise TextFormError(
            f"{cut(text)!r} for '{source_id}' is not a whole number from 0 to 100, such as 40"
        )
    if int(text) > MAX_WEIGHT:
        raise TextFormError(f"{int(text)} for '{source_id}' is outside 0..100")
    return int(text)


def parse_reading(text: str) -> Reading:
    """A reading from its text form, not yet checked against a question."""
    match = READING_TEXT.fullmatch(text.strip())
    if match is None:
        raise TextFormError(f"{cut(text)!r} is not a reading: write {READING_FORMS}")
    if match["kind"]:
        a, b = float(match["a"]), float(match["b"])
        if problem := range_problem(a, b):
            raise TextFormError(f"{text.strip()}: {problem}")
        return Range(a, b)
    if match["one"] == "at_least":
        return AtLeast(float(match["x"]))
    return AtMost(float(match["x"]))


def parse_reading_text(text: str, question: Question) -> Reading:
    """A reading from its text form, checked against the question's domain as a case's is."""
    reading = parse_reading(text)
    if problem := outside_domain(reading, question.min, question.max):
        raise TextFormError(f"{text.strip()}: {problem}")
    return reading


def parse_decimal(text: str) -> float:
    """A finite number from its text form (`1000`, `2.5`)."""
    if not DECIMAL.fullmatch(text.strip()) or not math.isfinite(float(text)):
        raise TextFormError(
            f"{cut(text)!r} is not a number: write a plain decimal such as 1000 or 2.5"
        )
    return float(text)


def parse_bounds_text(text: str) -> tuple[float, float]:
    """A question's bounds from their text form `LO:HI` (spec section 12), not yet checked
    against the question."""
    low, colon, high = text.strip().partition(":")
    if not colon:
        raise TextFormError(f"{cut(text)!r} is not bounds: write LO:HI, such as 1000:60000")
    return parse_decimal(low), parse_decimal(high)
