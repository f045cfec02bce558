"""Test cases for the package as shipped: the wheel's contents, where the app finds its data,
and the `serve` command. tests/e2e/test_installed_package.py installs the wheel and runs it."""

from __future__ import annotations

import sys
import tomllib
import zipfile
from collections.abc import Iterator
from email.parser import HeaderParser
from importlib import resources
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.__main__ import build_parser, main, streamlit_command
from tests.support.package import PROJECT_ROOT, build_wheel, copy_sources

CONFIG = PROJECT_ROOT / ".streamlit" / "config.toml"


def tree_files(folder: Path) -> set[str]:
    """Every file under `folder` (relative, POSIX), caches left out."""
    return {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the sources that holds a local secrets.toml."""
    sources = copy_sources(tmp_path_factory.mktemp("sources") / "project")
    (sources / ".streamlit" / "secrets.toml").write_text('[case_store]\nurl = "secret"\n')
    return build_wheel(sources, tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def wheel_names(wheel: Path) -> set[str]:
    """The files of that wheel."""
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_the_wheel_names_its_licence_and_carries_its_text(wheel: Path) -> None:
    """The metadata says MIT as an SPDX expression and ships LICENSE, word for word."""
    with zipfile.ZipFile(wheel) as archive:
        (metadata_name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = HeaderParser().parsestr(archive.read(metadata_name).decode())
        assert metadata["License-Expression"] == "MIT"
        assert metadata.get_all("License-File") == ["LICENSE"]
        shipped = metadata_name.replace("METADATA", "licenses/LICENSE")
        assert archive.read(shipped) == (PROJECT_ROOT / "LICENSE").read_bytes()
    assert (PROJECT_ROOT / "LICENSE").read_text().startswith("MIT License\n")


def test_the_wheel_holds_every_module(wheel_names: set[str]) -> None:
    """Every module of every subpackage is in the wheel (pyproject.toml names each one)."""
    modules = {f"dashboard/{name}" for name in tree_files(PROJECT_ROOT / "dashboard")}
    assert {name for name in modules if name.endswith(".py")} - wheel_names == set()


def test_the_wheel_holds_only_the_dashboard(wheel_names: set[str]) -> None:
    """The helpers of tools/, scripts/ and benchmarks/ and the tests stay in the checkout."""
    top = {name.split("/")[0] for name in wheel_names}
    assert {"tools", "scripts", "benchmarks", "tests"} & top == set()
    assert {name for name in top if not name.endswith(".dist-info")} == {"dashboard"}


def test_the_wheel_holds_the_bundled_cases_template_and_settings(wheel_names: set[str]) -> None:
    """data/ (cases, documents, template) and .streamlit/config.toml go inside the package."""
    data = {f"dashboard/data/{name}" for name in tree_files(PROJECT_ROOT / "data")}
    assert "dashboard/data/templates/case-template.yaml" in data
    assert data - wheel_names == set()
    assert "dashboard/streamlit_config/config.toml" in wheel_names


def test_the_wheel_leaves_local_secrets_out(wheel_names: set[str]) -> None:
    """A secrets.toml beside config.toml is never shipped."""
    assert not [name for name in wheel_names if "secrets" in name]


def test_the_app_finds_its_data_through_the_package() -> None:
    """In a checkout (the editable install), importlib.resources finds data/ and .streamlit/."""
    data = resources.files("dashboard.data")
    assert (data / "refusals.yaml").read_bytes() == (
        PROJECT_ROOT / "data/refusals.yaml"
    ).read_bytes()
    config = resources.files("dashboard.streamlit_config") / "config.toml"
    assert config.read_text("utf-8") == CONFIG.read_text("utf-8")


def test_the_app_does_not_edit_the_import_path() -> None:
    """The installed package makes `dashboard` importable; app.py does not touch sys.path."""
    assert "sys.path" not in (PROJECT_ROOT / "dashboard" / "app.py").read_text()


@pytest.fixture
def no_bundled_case(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """The app's bundled data is an empty folder (and no case is cached from before)."""
    files = resources.files
    monkeypatch.setattr(
        resources,
        "files",
        lambda package: tmp_path if package == "dashboard.data" else files(package),
    )
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.mark.usefixtures("no_bundled_case")
def test_a_deployment_without_bundled_cases_says_so() -> None:
    """With no data/*.yaml the page asks for an upload instead of failing (KeyError: None)."""
    app = AppTest.from_file(str(PROJECT_ROOT / "dashboard" / "app.py"), default_timeout=60).run()
    assert not app.exception
    assert "No case is bundled" in " ".join(str(info.value) for info in app.info)
    assert app.sidebar.get("file_uploader")


def test_the_command_names_itself_as_it_was_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Usage lines say `credibility-dashboard`, or `python -m dashboard` when run so."""
    monkeypatch.setattr(sys, "argv", ["/venv/bin/credibility-dashboard"])
    assert build_parser().format_usage().startswith("usage: credibility-dashboard ")
    monkeypatch.setattr(sys, "argv", ["/src/dashboard/__main__.py"])
    assert build_parser().format_usage().startswith("usage: python -m dashboard ")


def test_serve_runs_streamlit_on_the_app_with_its_settings() -> None:
    """Every option of .streamlit/config.toml is passed as a flag, then the port and address."""
    command = streamlit_command(8600, "0.0.0.0")
    assert command[:4] == [sys.executable, "-m", "streamlit", "run"]
    assert Path(command[4]) == PROJECT_ROOT / "dashboard" / "app.py"
    config = tomllib.loads(CONFIG.read_text("utf-8"))
    assert config["server"]["maxUploadSize"] == 1
    for section, options in config.items():
        for key, value in options.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            assert f"--{section}.{key}={text}" in command
    assert command[-2:] == ["--server.port=8600", "--server.address=0.0.0.0"]


def test_serve_refuses_a_port_that_is_not_one(capsys: pytest.CaptureFixture[str]) -> None:
    """A bad --port is one line on standard error and exit status 2, before anything starts."""
    assert main(["serve", "--port", "70000"]) == 2
    assert capsys.readouterr().err == (
        "error: argument --port: '70000' is not a port number (1 to 65535)\n"
    )
