"""A draft case file from a document's text (spec section 11).

Every sentence (or clause between semicolons) that states or hedges a quantity becomes a
claim quoting it; its source is the speaker the text attributes it to, else the
document's author or outlet; a figure becomes a suggested reading, a vague amount a
codebook label with a placeholder reading; claims are grouped into one question per kind
of measure. Everything proposed says so: the draft copies, the analyst judges.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import PurePosixPath
from typing import Any

import yaml

from dashboard.case import (
    UPLOAD_LIMIT_BYTES,
    AtLeast,
    AtMost,
    Range,
    Reading,
    collapse_whitespace,
    number_text,
    reading_mapping,
)
from dashboard.case.file import FAST_DUMPER
from dashboard.draft.passages import (
    Span,
    overlapping,
    paragraphs,
    quotable,
    quotations,
    sentences,
)
from dashboard.draft.quantities import EXACT_SPREAD, Kind, Quantity, quantities
from dashboard.draft.speakers import PRONOUN, attributed_speaker, masked, source_slug, speaker_name

PROPOSED = "Proposed by the draft, not judged: "
"""How every proposed claim's and label's rationale and every source's note begins."""
MAX_PASSAGE = 1_000
"""A "sentence" longer than this (in characters) is a table or a list run together, not a
passage an analyst would quote; the draft leaves it alone."""
MAX_CLAIMS = 1_000
"""A draft proposes at most this many claims: more than an analyst can judge in one case,
and its case file stays well under the 1 MB upload limit (about 450 bytes a claim)."""
HEADROOM = 10.0
"""A question's domain reaches at least this many times its largest figure, so that "more
than" that figure still has room above it."""
UNKNOWN_SCALE_MAX = 1_000_000.0
"""The top of a count's domain when the text gives no figure for it at all."""
DEFAULT_FILE_NAME = "document.txt"
SIGNIFICANT_DIGITS = 3
"""Suggested readings are rounded to this many digits: they are a starting point."""

BYLINE = re.compile(r"^[ \t]*By[ \t]+([A-Z][^\n,|]{1,60})", re.MULTILINE)
WIRE_OUTLET = re.compile(r"\(([A-Z][\w .&'-]{1,40})\)\s*[-–—]")
"""A wire story's dateline: "HARWICK, Oct. 14 (Northwire) - ..."."""
HEAD = 1_000
"""A byline or a dateline is looked for this far into the text."""

QUESTION_TEXTS = {
    "share": "A share the text gives, in percent (proposed: say what it is a share of)",
    "count": "A number the text gives (proposed: say what is counted)",
    "money": "An amount of money the text gives, in {unit} (proposed: say what it is for)",
    "duration": "A length of time the text gives, in {unit} (proposed: say what lasts)",
    "distance": "A distance the text gives, in {unit} (proposed: say between what)",
}


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


@dataclass(frozen=True)
class _Proposal:
    quote: str
    speaker: str | None
    quantity: Quantity


@dataclass
class _Question:
    id: str
    kind: Kind
    unit: str
    numbers: list[float] = field(default_factory=list)


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
    proposals = list(islice(_proposals(text), MAX_CLAIMS + 1))
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
    return _draft(proposals, name, _author(text))


def _proposals(text: str) -> Iterator[_Proposal]:
    """Each passage with a quantity, with its speaker: named beside it, or the speaker of the
    quotation it is part of, or for "he said" the last speaker named before it."""
    last_named: str | None = None
    for paragraph in paragraphs(text):
        quoted = quotations(text, paragraph)
        spans = list(sentences(text, paragraph))
        own = [attributed_speaker(masked(*_inside(text, s, quoted))) for s in spans]
        speakers = _quotation_speakers(quoted, spans, own)
        for sentence, speaker in zip(spans, own, strict=True):
            speaker = speaker or next((speakers[i] for i in overlapping(quoted, sentence)), None)
            if speaker == PRONOUN:
                speaker = last_named
            last_named = speaker or last_named
            passage = quotable(text, sentence)
            for clause in text[passage.start : passage.end].split(";"):
                quote = collapse_whitespace(clause)
                found = quantities(quote) if len(quote) <= MAX_PASSAGE else []
                if found:
                    yield _Proposal(quote, speaker, found[0])


def _inside(text: str, sentence: Span, quoted: list[Span]) -> tuple[str, list[tuple[int, int]]]:
    """The sentence and its quotations as offsets in it."""
    start, end = sentence.start, sentence.end
    return text[start:end], [
        (max(quoted[i].start, start) - start, min(quoted[i].end, end) - start)
        for i in overlapping(quoted, sentence)
    ]


