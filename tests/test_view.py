"""Test cases for the view model: what the page says, for one state, without Streamlit."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import get_args

import pytest

from dashboard.case import Case, Range, load_case_bytes, load_case_file
from dashboard.engine.pooling import Method, evaluate_question
from dashboard.engine.settings import Settings, default_settings, settings_for
from dashboard.engine.weights import Switches
from dashboard.view.cards import CARDS_SHOWN
from dashboard.view.chart_views import chart_spec, chart_summary
from dashboard.view.charts import CHARTS, ChartName, SpecTemplates
from dashboard.view.model import Headline, NoEstimate, build_view
from dashboard.view.wording import estimative_words
from tests.factories import analyst_case, many_sources_text

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def refusals() -> Case:
    return load_case_file(DATA / "refusals.yaml")


def view_of(case: Case, question_id: str, method: Method, settings: Settings | None = None):
    defaults = default_settings(case)
    return build_view(case, "case", question_id, method, settings or defaults, defaults)


@pytest.mark.parametrize(
    ("question_id", "method", "median"),
    [
        # The command line's CSV at the defaults: 29.6528, 29.8148, 7193.17, 6818.13.
        ("refusal_share", Method.LINEAR, "29.7%"),
        ("refusal_share", Method.LOG, "29.8%"),
        ("refusal_count", Method.LINEAR, "7,190 people"),
        ("refusal_count", Method.LOG, "6,820 people"),
    ],
)
def test_headline_states_the_engines_median(
    refusals: Case, question_id: str, method: Method, median: str
):
    """The headline's median is the engine's (as the CSV has it), to three figures with the
    question's unit."""
    view = view_of(refusals, question_id, method)
    assert isinstance(view.headline, Headline)
    assert view.headline.median == median
    assert view.headline.shift == "no change"


def test_counts_are_whole_numbers(refusals: Case):
    """A head count is written as whole people, never '7.09 people'."""
    view = view_of(refusals, "refusal_count", Method.LINEAR)
    assert isinstance(view.headline, Headline)
    assert "." not in view.headline.median and "." not in view.headline.interval


def test_no_weight_gives_no_estimate(refusals: Case):
    settings = replace(
        default_settings(refusals), weights=dict.fromkeys(refusals.default_weights(), 0.0)
    )
    view = view_of(refusals, "refusal_share", Method.LINEAR, settings)
    assert isinstance(view.headline, NoEstimate)


def test_sources_without_a_claim_on_the_question_are_set_apart(refusals: Case):
    """Sliders are grouped: sources speaking on the question, relays of those, the rest."""
    view = view_of(refusals, "refusal_share", Method.LINEAR)
    speaking = {c.source for c in refusals.claims_on("refusal_share")}
    groups = {c.source_id: c.group for c in view.controls}
    assert {s for s, g in groups.items() if g == "speaks"} == speaking
    assert "rferl" in {s for s, g in groups.items() if g == "relay"}
    assert any(g == "silent" for g in groups.values())


def test_the_headline_names_what_the_estimate_rests_on_most(refusals: Case):
    view = view_of(refusals, "refusal_count", Method.LINEAR)
    assert isinstance(view.headline, Headline)
    top = view.charts.influence.iloc[0]["source"]
    assert any(f"rests most on {top}" in s for s in view.headline.sentences)


def test_moved_compares_the_whole_state_switches_included(refusals: Case) -> None:
    """Turning credibility grades off moves the median: the headline says by how much, and
    the CSV's and case file's names say the settings are the reader's."""
    settings = replace(default_settings(refusals), switches=Switches(credibility=False))
    view = view_of(refusals, "refusal_share", Method.LINEAR, settings)
    assert isinstance(view.headline, Headline)
    assert view.headline.shift != "no change"
    assert view.csv_name == "case-your-settings.csv"
    assert view.case_file_name == "case-your-settings.yaml"
    fresh = view_of(refusals, "refusal_share", Method.LINEAR)
    assert fresh.csv_name == "case-defaults.csv"


def test_choosing_a_scenario_is_a_change_even_at_its_own_weights(refusals: Case) -> None:
    settings = settings_for(refusals, refusals.scenarios[0].id)
    view = view_of(refusals, "refusal_share", Method.LINEAR, settings)
    assert view.csv_name == "case-your-settings.csv"


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


