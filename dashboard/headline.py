"""The figures the page states in words: the headline and how values are written."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from dashboard.case import Question
from dashboard.pooling import Pooled


@dataclass(frozen=True)
class Headline:
    """The pooled median and 90% interval now, and how far the median moved from the defaults."""

    median: float
    p05: float
    p95: float
    shift: float | None
    """Median now minus median under the case's default weights; None if that had no estimate."""


def headline(now: Pooled, at_defaults: Pooled) -> Headline | None:
    """None when no claim carries weight: the page then says so instead of a number."""
    if now.summary is None:
        return None
    shift = now.summary.median - at_defaults.summary.median if at_defaults.summary else None
    return Headline(now.summary.median, now.summary.p05, now.summary.p95, shift)


def format_value(value: float, question: Question) -> str:
    """Three significant figures with the unit, thousands separated: `27.9%`, `3,590 people`."""
    return with_unit(format_number(value), question.unit) if math.isfinite(value) else "n/a"


def format_interval(low: float, high: float, question: Question) -> str:
    """Both ends, the unit written once: `4.92–43.2%`, `298–75,600 people`."""
    return with_unit(f"{format_number(low)}–{format_number(high)}", question.unit)


def format_number(value: float) -> str:
    if not math.isfinite(value):
        return "n/a"
    rounded = float(f"{value:.3g}")
    return f"{rounded:,.0f}" if abs(rounded) >= 100 else f"{rounded:.3g}"


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


def biggest_mover(influence: pd.DataFrame, question: Question) -> str | None:
    """One plain sentence naming the source whose removal would move the median most.

    `influence` is `charts.influence_data`, most influential first.
    """
    movers = influence[influence["share"] > 0]
    if movers.empty:
        return None
    top = movers.iloc[0]
    if not top["estimate_without"]:
        return f"Everything rests on {top['source']}: without it there would be no estimate at all."
    return (
        f"{top['source']} moves this estimate most: leaving it out would shift the median "
        f"by {format_shift(top['shift'], question)}. It carries {top['share']:.0%} of the "
        "weight."
    )
