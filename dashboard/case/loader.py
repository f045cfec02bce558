"""Loading and validating case files (spec section 1) into the dataclasses of `model`.

A case file is untrusted text. It is parsed with libyaml's safe parser into a node
tree, so that duplicate keys, anchors, aliases and tags can be refused and every
error can name its line; the tree is then read section by section as `schema`
declares. Problems are collected (up to `MAX_PROBLEMS`) and reported together in one
`CaseError` whose message names the file, each place and its line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from dashboard.case import schema
from dashboard.case.model import (
    AtLeast,
    AtMost,
    Case,
    Claim,
    CodebookEntry,
    Document,
    Question,
    Range,
    Reading,
    Scenario,
    Source,
)
from dashboard.case.quotes import QuoteFinder

UPLOAD_LIMIT_BYTES = 1_000_000
"""Uploaded case files are capped at 1 MB (spec section 1)."""

MAX_NESTING = 40
"""No valid case nests deeper than about six levels; far deeper is an attack."""

MAX_PROBLEMS = 10
"""A broken case lists at most this many problems: enough to fix a batch at once."""

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe parser when PyYAML was built with it (its wheels are)."""

YAML_MARKUP = re.compile(r"[&*!%]")
"""The characters that start an anchor, an alias, a tag or a directive."""

SLUG = re.compile(r"[a-z0-9_-]{1,64}")
SCALES = ("linear", "log")
READING_KINDS = ("range", "at_least", "at_most", "label")
RELIABILITY_LETTERS = "ABCDEF"
CREDIBILITY_NUMBERS = range(1, 7)
STR_TAG = "tag:yaml.org,2002:str"

COLON_HINT = "; a value that contains ': ' must be put in quotes, or use >- for long text"
"""What to do when a colon in a plain value breaks the YAML (the commonest slip)."""


class CaseError(ValueError):
    """A case file that breaks a rule; the message is meant for the user as is.

    The message is kept to one line whatever user text it quotes, so that the
    command line can print exactly one line and the page one alert.
    """

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


class Problem(Exception):
    """One rule broken at one place; collected, then reported in a `CaseError`."""

    def __init__(self, place: str, problem: str, node: Node | None = None) -> None:
        super().__init__(problem)
        where = f"{place}: " if place else ""
        line = f" (line {node.start_mark.line + 1})" if node is not None else ""
        self.text = f"{where}{problem}{line}"


class _TooMany(Exception):
    """Raised once `MAX_PROBLEMS` are collected: the rest of the file is not read."""


class DocumentSource(Protocol):
    def get(self, name: str, /) -> bytes | None: ...


def load_case_file(path: str | Path) -> Case:
    """Load a case from disk; its document file is read relative to it."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CaseError(f"{path.name}: cannot read the file ({error.strerror})") from None
    return load_case_bytes(data, path.name, documents=DocumentFolder(path.parent))


def load_case_bytes(
    data: bytes,
    name: str,
    documents: Mapping[str, bytes] | DocumentSource | None = None,
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
    root = compose(text, name)
    return Walker(name, documents).case(root)


class DocumentFolder:
    """Document files next to a case file on disk, confined to that folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()

    def get(self, relative: str, /) -> bytes | None:
        try:
            target = (self.folder / relative).resolve()
            if not target.is_relative_to(self.folder) or not target.is_file():
                return None
            return target.read_bytes()
        except (OSError, ValueError):  # a name the file system cannot take is not found
            return None


# --- YAML --------------------------------------------------------------------------------


def compose(text: str, name: str) -> Node:
    """Parse YAML text into a node tree, after refusing what no case file needs."""
    # Anchors, aliases, tags and directives each need one of these characters; a text
    # without any (most case files, and every generated one) skips the event scan, which
    # would parse the whole file a second time, and only has its depth checked.
    marked = YAML_MARKUP.search(text) is not None
    try:
        if marked:
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
        hint = COLON_HINT if "mapping values are not allowed" in problem else ""
        raise CaseError(f"{name}: not valid YAML{where}: {problem}{hint}") from None
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
    if not marked:
        _refuse_deep_nesting(root, name)
    return root


