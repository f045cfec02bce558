"""Generated hostile case files, and what the loader must make of each (spec section 1).

The strategies start from a valid case held as Python data, mutate it, write it out as
YAML (adding hand-written fragments for what `yaml.safe_dump` cannot produce) and corrupt
the bytes; `load` and `check_outcome` say whether what came out keeps the rules. Used by
`tests/test_fuzz.py` (a few thousand examples per run) and `scripts/fuzz_cases.py`
(as many as asked, with a histogram of refusals), so that neither copies the other.
"""

from __future__ import annotations

import copy
import datetime
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from hypothesis import strategies as st

from dashboard.case import (
    MAX_NESTING,
    SCALES,
    SLUG,
    UPLOAD_LIMIT_BYTES,
    AtLeast,
    AtMost,
    Case,
    CaseError,
    Question,
    Range,
    Reading,
    collapse_whitespace,
    comparable_quote,
    load_case_bytes,
)

Draw = Callable[[st.SearchStrategy[Any]], Any]

# --- the valid starting point ----------------------------------------------------------

DOCUMENT_FILE = "article.txt"
DOCUMENT = b"They saw 20 to 40 ships,\nmany of them, under 300 h."
"""The document of `BASE_CASE`, holding each of its quotes."""

BASE_CASE: dict[str, Any] = {
    "title": "Ships",
    "document": {"date": "2024-11-20", "file": DOCUMENT_FILE},
    "questions": [
        {
            "id": "share",
            "text": "Share",
            "min": 0,
            "max": 100,
            "codebook": {"many": {"range": [50, 90]}},
        },
        {"id": "delay", "text": "Delay", "unit": "h", "min": 0.5, "max": 2000, "scale": "log"},
    ],
    "sources": [{"id": "a", "name": "A", "weight": 60}, {"id": "b", "name": "B", "via": ["a"]}],
    "claims": [
        {"source": "a", "question": "share", "quote": "20 to 40", "reading": {"range": [20, 40]}},
        {
            "id": "b-many",
            "source": "b",
            "question": "share",
            "quote": "many",
            "reading": {"label": "many"},
        },
        {"source": "b", "question": "delay", "quote": "under 300 h", "reading": {"at_most": 300}},
    ],
}
"""A small valid case as Python data: every section and reading kind, a codebook, a relay.

Small because the loader is pure Python: each byte costs time in thousands of runs.
"""

# --- hostile values ----------------------------------------------------------------------

KNOWN_KEYS = sorted(
    {"title", "description", "document", "questions", "sources", "claims", "outlet"}
    | {"author", "date", "url", "file", "id", "text", "unit", "min", "max", "scale"}
    | {"codebook", "name", "kind", "weight", "via", "note", "source", "question"}
    | {"quote", "reading", "rationale", "range", "at_least", "at_most", "label"}
    | {"reliability", "credibility", "evidence", "scenarios", "weights", "readings"}
)
ODD_KEYS = ["titel", "wieght", "ID", " id", "id ", "", "<<", "=", "?", "-", "é", "a: b", "#x"]
KEY_NAMES = st.one_of(
    st.sampled_from(KNOWN_KEYS + ODD_KEYS),
    st.text(max_size=8),
    st.integers(-3, 3),
    st.none(),
    st.booleans(),
)

SPECIAL_NUMBERS = [
    0, -1, 1, 50, 100, 101, -0.0, 0.5, 99.999999, 100.000001, -1e-9,
    2**63, -(2**63), 10**400, -(10**400),
    1e308, -1e308, 1.7976931348623157e308, 5e-324, -5e-324,
    math.nan, math.inf, -math.inf,
]  # fmt: skip
"""Edges of the rules, numbers no float can hold, and numbers that are not finite."""

