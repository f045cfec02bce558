"""A draft case file from a document's text, in English or in Russian (spec section 11).

Every sentence (or clause between semicolons) that states or hedges a quantity becomes a
claim quoting it, one claim per figure it states; its source is the speaker the text
attributes it to (the outlet that carried it a relay), else the document's author or
outlet; a figure becomes a suggested reading, a vague amount a codebook label with a
placeholder reading; claims are grouped into one question per kind of measure, unit and
counted thing; a figure another outlet restates proposes an evidence group. Everything
proposed says so: the draft copies, the analyst judges.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
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
from dashboard.draft.counted import SHOWN, counted_thing
from dashboard.draft.language import Language, ascii_slug, language_of
from dashboard.draft.passages import (
    Span,
    overlapping,
    paragraphs,
    quotable,
    quotations,
    sentences,
)
from dashboard.draft.quantities import EXACT_SPREAD, Kind, Quantity, quantities
from dashboard.draft.speakers import (
    OWN,
    PERSON,
    PRONOUN,
    Attribution,
    attributed,
    masked,
    source_slug,
    speaker_name,
)

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

BYLINE = re.compile(
    r"^[ \t]*(?:By|Автор:?)[ \t]+([A-ZА-ЯЁ][^\n,|]{1,60})(?:,[ \t]*([^\n|]{2,60}))?$", re.MULTILINE
)
WIRE_OUTLET = re.compile(r"\(([A-Z][\w .&'-]{1,40})\)\s*[-–—]|\s/([^/\n]{2,60})/\.")
"""A wire story's dateline: "HARWICK, Oct. 14 (Northwire) - ...", "ОРСК, 12 мая.
/Агентство «Меридиан»/."."""
NAME_LINE = re.compile(
    r"^[ \t]*([A-ZА-ЯЁ][a-zа-яё]+[ \t]+[A-ZА-ЯЁ][a-zа-яё]+)[ \t]*$", re.MULTILINE
)
"""A column's byline: a line with a name and nothing else."""
INTERVIEW_LINE = re.compile(
    r"^[ \t]*((?:[A-ZА-ЯЁ][\w.'’-]*[ \t]+){0,3}[A-ZА-ЯЁ][\w.'’-]*):[ \t]", re.MULTILINE
)
"""A paragraph of an interview under its speaker's name ("Ines Caldera: ...")."""
DIALOGUE_LINE = re.compile(r"^[ \t]*[—–-][ \t]", re.MULTILINE)
"""A paragraph of an interview set out as dialogue ("— Сколько ...?")."""
CLAUSES = re.compile(
    r",\s+(?:while|whereas|but|and|а|но|однако|тогда\s+как)\s+|;\s+|\s+[—–]\s+(?=[а-яёa-z])"
)
"""Where one clause of a sentence ends and another, with its own speaker, may begin:
"Police estimated 15,000, while organisers said 75,000"."""
SHORT_PARAGRAPH = 3
"""A vague amount is quoted with the rest of its paragraph when the paragraph has at most
this many sentences (and half MAX_PASSAGE characters)."""
SHORT_SENTENCE = 8
"""A sentence of at most this many words that starts by pointing back is quoted with the
sentence before it."""
ANAPHORA = re.compile(r"(?:That|This|These|Those|Such|Это|Эти|Значит|Так)\b")
BOUNDARY = re.compile(r"\s+(?:and|и|а)\s+|[,;]\s*|\s+[—–]\s+")
"""Where the words about one figure end and those about the next begin: "23 people have
died and at least 140 have been injured"."""
BOUNDARY_AFTER = re.compile(
    r"\s+(?:because|but|while|whereas|although|потому|но|хотя|однако)\s+|;\s*|\s+[—–]\s+"
)
"""Where the words about a figure end, after it: "nearer 1,400' because the ... staff"."""
GENERIC_REFERENCES = frozenset(
    ["ngo", "group", "monitor", "organisation", "organization", "charity", "project",
     "проект", "организация", "группа", "агентство", "издание"]
)  # fmt: skip
""""According to the NGO": the organisation named last."""
HEAD = 1_000
"""A byline or a dateline is looked for this far into the text."""

