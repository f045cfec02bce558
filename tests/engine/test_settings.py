"""Test cases for the settings module: scenario first, then the reader's changes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.case import AtLeast, Range
from dashboard.engine.settings import SettingsError, default_settings, settings_for
from tests.factories import analyst_case

CASE = analyst_case()


def test_default_settings_are_the_case_as_written() -> None:
    """It starts from every source's default weight and the codebook's readings."""
    state = default_settings(CASE)
    assert state.weights == CASE.default_weights()
    assert state.reading_for(CASE, "aboard", "crowded") == (Range(150, 600, "crowded"), "case")


def test_a_scenario_sets_its_weights_and_readings() -> None:
    """It applies the scenario's weights over the defaults and its readings to its labels."""
    state = settings_for(CASE, "witnesses")
    assert state.weights["survivor"] == 90 and state.weights["police"] == 80
    assert state.reading_for(CASE, "aboard", "crowded") == (Range(250, 900, "crowded"), "scenario")
    assert state.reading_for(CASE, "aboard", "few")[1] == "case"


def test_the_readers_reading_wins_over_the_scenarios() -> None:
    """It uses the reader's reading of a label before the scenario's."""
    state = settings_for(CASE, "witnesses", readings={("delay", "long"): AtLeast(90)})
    assert state.reading_for(CASE, "delay", "long") == (AtLeast(90, "long"), "reader")
    labels = state.label_readings(CASE)
    assert set(labels) == {("aboard", "crowded"), ("aboard", "few"), ("delay", "long")}


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"scenario": "sceptic"}, "sceptic"),
        ({"weights": {"nobody": 5}}, "nobody"),
        ({"weights": {"police": 101}}, "101"),
        ({"readings": {("aboard", "packed"): Range(1, 2)}}, "packed"),
        ({"readings": {("nowhere", "few"): Range(1, 2)}}, "nowhere"),
    ],
)
def test_unknown_names_are_refused_in_one_line(kwargs: dict, named: str) -> None:
    """It refuses an unknown scenario, source, label or question, naming it."""
    with pytest.raises(SettingsError, match=named) as caught:
        settings_for(CASE, **kwargs)
    assert "\n" not in str(caught.value)


@settings(max_examples=100, deadline=None)
@given(
    scenario=st.sampled_from([None, "official", "witnesses"]),
    weights=st.dictionaries(
        st.sampled_from([s.id for s in CASE.sources]), st.floats(0, 100), max_size=4
    ),
    crowded=st.none() | st.just(Range(20, 30)),
)
def test_scenario_then_reader_apply_in_that_order(
    scenario: str | None, weights: dict[str, float], crowded: Range | None
) -> None:
    """It takes each weight from the reader, else the scenario, else the case; readings too."""
    readings = {("aboard", "crowded"): crowded} if crowded else {}
    state = settings_for(CASE, scenario, weights, readings)
    chosen = CASE.scenario(scenario) if scenario else None
    for source in CASE.sources:
        expected = weights.get(
            source.id, (chosen.weights if chosen else {}).get(source.id, source.weight)
        )
        assert state.weights[source.id] == expected
    reading, origin = state.reading_for(CASE, "aboard", "crowded")
    if crowded:
        assert (reading, origin) == (crowded.with_label("crowded"), "reader")
    elif scenario == "witnesses":
        assert origin == "scenario"
    else:
        assert origin == "case"
