"""Who a passage is attributed to: the speaker beside "said", "according to", "told", ...

Hand-written patterns. A speaker is a run of capitalised words (a person, an organisation)
or a group noun ("police", "the union"), found beside a verb of saying outside quotation
marks: before it ("Leviyev said"), before it across an apposition ("Ruslan Leviyev, the
founder of ..., told"), after it behind a quotation ('"...," said Dr. Osei'), or after
"according to". spaCy's named entities would find more names, at the cost of a model
download this project cannot make; the patterns also say which words they trust.
"""

from __future__ import annotations

import re
import unicodedata

QUOTED = "<quoted>"
"""What stands for a quotation while the words around it are searched."""
PRONOUN = "<pronoun>"
"""The speaker of "he said": the last speaker named before it."""

_VERBS = ["said", "says", "say", "told", "tells", "wrote", "writes", "written", "estimated",
          "estimates", "estimate", "claimed", "claims", "reported", "reports", "stated", "states",
          "added", "adds", "announced", "announces", "argued", "argues", "insisted", "warned",
          "warns", "noted", "notes", "explained", "explains", "believes", "believed", "suggested",
          "suggests", "counted", "put", "puts", "found", "finds", "showed", "shows", "shown",
          "concluded", "calculated", "predicted", "forecast", "acknowledged", "admitted",
          "confirmed", "confirms", "tweeted", "posted", "continued"]  # fmt: skip
VERB = re.compile(rf"\b(?:(?:has|have|had)\s+(?:also\s+)?)?(?:{'|'.join(_VERBS)})\b")

_GROUPS = ["police", "organisers", "organizers", "officials", "authorities", "union", "company",
           "council", "ministry", "government", "trust", "operator", "report", "survey", "study",
           "poll", "campaign", "residents", "witnesses", "activists", "analysts", "economists",
           "experts", "researchers", "doctors", "medics", "rescuers", "observers", "monitors",
           "office", "agency", "spokesman", "spokeswoman", "spokesperson", "army", "military",
           "prosecutors", "investigators", "hospital", "department", "commission", "committee",
           "organisation", "organization", "charity", "firm", "bank", "statement"]  # fmt: skip
_CAPITALISED = r"[A-Z][\w’'.&-]*"
_CONNECTORS = r"(?:of|the|for|and|de|da|del|van|von|der|al|bin|ibn|le|la)"
_NAME = rf"{_CAPITALISED}(?:\s+(?:{_CONNECTORS}\s+)*{_CAPITALISED}){{0,6}}"
_GROUP = rf"(?:(?:the|a|an)\s+)?(?:[\w’'-]+\s+){{0,2}}?(?:{'|'.join(_GROUPS)})"
NAME_OR_GROUP = re.compile(rf"(?:{_NAME})|(?i:{_GROUP})")
"""A name (capitalised, so case-sensitive) or a group noun (in any case)."""
SPEAKER_AT_END = re.compile(rf"(?:{_NAME}|(?i:{_GROUP}))\s*$")
SPEAKER_AT_START = re.compile(rf"\s*((?:{_NAME})|(?i:{_GROUP}))")
ACCORDING_TO = re.compile(rf"\b[Aa]ccording\s+to\s+((?:{_NAME})|(?i:{_GROUP}))")
PRONOUNS = re.compile(r"(?:^|\s)(?:he|she|they|we|i)\s*$", re.IGNORECASE)
PARENTHESES = re.compile(r"\([^()]{0,80}\)")

LEADING_WORDS = frozenset(
    ["a", "an", "the", "in", "on", "at", "but", "and", "then", "when", "while", "if",
     "according", "this", "that", "these", "those", "it", "he", "she", "they", "we", "i",
     "our", "his", "her", "their", "its", "after", "before", "as", "so", "yet", "also",
     "meanwhile", "however", "still", "now", "today", "yesterday", "last", "earlier",
     "later", "apparently", "furthermore", "moreover", "mr", "mrs", "ms", "dr", "dr.",
     "prof", "prof.", "mr.", "mrs.", "ms."]
)  # fmt: skip
"""Capitalised words that start a sentence or a title, not a speaker's name."""
LOOK_BACK = 200
"""How far before a verb a speaker's name may start: a long apposition is rarely longer."""


def attributed_speaker(masked: str) -> str | None:
    """The speaker a sentence names, its quotations replaced by QUOTED; PRONOUN for "he
    said"; None when it names none."""
    according = ACCORDING_TO.search(masked)
    if according:
        return speaker_name(according[1])
    for verb in VERB.finditer(masked):
        before = masked[max(0, verb.start() - LOOK_BACK) : verb.start()].rstrip()
        found = _before(before) if before else None
        if found is None and before.rstrip(",").endswith(QUOTED):
            after = SPEAKER_AT_START.match(masked, verb.end())
            found = speaker_name(after[1]) if after else None
        if found:
            return found
    return None


def _before(before: str) -> str | None:
    if PRONOUNS.search(before):
        return PRONOUN
    if before.endswith(","):
        # An apposition: "Ruslan Leviyev, the founder of ..., told"; the speaker is the
        # first part that is nothing but a name.
        for part in before[:-1].split(","):
            if NAME_OR_GROUP.fullmatch(part.strip()) and (name := speaker_name(part)):
                return name
        return None
    at_end = SPEAKER_AT_END.search(before)
    return speaker_name(at_end.group()) if at_end else None


def speaker_name(words: str) -> str | None:
    """A speaker's name as a source's: leading articles, titles and sentence words dropped,
    an affiliation after "of" dropped from a person's name; None when nothing is left."""
    tokens = words.split()
    while tokens and tokens[0].lower() in LEADING_WORDS:
        tokens.pop(0)
    if "of" in tokens[2:]:  # "Lena Marsh of the University of Eastfield"
        tokens = tokens[: tokens.index("of")]
    name = " ".join(tokens).rstrip(",.")
    return name[:1].upper() + name[1:] if name else None


def masked(sentence: str, quotations: list[tuple[int, int]]) -> str:
    """The sentence with each quotation (as offsets in it) replaced by QUOTED and
    parentheses dropped, so that only the words around them are searched for a speaker."""
    pieces, start = [], 0
    for begin, end in quotations:
        pieces += [sentence[start:begin], f" {QUOTED} "]
        start = end
    pieces.append(sentence[start:])
    return " ".join(PARENTHESES.sub("", "".join(pieces)).split())


def source_slug(name: str) -> str:
    """A source id made from a name: ASCII letters and digits joined by '-', at most 64."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:64].rstrip("-")
