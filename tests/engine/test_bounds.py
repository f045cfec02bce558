"""Test cases for the reader's bounds and thresholds (spec sections 12, 13): the settings
that check them, p_above, and what rests on the bounds."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.case import AtLeast
from dashboard.engine.bounds import bound_reliances
from dashboard.engine.pooling import METHODS, Estimate, Method, evaluate_question
from dashboard.engine.settings import (
    SettingsError,
    ignored_thresholds,
    settings_for,
    with_usable_bounds,
)
from tests.factories import analyst_case

CASE = analyst_case()
"""`aboard` is log on [10, 2000], its readings state 60 to 600; `delay` is linear on
[0, 240], its readings state 15 to 45."""


def test_the_bounds_in_force_are_the_readers_and_every_row_is_computed_on_them() -> None:
    """With the reader's bounds, the question's grid and every figure use them."""
    state = settings_for(CASE, bounds={"aboard": (20, 5000)})
    result = evaluate_question(CASE, "aboard", state)
    question = result.distributions.question
    assert (question.min, question.max) == (20, 5000)
    assert result.distributions.grid.to_value(result.distributions.grid.edges[-1]) == (
        pytest.approx(5000)
    )


@pytest.mark.parametrize(
    ("bounds", "fragment"),
    [
        ((70, 2000), "leave out the reading label few (at most 60) (60 must be above 70"),
        ((10, 590), "leave out the reading label crowded (range 150-600) (600 lies outside"),
        ((10, 300), "leave out the reading at least 300 (300 must be at least 10 and below"),
        ((0, 2000), "a log question's bounds must be above 0"),
        ((600, 60), "the low bound must be below the high bound"),
    ],
)
def test_bounds_that_leave_out_a_reading_in_use_are_refused(
    bounds: tuple[float, float], fragment: str
) -> None:
    """Bounds must hold every figure a reading in use states, by the rules of section 1."""
    with pytest.raises(SettingsError, match=re.escape(fragment)):
        settings_for(CASE, bounds={"aboard": bounds})


def test_bounds_are_checked_against_the_readings_after_the_scenario_and_the_reader() -> None:
    """A scenario's reading counts: `witnesses` reads `crowded` up to 900; the reader's
    reading of a label replaces the one it checks."""
    settings_for(CASE, bounds={"aboard": (10, 700)})
    with pytest.raises(SettingsError, match="label crowded"):
        settings_for(CASE, "witnesses", bounds={"aboard": (10, 700)})
    settings_for(CASE, "witnesses", readings={("aboard", "crowded"): AtLeast(200)},
                 bounds={"aboard": (10, 700)})  # fmt: skip


def test_a_threshold_lies_strictly_within_the_bounds_in_force() -> None:
    """A threshold on a bound, or outside the reader's bounds, is refused."""
    settings_for(CASE, thresholds={"delay": 239})
    with pytest.raises(SettingsError, match="must lie between its bounds 0 and 240"):
        settings_for(CASE, thresholds={"delay": 240})
    with pytest.raises(SettingsError, match="between its bounds 0 and 100"):
        settings_for(CASE, bounds={"delay": (0, 100)}, thresholds={"delay": 150})


def test_a_case_threshold_outside_the_readers_bounds_is_ignored_with_a_warning() -> None:
    """The case's threshold applies within the bounds in force, and else gives a warning."""
    delay = replace(CASE.question("delay"), threshold=200.0)
    case = replace(CASE, questions=(CASE.question("aboard"), delay))
    inside = settings_for(case)
    assert evaluate_question(case, "delay", inside).threshold == 200
    assert ignored_thresholds(case, inside) == ()
    outside = settings_for(case, bounds={"delay": (0, 120)})
    assert evaluate_question(case, "delay", outside).threshold is None
    (warning,) = ignored_thresholds(case, outside)
    assert "threshold 200 for question 'delay'" in warning


def test_usable_bounds_drop_those_a_new_scenario_leaves_unusable() -> None:
    """Bounds that a scenario's reading leaves out fall back to the case's."""
    state = settings_for(CASE, "witnesses")
    kept = with_usable_bounds(CASE, state, {"aboard": (10, 700), "delay": (0, 100)})
    assert kept.reader_bounds == {"delay": (0, 100)}


