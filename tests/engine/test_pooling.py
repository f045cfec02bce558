"""Test cases for the pooling module: weights, the linear and log pools (spec sections 3-4)."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dashboard.case import AtLeast, AtMost, Case, Question, Range, Reading
from dashboard.engine.pooling import (
    METHODS,
    Estimate,
    Method,
    NoEstimate,
    QuestionResult,
    Status,
    Summary,
    claim_distributions,
    normalized,
    pool,
)
from dashboard.engine.settings import default_settings
from tests.factories import evaluate_with, make_case, summary_of

Z_95 = 1.644854


def summaries_close(a: Summary | None, b: Summary | None, rel: float = 1e-9) -> bool:
    if a is None or b is None:
        return a is b
    return all(
        math.isclose(x, y, rel_tol=rel, abs_tol=1e-9)
        for x, y in zip(
            (a.p05, a.median, a.p95, a.mean), (b.p05, b.median, b.p95, b.mean), strict=True
        )
    )


def result(case: Case, weights: Mapping[str, float] | None = None) -> QuestionResult:
    return evaluate_with(case, weights or {})["q"]


# --- weights -----------------------------------------------------------------------


def test_a_source_weight_is_split_among_its_claims_on_one_question() -> None:
    """It splits a source's weight equally among its claims on the same question."""
    case = make_case(
        [
            ("a", Range(10, 20)),
            ("b", Range(30, 40)),
            ("a", AtLeast(50)),
        ],
        {"a": 60, "b": 60},
    )
    res = result(case)
    np.testing.assert_allclose(res.normalized_weights, [0.25, 0.5, 0.25])
    np.testing.assert_allclose(res.effective_weights, [30, 60, 30])


def test_claims_on_other_questions_do_not_dilute_a_source() -> None:
    """It splits a source's weight per question, not across all of its claims."""
    questions = [Question("q", "Q", "", 0, 100), Question("r", "R", "", 0, 10)]
    case = make_case(
        [
            ("a", Range(10, 20), "q"),
            ("a", Range(1, 2), "r"),
            ("a", Range(3, 4), "r"),
            ("b", Range(30, 40), "q"),
        ],
        {"a": 50, "b": 50},
        questions,
    )
    results = evaluate_with(case, {})
    np.testing.assert_allclose(results["q"].normalized_weights, [0.5, 0.5])
    np.testing.assert_allclose(results["r"].normalized_weights, [0.5, 0.5])


def test_weights_not_given_keep_the_case_defaults() -> None:
    """It takes a source's default weight from the case when the weights leave it out."""
    case = make_case([("a", Range(10, 20)), ("b", Range(30, 40))], {"a": 20, "b": 60})
    np.testing.assert_allclose(result(case).normalized_weights, [0.25, 0.75])
    np.testing.assert_allclose(result(case, {"a": 60}).normalized_weights, [0.5, 0.5])


def test_every_weight_zero_gives_no_estimate() -> None:
    """It reports `no_weight` and no figures when every claim of a question weighs 0."""
    questions = [Question("q", "Q", "", 0, 100), Question("r", "R", "", 0, 10)]
    case = make_case(
        [("a", Range(10, 20), "q"), ("b", Range(1, 2), "r")],
        {"a": 0, "b": 50},
        questions,
    )
    results = evaluate_with(case, {})
    for method in METHODS:
        empty = results["q"].pooled[method]
        assert empty == NoEstimate(method)
        assert empty.status == Status.NO_WEIGHT
        assert results["r"].pooled[method].status == Status.OK
    np.testing.assert_array_equal(results["q"].normalized_weights, [0.0])
    assert len(results["q"].claim_summaries) == 1


def test_a_question_without_claims_has_no_estimate() -> None:
    """It reports `no_weight` for a question no claim speaks to."""
    questions = [Question("q", "Q", "", 0, 100), Question("r", "R", "", 0, 10)]
    case = make_case([("a", Range(10, 20), "q")], {"a": 50}, questions)
    assert evaluate_with(case, {})["r"].pooled["linear"].status == Status.NO_WEIGHT


def test_normalized_is_all_zero_without_weight() -> None:
    """It returns zero shares, not NaN, when nothing carries weight."""
    np.testing.assert_array_equal(normalized(np.zeros(3)), np.zeros(3))


def test_an_unknown_method_is_refused() -> None:
    """It refuses a pooling method other than linear or log."""
    case = make_case([("a", Range(10, 20))], {"a": 50})
    distributions = claim_distributions(case, "q", default_settings(case))
    with pytest.raises(ValueError, match="geometric"):
        pool(distributions, np.array([1.0]), "geometric")  # type: ignore[arg-type]


# --- the pools against closed forms -----------------------------------------------------


