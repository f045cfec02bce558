"""Test cases for a draft's evidence groups (dashboard/draft/evidence.py): a figure another
source restates, or states again, is proposed as one report.

Every text here is invented for the test."""

from __future__ import annotations

from dashboard.draft import PROPOSED
from tests.support.drafts import drafted


def test_a_figure_restated_by_a_second_outlet_proposes_one_evidence_group() -> None:
    """A passage "citing" a source's figure is that source's claim, carried by the outlet,
    in one evidence group with the source's own claim, and its rationale says so."""
    case = drafted(
        "At least 86 people died, the coastguard said on Monday.\n\n"
        'The Capital Gazette, citing the coastguard, put the death toll at "close to 90".'
    )
    first, second = case.claims
    assert first.source == second.source
    assert first.evidence is not None and first.evidence == second.evidence
    assert [case.source(r).name for r in case.source(second.source).via] == ["Capital Gazette"]
    assert second.rationale.startswith(PROPOSED) and "restates" in second.rationale


def test_the_same_figure_from_a_second_speaker_proposes_one_evidence_group() -> None:
    """The minister repeating the ministry's 498: one evidence group, proposed to judge."""
    case = drafted(
        "The ministry said 498 soldiers had been killed.\n\n"
        "Defence Minister Arvid Holm said 498 soldiers had been killed."
    )
    first, second = case.claims
    assert first.evidence == second.evidence is not None
    assert "same figure" in second.rationale


def test_a_figure_restated_with_a_reference_proposes_one_evidence_group() -> None:
    """«Городские новости», ссылаясь на «Опору», restate Opora's count: one evidence group,
    one source (the case endings of «Опору» and «Опора» are one name), a relay."""
    case = drafted(
        "По данным проекта «Опора», задержаны 318 человек.\n\n"
        "Издание «Городские новости», ссылаясь на «Опору», пишет о 300 задержанных."
    )
    first, second = case.claims
    assert first.source == second.source
    assert first.evidence == second.evidence is not None
    assert [case.source(r).name for r in case.source(second.source).via] == ["Городские новости"]