SPECIAL_TEXTS = [
    "", " ", "\t", "\n", "  \n  ", "null", "~", "yes", "no", "on", "off", "0x1F", "0o17",
    "0b101", "1:30", "1_000", ".inf", "-.inf", ".nan", "1e400", "2024-13-45", "2024-11-20",
    "2001-12-14 99:00:00", "=1+1", "+1", "-odd-", "@x", "é", "\u202e", "\x00", "\x07",
    "\x7f", "\x85", "\u2028", "\ufeff", "\ufffe", "😀", "a" * 64, "a" * 65, "x" * 1500,
    "a", "b", "c", "alpha", "share", "delay", "many", "b-many", "a-1", "b-2", "range",
    "label", "linear", "log", "LOG", "article.txt", "../article.txt", "/etc/passwd",
    "a\\b", "C:\\x", "https://example.org", "'", '"', "#", "&a", "*a", "!!str", "- x",
    "{a: 1}", "[1, 2]", "%YAML", "---", "...", "? x", ": x", "|", ">",
]  # fmt: skip
"""Texts that look like something else in YAML, ids a rule refuses, and odd characters."""

SCALARS = st.one_of(
    st.sampled_from(SPECIAL_NUMBERS),
    st.sampled_from(SPECIAL_TEXTS),
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.dates(min_value=datetime.date(1, 1, 1)),
)
HOSTILE_VALUES = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=3),
    st.dictionaries(KEY_NAMES, SCALARS, max_size=3),
)
"""Any value where any other belongs: wrong types, huge and non-finite numbers, odd text.

Flat, because generating is costly; repeated edits (`wrap`, `nest`) build deeper values.
"""


def billion_laughs(levels: int = 9) -> str:
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*lol{level - 1}"] * 9)
        lines.append(f"lol{level}: &lol{level} [{refs}]")
    return "\n".join(lines) + f"\ntitle: *lol{levels}\n"


HOSTILE_FRAGMENTS = [
    "title: again\n",
    "questions: []\n",
    "x: &a [1, 2]\ny: *a\n",
    "title: &t Ships\n",
    "title: *undefined\n",
    billion_laughs(),
    "title: !!python/object/apply:os.system ['echo pwned']\n",
    "title: !!python/name:os.system\n",
    "title: !!python/object:dashboard.case.Case {}\n",
    "title: !!binary aGVsbG8=\n",
    "title: !!str 5\n",
    "title: !custom x\n",
    "title: !<tag:yaml.org,2002:str> x\n",
    "%YAML 1.1\n---\n",
    "%YAML 2.0\n---\n",
    "%TAG !e! tag:example.com,2000:\n---\n",
    "%FOO bar\n---\n",
    "---\n",
    "...\n",
    "--- |\n  text\n",
    "---\ntitle: second\n",
    "<<: {title: merged}\n",
    "=: 1\n",
    "? [a, b]\n: 1\n",
    "? {a: 1}\n: 1\n",
    "? " + "k" * 2000 + "\n: v\n",
    "title: " + "k" * 1100 + ": v\n",
    "\ttitle: tabbed\n",
    "title:\tx\n",
    "\ufeff",
    "\ufefftitle: x\n",
    "title: |\n  block\n text\n",
    "title: >-\n",
    "title: 'unclosed\n",
    'title: "unclosed\n',
    'title: "bad \\q escape"\n',
    'title: "\\x00\\a\\e\\0"\n',
    'title: "\\U0010FFFF"\n',
    "[1, 2,, 3]\n",
    "{a: 1, a: 1}\n",
    "{a: 1\n",
    "]\n",
    "- item\n",
    "title: x\n  indented: y\n",
    "title: 1" + ":59" * 60 + "\n",
    "title: 0x" + "f" * 100 + "\n",
    "weight: " + "9" * 5000 + "\n",
    "title: " + "9" * 5000 + "\n",
    "title: 2001-12-14 99:00:00\n",
    "title: 2024-02-30\n",
    "min: 1.0e+400\n",
    "title: x\x00\n",
    "title: x\x1b[31m\n",
    "title: x\ud7ff\ue000\n",
    "title: x\x85y\u2028z\u2029\n",
    "title: x\r\ndescription: y\r",
    "# just a comment",
    "",
    "title: 0x" + "f" * 4000 + "\n",
    'title: "\\ud83d\\ude00"\n',
]
"""YAML that `safe_dump` never writes: aliases, tags, directives, broken syntax, odd bytes."""