def _refuse_deep_nesting(root: Node, name: str) -> None:
    """Refuse a tree nested deeper than MAX_NESTING collections, walking it without recursion.

    Only for a text without aliases, so that every node is met once."""
    stack: list[tuple[Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, ScalarNode):
            continue
        depth += 1
        if depth > MAX_NESTING:
            raise _too_deep(name, f" (line {node.start_mark.line + 1})")
        if isinstance(node, MappingNode):
            stack.extend((child, depth) for pair in node.value for child in pair)
        else:
            stack.extend((child, depth) for child in node.value)


def _too_deep(name: str, line: str) -> CaseError:
    return CaseError(f"{name}: nested more than {MAX_NESTING} levels deep{line}")


def _refuse_hostile_events(text: str, name: str) -> None:
    """Refuse anchors, aliases, explicit tags and deep nesting before building any tree.

    Aliases are how a small file expands into a huge one; tags are how a loader is
    asked to build objects; deep nesting exhausts the recursive composer. The event
    stream shows all three without recursion.
    """
    depth = 0
    for event in yaml.parse(text, Loader=FAST_LOADER):
        line = f" (line {event.start_mark.line + 1})" if event.start_mark else ""
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise CaseError(f"{name}: YAML anchors and aliases are not allowed in case files{line}")
        tag = getattr(event, "tag", None)
        if tag:
            raise CaseError(f"{name}: YAML tags such as {tag} are not allowed{line}")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                raise _too_deep(name, line)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


# --- the walker ----------------------------------------------------------------------------


class Walker:
    """Reads the node tree of one case file as `schema` declares, collecting problems."""

    def __init__(self, name: str, documents: Mapping[str, bytes] | DocumentSource | None):
        self.name = name
        self.documents = documents
        self.problems: list[str] = []
        self.broken_questions: set[str] = set()
        self.broken_sources: set[str] = set()
        self._constructor = yaml.SafeLoader("")

    # --- problems --------------------------------------------------------------------

    def record(self, problem: Problem) -> None:
        self.problems.append(problem.text)
        if len(self.problems) >= MAX_PROBLEMS:
            raise _TooMany

    @contextmanager
    def guard(self, item: Node | None = None, broken_ids: set[str] | None = None) -> Iterator[None]:
        """Record a problem raised inside and go on with the next item.

        When the item was an entry with an id, the id is remembered in `broken_ids`, so
        that references to it raise no second, misleading problem.
        """
        try:
            yield
        except (Problem, _Recorded) as stop:
            if isinstance(stop, Problem):
                self.record(stop)
            if broken_ids is not None and item is not None:
                item_id = dict(_mapping_items(item)).get("id")
                broken_ids.add(item_id.value if isinstance(item_id, ScalarNode) else "")

    def error(self, capped: bool = False) -> CaseError:
        if len(self.problems) == 1:
            return CaseError(f"{self.name}: {self.problems[0]}")
        count = f"at least {len(self.problems)}" if capped else str(len(self.problems))
        return CaseError(f"{self.name}: {count} problems: " + "; ".join(self.problems))

    # --- generic node access ---------------------------------------------------------

    def read(self, section: schema.Section, node: Node, place: str) -> dict[str, Any]:
        """A section's keys, each read by its parser (or kept as a node), defaults filled.

        Unknown, doubled and missing keys are refused; a key whose value is wrong is
        recorded and the rest of the section still read, so one pass names them all.
        """
        if not isinstance(node, MappingNode):
            required = section.required or section.names
            raise Problem(place, f"expected a mapping with keys {', '.join(required)}", node)
        keys: dict[str, Node] = {}
        allowed = section.names
        for key_node, value_node in node.value:
            name = self.scalar(key_node, place)
            if not isinstance(name, str):
                raise Problem(place, f"key {shown(name)} must be text", key_node)
            if name in keys:
                raise Problem(place, f"key '{name}' is written twice", key_node)
            if name not in allowed:
                hint = f"; allowed keys are {', '.join(allowed)}"
                raise Problem(join(place, name), f"unknown key '{name}'{hint}", key_node)
            keys[name] = value_node
        for needed in section.required:
            if needed not in keys:
                raise Problem(place, f"missing required key '{needed}'", node)
        values: dict[str, Any] = {}
        broken = False
        for key in section.keys:
            if key.name not in keys:
                values[key.name] = key.default
            elif key.parse is None:
                values[key.name] = keys[key.name]
            else:
                try:
                    values[key.name] = key.parse(self, keys[key.name], join(place, key.name))
                except Problem as problem:
                    self.record(problem)
                    broken = True
        if broken:
            raise _Recorded(values)
        return values

    def sequence(self, node: Node, place: str, *, non_empty: bool = False) -> list[Node]:
        if not isinstance(node, SequenceNode):
            raise Problem(place, "expected a list", node)
        if non_empty and not node.value:
            raise Problem(place, "needs at least one entry", node)
        return list(node.value)

    def scalar(self, node: Node, place: str) -> Any:
        if not isinstance(node, ScalarNode):
            raise Problem(place, "expected a single value, not a list or mapping", node)
        if node.tag == STR_TAG:
            return node.value
        try:
            return self._constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError):
            raise Problem(place, f"cannot read the value {node.value[:40]!r}", node) from None

    def text(self, node: Node, place: str, *, allow_empty: bool = False) -> str:
        value = self.scalar(node, place)
        if not isinstance(value, str):
            raise Problem(place, f"expected text, got {shown(value)}; put it in quotes", node)
        if not allow_empty and not value.strip():
            raise Problem(place, "must not be empty", node)
        if not is_utf8_text(value):
            raise Problem(
                place,
                "holds an unpaired surrogate escape such as \\ud800; write the character",
                node,
            )
        return value

    def optional_text(self, node: Node, place: str) -> str:
        return self.text(node, place, allow_empty=True)

    def slug(self, node: Node, place: str) -> str:
        value = self.scalar(node, place)
        if not isinstance(value, str) or not SLUG.fullmatch(value):
            raise Problem(
                place, f"{shown(value)} is not an id: use 1 to 64 of a-z, 0-9, '_' and '-'", node
            )
        return value

    def slug_list(self, node: Node, place: str) -> tuple[str, ...]:
        return tuple(
            self.slug(item, f"{place}[{i}]") for i, item in enumerate(self.sequence(node, place))
        )

    def number(self, node: Node, place: str) -> float:
        value = self.scalar(node, place)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Problem(place, f"expected a number, got {shown(value)}", node)
        try:
            number = float(value)
        except OverflowError:
            raise Problem(place, "the number is too large", node) from None
        if not math.isfinite(number):
            raise Problem(place, f"expected a finite number, got {value}", node)
        return number

    def weight(self, node: Node, place: str) -> float:
        weight = self.number(node, place)
        if not 0 <= weight <= 100:
            raise Problem(place, f"{weight:g} is outside 0..100", node)
        return weight

    def scale(self, node: Node, place: str) -> str:
        scale = self.text(node, place)
        if scale not in SCALES:
            raise Problem(place, f"'{scale}' is not linear or log", node)
        return scale

    def reliability(self, node: Node, place: str) -> str:
        value = self.scalar(node, place)
        if not isinstance(value, str) or value not in RELIABILITY_LETTERS or len(value) != 1:
            raise Problem(
                place, f"{shown(value)} is not a source grade: use one letter from A to F", node
            )
        return value

    def credibility(self, node: Node, place: str) -> int:
        value = self.scalar(node, place)
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value not in CREDIBILITY_NUMBERS
        ):
            raise Problem(
                place,
                f"{shown(value)} is not an information grade: use a whole number 1 to 6",
                node,
            )
        return value

    def document_field(self, node: Node, place: str) -> str:
        # YAML reads an unquoted 2024-11-20 as a date; a document's fields are text.
        if isinstance(node, ScalarNode) and node.tag.endswith(":timestamp"):
            return str(node.value)
        return self.text(node, place, allow_empty=True)

    # --- the sections ----------------------------------------------------------------

    def case(self, root: Node) -> Case:
        try:
            built = self._case(root)
        except Problem as problem:
            self.problems.append(problem.text)
            raise self.error() from None
        except _Recorded:
            raise self.error() from None
        except _TooMany:
            raise self.error(capped=True) from None
        if self.problems or built is None:
            raise self.error()
        return built

    def _case(self, root: Node) -> Case | None:
        try:
            top = self.read(schema.CASE, root, "")
        except _Recorded as broken:  # a bad title: go on to name the other problems too
            top = {**{key.name: key.default for key in schema.CASE.keys}, **broken.values}
        document = None
        if top["document"] is not None:
            with self.guard():
                document = self.document(top["document"])
        questions: dict[str, Question] = {}
        with self.guard():
            questions = self.questions(top["questions"])
        sources: dict[str, Source] = {}
        with self.guard():
            sources = self.sources(top["sources"])
        claims: list[Claim] = []
        with self.guard():
            claims = self.claims(top["claims"], questions, sources)
        scenarios: list[Scenario] = []
        if top["scenarios"] is not None:
            with self.guard():
                scenarios = self.scenarios(top["scenarios"], questions, sources)
        quotes_checked = True
        if document is not None and document.file:
            if document.text is None:
                quotes_checked = False
            elif not self.problems:
                self.check_quotes(top["claims"], claims, document)
        if self.problems:
            return None
        return Case(
            title=top["title"],
            description=top["description"],
            document=document,
            questions=tuple(questions.values()),
            sources=tuple(sources.values()),
            claims=tuple(claims),
            quotes_checked=quotes_checked,
            scenarios=tuple(scenarios),
        )

    def document(self, node: Node) -> Document:
        values = self.read(schema.DOCUMENT, node, "document")
        keys = dict(_mapping_items(node))
        file = values["file"]
        text = self.document_text(file, keys.get("file")) if file else None
        return Document(**values, text=text)

    def document_text(self, file: str, node: Node | None) -> str | None:
        relative = PurePosixPath(file)
        if relative.is_absolute() or ".." in relative.parts or "\\" in file:
            raise Problem(
                "document.file", "must be a file name beside the case file, without '..'", node
            )
        if self.documents is None:
            return None
        data = self.documents.get(file)
        if data is None:
            if isinstance(self.documents, DocumentFolder):
                raise Problem("document.file", f"'{file}' not found beside the case file", node)
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise Problem("document.file", f"'{file}' is not UTF-8 text", node) from None

    def questions(self, node: Node) -> dict[str, Question]:
        questions: dict[str, Question] = {}
        for index, item in enumerate(self.sequence(node, "questions", non_empty=True)):
            place = f"questions[{index}]"
            with self.guard(item, self.broken_questions):
                question = self.question(item, place)
                if question.id in questions:
                    id_node = dict(_mapping_items(item))["id"]
                    raise Problem(f"{place}.id", f"'{question.id}' is used twice", id_node)
                questions[question.id] = question
        return questions

    def question(self, item: Node, place: str) -> Question:
        values = self.read(schema.QUESTION, item, place)
        keys = dict(_mapping_items(item))
        low, high = values["min"], values["max"]
        if not math.isfinite(high - low):
            raise Problem(f"{place}.max", "the span max - min is too large to compute", keys["max"])
        if not high > low:
            raise Problem(f"{place}.max", f"max {high:g} must exceed min {low:g}", keys["max"])
        if values["scale"] == "log" and low <= 0:
            raise Problem(f"{place}.min", "a log question needs min > 0", keys["min"])
        codebook_node = values.pop("codebook")
        bare = Question(**values)
        if codebook_node is None:
            return bare
        codebook = self.codebook(codebook_node, f"{place}.codebook", bare)
        return Question(**{**values, "codebook": codebook})

    def codebook(self, node: Node, place: str, question: Question) -> dict[str, CodebookEntry]:
        if not isinstance(node, MappingNode):
            raise Problem(place, "expected a mapping of label: reading", node)
        entries: dict[str, CodebookEntry] = {}
        for key_node, value_node in node.value:
            label = self.scalar(key_node, place)
            if not isinstance(label, str) or not label.strip() or not is_utf8_text(label):
                raise Problem(place, f"label {shown(label)} must be text", key_node)
            if label in entries:
                raise Problem(place, f"label '{label}' is written twice", key_node)
            entry_place = f"{place}.{label}"
            values = self.read(schema.CODEBOOK_ENTRY, value_node, entry_place)
            rationale = values.pop("rationale")
            reading = self.reading_of(values, value_node, entry_place, question)
            entries[label] = CodebookEntry(reading, rationale)
        return entries

    def reading(self, node: Node, place: str, question: Question) -> Reading:
        """A claim's reading: a figure, or a label of the question's codebook."""
        values = self.read(schema.READING, node, place)
        label_node = values.pop("label")
        if label_node is None:
            return self.reading_of(values, node, place, question)
        if any(value is not None for value in values.values()):
            raise Problem(place, f"give exactly one of {', '.join(READING_KINDS)}", node)
        where = f"{place}.label"
        label = self.text(label_node, where)
        if label not in question.codebook:
            known = ", ".join(question.codebook) or "none"
            raise Problem(
                where,
                f"label {shown(label)} is not in the codebook of question '{question.id}' "
                f"(known labels: {known})",
                label_node,
            )
        return question.codebook[label].reading.with_label(label)

    def reading_of(
        self, values: Mapping[str, Node | None], node: Node, place: str, question: Question
    ) -> Reading:
        """A figure reading from its one key (range, at_least or at_most), checked against the
        question's domain."""
        given = {kind: value for kind, value in values.items() if value is not None}
        if len(given) != 1:
            kinds = READING_KINDS if "label" in values else READING_KINDS[:3]
            raise Problem(place, f"give exactly one of {', '.join(kinds)}", node)
        kind, value = next(iter(given.items()))
        where = f"{place}.{kind}"
        low, high = question.min, question.max
        if kind == "range":
            items = self.sequence(value, where)
            if len(items) != 2:
                raise Problem(where, "a range is two numbers, [low, high]", value)
            a = self.number(items[0], f"{where}[0]")
            b = self.number(items[1], f"{where}[1]")
            if not a < b:
                raise Problem(where, f"low end {a:g} must be below high end {b:g}", value)
            for number, item in ((a, items[0]), (b, items[1])):
                if not low <= number <= high:
                    raise Problem(
                        where, f"{number:g} lies outside the question's [{low:g}, {high:g}]", item
                    )
            return Range(a, b)
        number = self.number(value, where)
        if kind == "at_least":
            if not low <= number < high:
                raise Problem(
                    where, f"{number:g} must be at least {low:g} and below {high:g}", value
                )
            return AtLeast(number)
        if not low < number <= high:
            raise Problem(where, f"{number:g} must be above {low:g} and at most {high:g}", value)
        return AtMost(number)

    def sources(self, node: Node) -> dict[str, Source]:
        sources: dict[str, Source] = {}
        relays: list[tuple[str, str, Node]] = []
        for index, item in enumerate(self.sequence(node, "sources", non_empty=True)):
            place = f"sources[{index}]"
            with self.guard(item, self.broken_sources):
                values = self.read(schema.SOURCE, item, place)
                keys = dict(_mapping_items(item))
                source_id = values["id"]
                if source_id in sources:
                    raise Problem(f"{place}.id", f"'{source_id}' is used twice", keys["id"])
                for position, relay in enumerate(values["via"]):
                    relay_node = keys["via"].value[position]
                    relay_place = f"{place}.via[{position}]"
                    if relay == source_id:
                        raise Problem(relay_place, "a source cannot relay itself", relay_node)
                    relays.append((relay_place, relay, relay_node))
                sources[source_id] = Source(**values)
        for relay_place, relay, relay_node in relays:
            if relay not in sources and not self.broken_sources:
                self.record(Problem(relay_place, f"no source has the id '{relay}'", relay_node))
        return sources

    def claims(
        self, node: Node, questions: dict[str, Question], sources: dict[str, Source]
    ) -> list[Claim]:
        claims: list[Claim] = []
        ids: dict[str, str] = {}
        claims_per_source: dict[str, int] = {}
        for index, item in enumerate(self.sequence(node, "claims", non_empty=True)):
            place = f"claims[{index}]"
            with self.guard():
                values = self.read(schema.CLAIM, item, place)
                keys = dict(_mapping_items(item))
                source_id, question_id = values["source"], values["question"]
                claims_per_source[source_id] = claims_per_source.get(source_id, 0) + 1
                # A reference to an entry that was itself refused adds no second problem.
                if question_id not in questions and self.broken_questions:
                    continue
                if source_id not in sources and not self.broken_sources:
                    raise Problem(
                        f"{place}.source", f"no source has the id '{source_id}'", keys["source"]
                    )
                if question_id not in questions:
                    raise Problem(
                        f"{place}.question",
                        f"no question has the id '{question_id}'",
                        keys["question"],
                    )
                claim_id = values["id"] or f"{source_id}-{claims_per_source[source_id]}"
                if not SLUG.fullmatch(claim_id):
                    raise Problem(
                        place,
                        f"the default id '{claim_id}' is too long; give the claim an id",
                        item,
                    )
                if claim_id in ids:
                    raise Problem(
                        f"{place}.id",
                        f"claim id '{claim_id}' is already used by {ids[claim_id]}; "
                        "give this claim an explicit id",
                        keys.get("id", item),
                    )
                ids[claim_id] = place
                values["id"] = claim_id
                values["reading"] = self.reading(
                    values["reading"], f"{place}.reading", questions[question_id]
                )
                claims.append(Claim(**values))
        return claims

    def scenarios(
        self, node: Node, questions: dict[str, Question], sources: dict[str, Source]
    ) -> list[Scenario]:
        scenarios: dict[str, Scenario] = {}
        for index, item in enumerate(self.sequence(node, "scenarios")):
            place = f"scenarios[{index}]"
            with self.guard():
                self.scenario(item, place, scenarios, questions, sources)
        return list(scenarios.values())

    def scenario(
        self,
        item: Node,
        place: str,
        scenarios: dict[str, Scenario],
        questions: dict[str, Question],
        sources: dict[str, Source],
    ) -> None:
        values = self.read(schema.SCENARIO, item, place)
        if values["id"] in scenarios:
            id_node = dict(_mapping_items(item))["id"]
            raise Problem(f"{place}.id", f"'{values['id']}' is used twice", id_node)
        weights_node, readings_node = values.pop("weights"), values.pop("readings")
        weights = (
            self.scenario_weights(weights_node, f"{place}.weights", sources)
            if weights_node is not None
            else {}
        )
        readings = (
            self.scenario_readings(readings_node, f"{place}.readings", questions)
            if readings_node is not None
            else {}
        )
        scenarios[values["id"]] = Scenario(**values, weights=weights, readings=readings)

    def scenario_weights(
        self, node: Node, place: str, sources: dict[str, Source]
    ) -> dict[str, float]:
        if not isinstance(node, MappingNode):
            raise Problem(place, "expected a mapping of source id: weight", node)
        weights: dict[str, float] = {}
        for key_node, value_node in node.value:
            source_id = self.slug(key_node, place)
            if source_id in weights:
                raise Problem(place, f"source '{source_id}' is written twice", key_node)
            if source_id not in sources and self.broken_sources:
                continue
            if source_id not in sources:
                raise Problem(
                    join(place, source_id), f"no source has the id '{source_id}'", key_node
                )
            weights[source_id] = self.weight(value_node, join(place, source_id))
        return weights

    def scenario_readings(
        self, node: Node, place: str, questions: dict[str, Question]
    ) -> dict[tuple[str, str], Reading]:
        if not isinstance(node, MappingNode):
            raise Problem(place, "expected a mapping of question.label: reading", node)
        readings: dict[tuple[str, str], Reading] = {}
        for key_node, value_node in node.value:
            key = self.text(key_node, place)
            where = join(place, key)
            question_id, dot, label = key.partition(".")
            if not dot:
                raise Problem(where, f"{shown(key)} is not question.label", key_node)
            if question_id not in questions and self.broken_questions:
                continue
            if question_id not in questions:
                raise Problem(where, f"no question has the id {shown(question_id)}", key_node)
            question = questions[question_id]
            if label not in question.codebook:
                known = ", ".join(question.codebook) or "none"
                raise Problem(
                    where,
                    f"label {shown(label)} is not in the codebook of question '{question_id}' "
                    f"(known labels: {known})",
                    key_node,
                )
            if (question_id, label) in readings:
                raise Problem(place, f"key '{key}' is written twice", key_node)
            values = self.read(schema.CODEBOOK_ENTRY, value_node, where)
            values.pop("rationale")
            readings[question_id, label] = self.reading_of(values, value_node, where, question)
        return readings

    def check_quotes(self, node: Node, claims: list[Claim], document: Document) -> None:
        """Every quote must occur in the document; a miss names the closest passage."""
        finder = QuoteFinder(document.text or "")
        for index, (item, claim) in enumerate(zip(node.value, claims, strict=True)):
            mismatch = finder.mismatch(claim.quote)
            if mismatch is not None:
                self.record(
                    Problem(
                        f"claims[{index}].quote",
                        f"the quote is not found word for word in '{document.file}'{mismatch}",
                        item,
                    )
                )


class _Recorded(Exception):
    """A section whose problems were already recorded: skip the item, go on."""

    def __init__(self, values: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.values = values or {}


def _mapping_items(node: Node) -> list[tuple[str, Node]]:
    """The (key text, value node) pairs of a mapping already read by `Walker.read`."""
    if not isinstance(node, MappingNode):
        return []
    return [(k.value, v) for k, v in node.value if isinstance(k, ScalarNode)]


def shown(value: object, limit: int = 40) -> str:
    """A value quoted in a message: its repr, cut short; never fails, however large."""
    try:
        text = repr(value)
    except ValueError:  # an integer too long for Python to write out
        text = f"a {type(value).__name__} too long to show"
    return text if len(text) <= limit else text[:limit] + "…"


def is_utf8_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def join(place: str, key: str) -> str:
    return f"{place}.{key}" if place else key