@pytest.mark.parametrize("question_id", ["refusal_share", "refusal_count"])
def test_one_figure_for_the_weight_through_a_relay(refusals: Case, question_id: str) -> None:
    """The influence chart and the chain of custody give each relay the same figure (its
    claims carried and its own), which is the headline's."""
    view = view_of(refusals, question_id, Method.LINEAR)
    rows = view.charts.influence
    influence = dict(zip(rows["source_id"], rows["share"], strict=True))
    custody = view.charts.relays.groupby("relay_id")["share"].sum()
    assert len(custody) >= 1
    for relay, share in custody.items():
        assert share == pytest.approx(influence[str(relay)])


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


def test_a_reader_reading_reaches_cards_codebook_csv_and_file_name(refusals: Case):
    question = refusals.question("refusal_share")
    label = next(iter(question.codebook))
    settings = settings_for(refusals, readings={("refusal_share", label): Range(5, 20)})
    view = view_of(refusals, "refusal_share", Method.LINEAR, settings)
    entry = next(e for e in view.codebook if e.label == label)
    assert entry.origin == "reader" and entry.reading_text == "range 5-20"
    assert any(card.origin == "your reading" for card in view.cards)
    assert b",reader," in view.csv
    assert view.csv_name.endswith("your-settings.csv")


def test_points_of_view_list_defaults_each_scenario_and_the_reader(refusals: Case):
    view = view_of(refusals, "refusal_share", Method.LINEAR)
    kinds = list(view.charts.points_of_view["kind"])
    assert kinds[0] == "defaults" and kinds[-1] == "current"
    assert kinds.count("scenario") == len(refusals.scenarios) >= 3


def test_sweep_runs_the_top_mover_from_0_to_100(refusals: Case):
    view = view_of(refusals, "refusal_count", Method.LINEAR)
    sweep = view.charts.sweep
    assert list(sweep["weight"])[0] == 0 and list(sweep["weight"])[-1] == 100
    assert sweep["current"].sum() <= 1
    assert view.charts.sweep_source == view.charts.influence.iloc[0]["source"]


def test_evidence_groups_are_tied_on_cards(refusals: Case):
    view = view_of(refusals, "refusal_count", Method.LINEAR)
    tied = [c for c in view.cards if c.evidence]
    assert len(tied) >= 2
    assert all(c.tied_with for c in tied)


def test_chart_rows_are_computed_only_when_a_chart_reads_them(refusals: Case) -> None:
    """A slider move pays for the open chart's rows only; the others wait to be read."""
    view = view_of(refusals, "refusal_count", Method.LINEAR)
    lazy = ("_forest", "_density", "markers", "_influence", "sweep", "swings")
    assert not [name for name in lazy if name in vars(view.charts)]
    assert not view.charts.forest.empty
    assert "_forest" in vars(view.charts) and "points_of_view" not in vars(view.charts)


def test_at_most_forty_cards_are_unfolded_those_with_the_largest_shares() -> None:
    """With many claims, the cards shown unfolded are the 40 largest shares (as the forest
    chart draws them), in case order; the others are kept, in case order, to show folded."""
    case = load_case_bytes(many_sources_text(60).encode(), "many.yaml")
    view = view_of(case, "share", Method.LINEAR)
    everything = view.cards + view.more_cards
    assert len(view.cards) == CARDS_SHOWN and len(everything) == len(case.claims_on("share"))
    assert min(c.share for c in view.cards) >= max(c.share for c in view.more_cards)
    order = [c.id for c in case.claims_on("share")]
    for part in (view.cards, view.more_cards):
        ids = [c.claim_id for c in part]
        assert ids == sorted(ids, key=order.index)


def test_each_quote_card_shows_the_passage_of_its_own_document(refusals: Case) -> None:
    """In a case with several documents, a card's passage comes from its claim's document and
    the card names that document; a single-document case names none."""
    folder = Path(__file__).resolve().parent / "fixtures" / "two-documents"
    view = view_of(load_case_file(folder / "roads.yaml"), "closed", "linear")
    cards = {card.claim_id: card for card in (*view.cards, *view.more_cards)}
    assert cards["council-count"].document == "Thaw bulletin"
    assert cards["reporter-count"].document == "Morning call-in"
    reporter = cards["reporter-count"].passage
    assert reporter is not None and reporter.before.startswith("Our own reporter drove")
    council = cards["council-count"].passage
    assert council is not None and council.before == "The district council said that "
    single = view_of(refusals, "refusal_share", "linear")
    assert {card.document for card in single.cards} == {""}


