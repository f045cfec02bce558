"""Test cases for the dashboard in a real browser: sliders, share links, export, upload, tabs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from page_driver import PROJECT_ROOT, Dashboard
from playwright.sync_api import expect

from dashboard.case import load_case_file
from dashboard.headline import format_value
from dashboard.pooling import evaluate

pytestmark = pytest.mark.e2e

CASE_PATH = PROJECT_ROOT / "data" / "refusals.yaml"
CASE = load_case_file(CASE_PATH)
NAME = {source.id: source.name for source in CASE.sources}
WEIGHTED = [s for s in CASE.sources if any(c.source == s.id for c in CASE.claims)]


def weight_query(url: str) -> dict[str, list[str]]:
    return {k: v for k, v in parse_qs(urlsplit(url).query).items() if k.startswith("w_")}


def yaml_file(name: str, text: str) -> dict[str, object]:
    return {"name": name, "mimeType": "application/x-yaml", "buffer": text.encode("utf-8")}


def test_moving_a_slider_changes_the_headline_and_the_url(app: Dashboard) -> None:
    """Taking all trust from CIT moves the combined median and writes w_cit=0 to the URL."""
    app.open()
    before = app.headline.inner_text()
    thumb = app.slider(NAME["cit"])

    thumb.focus()
    thumb.press("Home")

    expect(thumb).to_have_value("0")
    expect(app.headline).not_to_have_text(before)
    expect(app.page).to_have_url(re.compile(r"[?&]w_cit=0(&|$)"))


def test_opening_a_shared_link_restores_the_view(app: Dashboard) -> None:
    """A link's question, method and weights are all in place, and the headline matches."""
    app.open("?q=refusal_count&method=log&w_cit=0&w_author=100")

    expect(app.slider(NAME["cit"])).to_have_value("0")
    expect(app.slider(NAME["author"])).to_have_value("100")
    expect(app.slider(NAME["agora"])).to_have_value("70")  # not in the link: its default
    question = CASE.question("refusal_count")
    expect(app.page.get_by_role("combobox", name="Question")).to_have_value(question.text)
    expect(app.page.get_by_role("radio", name="Consensus (log pool)")).to_be_checked()
    summary = evaluate(CASE, {"cit": 0, "author": 100})["refusal_count"].pooled["log"].summary
    assert summary is not None
    expect(app.headline).to_have_text(format_value(summary.median, question))
    expect(app.alerts()).to_have_count(0)

    # The page's own "link to this view" names the same state, by id.
    shown = app.page.get_by_test_id("stCode").filter(has_text="w_cit=0")
    expect(shown).to_have_count(1)
    assert parse_qs(urlsplit(shown.inner_text().strip()).query) == {
        "case": ["refusals"],
        "q": ["refusal_count"],
        "method": ["log"],
        "w_cit": ["0"],
        "w_author": ["100"],
    }


def test_the_address_bar_keeps_a_shared_links_question_and_method(app: Dashboard) -> None:
    """After opening a link, the address bar still names its question and method."""
    app.open("?q=refusal_count&method=log&w_cit=0")

    query = parse_qs(urlsplit(app.page.url).query)
    assert query.get("q") == ["refusal_count"]
    assert query.get("method") == ["log"]


def test_choosing_a_question_and_method_writes_their_ids_to_the_url(app: Dashboard) -> None:
    """Picking the count question and the log pool puts q=refusal_count&method=log in the URL."""
    app.open()
    app.page.get_by_role("combobox", name="Question").click()
    app.page.get_by_role("option", name=CASE.question("refusal_count").text).click()
    expect(app.page.get_by_role("combobox", name="Question")).to_have_value(
        CASE.question("refusal_count").text
    )
    app.page.get_by_test_id("stRadio").get_by_text("Consensus (log pool)").click()
    expect(app.page.get_by_test_id("stMetricLabel").first).to_contain_text("log pool")
    app.wait_idle()

    query = parse_qs(urlsplit(app.page.url).query)
    assert query.get("q") == ["refusal_count"]
    assert query.get("method") == ["log"]


def test_a_link_with_bad_parts_warns_and_still_works(app: Dashboard) -> None:
    """Each unusable part of a link gets a warning naming it; the usable parts apply."""
    app.open("?case=..%2F..%2Fetc%2Fpasswd&w_cit=abc&w_nobody=5&q=nope&w_agora=15")

    for named in ("'../../etc/passwd'", "'abc'", "'nobody'", "'nope'"):
        expect(app.alerts().filter(has_text=named)).to_have_count(1)
    expect(app.headline).to_be_visible()
    expect(app.headline).to_have_text(re.compile(r"\d"))
    expect(app.slider(NAME["agora"])).to_have_value("15")
    expect(app.slider(NAME["cit"])).to_have_value(str(round(CASE.source("cit").weight)))
    expect(app.page).to_have_url(re.compile(r"[?&]w_agora=15(&|$)"))
    assert "passwd" not in app.page.url


