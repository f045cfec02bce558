"""A draft case file from a document's text, in English or in Russian (spec section 11).

Every sentence (or clause between semicolons) that states or hedges a quantity becomes a
claim quoting it, one claim per figure it states; its source is the speaker the text
attributes it to (the outlet that carried it a relay), else the document's author or
outlet; a figure becomes a suggested reading, a vague amount a codebook label with a
placeholder reading; claims are grouped into one question per kind of measure, unit and
counted thing; a figure another outlet restates proposes an evidence group. Everything
proposed says so: the draft copies, the analyst judges.

The text is read for what it proposes in `proposals.py`; the proposals are grouped into
questions in `questions.py` and into evidence groups in `evidence.py`; here they become
the case file, with one source per speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from pathlib import PurePosixPath
from typing import Any

import yaml

from dashboard.case import UPLOAD_LIMIT_BYTES, number_text, reading_mapping
from dashboard.case.file import FAST_DUMPER
from dashboard.draft.evidence import evidence_groups
from dashboard.draft.language import Language, language_of
from dashboard.draft.proposals import Proposal, document_author, proposals_of
from dashboard.draft.quantities import Kind
from dashboard.draft.questions import (
    HEADROOM,
    Question,
    domain,
    figures_of,
    label_of,
    plain,
    plain_value,
    question_entry,
    question_ids,
    rounded,
    with_main_thing,
    within,
)
from dashboard.draft.speakers import source_slug

PROPOSED = "Proposed by the draft, not judged: "
"""How every proposed claim's and label's rationale and every source's note begins."""
MAX_CLAIMS = 1_000
"""A draft proposes at most this many claims: more than an analyst can judge in one case,
and its case file stays well under the 1 MB upload limit (about 450 bytes a claim)."""
DEFAULT_FILE_NAME = "document.txt"


class DraftError(ValueError):
    """A text the draft cannot work from; its message is one line meant for the user."""


@dataclass(frozen=True)
class Draft:
    """A draft case file and what it proposes, for the page or the command line to report."""

    case_yaml: bytes
    document_file: str
    claims: int
    questions: int
    sources: int
    labels: int
    """Codebook labels whose placeholder readings the analyst must replace."""
    language: Language = "en"
    """The text's language as a BCP 47 tag (`en`, `ru`, `uk`), also the draft's
    `document.language`."""
    own_source: str | None = None
    """The id of the source standing for the document's own author or outlet, if any
    passage went to it."""
    relays: int = 0
    """Sources the draft proposes as relays (`via`) of others."""
    evidence_groups: int = 0
    """Evidence groups proposed for figures another source restates."""


def read_document(data: bytes, file_name: str) -> str:
    """A document's bytes as text, or a DraftError naming the file and the fix."""
    name = document_file_name(file_name)
    if len(data) > UPLOAD_LIMIT_BYTES:
        raise DraftError(f"'{name}' is over the limit of {UPLOAD_LIMIT_BYTES:,} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DraftError(
            f"'{name}' is not UTF-8 text (invalid byte at offset {error.start}); save it as UTF-8"
        ) from None


def document_file_name(file_name: str) -> str:
    """The name the draft's `document.file` gives the text: a bare file name, on one line."""
    name = " ".join(PurePosixPath(file_name.replace("\\", "/")).name.split())
    return DEFAULT_FILE_NAME if name in ("", ".", "..") else name


def draft_case(text: str, file_name: str) -> Draft:
    """The draft case of a document's text (spec section 11), its YAML naming `file_name`
    as its document; a DraftError for a text it cannot draft from."""
    name = document_file_name(file_name)
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > UPLOAD_LIMIT_BYTES:
        raise DraftError(f"'{name}' is {size:,} bytes; the limit is {UPLOAD_LIMIT_BYTES:,} bytes")
    if not text.strip():
        raise DraftError(f"'{name}' is empty: there is no text to draft from")
    if "\0" in text:
        raise DraftError(f"'{name}' holds a NUL character, so it is not plain text")
    proposals = list(islice(proposals_of(text), MAX_CLAIMS + 1))
    if len(proposals) > MAX_CLAIMS:
        raise DraftError(
            f"'{name}' has more than {MAX_CLAIMS:,} passages with a quantity, more than one "
            "draft can ask anyone to judge: draft from a part of it"
        )
    if not proposals:
        raise DraftError(
            f"'{name}' has no passage that states or hedges a quantity (a number, a "
            "percentage, a range, 'more than', 'thousands', ...): there is nothing to propose"
        )
    return _draft(proposals, name, document_author(text), language_of(text))


