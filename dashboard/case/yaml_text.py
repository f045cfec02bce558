"""Parsing a case file's YAML safely, and naming its syntax errors in plain words.

A case file is untrusted text: libyaml's safe parser turns it into a node tree after
anchors, aliases, tags and deep nesting are refused, so that no small file expands into a
huge one and no tag asks for an object.
"""

from __future__ import annotations

import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from dashboard.case.problems import CaseError

MAX_NESTING = 40
"""No valid case nests deeper than about six levels; far deeper is an attack."""

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe parser when PyYAML was built with it (its wheels are)."""

YAML_MARKUP = re.compile(r"[&*!%]")
"""The characters that start an anchor, an alias, a tag or a directive."""

QUOTE_MARKS = "\"'"


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
