"""What the store's tests share about ids: the spec's id computed apart from the store, and ids
that must never reach the database."""

from __future__ import annotations

import hashlib

HOSTILE_IDS = [
    "",
    "u-",
    "u-../../x",
    "u-../../../etc/passwd",
    "u-0123456789abcdef0123456789abcde",  # 31 digits
    "u-0123456789abcdef0123456789abcdef0",  # 33 digits
    "u-0123456789ABCDEF0123456789ABCDEF",  # upper case
    "u-0123456789abcdef0123456789abcdef\n",
    " u-0123456789abcdef0123456789abcdef",
    "U-0123456789abcdef0123456789abcdef",
    "u-0123456789abcdef0123456789abcdeg",
    "u-٠١٢٣٤٥٦٧٨٩abcdef0123456789abcdef",  # Arabic-Indic digits
    "u-' OR '1'='1",
    "u-0123456789abcdef'; DROP TABLE stored_cases; --",
    "refusals",
    "u-0123456789abcdef0123456789abcdef\x00",
]


def spec_id(case: bytes, documents: list[bytes]) -> str:
    """Spec section 9, computed here independently of the store: the case file, then a zero
    byte and each document file in order; with none, the case file and one zero byte."""
    digest = hashlib.sha256()
    digest.update(case)
    for document in documents:
        digest.update(bytes([0]))
        digest.update(document)
    if not documents:
        digest.update(bytes([0]))
    return "u-" + digest.hexdigest()[:32]
