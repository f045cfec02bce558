"""Test cases for the readings module: each reading as a distribution (spec section 2)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import truncnorm

from dashboard.case import AtLeast, AtMost, Question, Range, Reading
from dashboard.engine.pooling import Summary, summarise
from dashboard.engine.readings import (
    ONE_SIDED_TAIL,
    Z_95,
    question_grid,
    readings_log_masses,
)

QUANTILE_TOLERANCE = 0.002
"""Quantiles must be within 0.2% of the question's span in T-space (spec section 4)."""

MEAN_TOLERANCE = 0.005
"""Means must be within 0.5% relative (spec section 4)."""


def question(low: float, high: float, scale: str = "linear") -> Question:
    return Question(id="q", text="A quantity", unit="", min=low, max=high, scale=scale)


def t(value: float, scale: str) -> float:
    return math.log(value) if scale == "log" else value


def log_masses(reading: Reading, q: Question) -> np.ndarray:
    """The log cell masses of one reading on the question's grid."""
    return readings_log_masses([reading], q, question_grid(q))[0]


def summary_of(reading: Reading, q: Question) -> Summary:
    return summarise(np.exp(log_masses(reading, q)), question_grid(q))


def assert_summary(
    summary: Summary, q: Question, p05: float, median: float, p95: float, mean: float
) -> None:
    """Quantiles within 0.2% of the span in T-space, the mean within 0.5% relative."""
    tolerance = QUANTILE_TOLERANCE * (t(q.max, q.scale) - t(q.min, q.scale))
    for name, got, expected in (
        ("p05", summary.p05, p05),
        ("median", summary.median, median),
        ("p95", summary.p95, p95),
    ):
        assert abs(t(got, q.scale) - t(expected, q.scale)) <= tolerance, (name, got, expected)
    assert summary.mean == pytest.approx(mean, rel=MEAN_TOLERANCE)


def test_the_named_constants_match_the_spec() -> None:
    """It reads a range as a 90% interval and gives one-sided readings a 5% tail."""
    assert pytest.approx(1.644854, abs=1e-6) == Z_95
    assert ONE_SIDED_TAIL == 0.05


# --- ranges ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "a", "b"),
    [(0, 100, 20, 40), (0, 100, 40, 60), (-50, 50, -30, -10), (0, 10000, 1000, 3000)],
)
def test_a_range_well_inside_the_domain_has_its_ends_as_p05_and_p95(
    low: float, high: float, a: float, b: float
) -> None:
    """It reads "a to b" as a normal with p05 = a, p95 = b and median = mean = (a + b) / 2."""
    q = question(low, high)
    middle = (a + b) / 2
    assert_summary(summary_of(Range(a, b), q), q, a, middle, b, middle)


@pytest.mark.parametrize(("low", "high"), [(0, 20), (95, 100)], ids=["bottom", "top"])
def test_a_range_cut_by_the_domain_is_renormalised(low: float, high: float) -> None:
    """It cuts a range's normal at the domain's ends and renormalises what remains."""
    q = question(0, 100)
    masses = np.exp(log_masses(Range(low, high), q))
    assert masses.sum() == pytest.approx(1, abs=1e-9)
    mean, sd = (low + high) / 2, (high - low) / (2 * 1.644854)
    exact = truncnorm((0 - mean) / sd, (100 - mean) / sd, loc=mean, scale=sd)
    p05, median, p95 = exact.ppf([0.05, 0.5, 0.95])
    assert_summary(summary_of(Range(low, high), q), q, p05, median, p95, exact.mean())


def test_a_range_on_a_log_question_is_normal_in_log_space() -> None:
    """It reads a range on a log question in ln x: its median is the geometric mean of the ends."""
    q = question(0.5, 2000, "log")
    mu = (math.log(20) + math.log(60)) / 2
    sigma = (math.log(60) - math.log(20)) / (2 * 1.644854)
    summary = summary_of(Range(20, 60), q)
    assert_summary(summary, q, 20, math.sqrt(20 * 60), 60, math.exp(mu + sigma**2 / 2))


