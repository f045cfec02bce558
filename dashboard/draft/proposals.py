"""What a document's text proposes (spec section 11): each figure it states, or the vague
amount a passage hedges, with the passage quoting it, its speaker and the relay that
carried it.

A speaker is the one named beside the figure, or the speaker of the quotation it is part
of, or of the interview's paragraph it is in; "he said", "the ministry" and "the NGO" are
the ones named before. The document's own author or outlet comes from its byline or its
wire dateline.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from dashboard.case import collapse_whitespace
from dashboard.draft.counted import counted_thing
from dashboard.draft.passages import (
    Span,
    overlapping,
    paragraphs,
    quotable,
    quotations,
    sentences,
)
from dashboard.draft.quantities import Kind, Quantity, quantities
from dashboard.draft.speakers import (
    OWN,
    PERSON,
    PRONOUN,
    Attribution,
    attributed,
    masked,
    speaker_name,
)

MAX_PASSAGE = 1_000
"""A "sentence" longer than this (in characters) is a table or a list run together, not a
passage an analyst would quote; the draft leaves it alone."""

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


@dataclass(frozen=True)
class Proposal:
    """One figure (or vague amount) the draft proposes as a claim: the passage quoting it,
    its speaker (None: the document's own author or outlet), what it counts, the relay that
    carried it, and whether it restates another source's figure."""

    quote: str
    speaker: str | None
    quantity: Quantity
    thing: str = ""
    relay: str | None = None
    restated: bool = False


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


def proposals_of(text: str) -> Iterator[Proposal]:
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
                    yield Proposal(
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


def document_author(text: str) -> str | None:
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