def _quotation_speakers(
    quoted: list[Span], spans: list[Span], own: list[str | None]
) -> list[str | None]:
    """Each quotation's speaker: named by a sentence it is part of, or else, as news copy
    goes on quoting one person without naming them again, the previous quotation's."""
    speakers: list[str | None] = []
    for quotation in quoted:
        named = (own[i] for i in overlapping(spans, quotation) if own[i])
        speakers.append(next(named, speakers[-1] if speakers else None))
    return speakers


def _author(text: str) -> str | None:
    """The document's author from a byline ("By Dana Whitfield"), or its outlet from a wire
    dateline ("(Northwire) -")."""
    head = text[:HEAD]
    byline = BYLINE.search(head)
    if byline and (name := speaker_name(byline[1])):
        return name
    wire = WIRE_OUTLET.search(head)
    return wire[1].strip() if wire else None


def _draft(proposals: list[_Proposal], file_name: str, author: str | None) -> Draft:
    source_ids = _source_ids(proposals, author)
    questions: dict[tuple[Kind, str], _Question] = {}
    for proposal in proposals:
        quantity = proposal.quantity
        key = (quantity.kind, quantity.unit)
        if key not in questions:
            question_id = quantity.kind if not quantity.unit or key[0] == "share" else ""
            questions[key] = _Question(
                question_id or source_slug(f"{quantity.kind}-{quantity.unit}"), *key
            )
        question = questions[key]
        if quantity.reading is not None:
            question.numbers += _numbers(quantity.reading)
        elif quantity.magnitude is not None:
            question.numbers.append(quantity.magnitude * HEADROOM)
    domains = {key: _domain(question) for key, question in questions.items()}
    codebooks: dict[tuple[Kind, str], dict[str, Any]] = {key: {} for key in questions}
    claims = []
    for proposal in proposals:
        quantity = proposal.quantity
        key = (quantity.kind, quantity.unit)
        claim: dict[str, Any] = {
            "source": source_ids[proposal.speaker],
            "question": questions[key].id,
            "quote": proposal.quote,
        }
        if quantity.reading is not None:
            reading = _within(_rounded(quantity.reading), *domains[key])
            claim["reading"] = _plain(reading_mapping(reading))
            claim["rationale"] = (
                f"{PROPOSED}the passage says “{quantity.phrase}”, suggested as "
                f"{reading.core()}. Check the figure, its speaker and its question."
            )
        else:
            label = _label(quantity.phrase)
            codebooks[key].setdefault(label, _placeholder(quantity.phrase, *domains[key]))
            claim["reading"] = {"label": label}
            claim["rationale"] = (
                f"{PROPOSED}the passage says “{quantity.phrase}”, which states no figure; "
                f"judge the codebook's reading of '{label}'."
            )
        claims.append(claim)
    data: dict[str, Any] = {
        "title": f"Draft from {file_name}",
        "description": (
            f"{PROPOSED}{len(claims)} passages of {file_name} that state or hedge a quantity, "
            "with their speakers and suggested readings. Check each one; keep what the case "
            "needs; name each question."
        ),
        "document": {"file": file_name},
        "questions": [
            _question(question, *domains[key], codebooks[key])
            for key, question in questions.items()
        ],
        "sources": _sources(source_ids, author, proposals),
        "claims": claims,
    }
    text = yaml.dump(data, Dumper=FAST_DUMPER, sort_keys=False, allow_unicode=True, width=100)
    return Draft(
        case_yaml=text.encode("utf-8"),
        document_file=file_name,
        claims=len(claims),
        questions=len(questions),
        sources=len(data["sources"]),
        labels=sum(len(codebook) for codebook in codebooks.values()),
    )


def _source_ids(proposals: list[_Proposal], author: str | None) -> dict[str | None, str]:
    """An id for each speaker (None: the document's author), in order of first appearance;
    a surname alone is the same source as a full name that ends with it."""
    full_names = [p.speaker for p in proposals if p.speaker and " " in p.speaker]
    ids: dict[str | None, str] = {}
    by_name: dict[str, str] = {}
    for speaker in dict.fromkeys(p.speaker for p in proposals):
        name = (speaker or author or "author").lower()
        if speaker and " " not in speaker:
            name = next((n.lower() for n in full_names if n.lower().endswith(" " + name)), name)
        if name not in by_name:
            slug = source_slug(name) or f"source-{len(by_name) + 1}"
            unique, n = slug, 2
            while unique in by_name.values():
                unique, n = f"{slug[:60]}-{n}", n + 1
            by_name[name] = unique
        ids[speaker] = by_name[name]
    return ids


