"""Test cases for the dashboard in a real browser: sliders, share links, export, upload, tabs."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.bundled import CASE, COUNT, DEFAULT_WEIGHTS, SHARE, headline
from tests.support.driver import Dashboard, cli_export, query_of, upload_file

pytestmark = pytest.mark.e2e


def weight_query(app: Dashboard) -> dict[str, list[str]]:
    return {k: v for k, v in app.query().items() if k.startswith("w_")}


def test_moving_a_slider_changes_the_headline_and_the_url(app: Dashboard) -> None:
    """Taking all trust from CIT moves the combined median and writes w_cit=0 to the URL."""
    app.open()
    expect(app.headline).to_have_text(headline(SHARE)[0])

    app.slide_to_end("cit", "Home")

    expect(app.headline).to_have_text(headline(SHARE, weights={"cit": 0})[0])
    app.expect_address(r"[?&]w_cit=0(&|$)")


def test_a_slider_move_redraws_what_a_weight_changes_and_nothing_else(app: Dashboard) -> None:
    """The headings, buttons and the drawn chart are the same DOM nodes after a move (only
    the reader's fragment is redrawn, and the chart takes its new rows in place), while the
    headline, the chart's marks and the quote cards' shares follow the weight."""
    app.open()
    expect(app.headline).to_have_text(headline(SHARE)[0])
    # The chart's component mounts after the run ends; capture the nodes once all are drawn.
    expect(app.page.locator("[data-testid=stMain] .vega-embed svg").first).to_be_visible()
    expect(app.page.locator(".st-key-defaults button").first).to_be_visible()
    cards = app.page.locator(".claim .share")
    expect(cards).to_have_count(len(CASE.claims_on(SHARE)))
    shares_before = cards.all_inner_texts()
    app.page.evaluate(
        """() => {
            const heading = [...document.querySelectorAll("[data-testid=stHeading]")]
                .find(h => h.innerText.includes("What each source said"));
            window.__kept = {
                heading,
                defaults: document.querySelector(".st-key-defaults button"),
                chart: document.querySelector("[data-testid=stMain] .vega-embed"),
            };
        }"""
    )

    app.slide_to_end("cit", "Home")

    expect(app.headline).to_have_text(headline(SHARE, weights={"cit": 0})[0])
    app.wait_idle()
    kept = app.page.evaluate(
        "() => Object.fromEntries("
        "Object.entries(window.__kept).map(([name, node]) => [name, node.isConnected]))"
    )
    assert kept == {"heading": True, "defaults": True, "chart": True}
    assert cards.all_inner_texts() != shares_before


def test_opening_a_shared_link_restores_the_view(app: Dashboard) -> None:
    """A link's question, method and weights are all in place, and the headline matches."""
    app.open(f"?q={COUNT}&method=log&w_cit=0&w_author=100")

    expect(app.slider("cit")).to_have_value("0")
    expect(app.slider("author")).to_have_value("100")
    expect(app.slider("agora")).to_have_value(str(DEFAULT_WEIGHTS["agora"]))  # not in the link
    expect(app.page.get_by_role("combobox", name="Question")).to_have_value(
        CASE.question(COUNT).text
    )
    expect(app.page.get_by_role("radio", name="Consensus (log pool)")).to_be_checked()
    median, interval = headline(COUNT, "log", weights={"cit": 0, "author": 100})
    expect(app.headline).to_have_text(median)
    expect(app.interval).to_have_text(interval)
    expect(app.alerts()).to_have_count(0)

    # The page's own "link to this view" names the same state, by id.
    expect(app.share_link).to_contain_text("w_cit=0")
    assert query_of(app.share_link.inner_text().strip()) == {
        "case": ["refusals"],
        "q": [COUNT],
        "method": ["log"],
        "w_cit": ["0"],
        "w_author": ["100"],
    }


def test_the_address_bar_keeps_a_shared_links_question_and_method(app: Dashboard) -> None:
    """After opening a link, the address bar still names its question and method."""
    app.open(f"?q={COUNT}&method=log&w_cit=0")

    query = app.query()
    assert query.get("q") == [COUNT]
    assert query.get("method") == ["log"]


def test_choosing_a_question_and_method_writes_their_ids_to_the_url(app: Dashboard) -> None:
    """Picking the count question and the log pool puts q=refusal_count&method=log in the URL."""
    app.open()
    app.choose("Question", CASE.question(COUNT).text)
    app.page.get_by_test_id("stRadio").get_by_text("Consensus (log pool)").click()
    expect(app.page.get_by_role("radio", name="Consensus (log pool)")).to_be_checked()
    app.wait_idle()
    expect(app.headline).to_have_text(headline(COUNT, "log")[0])
    app.wait_idle()

    query = app.query()
    assert query.get("q") == [COUNT]
    assert query.get("method") == ["log"]


def test_a_link_with_bad_parts_warns_and_still_works(app: Dashboard) -> None:
    """Each unusable part of a link gets a warning naming it; the usable parts apply."""
    app.open("?case=..%2F..%2Fetc%2Fpasswd&w_cit=abc&w_nobody=5&q=nope&w_volkov=15")

    for named in ("'../../etc/passwd'", "'abc'", "'nobody'", "'nope'"):
        expect(app.alerts().filter(has_text=named)).to_have_count(1)
    expect(app.headline).to_have_text(headline(SHARE, weights={"volkov": 15})[0])
    expect(app.slider("volkov")).to_have_value("15")
    expect(app.slider("cit")).to_have_value(str(DEFAULT_WEIGHTS["cit"]))
    app.expect_address(r"[?&]w_volkov=15(&|$)")
    assert "passwd" not in app.address()


def test_the_csv_download_equals_the_command_lines_bytes(app: Dashboard) -> None:
    """The page's CSV under a link's weights is byte-for-byte what `dashboard export` writes."""
    app.open("?w_cit=10&w_author=90")
    expect(app.slider("cit")).to_have_value("10")
    expect(app.slider("author")).to_have_value("90")

    downloaded, name = app.download("Download CSV")

    assert downloaded == cli_export("--weights", "cit:10,author:90")
    assert name == "refusals-your-settings.csv"


def test_an_upload_replaces_the_case_and_a_bad_one_keeps_it(
    app: Dashboard, minimal_case_text: str
) -> None:
    """A valid upload becomes the case; a broken one is named with its place, the case stays."""
    broken = minimal_case_text.replace("  - source: alpha\n", "  - source: gamma\n")
    app.open()

    app.upload(upload_file("ships.yaml", minimal_case_text))
    expect(app.title).to_have_text("A small test case")
    expect(app.sliders()).to_have_count(2)
    expect(app.slider("alpha")).to_have_value("60")

    # The uploader adds files; two case files at once are refused, the case is kept.
    app.upload(upload_file("broken.yaml", broken))
    expect(app.alerts().filter(has_text="exactly one case file")).to_have_count(1)
    expect(app.title).to_have_text("A small test case")

    # Removing the good file leaves the broken one: its error names file, place and line.
    app.page.get_by_role("button", name="Remove ships.yaml").click()
    error = app.alerts().filter(has_text="claims[0].source")
    expect(error).to_have_count(1)
    expect(error).to_contain_text("broken.yaml")
    expect(error).to_contain_text("gamma")
    expect(app.title).to_have_text("A small test case")
    expect(app.slider("alpha")).to_have_value("60")


def test_equal_trust_and_defaults_set_every_slider_and_the_url(app: Dashboard) -> None:
    """Equal trust puts every slider at 50, Defaults restores the case's; the URL follows."""
    app.open("?w_cit=0")
    expect(app.slider("cit")).to_have_value("0")

    app.button("equal_trust").click()
    for source in CASE.sources:
        expect(app.slider(source.id)).to_have_value("50")
    app.expect_address(r"[?&]w_cit=50(&|$)")
    app.wait_idle()
    assert weight_query(app) == {
        f"w_{source_id}": ["50"] for source_id, weight in DEFAULT_WEIGHTS.items() if weight != 50
    }

    app.button("defaults").click()
    for source_id, weight in DEFAULT_WEIGHTS.items():
        expect(app.slider(source_id)).to_have_value(str(weight))
    app.expect_address(r"[?&]w_", present=False)
    expect(app.headline).to_have_text(headline(SHARE)[0])


def test_how_it_works_shows_the_methodology_with_formulas(app: Dashboard) -> None:
    """The methodology tab explains both pools, typesets formulas, and tabulates the steps."""
    app.open()
    panel = app.tab("How it works")

    prose = panel.get_by_test_id("stMarkdownContainer")
    expect(prose.filter(has_text="linear pool").filter(has_text="Mixture")).not_to_have_count(0)
    expect(panel.locator(".katex").first).to_be_visible()
    # The five weight steps on the open question: one row per claim, first the source.
    table = panel.get_by_test_id("stDataFrame")
    expect(table).to_have_count(1)
    # The grid draws on a canvas; its cells live on as an accessible table inside it.
    first_claim = CASE.claims_on(SHARE)[0]
    expect(table.locator("td").first).to_have_text(CASE.source(first_claim.source).name)