# --- the bounds and the answer in estimative words (spec sections 12, 13) ---------------------


@pytest.mark.parametrize(
    ("p_above", "words"),
    [
        (0.0, "almost no chance"),
        (0.049999, "almost no chance"),
        (0.05, "very unlikely"),
        (0.199999, "very unlikely"),
        (0.2, "unlikely"),
        (0.449999, "unlikely"),
        (0.45, "roughly even chance"),
        (0.55, "roughly even chance"),
        (0.550001, "likely"),
        (0.8, "likely"),
        (0.800001, "very likely"),
        (0.95, "very likely"),
        (0.9500001, "very likely"),
        (0.950001, "almost certain"),
        (1.0, "almost certain"),
    ],
)
def test_a_probability_is_said_in_the_words_of_icd_203(p_above: float, words: str) -> None:
    """The words of section 13, at both sides of each boundary, judged on p_above as the CSV
    writes it (0.9500001 is written 0.95)."""
    assert estimative_words(p_above) == words


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


def test_the_control_refuses_bounds_that_leave_out_a_reading() -> None:
    """The control's fields are checked by sections 12 and 13 in the view's state."""
    case = analyst_case()
    view = build_view(case, "ferry", "aboard", Method.LINEAR, settings_for(case))
    assert view.judgment_from_fields((10, 5000), 300.0) == ((10, 5000), 300.0)
    refused = view.judgment_from_fields((100, 5000), None)
    assert isinstance(refused, str) and "leave out the reading" in refused
    outside = view.judgment_from_fields((10, 5000), 6000.0)
    assert isinstance(outside, str) and "between its bounds 10 and 5000" in outside


def test_a_card_carries_the_cases_translation_of_its_quote() -> None:
    """A claim's translation reaches its card and the codebook's list of quotes."""
    case = analyst_case()
    claims = tuple(replace(c, translation=f"in English: {c.id}") for c in case.claims)
    translated = replace(case, claims=claims)
    view = build_view(translated, "ferry", "aboard", Method.LINEAR, settings_for(translated))
    assert [card.translation for card in view.cards] == [
        f"in English: {c.id}" for c in translated.claims_on("aboard")
    ]
    crowded = next(entry for entry in view.codebook if entry.label == "crowded")
    assert crowded.quotes == (("e", "in English: su"), ("g", "in English: bl"))


def test_a_charts_axis_follows_the_readers_bounds_through_a_shared_template() -> None:
    """Views that differ only in the bounds share a case's templates, yet each chart's axis
    spans the bounds in force."""
    case = analyst_case()
    templates = SpecTemplates()
    for bounds in ({}, {"aboard": (5.0, 9000.0)}):
        view = build_view(case, "ferry", "aboard", Method.LINEAR, settings_for(case, bounds=bounds))
        low, high = bounds.get("aboard", (10.0, 2000.0))
        for name in ("forest", "density"):
            layout = {
                k: v for k, v in chart_spec(view, case, name, templates).items() if k != "datasets"
            }
            text = json.dumps(layout)
            assert f'"domain": [{low}, {high}]' in text, name


def test_every_chart_is_described_and_summed_up_for_a_screen_reader(refusals: Case) -> None:
    """A chart's description (its name for a screen reader) says what it shows and on which
    question, and stays the same when a weight moves (the browser then takes new rows in
    place); its summary gives the estimate's figures now (issue 27)."""
    view = view_of(refusals, "refusal_share", Method.LINEAR)
    defaults = default_settings(refusals)
    no_cit = replace(defaults, weights={**defaults.weights, "cit": 0.0})
    moved = view_of(refusals, "refusal_share", Method.LINEAR, no_cit)
    assert moved.headline != view.headline
    head = view.headline
    assert isinstance(head, Headline)
    templates = SpecTemplates()
    for name in get_args(ChartName):
        description = chart_spec(view, refusals, name, templates)["description"]
        assert description.startswith(CHARTS[name].description), name
        assert view.question.text in description, name
        assert chart_spec(moved, refusals, name, templates)["description"] == description
        summary = chart_summary(view, name)
        assert head.median in summary and head.interval in summary, name
        assert "Show data" in summary