THRESHOLDS = st.floats(10.5, 1999, allow_nan=False)
WEIGHTS = st.dictionaries(
    st.sampled_from([s.id for s in CASE.sources]), st.integers(0, 100), max_size=4
)


@settings(max_examples=60, deadline=None)
@given(low=THRESHOLDS, high=THRESHOLDS, weights=WEIGHTS)
def test_p_above_falls_as_the_threshold_rises(low: float, high: float, weights: dict) -> None:
    """For every state and method, a higher threshold never has a higher p_above."""
    low, high = sorted((low, high))
    results = [
        evaluate_question(CASE, "aboard", settings_for(CASE, weights=weights, thresholds=t))
        for t in ({"aboard": low}, {"aboard": high})
    ]
    for method in METHODS:
        below, above = (result.p_above(method) for result in results)
        if below is None or above is None:
            assert below is above is None
            continue
        assert 0 <= above <= below + 1e-12 <= 1 + 1e-12


def test_p_above_is_the_pooled_mass_above_the_threshold() -> None:
    """p_above at the pooled median is one half, and near the bounds near 1 and 0."""
    state = settings_for(CASE)
    pooled = evaluate_question(CASE, "delay", state).pooled[Method.LINEAR]
    assert isinstance(pooled, Estimate)
    at_median = settings_for(CASE, thresholds={"delay": pooled.summary.median})
    assert evaluate_question(CASE, "delay", at_median).p_above(Method.LINEAR) == (
        pytest.approx(0.5, abs=1e-6)
    )
    for threshold, expected in ((1e-6, 1.0), (240 - 1e-6, 0.0)):
        near = settings_for(CASE, thresholds={"delay": threshold})
        p = evaluate_question(CASE, "delay", near).p_above(Method.LINEAR)
        assert p == pytest.approx(expected, abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(
    low=st.floats(0.5, 59.5, allow_nan=False),
    high=st.floats(600, 1e6, allow_nan=False),
    weights=WEIGHTS,
    method=st.sampled_from(list(Method)),
)
def test_moving_a_bound_never_moves_a_figure_outside_the_new_bounds(
    low: float, high: float, weights: dict, method: Method
) -> None:
    """Every claim's and the pool's p05, median, p95 and mean lie within the reader's
    bounds, and so does the interval with a bound moved halfway."""
    state = settings_for(CASE, weights=weights, bounds={"aboard": (low, high)})
    result = evaluate_question(CASE, "aboard", state)
    pooled = result.pooled[method]
    summaries = list(result.claim_summaries)
    if isinstance(pooled, Estimate):
        summaries.append(pooled.summary)
    tolerance = 1e-9 * high
    for summary in summaries:
        for figure in (summary.p05, summary.median, summary.p95, summary.mean):
            assert low - tolerance <= figure <= high + tolerance
    for reliance in bound_reliances(CASE, state, result, method):
        assert low - tolerance <= reliance.moved_p05 <= reliance.moved_p95 <= high + tolerance


def test_the_upper_end_rests_on_the_upper_bound_when_at_least_claims_weigh_enough() -> None:
    """`at_least` claims with 10% of the weight or more tie the upper end to the upper
    bound; moving it halfway (in T-space) to the largest figure stated narrows the interval."""
    state = settings_for(CASE, weights={"police": 100})
    result = evaluate_question(CASE, "aboard", state)
    (reliance,) = (
        r for r in bound_reliances(CASE, state, result, Method.LINEAR) if r.side == "upper"
    )
    assert reliance.bound == 2000
    assert {claim.id for claim in reliance.claims} == {"ga", "po"}
    assert reliance.moved_bound == pytest.approx((2000 * 600) ** 0.5)
    pooled = result.pooled[Method.LINEAR]
    assert isinstance(pooled, Estimate)
    assert reliance.moved_p95 < pooled.summary.p95


def test_nothing_rests_on_a_bound_when_one_sided_claims_weigh_little() -> None:
    """With the one-sided claims' sources at 0, no end rests on a bound."""
    state = settings_for(CASE, weights={"police": 0, "gazette": 0, "survivor": 0})
    result = evaluate_question(CASE, "aboard", state)
    assert bound_reliances(CASE, state, result, Method.LINEAR) == ()