def test_the_linear_pool_mean_is_the_weighted_mean_of_claim_means() -> None:
    """It mixes the claims: the pool's mean is the weighted mean of their means."""
    case = make_case(
        [
            ("a", Range(10, 20)),
            ("b", AtLeast(50)),
            ("c", AtMost(30)),
            ("a", Range(60, 90)),
        ],
        {"a": 70, "b": 20, "c": 45},
    )
    res = result(case)
    means = np.array([s.mean for s in res.claim_summaries])
    summary = summary_of(res.pooled["linear"])
    assert summary is not None
    assert summary.mean == pytest.approx(float(res.normalized_weights @ means), rel=1e-9)


def test_the_linear_pool_of_one_claim_is_that_claim() -> None:
    """It returns a lone claim's own distribution from either pool."""
    res = result(make_case([("a", AtLeast(41))], {"a": 10}))
    for method in METHODS:
        assert summaries_close(summary_of(res.pooled[method]), res.claim_summaries[0])


@pytest.mark.parametrize("weights", [(30, 70), (50, 50), (90, 10)])
def test_the_log_pool_of_two_normals_is_their_precision_weighted_normal(
    weights: tuple[float, float],
) -> None:
    """It pools two normal readings by the log pool into the precision-weighted normal."""
    low, high = -1000, 1000
    q = Question("q", "Q", "", low, high)
    ranges = [(20, 40), (50, 80)]
    case = make_case(
        [("a", Range(*ranges[0])), ("b", Range(*ranges[1]))],
        {"a": weights[0], "b": weights[1]},
        [q],
    )
    shares = np.array(weights) / sum(weights)
    means = [(a + b) / 2 for a, b in ranges]
    precisions = [((2 * Z_95) / (b - a)) ** 2 for a, b in ranges]
    precision = sum(v * p for v, p in zip(shares, precisions, strict=True))
    mean = sum(v * p * m for v, p, m in zip(shares, precisions, means, strict=True)) / precision
    sd = 1 / math.sqrt(precision)
    summary = summary_of(result(case).pooled["log"])
    assert summary is not None
    tolerance = 0.002 * (high - low)
    assert summary.median == pytest.approx(mean, abs=tolerance)
    assert summary.p05 == pytest.approx(mean - Z_95 * sd, abs=tolerance)
    assert summary.p95 == pytest.approx(mean + Z_95 * sd, abs=tolerance)
    assert summary.mean == pytest.approx(mean, rel=0.005)


def test_the_log_pool_of_two_normals_matches_closely_on_a_narrow_domain() -> None:
    """It gets the precision-weighted normal to well within the spec on a snug domain too."""
    q = Question("q", "Q", "", 0, 200)
    case = make_case([("a", Range(20, 40)), ("b", Range(50, 80))], {"a": 1, "b": 1}, [q])
    precisions = [((2 * Z_95) / 20) ** 2, ((2 * Z_95) / 30) ** 2]
    mean = (precisions[0] * 30 + precisions[1] * 65) / sum(precisions)
    sd = 1 / math.sqrt(sum(precisions) / 2)
    summary = summary_of(result(case).pooled["log"])
    assert summary is not None
    assert summary.median == pytest.approx(mean, abs=0.4)
    assert summary.p05 == pytest.approx(mean - Z_95 * sd, abs=0.4)
    assert summary.p95 == pytest.approx(mean + Z_95 * sd, abs=0.4)


def test_the_log_pool_does_not_let_an_underflowing_tail_veto() -> None:
    """It pools in log space, so a claim whose tail underflows to 0 vetoes no region."""
    case = make_case(
        [("far", Range(10, 10.5)), ("broad", AtLeast(0))],
        {"far": 0.05, "broad": 100},
    )
    res = result(case)
    own = res.distributions.masses()[0]
    assert (own == 0).any(), "the narrow claim's own tail should underflow in linear space"
    pooled = res.pooled[Method.LOG]
    assert isinstance(pooled, Estimate)
    masses = pooled.masses
    assert (masses > 0).all()
    assert masses.sum() == pytest.approx(1)


# --- properties --------------------------------------------------------------------------


@st.composite
def readings(draw: st.DrawFn, low: float = 0, high: float = 100) -> Reading:
    """A valid reading on [low, high]."""
    kind = draw(st.sampled_from(["range", "at_least", "at_most"]))
    number = st.floats(low, high, exclude_min=kind == "at_most")
    if kind == "at_least":
        return AtLeast(draw(number.filter(lambda a: a < high)))
    if kind == "at_most":
        return AtMost(draw(number))
    a = draw(st.floats(low, high - 0.01))
    b = draw(st.floats(a + 0.01, high))
    return Range(a, b)


@st.composite
def weighted_cases(draw: st.DrawFn, scale: str | None = None) -> Case:
    """A one-question case with 1-5 claims from up to 3 sources, weights in 0..100."""
    scale = scale or draw(st.sampled_from(["linear", "log"]))
    q = Question("q", "Q", "", 1, 1000, scale)
    sources = draw(st.lists(st.sampled_from("abc"), min_size=1, max_size=5))
    claims = [(s, draw(readings(1, 1000))) for s in sources]
    weight = st.one_of(st.just(0.0), st.floats(1e-6, 100))
    weights = {s: draw(weight) for s in "abc"}
    return make_case(claims, weights, [q])


