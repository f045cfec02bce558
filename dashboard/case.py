"""Reading and validating case files (spec section 1) into plain dataclasses.

A case file is untrusted text. It is parsed with PyYAML's safe composer into a
node tree, so that duplicate keys, anchors and aliases can be refused and every
error can name its line; the tree is then checked rule by rule. Anything wrong
ends in one `CaseError` whose message names the file, the place and the fix.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

UPLOAD_LIMIT_BYTES = 1_000_000
"""Uploaded case files are capped at 1 MB (spec section 1)."""

MAX_NESTING = 40
"""No valid case nests deeper than about six levels; far deeper is an attack."""

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe parser when PyYAML was built with it (its wheels are): the same events,
several times faster on a 1 MB upload."""

SLUG = re.compile(r"[a-z0-9_-]{1,64}")
SCALES = ("linear", "log")
READING_KINDS = ("range", "at_least", "at_most", "label")
DEFAULT_WEIGHT = 50.0


class CaseError(ValueError):
    """A case file that breaks a rule; the message is meant for the user as is.

    The message is kept to one line whatever user text it quotes, so that the
    command line can print exactly one line and the page one alert.
    """

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


@dataclass(frozen=True)
class Reading:
    """How a claim's words are read: `range` (low, high), `at_least` low, `at_most` high."""

    kind: str
    low: float | None = None
    high: float | None = None
    label: str | None = None
    """The codebook label this reading came through, if any."""

    def describe(self) -> str:
        """A short text such as `range 20-40` (the CSV's `reading` column)."""
        if self.kind == "range":
            low, high = _number_text(self.low), _number_text(self.high)
            plain = f"range {low}-{high}" if self.low is not None and self.low >= 0 else ""
            core = plain or f"range {low} to {high}"
        elif self.kind == "at_least":
            core = f"at least {_number_text(self.low)}"
        else:
            core = f"at most {_number_text(self.high)}"
        return f"label {self.label} ({core})" if self.label else core


@dataclass(frozen=True)
class CodebookEntry:
    reading: Reading
    rationale: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    unit: str
    min: float
    max: float
    scale: str = "linear"
    codebook: dict[str, CodebookEntry] = field(default_factory=dict)


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    kind: str = ""
    weight: float = DEFAULT_WEIGHT
    via: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Claim:
    id: str
    source: str
    question: str
    quote: str
    reading: Reading
    rationale: str = ""


@dataclass(frozen=True)
class Document:
    title: str = ""
    outlet: str = ""
    author: str = ""
    date: str = ""
    url: str = ""
    file: str = ""
    text: str | None = None
    """The document's text when it was available to check the quotes against."""


@dataclass(frozen=True)
class Case:
    title: str
    questions: tuple[Question, ...]
    sources: tuple[Source, ...]
    claims: tuple[Claim, ...]
    description: str = ""
    document: Document | None = None
    quotes_checked: bool = True
    """False when `document.file` was named but not supplied (an upload without it)."""

    def question(self, question_id: str) -> Question:
        return next(q for q in self.questions if q.id == question_id)

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def claims_on(self, question_id: str) -> tuple[Claim, ...]:
        return tuple(c for c in self.claims if c.question == question_id)

    def default_weights(self) -> dict[str, float]:
        return {s.id: s.weight for s in self.sources}


