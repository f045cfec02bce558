"""Test cases for the project itself: lint, layout rules and documents that must not drift."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def readme_commands() -> list[str]:
    return re.findall(r"```sh\n(python3 -m venv .*?)\n```", README)


def test_ruff_finds_nothing() -> None:
    """The code passes ruff's lint and is formatted as ruff formats it."""
    for command in (["check"], ["format", "--check"]):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "ruff",
                *command,
                "dashboard",
                "tests",
                "scripts",
                "benchmarks",
                "tools",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_type_checker_finds_nothing() -> None:
    """mypy, strict, over dashboard/ (its settings are in pyproject.toml)."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_the_page_imports_streamlit() -> None:
    """Logic modules never import Streamlit: the arrows run from the page to the logic."""
    page = {ROOT / "dashboard" / "app.py", *(ROOT / "dashboard" / "page").glob("*.py")}
    modules = set((ROOT / "dashboard").rglob("*.py")) - page
    assert len(modules) > 10
    for module in modules:
        assert not re.search(r"^\s*(import|from) streamlit", module.read_text(), re.M), module


LAYERS: dict[str, set[str]] = {
    "case": set(),
    "engine": {"case"},
    "text_forms": {"case"},
    "draft": {"case"},
    "store": {"case"},
    "link": {"case", "engine", "text_forms"},
    "export": {"case", "engine", "link"},
    "view": {"case", "engine", "link", "export"},
    "workbench": {"case", "draft", "text_forms"},
    "page": {"case", "engine", "text_forms", "draft", "store", "link", "view", "workbench"},
    "app": {"page", "engine", "link", "view"},
    "__main__": {"case", "engine", "text_forms", "draft", "store", "export"},
}
"""What each room of dashboard/ may import from the others: the arrows run one way, from
the page down to the case format (README, Layout)."""


def test_the_layers_import_only_downwards() -> None:
    """No import points up or sideways: the engine never asks for the view, the view never
    for the page, and the case format for nothing else."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / "dashboard").rglob("*.py"):
        parts = path.relative_to(ROOT / "dashboard").with_suffix("").parts
        room = parts[0]
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dashboard"):
                names = node.module.split(".")[1:2] or [alias.name for alias in node.names]
                found.setdefault(room, set()).update(n for n in names if n != room)
    assert set(found) <= set(LAYERS), set(found) - set(LAYERS)
    for room, imported in found.items():
        assert imported <= LAYERS[room], (room, imported - LAYERS[room])


def test_scripts_and_benchmarks_share_code_through_tools_not_paths() -> None:
    """scripts/, benchmarks/, tools/ and the tests import each other as packages from the
    repository root (`python -m scripts.screenshots`, pytest's `pythonpath`): none edits
    the import path or loads a module from its file."""
    by_path = re.compile(r"sys\.path\.(insert|append)|sys\.path\[|spec_from_file_location|runpy")
    for folder in ("scripts", "benchmarks", "tools"):
        assert (ROOT / folder / "__init__.py").exists(), folder
    for folder in ("scripts", "benchmarks", "tools", "tests"):
        for module in set((ROOT / folder).rglob("*.py")) - {Path(__file__)}:
            assert not by_path.search(module.read_text()), module
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"][
        "pythonpath"
    ] == ["."]


def test_the_readme_has_the_two_commands_and_ci_runs_the_test_one() -> None:
    """README gives one command to run the app and one to run every test; CI runs the latter."""
    run_app, run_tests = readme_commands()
    assert run_app.endswith("streamlit run dashboard/app.py")
    assert run_tests.endswith("python -m pytest")
    ci = (ROOT / ".ci" / "run").read_text()
    assert run_tests in ci
    assert "E2E_REQUIRED=1" in ci
    assert "conformance/run" in ci


def test_deployment_settings_are_safe() -> None:
    """Uploads capped at 1 MB, XSRF on, no usage statistics, no error details for viewers."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == 1
    assert config["server"]["enableXsrfProtection"] is True
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["showErrorDetails"] == "none"
    for setting in ("maxUploadSize", "enableXsrfProtection", "showErrorDetails"):
        assert setting in README, f"README does not explain {setting}"


def test_the_template_is_documented_and_loads_once_filled_in() -> None:
    """The downloadable template becomes a valid case once its placeholders are filled."""
    from dashboard.case import load_case_bytes

    text = (ROOT / "data" / "templates" / "case-template.yaml").read_text()
    filled = re.sub(r"<[^>]*>", "filled in", text).replace("file: article.txt", "")
    case = load_case_bytes(filled.encode(), "case-template.yaml")
    assert case.claims[0].reading.kind == "range"


def test_the_container_runs_as_a_user_and_checks_health() -> None:
    """The Dockerfile uses a slim image, drops root and checks /_stcore/health."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.\d+\.\d+-slim", dockerfile, re.M)
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.M)
    assert "HEALTHCHECK" in dockerfile and "/_stcore/health" in dockerfile


def test_the_container_installs_what_was_tested() -> None:
    """Pinned base images, uv.lock's versions by hash, the app served from its wheel, the case
    store in a folder its user owns (a volume is mounted there at run time, never declared:
    tests/test_deployment.py), and no secrets or virtual environments in the build context."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    images = re.findall(r"^FROM (\S+)", dockerfile, re.M)
    assert images and all(re.fullmatch(r"python:3\.\d+\.\d+-slim-\w+", i) for i in images)
    assert "uv export --frozen" in dockerfile and "--require-hashes" in dockerfile
    folder = re.search(r"CASE_STORE_FOLDER=(\S+)", dockerfile)
    assert folder and f"chown app:app {folder[1]}" in dockerfile
    assert '"credibility-dashboard", "serve"' in dockerfile
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    for kept_out in (".streamlit/secrets.toml", ".venv", ".git", ".case-store"):
        assert kept_out in ignored


def test_the_lock_file_is_in_step_with_pyproject() -> None:
    """uv.lock (what Community Cloud installs) resolves exactly what pyproject.toml asks for."""
    uv = shutil.which("uv") or shutil.which("uv", path=str(Path(sys.executable).parent))
    if uv is None:
        pytest.skip("uv is not installed (it comes with the test extras)")
    result = subprocess.run(
        [uv, "lock", "--check", "--offline"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, "uv.lock is stale: run `uv lock`\n" + result.stderr


def test_the_page_script_has_no_bare_string_for_streamlit_to_draw() -> None:
    """Streamlit's magic draws any bare string in the page script: a constant's docstring
    there once appeared at the top of the page."""
    import ast

    tree = ast.parse((ROOT / "dashboard" / "app.py").read_text())
    bare = [
        node.lineno
        for node in tree.body[1:]
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    ]
    assert not bare, f"bare strings at lines {bare} of dashboard/app.py"
