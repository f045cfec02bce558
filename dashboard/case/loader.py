"""Loading and validating case files (spec section 1) into the dataclasses of `model`.

A case file is untrusted text. It is parsed with libyaml's safe parser into a node
tree, so that duplicate keys, anchors, aliases and tags can be refused and every
error can name its line; the tree is then read section by section as `schema`
declares. Every problem of the file, references and quotes included, is collected in the
same pass (up to `MAX_PROBLEMS`) and reported together in one `CaseError`: the page lists
them all, the command line prints the first and how many more.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any, Protocol, TypeGuard

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
    shown,
)
from dashboard.case.quotes import QuoteFinder

UPLOAD_LIMIT_BYTES = 1_000_000
"""Uploaded case files are capped at 1 MB (spec section 1)."""

MAX_NESTING = 40
"""No valid case nests deeper than about six levels; far deeper is an attack."""

MAX_PROBLEMS = 20
"""A broken case lists at most this many problems (spec section 1): enough to fix a batch at
once, few enough to read."""

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe parser when PyYAML was built with it (its wheels are)."""

YAML_MARKUP = re.compile(r"[&*!%]")
"""The characters that start an anchor, an alias, a tag or a directive."""

SLUG = re.compile(r"[a-z0-9_-]{1,64}")
SCALES = ("linear", "log")
READING_KINDS = ("range", "at_least", "at_most", "label")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
"""A BCP 47 tag as cases use it: a two- or three-letter language, then optional subtags
(`en`, `ru`, `pt-BR`, `sr-Latn`)."""
RELIABILITY_LETTERS = "ABCDEF"
CREDIBILITY_NUMBERS = range(1, 7)
STR_TAG = "tag:yaml.org,2002:str"

QUOTE_MARKS = "\"'"
WEIGHT_RANGE = range(0, 101)
"""A trust weight is a whole number from 0 to 100, as on the slider and in a link."""


class CaseError(ValueError):
    """A case file that breaks rules; its texts are meant for the user as they are.

    `problems` holds each problem on one line, naming its place and line (at most
    `MAX_PROBLEMS`; `capped` when the file was not read to its end). `str(error)` is one
    line whatever user text it quotes: the file, the first problem and how many more, so
    that the command line prints exactly one line.
    """

    def __init__(self, name: str, problems: Sequence[str], *, capped: bool = False) -> None:
        self.name = name
        self.problems = tuple(" ".join(problem.split()) for problem in problems)
        self.capped = capped
        more = len(self.problems) - 1
        at_least = "at least " if capped else ""
        tail = f" (and {at_least}{more} more problem{'s' if more != 1 else ''})" if more else ""
        super().__init__(" ".join(f"{name}: {self.problems[0]}{tail}".split()))


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
        raise CaseError(path.name, [f"cannot read the file ({error.strerror})"]) from None
    return load_case_bytes(data, path.name, documents=DocumentFolder(path.parent))


