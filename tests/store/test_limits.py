"""Test cases for the store's limits (dashboard/store/limits.py): the rate limit of one
session, and the `[case_store]` settings read, refused when unusable, and documented."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.case import UPLOAD_LIMIT_BYTES
from dashboard.store import (
    SETTING_KEYS,
    RateLimited,
    RateLimiter,
    StoreConfigError,
    StoreLimits,
    limits_from,
    settings_from_environ,
)

ROOT = Path(__file__).resolve().parents[2]


# --- the rate limit ----------------------------------------------------------------------------


def test_the_rate_limiter_allows_ten_per_ten_minutes() -> None:
    """Ten stores in a window, the eleventh waits until the first leaves the window."""
    limiter = RateLimiter(10, 600)
    for second in range(10):
        limiter.check(1000.0 + second)
        limiter.record(1000.0 + second)
    assert limiter.wait_seconds(1010.0) == pytest.approx(590.0)
    with pytest.raises(RateLimited, match=r"10 cases in the last 10 minutes; wait about 10 min"):
        limiter.check(1010.0)
    with pytest.raises(RateLimited, match="wait about 1 minute before"):
        limiter.check(1599.0)
    assert limiter.wait_seconds(1600.0) == 0.0
    limiter.check(1600.0)


@given(st.lists(st.floats(min_value=0, max_value=10_000), max_size=40))
def test_the_rate_limiter_never_allows_more_than_its_limit_in_a_window(
    offsets: list[float],
) -> None:
    """Whatever the timing of attempts, no window of 600 s ever holds more than 10 stores."""
    limiter = RateLimiter(10, 600)
    made: list[float] = []
    for now in sorted(offsets):
        if limiter.wait_seconds(now) == 0:
            limiter.record(now)
            made.append(now)
    for start in made:
        assert sum(start <= t < start + 600 for t in made) <= 10


# --- settings ----------------------------------------------------------------------------------


def test_limits_from_settings() -> None:
    """TOML values and environment text give the same limits; missing keys keep defaults."""
    assert limits_from({}) == StoreLimits()
    toml = {"enabled": False, "max_total_bytes": 1_000, "stores_per_window": 3}
    assert limits_from(toml) == StoreLimits(False, 1_000, UPLOAD_LIMIT_BYTES, 3, 600)
    environ = {
        "CASE_STORE_ENABLED": "off",
        "CASE_STORE_MAX_TOTAL_BYTES": "1_000",
        "CASE_STORE_STORES_PER_WINDOW": " 3 ",
        "CASE_STORE_URL": "sqlite:///x.sqlite3",
        "UNRELATED": "1",
    }
    settings_ = settings_from_environ(environ)
    assert settings_["url"] == "sqlite:///x.sqlite3" and "unrelated" not in settings_
    assert limits_from(settings_) == limits_from(toml)


@pytest.mark.parametrize(
    ("settings_", "named"),
    [
        ({"max_total_byte": 5}, "max_total_byte"),
        ({"enabled": "maybe"}, "enabled"),
        ({"max_total_bytes": 0}, "max_total_bytes"),
        ({"window_seconds": "ten"}, "window_seconds"),
        ({"stores_per_window": True}, "stores_per_window"),
        ({"max_file_bytes": 2_000_000}, "max_file_bytes"),
    ],
)
def test_unusable_settings_are_named(settings_: dict[str, object], named: str) -> None:
    """A typo or a bad value in the deployment's settings fails loudly, naming the key."""
    with pytest.raises(StoreConfigError, match=named):
        limits_from(settings_)


def test_work_settings_are_read_from_case_store_settings() -> None:
    limits = limits_from({"max_work_bytes": "5000", "max_works": 7, "work_days": "2"})
    assert (limits.max_work_bytes, limits.max_works, limits.work_days) == (5000, 7, 2)
    with pytest.raises(StoreConfigError, match="work_days"):
        limits_from({"work_days": "0"})


def test_every_setting_is_documented() -> None:
    """Each setting appears in the README and in .streamlit/secrets.toml.example."""
    readme = (ROOT / "README.md").read_text()
    example = (ROOT / ".streamlit" / "secrets.toml.example").read_text()
    for key in SETTING_KEYS:
        assert key in readme, f"README does not describe case_store.{key}"
        assert f"CASE_STORE_{key.upper()}" in readme
        assert key in example, f"secrets.toml.example does not show case_store.{key}"
    parsed = tomllib.loads(example)
    limits_from(parsed["case_store"])
    assert "[connections.case_store]" in example
