"""Test cases for the weights module: the five steps of spec section 3."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.case import CREDIBILITY_GRADES, RELIABILITY_GRADES, Range
from dashboard.engine.pooling import Estimate
from dashboard.engine.weights import (
    CREDIBILITY,
    RELIABILITY,
    Switches,
    effective_weights,
    effective_weights_batch,
    weight_steps,
    weights_from_grades,
)
from tests.factories import analyst_case, evaluate_with, make_case

CASE = analyst_case()
ABOARD = CASE.claims_on("aboard")  # op, wi, ga, po, su, su2, bl
WEIGHTS = CASE.default_weights()


def test_the_grade_tables_match_the_spec() -> None:
    """It gives the Admiralty grades the weights and factors of section 3."""
    assert {k: g.weight for k, g in RELIABILITY.items()} == dict(A=90, B=75, C=60, D=40, E=20, F=50)
    assert {k: g.factor for k, g in CREDIBILITY.items()} == {
        1: 1.0, 2: 0.8, 3: 0.6, 4: 0.4, 5: 0.2, 6: 0.6
    }  # fmt: skip


def test_step_1_trust_is_the_source_weight() -> None:
    """It starts each claim from its source's slider."""
    steps = weight_steps(CASE, ABOARD, WEIGHTS, Switches())
    np.testing.assert_allclose(steps.trust, [40, 60, 55, 80, 35, 35, 50])


def test_step_2_multiplies_by_every_relay() -> None:
    """It multiplies by w_relay/100 for each relay: gazette via wire (60), blog via radio
    (70) and wire (60)."""
    steps = weight_steps(CASE, ABOARD, WEIGHTS, Switches())
    np.testing.assert_allclose(steps.after_relays, [40, 60, 33, 80, 35, 35, 50 * 0.7 * 0.6])
    off = weight_steps(CASE, ABOARD, WEIGHTS, Switches(relays=False))
    np.testing.assert_allclose(off.after_relays, off.trust)


def test_a_relay_at_zero_silences_what_came_only_through_it() -> None:
    """It gives zero weight to a claim whose relay is at 0."""
    steps = weight_steps(CASE, ABOARD, {**WEIGHTS, "radio": 0}, Switches())
    assert steps.effective[6] == 0


def test_step_3_splits_among_a_sources_claims_on_the_question() -> None:
    """It halves the survivor's weight over its two claims on `aboard`, not on `delay`."""
    steps = weight_steps(CASE, ABOARD, WEIGHTS, Switches())
    np.testing.assert_allclose(steps.after_split[4:6], [17.5, 17.5])
    delay = weight_steps(CASE, CASE.claims_on("delay"), WEIGHTS, Switches())
    np.testing.assert_allclose(delay.after_split, [35, 80, 40])


def test_step_4_multiplies_by_the_credibility_factor() -> None:
    """It multiplies by the grade's factor (3: 0.6, 2: 0.8, 6: 0.6) and leaves ungraded alone."""
    steps = weight_steps(CASE, ABOARD, WEIGHTS, Switches())
    np.testing.assert_allclose(steps.after_credibility, [24, 36, 33, 64, 10.5, 17.5, 21])
    off = weight_steps(CASE, ABOARD, WEIGHTS, Switches(credibility=False))
    np.testing.assert_allclose(off.after_credibility, off.after_split)


def test_step_5_counts_shared_evidence_once() -> None:
    """It scales the manifest group (24, 36, 33) by max/sum = 36/93; others untouched."""
    steps = weight_steps(CASE, ABOARD, WEIGHTS, Switches())
    factor = 36 / 93
    np.testing.assert_allclose(
        steps.effective, [24 * factor, 36 * factor, 33 * factor, 64, 10.5, 17.5, 21]
    )
    each = effective_weights(CASE, ABOARD, WEIGHTS, Switches(shared_evidence=False))
    np.testing.assert_allclose(each, steps.after_credibility)


