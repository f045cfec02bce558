"""Test cases for the disagreement module: the disagreeing pair of spec section 10."""

from __future__ import annotations

import csv
import io

import pytest

from dashboard.case import Case, load_case_bytes
from dashboard.engine.disagreement import disagreeing_pair
from dashboard.engine.pooling import Method, evaluate_question
from dashboard.engine.settings import Settings, default_settings, settings_for
from dashboard.export import csv_bytes
from dashboard.view.model import Headline, build_view
from tests.factories import CROWD_CASE as CROWD


@pytest.fixture(scope="module")
def crowd() -> Case:
    return load_case_bytes(CROWD, "crowd.yaml")


def pair_of(case: Case, settings: Settings, question_id: str = "crowd") -> str:
    pair = disagreeing_pair(evaluate_question(case, question_id, settings))
    return pair.pair_text() if pair else ""


def test_two_trusted_sources_far_apart_are_the_disagreeing_pair(crowd: Case) -> None:
    """The police and the organisers, both trusted, with intervals far apart, disagree."""
    assert pair_of(crowd, default_settings(crowd)) == "police-1 vs organisers-1"


@pytest.mark.parametrize("method", list(Method))
def test_the_headline_names_both_sources_under_either_method(crowd: Case, method: Method) -> None:
    """Beside the estimate, under either pool: both sources, their intervals and shares, and
    that the consensus lies where neither of them puts it."""
    settings = default_settings(crowd)
    view = build_view(crowd, "crowd", "crowd", method, settings, settings)
    assert isinstance(view.headline, Headline)
    sentence = next(s for s in view.headline.sentences if "disagree" in s)
    assert "City police (12,000–18,000 people, 50% of the weight)" in sentence
    assert "The organisers (65,000–85,000 people, 50% of the weight)" in sentence
    assert "sits where neither of them puts it" in sentence


def test_the_consensus_note_is_left_out_when_it_lies_inside_one_interval() -> None:
    """With the organisers' claim vague and the police trusted far more, the consensus falls
    inside the police's interval: the pair is still named, without the note."""
    vague = load_case_bytes(CROWD.replace(b"[65000, 85000]", b"[50000, 500000]"), "vague.yaml")
    settings = settings_for(vague, weights={"police": 100, "organisers": 12})
    view = build_view(vague, "crowd", "crowd", Method.LOG, settings, default_settings(vague))
    assert isinstance(view.headline, Headline)
    sentence = next(s for s in view.headline.sentences if "disagree" in s)
    assert "neither" not in sentence


def test_a_claim_under_a_tenth_of_the_weight_cannot_disagree(crowd: Case) -> None:
    """The organisers at 10 against the police at 100 carry under 10%: no pair."""
    settings = settings_for(crowd, weights={"organisers": 10})
    assert pair_of(crowd, settings) == ""


def test_a_tenth_of_the_weight_is_enough(crowd: Case) -> None:
    """Exactly 10% (compared at six significant digits) counts: 100 against 900/9."""
    settings = settings_for(crowd, weights={"police": 90, "organisers": 10})
    shares = evaluate_question(crowd, "crowd", settings).normalized_weights
    assert shares[1] == pytest.approx(0.1)
    assert pair_of(crowd, settings) == "police-1 vs organisers-1"


def test_overlapping_or_touching_intervals_never_disagree() -> None:
    """Intervals 1% of the span apart or less (here they touch) are not a disagreement."""
    touching = CROWD.replace(b"[12000, 18000]", b"[40000, 65000]")
    case = load_case_bytes(touching, "touching.yaml")
    assert pair_of(case, default_settings(case)) == ""


def test_the_heaviest_pair_is_named_and_ties_go_to_file_order(crowd: Case) -> None:
    """With the reporter moved far off and trusted, the pair is the heaviest one; between
    equal pairs, the one whose claims come first in the file."""
    far = CROWD.replace(b"[2000, 90000]", b"[300, 600]")
    case = load_case_bytes(far, "far.yaml")
    heavy_reporter = settings_for(case, weights={"reporter": 100, "organisers": 60})
    assert pair_of(case, heavy_reporter) == "police-1 vs reporter-1"
    equal = settings_for(case, weights={"reporter": 100})
    assert pair_of(case, equal) == "police-1 vs organisers-1"


def test_the_csv_names_the_pair_on_combined_rows_only(crowd: Case) -> None:
    """The `disagreement` column holds the pair on both combined rows, nothing on claims."""
    rows = list(csv.DictReader(io.StringIO(csv_bytes(crowd, default_settings(crowd)).decode())))
    assert {r["disagreement"] for r in rows if r["row_type"] == "claim"} == {""}
    combined = [r["disagreement"] for r in rows if r["row_type"] == "combined"]
    assert combined == ["police-1 vs organisers-1"] * 2


def test_no_sentence_without_a_pair(crowd: Case) -> None:
    """Nothing else triggers the sentence: one trusted source, no disagreement said."""
    settings = settings_for(crowd, weights={"organisers": 0})
    for method in Method:
        view = build_view(crowd, "crowd", "crowd", method, settings, default_settings(crowd))
        assert isinstance(view.headline, Headline)
        assert not any("disagree" in s for s in view.headline.sentences)
