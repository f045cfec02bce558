"""Test cases for the influence module: leave-one-out, the weight through each source,
sweeps, swings and points of view, each against the engine run on one variant at a time."""

from __future__ import annotations

import pytest

from dashboard.case import Range, Scenario
from dashboard.engine.influence import (
    SWEEP_STEPS,
    leave_one_out,
    points_of_view,
    sweep,
    swings,
    weight_through,
)
from dashboard.engine.pooling import Estimate, Method, evaluate_question
from dashboard.engine.settings import Settings, settings_for
from tests.factories import make_case

LOW, HIGH = Range(10, 20), Range(60, 80)
CASE = make_case(
    [("low", LOW), ("high", HIGH)],
    {"low": 50, "high": 50, "wire": 100},
    via={"high": ("wire",)},
    scenarios=[Scenario("highs", "Highs", "", weights={"low": 0}, readings={})],
)


def median_at(weights: dict[str, float]) -> float | None:
    """The mixture's median with these weights, from one run of the whole engine."""
    settings = settings_for(CASE, weights=weights)
    pooled = evaluate_question(CASE, "q", settings).pooled[Method.LINEAR]
    return pooled.summary.median if isinstance(pooled, Estimate) else None


def test_the_weight_through_a_relay_is_what_it_carried() -> None:
    """`wire` makes no claim and relays every claim of `high`, so what passes through it is
    exactly `high`'s share (a half: `low` and `high` are both at 50)."""
    settings = settings_for(CASE)
    result = evaluate_question(CASE, "q", settings)
    through = weight_through(CASE, result)
    assert through["high"] == {"high": pytest.approx(0.5)}
    assert through["wire"] == {"high": pytest.approx(0.5)}
    assert through["low"] == {"low": pytest.approx(0.5)}


def test_leaving_a_source_out_is_setting_its_weight_to_0() -> None:
    """Each entry's median without the source is the engine's median with its weight at 0,
    and the most influential source comes first."""
    settings = settings_for(CASE)
    result = evaluate_question(CASE, "q", settings)
    entries = leave_one_out(CASE, result, settings, Method.LINEAR)
    now = median_at({})
    assert now is not None
    for entry in entries:
        without = median_at({entry.source_id: 0})
        assert entry.median_without == pytest.approx(without)
        assert entry.shift == pytest.approx(without - now)  # type: ignore[operator]
    assert [entry.source_id for entry in entries] == ["low", "high", "wire"]
    assert entries[0].median_without == pytest.approx(70, abs=1e-4)  # high's range alone


def test_a_sweep_runs_one_weight_from_0_to_100_and_its_ends_are_the_swing() -> None:
    settings = settings_for(CASE)
    result = evaluate_question(CASE, "q", settings)
    swept = sweep(CASE, result, settings, Method.LINEAR, "low")
    assert list(swept.weights) == [5.0 * step for step in range(SWEEP_STEPS)]
    assert swept.band.median[0] == pytest.approx(median_at({"low": 0}))
    assert swept.band.median[-1] == pytest.approx(median_at({"low": 100}))
    swing = {s.source_id: s for s in swings(CASE, result, settings, Method.LINEAR)}["low"]
    assert swing.median_at_0 == pytest.approx(swept.band.median[0])
    assert swing.median_at_100 == pytest.approx(swept.band.median[-1])


def test_points_of_view_are_the_defaults_each_scenario_and_the_reader() -> None:
    current = settings_for(CASE, weights={"high": 10})
    points = points_of_view(CASE, "q", Method.LINEAR, current)
    assert [(p.kind, p.key) for p in points] == [
        ("defaults", "defaults"),
        ("scenario", "highs"),
        ("current", "current"),
    ]
    medians = [p.summary.median if p.summary else None for p in points]
    assert medians == pytest.approx([median_at({}), median_at({"low": 0}), median_at({"high": 10})])


def test_nothing_left_without_a_source_is_said_as_none() -> None:
    """With one source carrying all the weight, leaving it out leaves no estimate."""
    alone = make_case([("only", LOW)], {"only": 50})
    settings: Settings = settings_for(alone)
    result = evaluate_question(alone, "q", settings)
    (entry,) = leave_one_out(alone, result, settings, Method.LINEAR)
    assert (entry.source_id, entry.median_without, entry.shift) == ("only", None, None)
