"""Which case the page shows: an upload, a stored case opened from a link, or a bundled
one, and the name its downloads carry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

from dashboard.case import Case

Origin = Literal["bundled", "upload", "stored"]


@dataclass(frozen=True)
class OpenedCase:
    """A case the reader opened other than from the bundled picker: its key (unique per
    content), the case, and the file name it came as."""

    key: str
    case: Case
    file_name: str


@dataclass(frozen=True)
class OnScreen:
    """The case the page shows: its key (for caches), the case, the name its downloads
    carry, where it came from, and the id a link can carry (none for an unstored upload)."""

    key: str
    case: Case
    name: str
    origin: Origin
    link_id: str | None


def case_on_screen(
    bundled: Mapping[str, Case],
    picked: str | None,
    upload: OpenedCase | None = None,
    stored: OpenedCase | None = None,
    stored_ids: Mapping[str, str] | None = None,
) -> OnScreen | None:
    """Which case to show: an upload first, then a stored case opened from a link, then
    the bundled picker's; None when there is none at all. `stored_ids` maps an upload's key
    to the id it was stored under, which its link then carries."""
    if upload is not None:
        link_id = (stored_ids or {}).get(upload.key)
        return OnScreen(
            upload.key, upload.case, _stem(upload.file_name, "uploaded-case"), "upload", link_id
        )
    if stored is not None:
        name = _stem(stored.file_name, stored.key)
        return OnScreen(stored.key, stored.case, name, "stored", stored.key)
    if picked is not None and picked in bundled:
        return OnScreen(picked, bundled[picked], picked, "bundled", picked)
    return None


def _stem(file_name: str, fallback: str) -> str:
    """A file name without its folder and last suffix (`bridges.yaml` -> `bridges`)."""
    stem = PurePosixPath(file_name).stem
    return stem or fallback
