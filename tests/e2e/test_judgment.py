"""Test cases for the answer in estimative words, the bound it rests on, and quotes in their
language, in Chromium (issue 25): the page's percentage is the command line's `p_above`."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.driver import Dashboard, cli_export, upload_file

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
VIGIL = ROOT / "tests" / "fixtures" / "russian"


def p_above(csv_bytes: bytes, question: str, method: str = "linear") -> float:
    rows = csv.DictReader(io.StringIO(csv_bytes.decode("utf-8")))
    return next(
        float(row["p_above"])
        for row in rows
        if row["row_type"] == "combined"
        and row["question_id"] == question
        and row["method"] == method
    )


def test_the_answer_s_percentage_is_the_command_line_s_p_above(app: Dashboard) -> None:
    """On the refusal count with CIT trusted more, the answer's percentage and the bound
    sentence are on the page, and the percentage is `p_above` of the same state."""
    app.open("?q=refusal_count&w_agora=20")
    answer = app.page.get_by_text(re.compile(r"^(Very likely|Likely|Almost certain)"))
    expect(answer).to_contain_text("more than 1,000")
    shown = int(re.search(r"\((\d+)%\)", answer.inner_text()).group(1))  # type: ignore[union-attr]
    expected = p_above(cli_export("--weights", "agora:20"), "refusal_count")
    assert shown == round(100 * expected)
    expect(app.page.get_by_text(re.compile("rests on the question's upper bound"))).to_be_visible()


def test_a_russian_quote_shows_the_case_s_translation_beside_it(app: Dashboard) -> None:
    app.open()
    app.upload(
        upload_file("vigil.yaml", (VIGIL / "vigil.yaml").read_bytes()),
        upload_file("vigil.txt", (VIGIL / "vigil.txt").read_bytes(), "text/plain"),
    )
    app.wait_idle()
    expect(app.title).to_have_text("A vigil in Zarechye (invented)")
    expect(app.page.get_by_text("пришли около 900 человек").first).to_be_visible()
    expect(app.page.get_by_text("about 900 people came").first).to_be_visible()
    expect(app.page.locator('[lang="ru"]').first).to_be_attached()