@settings(max_examples=100, deadline=None)
@given(
    sources=st.lists(st.sampled_from("abcd"), min_size=1, max_size=8),
    weights=st.fixed_dictionaries({s: st.floats(0, 100, allow_subnormal=False) for s in "abcd"}),
)
def test_normalized_weights_sum_to_1(sources: list[str], weights: dict[str, float]) -> None:
    """It gives each claim a share in 0..1, the shares summing to 1 whenever any weight is > 0."""
    case = make_case([(s, Range(1, 2)) for s in sources], weights)
    claims = case.claims
    shares = evaluate_with(case)["q"].normalized_weights
    assert ((shares >= 0) & (shares <= 1)).all()
    if any(weights[s] > 0 for s in sources):
        assert shares.sum() == pytest.approx(1)
        for source in set(sources):
            mine = [v for v, c in zip(shares, claims, strict=True) if c.source == source]
            assert mine == pytest.approx([mine[0]] * len(mine))
    else:
        assert (shares == 0).all()


@settings(max_examples=50, deadline=None)
@given(case=weighted_cases(), factor=st.floats(0.01, 1))
def test_scaling_every_weight_changes_nothing(case: Case, factor: float) -> None:
    """It depends only on the ratios of the weights: scaling them all changes no figure."""
    defaults = case.default_weights()
    assume(sum(defaults.values()) * factor > 0)
    base = result(case)
    scaled = result(case, {s: w * factor for s, w in defaults.items()})
    np.testing.assert_allclose(scaled.normalized_weights, base.normalized_weights, rtol=1e-9)
    for method in METHODS:
        assert scaled.pooled[method].status == base.pooled[method].status
        assert summaries_close(
            summary_of(scaled.pooled[method]), summary_of(base.pooled[method]), 1e-6
        )


@settings(max_examples=50, deadline=None)
@given(case=weighted_cases(), silenced=st.sampled_from("abc"))
def test_a_source_at_zero_is_the_same_as_its_claims_removed(case: Case, silenced: str) -> None:
    """It gives a source at weight 0 no say: the pools equal those of the case without it."""
    weights = {**case.default_weights(), silenced: 0.0}
    kept = tuple(c for c in case.claims if c.source != silenced)
    assume(kept and any(weights[c.source] > 0 for c in kept))
    without = Case(case.title, case.questions, case.sources, kept)
    with_zero = result(case, weights)
    removed = result(without, weights)
    shares = [
        share
        for claim, share in zip(case.claims, with_zero.normalized_weights, strict=True)
        if claim.source != silenced
    ]
    np.testing.assert_allclose(shares, removed.normalized_weights, rtol=1e-12)
    assert sum(shares) == pytest.approx(1)
    for method in METHODS:
        assert summaries_close(
            summary_of(with_zero.pooled[method]), summary_of(removed.pooled[method])
        )


@settings(max_examples=100, deadline=None)
@given(case=weighted_cases())
def test_summaries_are_ordered_and_inside_the_domain(case: Case) -> None:
    """It gives p05 <= median <= p95, all inside the domain, for every claim and pool."""
    res = result(case)
    q = case.questions[0]
    pools = [p.summary for p in res.pooled.values() if isinstance(p, Estimate)]
    for s in [*res.claim_summaries, *pools]:
        assert q.min - 1e-9 <= s.p05 <= s.median <= s.p95 <= q.max + 1e-9
        assert q.min - 1e-9 <= s.mean <= q.max + 1e-9
    total = sum(case.default_weights()[c.source] for c in case.claims)
    if total > 0:
        assert res.normalized_weights.sum() == pytest.approx(1)
        assert all(p.status == Status.OK for p in res.pooled.values())
        for p in res.pooled.values():
            assert isinstance(p, Estimate)
            assert p.masses.sum() == pytest.approx(1)
    else:
        assert all(p.status == Status.NO_WEIGHT for p in res.pooled.values())


@settings(max_examples=100, deadline=None)
@given(
    centre=st.floats(0.5, 99.5),
    width=st.floats(0.5, 2),
    share=st.floats(1e-6, 1e-3),
    broad=readings().filter(lambda r: r.kind != "range" or r.high - r.low >= 60),
)
def test_a_far_tiny_weight_claim_never_zeroes_a_region(
    centre: float, width: float, share: float, broad: Reading
) -> None:
    """It keeps every cell of the log pool positive under a narrow claim with a tiny weight."""
    low = min(max(centre - width / 2, 0), 100 - width)
    narrow = Range(low, low + width)
    case = make_case([("far", narrow), ("broad", broad)], {"far": share, "broad": 1 - share})
    res = result(case)
    pooled = res.pooled[Method.LOG]
    assert isinstance(pooled, Estimate)
    masses = pooled.masses
    assert (masses > 0).all()
    assert np.isfinite(res.distributions.log_masses).all()