# --- one-sided readings -------------------------------------------------------------


def test_at_least_puts_95_percent_above_its_number() -> None:
    """It reads "at least 41" on [0, 200] as 95% uniform on [41, 200] and 5% on [0, 41]."""
    q = question(0, 200)
    upper = 200 - 41
    assert_summary(
        summary_of(AtLeast(41), q),
        q,
        p05=41,
        median=41 + 0.45 / 0.95 * upper,
        p95=41 + 0.90 / 0.95 * upper,
        mean=0.05 * 41 / 2 + 0.95 * (41 + 200) / 2,
    )
    assert summary_of(AtLeast(41), q).mean == pytest.approx(115.5, rel=1e-3)


def test_at_most_puts_95_percent_below_its_number() -> None:
    """It reads "at most 12" on [0, 200] as 95% uniform on [0, 12] and 5% on [12, 200]."""
    q = question(0, 200)
    summary = summary_of(AtMost(12), q)
    assert_summary(summary, q, p05=0.05 / 0.95 * 12, median=0.5 / 0.95 * 12, p95=12, mean=11.0)


@pytest.mark.parametrize("reading", [AtLeast(0), AtMost(200)], ids=["min", "max"])
def test_a_one_sided_reading_at_the_domain_end_is_uniform(reading: Reading) -> None:
    """It reads "at least min" (or "at most max") as simply uniform over the domain."""
    q = question(0, 200)
    masses = np.exp(log_masses(reading, q))
    assert masses == pytest.approx(np.full(masses.shape, 1 / masses.size), rel=1e-9)
    assert_summary(summary_of(reading, q), q, 10, 100, 190, 100)


def test_at_least_on_a_log_question_is_uniform_in_log_space() -> None:
    """It spreads "at least 100" on a log question uniformly in ln x on each side of 100."""
    q = question(0.5, 2000, "log")
    lo, split, hi = math.log(0.5), math.log(100), math.log(2000)

    def piece_mean(a: float, b: float) -> float:
        return (math.exp(b) - math.exp(a)) / (b - a)

    assert_summary(
        summary_of(AtLeast(100), q),
        q,
        p05=100,
        median=math.exp(split + 0.45 / 0.95 * (hi - split)),
        p95=math.exp(split + 0.90 / 0.95 * (hi - split)),
        mean=0.05 * piece_mean(lo, split) + 0.95 * piece_mean(split, hi),
    )


def test_at_least_1_on_the_whole_log_domain_has_the_geometric_middle_as_median() -> None:
    """It reads "at least min" on a log question as uniform in ln x."""
    q = question(1, 200000, "log")
    summary = summary_of(AtLeast(1), q)
    span = math.log(200000)
    assert_summary(
        summary,
        q,
        p05=math.exp(0.05 * span),
        median=math.sqrt(200000),
        p95=math.exp(0.95 * span),
        mean=(200000 - 1) / span,
    )


# --- narrow readings and tails ---------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "a", "b"),
    [
        (question(0, 100), 50, 50.001),
        (question(0, 100), 99.9999, 100),
        (question(0, 100), 0, 1e-9),
        (question(1, 200000, "log"), 1000, 1000.01),
    ],
    ids=["middle", "at-max", "at-min", "log"],
)
def test_a_reading_narrower_than_a_cell_keeps_its_whole_mass(
    q: Question, a: float, b: float
) -> None:
    """It keeps the full mass of a reading far narrower than a grid cell, in the right cell."""
    grid = question_grid(q)
    masses = np.exp(log_masses(Range(a, b), q))
    assert grid.width > 10 * (t(b, q.scale) - t(a, q.scale))
    assert masses.sum() == pytest.approx(1, abs=1e-9)
    median = summary_of(Range(a, b), q).median
    exact = math.exp((math.log(a) + math.log(b)) / 2) if q.scale == "log" else (a + b) / 2
    assert abs(t(median, q.scale) - t(exact, q.scale)) <= grid.width


