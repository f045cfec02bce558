"""The page's CSS, HTML and scripts, kept as files beside it (dashboard/page/assets/) so
that each reads as what it is; the modules that draw them name the file and say why."""

from __future__ import annotations

from functools import cache
from importlib import resources
from string import Template

ASSETS = "assets"
"""The folder of the page's files, inside the `dashboard.page` package (installed with it)."""


@cache
def asset(name: str) -> str:
    """The text of one of the page's files."""
    return (resources.files("dashboard.page") / ASSETS / name).read_text("utf-8")


def style(name: str) -> str:
    """A style sheet of the page, as an element `st.html` draws."""
    return f"<style>{asset(name)}</style>"


def filled(name: str, **values: str) -> str:
    """One of the page's files with its `$name` places filled in (each value as given:
    the caller makes it safe where it lands, as `json.dumps` does for a script)."""
    return Template(asset(name)).substitute(values)
