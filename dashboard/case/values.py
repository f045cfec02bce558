"""Reading the nodes of a case file into values, each checked where it stands.

`NodeReader` holds what every section of the loader shares: the problems collected so far,
the sections' generic reading (unknown, doubled and missing keys), and one reader per kind
of value (text, id, number, weight, grade, language, reading), each raising a `Problem`
that names its place and line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeGuard

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from dashboard.case import schema
from dashboard.case.model import (
    CREDIBILITY_GRADES,
    RELIABILITY_GRADES,
    SCALES,
    AtLeast,
    AtMost,
    Question,
    Range,
    Reading,
    cut,
    outside_domain,
    range_problem,
    shown,
)
from dashboard.case.problems import (
    MAX_PROBLEMS,
    CaseError,
    CaseProblem,
    Place,
    Problem,
    missing_key,
)

SLUG = re.compile(r"[a-z0-9_-]{1,64}")
READING_KINDS = ("range", "at_least", "at_most", "label")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
"""A BCP 47 tag as cases use it: a two- or three-letter language, then optional subtags
(`en`, `ru`, `pt-BR`, `sr-Latn`)."""
STR_TAG = "tag:yaml.org,2002:str"
WEIGHT_RANGE = range(0, 101)
"""A trust weight is a whole number from 0 to 100, as on the slider and in a link."""


class TooMany(Exception):
    """Raised once `MAX_PROBLEMS` are collected: the rest of the file is not read."""


class Recorded(Exception):
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


def given(value: object) -> TypeGuard[Any]:
    """Whether a key's value was given and read (absent: None; unreadable: REQUIRED)."""
    return value is not None and value is not schema.REQUIRED


def mapping_items(node: Node) -> list[tuple[str, Node]]:
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