def deep_nesting(depth: int, style: str) -> str:
    if style == "flow-open":
        return "[" * depth
    if style == "flow-closed":
        return "[" * depth + "]" * depth
    if style == "mapping":
        return "a: " + "{a: " * depth + "1" + "}" * depth
    if style == "list":
        return "- " * depth + "x"
    return "a:\n" + "".join(" " * level + "b:\n" for level in range(1, depth + 1))


NESTING = st.builds(
    deep_nesting,
    st.integers(MAX_NESTING - 2, 200),
    st.sampled_from(["flow-open", "flow-closed", "mapping", "list", "block"]),
)
FRAGMENTS = st.one_of(st.sampled_from(HOSTILE_FRAGMENTS), NESTING, st.text(max_size=30))

INVALID_UTF8 = [
    b"\xff", b"\xfe", b"\x80", b"\xc3", b"\xc3(", b"\xe2\x82", b"\xed\xa0\x80",
    b"\xc0\xaf", b"\xf4\x90\x80\x80", b"\xf8\x88\x80\x80\x80",
]  # fmt: skip
"""Lone, truncated, surrogate, overlong and out-of-range UTF-8 sequences."""
ODD_BYTES = st.one_of(
    st.sampled_from(INVALID_UTF8 + [b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\r", b"\t"]),
    st.binary(min_size=1, max_size=4),
)

# --- files -------------------------------------------------------------------------------

FILE_NAMES = ["case.yaml", "upload.yaml", "Ships (2).yml", "données.yaml", "x"]
DOCUMENT_SETS: list[dict[str, bytes] | None] = [
    None,
    {},
    {DOCUMENT_FILE: DOCUMENT},
    {DOCUMENT_FILE: DOCUMENT},
    {DOCUMENT_FILE: b""},
    {DOCUMENT_FILE: b"caf\xe9"},
]
UPLOADS = st.sampled_from(
    [
        (name, documents, cap)
        for name in FILE_NAMES
        for documents in DOCUMENT_SETS
        for cap in (None, None, UPLOAD_LIMIT_BYTES)
    ]
)
"""A file name, the document files given with the case, and the size cap: one draw."""


@dataclass(frozen=True)
class CaseFile:
    """One generated upload: what `load_case_bytes` is given, and how it was made."""

    family: str
    name: str
    data: bytes
    documents: dict[str, bytes] | None = None
    max_bytes: int | None = None

    def __repr__(self) -> str:  # a 1 MB file would drown a failure report
        shown = self.data if len(self.data) <= 2000 else self.data[:2000] + b"..."
        return (
            f"CaseFile(family={self.family!r}, name={self.name!r}, data={shown!r} "
            f"({len(self.data):,} bytes), documents={self.documents!r}, "
            f"max_bytes={self.max_bytes!r})"
        )


Location = tuple[Any, ...]


def locations(tree: Any, here: Location = ()) -> list[Location]:
    """The path of every node of a tree of dicts and lists, the root first."""
    found = [here]
    if isinstance(tree, dict):
        for key, value in tree.items():
            found += locations(value, (*here, key))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            found += locations(value, (*here, index))
    return found


def node_at(tree: Any, where: Location) -> Any:
    for step in where:
        tree = tree[step]
    return tree


def with_value(tree: Any, where: Location, value: Any) -> Any:
    if not where:
        return value
    node_at(tree, where[:-1])[where[-1]] = value
    return tree


def mutate(draw: Draw, tree: Any) -> Any:
    """One random edit: replace, drop, add, rename, wrap, nest, empty, copy or nudge a node."""
    where = draw(st.sampled_from(locations(tree)))
    node = node_at(tree, where)
    parent = node_at(tree, where[:-1]) if where else None
    operation = draw(
        st.sampled_from(
            ["replace", "drop", "add", "rename", "wrap", "nest", "empty", "copy", "nudge"]
        )
    )
    if operation == "drop" and parent is not None:
        del parent[where[-1]]
        return tree
    if operation == "add" and isinstance(node, dict):
        node[draw(KEY_NAMES)] = draw(HOSTILE_VALUES)
        return tree
    if operation == "add" and isinstance(node, list):
        node.append(copy.deepcopy(draw(st.sampled_from(node))) if node else draw(HOSTILE_VALUES))
        return tree
    if operation == "rename" and isinstance(parent, dict):
        parent[draw(KEY_NAMES)] = parent.pop(where[-1])
        return tree
    if operation == "wrap":
        wrapped = draw(st.sampled_from(["list", "dict"]))
        return with_value(tree, where, [node] if wrapped == "list" else {draw(KEY_NAMES): node})
    if operation == "nest":
        for _ in range(draw(st.integers(1, MAX_NESTING + 5))):
            node = [node]
        return with_value(tree, where, node)
    if operation == "empty":
        return with_value(
            tree, where, type(node)() if isinstance(node, list | dict | str) else None
        )
    if operation == "copy":
        other = copy.deepcopy(node_at(tree, draw(st.sampled_from(locations(tree)))))
        return with_value(tree, where, other)
    if operation == "nudge" and isinstance(node, int | float) and not isinstance(node, bool):
        step = draw(st.sampled_from([-1, 1, -1e-9, 1e-9, -1e6, 1e6, 1e300]))
        factor = draw(st.sampled_from([1, -1, 10, 1e-300, 1e300]))
        try:
            return with_value(tree, where, node * factor + step)
        except OverflowError:  # 10**400 times a float: keep the huge integer as it is
            return tree
    return with_value(tree, where, draw(HOSTILE_VALUES))


def share_a_node(draw: Draw, tree: Any) -> Any:
    """Put one node in a second place, so that `safe_dump` writes an anchor and an alias."""
    spots = locations(tree)
    source, target = draw(st.sampled_from(spots)), draw(st.sampled_from(spots))
    if source[: len(target)] == target or target[: len(source)] == source:
        return tree  # one holds the other: sharing would make a cycle
    return with_value(tree, target, node_at(tree, source))


STYLES: list[dict[str, Any]] = [
    {
        "allow_unicode": unicode,
        "default_flow_style": flow,
        "width": width,
        "explicit_start": start,
        "canonical": False,
    }
    for unicode in (False, True)
    for flow in (False, None, True)
    for width in (80, 24, 4096)
    for start in (False, True)
]
"""The layouts `safe_dump` is asked for; canonical ones (all tags) are added below."""
CANONICAL = [{**style, "canonical": True} for style in STYLES[:2]]


def dumped(tree: Any, style: Mapping[str, Any]) -> str:
    """`tree` as YAML, as `yaml.safe_dump` writes it (through libyaml's faster emitter)."""
    return yaml.dump(tree, Dumper=yaml.CSafeDumper, sort_keys=False, **style)


BASE_TEXTS = [dumped(BASE_CASE, style) for style in STYLES]


@st.composite
def case_texts(draw: Draw, max_mutations: int = 4) -> str:
    """`BASE_CASE` after up to `max_mutations` edits, written as YAML in a random layout."""
    tree = copy.deepcopy(BASE_CASE)
    for _ in range(draw(st.integers(0, max_mutations))):
        tree = mutate(draw, tree)
    if draw(st.integers(0, 9)) == 0:
        tree = share_a_node(draw, tree)
    return dumped(tree, draw(st.sampled_from(STYLES + CANONICAL)))


def with_fragments(draw: Draw, text: str) -> str:
    """Insert or swap in hand-written hostile YAML at random lines, at a random indent."""
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        indent = draw(st.sampled_from(["", "", "  ", "    ", "\t"]))
        fragment = "".join(indent + part for part in draw(FRAGMENTS).splitlines(keepends=True))
        at = draw(st.integers(0, len(lines)))
        replaces = 1 if draw(st.booleans()) and at < len(lines) else 0
        lines[at : at + replaces] = [fragment if fragment.endswith("\n") else fragment + "\n"]
    return "".join(lines)


def corrupted(draw: Draw, data: bytes) -> bytes:
    """Insert invalid UTF-8 or NUL bytes, truncate, or overwrite a byte."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(out)))
        operation = draw(st.sampled_from(["insert", "truncate", "overwrite"]))
        if operation == "truncate":
            del out[at:]
        elif operation == "overwrite" and at < len(out):
            out[at] = draw(st.integers(0, 255))
        else:
            out[at:at] = draw(ODD_BYTES)
    return bytes(out)


@st.composite
def mutated_case_files(draw: Draw) -> CaseFile:
    """A near-valid case: the structure edited, written as YAML, otherwise intact."""
    name, documents, cap = draw(UPLOADS)
    return CaseFile("mutated", name, draw(case_texts()).encode(), documents, cap)


@st.composite
def fragment_case_files(draw: Draw) -> CaseFile:
    """A case with hostile YAML spliced in: aliases, tags, deep nesting, broken syntax."""
    text = with_fragments(draw, draw(case_texts(max_mutations=1)))
    if draw(st.integers(0, 9)) == 0:
        text = "\ufeff" + text
    name, documents, cap = draw(UPLOADS)
    return CaseFile("fragment", name, text.encode(), documents, cap)


@st.composite
def corrupted_case_files(draw: Draw) -> CaseFile:
    """A case saved in another encoding or with bad bytes, NULs or a cut-off end."""
    text = draw(case_texts(max_mutations=1))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    if encoding == "utf-8" or draw(st.booleans()):
        data = corrupted(draw, data)
    name, documents, cap = draw(UPLOADS)
    return CaseFile("bytes", name, data, documents, cap)


@st.composite
def oversized_case_files(draw: Draw) -> CaseFile:
    """A file over the cap: over 1 MB as an upload, or a small file under a smaller cap."""
    body = draw(st.sampled_from(BASE_TEXTS)).encode()
    if draw(st.booleans()):
        cap = draw(st.integers(0, max(len(body) - 1, 0)))
        return CaseFile("oversized", draw(st.sampled_from(FILE_NAMES)), body, None, cap)
    size = UPLOAD_LIMIT_BYTES + draw(st.integers(1, 100_000))
    padding = draw(st.sampled_from([b"#", b" ", b"\n", b"\xff", b"title: x\n", b"[" * 64]))
    data = (body + padding * (size // len(padding) + 1))[:size]
    return CaseFile("oversized", draw(st.sampled_from(FILE_NAMES)), data, None, UPLOAD_LIMIT_BYTES)


def hostile_case_files() -> st.SearchStrategy[CaseFile]:
    """Every family of generated case files at once (what `scripts/fuzz_cases.py` runs)."""
    return st.one_of(
        mutated_case_files(),
        fragment_case_files(),
        corrupted_case_files(),
        oversized_case_files(),
    )


# --- what must come out ------------------------------------------------------------------

TOP_LEVEL = "title|description|document|questions|sources|claims|scenarios"
PLACE = re.compile(rf"(?:{TOP_LEVEL})(?:\[\d+\]|\.[^:]+?)*: ")
"""A key path at the start of the message, as `claims[0].reading.range` or `title`."""
LINE_AT_END = re.compile(r" \(line (\d+)\)(?: \(and (?:at least )?\d+ more problems?\))?$")
YAML_LINE = re.compile(r"not valid YAML \(line (\d+)(?:, column \d+)?\)")
WHOLE_FILE = re.compile(
    r"the file is empty; |the file is [\d,]+ bytes; uploads are limited to [\d,]+ bytes$"
    r"|not UTF-8 text \(invalid byte at offset \d+\); "
)
"""Refusals of the file as a whole: empty, over the cap, not UTF-8 text."""
LINE_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def refusal_rest(message: str, name: str) -> str:
    """The message after its leading file name, which it must have."""
    assert message.startswith(f"{name}: "), f"{message!r} does not start with {name!r}"
    return message[len(name) + 2 :]


def assert_refusal_names_a_place(message: str, file: CaseFile) -> None:
    """The refusal is one line naming the file and a place, a line, or a whole-file reason."""
    rest = refusal_rest(message, file.name)
    assert "\n" not in message and "\r" not in message, message
    too_large = file.max_bytes is not None and len(file.data) > file.max_bytes
    if too_large:
        expected = f"the file is {len(file.data):,} bytes; uploads are limited to "
        assert rest.startswith(expected), message
        return
    try:
        text = file.data.decode("utf-8")
    except UnicodeDecodeError as error:
        assert rest.startswith(f"not UTF-8 text (invalid byte at offset {error.start})"), message
        return
    assert not re.match(r"not UTF-8 text \(|the file is [\d,]+ bytes", rest), message
    line = YAML_LINE.match(rest) or LINE_AT_END.search(rest)
    assert line or PLACE.match(rest) or WHOLE_FILE.match(rest), f"no place: {message!r}"
    if line:
        lines = len(LINE_BREAKS.findall(text)) + 1
        assert 1 <= int(line.group(1)) <= lines, f"{message!r}: the file has {lines} lines"


def within(reading: Reading, question: Question) -> bool:
    low, high = question.min, question.max
    match reading:
        case Range(a, b):
            return low <= a < b <= high
        case AtLeast(a):
            return low <= a < high
        case AtMost(b):
            return low < b <= high


def assert_case_keeps_the_rules(case: Case, file: CaseFile) -> None:
    """A loaded case holds only what spec section 1 allows."""
    assert case.title.strip()
    assert case.questions and case.sources and case.claims
    question_ids = [q.id for q in case.questions]
    source_ids = [s.id for s in case.sources]
    claim_ids = [c.id for c in case.claims]
    for ids in (question_ids, source_ids, claim_ids):
        assert len(set(ids)) == len(ids), ids
        assert all(isinstance(i, str) and SLUG.fullmatch(i) for i in ids), ids
    for question in case.questions:
        assert math.isfinite(question.max - question.min) and question.min < question.max
        assert question.scale in SCALES
        assert question.scale == "linear" or question.min > 0
        assert question.text.strip()
        for label, entry in question.codebook.items():
            assert label.strip() and entry.reading.label is None
            assert within(entry.reading, question), (label, entry, question)
    for source in case.sources:
        assert 0 <= source.weight <= 100, source
        assert source.name.strip()
        assert all(relay in source_ids and relay != source.id for relay in source.via), source
    for claim in case.claims:
        assert claim.source in source_ids and claim.question in question_ids, claim
        question = case.question(claim.question)
        assert claim.quote.strip()
        assert within(claim.reading, question), (claim, question)
        if claim.reading.label is not None:
            entry = question.codebook[claim.reading.label].reading
            assert entry == claim.reading.with_label(None)
    document = case.document
    supplied = file.documents or {}
    given_text = None
    if document is not None and document.file:
        # The one file uploaded with a case naming one document file is that document
        # whatever its name (spec section 1).
        lone = next(iter(supplied.values())) if len(supplied) == 1 else None
        given_text = supplied.get(document.file, lone)
        assert document.uploaded_as == (
            "" if document.file in supplied or lone is None else next(iter(supplied))
        )
    if document is not None and given_text is not None:
        assert case.quotes_checked and document.text == given_text.decode("utf-8")
        for claim in case.claims:
            assert comparable_quote(claim.quote) in collapse_whitespace(document.text)
    else:
        assert case.quotes_checked == (document is None or not document.file)
    texts = [case.title, case.description, *(q.text for q in case.questions)]
    texts += [s.name for s in case.sources] + [c.quote for c in case.claims]
    for text in texts:
        text.encode("utf-8")  # the CSV export is UTF-8: no text may hold a lone surrogate


def load(file: CaseFile) -> Case | CaseError:
    """What the loader makes of `file`: a case, or the `CaseError` it raised.

    Any other exception propagates: that is the bug these tests look for.
    """
    try:
        return load_case_bytes(
            file.data, file.name, documents=file.documents, max_bytes=file.max_bytes
        )
    except CaseError as error:
        return error


def check_outcome(file: CaseFile, outcome: Case | CaseError) -> None:
    """A loaded case keeps the rules; a refusal names the file and a place."""
    if isinstance(outcome, CaseError):
        assert_refusal_names_a_place(str(outcome), file)
    else:
        assert_case_keeps_the_rules(outcome, file)


def check_load(file: CaseFile) -> Case | CaseError:
    """Load `file` and check what came out; return it."""
    outcome = load(file)
    check_outcome(file, outcome)
    return outcome
