"""The quote cards as escaped HTML: who said it, how it reached us, the words, the reading
and the reason for it, and the surrounding paragraph folded (style: assets/claims.css)."""

from __future__ import annotations

from collections.abc import Sequence

from dashboard.case import Passage
from dashboard.page.literal import html_text
from dashboard.view.cards import ClaimCard

NO_REASON = "No reason given by the case's author."
"""What a claim's card says where the case gives no rationale for its reading (a claim
accepted from a draft, until its author writes one)."""


def cards_html(cards: Sequence[ClaimCard]) -> str:
    return "".join(claim_card(card) for card in cards)


def claim_card(card: ClaimCard) -> str:
    """One claim as escaped HTML: who said it, how it reached us, the words, the reading."""
    kind = f'<span class="kind">{html_text(card.kind)}</span>' if card.kind else ""
    grades = " · ".join(
        text
        for text in (
            f"source {html_text(card.reliability.split(' (')[0])}" if card.reliability else "",
            f"claim {html_text(card.credibility)}" if card.credibility else "",
        )
        if text
    )
    tie = ""
    if card.evidence:
        with_whom = (
            html_text(", ".join(card.tied_with)) if card.tied_with else "no other claim here"
        )
        tie = (
            f'<div class="tie">Shared evidence “{html_text(card.evidence)}” with {with_whom}: '
            f"counted separately it would carry {card.separate_share:.0%} of the weight.</div>"
        )
    vague = (
        '<div class="vague">Says little about the number: in the mixture it widens the '
        "estimate; in the consensus it changes almost nothing.</div>"
        if card.vague
        else ""
    )
    judgment = '<span class="badge">judgment via codebook</span>' if card.judgment else ""
    language = f' lang="{html_text(card.language)}"' if card.language else ""
    return f"""
<div class="claim{" tied" if card.evidence else ""}">
  <div class="who"><b>{html_text(card.source)}</b>{kind}
    <span class="share">{card.share:.0%} of the weight</span></div>
  {f'<div class="via">via {html_text(card.relays)}</div>' if card.relays else ""}
  {f'<div class="grades">{grades}</div>' if grades else ""}
  <blockquote{language}>{html_text(card.quote)}</blockquote>
  {translation_html(card.translation) if card.translation else ""}
  {f'<div class="via">from {html_text(card.document)}</div>' if card.document else ""}
  <div class="reading">Reading: <code>{html_text(card.reading)}</code> {judgment}
    <span class="grade">({html_text(card.origin)})</span></div>
  <div class="why">{html_text(card.rationale or NO_REASON)}</div>
  {tie}{vague}
  {passage_html(card.passage) if card.passage else ""}
</div>"""


def translation_html(translation: str) -> str:
    """The case's translation of a quote, marked as the case's, never as the source's."""
    return f'<div class="translation">The case\'s translation: “{html_text(translation)}”</div>'


def passage_html(passage: Passage) -> str:
    """The surrounding paragraph, folded, with the quote highlighted."""
    return (
        "<details><summary>Surrounding paragraph</summary><p>"
        f"{html_text(passage.before)}<mark>{html_text(passage.quote)}</mark>"
        f"{html_text(passage.after)}</p></details>"
    )
