"""How the page writes figures in words: values with their unit, intervals, shifts, grades,
probabilities in estimative words; and the names of the two pools."""

from __future__ import annotations

import math

from dashboard.case import Question
from dashboard.engine.pooling import Method

METHOD_NAMES = {Method.LINEAR: "Mixture (linear pool)", Method.LOG: "Consensus (log pool)"}
"""How the page names the two pools (spec section 4): the method picker, the headline and
the charts (which lower-case them inside a sentence)."""

METHOD_HELP = {
    Method.LINEAR: "Averages the claims: where trusted sources disagree, the estimate stays wide.",
    Method.LOG: "Multiplies the claims: the estimate narrows to what the trusted claims "
    "have in common, or to a compromise between them where they disagree.",
}
"""What each pool does, in a line: the caption under each choice of the method picker."""


def is_count(question: Question) -> bool:
    """A question of whole things (people, ships): a log scale over whole numbers from 1 up.
    Its values are written as whole numbers ("7 people", not "7.09 people")."""
    return (
        question.scale == "log"
        and question.min >= 1
        and float(question.min).is_integer()
        and float(question.max).is_integer()
    )


def format_number(value: float, whole: bool = False) -> str:
    """Three significant figures, thousands separated; whole numbers when `whole`."""
    if not math.isfinite(value):
        return "n/a"
    rounded = float(f"{value:.3g}")
    if abs(rounded) >= 100 or whole:
        return f"{round(rounded):,}"
    return f"{rounded:.3g}"


def format_value(value: float, question: Question) -> str:
    """`27.9%`, `3,590 people`, `7 people`; `n/a` for a value that is not finite."""
    if not math.isfinite(value):
        return "n/a"
    return with_unit(format_number(value, is_count(question)), question.unit)


def format_interval(low: float, high: float, question: Question) -> str:
    """Both ends, the unit written once: `4.92–43.2%`, `298–75,600 people`."""
    whole = is_count(question)
    return with_unit(f"{format_number(low, whole)}–{format_number(high, whole)}", question.unit)


def format_shift(shift: float, question: Question) -> str:
    """A signed change, `+3.2 points` (of a percentage) or `-1,200 people`, or `no change`."""
    if abs(shift) <= 1e-9 * (question.max - question.min):
        return "no change"
    size = format_value(abs(shift), question)
    if question.unit == "%":
        size = size.removesuffix("%") + " points"
    return ("+" if shift > 0 else "-") + size


def with_unit(number: str, unit: str) -> str:
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def estimative_words(probability: float) -> str:
    """A probability in the words of ICD 203 (spec section 13), judged on the figure as
    the CSV writes it (6 significant digits), so that the page and the file agree."""
    p = float(f"{probability:.6g}")
    if p < 0.05:
        return "almost no chance"
    if p < 0.20:
        return "very unlikely"
    if p < 0.45:
        return "unlikely"
    if p <= 0.55:
        return "roughly even chance"
    if p <= 0.80:
        return "likely"
    if p <= 0.95:
        return "very likely"
    return "almost certain"


def whole_percent(probability: float) -> str:
    """`86%`: a probability as a percentage rounded to a whole number, halves up."""
    return f"{math.floor(100 * float(f'{probability:.6g}') + 0.5)}%"