def test_a_group_all_at_zero_stays_zero() -> None:
    """It leaves a group whose weights are all 0 at 0, not NaN."""
    zero = {**WEIGHTS, "operator": 0, "wire": 0}
    steps = weight_steps(CASE, ABOARD, zero, Switches())
    np.testing.assert_array_equal(steps.effective[:3], [0, 0, 0])


def test_weights_from_grades_sets_only_graded_sources() -> None:
    """It sets A..F sources to 90/75/60/40/20/50 and keeps the ungraded ones."""
    graded = weights_from_grades(CASE, {**WEIGHTS, "gazette": 12})
    assert graded["operator"] == 40 and graded["police"] == 75 and graded["survivor"] == 50
    assert graded["gazette"] == 12 and graded["radio"] == 70


def test_the_batch_agrees_with_one_setting_at_a_time() -> None:
    """It computes many weight settings at once exactly as one by one."""
    rows = [WEIGHTS, {**WEIGHTS, "wire": 0}, {**WEIGHTS, "police": 100, "radio": 10}]
    for switches in (Switches(), Switches(False, False, False)):
        batch = effective_weights_batch(CASE, ABOARD, rows, switches)
        for row, weights in zip(batch, rows, strict=True):
            np.testing.assert_allclose(row, effective_weights(CASE, ABOARD, weights, switches))
    matrix = np.array([[WEIGHTS[s.id] for s in CASE.sources]])
    np.testing.assert_allclose(
        effective_weights_batch(CASE, ABOARD, matrix, Switches())[0],
        effective_weights(CASE, ABOARD, WEIGHTS, Switches()),
    )


weights_strategy = st.fixed_dictionaries(
    {s.id: st.floats(0, 100, allow_subnormal=False) for s in CASE.sources}
)


@settings(max_examples=150, deadline=None)
@given(weights=weights_strategy, credibility=st.booleans(), relays=st.booleans())
def test_a_groups_total_equals_its_heaviest_member(
    weights: dict[str, float], credibility: bool, relays: bool
) -> None:
    """It makes an evidence group weigh, in total, exactly its heaviest member."""
    switches = Switches(relays=relays, credibility=credibility)
    steps = weight_steps(CASE, ABOARD, weights, switches)
    group = [0, 1, 2]
    assert steps.effective[group].sum() == pytest.approx(
        steps.after_credibility[group].max(), rel=1e-9, abs=1e-12
    )


@settings(max_examples=100, deadline=None)
@given(weights=weights_strategy)
def test_every_relay_at_100_is_the_same_as_relays_off(weights: dict[str, float]) -> None:
    """It treats a relay at 100 as a faithful channel: figures equal those with relays off."""
    faithful = {**weights, "wire": 100.0, "radio": 100.0}
    on = evaluate_with(CASE, faithful)
    off = evaluate_with(CASE, faithful, Switches(relays=False))
    for question in on:
        np.testing.assert_allclose(on[question].effective_weights, off[question].effective_weights)
        for method, pooled in on[question].pooled.items():
            other = off[question].pooled[method]
            assert pooled.status == other.status
            if isinstance(pooled, Estimate) and isinstance(other, Estimate):
                np.testing.assert_allclose(pooled.masses, other.masses)


def test_a_source_at_zero_contributes_nothing() -> None:
    """It gives every claim of a source at 0 an effective weight of 0."""
    case = make_case([("a", Range(1, 2)), ("b", Range(3, 4))], {"a": 0, "b": 10})
    np.testing.assert_array_equal(
        effective_weights(case, case.claims, case.default_weights(), Switches()), [0, 10]
    )


def test_the_grade_tables_hold_every_grade_of_the_case_format() -> None:
    """The weights and factors of the grades cover exactly the grades a case may give."""
    assert tuple(RELIABILITY) == RELIABILITY_GRADES
    assert tuple(CREDIBILITY) == CREDIBILITY_GRADES
