"""Test cases for the share link: read with a warning for each unusable part, built from
what the reader changed, and read back to the same settings (spec section 7)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.case import AtLeast, Range
from dashboard.engine.pooling import Method
from dashboard.engine.settings import settings_for
from dashboard.engine.weights import Switches
from dashboard.link import parse_link, share_query, share_url
from dashboard.page.keys import link_widget_values, settings_from_widgets, settings_widget_values
from tests.factories import analyst_case

CASE = analyst_case()


CASES = {"ferry": CASE}


def test_a_clean_link_sets_everything_it_names() -> None:
    """Case, question, method and integer weights are taken as given, with no warning."""
    link = parse_link(
        {"case": ["ferry"], "q": ["delay"], "method": ["log"], "w_police": ["0"]}, CASES
    )
    assert (link.case_id, link.question_id, link.method) == ("ferry", "delay", "log")
    assert link.weights == {"police": 0}
    assert link.warnings == ()


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"case": ["../../etc/passwd"]}, "../../etc/passwd"),
        ({"q": ["nope"]}, "nope"),
        ({"method": ["median"]}, "median"),
        ({"w_nobody": ["5"]}, "nobody"),
        ({"w_police": ["abc"]}, "abc"),
        ({"w_police": ["101"]}, "101"),
        ({"w_police": ["-1"]}, "-1"),
        ({"w_police": ["50.5"]}, "50.5"),
        ({"w_police": [""]}, "''"),
        ({"w_police": ["1", "2"]}, "w_police"),
        ({"case": ["ferry", "ferry"]}, "case"),
        ({"colour": ["red"]}, "colour"),
    ],
)
def test_each_unusable_part_is_named_in_one_warning(params: dict, named: str) -> None:
    """Every part of a link that cannot be used is ignored with a warning that names it."""
    link = parse_link(params, CASES)
    assert len(link.warnings) == 1
    assert named in link.warnings[0]
    assert link.weights == {}


def test_streamlit_embed_options_pass_silently() -> None:
    """Streamlit's own `embed` keys are not the link's business and draw no warning."""
    assert parse_link({"embed": ["true"], "embed_options": ["light_theme"]}, CASES).warnings == ()


def test_a_huge_value_is_shortened_in_its_warning() -> None:
    """A warning quotes a bounded part of a long value."""
    link = parse_link({"case": ["x" * 10_000]}, CASES)
    assert len(link.warnings[0]) < 200


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.one_of(st.sampled_from(["case", "q", "method", "w_police", "w_wire", "w_"]), st.text()),
        st.lists(st.text(max_size=30), min_size=1, max_size=3),
        max_size=6,
    )
)
def test_any_query_parses_to_a_usable_state(params: dict[str, list[str]]) -> None:
    """Whatever a link holds, parsing returns known ids and weights in 0..100, never raises."""
    link = parse_link(params, CASES)
    assert link.case_id in (None, "ferry")
    assert link.question_id in (None, "aboard", "delay")
    assert link.method in (None, "linear", "log")
    assert all(s in {src.id for src in CASE.sources} for s in link.weights)
    assert all(0 <= w <= 100 for w in link.weights.values())


def test_a_link_sets_scenario_readings_and_switches() -> None:
    """It reads scenario, r_<question>.<label> and the three switches."""
    link = parse_link(
        {
            "scenario": ["witnesses"],
            "r_aboard.crowded": ["range:100:200"],
            "relays": ["off"],
            "cred": ["off"],
            "shared": ["each"],
        },
        CASES,
    )
    assert link.warnings == ()
    assert link.scenario == "witnesses"
    assert link.readings == {("aboard", "crowded"): Range(100, 200)}
    assert link.switches == Switches(False, False, False)


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"scenario": ["sceptic"]}, "sceptic"),
        ({"r_aboard.packed": ["range:100:200"]}, "packed"),
        ({"r_aboard.crowded": ["range:1:200"]}, "crowded"),
        ({"r_aboard.crowded": ["range:300:200"]}, "crowded"),
        ({"relays": ["maybe"]}, "maybe"),
    ],
)
def test_an_unusable_scenario_reading_or_switch_is_named(params: dict, named: str) -> None:
    """It ignores an unknown scenario or label, a bad reading or switch, with a warning."""
    link = parse_link(params, CASES)
    assert len(link.warnings) == 1 and named in link.warnings[0]
    assert link.readings == {} and link.scenario is None and link.switches == Switches()


@settings(max_examples=100, deadline=None)
@given(
    scenario=st.sampled_from([None, "official", "witnesses"]),
    weights=st.dictionaries(
        st.sampled_from([s.id for s in CASE.sources]), st.integers(0, 100), max_size=4
    ),
    long=st.none() | st.just(AtLeast(12.5)) | st.just(Range(0, 30)),
    switches=st.builds(Switches, st.booleans(), st.booleans(), st.booleans()),
    method=st.sampled_from(list(Method)),
)
def test_a_built_link_reads_back_to_the_same_settings(
    scenario: str | None,
    weights: dict[str, int],
    long: AtLeast | Range | None,
    switches: Switches,
    method: Method,
) -> None:
    """state -> link -> state -> link is the identity, naming only changes; and the widgets'
    values for that state read back as the same settings."""
    readings = {("delay", "long"): long} if long else {}
    state = settings_for(CASE, scenario, weights, readings, switches)
    query = share_query("ferry", "delay", method, CASE, state)
    base = state.scenario_weights(CASE)
    assert {k[2:] for k in query if k.startswith("w_")} == {
        s for s in base if state.weights[s] != base[s]
    }
    url = share_url("http://localhost:8501/?old=1", query)
    link = parse_link(parse_qs(urlsplit(url).query), CASES)
    assert link.warnings == ()
    assert (link.case_id, link.question_id, link.method) == ("ferry", "delay", method)
    again = settings_for(CASE, link.scenario, link.weights, link.readings, link.switches)
    assert again == state
    assert share_query("ferry", "delay", method, CASE, again) == query
    widgets = {**link_widget_values(link, "ferry"), **settings_widget_values(again)}
    assert settings_from_widgets(CASE, widgets) == state


@settings(max_examples=100, deadline=None)
@given(
    low=st.none() | st.floats(0.01, 59.99, allow_nan=False),
    high=st.floats(600, 1e7, allow_nan=False),
    threshold=st.none() | st.floats(0.01, 239.99, allow_nan=False),
    weights=st.dictionaries(st.sampled_from(["police", "wire"]), st.integers(0, 100)),
)
def test_a_link_with_bounds_and_thresholds_reads_back_to_the_same_settings(
    low: float | None, high: float, threshold: float | None, weights: dict[str, int]
) -> None:
    """`b_` and `t_` round-trip exactly with the rest of the state: state -> link -> state
    -> link is the identity, and the widgets hold the same settings."""
    bounds = {"aboard": (low, high)} if low is not None else {}
    thresholds = {"delay": threshold} if threshold is not None else {}
    state = settings_for(CASE, weights=weights, bounds=bounds, thresholds=thresholds)
    query = share_query("ferry", "aboard", Method.LINEAR, CASE, state)
    assert ("b_aboard" in query, "t_delay" in query) == (bool(bounds), bool(thresholds))
    link = parse_link(parse_qs(urlsplit(share_url("http://x/", query)).query), CASES)
    assert link.warnings == ()
    again = settings_for(CASE, weights=link.weights, bounds=link.bounds, thresholds=link.thresholds)
    assert again == state
    assert share_query("ferry", "aboard", Method.LINEAR, CASE, again) == query
    widgets = {**link_widget_values(link, "ferry"), **settings_widget_values(again)}
    assert settings_from_widgets(CASE, widgets) == state


@pytest.mark.parametrize(
    ("params", "named"),
    [
        (
            {"b_aboard": ["100:2000"]},
            "leave out the reading label few (at most 60) (60 must be above 100",
        ),
        ({"b_aboard": ["1:x"]}, "'x' is not a number"),
        ({"b_aboard": ["1", "2"]}, "gives 'b_aboard' 2 times"),
        ({"b_nowhere": ["1:2"]}, "unknown question 'b_nowhere'"),
        ({"t_delay": ["300"]}, "The link's threshold for 'delay' cannot be used"),
        ({"t_delay": ["50"], "b_delay": ["0:46"]}, "between its bounds 0 and 46"),
        ({"t_nowhere": ["3"]}, "unknown question 't_nowhere'"),
    ],
)
def test_unusable_bounds_or_thresholds_in_a_link_are_named(params: dict, named: str) -> None:
    """Bounds that leave out a reading, a threshold outside the bounds in force, or either
    for an unknown question: ignored with one warning naming it."""
    link = parse_link(params, CASES)
    assert len(link.warnings) == 1 and named in link.warnings[0], link.warnings
    assert link.thresholds == {}
    assert link.bounds == ({"delay": (0, 46)} if "b_delay" in params else {})
