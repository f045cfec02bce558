"""Test cases for the re-read of the bundled refusal case against its article (issue 25, "The
case, against the article", items 1-8): each fix that a test can hold, held."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from dashboard.case import (
    AtLeast,
    Case,
    Claim,
    Range,
    Reading,
    collapse_whitespace,
    load_case_file,
)
from dashboard.engine.settings import Settings, default_settings, settings_for
from dashboard.engine.weights import Switches, effective_weights
from dashboard.export import csv_bytes

DATA = Path(__file__).resolve().parents[2] / "data"
COLUMNIST_SENTENCE = (
    "This seems a bit too good to be true, but it also comes with some evidentiary support "
    "— from Vladimir Putin’s government."
)
DOCUMENTED_FLOOR = 1000
"""Agora's "more than 1,000": the one counted figure in the article."""


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case_file(DATA / "refusals.yaml")


@pytest.fixture(scope="module")
def article(case: Case) -> str:
    assert case.document is not None and case.document.text is not None
    return collapse_whitespace(case.document.text)


def claim_by_id(case: Case, claim_id: str) -> Claim:
    return next(c for c in case.claims if c.id == claim_id)


def claims_quoting(case: Case, words: str) -> list[Claim]:
    return [c for c in case.claims if words in collapse_whitespace(c.quote)]


def label_reading(case: Case, claim: Claim) -> Reading:
    label = claim.reading.label
    return case.question(claim.question).codebook[label].reading if label else claim.reading


# --- 1. the date -------------------------------------------------------------------------------


def test_the_date_is_not_the_video_items_and_is_said_to_be_inferred(case: Case) -> None:
    """ "2024-11-20" is an unrelated video item's byline; the case says its date is inferred,
    and from what the article says."""
    assert case.document is not None
    date = case.document.date
    assert "2024" not in date and "11-20" not in date
    assert "2022" in date
    assert "inferred" in date.lower() or "inferred" in case.description.lower()
    for evidence in ("February 24", "almost 40 days in combat", "a Biden administration"):
        assert evidence in case.description, evidence


# --- 2. the columnist's sentence ---------------------------------------------------------------


def test_no_claim_cuts_the_columnists_sentence_before_its_but(case: Case, article: str) -> None:
    """ "This seems a bit too good to be true" goes on "but it also comes with some evidentiary
    support": a claim that quotes it quotes it whole, and no reading makes him a sceptic."""
    assert COLUMNIST_SENTENCE in article
    for claim in claims_quoting(case, "too good to be true"):
        assert COLUMNIST_SENTENCE in collapse_whitespace(claim.quote), claim.id
    labels = {label for q in case.questions for label in q.codebook}
    assert "too_good_to_be_true" not in labels
    assert COLUMNIST_SENTENCE in collapse_whitespace(case.source("author").note)


def test_no_scenario_rests_on_the_columnist_as_a_sceptic(case: Case) -> None:
    """The old `sceptic` view trusted a columnist who is not a sceptic; it is gone, and no
    view gives him more weight than the case does."""
    assert "sceptic" not in {s.id for s in case.scenarios}
    author = case.source("author").weight
    assert [s.id for s in case.scenarios if s.weights.get("author", author) > author] == []


# --- 3. RFE/RL's summary -----------------------------------------------------------------------


def test_rferls_summary_shares_an_evidence_group_with_what_it_summarises(case: Case) -> None:
    """ "a significant but unknown number" summarises Agora's and CIT's material: it is counted
    once with it, not as a source of its own."""
    summary = claim_by_id(case, "rferl-count-significant")
    assert summary.evidence is not None
    summarised = {
        c.id
        for c in case.claims_on("refusal_count")
        if c.source in ("agora", "cit") and c.evidence == summary.evidence
    }
    assert summarised, "grouped with Agora's or CIT's claims"


def test_rferls_summary_does_not_start_below_the_documented_floor(case: Case) -> None:
    """Its reading starts at Agora's "more than 1,000" (an at_least, or a range's low end)."""
    reading = label_reading(case, claim_by_id(case, "rferl-count-significant"))
    assert isinstance(reading, AtLeast | Range)
    assert reading.low >= DOCUMENTED_FLOOR


def test_rferls_summary_does_not_outweigh_what_it_summarises_twice(case: Case) -> None:
    """Counted once: the summary and Agora's count together weigh as the heavier of them."""
    claims = case.claims_on("refusal_count")
    pair = ("rferl-count-significant", "agora-count-floor")
    weights = case.default_weights()
    once = effective_weights(case, claims, weights, Switches())
    each = effective_weights(case, claims, weights, Switches(shared_evidence=False))
    index = [i for i, c in enumerate(claims) if c.id in pair]
    assert len(index) == 2
    assert sum(once[i] for i in index) == pytest.approx(max(each[i] for i in index))


# --- 4. the stamp's chain ----------------------------------------------------------------------


def test_the_stamp_reaches_us_through_grebenyuk(case: Case) -> None:
    """The stamp's lines lead into "Grebenyuk said the soldier told him": its relays name him
    first, then RFE/RL."""
    assert case.source("stamp").via == ("grebenyuk", "rferl")


def test_the_stamp_is_one_soldiers_and_counts_as_one(case: Case) -> None:
    """It records one soldier's refusal (sent from Syria): read "at least one", not ten, and
    in one evidence group with Grebenyuk's account of that soldier."""
    stamp = claim_by_id(case, "stamp-count-exists")
    reading = label_reading(case, stamp)
    assert isinstance(reading, AtLeast) and reading.low <= 1
    assert stamp.evidence == claim_by_id(case, "grebenyuk-count-anecdote").evidence is not None
    assert "Syria" in case.source("stamp").note
    assert "official_stamp" not in case.question("refusal_count").codebook


