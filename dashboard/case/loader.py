"""Loading and validating case files (spec section 1) into the dataclasses of `model`.

A case file is untrusted text: `yaml_text` parses it safely into a node tree, which is then
read section by section as `schema` declares, each value by `values.NodeReader` and each
reference by `references.ReferenceReader`. Every problem of the file, references and quotes
included, is collected in the same pass (up to `MAX_PROBLEMS`) and reported together in one
`CaseError` whose problems are data (`problems.CaseProblem`): the page lists them all, the
workbench puts each beside its row, the command line prints the first and how many more.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from yaml.nodes import MappingNode, Node

from dashboard.case import schema
from dashboard.case.model import (
    Case,
    Claim,
    CodebookEntry,
    Document,
    Question,
    Scenario,
    Source,
    shown,
)
from dashboard.case.problems import FILE, CaseError, Place, Problem
from dashboard.case.references import CaseDocuments, ReferenceReader
from dashboard.case.values import (
    Recorded,
    TooMany,
    beside_bounds,
    given,
    is_utf8_text,
    mapping_items,
)
from dashboard.case.yaml_text import compose

UPLOAD_LIMIT_BYTES = 1_000_000
"""Uploaded case files are capped at 1 MB (spec section 1)."""


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


class Walker(ReferenceReader):
    """Reads the node tree of one case file as `schema` declares, collecting problems."""

    def __init__(self, name: str, documents: Mapping[str, bytes] | DocumentSource | None):
        super().__init__(name)
        self.documents = documents

    def case(self, root: Node) -> Case:
        try:
            built = self._case(root)
        except Problem as problem:
            self.problems.append(problem.problem)
            raise self.error() from None
        except Recorded:
            raise self.error() from None
        except TooMany:
            raise self.error(capped=True) from None
        if self.problems or built is None:
            raise self.error()
        return built

    def _case(self, root: Node) -> Case | None:
        try:
            top = self.read(schema.CASE, root, FILE)
        except Recorded as broken:  # a bad title: go on to name the other problems too
            top = {**{key.name: key.default for key in schema.CASE.keys}, **broken.values}
        documents = self.case_documents(top["document"], top["documents"])
        questions: dict[str, Question] = {}
        if given(top["questions"]):
            with self.guard():
                questions = self.questions(top["questions"])
        sources: dict[str, Source] = {}
        if given(top["sources"]):
            with self.guard():
                sources = self.sources(top["sources"])
        claims: list[Claim] = []
        if given(top["claims"]):
            with self.guard():
                claims = self.claims(top["claims"], questions, sources, documents)
        scenarios: list[Scenario] = []
        if given(top["scenarios"]):
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

    def case_documents(self, single_node: Node | None, list_node: Node | None) -> CaseDocuments:
        """The case's `document` or `documents`, each with its text where its file was given."""
        documents = CaseDocuments()
        if given(single_node) and given(list_node):
            self.record(
                Problem(
                    Place(("document",)),
                    "a case has `document` or `documents`, not both; move this document into "
                    "the `documents` list (with an id), or remove it",
                    single_node,
                )
            )
        entries: list[tuple[Document, Place, Node | None]] = []
        if given(single_node) and not given(list_node):
            with self.guard():
                entries.append(
                    self.document_entry(single_node, Place(("document",)), schema.DOCUMENT)
                )
                documents.single = entries[0][0]
        elif given(list_node):  # with both, the claims' `document` keys are read against it
            documents.listed = {}
            with self.guard():
                items = self.sequence(list_node, Place(("documents",)), non_empty=True)
                documents.readable = True
                for index, item in enumerate(items):
                    place = Place(("documents", index))
                    with self.guard(item, documents.broken):
                        entry = self.document_entry(item, place, schema.LISTED_DOCUMENT)
                        if entry[0].id in documents.listed:
                            raise Problem(
                                place.key("id"), f"'{entry[0].id}' is used twice", item.value[0][1]
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
        self, node: Node, place: Place, section: schema.Section
    ) -> tuple[Document, Place, Node | None]:
        """A document's fields (its text read later), the place of its file and that key."""
        values = self.read(section, node, place)
        return Document(**values), place.key("file"), dict(mapping_items(node)).get("file")

    def lone_upload(self, files: set[str]) -> str | None:
        """The one file uploaded with a case that names one document file, when its name
        differs: it is that document whatever its name (spec section 1)."""
        if not isinstance(self.documents, Mapping) or len(files) != 1 or len(self.documents) != 1:
            return None
        (only,) = self.documents
        return None if only in files else only

    def document_text(
        self, file: str, place: Place, node: Node | None, lone: str | None
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
        for index, item in enumerate(self.sequence(node, Place(("questions",)), non_empty=True)):
            place = Place(("questions", index))
            with self.guard(item, self.broken_questions):
                question = self.question(item, place)
                if question.id in questions:
                    id_node = dict(mapping_items(item))["id"]
                    raise Problem(place.key("id"), f"'{question.id}' is used twice", id_node)
                questions[question.id] = question
        return questions

    def question(self, item: Node, place: Place) -> Question:
        values = self.read(schema.QUESTION, item, place)
        keys = dict(mapping_items(item))
        low, high = values["min"], values["max"]
        if not math.isfinite(high - low):
            raise Problem(
                place.key("max"), "the span max - min is too large to compute", keys["max"]
            )
        if not high > low:
            raise Problem(place.key("max"), f"max {high:g} must exceed min {low:g}", keys["max"])
        if values["scale"] == "log" and low <= 0:
            raise Problem(place.key("min"), "a log question needs min > 0", keys["min"])
        threshold = values["threshold"]
        if threshold is not None and not low < threshold < high:
            raise Problem(
                place.key("threshold"),
                f"{threshold:g} {beside_bounds(threshold, low, high)}; "
                "a threshold lies strictly between min and max",
                keys["threshold"],
            )
        codebook_node = values.pop("codebook")
        bare = Question(**values)
        if codebook_node is None:
            return bare
        codebook = self.codebook(codebook_node, place.key("codebook"), bare)
        return Question(**{**values, "codebook": codebook})

    def codebook(self, node: Node, place: Place, question: Question) -> dict[str, CodebookEntry]:
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
                entry_place = place.key(label)
                values = self.read(schema.CODEBOOK_ENTRY, value_node, entry_place)
                rationale = values.pop("rationale")
                reading = self.reading_of(values, value_node, entry_place, question)
                entries[label] = CodebookEntry(reading, rationale)
        if len(self.problems) > start:
            raise Recorded()
        return entries

    def sources(self, node: Node) -> dict[str, Source]:
        sources: dict[str, Source] = {}
        relays: list[tuple[Place, str, Node]] = []
        for index, item in enumerate(self.sequence(node, Place(("sources",)), non_empty=True)):
            place = Place(("sources", index))
            with self.guard(item, self.broken_sources):
                try:
                    values = self.read(schema.SOURCE, item, place)
                except Recorded as recorded:
                    # Its relays are references: checked even when the source is refused.
                    relays += self.relays(item, place, recorded.values)
                    raise
                relays += self.relays(item, place, values)
                keys = dict(mapping_items(item))
                source_id = values["id"]
                if source_id in sources:
                    raise Problem(place.key("id"), f"'{source_id}' is used twice", keys["id"])
                sources[source_id] = Source(**values)
        for relay_place, relay, relay_node in relays:
            if relay not in sources and relay not in self.broken_sources:
                self.record(Problem(relay_place, f"no source has the id '{relay}'", relay_node))
        return sources

    def relays(
        self, item: Node, place: Place, values: Mapping[str, Any]
    ) -> list[tuple[Place, str, Node]]:
        """A source's `via` as (place, relay id, node), to check once every source is read;
        relaying itself is refused at once."""
        found = []
        via, source_id = values.get("via"), values.get("id")
        if not isinstance(via, tuple) or not via:
            return []
        nodes = dict(mapping_items(item))["via"].value
        for position, relay in enumerate(via):
            relay_place = place.key("via").item(position)
            if relay == source_id:
                self.record(Problem(relay_place, "a source cannot relay itself", nodes[position]))
            else:
                found.append((relay_place, relay, nodes[position]))
        return found