@pytest.mark.parametrize(
    "reading",
    [
        Range(99, 99.001),
        Range(0, 0.01),
        Range(10, 20),
        AtLeast(99.99),
        AtMost(0.01),
        AtLeast(0),
    ],
    ids=["narrow-far-right", "narrow-at-min", "ordinary", "at-least", "at-most", "uniform"],
)
def test_log_masses_are_finite_everywhere(reading: Reading) -> None:
    """It gives every cell a finite log mass, however far the tail: no reading vetoes a region."""
    values = log_masses(reading, question(0, 100))
    assert np.isfinite(values).all()
    assert np.exp(values).sum() == pytest.approx(1, abs=1e-9)


@pytest.mark.parametrize(
    "reading",
    [AtLeast(5e-324), AtMost(5e-324), Range(0, 5e-324)],
    ids=["at-least", "at-most", "range"],
)
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_a_reading_a_hair_above_the_domain_min_is_still_a_distribution(reading: Reading) -> None:
    """It gives a valid reading just above min (a subnormal away) finite masses summing to 1."""
    values = log_masses(reading, question(0, 100))
    assert np.isfinite(values).all()
    assert np.exp(values).sum() == pytest.approx(1, abs=1e-9)


def test_readings_computed_together_agree_with_one_reading_at_a_time() -> None:
    """It computes many readings of a question together exactly as it computes each alone."""
    q = question(1, 5000, "log")
    readings = [
        Range(20, 60),
        AtLeast(100),
        Range(2, 3000),
        AtMost(300),
    ]
    grid = question_grid(q)
    together = readings_log_masses(readings, q, grid)
    assert together.shape == (4, len(grid.edges) - 1)
    for row, reading in zip(together, readings, strict=True):
        alone = readings_log_masses([reading], q, grid)[0]
        np.testing.assert_allclose(row, alone, rtol=1e-12)


@st.composite
def question_and_reading(draw: st.DrawFn) -> tuple[Question, Reading]:
    """A linear or log question and a valid reading on it."""
    if draw(st.booleans()):
        low = draw(st.floats(0.001, 100))
        q = question(low, low * draw(st.floats(1.5, 1e6)), "log")
    else:
        low = draw(st.floats(-1000, 1000))
        q = question(low, low + draw(st.floats(0.01, 10000)))
    t_low, t_high = t(q.min, q.scale), t(q.max, q.scale)

    def value(fraction: float) -> float:
        point = t_low + fraction * (t_high - t_low)
        return min(max(math.exp(point) if q.scale == "log" else point, q.min), q.max)

    kind = draw(st.sampled_from(["range", "at_least", "at_most"]))
    if kind == "at_least":
        a = value(draw(st.floats(0, 0.999, allow_subnormal=False)))
        return q, AtLeast(a)
    if kind == "at_most":
        return q, AtMost(value(draw(st.floats(0.001, 1, allow_subnormal=False))))
    start = draw(st.floats(0, 0.99, allow_subnormal=False))
    a, b = value(start), value(start + draw(st.floats(1e-6, 1 - start)))
    if not a < b:
        b = q.max
    return q, Range(a, b)


@settings(max_examples=100, deadline=None)
@given(case=question_and_reading())
def test_every_reading_is_a_distribution_with_no_zero_cell(
    case: tuple[Question, Reading],
) -> None:
    """It turns any valid reading into finite log masses that sum to 1."""
    q, reading = case
    values = log_masses(reading, q)
    assert np.isfinite(values).all()
    assert np.exp(values).sum() == pytest.approx(1, abs=1e-9)
    summary = summary_of(reading, q)
    slack = 1e-9 * (abs(q.min) + abs(q.max))
    assert q.min - slack <= summary.p05 <= summary.median <= summary.p95 <= q.max + slack
    assert q.min - slack <= summary.mean <= q.max + slack
