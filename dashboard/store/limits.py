"""What a deployment allows (the `[case_store]` settings read into `StoreLimits`) and how
often one reader's session may store (`RateLimiter`)."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dashboard.case import UPLOAD_LIMIT_BYTES
from dashboard.store.errors import RateLimited, StoreConfigError

SETTING_KEYS = (
    "enabled",
    "max_total_bytes",
    "max_file_bytes",
    "stores_per_window",
    "window_seconds",
    "folder",
    "url",
    "max_work_bytes",
    "max_works",
    "work_days",
)
"""The keys of the `[case_store]` settings (secrets.toml) or `CASE_STORE_<KEY>` (environment)."""

ENVIRONMENT_PREFIX = "CASE_STORE_"


@dataclass(frozen=True)
class StoreLimits:
    """What a deployment allows: storing at all, sizes, and how often one session may store."""

    enabled: bool = True
    max_total_bytes: int = 500_000_000
    max_file_bytes: int = UPLOAD_LIMIT_BYTES
    stores_per_window: int = 10
    window_seconds: int = 600
    max_work_bytes: int = 4_000_000
    """A work keeps its case file and document texts: a few files of up to 1 MB each."""
    max_works: int = 10_000
    work_days: int = 30
    """A work not saved for this many days is deleted at the next save of any work."""


def limits_from(settings: Mapping[str, Any]) -> StoreLimits:
    """Limits from the `[case_store]` settings (TOML values, or text from the environment).

    Missing keys keep their defaults; an unknown key or a value that is not usable is a
    `StoreConfigError` naming it, so a typo in the deployment's settings does not pass.
    """
    unknown = sorted(set(settings) - set(SETTING_KEYS))
    if unknown:
        raise StoreConfigError(
            f"case_store: unknown setting {', '.join(unknown)}; known: {', '.join(SETTING_KEYS)}"
        )
    defaults = StoreLimits()
    values: dict[str, Any] = {}
    if "enabled" in settings:
        values["enabled"] = _setting_bool("enabled", settings["enabled"])
    counts = (
        "max_total_bytes",
        "max_file_bytes",
        "stores_per_window",
        "window_seconds",
        "max_work_bytes",
        "max_works",
        "work_days",
    )
    for key in counts:
        if key in settings:
            values[key] = _setting_count(key, settings[key])
    limits = StoreLimits(**{**defaults.__dict__, **values})
    if limits.max_file_bytes > UPLOAD_LIMIT_BYTES:
        raise StoreConfigError(
            f"case_store.max_file_bytes: {limits.max_file_bytes:,} exceeds the upload cap of "
            f"{UPLOAD_LIMIT_BYTES:,} bytes; a stored case could then never be opened"
        )
    return limits


def _setting_bool(key: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off"):
        return False
    raise StoreConfigError(f"case_store.{key}: {value!r} is not true or false")


def _setting_count(key: str, value: object) -> int:
    try:
        number = value if isinstance(value, int) and not isinstance(value, bool) else None
        if number is None and isinstance(value, str):
            number = int(value.strip())
    except ValueError:
        number = None
    if number is None or number < 1:
        raise StoreConfigError(f"case_store.{key}: {value!r} is not a whole number of at least 1")
    return number


def settings_from_environ(environ: Mapping[str, str]) -> dict[str, str]:
    """The `CASE_STORE_<KEY>` variables of the environment as settings (`CASE_STORE_URL` ...)."""
    settings: dict[str, str] = {}
    for key in SETTING_KEYS:
        name = ENVIRONMENT_PREFIX + key.upper()
        if name in environ:
            settings[key] = environ[name]
    return settings


class RateLimiter:
    """At most `stores_per_window` stores in any `window_seconds`, for one reader's session.

    Pure: the caller passes the time (any monotonic clock), so tests need no sleeping.
    """

    def __init__(self, stores_per_window: int, window_seconds: float) -> None:
        self.stores_per_window = stores_per_window
        self.window_seconds = window_seconds
        self._times: deque[float] = deque()
        self._lock = threading.Lock()

    @classmethod
    def for_limits(cls, limits: StoreLimits) -> RateLimiter:
        return cls(limits.stores_per_window, limits.window_seconds)

    def _forget_before(self, now: float) -> None:
        while self._times and self._times[0] <= now - self.window_seconds:
            self._times.popleft()

    def wait_seconds(self, now: float) -> float:
        """How long until one more store is allowed: 0 when it is allowed now."""
        with self._lock:
            self._forget_before(now)
            if len(self._times) < self.stores_per_window:
                return 0.0
            return self._times[0] + self.window_seconds - now

    def check(self, now: float) -> None:
        """Raise `RateLimited` (saying how long to wait) when one more store is not allowed."""
        wait = self.wait_seconds(now)
        if wait > 0:
            minutes = max(1, round(wait / 60))
            raise RateLimited(
                f"You have shared {self.stores_per_window} cases in the last "
                f"{_duration(self.window_seconds)}; wait about {minutes} minute"
                f"{'s' if minutes != 1 else ''} before sharing another."
            )

    def record(self, now: float) -> None:
        """Count one store made at `now`."""
        with self._lock:
            self._forget_before(now)
            self._times.append(now)


def _duration(seconds: float) -> str:
    if seconds % 60 == 0:
        minutes = int(seconds // 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds:g} seconds"
