"""Test cases for the charts' rows (dashboard/view/charts/: rows and each chart's rows
function): sources named as people read them, the heaviest kept, figures as the engine
gives them."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from dashboard.case import Range
from dashboard.engine.pooling import Estimate, Method, evaluate_question
from dashboard.engine.settings import settings_for
from dashboard.view.charts.custody import relay_rows
from dashboard.view.charts.forest import forest_rows
from dashboard.view.charts.rows import largest, significant, source_labels, truncate
from tests.factories import make_case

CASE = make_case(
    [("low", Range(10, 20)), ("low", Range(12, 18)), ("high", Range(60, 80))],
    {"low": 50, "high": 50, "wire": 100},
    via={"high": ("wire",)},
)


def test_a_source_is_labelled_by_its_name_and_by_its_id_when_a_name_is_shared() -> None:
    twins = make_case([("a", Range(1, 2)), ("b", Range(1, 2))], {"a": 50, "b": 50})
    named = {s.id: s for s in twins.sources}
    assert source_labels(twins) == {"a": named["a"].name, "b": named["b"].name}
    same = replace(twins, sources=tuple(replace(s, name="Agency") for s in twins.sources))
    assert source_labels(same) == {"a": "Agency (a)", "b": "Agency (b)"}


def test_the_largest_are_kept_and_one_left_out_is_not_worth_it() -> None:
    values = np.array([0.1, 0.5, 0.2, 0.4])
    assert list(largest(values, 2)) == [False, True, False, True]
    assert list(largest(values, 3)) == [True, True, True, True]


def test_a_long_quote_is_cut_at_a_word_with_an_ellipsis() -> None:
    quote = "word " * 60
    cut = truncate(quote, 50)
    assert len(cut) <= 50 and cut.endswith("…") and not cut.endswith(" …")
    assert truncate("  short\n quote ") == "short quote"


def test_figures_are_rounded_to_significant_digits() -> None:
    assert list(significant(np.array([123456.0, 0.00123456, 0.0]), 3)) == [123000.0, 0.00123, 0.0]


def test_the_forest_has_a_row_per_claim_and_one_per_pool_with_the_engines_figures() -> None:
    settings = settings_for(CASE)
    result = evaluate_question(CASE, "q", settings)
    rows, hidden = forest_rows(CASE, result)
    claims = rows[rows["row_type"] == "claim"]
    pooled = rows[rows["row_type"] == "pooled"]
    assert hidden == 0
    assert list(claims["claim_id"]) == [c.id for c in CASE.claims]
    assert list(claims["share"]) == pytest.approx(list(result.normalized_weights))
    assert len(set(claims["row"])) == 3  # the two claims of one source are numbered apart
    linear = result.pooled[Method.LINEAR]
    assert isinstance(linear, Estimate)
    mixture = pooled[pooled["method"] == "linear"].iloc[0]
    assert mixture["median"] == pytest.approx(linear.summary.median)


def test_the_chain_of_custody_gives_each_relay_what_passed_through_it() -> None:
    """`wire` carried `high`'s one claim, which holds half the weight (both sources at 50)."""
    settings = settings_for(CASE)
    result = evaluate_question(CASE, "q", settings)
    rows = relay_rows(CASE, result, dict(settings.weights))
    assert list(rows["relay_id"]) == ["wire"]
    assert list(rows["source_id"]) == ["high"]
    assert rows.iloc[0]["share"] == pytest.approx(0.5)
    assert rows.iloc[0]["relay_weight"] == 100
