"""The evidence groups a draft proposes: claims that may rest on one report, because a
passage restates another source's figure or another source states the same figure."""

from __future__ import annotations

from dashboard.case import AtLeast, AtMost, Range, Reading
from dashboard.draft.proposals import Proposal
from dashboard.draft.quantities import Kind
from dashboard.draft.questions import Question, plain_value, round_figure


def evidence_groups(
    proposals: list[Proposal],
    source_ids: dict[str | None, str],
    questions: dict[tuple[Kind, str, str], Question],
) -> dict[int, tuple[str, str]]:
    """Claims proposed as one evidence group, with the sentence saying why: a passage that
    restates another source's figure ("citing Agora", "со ссылкой на") joins that source's
    other claims on the question; a figure stated again by another source joins the first."""
    groups: dict[int, tuple[str, str]] = {}

    def key(p: Proposal) -> tuple[str, str]:
        question = questions[(p.quantity.kind, p.quantity.unit, p.thing)].id
        return source_ids[p.speaker], question

    for index, proposal in enumerate(proposals):
        if not proposal.restated or proposal.speaker is None:
            continue
        source, question = key(proposal)
        group = f"{source}-{question}"[:64].rstrip("-")
        others = [i for i, p in enumerate(proposals) if i != index and key(p) == key(proposal)]
        carrier = f" as carried by {proposal.relay}" if proposal.relay else ""
        groups[index] = (
            group,
            f"It restates {proposal.speaker}'s figure{carrier}, so it is proposed as evidence "
            f"group '{group}' with that source's other claims on the question and "
            f"{proposal.relay or 'the outlet'} as a relay: judge whether it is one report.",
        )
        for other in others:
            groups.setdefault(
                other,
                (
                    group,
                    f"{proposal.speaker}'s figure is restated elsewhere in the text, so "
                    f"this claim is proposed as evidence group '{group}'.",
                ),
            )
    first: dict[tuple[str, float], int] = {}
    for index, proposal in enumerate(proposals):
        reading = proposal.quantity.reading
        if reading is None or index in groups:
            continue
        question = key(proposal)[1]
        figure = (question, _central(reading))
        if figure in first and key(proposals[first[figure]])[0] != key(proposal)[0]:
            earlier = proposals[first[figure]]
            group = groups.get(
                first[figure], (f"{question}-{plain_value(round_figure(figure[1]))}", "")
            )[0]
            groups.setdefault(
                first[figure],
                (
                    group,
                    "Another source states the same figure; proposed as one evidence "
                    f"group '{group}': judge whether both rest on one report.",
                ),
            )
            groups[index] = (
                group,
                f"It states the same figure as {earlier.speaker or 'the document'}, so it is "
                f"proposed as evidence group '{group}': judge whether both rest on one report.",
            )
        first.setdefault(figure, index)
    return groups


def _central(reading: Reading) -> float:
    match reading:
        case Range(low, high):
            return round((low + high) / 2, 6)
        case AtLeast(value) | AtMost(value):
            return value