def load_case_bytes(
    data: bytes,
    name: str,
    documents: Mapping[str, bytes] | DocumentSource | None = None,
    max_bytes: int | None = None,
) -> Case:
    """Load a case from raw bytes (an upload, or a file already read).

    `documents` supplies document files by name; when the case names one that is
    missing, the case still loads with `quotes_checked` False. Given as a mapping (an
    upload's other files), a lone file stands for the case's one document file whatever
    its name (spec section 1). `max_bytes` caps the size, as for uploads.
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise CaseError(
            name, [f"the file is {len(data):,} bytes; uploads are limited to {max_bytes:,} bytes"]
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CaseError(
            name,
            [f"not UTF-8 text (invalid byte at offset {error.start}); save the case file as UTF-8"],
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
        problem = error.problem or error.context or "not valid YAML"
        if "nesting depth" in problem:  # libyaml's own limit (1,000) meets ours first here
            mark = error.problem_mark or error.context_mark
            where = f" (line {_line_of(mark, text)}, column {mark.column + 1})" if mark else ""
            raise _too_deep(name, where) from None
        raise CaseError(name, [syntax_problem(error, text)]) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        character = error.character
        shown = f"U+{character:04X}" if isinstance(character, int) else f"U+{ord(character):04X}"
        raise CaseError(
            name, [f"not valid YAML (line {line}): the character {shown} is not allowed; remove it"]
        ) from None
    except yaml.YAMLError as error:
        raise CaseError(name, [f"not valid YAML: {error}"]) from None
    if root is None or (isinstance(root, ScalarNode) and root.tag.endswith(":null")):
        raise CaseError(
            name, ["the file is empty; a case needs title, questions, sources and claims"]
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
    return CaseError(name, [f"nested more than {MAX_NESTING} levels deep{line}"])


def _line_of(mark: yaml.Mark, text: str) -> int:
    # libyaml puts the end of a file without a final newline on a line of its own.
    return min(mark.line + 1, text.count("\n") + 1)


def syntax_problem(error: yaml.MarkedYAMLError, text: str) -> str:
    """A YAML syntax error in plain words: what was found, where, and the usual fix.

    libyaml's own words ("found character that cannot start any token") name the parser's
    state, not the author's slip; the three common slips are a tab used for indentation, a
    quote left open (or text after a closing quote) and a colon inside an unquoted text.
    """
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return f"not valid YAML: {error.problem or error.context}"
    line, column = _line_of(mark, text), mark.column + 1
    where = f"not valid YAML (line {line}, column {column})"
    found = text[mark.index] if mark.index < len(text) else ""
    problem = error.problem or ""
    row = text.split("\n")[mark.line] if mark.line < text.count("\n") + 1 else ""
    opened = error.context_mark
    if found == "\t" or "tab character" in problem:
        return f"{where}: a tab is used for indentation; indent with spaces only"
    if "scanning a quoted scalar" in (error.context or "") and opened is not None:
        return (
            f"{where}: the quote opened at line {opened.line + 1}, column {opened.column + 1} "
            "is never closed; end the text with the same quote mark"
        )
    before = row[: mark.column].rstrip()
    if "did not find expected key" in problem and before and before[-1] in QUOTE_MARKS:
        return (
            f"{where}: text follows a closing quote; a value that starts with a quote mark "
            "ends at the matching one, so put the whole value in quotes (a quote mark inside "
            'it doubled in single quotes, or written \\" in double quotes)'
        )
    if "mapping values are not allowed" in problem:
        if ": " in row[: mark.column - 1]:
            return (
                f"{where}: a colon followed by a space inside an unquoted text; put the text "
                "in quotes, or use >- for long text"
            )
        return f"{where}: a key indented deeper than the keys above it; line it up with them"
    if "did not find expected ',' or" in problem and opened is not None:
        closing = problem[-2]
        return (
            f"{where}: the list or mapping opened at line {opened.line + 1}, column "
            f"{opened.column + 1} is not closed with '{closing}', or its items are not "
            "separated by commas"
        )
    if "did not find expected key" in problem:
        return (
            f"{where}: found something other than a key: check this line's indentation and "
            "that it reads key: value"
        )
    return f"{where}: {problem or error.context}; check the indentation and quoting here"


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
            raise CaseError(name, [f"YAML anchors and aliases are not allowed in case files{line}"])
        tag = getattr(event, "tag", None)
        if tag:
            raise CaseError(name, [f"YAML tags such as {tag} are not allowed{line}"])
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
        return CaseError(self.name, self.problems, capped=capped)

    # --- generic node access ---------------------------------------------------------

    def read(self, section: schema.Section, node: Node, place: str) -> dict[str, Any]:
        """A section's keys, each read by its parser (or kept as a node), defaults filled.

        Unknown, doubled and missing keys and wrong values are each recorded and the rest
        of the section still read, so one pass names them all; a section with any problem
        ends in `_Recorded`, carrying the values that could be read (a missing one is
        `schema.REQUIRED`).
        """
        if not isinstance(node, MappingNode):
            required = section.required or section.names
            raise Problem(place, f"expected a mapping with keys {', '.join(required)}", node)
        keys: dict[str, Node] = {}
        allowed = section.names
        broken = False
        for key_node, value_node in node.value:
            try:
                keys.update(self._key(key_node, value_node, place, keys, allowed))
            except Problem as problem:
                self.record(problem)
                broken = True
        for needed in section.required:
            if needed not in keys:
                self.record(Problem(place, f"missing required key '{needed}'", node))
                broken = True
        values: dict[str, Any] = {}
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
                    values[key.name] = schema.REQUIRED
                    broken = True
        if broken:
            raise _Recorded(values)
        return values

    def _key(
        self, key_node: Node, value_node: Node, place: str, seen: dict[str, Node], allowed: Any
    ) -> dict[str, Node]:
        """One key of a section with its value node, refused when unknown or doubled."""
        name = self.scalar(key_node, place)
        if not isinstance(name, str):
            raise Problem(place, f"key {shown(name)} must be text", key_node)
        if name in seen:
            raise Problem(place, f"key '{name}' is written twice", key_node)
        if name not in allowed:
            hint = f"; allowed keys are {', '.join(allowed)}"
            raise Problem(join(place, name), f"unknown key '{name}'{hint}", key_node)
        return {name: value_node}

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
        """A trust weight: a YAML integer 0..100 (spec section 1), never 62.5, "60" or true.

        A fractional default would be rounded by the slider, and a fresh case would then say
        it was moved from its defaults."""
        value = self.scalar(node, place)
        if isinstance(value, float):
            raise Problem(
                place,
                f"{shown(value)} is not a whole number; a weight is a whole number from 0 to "
                f"100: {_whole_numbers_near(value)}",
                node,
            )
        if isinstance(value, bool) or not isinstance(value, int):
            unquote = "; remove the quotes" if isinstance(value, str) and value.isdigit() else ""
            raise Problem(
                place, f"expected a whole number from 0 to 100, got {shown(value)}{unquote}", node
            )
        if value not in WEIGHT_RANGE:
            raise Problem(place, f"{shown(value)} is outside 0..100", node)
        return float(value)

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

    def language(self, node: Node, place: str) -> str:
        value = self.scalar(node, place)
        if not isinstance(value, str) or not LANGUAGE_TAG.fullmatch(value):
            raise Problem(
                place,
                f"{shown(value)} is not a BCP 47 language tag: write the two-letter code, "
                "such as en, ru or uk",
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
        documents = self.case_documents(top["document"], top["documents"])
        questions: dict[str, Question] = {}
        if _given(top["questions"]):
            with self.guard():
                questions = self.questions(top["questions"])
        sources: dict[str, Source] = {}
        if _given(top["sources"]):
            with self.guard():
                sources = self.sources(top["sources"])
        claims: list[Claim] = []
        if _given(top["claims"]):
            with self.guard():
                claims = self.claims(top["claims"], questions, sources, documents)
        scenarios: list[Scenario] = []
        if _given(top["scenarios"]):
            with self.guard():
                scenarios = self.scenarios(top["scenarios"], questions, sources)
        if self.problems:
            return None
        listed = tuple(documents.listed.values()) if documents.listed is not None else ()
        return Case(
            title=top["title"],
            description=top["description"],
            document=documents.single,
            documents=listed,
            questions=tuple(questions.values()),
            sources=tuple(sources.values()),
            claims=tuple(claims),
            quotes_checked=not any(
                d.file and d.text is None for d in (documents.single, *listed) if d is not None
            ),
            scenarios=tuple(scenarios),
        )

    # --- documents -------------------------------------------------------------------

    def case_documents(self, single_node: Node | None, list_node: Node | None) -> _Documents:
        """The case's `document` or `documents`, each with its text where its file was given."""
        documents = _Documents()
        if _given(single_node) and _given(list_node):
            self.record(
                Problem(
                    "document",
                    "a case has `document` or `documents`, not both; move this document into "
                    "the `documents` list (with an id), or remove it",
                    single_node,
                )
            )
        entries: list[tuple[Document, str, Node | None]] = []
        if _given(single_node) and not _given(list_node):
            with self.guard():
                entries.append(self.document_entry(single_node, "document", schema.DOCUMENT))
                documents.single = entries[0][0]
        elif _given(list_node):  # with both, the claims' `document` keys are read against it
            documents.listed = {}
            with self.guard():
                items = self.sequence(list_node, "documents", non_empty=True)
                documents.readable = True
                for index, item in enumerate(items):
                    place = f"documents[{index}]"
                    with self.guard(item, documents.broken):
                        entry = self.document_entry(item, place, schema.LISTED_DOCUMENT)
                        if entry[0].id in documents.listed:
                            raise Problem(
                                f"{place}.id", f"'{entry[0].id}' is used twice", item.value[0][1]
                            )
                        documents.listed[entry[0].id] = entry[0]
                        entries.append(entry)
        lone = self.lone_upload({document.file for document, _, _ in entries if document.file})
        for document, place, file_node in entries:
            if not document.file:
                continue
            with self.guard():
                read = self.document_text(document.file, place, file_node, lone)
                if document.id:
                    documents.listed[document.id] = read(document)  # type: ignore[index]
                else:
                    documents.single = read(document)
        return documents

    def document_entry(
        self, node: Node, place: str, section: schema.Section
    ) -> tuple[Document, str, Node | None]:
        """A document's fields (its text read later), the place of its file and that key."""
        values = self.read(section, node, place)
        return Document(**values), f"{place}.file", dict(_mapping_items(node)).get("file")

    def lone_upload(self, files: set[str]) -> str | None:
        """The one file uploaded with a case that names one document file, when its name
        differs: it is that document whatever its name (spec section 1)."""
        if not isinstance(self.documents, Mapping) or len(files) != 1 or len(self.documents) != 1:
            return None
        (only,) = self.documents
        return None if only in files else only

    def document_text(
        self, file: str, place: str, node: Node | None, lone: str | None
    ) -> Callable[[Document], Document]:
        """How to fill in a document's text from its file (or from the lone upload `lone`);
        a file not supplied with an upload leaves the text None."""
        relative = PurePosixPath(file)
        if relative.is_absolute() or ".." in relative.parts or "\\" in file:
            raise Problem(place, "must be a file name beside the case file, without '..'", node)
        if self.documents is None:
            return lambda document: document
        name = lone or file
        data = self.documents.get(name)
        if data is None:
            if isinstance(self.documents, DocumentFolder):
                raise Problem(place, f"'{file}' not found beside the case file", node)
            return lambda document: document
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise Problem(place, f"'{name}' is not UTF-8 text; save it as UTF-8", node) from None
        if not text.strip():
            raise Problem(place, f"'{name}' is empty; a document holds the text quoted", node)
        if "\0" in text:
            raise Problem(place, f"'{name}' holds a NUL character, so it is not plain text", node)
        return lambda document: replace(document, text=text, uploaded_as=lone or "")

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
        threshold = values["threshold"]
        if threshold is not None and not low < threshold < high:
            raise Problem(
                f"{place}.threshold",
                f"{threshold:g} {_beside_bounds(threshold, low, high)}; "
                "a threshold lies strictly between min and max",
                keys["threshold"],
            )
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
        labels: set[str] = set()
        start = len(self.problems)
        for key_node, value_node in node.value:
            with self.guard():
                label = self.scalar(key_node, place)
                if not isinstance(label, str) or not label.strip() or not is_utf8_text(label):
                    raise Problem(place, f"label {shown(label)} must be text", key_node)
                if label in labels:
                    raise Problem(place, f"label '{label}' is written twice", key_node)
                labels.add(label)
                entry_place = f"{place}.{label}"
                values = self.read(schema.CODEBOOK_ENTRY, value_node, entry_place)
                rationale = values.pop("rationale")
                reading = self.reading_of(values, value_node, entry_place, question)
                entries[label] = CodebookEntry(reading, rationale)
        if len(self.problems) > start:
            raise _Recorded()
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
        if missing := question.missing_label(label):
            raise Problem(where, missing, label_node)
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
                try:
                    values = self.read(schema.SOURCE, item, place)
                except _Recorded as recorded:
                    # Its relays are references: checked even when the source is refused.
                    relays += self.relays(item, place, recorded.values)
                    raise
                relays += self.relays(item, place, values)
                keys = dict(_mapping_items(item))
                source_id = values["id"]
                if source_id in sources:
                    raise Problem(f"{place}.id", f"'{source_id}' is used twice", keys["id"])
                sources[source_id] = Source(**values)
        for relay_place, relay, relay_node in relays:
            if relay not in sources and relay not in self.broken_sources:
                self.record(Problem(relay_place, f"no source has the id '{relay}'", relay_node))
        return sources

    def relays(
        self, item: Node, place: str, values: Mapping[str, Any]
    ) -> list[tuple[str, str, Node]]:
        """A source's `via` as (place, relay id, node), to check once every source is read;
        relaying itself is refused at once."""
        found = []
        via, source_id = values.get("via"), values.get("id")
        if not isinstance(via, tuple) or not via:
            return []
        nodes = dict(_mapping_items(item))["via"].value
        for position, relay in enumerate(via):
            relay_place = f"{place}.via[{position}]"
            if relay == source_id:
                self.record(Problem(relay_place, "a source cannot relay itself", nodes[position]))
            else:
                found.append((relay_place, relay, nodes[position]))
        return found

    def claims(
        self,
        node: Node,
        questions: dict[str, Question],
        sources: dict[str, Source],
        documents: _Documents,
    ) -> list[Claim]:
        claims: list[Claim] = []
        ids: dict[str, str] = {}
        claims_per_source: dict[str, int] = {}
        for index, item in enumerate(self.sequence(node, "claims", non_empty=True)):
            with self.guard():
                claim = self.claim(
                    item, f"claims[{index}]", questions, sources, documents, ids, claims_per_source
                )
                claims.append(claim)
        return claims

    def claim(  # noqa: PLR0913 - the claim is read against everything read before it
        self,
        item: Node,
        place: str,
        questions: dict[str, Question],
        sources: dict[str, Source],
        documents: _Documents,
        ids: dict[str, str],
        claims_per_source: dict[str, int],
    ) -> Claim:
        """One claim, its references (source, question, document) and its quote checked in
        the same pass as its other keys, so that one upload names every problem at once."""
        start = len(self.problems)
        try:
            values = self.read(schema.CLAIM, item, place)
        except _Recorded as recorded:
            values = recorded.values
        keys = dict(_mapping_items(item))
        source_id, question_id = values.get("source"), values.get("question")
        if _given(source_id):
            claims_per_source[source_id] = claims_per_source.get(source_id, 0) + 1
            # A reference to an entry that was itself refused adds no second problem.
            if source_id not in sources and source_id not in self.broken_sources:
                self.record(
                    Problem(
                        f"{place}.source", f"no source has the id '{source_id}'", keys["source"]
                    )
                )
        refused = question_id in self.broken_questions
        if _given(question_id) and question_id not in questions and not refused:
            self.record(
                Problem(
                    f"{place}.question", f"no question has the id '{question_id}'", keys["question"]
                )
            )
        document = self.claim_document(values.get("document"), item, place, documents)
        if _given(source_id):
            self.claim_id(values, item, place, ids, claims_per_source[source_id])
        if _given(question_id) and question_id in questions and _given(values.get("reading")):
            with self.guard():
                values["reading"] = self.reading(
                    values["reading"], f"{place}.reading", questions[question_id]
                )
        quote = values.get("quote")
        if document is not None and document.text is not None and _given(quote):
            mismatch = documents.finder(document).mismatch(quote)
            if mismatch is not None:
                self.record(
                    Problem(
                        f"{place}.quote",
                        f"the quote is not found word for word in '{document.file}'{mismatch}",
                        keys["quote"],
                    )
                )
        if len(self.problems) > start:
            raise _Recorded()
        return Claim(**values)

    def claim_id(
        self, values: dict[str, Any], item: Node, place: str, ids: dict[str, str], count: int
    ) -> None:
        """The claim's id, or its default `<source>-<n>`, refused when already used."""
        given = values.get("id")
        if given is schema.REQUIRED:  # an id that is not a slug: already recorded
            return
        claim_id = given or f"{values['source']}-{count}"
        if not SLUG.fullmatch(claim_id):
            self.record(
                Problem(
                    place, f"the default id '{claim_id}' is too long; give the claim an id", item
                )
            )
            return
        if claim_id in ids:
            self.record(
                Problem(
                    f"{place}.id",
                    f"claim id '{claim_id}' is already used by {ids[claim_id]}; "
                    "give this claim an explicit id",
                    dict(_mapping_items(item)).get("id", item),
                )
            )
            return
        ids[claim_id] = place
        values["id"] = claim_id

    def claim_document(
        self, document_id: Any, item: Node, place: str, documents: _Documents
    ) -> Document | None:
        """The document the claim's quote is from: the case's single one, or the one of the
        `documents` list it names (required there, not allowed otherwise)."""
        node = dict(_mapping_items(item)).get("document", item)
        if documents.listed is None:
            if _given(document_id):
                self.record(
                    Problem(
                        f"{place}.document",
                        "the case has no `documents` list, so a claim names no document; "
                        "remove this key",
                        node,
                    )
                )
            return documents.single
        if not documents.readable or document_id is schema.REQUIRED:
            return None
        known = ", ".join(documents.listed) or "none"
        if document_id is None:
            self.record(
                Problem(
                    place,
                    "missing required key 'document': the case lists `documents`, so each "
                    f"claim names the one its quote is from (known: {known})",
                    item,
                )
            )
            return None
        if document_id not in documents.listed:
            if document_id not in documents.broken:
                self.record(
                    Problem(
                        f"{place}.document",
                        f"no document has the id '{document_id}' (known: {known})",
                        node,
                    )
                )
            return None
        return documents.listed[document_id]

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
        start = len(self.problems)
        try:
            values = self.read(schema.SCENARIO, item, place)
        except _Recorded as recorded:
            values = recorded.values
        if _given(values.get("id")) and values["id"] in scenarios:
            id_node = dict(_mapping_items(item))["id"]
            self.record(Problem(f"{place}.id", f"'{values['id']}' is used twice", id_node))
        weights_node, readings_node = values.pop("weights", None), values.pop("readings", None)
        weights: dict[str, float] = {}
        if _given(weights_node):
            with self.guard():
                weights = self.scenario_weights(weights_node, f"{place}.weights", sources)
        readings: dict[tuple[str, str], Reading] = {}
        if _given(readings_node):
            with self.guard():
                readings = self.scenario_readings(readings_node, f"{place}.readings", questions)
        if len(self.problems) > start:
            raise _Recorded()
        scenarios[values["id"]] = Scenario(**values, weights=weights, readings=readings)

    def scenario_weights(
        self, node: Node, place: str, sources: dict[str, Source]
    ) -> dict[str, float]:
        if not isinstance(node, MappingNode):
            raise Problem(place, "expected a mapping of source id: weight", node)
        weights: dict[str, float] = {}
        start = len(self.problems)
        for key_node, value_node in node.value:
            with self.guard():
                source_id = self.slug(key_node, place)
                if source_id in weights:
                    raise Problem(place, f"source '{source_id}' is written twice", key_node)
                if source_id in self.broken_sources:
                    continue
                if source_id not in sources:
                    raise Problem(
                        join(place, source_id), f"no source has the id '{source_id}'", key_node
                    )
                weights[source_id] = self.weight(value_node, join(place, source_id))
        if len(self.problems) > start:
            raise _Recorded()
        return weights

    def scenario_readings(
        self, node: Node, place: str, questions: dict[str, Question]
    ) -> dict[tuple[str, str], Reading]:
        if not isinstance(node, MappingNode):
            raise Problem(place, "expected a mapping of question.label: reading", node)
        readings: dict[tuple[str, str], Reading] = {}
        start = len(self.problems)
        for key_node, value_node in node.value:
            with self.guard():
                self.scenario_reading(key_node, value_node, place, questions, readings)
        if len(self.problems) > start:
            raise _Recorded()
        return readings

    def scenario_reading(
        self,
        key_node: Node,
        value_node: Node,
        place: str,
        questions: dict[str, Question],
        readings: dict[tuple[str, str], Reading],
    ) -> None:
        """One `question.label: reading` entry of a scenario, added to `readings`."""
        key = self.text(key_node, place)
        where = join(place, key)
        question_id, dot, label = key.partition(".")
        if not dot:
            raise Problem(where, f"{shown(key)} is not question.label", key_node)
        if question_id in self.broken_questions:
            return
        if question_id not in questions:
            raise Problem(where, f"no question has the id {shown(question_id)}", key_node)
        question = questions[question_id]
        if missing := question.missing_label(label):
            raise Problem(where, missing, key_node)
        if (question_id, label) in readings:
            raise Problem(place, f"key '{key}' is written twice", key_node)
        values = self.read(schema.CODEBOOK_ENTRY, value_node, where)
        values.pop("rationale")
        readings[question_id, label] = self.reading_of(values, value_node, where, question)


