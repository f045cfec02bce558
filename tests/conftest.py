"""Shared fixtures: small case files (from tests/factories.py) written on the fly, the
bundled case, and a case store of the test run's own."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from dashboard.case import CaseError, load_case_file
from tests.factories import MINIMAL_CASE, MINIMAL_DOCUMENT

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA = PROJECT_ROOT / "data"


@pytest.fixture(scope="session", autouse=True)
def case_store_of_the_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Works in progress and stored cases of the page tests go to a folder of this run, not
    to the checkout's .case-store (a test that needs a fresh store sets its own)."""
    if "CASE_STORE_FOLDER" in os.environ:
        yield
        return
    os.environ["CASE_STORE_FOLDER"] = str(tmp_path_factory.mktemp("case-store"))
    yield
    del os.environ["CASE_STORE_FOLDER"]


@pytest.fixture
def store_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh SQLite store for the page in this test (the page's store is built once per
    process, so it is built again here and after)."""
    from dashboard.page import sharing

    monkeypatch.setenv("CASE_STORE_FOLDER", str(tmp_path))
    monkeypatch.delenv("CASE_STORE_URL", raising=False)
    sharing.case_store.clear()
    yield tmp_path
    sharing.case_store.clear()


@pytest.fixture
def project_root() -> Path:
    """The repository root (where `python -m dashboard` runs)."""
    return PROJECT_ROOT


@pytest.fixture
def bundled_case_path() -> Path:
    return DATA / "refusals.yaml"


@pytest.fixture
def minimal_case_text() -> str:
    """A valid case: one linear question on [0, 100], two sources, two claims."""
    return MINIMAL_CASE


@pytest.fixture
def minimal_document_text() -> str:
    return MINIMAL_DOCUMENT


@pytest.fixture
def case_with() -> Callable[..., str]:
    """The minimal case with text replaced; each `old` must occur exactly once."""

    def edit(*replacements: tuple[str, str], base: str = MINIMAL_CASE) -> str:
        text = base
        for old, new in replacements:
            assert text.count(old) == 1, f"{old!r} must occur once in the case text"
            text = text.replace(old, new)
        return text

    return edit


@pytest.fixture
def write_case(tmp_path: Path) -> Callable[..., Path]:
    """Write case text (and any document files beside it) to a fresh folder; return its path."""

    def write(
        text: str | bytes,
        name: str = "case.yaml",
        documents: Mapping[str, str | bytes] | None = None,
    ) -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        for file_name, content in (documents or {}).items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            (tmp_path / file_name).write_bytes(data)
        return path

    return write


@pytest.fixture
def rejection(write_case: Callable[..., Path]) -> Callable[..., str]:
    """Load case text from disk, expecting a `CaseError`; return its message."""

    def reject(text: str | bytes, **kwargs: object) -> str:
        path = write_case(text, **kwargs)
        with pytest.raises(CaseError) as caught:
            load_case_file(path)
        return str(caught.value)

    return reject
