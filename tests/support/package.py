"""The project as it is shipped: its wheel, and a fresh virtual environment that installs it
as the Dockerfile does (the locked dependencies by hash, then the wheel)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "dashboard", "data", ".streamlit")
"""What the wheel is built from: the Dockerfile copies the same."""


def uv_executable() -> str | None:
    """uv on PATH, else the one the test extras put beside this interpreter."""
    return shutil.which("uv") or shutil.which("uv", path=str(Path(sys.executable).parent))


def copy_sources(folder: Path) -> Path:
    """The project's sources in `folder`, without caches: setuptools builds in the tree it
    is given, and a build there would leave `build/` in the checkout, whose stale files a
    later wheel would ship."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        source = PROJECT_ROOT / name
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
            shutil.copytree(source, folder / name, ignore=ignore)
        else:
            shutil.copy2(source, folder / name)
    return folder


def build_wheel(sources: Path, out: Path) -> Path:
    """`pip wheel --no-deps` of the sources in `sources`; the wheel it wrote in `out`."""
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(sources)])
    (wheel,) = out.glob("*.whl")
    return wheel


def install(wheel: Path, venv: Path) -> Path:
    """A new virtual environment in `venv` with the dependencies pinned by uv.lock (by
    hash), then the wheel; its bin/ folder."""
    uv = uv_executable()
    if uv is None:
        raise RuntimeError("uv is not installed (it comes with the test extras)")
    requirements = venv.parent / "requirements.txt"
    run(
        [uv, "export", "--frozen", "--no-emit-project", "--no-dev"]
        + ["--format", "requirements-txt", "--output-file", str(requirements)],
        cwd=PROJECT_ROOT,
    )
    run([sys.executable, "-m", "venv", str(venv)])
    python = str(venv / "bin" / "python")
    pip = [python, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    run([*pip, "--require-hashes", "-r", str(requirements)])
    run([*pip, "--no-deps", str(wheel)])
    run([python, "-m", "pip", "check"])
    return venv / "bin"


def run(command: list[str], cwd: Path | None = None) -> None:
    """Run a build step; on failure, an error that shows its output."""
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