QUESTION_TEXTS = {
    "share": "A share the text gives, in percent (proposed: say what it is a share of)",
    "count": "A number the text gives (proposed: say what is counted)",
    "money": "An amount of money the text gives, in {unit} (proposed: say what it is for)",
    "duration": "A length of time the text gives, in {unit} (proposed: say what lasts)",
    "distance": "A distance the text gives, in {unit} (proposed: say between what)",
    "area": "An area the text gives, in {unit} (proposed: say of what)",
    "rate": "A rate the text gives, {unit} (proposed: say of what)",
    "speed": "A speed the text gives, in {unit} (proposed: say of what)",
    "mass": "A mass the text gives, in {unit} (proposed: say of what)",
}
THING_TEXTS = {
    "share": "A share the text gives of {thing}, in percent (proposed: say of what exactly)",
    "count": "A number the text gives of {thing} (proposed: say what exactly is counted)",
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


@dataclass(frozen=True)
class _Proposal:
    quote: str
    speaker: str | None
    quantity: Quantity
    thing: str = ""
    relay: str | None = None
    restated: bool = False


@dataclass
class _Question:
    id: str
    kind: Kind
    unit: str
    thing: str = ""
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
    return _draft(proposals, name, _author(text), language_of(text))


class _Speakers:
    """The speakers and people named so far: for "he said", "the ministry", "the NGO"."""

    def __init__(self) -> None:
        self.recent: dict[str, None] = {}
        """Speakers named, the latest last, at most RECENT_SPEAKERS of them."""
        self.by_surname: dict[str, str] = {}
        self.last: str | None = None

    @property
    def named(self) -> list[str]:
        return list(self.recent)

    def mention(self, masked_sentence: str) -> None:
        """People a sentence names, and a known speaker's surname alone ("Marsh was ...")."""
        for person in PERSON.finditer(masked_sentence):
            before = masked_sentence[: person.start()].split()
            if before and before[-1].lower() in PLACE_WORDS:
                continue
            if name := speaker_name(person.group()):
                self.last = name
        for word in re.findall(r"[A-ZА-ЯЁ][\w’'-]+", masked_sentence):
            if known := self.by_surname.get(word):
                self.last = known

    def resolved(self, speaker: str | None) -> str | None:
        """A speaker as named before: "he" as the last one, "the ministry" as the last
        speaker whose name has "ministry" in it, "the NGO" as the organisation last named."""
        if speaker == PRONOUN:
            return self.last
        if speaker is None or speaker == OWN or " " in speaker:
            return speaker
        word = speaker.lower()
        stem = word[: max(4, len(word) - 2)]
        for name in reversed(self.named):
            if name.lower() != word and any(w.startswith(stem) for w in name.lower().split()):
                return name
        if word in GENERIC_REFERENCES:
            proper = (n for n in reversed(self.named) if all(w[:1].isupper() for w in n.split()))
            return next(proper, speaker)
        return speaker

    def said(self, speaker: str | None) -> None:
        if speaker == OWN:
            self.last = OWN
        elif speaker not in (None, PRONOUN):
            self.recent.pop(speaker, None)
            self.recent[speaker] = None
            if len(self.recent) > RECENT_SPEAKERS:
                del self.recent[next(iter(self.recent))]
            self.by_surname[speaker.split()[-1]] = speaker
            self.last = speaker


RECENT_SPEAKERS = 50
""""The ministry" or "the NGO" is looked for among this many speakers named last."""
PLACE_WORDS = frozenset(
    ["the", "a", "an", "of", "in", "at", "off", "on", "from", "to", "into", "near", "across",
     "for", "ferry", "в", "на", "из", "по", "к", "от", "у", "под"]
)  # fmt: skip
"""Words before a capitalised pair that make it a place or a thing ("off Cape Verro")."""


def _proposals(text: str) -> Iterator[_Proposal]:
    """Each figure (or, where a passage states none, its first vague amount) with its
    speaker: named beside it, or the speaker of the quotation it is part of, or of the
    interview's paragraph it is in, or for "he said" the last person named before it."""
    history = _Speakers()
    seen: set[float] = set()
    last_measure: tuple[Kind, str, str] = ("count", "", "")
    interviewee = _interviewee(text)
    for paragraph in paragraphs(text):
        in_paragraph = _paragraph_speaker(text, paragraph, interviewee)
        quoted = quotations(text, paragraph)
        spans = list(sentences(text, paragraph))
        hidden = [masked(*_inside(text, s, quoted)) for s in spans]
        own = [attributed(h) if len(h) <= MAX_PASSAGE else Attribution(None) for h in hidden]
        speakers = _quotation_speakers(quoted, spans, own)
        for sentence, said, words in zip(spans, own, hidden, strict=True):
            if len(words) <= MAX_PASSAGE:
                history.mention(words)
            speaker = said.speaker or next(
                (speakers[i] for i in overlapping(quoted, sentence)), None
            )
            speaker = history.resolved(speaker)
            if speaker in (None, OWN) and in_paragraph:
                speaker = in_paragraph
            relay = said.relay
            if relay in (OWN, PRONOUN):
                relay = in_paragraph if in_paragraph != speaker else None
            elif relay is None and in_paragraph and speaker not in (None, OWN, in_paragraph):
                relay = in_paragraph
            history.said(speaker)
            passage = quotable(text, sentence)
            context = _context(text, passage, spans)
            after = _rest_of_paragraph(text, passage, spans)
            for clause in text[passage.start : passage.end].split(";"):
                words = collapse_whitespace(clause)
                quote = collapse_whitespace(f"{context} {words}") if context else words
                if len(quote) > MAX_PASSAGE:
                    continue
                chosen = _chosen(words, seen)
                if (
                    after
                    and chosen
                    and chosen[0][0].reading is None
                    and clause == text[passage.start : passage.end]
                ):
                    quote = collapse_whitespace(f"{quote} {after}")
                for quantity, thing in chosen:
                    if quantity.relative:  # "three times higher": as the figure it multiplies
                        kind, unit, thing = last_measure
                        quantity = replace(quantity, kind=kind, unit=unit)
                    elif quantity.reading is not None:
                        last_measure = (quantity.kind, quantity.unit, thing)
                    own_clause = _clause_attribution(quote, quantity)
                    who = history.resolved(own_clause.speaker) if own_clause.speaker else speaker
                    if who == OWN:
                        who = in_paragraph or OWN
                    yield _Proposal(
                        quote,
                        None if who == OWN else who,
                        quantity,
                        thing,
                        own_clause.relay if own_clause.speaker else relay,
                        said.restated or own_clause.restated,
                    )


def _context(text: str, passage: Span, spans: list[Span]) -> str:
    """For a short sentence that points back ("That means it is a mass phenomenon.", "Это
    уже массовое явление."), the text from the sentence before it, which says what it
    points to, so that the quote can be read alone; else nothing."""
    words = text[passage.start : passage.end].split()
    if len(words) > SHORT_SENTENCE or not ANAPHORA.match(words[0]):
        return ""
    before = [s for s in spans if s.end <= passage.start]
    if not before or passage.start - before[-1].start > MAX_PASSAGE // 4:
        return ""
    return text[before[-1].start : passage.start]


def _rest_of_paragraph(text: str, passage: Span, spans: list[Span]) -> str:
    """The sentences after a passage in a short paragraph: a vague amount ("large enough
    for Moscow to punish it ... in other ways") is read with what its paragraph says of it."""
    later = [s for s in spans if s.start >= passage.end]
    if (
        not later
        or len(spans) > SHORT_PARAGRAPH
        or later[-1].end - spans[0].start > MAX_PASSAGE // 2
    ):
        return ""
    return text[later[0].start : later[-1].end]


def _chosen(quote: str, seen: set[float]) -> list[tuple[Quantity, str]]:
    """The quantities of a passage the draft proposes, each with what it counts: every
    figure, but one denied ("not 498") or a later one restating a figure already proposed;
    where there is no figure, the first vague amount."""
    found = quantities(quote)
    figures = [q for q in found if q.reading is not None]
    chosen = []
    for index, quantity in enumerate(found):
        if figures and quantity.reading is None:
            continue
        restated = len(quantity.stated) == 1 and quantity.stated[0] in seen
        if quantity is not (figures or found)[0] and (quantity.negated or restated):
            continue
        low = found[index - 1].end if index else 0
        boundaries = list(BOUNDARY.finditer(quote, low, quantity.start))
        low = boundaries[-1].end() if boundaries else low
        high = found[index + 1].start if index + 1 < len(found) else len(quote)
        clause_end = BOUNDARY_AFTER.search(quote, quantity.end, high)
        high = clause_end.start() if clause_end else high
        thing = counted_thing(
            quote,
            quantity.start,
            quantity.end,
            low,
            high,
            quantity.kind == "share",
            vague=quantity.reading is None,
        )
        chosen.append((quantity, thing if quantity.kind in ("count", "share") else ""))
        if len(quantity.stated) == 1:
            seen.add(quantity.stated[0])
        if not figures:
            break
    return chosen


def _central(reading: Reading) -> float:
    match reading:
        case Range(low, high):
            return round((low + high) / 2, 6)
        case AtLeast(value) | AtMost(value):
            return value


def _clause_attribution(quote: str, quantity: Quantity) -> Attribution:
    """The speaker of the clause a figure is in, where a sentence has more than one
    ("Police estimated 15,000, while organisers said 75,000"); none where it has one."""
    bounds = [0, *(m.end() for m in CLAUSES.finditer(quote)), len(quote)]
    if len(bounds) == 2:
        return Attribution(None)
    for start, end in itertools.pairwise(bounds):
        if start <= quantity.start < end:
            return attributed(quote[start:end])
    return Attribution(None)


def _interviewee(text: str) -> str | None:
    """In an interview set out as dialogue, the person the introduction names, who gives
    the answers."""
    lines = [p for p in paragraphs(text) if DIALOGUE_LINE.match(text, p.start)]
    if len(lines) < 2:
        return None
    intro = text[: lines[0].start]
    for paragraph in paragraphs(intro):
        said = attributed(masked(intro[paragraph.start : paragraph.end], []))
        if said.speaker and PERSON.fullmatch(said.speaker):
            return said.speaker
    person = PERSON.search(intro)
    return speaker_name(person.group()) if person else None


def _paragraph_speaker(text: str, paragraph: Span, interviewee: str | None) -> str | None:
    """Who speaks a paragraph of an interview: the name before its colon, or in a dialogue
    the interviewee for an answer (a question is the outlet's)."""
    named = INTERVIEW_LINE.match(text, paragraph.start)
    if named and (name := speaker_name(named[1])):
        return name
    if interviewee and DIALOGUE_LINE.match(text, paragraph.start):
        return None if text[paragraph.start : paragraph.end].rstrip().endswith("?") else interviewee
    return None


def _inside(text: str, sentence: Span, quoted: list[Span]) -> tuple[str, list[tuple[int, int]]]:
    """The sentence and its quotations as offsets in it."""
    start, end = sentence.start, sentence.end
    return text[start:end], [
        (max(quoted[i].start, start) - start, min(quoted[i].end, end) - start)
        for i in overlapping(quoted, sentence)
    ]


def _quotation_speakers(
    quoted: list[Span], spans: list[Span], own: list[Attribution]
) -> list[str | None]:
    """Each quotation's speaker: named by a sentence it is part of, or else, as news copy
    goes on quoting one person without naming them again, the previous quotation's."""
    speakers: list[str | None] = []
    for quotation in quoted:
        named = (own[i].speaker for i in overlapping(spans, quotation) if own[i].speaker)
        speakers.append(next(named, speakers[-1] if speakers else None))
    return speakers


def _author(text: str) -> str | None:
    """The document's author from a byline ("By Dana Whitfield", a name alone on a line
    near the top), or its outlet from a wire dateline ("(Northwire) -")."""
    head = text[:HEAD]
    byline = BYLINE.search(head)
    if byline and (name := speaker_name(byline[1])):
        return name
    wire = WIRE_OUTLET.search(head)
    if wire:
        return speaker_name(wire[1] or wire[2]) or (wire[1] or wire[2]).strip()
    line = NAME_LINE.search(head)
    return speaker_name(line[1]) if line else None


def _draft(
    proposals: list[_Proposal], file_name: str, author: str | None, language: Language
) -> Draft:
    proposals = _with_main_thing(proposals)
    source_ids = _source_ids(proposals, author)
    questions: dict[tuple[Kind, str, str], _Question] = {}
    ids = _question_ids(proposals)
    for proposal in proposals:
        quantity = proposal.quantity
        key = (quantity.kind, quantity.unit, proposal.thing)
        if key not in questions:
            questions[key] = _Question(ids[key], *key)
        question = questions[key]
        if quantity.reading is not None:
            question.numbers += _numbers(quantity.reading)
        elif quantity.magnitude is not None:
            question.numbers.append(quantity.magnitude * HEADROOM)
    domains = {key: _domain(question) for key, question in questions.items()}
    codebooks: dict[tuple[Kind, str, str], dict[str, Any]] = {key: {} for key in questions}
    evidence = _evidence_groups(proposals, source_ids, questions)
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
            reading = _within(_rounded(quantity.reading), *domains[key])
            claim["reading"] = _plain(reading_mapping(reading))
            rationale = (
                f"{PROPOSED}the passage says “{quantity.phrase}”, suggested as "
                f"{reading.core()}. Check the figure, its speaker and its question."
            )
        else:
            label = _label(quantity.phrase)
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
            _question(question, *domains[key], codebooks[key])
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


def _with_main_thing(proposals: list[_Proposal]) -> list[_Proposal]:
    """The proposals, a vague count that says not what it counts ("a mass phenomenon",
    "too good to be true") put with what the text counts most."""
    counted = Counter(
        p.thing for p in proposals if p.quantity.kind == "count" and p.thing and p.quantity.reading
    )
    if not counted:
        return proposals
    main = counted.most_common(1)[0][0]
    return [
        replace(p, thing=main)
        if p.quantity.kind == "count"
        and p.quantity.reading is None
        and not p.quantity.relative
        and not p.thing
        else p
        for p in proposals
    ]


def _question_ids(proposals: list[_Proposal]) -> dict[tuple[Kind, str, str], str]:
    """Each question's id: its kind ("share", "count"; with its unit for money, time and
    the like: "money-dollars") for the one of its kind with the most claims, and what it
    counts after that for the others ("count-killed", "count-pozharov")."""
    keys = Counter((p.quantity.kind, p.quantity.unit, p.thing) for p in proposals)
    ids: dict[tuple[Kind, str, str], str] = {}
    largest: set[str] = set()
    for key, _ in keys.most_common():
        kind, unit, thing = key
        base = kind if kind in ("share", "count") or not unit else ascii_slug(f"{kind} {unit}")
        words = base if base not in largest else f"{base} {thing or 'other'}"
        largest.add(base)
        unique, n = ascii_slug(words)[:60] or kind, 2
        while unique in ids.values():
            unique, n = f"{ascii_slug(words)[:60]}-{n}", n + 1
        ids[key] = unique
    return ids


def _evidence_groups(
    proposals: list[_Proposal],
    source_ids: dict[str | None, str],
    questions: dict[tuple[Kind, str, str], _Question],
) -> dict[int, tuple[str, str]]:
    """Claims proposed as one evidence group, with the sentence saying why: a passage that
    restates another source's figure ("citing Agora", "со ссылкой на") joins that source's
    other claims on the question; a figure stated again by another source joins the first."""
    groups: dict[int, tuple[str, str]] = {}

    def key(p: _Proposal) -> tuple[str, str]:
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
                first[figure], (f"{question}-{_plain_value(_round(figure[1]))}", "")
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


def _source_ids(proposals: list[_Proposal], author: str | None) -> dict[str | None, str]:
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
    ids: dict[str | None, str], author: str | None, proposals: list[_Proposal]
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
    "significant_number", "массовое явление" -> "massovoe_yavlenie"."""
    words = ascii_slug(phrase).split("-")
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
    template = THING_TEXTS.get(question.kind) if question.thing else None
    text = (template or QUESTION_TEXTS[question.kind]).format(
        unit=question.unit, thing=SHOWN.get(question.thing, question.thing)
    )
    data: dict[str, Any] = {"id": question.id, "text": text}
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
