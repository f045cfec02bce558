"""Test cases for the quote cards' words: each grade in words with what it does."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from dashboard.case import Case, load_case_bytes, load_case_file
from dashboard.engine.pooling import Method
from dashboard.engine.settings import settings_for
from dashboard.view.cards import CARDS_SHOWN, reliability_text
from dashboard.view.model import build_view
from tests.factories import analyst_case, many_sources_text
from tests.support.views import view_of


def test_grades_are_written_in_words_with_what_they_do() -> None:
    """A reliability grade reads as its letter, its words and the weight it suggests."""
    assert reliability_text("B") == "B, usually reliable (weights from grades: 75)"
    assert reliability_text(None) == ""


def test_evidence_groups_are_tied_on_cards(refusals: Case):
    view = view_of(refusals, "refusal_count", Method.LINEAR)
    tied = [c for c in view.cards if c.evidence]
    assert len(tied) >= 2
    assert all(c.tied_with for c in tied)


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
    folder = Path(__file__).resolve().parents[1] / "fixtures" / "two-documents"
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