class NodeReader:
    """Reads the nodes of one case file into values, collecting every problem it meets."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[CaseProblem] = []
        self.broken_questions: set[str] = set()
        self.broken_sources: set[str] = set()
        self._constructor = yaml.SafeLoader("")

    # --- problems --------------------------------------------------------------------

    def record(self, problem: Problem) -> None:
        self.problems.append(problem.problem)
        if len(self.problems) >= MAX_PROBLEMS:
            raise TooMany

    @contextmanager
    def guard(self, item: Node | None = None, broken_ids: set[str] | None = None) -> Iterator[None]:
        """Record a problem raised inside and go on with the next item.

        When the item was an entry with an id, the id is remembered in `broken_ids`, so
        that references to it raise no second, misleading problem.
        """
        try:
            yield
        except (Problem, Recorded) as stop:
            if isinstance(stop, Problem):
                self.record(stop)
            if broken_ids is not None and item is not None:
                item_id = dict(mapping_items(item)).get("id")
                broken_ids.add(item_id.value if isinstance(item_id, ScalarNode) else "")

    def error(self, capped: bool = False) -> CaseError:
        return CaseError(self.name, self.problems, capped=capped)

    # --- generic node access ---------------------------------------------------------

    def read(self, section: schema.Section, node: Node, place: Place) -> dict[str, Any]:
        """A section's keys, each read by its parser (or kept as a node), defaults filled.

        Unknown, doubled and missing keys and wrong values are each recorded and the rest
        of the section still read, so one pass names them all; a section with any problem
        ends in `Recorded`, carrying the values that could be read (a missing one is
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
                self.record(missing_key(place, needed, node))
                broken = True
        values: dict[str, Any] = {}
        for key in section.keys:
            if key.name not in keys:
                values[key.name] = key.default
            elif key.parse is None:
                values[key.name] = keys[key.name]
            else:
                try:
                    values[key.name] = key.parse(self, keys[key.name], place.key(key.name))
                except Problem as problem:
                    self.record(problem)
                    values[key.name] = schema.REQUIRED
                    broken = True
        if broken:
            raise Recorded(values)
        return values

    def _key(
        self, key_node: Node, value_node: Node, place: Place, seen: dict[str, Node], allowed: Any
    ) -> dict[str, Node]:
        """One key of a section with its value node, refused when unknown or doubled."""
        name = self.scalar(key_node, place)
        if not isinstance(name, str):
            raise Problem(place, f"key {shown(name)} must be text", key_node)
        if name in seen:
            raise Problem(place, f"key '{name}' is written twice", key_node)
        if name not in allowed:
            hint = f"; allowed keys are {', '.join(allowed)}"
            raise Problem(place.key(name), f"unknown key '{name}'{hint}", key_node)
        return {name: value_node}

    def sequence(self, node: Node, place: Place, *, non_empty: bool = False) -> list[Node]:
        if not isinstance(node, SequenceNode):
            raise Problem(place, "expected a list", node)
        if non_empty and not node.value:
            raise Problem(place, "needs at least one entry", node)
        return list(node.value)

    def scalar(self, node: Node, place: Place) -> Any:
        if not isinstance(node, ScalarNode):
            raise Problem(place, "expected a single value, not a list or mapping", node)
        if node.tag == STR_TAG:
            return node.value
        try:
            return self._constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError):
            raise Problem(place, f"cannot read the value {cut(node.value)!r}", node) from None

    def text(self, node: Node, place: Place, *, allow_empty: bool = False) -> str:
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

    def optional_text(self, node: Node, place: Place) -> str:
        return self.text(node, place, allow_empty=True)

    def slug(self, node: Node, place: Place) -> str:
        value = self.scalar(node, place)
        if not isinstance(value, str) or not SLUG.fullmatch(value):
            raise Problem(
                place, f"{shown(value)} is not an id: use 1 to 64 of a-z, 0-9, '_' and '-'", node
            )
        return value

    def slug_list(self, node: Node, place: Place) -> tuple[str, ...]:
        return tuple(
            self.slug(item, place.item(i)) for i, item in enumerate(self.sequence(node, place))
        )

    def number(self, node: Node, place: Place) -> float:
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

    def weight(self, node: Node, place: Place) -> float:
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

    def scale(self, node: Node, place: Place) -> str:
        scale = self.text(node, place)
        if scale not in SCALES:
            raise Problem(place, f"'{scale}' is not linear or log", node)
        return scale

    def reliability(self, node: Node, place: Place) -> str:
        value = self.scalar(node, place)
        if not isinstance(value, str) or value not in RELIABILITY_GRADES:
            raise Problem(
                place, f"{shown(value)} is not a source grade: use one letter from A to F", node
            )
        return value

    def credibility(self, node: Node, place: Place) -> int:
        value = self.scalar(node, place)
        if isinstance(value, bool) or not isinstance(value, int) or value not in CREDIBILITY_GRADES:
            raise Problem(
                place,
                f"{shown(value)} is not an information grade: use a whole number 1 to 6",
                node,
            )
        return value

    def language(self, node: Node, place: Place) -> str:
        value = self.scalar(node, place)
        if not isinstance(value, str) or not LANGUAGE_TAG.fullmatch(value):
            raise Problem(
                place,
                f"{shown(value)} is not a BCP 47 language tag: write the two-letter code, "
                "such as en, ru or uk",
                node,
            )
        return value

    def document_field(self, node: Node, place: Place) -> str:
        # YAML reads an unquoted 2024-11-20 as a date; a document's fields are text.
        if isinstance(node, ScalarNode) and node.tag.endswith(":timestamp"):
            return str(node.value)
        return self.text(node, place, allow_empty=True)

    # --- readings ------------------------------------------------------------------

    def reading(self, node: Node, place: Place, question: Question) -> Reading:
        """A claim's reading: a figure, or a label of the question's codebook."""
        values = self.read(schema.READING, node, place)
        label_node = values.pop("label")
        if label_node is None:
            return self.reading_of(values, node, place, question)
        if any(value is not None for value in values.values()):
            raise Problem(place, f"give exactly one of {', '.join(READING_KINDS)}", node)
        where = place.key("label")
        label = self.text(label_node, where)
        if missing := question.missing_label(label):
            raise Problem(where, missing, label_node)
        return question.codebook[label].reading.with_label(label)

    def reading_of(
        self, values: Mapping[str, Node | None], node: Node, place: Place, question: Question
    ) -> Reading:
        """A figure reading from its one key (range, at_least or at_most), checked against the
        question's domain."""
        given = {kind: value for kind, value in values.items() if value is not None}
        if len(given) != 1:
            kinds = READING_KINDS if "label" in values else READING_KINDS[:3]
            raise Problem(place, f"give exactly one of {', '.join(kinds)}", node)
        kind, value = next(iter(given.items()))
        where = place.key(kind)
        reading: Reading
        if kind == "range":
            items = self.sequence(value, where)
            if len(items) != 2:
                raise Problem(where, "a range is two numbers, [low, high]", value)
            a = self.number(items[0], where.item(0))
            b = self.number(items[1], where.item(1))
            if problem := range_problem(a, b):
                raise Problem(where, problem, value)
            reading = Range(a, b)
        else:
            number = self.number(value, where)
            reading = AtLeast(number) if kind == "at_least" else AtMost(number)
        if problem := outside_domain(reading, question.min, question.max):
            raise Problem(where, problem, value)
        return reading


def beside_bounds(value: float, low: float, high: float) -> str:
    """Where a value outside the open interval (low, high) lies, in words."""
    if value > high:
        return f"lies above the question's max {high:g}"
    if value < low:
        return f"lies below the question's min {low:g}"
    return f"equals the question's {'max' if value == high else 'min'}"