def _sources(
    ids: dict[str | None, str], author: str | None, proposals: list[_Proposal]
) -> list[dict[str, Any]]:
    """One source per id, named as its longest spelling in the text, with a note saying
    how many passages the draft put to it."""
    sources = []
    for source_id in dict.fromkeys(ids.values()):
        speakers = [speaker for speaker, i in ids.items() if i == source_id]
        count = sum(1 for p in proposals if p.speaker in speakers)
        names = [speaker for speaker in speakers if speaker]
        if not names:
            sources.append(
                {
                    "id": source_id,
                    "name": author or "The document's author or outlet",
                    "note": (
                        f"{PROPOSED}the text names no speaker for {count} passage(s), so they "
                        "are put to the document's own author or outlet; name it, or move them."
                    ),
                }
            )
            continue
        name = max(names, key=len)
        sources.append(
            {
                "id": source_id,
                "name": name,
                "note": f"{PROPOSED}the text attributes {count} passage(s) to “{name}”.",
            }
        )
    return sources


def _numbers(reading: Reading) -> list[float]:
    match reading:
        case Range(low, high):
            return [low, high]
        case AtLeast(low):
            return [low]
        case AtMost(high):
            return [high]


def _domain(question: _Question) -> tuple[float, float]:
    """A question's [min, max]: percent on 0..100 where the figures allow; anything else on
    a log scale from the power of ten at or below its smallest figure (1 at most) to
    HEADROOM times its largest, rounded up to a power of ten."""
    numbers = [_round(n) for n in question.numbers] or [UNKNOWN_SCALE_MAX / HEADROOM]
    largest = max(numbers)
    if question.kind == "share":
        return 0.0, 100.0 if largest < 100 else 10.0 ** math.ceil(math.log10(largest * HEADROOM))
    low = 10.0 ** min(0, math.floor(math.log10(min(numbers))))
    return low, 10.0 ** math.ceil(math.log10(largest * HEADROOM))


def _within(reading: Reading, low: float, high: float) -> Reading:
    """A suggested reading kept inside its question's domain (a share's range may reach
    past 100 before this)."""
    if isinstance(reading, Range) and reading.high > high:
        return Range(min(reading.low, high * (1 - EXACT_SPREAD)), high)
    return reading


def _round(number: float) -> float:
    return float(f"{number:.{SIGNIFICANT_DIGITS}g}")


def _rounded(reading: Reading) -> Reading:
    match reading:
        case Range(low, high):
            return Range(_round(low), _round(high))
        case AtLeast(low):
            return AtLeast(_round(low))
        case AtMost(high):
            return AtMost(_round(high))


def _plain(mapping: dict[str, object]) -> dict[str, object]:
    """Whole numbers written as integers: `4500`, not `4500.0`."""
    return {key: _plain_value(value) for key, value in mapping.items()}


def _plain_value(value: object) -> object:
    if isinstance(value, list):
        return [_plain_value(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _label(phrase: str) -> str:
    """A codebook label from a vague amount's words: "a significant number" ->
    "significant_number"."""
    words = re.sub(r"[^a-z0-9]+", " ", phrase.lower()).split()
    while len(words) > 1 and words[0] in ("a", "an", "the"):
        words.pop(0)
    while len(words) > 1 and words[-1] == "of":
        words.pop()
    return "_".join(words)[:64].rstrip("_") or "vague"


def _placeholder(phrase: str, low: float, high: float) -> dict[str, Any]:
    """A label's placeholder reading: at least the question's minimum, which is uniform over
    the whole question, as wide as it allows (spec section 2)."""
    return {
        "at_least": _plain_value(low),
        "rationale": (
            f"{PROPOSED}a placeholder for “{phrase}” that says only 'somewhere from "
            f"{number_text(low)} to {number_text(high)}'; replace it with your reading."
        ),
    }


def _question(
    question: _Question, low: float, high: float, codebook: dict[str, Any]
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": question.id,
        "text": QUESTION_TEXTS[question.kind].format(unit=question.unit),
    }
    if question.unit:
        data["unit"] = question.unit
    data |= {
        "min": _plain_value(low),
        "max": _plain_value(high),
        "scale": "linear" if question.kind == "share" else "log",
    }
    if codebook:
        data["codebook"] = codebook
    return data
