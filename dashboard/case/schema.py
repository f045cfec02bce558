"""The case format as one declaration: every section, its keys, and how each key is read.

Adding a field to the case format is one line here (plus the dataclass attribute it
fills): the loader reads each section through `Section.read`, so unknown keys, keys
written twice and missing keys are refused the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from dashboard.case.model import DEFAULT_WEIGHT

if TYPE_CHECKING:
    from yaml.nodes import Node

    from dashboard.case.problems import Place


class ValueReader(Protocol):
    """What reads one plain value at a place: the loader's `Walker`, declared here so that
    the schema need not import the loader that reads it."""

    def text(self, node: Node, place: Place) -> str: ...
    def optional_text(self, node: Node, place: Place) -> str: ...
    def slug(self, node: Node, place: Place) -> str: ...
    def number(self, node: Node, place: Place) -> float: ...
    def weight(self, node: Node, place: Place) -> float: ...


Parser = Callable[[ValueReader, "Node", "Place"], Any]
"""Reads one key's value node at a place (`claims[3].quote`) into a Python value."""

REQUIRED = object()
"""The default of a key that must be given."""
RAW = None
"""A key read later, in context (a reading needs its question): its node is kept as is."""


@dataclass(frozen=True)
class Key:
    """One key of a section: its name, how it is read, and its default when absent."""

    name: str
    parse: Parser | None
    default: Any = REQUIRED

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


@dataclass(frozen=True)
class Section:
    """A mapping in the case file with a fixed set of keys."""

    keys: tuple[Key, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(key.name for key in self.keys)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(key.name for key in self.keys if key.required)


def _w(name: str) -> Parser:
    """The Walker method of that name, looked up when a value is read."""

    def parse(walker: ValueReader, node: Node, place: Place) -> Any:
        return getattr(walker, name)(node, place)

    parse.__name__ = name
    return parse


TEXT, OPTIONAL_TEXT, SLUG = _w("text"), _w("optional_text"), _w("slug")
NUMBER, WEIGHT = _w("number"), _w("weight")

CASE = Section(
    (
        Key("title", TEXT),
        Key("description", OPTIONAL_TEXT, ""),
        Key("document", RAW, None),
        Key("documents", RAW, None),
        Key("questions", RAW),
        Key("sources", RAW),
        Key("claims", RAW),
        Key("scenarios", RAW, None),
    )
)
DOCUMENT_FIELDS = ("title", "outlet", "author", "date", "url", "file", "language")
"""A document's fields in the order the case file writes them."""
DOCUMENT = Section(
    (
        *(Key(name, _w("document_field"), "") for name in DOCUMENT_FIELDS[:-1]),
        Key("language", _w("language"), ""),
    )
)
LISTED_DOCUMENT = Section((Key("id", SLUG), *DOCUMENT.keys))
"""An entry of the `documents` list: the fields of `document`, and an id claims name."""
QUESTION = Section(
    (
        Key("id", SLUG),
        Key("text", TEXT),
        Key("unit", OPTIONAL_TEXT, ""),
        Key("min", NUMBER),
        Key("max", NUMBER),
        Key("scale", _w("scale"), "linear"),
        Key("bounds_rationale", OPTIONAL_TEXT, ""),
        Key("threshold", NUMBER, None),
        Key("codebook", RAW, None),
    )
)
CODEBOOK_ENTRY = Section(
    (
        Key("range", RAW, None),
        Key("at_least", RAW, None),
        Key("at_most", RAW, None),
        Key("rationale", OPTIONAL_TEXT, ""),
    )
)
READING = Section(
    (
        Key("range", RAW, None),
        Key("at_least", RAW, None),
        Key("at_most", RAW, None),
        Key("label", RAW, None),
    )
)
SOURCE = Section(
    (
        Key("id", SLUG),
        Key("name", TEXT),
        Key("kind", OPTIONAL_TEXT, ""),
        Key("weight", WEIGHT, DEFAULT_WEIGHT),
        Key("via", _w("slug_list"), ()),
        Key("reliability", _w("reliability"), None),
        Key("note", OPTIONAL_TEXT, ""),
    )
)
CLAIM = Section(
    (
        Key("id", SLUG, None),
        Key("source", SLUG),
        Key("question", SLUG),
        Key("quote", TEXT),
        Key("reading", RAW),
        Key("rationale", OPTIONAL_TEXT, ""),
        Key("credibility", _w("credibility"), None),
        Key("evidence", SLUG, None),
        Key("document", SLUG, None),
        Key("translation", OPTIONAL_TEXT, ""),
    )
)
SCENARIO = Section(
    (
        Key("id", SLUG),
        Key("name", TEXT),
        Key("note", OPTIONAL_TEXT, ""),
        Key("weights", RAW, None),
        Key("readings", RAW, None),
    )
)