def load_case_file(path: str | Path) -> Case:
    """Load a case from disk; its document file is read relative to it."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CaseError(f"{path.name}: cannot read the file ({error.strerror})") from None
    return load_case_bytes(data, path.name, documents=_DocumentFolder(path.parent))


def load_case_bytes(
    data: bytes,
    name: str,
    documents: Mapping[str, bytes] | _DocumentFolder | None = None,
    max_bytes: int | None = None,
) -> Case:
    """Load a case from raw bytes (an upload, or a file already read).

    `documents` supplies document files by name; when the case names one that is
    missing, the case still loads with `quotes_checked` False. `max_bytes` caps
    the size, as for uploads.
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise CaseError(
            f"{name}: the file is {len(data):,} bytes; uploads are limited to {max_bytes:,} bytes"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CaseError(
            f"{name}: not UTF-8 text (invalid byte at offset {error.start}); "
            "save the case file as UTF-8"
        ) from None
    root = _compose(text, name)
    return _Validator(name, documents).case(root)


class _DocumentFolder:
    """Document files next to a case file on disk, confined to that folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()

    def get(self, relative: str) -> bytes | None:
        try:
            target = (self.folder / relative).resolve()
            if not target.is_relative_to(self.folder) or not target.is_file():
                return None
            return target.read_bytes()
        except (OSError, ValueError):  # a name the file system cannot take is not found
            return None


def _compose(text: str, name: str) -> Node:
    """Parse YAML text into a node tree, after refusing what no case file needs."""
    try:
        _refuse_hostile_events(text, name)
        root = yaml.compose(text, Loader=FAST_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        # libyaml puts the end of a file without a final newline on a line of its own.
        line = min(mark.line + 1, text.count("\n") + 1) if mark else 0
        where = f" (line {line}, column {mark.column + 1})" if mark else ""
        problem = error.problem or error.context or "not valid YAML"
        if "nesting depth" in problem:  # libyaml's own limit (1,000) meets ours first here
            raise CaseError(f"{name}: nested more than {MAX_NESTING} levels deep{where}") from None
        raise CaseError(f"{name}: not valid YAML{where}: {problem}") from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        character = error.character
        shown = f"U+{character:04X}" if isinstance(character, int) else f"U+{ord(character):04X}"
        raise CaseError(
            f"{name}: not valid YAML (line {line}): the character {shown} is not allowed; remove it"
        ) from None
    except yaml.YAMLError as error:
        raise CaseError(f"{name}: not valid YAML: {error}") from None
    if root is None or (isinstance(root, ScalarNode) and root.tag.endswith(":null")):
        raise CaseError(
            f"{name}: the file is empty; a case needs title, questions, sources and claims"
        )
    return root


def _refuse_hostile_events(text: str, name: str) -> None:
    """Refuse anchors, aliases, explicit tags and deep nesting before building any tree.

    Aliases are how a small file expands into a huge one; tags are how a loader is
    asked to build objects; deep nesting exhausts the recursive composer. The event
    stream shows all three without recursion.
    """
    depth = 0
    for event in yaml.parse(text, Loader=FAST_LOADER):
        line = f" (line {event.start_mark.line + 1})"
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise CaseError(f"{name}: YAML anchors and aliases are not allowed in case files{line}")
        if getattr(event, "tag", None):
            raise CaseError(f"{name}: YAML tags such as {event.tag} are not allowed{line}")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                raise CaseError(f"{name}: nested more than {MAX_NESTING} levels deep{line}")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _line(node: Node) -> str:
    return f" (line {node.start_mark.line + 1})"


def _number_text(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else f"{value:g}"


class _Validator:
    """Walks the node tree of one case file, checking each rule where it applies."""

    def __init__(self, name: str, documents: Mapping[str, bytes] | _DocumentFolder | None):
        self.name = name
        self.documents = documents
        self._constructor = yaml.SafeLoader("")

    def fail(self, place: str, problem: str, node: Node | None = None) -> CaseError:
        where = f"{place}: " if place else ""
        return CaseError(f"{self.name}: {where}{problem}{_line(node) if node else ''}")

    # --- generic node access -------------------------------------------------

    def mapping(
        self, node: Node, place: str, required: tuple[str, ...], optional: tuple[str, ...]
    ) -> dict[str, Node]:
        """The keys of a mapping node, with duplicates, unknowns and missing keys refused."""
        if not isinstance(node, MappingNode):
            raise self.fail(place, f"expected a mapping with keys {', '.join(required)}", node)
        keys: dict[str, Node] = {}
        allowed = required + optional
        for key_node, value_node in node.value:
            key = self.scalar(key_node, place)
            if not isinstance(key, str):
                raise self.fail(place, f"key {_shown(key)} must be text", key_node)
            if key in keys:
                raise self.fail(place, f"key '{key}' is written twice", key_node)
            if key not in allowed:
                hint = f"; allowed keys are {', '.join(allowed)}"
                raise self.fail(_join(place, key), f"unknown key '{key}'{hint}", key_node)
            keys[key] = value_node
        for key in required:
            if key not in keys:
                raise self.fail(place, f"missing required key '{key}'", node)
        return keys

    def sequence(self, node: Node, place: str, *, non_empty: bool = False) -> list[Node]:
        if not isinstance(node, SequenceNode):
            raise self.fail(place, "expected a list", node)
        if non_empty and not node.value:
            raise self.fail(place, "needs at least one entry", node)
        return list(node.value)

    def scalar(self, node: Node, place: str) -> Any:
        if not isinstance(node, ScalarNode):
            raise self.fail(place, "expected a single value, not a list or mapping", node)
        try:
            return self._constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError):
            raise self.fail(place, f"cannot read the value {node.value[:40]!r}", node) from None

    def text(self, node: Node, place: str, *, allow_empty: bool = False) -> str:
        value = self.scalar(node, place)
        if not isinstance(value, str):
            raise self.fail(place, f"expected text, got {_shown(value)}; put it in quotes", node)
        if not allow_empty and not value.strip():
            raise self.fail(place, "must not be empty", node)
        if not _is_utf8_text(value):
            raise self.fail(
                place,
                "holds an unpaired surrogate escape such as \\ud800; write the character",
                node,
            )
        return value

    def optional_text(self, keys: dict[str, Node], key: str, place: str) -> str:
        if key not in keys:
            return ""
        return self.text(keys[key], _join(place, key), allow_empty=True)

    def slug(self, node: Node, place: str) -> str:
        value = self.scalar(node, place)
        if not isinstance(value, str) or not SLUG.fullmatch(value):
            raise self.fail(
                place, f"{_shown(value)} is not an id: use 1 to 64 of a-z, 0-9, '_' and '-'", node
            )
        return value

    def number(self, node: Node, place: str) -> float:
        value = self.scalar(node, place)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(place, f"expected a number, got {_shown(value)}", node)
        try:
            number = float(value)
        except OverflowError:
            raise self.fail(place, "the number is too large", node) from None
        if not math.isfinite(number):
            raise self.fail(place, f"expected a finite number, got {value}", node)
        return number

    # --- the case ------------------------------------------------------------

    def case(self, root: Node) -> Case:
        keys = self.mapping(
            root, "", ("title", "questions", "sources", "claims"), ("description", "document")
        )
        title = self.text(keys["title"], "title")
        description = self.optional_text(keys, "description", "")
        document = self.document(keys["document"]) if "document" in keys else None
        questions = self.questions(keys["questions"])
        sources = self.sources(keys["sources"])
        claims = self.claims(keys["claims"], questions, sources)
        quotes_checked = True
        if document is not None and document.file:
            if document.text is None:
                quotes_checked = False
            else:
                self.check_quotes(keys["claims"], claims, document)
        return Case(
            title=title,
            description=description,
            document=document,
            questions=tuple(questions.values()),
            sources=tuple(sources.values()),
            claims=tuple(claims),
            quotes_checked=quotes_checked,
        )

    def document(self, node: Node) -> Document:
        fields = ("title", "outlet", "author", "date", "url", "file")
        keys = self.mapping(node, "document", (), fields)
        values = {k: self.document_field(keys[k], f"document.{k}") for k in keys}
        file = values.get("file", "")
        text = self.document_text(file, keys.get("file")) if file else None
        return Document(**values, text=text)

    def document_field(self, node: Node, place: str) -> str:
        # YAML reads an unquoted 2024-11-20 as a date; a document's fields are text.
        if isinstance(node, ScalarNode) and node.tag.endswith(":timestamp"):
            return str(node.value)
        return self.text(node, place, allow_empty=True)

    def document_text(self, file: str, node: Node | None) -> str | None:
        relative = PurePosixPath(file)
        if relative.is_absolute() or ".." in relative.parts or "\\" in file:
            raise self.fail(
                "document.file", "must be a file name beside the case file, without '..'", node
            )
        if self.documents is None:
            return None
        data = self.documents.get(file)
        if data is None:
            if isinstance(self.documents, _DocumentFolder):
                raise self.fail("document.file", f"'{file}' not found beside the case file", node)
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise self.fail("document.file", f"'{file}' is not UTF-8 text", node) from None

    def questions(self, node: Node) -> dict[str, Question]:
        questions: dict[str, Question] = {}
        for index, item in enumerate(self.sequence(node, "questions", non_empty=True)):
            place = f"questions[{index}]"
            keys = self.mapping(
                item, place, ("id", "text", "min", "max"), ("unit", "scale", "codebook")
            )
            question_id = self.slug(keys["id"], f"{place}.id")
            if question_id in questions:
                raise self.fail(f"{place}.id", f"'{question_id}' is used twice", keys["id"])
            low = self.number(keys["min"], f"{place}.min")
            high = self.number(keys["max"], f"{place}.max")
            if not math.isfinite(high - low):
                raise self.fail(
                    f"{place}.max", "the span max - min is too large to compute", keys["max"]
                )
            if not high > low:
                raise self.fail(
                    f"{place}.max", f"max {high:g} must exceed min {low:g}", keys["max"]
                )
            scale = "linear"
            if "scale" in keys:
                scale = self.text(keys["scale"], f"{place}.scale")
                if scale not in SCALES:
                    raise self.fail(
                        f"{place}.scale", f"'{scale}' is not linear or log", keys["scale"]
                    )
            if scale == "log" and low <= 0:
                raise self.fail(f"{place}.min", "a log question needs min > 0", keys["min"])
            bare = Question(
                id=question_id,
                text=self.text(keys["text"], f"{place}.text"),
                unit=self.optional_text(keys, "unit", place),
                min=low,
                max=high,
                scale=scale,
            )
            codebook = (
                self.codebook(keys["codebook"], f"{place}.codebook", bare)
                if ("codebook" in keys)
                else {}
            )
            questions[question_id] = replace(bare, codebook=codebook)
        return questions

    def codebook(self, node: Node, place: str, question: Question) -> dict[str, CodebookEntry]:
        if not isinstance(node, MappingNode):
            raise self.fail(place, "expected a mapping of label: reading", node)
        entries: dict[str, CodebookEntry] = {}
        for key_node, value_node in node.value:
            label = self.scalar(key_node, place)
            if not isinstance(label, str) or not label.strip() or not _is_utf8_text(label):
                raise self.fail(place, f"label {_shown(label)} must be text", key_node)
            if label in entries:
                raise self.fail(place, f"label '{label}' is written twice", key_node)
            entry_place = f"{place}.{label}"
            keys = self.mapping(
                value_node, entry_place, (), ("range", "at_least", "at_most", "rationale")
            )
            rationale = self.optional_text(keys, "rationale", entry_place)
            keys.pop("rationale", None)
            reading = self.reading_of(keys, value_node, entry_place, question, labels=False)
            entries[label] = CodebookEntry(reading, rationale)
        return entries

    def reading(self, node: Node, place: str, question: Question) -> Reading:
        keys = self.mapping(node, place, (), READING_KINDS)
        return self.reading_of(keys, node, place, question, labels=True)

    def reading_of(
        self, keys: dict[str, Node], node: Node, place: str, question: Question, labels: bool
    ) -> Reading:
        kinds = READING_KINDS if labels else READING_KINDS[:3]
        if len(keys) != 1:
            raise self.fail(place, f"give exactly one of {', '.join(kinds)}", node)
        kind, value = next(iter(keys.items()))
        where = f"{place}.{kind}"
        low, high = question.min, question.max
        if kind == "label":
            label = self.text(value, where)
            if label not in question.codebook:
                known = ", ".join(question.codebook) or "none"
                raise self.fail(
                    where,
                    f"label {_shown(label)} is not in the codebook of question '{question.id}' "
                    f"(known labels: {known})",
                    value,
                )
            entry = question.codebook[label].reading
            return Reading(entry.kind, entry.low, entry.high, label=label)
        if kind == "range":
            items = self.sequence(value, where)
            if len(items) != 2:
                raise self.fail(where, "a range is two numbers, [low, high]", value)
            a = self.number(items[0], f"{where}[0]")
            b = self.number(items[1], f"{where}[1]")
            if not a < b:
                raise self.fail(where, f"low end {a:g} must be below high end {b:g}", value)
            for number, item in ((a, items[0]), (b, items[1])):
                if not low <= number <= high:
                    raise self.fail(
                        where, f"{number:g} lies outside the question's [{low:g}, {high:g}]", item
                    )
            return Reading("range", a, b)
        number = self.number(value, where)
        if kind == "at_least" and not low <= number < high:
            raise self.fail(where, f"{number:g} must be at least {low:g} and below {high:g}", value)
        if kind == "at_most" and not low < number <= high:
            raise self.fail(where, f"{number:g} must be above {low:g} and at most {high:g}", value)
        return Reading(kind, low=number) if kind == "at_least" else Reading(kind, high=number)

    def sources(self, node: Node) -> dict[str, Source]:
        sources: dict[str, Source] = {}
        relays: list[tuple[str, str, Node]] = []
        for index, item in enumerate(self.sequence(node, "sources", non_empty=True)):
            place = f"sources[{index}]"
            keys = self.mapping(item, place, ("id", "name"), ("kind", "weight", "via", "note"))
            source_id = self.slug(keys["id"], f"{place}.id")
            if source_id in sources:
                raise self.fail(f"{place}.id", f"'{source_id}' is used twice", keys["id"])
            weight = DEFAULT_WEIGHT
            if "weight" in keys:
                weight = self.number(keys["weight"], f"{place}.weight")
                if not 0 <= weight <= 100:
                    raise self.fail(
                        f"{place}.weight", f"{weight:g} is outside 0..100", keys["weight"]
                    )
            via = []
            if "via" in keys:
                for position, relay_node in enumerate(self.sequence(keys["via"], f"{place}.via")):
                    relay_place = f"{place}.via[{position}]"
                    relay = self.slug(relay_node, relay_place)
                    if relay == source_id:
                        raise self.fail(relay_place, "a source cannot relay itself", relay_node)
                    via.append(relay)
                    relays.append((relay_place, relay, relay_node))
            sources[source_id] = Source(
                id=source_id,
                name=self.text(keys["name"], f"{place}.name"),
                kind=self.optional_text(keys, "kind", place),
                weight=weight,
                via=tuple(via),
                note=self.optional_text(keys, "note", place),
            )
        for relay_place, relay, relay_node in relays:
            if relay not in sources:
                raise self.fail(relay_place, f"no source has the id '{relay}'", relay_node)
        return sources

    def claims(
        self, node: Node, questions: dict[str, Question], sources: dict[str, Source]
    ) -> list[Claim]:
        claims: list[Claim] = []
        ids: dict[str, str] = {}
        claims_per_source: dict[str, int] = {}
        for index, item in enumerate(self.sequence(node, "claims", non_empty=True)):
            place = f"claims[{index}]"
            keys = self.mapping(
                item, place, ("source", "question", "quote", "reading"), ("id", "rationale")
            )
            source_id = self.slug(keys["source"], f"{place}.source")
            if source_id not in sources:
                raise self.fail(
                    f"{place}.source", f"no source has the id '{source_id}'", keys["source"]
                )
            question_id = self.slug(keys["question"], f"{place}.question")
            if question_id not in questions:
                raise self.fail(
                    f"{place}.question", f"no question has the id '{question_id}'", keys["question"]
                )
            claims_per_source[source_id] = claims_per_source.get(source_id, 0) + 1
            claim_id = (
                self.slug(keys["id"], f"{place}.id")
                if "id" in keys
                else f"{source_id}-{claims_per_source[source_id]}"
            )
            if not SLUG.fullmatch(claim_id):
                raise self.fail(
                    place, f"the default id '{claim_id}' is too long; give the claim an id", item
                )
            if claim_id in ids:
                raise self.fail(
                    f"{place}.id",
                    f"claim id '{claim_id}' is already used by {ids[claim_id]}; give this claim "
                    "an explicit id",
                    keys.get("id", item),
                )
            ids[claim_id] = place
            claims.append(
                Claim(
                    id=claim_id,
                    source=source_id,
                    question=question_id,
                    quote=self.text(keys["quote"], f"{place}.quote"),
                    reading=self.reading(
                        keys["reading"], f"{place}.reading", questions[question_id]
                    ),
                    rationale=self.optional_text(keys, "rationale", place),
                )
            )
        return claims

    def check_quotes(self, node: Node, claims: list[Claim], document: Document) -> None:
        haystack = collapse_whitespace(document.text or "")
        for index, (item, claim) in enumerate(zip(node.value, claims, strict=True)):
            if collapse_whitespace(claim.quote) not in haystack:
                raise self.fail(
                    f"claims[{index}].quote",
                    f"the quote is not found word for word in '{document.file}'",
                    item,
                )


def collapse_whitespace(text: str) -> str:
    """Runs of white space as one space, ends trimmed: how quotes are compared."""
    return " ".join(text.split())


def surrounding_paragraph(document_text: str, quote: str) -> str | None:
    """The paragraph of the document (blank-line separated) that holds `quote`, if any."""
    needle = collapse_whitespace(quote)
    paragraphs = [collapse_whitespace(p) for p in re.split(r"\n\s*\n", document_text)]
    return next((p for p in paragraphs if needle in p), None)


def _shown(value: object, limit: int = 40) -> str:
    """A value quoted in a message: its repr, cut short; never fails, however large."""
    try:
        text = repr(value)
    except ValueError:  # an integer too long for Python to write out
        text = f"a {type(value).__name__} too long to show"
    return text if len(text) <= limit else text[:limit] + "…"


def _is_utf8_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _join(place: str, key: str) -> str:
    return f"{place}.{key}" if place else key
