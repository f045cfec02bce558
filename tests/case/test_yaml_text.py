"""Test cases for reading a case file's YAML safely: hostile, malformed and mistyped files."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.case import (
    CaseError,
    load_case_bytes,
)
from tests.support.case_files import (
    Edit,
    assert_message,
)


def test_rejects_bytes_that_are_not_utf8(rejection: Callable[..., str]) -> None:
    """It rejects a file that is not UTF-8, saying where the bad byte is."""
    message = rejection(b"title: caf\xe9\n")
    assert_message(message, None, "not UTF-8 text (invalid byte at offset 10)", None)


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"\xff\xfe\x00t\x00i"],
    ids=["all-bytes", "png", "utf16"],
)
def test_rejects_binary_bytes(rejection: Callable[..., str], data: bytes) -> None:
    """It rejects a binary file with the clear message."""
    assert rejection(data).startswith("case.yaml: ")


def test_rejects_control_characters(rejection: Callable[..., str]) -> None:
    """It rejects UTF-8 text holding control characters YAML does not allow."""
    message = rejection(b"title: x\x00\x01\n")
    assert message.startswith("case.yaml: not valid YAML")


def test_a_control_character_gets_a_one_line_message_with_its_line(
    rejection: Callable[..., str],
) -> None:
    """It names the line of a forbidden control character, in a one-line message."""
    message = rejection(b"title: ok\ndescription: x\x00\n")
    assert_message(message, None, "not valid YAML", 2)


def test_rejects_a_billion_laughs_file_fast(rejection: Callable[..., str]) -> None:
    """It refuses anchors and aliases at once, before anything can expand."""
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        levels.append(f"a{level}: &a{level} [{refs}]")
    started = time.perf_counter()
    message = rejection("\n".join(levels) + "\ntitle: *a9\n")
    assert time.perf_counter() - started < 1.0
    assert_message(message, None, "YAML anchors and aliases are not allowed", 1)


def test_rejects_an_anchor_in_an_otherwise_valid_case(
    rejection: Callable[..., str], case_with: Callable[..., str]
) -> None:
    """It refuses even a harmless-looking anchor and alias."""
    text = case_with(
        ('    question: share\n    quote: "tw', '    question: &q share\n    quote: "tw'),
        ('    question: share\n    quote: "at', '    question: *q\n    quote: "at'),
    )
    assert_message(rejection(text), None, "YAML anchors and aliases are not allowed", 16)


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("title: !!python/object/apply:os.system ['echo pwned']\n", "python/object/apply"),
        ("title: !!python/name:os.system\n", "python/name"),
        ("title: !!str 5\n", "tag:yaml.org,2002:str"),
        ("title: !custom x\n", "!custom"),
    ],
    ids=["python-apply", "python-name", "str", "custom"],
)
def test_rejects_explicit_tags(rejection: Callable[..., str], text: str, tag: str) -> None:
    """It refuses explicit YAML tags, the way a loader is asked to build objects."""
    message = rejection(text)
    assert_message(message, None, "YAML tags such as", 1)
    assert tag in message


@pytest.mark.parametrize(
    "text",
    ["[" * 10000, "[" * 100 + "]" * 100, "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 60))],
    ids=["unclosed-flow", "closed-flow", "block"],
)
def test_rejects_very_deep_nesting(rejection: Callable[..., str], text: str) -> None:
    """It refuses deep nesting with one clear message, however deep (libyaml stops at 1,000)."""
    assert_message(rejection(text), None, "nested more than 40 levels deep", None)


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n"])
def test_rejects_an_empty_file(rejection: Callable[..., str], text: str) -> None:
    """It rejects an empty file and says what a case needs."""
    assert_message(rejection(text), None, "the file is empty", None)


def test_rejects_several_yaml_documents(
    rejection: Callable[..., str], minimal_case_text: str
) -> None:
    """It rejects a file holding more than one YAML document, naming where the second starts."""
    message = rejection(minimal_case_text + "---\n" + minimal_case_text)
    assert_message(message, None, "not valid YAML (line 23, column 1)", None)


@pytest.mark.parametrize("text", ["just a sentence\n", "42\n", "- a\n- b\n"])
def test_rejects_a_file_that_is_not_a_mapping(rejection: Callable[..., str], text: str) -> None:
    """It rejects a plain scalar or a list at the top, saying a mapping is expected."""
    assert_message(rejection(text), None, "expected a mapping with keys title", 1)


def test_rejects_keys_that_are_not_text(rejection: Callable[..., str]) -> None:
    """It rejects a number or a list used as a key."""
    assert_message(rejection("1: x\n"), None, "key 1 must be text", 1)
    assert_message(rejection("? [a, b]\n: 1\n"), None, "expected a single value", 1)


YAML_BITS = list(":-[]{}!&*'\"\n #,?|>%@`0123456789.eE+xyz\t\\") + ["\x00", "é", "~", "null"]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    position=st.integers(0, 600),
    cut=st.integers(0, 12),
    inserted=st.lists(st.sampled_from(YAML_BITS), max_size=10).map("".join),
)
def test_a_mangled_case_gives_a_case_or_a_case_error(
    minimal_case_text: str, position: int, cut: int, inserted: str
) -> None:
    """It answers any corruption of a valid case with a case or a CaseError, nothing else."""
    text = minimal_case_text[:position] + inserted + minimal_case_text[position + cut :]
    try:
        load_case_bytes(text.encode(), "case.yaml")
    except CaseError as error:
        assert str(error).startswith("case.yaml: ")


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_give_a_case_error(data: bytes) -> None:
    """It answers arbitrary bytes with a CaseError naming the file."""
    with pytest.raises(CaseError) as caught:
        load_case_bytes(data, "upload.yaml")
    assert str(caught.value).startswith("upload.yaml: ")


SYNTAX_SLIPS = {
    "tab-indent": (
        ("  - id: beta\n", "\t- id: beta\n"),
        "not valid YAML (line 12, column 1): a tab is used for indentation; indent with spaces",
    ),
    "tab-inside-indent": (
        ("    name: Beta blog\n", "    name: Beta blog\n\tkind: x\n"),
        "not valid YAML (line 14, column 1): a tab is used for indentation",
    ),
    "quote-left-open": (
        ('"at least thirty percent"', '"at least thirty percent'),
        "the quote opened at line 21, column 12 is never closed; end the text with the same "
        "quote mark",
    ),
    "text-after-quote": (
        ('"at least thirty percent"', '"at least" thirty percent'),
        "not valid YAML (line 21, column 23): text follows a closing quote; a value that starts "
        "with a quote mark ends at the matching one, so put the whole value in quotes",
    ),
    "colon-in-text": (
        ("name: Beta blog", "name: Beta: a blog"),
        "not valid YAML (line 13, column 15): a colon followed by a space inside an unquoted "
        "text; put the text in quotes, or use >- for long text",
    ),
    "deeper-key": (
        ("    name: Beta blog", "      name: Beta blog"),
        "not valid YAML (line 13, column 11): a key indented deeper than the keys above it",
    ),
    "flow-left-open": (
        ("{range: [20, 40]}", "{range: [20, 40}"),
        "the list or mapping opened at line 18, column 22 is not closed with ']'",
    ),
}


@pytest.mark.parametrize(("edit", "words"), SYNTAX_SLIPS.values(), ids=SYNTAX_SLIPS.keys())
def test_a_yaml_syntax_error_is_said_in_plain_words(
    rejection: Callable[..., str], case_with: Callable[..., str], edit: Edit, words: str
) -> None:
    """It says what was found, at which line and column, and the usual fix, instead of the
    parser's words ("found character that cannot start any token")."""
    message = rejection(case_with(edit))
    assert message.startswith("case.yaml: not valid YAML (line "), message
    assert words in message, message
    assert "cannot start any token" not in message and "expected key" not in message
