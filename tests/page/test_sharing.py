"""Test cases for sharing an uploaded case on the page (AppTest, with a real SQLite store)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.page import sharing
from dashboard.store import CaseStore, case_id
from tests.factories import BRIDGES_CASE_WITH_DOCUMENT as CASE
from tests.factories import BRIDGES_DOCUMENT as DOCUMENT
from tests.support.apptest import address

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard" / "app.py")


def upload_and_share(app: AppTest) -> str:
    app.file_uploader[0].set_value(
        [("bridges.yaml", CASE, "application/x-yaml"), ("notes.txt", DOCUMENT, "text/plain")]
    ).run()
    assert not app.exception
    app.button(key="store_case").click().run()
    assert not app.exception
    return address(app)["case"]


def test_storing_an_upload_puts_its_id_in_the_link(store_folder: Path) -> None:
    """After "Store it", the address bar carries case=u-<the spec's hash>."""
    app = AppTest.from_file(APP, default_timeout=60).run()
    stored = upload_and_share(app)
    assert stored == case_id(CASE, [DOCUMENT])
    assert re.fullmatch(r"u-[0-9a-f]{32}", stored)


def test_a_stored_link_opens_the_case_with_its_quotes_checked(store_folder: Path) -> None:
    first = AppTest.from_file(APP, default_timeout=60).run()
    stored = upload_and_share(first)
    first.slider(key="w_paper").set_value(70).run()
    link = address(first)
    second = AppTest.from_file(APP, default_timeout=60)
    for key, value in link.items():
        second.query_params[key] = value
    second.run()
    assert not second.exception
    assert second.title[0].value == "Bridges closed after the storm"
    assert second.slider(key="w_paper").value == 70
    assert any(
        "shared case" in str(i.value) and "were checked" in str(i.value) for i in second.info
    )
    assert address(second)["case"] == stored


def test_a_tampered_or_unknown_id_warns_and_shows_the_bundled_case(store_folder: Path) -> None:
    for bad in ("u-" + "0" * 32, "u-../../etc/passwd", "u-DROP TABLE"):
        app = AppTest.from_file(APP, default_timeout=60)
        app.query_params["case"] = bad
        app.run()
        assert not app.exception
        assert app.title[0].value.startswith("Russian contract soldiers")
        assert app.warning, bad


def test_a_store_switched_off_offers_no_button_and_says_so(
    store_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASE_STORE_ENABLED", "false")
    sharing.case_store.clear()
    app = AppTest.from_file(APP, default_timeout=60).run()
    app.file_uploader[0].set_value([("bridges.yaml", CASE, "application/x-yaml")]).run()
    assert not [b for b in app.button if b.key == "store_case"]
    opened = AppTest.from_file(APP, default_timeout=60)
    opened.query_params["case"] = case_id(CASE, [DOCUMENT])
    opened.run()
    assert any("does not keep shared cases" in str(w.value) for w in opened.warning)


def test_a_store_that_is_down_keeps_the_readers_view(
    store_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database that does not answer: storing says so, and the case and weights stay."""
    monkeypatch.setenv("CASE_STORE_URL", "postgresql+psycopg://nobody:x@127.0.0.1:9/none")
    sharing.case_store.clear()
    app = AppTest.from_file(APP, default_timeout=60).run()
    app.file_uploader[0].set_value([("bridges.yaml", CASE, "application/x-yaml")]).run()
    app.slider(key="w_paper").set_value(65).run()
    app.button(key="store_case").click().run()
    assert not app.exception
    assert app.error and "did not answer" in str(app.error[0].value)
    assert app.title[0].value == "Bridges closed after the storm"
    assert app.slider(key="w_paper").value == 65
    assert "case" not in address(app)


def test_the_stored_bytes_are_the_uploaded_ones(store_folder: Path) -> None:
    app = AppTest.from_file(APP, default_timeout=60).run()
    stored = upload_and_share(app)
    store = sharing.case_store()
    assert isinstance(store, CaseStore)
    found = store.get(stored)
    assert found is not None
    assert (found.case_bytes, found.documents) == (CASE, (("notes.txt", DOCUMENT),))
