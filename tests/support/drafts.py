"""The draft of a text as the draft's tests read it: loaded as any case is, its quotes
checked against the text, and the names of its claims' sources."""

from __future__ import annotations

from dashboard.case import Case, load_case_bytes
from dashboard.draft import draft_case


def drafted(text: str, file_name: str = "story.txt") -> Case:
    """The draft of `text`, loaded as the loader loads any case, its quotes checked."""
    draft = draft_case(text, file_name)
    case = load_case_bytes(draft.case_yaml, "draft.yaml", {file_name: text.encode("utf-8")})
    assert case.document is not None and case.document.text == text
    return case


def speakers_of(case: Case) -> list[str]:
    """The name of each claim's source, in the order of the claims."""
    return [case.source(claim.source).name for claim in case.claims]