def test_the_csv_download_equals_the_command_lines_bytes(app: Dashboard) -> None:
    """The page's CSV under a link's weights is byte-for-byte what `dashboard export` writes."""
    app.open("?w_cit=10&w_author=90")
    expect(app.slider(NAME["cit"])).to_have_value("10")
    expect(app.slider(NAME["author"])).to_have_value("90")

    with app.page.expect_download() as download_info:
        app.page.get_by_role("button", name=re.compile("CSV")).click()
    download = download_info.value
    downloaded = Path(download.path()).read_bytes()

    command_line = subprocess.run(
        [sys.executable, "-m", "dashboard", "export", "data/refusals.yaml"]
        + ["--weights", "cit:10,author:90"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        check=True,
    )
    assert downloaded == command_line.stdout
    assert "refusals" in download.suggested_filename
    assert download.suggested_filename.endswith(".csv")


def test_an_upload_replaces_the_case_and_a_bad_one_keeps_it(
    app: Dashboard, minimal_case_text: str
) -> None:
    """A valid upload becomes the case; a broken one is named with its place, the case stays."""
    broken = minimal_case_text.replace("  - source: alpha\n", "  - source: gamma\n")
    app.open()
    dropzone = app.page.get_by_test_id("stFileUploaderDropzoneInput")

    dropzone.set_input_files(yaml_file("ships.yaml", minimal_case_text))
    expect(app.title).to_have_text("A small test case")
    expect(app.sliders()).to_have_count(2)
    expect(app.slider("Alpha agency")).to_have_value("60")

    # The uploader adds files; two case files at once are refused, the case is kept.
    dropzone.set_input_files(yaml_file("broken.yaml", broken))
    expect(app.alerts().filter(has_text="exactly one case file")).to_have_count(1)
    expect(app.title).to_have_text("A small test case")

    # Removing the good file leaves the broken one: its error names file, place and line.
    app.page.get_by_role("button", name="Remove ships.yaml").click()
    error = app.alerts().filter(has_text="claims[0].source")
    expect(error).to_have_count(1)
    expect(error).to_contain_text("broken.yaml")
    expect(error).to_contain_text("gamma")
    expect(app.title).to_have_text("A small test case")
    expect(app.slider("Alpha agency")).to_have_value("60")


def test_equal_trust_and_defaults_set_every_slider_and_the_url(app: Dashboard) -> None:
    """Equal trust puts every slider at 50, Defaults restores the case's; the URL follows."""
    app.open("?w_cit=0")
    sliders = app.sliders()
    expect(sliders).to_have_count(len(WEIGHTED))

    app.page.get_by_role("button", name="Equal trust").click()
    for index in range(len(WEIGHTED)):
        expect(sliders.nth(index)).to_have_value("50")
    expect(app.page).to_have_url(re.compile(r"[?&]w_cit=50(&|$)"))
    app.wait_idle()
    assert weight_query(app.page.url) == {
        f"w_{s.id}": ["50"] for s in CASE.sources if round(s.weight) != 50
    }

    app.page.get_by_role("button", name="Defaults").click()
    for index, source in enumerate(WEIGHTED):
        expect(sliders.nth(index)).to_have_value(str(round(source.weight)))
    expect(app.page).not_to_have_url(re.compile(r"[?&]w_"))


def test_how_it_works_shows_the_methodology_with_formulas(app: Dashboard) -> None:
    """The methodology tab explains both pools, typesets formulas, and lists the codebook."""
    app.open()
    app.page.get_by_role("tab", name="How it works").click()
    panel = app.page.get_by_role("tabpanel", name="How it works")

    prose = panel.get_by_test_id("stMarkdownContainer")
    expect(prose.filter(has_text="linear pool").filter(has_text="Mixture")).not_to_have_count(0)
    expect(panel.locator(".katex").first).to_be_visible()
    codebooks = [q for q in CASE.questions if q.codebook]
    tables = panel.get_by_test_id("stDataFrame")
    expect(tables).to_have_count(len(codebooks))
    # The grid draws on a canvas; its cells live on as an accessible table inside it.
    expect(tables.first.locator("td").first).to_have_text(next(iter(codebooks[0].codebook)))
