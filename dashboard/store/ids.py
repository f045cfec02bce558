"""The ids of the store (spec section 9): a stored case's id is made from its content, a work
in progress's id is random; each is checked against its pattern before any query."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence

from dashboard.case.file import content_digest

STORED_ID = re.compile(r"u-[0-9a-f]{32}")
"""A stored case's id: `u-` and the first 32 hex digits of its content's SHA-256."""

WORK_ID = re.compile(r"w-[0-9a-f]{32}")
"""A work in progress's id: `w-` and 128 random bits in hex, so it cannot be guessed."""


def case_id(case_bytes: bytes, documents: Sequence[bytes] = ()) -> str:
    """The id of a stored case (spec section 9): `u-` and the first 32 hex digits of the
    SHA-256 of the case file, then a zero byte and each document file in the case's order;
    with no document file, the case file and one zero byte."""
    return "u-" + content_digest(case_bytes, documents)[:32]


def is_stored_id(text: object) -> bool:
    """Whether `text` is shaped like a stored case's id (checked before any query)."""
    return isinstance(text, str) and STORED_ID.fullmatch(text) is not None


def new_work_id() -> str:
    """A fresh id for a work in progress: 128 bits from the operating system's randomness."""
    return "w-" + secrets.token_hex(16)


def is_work_id(text: object) -> bool:
    """Whether `text` is shaped like a work's id (checked before any query)."""
    return isinstance(text, str) and WORK_ID.fullmatch(text) is not None