@dataclass
class _Documents:
    """A case's documents as read: its single one, or its list (None when it has none)."""

    single: Document | None = None
    listed: dict[str, Document] | None = None
    readable: bool = False
    """Whether the `documents` list could be read as a list at all."""
    broken: set[str] = field(default_factory=set)
    """Ids of listed documents that were refused: claims naming them add no problem."""
    finders: dict[str, QuoteFinder] = field(default_factory=dict)

    def finder(self, document: Document) -> QuoteFinder:
        """The document prepared once for finding every quote from it."""
        if document.id not in self.finders:
            self.finders[document.id] = QuoteFinder(document.text or "")
        return self.finders[document.id]


class _Recorded(Exception):
    """A section whose problems were already recorded: skip the item, go on."""

    def __init__(self, values: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.values = values or {}


def _whole_numbers_near(value: float) -> str:
    """The fix for a fractional weight: the whole numbers on either side, within 0..100."""
    if not math.isfinite(value):
        return "write a whole number"
    near = dict.fromkeys(
        min(max(bound, WEIGHT_RANGE[0]), WEIGHT_RANGE[-1])
        for bound in (math.floor(value), math.ceil(value))
    )
    return "write " + " or ".join(map(str, near))


def _beside_bounds(value: float, low: float, high: float) -> str:
    """Where a value outside the open interval (low, high) lies, in words."""
    if value > high:
        return f"lies above the question's max {high:g}"
    if value < low:
        return f"lies below the question's min {low:g}"
    return f"equals the question's {'max' if value == high else 'min'}"


def _given(value: object) -> TypeGuard[Any]:
    """Whether a key's value was given and read (absent: None; unreadable: REQUIRED)."""
    return value is not None and value is not schema.REQUIRED


def _mapping_items(node: Node) -> list[tuple[str, Node]]:
    """The (key text, value node) pairs of a mapping already read by `Walker.read`."""
    if not isinstance(node, MappingNode):
        return []
    return [(k.value, v) for k, v in node.value if isinstance(k, ScalarNode)]


def is_utf8_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def join(place: str, key: str) -> str:
    return f"{place}.{key}" if place else key
