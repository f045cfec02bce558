"""The claims and scenarios of a case file: read against everything read before them.

A claim names a source, a question and (in a case with a `documents` list) a document, and
its quote must be found in that document; a scenario names sources and codebook labels.
Each reference is checked in the same pass as the rest of the file, and a reference to an
entry that was itself refused adds no second problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from yaml.nodes import MappingNode, Node

from dashboard.case import schema
from dashboard.case.model import Claim, Document, Question, Reading, Scenario, Source, shown
from dashboard.case.problems import Place, Problem, missing_key
from dashboard.case.quotes import QuoteFinder
from dashboard.case.values import SLUG, NodeReader, Recorded, given, mapping_items


@dataclass
class CaseDocuments:
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


class ReferenceReader(NodeReader):
    """Reads the claims and the scenarios, checking each reference they make."""

    def claims(
        self,
        node: Node,
        questions: dict[str, Question],
        sources: dict[str, Source],
        documents: CaseDocuments,
    ) -> list[Claim]:
        claims: list[Claim] = []
        ids: dict[str, Place] = {}
        claims_per_source: dict[str, int] = {}
        for index, item in enumerate(self.sequence(node, Place(("claims",)), non_empty=True)):
            with self.guard():
                claim = self.claim(
                    item,
                    Place(("claims", index)),
                    questions,
                    sources,
                    documents,
                    ids,
                    claims_per_source,
                )
                claims.append(claim)
        return claims

    def claim(  # noqa: PLR0913 - the claim is read against everything read before it
        self,
        item: Node,
        place: Place,
        questions: dict[str, Question],
        sources: dict[str, Source],
        documents: CaseDocuments,
        ids: dict[str, Place],
        claims_per_source: dict[str, int],
    ) -> Claim:
        """One claim, its references (source, question, document) and its quote checked in
        the same pass as its other keys, so that one upload names every problem at once."""
        start = len(self.problems)
        try:
            values = self.read(schema.CLAIM, item, place)
        except Recorded as recorded:
            values = recorded.values
        keys = dict(mapping_items(item))
        source_id, question_id = values.get("source"), values.get("question")
        if given(source_id):
            claims_per_source[source_id] = claims_per_source.get(source_id, 0) + 1
            # A reference to an entry that was itself refused adds no second problem.
            if source_id not in sources and source_id not in self.broken_sources:
                self.record(
                    Problem(
                        place.key("source"), f"no source has the id '{source_id}'", keys["source"]
                    )
                )
        refused = question_id in self.broken_questions
        if given(question_id) and question_id not in questions and not refused:
            self.record(
                Problem(
                    place.key("question"),
                    f"no question has the id '{question_id}'",
                    keys["question"],
                )
            )
        document = self.claim_document(values.get("document"), item, place, documents)
        if given(source_id):
            self.claim_id(values, item, place, ids, claims_per_source[source_id])
        if given(question_id) and question_id in questions and given(values.get("reading")):
            with self.guard():
                values["reading"] = self.reading(
                    values["reading"], place.key("reading"), questions[question_id]
                )
        quote = values.get("quote")
        if document is not None and document.text is not None and given(quote):
            mismatch = documents.finder(document).mismatch(quote)
            if mismatch is not None:
                self.record(
                    Problem(
                        place.key("quote"),
                        f"the quote is not found word for word in '{document.file}'{mismatch}",
                        keys["quote"],
                    )
                )
        if len(self.problems) > start:
            raise Recorded()
        return Claim(**values)

    def claim_id(
        self, values: dict[str, Any], item: Node, place: Place, ids: dict[str, Place], count: int
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
                    place.key("id"),
                    f"claim id '{claim_id}' is already used by {ids[claim_id]}; "
                    "give this claim an explicit id",
                    dict(mapping_items(item)).get("id", item),
                )
            )
            return
        ids[claim_id] = place
        values["id"] = claim_id

    def claim_document(
        self, document_id: Any, item: Node, place: Place, documents: CaseDocuments
    ) -> Document | None:
        """The document the claim's quote is from: the case's single one, or the one of the
        `documents` list it names (required there, not allowed otherwise)."""
        node = dict(mapping_items(item)).get("document", item)
        if documents.listed is None:
            if given(document_id):
                self.record(
                    Problem(
                        place.key("document"),
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
                missing_key(
                    place,
                    "document",
                    item,
                    "the case lists `documents`, so each claim names the one its quote is "
                    f"from (known: {known})",
                )
            )
            return None
        if document_id not in documents.listed:
            if document_id not in documents.broken:
                self.record(
                    Problem(
                        place.key("document"),
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
        for index, item in enumerate(self.sequence(node, Place(("scenarios",)))):
            place = Place(("scenarios", index))
            with self.guard():
                self.scenario(item, place, scenarios, questions, sources)
        return list(scenarios.values())

    def scenario(
        self,
        item: Node,
        place: Place,
        scenarios: dict[str, Scenario],
        questions: dict[str, Question],
        sources: dict[str, Source],
    ) -> None:
        start = len(self.problems)
        try:
            values = self.read(schema.SCENARIO, item, place)
        except Recorded as recorded:
            values = recorded.values
        if given(values.get("id")) and values["id"] in scenarios:
            id_node = dict(mapping_items(item))["id"]
            self.record(Problem(place.key("id"), f"'{values['id']}' is used twice", id_node))
        weights_node, readings_node = values.pop("weights", None), values.pop("readings", None)
        weights: dict[str, float] = {}
        if given(weights_node):
            with self.guard():
                weights = self.scenario_weights(weights_node, place.key("weights"), sources)
        readings: dict[tuple[str, str], Reading] = {}
        if given(readings_node):
            with self.guard():
                readings = self.scenario_readings(readings_node, place.key("readings"), questions)
        if len(self.problems) > start:
            raise Recorded()
        scenarios[values["id"]] = Scenario(**values, weights=weights, readings=readings)

    def scenario_weights(
        self, node: Node, place: Place, sources: dict[str, Source]
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
                        place.key(source_id), f"no source has the id '{source_id}'", key_node
                    )
                weights[source_id] = self.weight(value_node, place.key(source_id))
        if len(self.problems) > start:
            raise Recorded()
        return weights

    def scenario_readings(
        self, node: Node, place: Place, questions: dict[str, Question]
    ) -> dict[tuple[str, str], Reading]:
        if not isinstance(node, MappingNode):
            raise Problem(place, "expected a mapping of question.label: reading", node)
        readings: dict[tuple[str, str], Reading] = {}
        start = len(self.problems)
        for key_node, value_node in node.value:
            with self.guard():
                self.scenario_reading(key_node, value_node, place, questions, readings)
        if len(self.problems) > start:
            raise Recorded()
        return readings

    def scenario_reading(
        self,
        key_node: Node,
        value_node: Node,
        place: Place,
        questions: dict[str, Question],
        readings: dict[tuple[str, str], Reading],
    ) -> None:
        """One `question.label: reading` entry of a scenario, added to `readings`."""
        key = self.text(key_node, place)
        where = place.key(key)
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