# --- 5. trimmed hedges and one judgment counted once -------------------------------------------


@pytest.mark.parametrize(
    ("claim_id", "hedge"),
    [
        ("cit-share-range", "According to our estimates,"),
        ("volkov-share-mass", "They had a stamp made?"),
        ("volkov-share-mass", "Good."),
        ("volkov-count-mass", "They had a stamp made?"),
        ("volkov-count-mass", "Good."),
        ("stamp-count-exists", "official-looking"),
        ("cit-count-considerably-larger", "might be considerably larger"),
    ],
)
def test_the_quotes_keep_their_own_hedges(case: Case, claim_id: str, hedge: str) -> None:
    """CIT's "According to our estimates," and Volkov's question and "Good." are quoted."""
    assert hedge in collapse_whitespace(claim_by_id(case, claim_id).quote)


def test_volkovs_share_reading_is_not_cits_figure(case: Case) -> None:
    """ "a mass phenomenon" is read from his words, wider than CIT's 20 to 40 on both sides."""
    reading = label_reading(case, claim_by_id(case, "volkov-share-mass"))
    assert isinstance(reading, Range)
    assert reading.low < 20 and reading.high > 40
    rationale = case.question("refusal_share").codebook["mass_phenomenon"].rationale
    assert "CIT" in rationale


def test_cits_missing_method_is_judged_once(case: Case) -> None:
    """ "no stated method" grades CIT's claims, not also its reliability."""
    note = case.source("cit").note
    assert "method" not in note or "judged once" in note
    assert all("method" in c.rationale for c in case.claims if c.id == "cit-share-range")


# --- 6. Yelena ---------------------------------------------------------------------------------


def test_yelenas_account_is_second_hand(case: Case) -> None:
    """She tells of her son's refusal: second-hand, not first-hand, and graded so."""
    claim = claim_by_id(case, "yelena-count-anecdote")
    assert "second-hand" in claim.rationale
    assert "first-hand" not in claim.rationale + case.source("yelena").note
    assert claim.credibility is not None and claim.credibility >= 3
    assert "Yelena told" in claim.quote


# --- 7. what was missing -----------------------------------------------------------------------


def test_cits_severely_hampering_is_quoted(case: Case) -> None:
    """CIT's whole sentence: "the refusals could be severely hampering Russia's efforts"."""
    assert claims_quoting(case, "severely hampering Russia’s efforts to regroup")


def test_what_counts_as_a_refusal_and_the_prosecution_are_said(case: Case) -> None:
    """ "this does not constitute desertion" defines the count; "not even the threat of
    prosecution" is said to be no claim, and why."""
    assert "does not constitute desertion" in case.description
    assert "not even the threat of prosecution" in case.source("author").note


# --- 8. points of view -------------------------------------------------------------------------


def export(case: Case, settings: Settings) -> list[dict[str, str]]:
    text = csv_bytes(case, settings).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def count_row(case: Case, scenario: str | None, method: str = "linear") -> dict[str, str]:
    settings = settings_for(case, scenario=scenario) if scenario else default_settings(case)
    rows = export(case, settings)
    return next(
        r
        for r in rows
        if r["row_type"] == "combined"
        and r["question_id"] == "refusal_count"
        and r["method"] == method
    )


def test_the_scenarios_span_the_dispute_on_the_count(case: Case) -> None:
    """Only-what-is-documented sits below CIT's extrapolation; doubting the stamp and the
    sourcing makes "more than 1,000" less likely than either."""
    ids = {s.id for s in case.scenarios}
    assert {"documented_only", "cit_extrapolation", "doubt_stamp_and_sourcing"} <= ids
    documented = count_row(case, "documented_only")
    extrapolated = count_row(case, "cit_extrapolation")
    doubted = count_row(case, "doubt_stamp_and_sourcing")
    assert float(documented["median"]) < float(extrapolated["median"])
    assert float(doubted["p_above"]) < float(documented["p_above"])
    assert float(doubted["p_above"]) < float(extrapolated["p_above"])


def test_the_documented_only_view_weighs_agora_and_little_else(case: Case) -> None:
    """Agora's count carries that view; the inferences from the stamp carry nothing."""
    scenario = case.scenario("documented_only")
    weights = {**case.default_weights(), **scenario.weights}
    assert weights["agora"] == max(weights[s] for s in ("agora", "cit", "volkov", "author"))
    assert weights["volkov"] == weights["author"] == weights["stamp"] == 0


def test_the_doubting_view_gives_the_stamp_and_its_inferences_almost_nothing(case: Case) -> None:
    scenario = case.scenario("doubt_stamp_and_sourcing")
    weights = {**case.default_weights(), **scenario.weights}
    assert weights["stamp"] == weights["grebenyuk"] == 0
    assert weights["volkov"] <= 5 and weights["author"] <= 5
    assert weights["rferl"] < case.source("rferl").weight


def test_the_count_threshold_is_the_documented_floor(case: Case) -> None:
    """The count's answer turns on Agora's "more than 1,000"; the export says how likely."""
    row = count_row(case, None)
    assert float(row["threshold"]) == DOCUMENTED_FLOOR
    assert 0 < float(row["p_above"]) < 1