def _draft(
    proposals: list[Proposal], file_name: str, author: str | None, language: Language
) -> Draft:
    proposals = with_main_thing(proposals)
    source_ids = _source_ids(proposals, author)
    questions: dict[tuple[Kind, str, str], Question] = {}
    ids = question_ids(proposals)
    for proposal in proposals:
        quantity = proposal.quantity
        key = (quantity.kind, quantity.unit, proposal.thing)
        if key not in questions:
            questions[key] = Question(ids[key], *key)
        question = questions[key]
        if quantity.reading is not None:
            question.numbers += figures_of(quantity.reading)
        elif quantity.magnitude is not None:
            question.numbers.append(quantity.magnitude * HEADROOM)
    domains = {key: domain(question) for key, question in questions.items()}
    codebooks: dict[tuple[Kind, str, str], dict[str, Any]] = {key: {} for key in questions}
    evidence = evidence_groups(proposals, source_ids, questions)
    claims = []
    for index, proposal in enumerate(proposals):
        quantity = proposal.quantity
        key = (quantity.kind, quantity.unit, proposal.thing)
        claim: dict[str, Any] = {
            "source": source_ids[proposal.speaker],
            "question": questions[key].id,
            "quote": proposal.quote,
        }
        if quantity.reading is not None:
            reading = within(rounded(quantity.reading), *domains[key])
            claim["reading"] = plain(reading_mapping(reading))
            rationale = (
                f"{PROPOSED}the passage says “{quantity.phrase}”, suggested as "
                f"{reading.core()}. Check the figure, its speaker and its question."
            )
        else:
            label = label_of(quantity.phrase)
            codebooks[key].setdefault(label, _placeholder(quantity.phrase, *domains[key]))
            claim["reading"] = {"label": label}
            rationale = (
                f"{PROPOSED}the passage says “{quantity.phrase}”, which states no figure; "
                f"judge the codebook's reading of '{label}'."
            )
        if index in evidence:
            claim["evidence"], why = evidence[index]
            rationale += " " + why
        claim["rationale"] = rationale
        claims.append(claim)
    sources = _sources(source_ids, author, proposals)
    data: dict[str, Any] = {
        "title": f"Draft from {file_name}",
        "description": (
            f"{PROPOSED}{len(claims)} passages of {file_name} that state or hedge a quantity, "
            "with their speakers and suggested readings. Check each one; keep what the case "
            "needs; name each question."
        ),
        "document": {"file": file_name, "language": language},
        "questions": [
            question_entry(question, *domains[key], codebooks[key])
            for key, question in questions.items()
        ],
        "sources": sources,
        "claims": claims,
    }
    text = yaml.dump(data, Dumper=FAST_DUMPER, sort_keys=False, allow_unicode=True, width=100)
    return Draft(
        case_yaml=text.encode("utf-8"),
        document_file=file_name,
        claims=len(claims),
        questions=len(questions),
        sources=len(sources),
        labels=sum(len(codebook) for codebook in codebooks.values()),
        language=language,
        own_source=source_ids.get(None),
        relays=len({relay for s in sources for relay in s.get("via", [])}),
        evidence_groups=len({group for group, _ in evidence.values()}),
    )


def _source_ids(proposals: list[Proposal], author: str | None) -> dict[str | None, str]:
    """An id for each speaker and relay (None: the document's author), in order of first
    appearance; a name that ends another ("Holm", "Arvid Holm"; "Ground Forces Command")
    or differs from it only in its endings ("Опору", "Опора") is the same source."""
    names = list(
        dict.fromkeys([p.speaker for p in proposals] + [p.relay for p in proposals if p.relay])
    )
    full_names = [n for n in names if n and " " in n]
    ids: dict[str | None, str] = {}
    by_name: dict[str, str] = {}
    for speaker in names:
        name = _canonical(speaker or author or "author")
        if speaker:
            name = next((_canonical(n) for n in full_names if _ends_with(n, speaker)), name)
        if name not in by_name:
            slug = source_slug(name) or f"source-{len(by_name) + 1}"
            unique, n = slug, 2
            while unique in by_name.values():
                unique, n = f"{slug[:60]}-{n}", n + 1
            by_name[name] = unique
        ids[speaker] = by_name[name]
    return ids


def _canonical(name: str) -> str:
    """A name as the words that identify it: lower case, each word without its last two
    letters when longer than five (Russian case endings), possessive dropped."""
    words = re.sub(r"['’]s\b", "", name.lower()).replace("ё", "е").split()
    return " ".join(w[:-2] if len(w) > 5 and re.match(r"[а-я]", w) else w for w in words)


def _ends_with(full: str, short: str) -> bool:
    """Whether a name is the end of a longer one, word for word, up to case endings."""
    long_words, short_words = _canonical(full).split(), _canonical(short).split()
    return len(short_words) < len(long_words) and long_words[-len(short_words) :] == short_words


def _sources(
    ids: dict[str | None, str], author: str | None, proposals: list[Proposal]
) -> list[dict[str, Any]]:
    """One source per id, named as its longest spelling in the text, with the relays that
    carried it and a note saying how many passages the draft put to it."""
    sources = []
    for source_id in dict.fromkeys(ids.values()):
        speakers = [speaker for speaker, i in ids.items() if i == source_id]
        count = sum(1 for p in proposals if p.speaker in speakers)
        relays = list(
            dict.fromkeys(
                ids[p.relay]
                for p in proposals
                if p.speaker in speakers
                and p.relay
                and ids[p.relay] != source_id
                and p.relay != author
            )
        )
        names = [speaker for speaker in speakers if speaker]
        if not names:
            entry: dict[str, Any] = {
                "id": source_id,
                "name": author or "The document's author or outlet",
                "note": (
                    f"{PROPOSED}the text names no speaker for {count} passage(s), so they "
                    "are put to the document's own author or outlet; name it, or move them."
                ),
            }
        else:
            name = max(names, key=len)
            note = f"{PROPOSED}the text attributes {count} passage(s) to “{name}”."
            if count == 0:
                note = f"{PROPOSED}the text names “{name}” as carrying another source's words."
            entry = {"id": source_id, "name": name, "note": note}
        if relays:
            entry["via"] = relays
            entry["note"] += " The draft proposes as its relay(s) the outlet(s) that carried it."
        sources.append(entry)
    return sources


def _placeholder(phrase: str, low: float, high: float) -> dict[str, Any]:
    """A label's placeholder reading: at least the question's minimum, which is uniform over
    the whole question, as wide as it allows (spec section 2)."""
    return {
        "at_least": plain_value(low),
        "rationale": (
            f"{PROPOSED}a placeholder for “{phrase}” that says only 'somewhere from "
            f"{number_text(low)} to {number_text(high)}'; replace it with your reading."
        ),
    }
