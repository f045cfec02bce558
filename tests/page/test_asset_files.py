"""Test cases for the page's CSS, HTML and script files and how the page reads them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.page.asset_files import asset, filled, style

PAGE = Path(__file__).resolve().parents[2] / "dashboard" / "page"


def test_every_file_of_the_page_is_drawn_and_every_file_drawn_exists() -> None:
    """No file sits unused in assets/, and no module names one that is not there."""
    named = {
        match
        for module in PAGE.glob("*.py")
        for match in re.findall(r"\"([a-z_]+\.(?:css|html))\"", module.read_text("utf-8"))
    }
    present = {path.name for path in (PAGE / "assets").iterdir()}
    assert named == present


def test_a_style_sheet_is_one_style_element() -> None:
    sheet = style("claims.css")
    assert sheet.startswith("<style>") and sheet.endswith("</style>")
    assert sheet.count("<style") == 1 and ".claim blockquote" in sheet


def test_a_script_is_filled_in_and_refuses_a_place_left_empty() -> None:
    script = filled("live_region.html", selector='".st-key-estimate_live"')
    assert 'document.querySelector(".st-key-estimate_live")' in script
    assert "$selector" in asset("live_region.html")
    with pytest.raises(KeyError):
        filled("live_region.html")
