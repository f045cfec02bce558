"""Test cases for the sentences beside the estimate: what it rests on most, the claims that
say little, the answer in estimative words and what rests on the bounds."""

from __future__ import annotations

from dashboard.case import Case, load_case_bytes
from dashboard.engine.pooling import Method, evaluate_question
from dashboard.engine.settings import settings_for
from dashboard.view.model import Headline, build_view
from dashboard.view.wording import estimative_words
from tests.factories import analyst_case
from tests.support.views import view_of


def test_the_headline_names_what_the_estimate_rests_on_most(refusals: Case):
    view = view_of(refusals, "refusal_count", Method.LINEAR)
    assert isinstance(view.headline, Headline)
    top = view.charts.influence.iloc[0]["source"]
    assert any(f"rests most on {top}" in s for s in view.headline.sentences)


def test_a_relay_that_moves_the_estimate_most_is_named_as_a_relay(refusals: Case) -> None:
    """On the count RFE/RL makes one claim and carried most of the others: the sentence
    says how many of each instead of implying it spoke them all."""
    view = view_of(refusals, "refusal_count", Method.LINEAR)
    assert isinstance(view.headline, Headline)
    top = view.charts.influence.iloc[0]
    claims = refusals.claims_on("refusal_count")
    carried = sum(1 for c in claims if top["source_id"] in refusals.source(c.source).via)
    made = sum(1 for c in claims if c.source == top["source_id"])
    sentence = next(s for s in view.headline.sentences if "rests most on" in s)
    did = f"made {made} and carried {carried}" if made else f"carried {carried}"
    assert carried and f"which {did} of the {len(claims)} claims on this question" in sentence
    assert f"{top['share']:.0%} of the weight passes through it" in sentence


VAGUE = b"""
title: A vague claim
questions:
  - {id: n, text: A count, unit: people, min: 1, max: 200000, scale: log}
sources:
  - {id: a, name: Agency, weight: 50}
  - {id: w, name: Witnesses, weight: 50}
claims:
  - {source: a, question: n, quote: hundreds, reading: {range: [200, 900]}}
  - {source: w, question: n, quote: at least one, reading: {at_least: 1}}
"""
"""A claim (at least one person) that says almost nothing on a log question: the point of
the test below, so it stays beside it."""


def test_a_claim_that_says_little_is_marked_and_explained():
    case = load_case_bytes(VAGUE, "vague.yaml")
    view = view_of(case, "n", Method.LINEAR)
    assert [c.vague for c in view.cards] == [False, True]
    assert isinstance(view.headline, Headline)
    assert any("say little" in s and "widen" in s for s in view.headline.sentences)


def test_the_answer_says_the_engines_p_above_in_estimative_words() -> None:
    """ "Likely (78%): more than ...": the words and percentage of the engine's p_above for
    the method on screen, the threshold with its unit, and whose threshold it is."""
    case = analyst_case()
    for method in Method:
        state = settings_for(case, thresholds={"aboard": 200})
        view = build_view(case, "ferry", "aboard", method, state)
        p_above = evaluate_question(case, "aboard", state).p_above(method)
        assert isinstance(view.headline, Headline) and p_above is not None
        words = estimative_words(p_above).capitalize()
        assert view.headline.answer.startswith(
            f"{words} ({round(100 * p_above)}%): more than 200 people (your threshold), by the "
        )
    without = build_view(case, "ferry", "aboard", Method.LINEAR, settings_for(case))
    assert isinstance(without.headline, Headline) and without.headline.answer == ""


def test_the_bound_sentence_names_the_bound_its_sources_and_the_moved_interval() -> None:
    """With `at_least` claims carrying the weight, the headline names the upper bound, the
    sources that reach it and the interval of the same state with the bound moved halfway."""
    case = analyst_case()
    weights = {"police": 100, "survivor": 0}
    view = build_view(case, "ferry", "aboard", Method.LINEAR, settings_for(case, weights=weights))
    assert isinstance(view.headline, Headline)
    (sentence,) = view.headline.bound_sentences
    assert sentence.startswith(
        "The interval's upper end rests on the question's upper bound, 2,000 people: "
        "Gazette, Police read “more than”"
    )
    # `export --weights police:100,survivor:0 --bounds aboard=10:1095.445` gives the
    # mixture's p05 and p95 of the moved state as 187 and 988.
    assert sentence.endswith(
        "to 1,100 people, the 90% interval of the mixture (linear pool) would be 187–988 people."
    )
    assert view.judgment.bounds == view.judgment.case_bounds == (10, 2000)
