"""Test cases for the installed package: the wheel in a fresh virtual environment, run from
an empty folder, exports and serves the app until it draws a headline.

The environment installs as the Dockerfile does: uv.lock's pinned dependencies by hash,
then the wheel. It is built once for this module (about a minute with pip's cache).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support.bundled import CASE_PATH, SHARE, headline
from tests.support.driver import Dashboard, cli_export
from tests.support.package import build_wheel, copy_sources, install
from tests.support.server import free_port, stop, wait_healthy

pytestmark = pytest.mark.e2e

WEIGHTS = ("--weights", "cit:80,author:0")


@pytest.fixture(scope="module")
def installed(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh virtual environment with the wheel installed."""
    sources = copy_sources(tmp_path_factory.mktemp("sources") / "project")
    wheel = build_wheel(sources, tmp_path_factory.mktemp("wheel"))
    return install(wheel, tmp_path_factory.mktemp("install") / "venv")


@pytest.fixture
def empty_folder(tmp_path: Path) -> Path:
    """A folder with no checkout in or above it: the command runs from here."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def test_the_installed_package_runs_from_its_own_files(installed: Path, empty_folder: Path) -> None:
    """`dashboard` is imported from the environment, not from a checkout."""
    where = subprocess.run(
        [str(installed / "python"), "-c", "import dashboard; print(dashboard.__file__)"],
        cwd=empty_folder,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert Path(where).is_relative_to(installed.parent)


def test_the_installed_command_exports_from_any_folder(installed: Path, empty_folder: Path) -> None:
    """`credibility-dashboard export` writes the same CSV as the checkout's command."""
    for case_file in (CASE_PATH, *CASE_PATH.parent.glob("*.txt")):
        shutil.copy2(case_file, empty_folder)
    command = installed / "credibility-dashboard"
    usage = subprocess.run([command, "--help"], capture_output=True, text=True, check=True)
    assert usage.stdout.startswith("usage: credibility-dashboard ")
    exported = subprocess.run(
        [command, "export", CASE_PATH.name, *WEIGHTS],
        cwd=empty_folder,
        capture_output=True,
        check=True,
    )
    assert exported.stdout == cli_export(*WEIGHTS)


@pytest.fixture
def served(installed: Path, empty_folder: Path) -> Iterator[str]:
    """`credibility-dashboard serve` from the empty folder on a free port; its base URL."""
    port = free_port()
    log_path = empty_folder.parent / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [installed / "credibility-dashboard", "serve", "--port", str(port)]
            + ["--address", "127.0.0.1"],
            cwd=empty_folder,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            if not wait_healthy(process, base_url):
                pytest.fail(f"serve did not come up:\n{log_path.read_text(errors='replace')}")
            yield base_url
        finally:
            stop(process)


def test_the_installed_app_serves_the_bundled_case(page: Page, served: str) -> None:
    """The served app opens on the bundled case and draws the engine's headline."""
    app = Dashboard(page, served)
    app.open()
    expect(app.headline).to_have_text(headline(SHARE)[0])
