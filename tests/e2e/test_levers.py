"""Test cases for the reader's levers in a real browser: slider groups, buttons, switches,
the headline's layout, and the CSV they produce."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, expect

from tests.support.bundled import CASE, COUNT, DEFAULT_WEIGHTS, SHARE, headline
from tests.support.driver import RELAYS, SILENT, SPEAKS, Dashboard, cli_export

pytestmark = pytest.mark.e2e

GRADE_WEIGHTS = {"A": 90, "B": 75, "C": 60, "D": 40, "E": 20, "F": 50}
"""What "Weights from grades" sets for each reliability grade (spec section 3)."""


def expected_groups(question_id: str) -> dict[str, list[str]]:
    """Sources by slider group for a question, in case order; empty groups left out."""
    speaking = {claim.source for claim in CASE.claims_on(question_id)}
    relaying = {relay for source_id in speaking for relay in CASE.source(source_id).via}
    groups: dict[str, list[str]] = {}
    for source in CASE.sources:
        if source.id in speaking:
            group = SPEAKS
        elif source.id in relaying:
            group = RELAYS
        else:
            group = SILENT
        groups.setdefault(group, []).append(source.id)
    return groups


def test_sources_without_a_claim_are_folded_away(app: Dashboard) -> None:
    """On the share question, sources that say nothing about it sit in a folded expander."""
    app.open(f"?q={SHARE}")
    groups = expected_groups(SHARE)
    assert set(groups) == {SPEAKS, RELAYS, SILENT}  # the case exercises all three

    assert app.slider_groups() == groups
    expander = app.silent_expander
    expect(expander).to_contain_text(f"{SILENT} ({len(groups[SILENT])})")
    for source_id in groups[SILENT]:
        expect(app.slider(source_id)).to_be_hidden()
    for source_id in groups[SPEAKS] + groups[RELAYS]:
        expect(app.slider(source_id)).to_be_visible()

    expander.get_by_text(SILENT).click()
    for source_id in groups[SILENT]:
        expect(app.slider(source_id)).to_be_visible()
    expect(expander).to_contain_text("cannot move this question")


def test_relays_have_sliders_and_rferl_at_zero_moves_the_count(app: Dashboard) -> None:
    """The relays of the count question's claims have sliders; RFE/RL at 0 moves the count."""
    app.open(f"?q={COUNT}")
    groups = app.slider_groups()
    assert groups == expected_groups(COUNT)
    assert "rferl" in groups[SPEAKS] + groups[RELAYS]
    assert set(groups[RELAYS]) == {"current_time", "north_realities"}
    expect(app.silent_expander).to_have_count(0)
    expect(app.headline).to_have_text(headline(COUNT)[0])

    app.slide_to_end("rferl", "Home")

    median, interval = headline(COUNT, weights={"rferl": 0})
    expect(app.headline).to_have_text(median)
    expect(app.interval).to_have_text(interval)
    app.expect_address(r"[?&]w_rferl=0(&|$)")


def fully_shown(element: Locator) -> bool:
    """Nothing of the element's content is cut off: it is no wider than its own box."""
    fits: bool = element.evaluate("e => e.scrollWidth <= e.clientWidth")
    return fits


@pytest.mark.parametrize(
    "query",
    [f"?q={SHARE}", f"?q={COUNT}", f"?q={COUNT}&scenario=count_every_account"],
    ids=["share", "count", "count-widest"],
)
def test_the_interval_and_the_share_link_fit_at_1280_px(app: Dashboard, query: str) -> None:
    """At 1280 px the headline's 90% interval is not truncated, nor is the share link."""
    app.page.set_viewport_size({"width": 1280, "height": 900})
    app.open(query)
    width = 1280

    interval = app.interval
    expect(interval).to_be_visible()
    expect(interval).to_have_text(re.compile(r"\d.*–.*\d"))
    text_box = interval.get_by_test_id("stMarkdownContainer")
    assert fully_shown(text_box), interval.inner_text()
    box = interval.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width

    link = app.share_link
    expect(link).to_be_visible()
    expect(link).to_contain_text(app.base_url)
    assert link.get_attribute("href") == link.inner_text().strip()
    assert fully_shown(link.locator("xpath=..")), link.inner_text()
    box = link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_a_link_with_every_lever_downloads_the_command_lines_csv(app: Dashboard) -> None:
    """Scenario, a reader's reading and all three switches off: the CSV is the CLI's, byte
    for byte."""
    app.open(
        "?scenario=documented_only&r_refusal_share.mass_phenomenon=range:5:25"
        "&relays=off&cred=off&shared=each"
    )
    expect(app.alerts()).to_have_count(0)
    for switch in ("relays", "credibility", "shared"):
        expect(app.keyed(switch).get_by_role("switch")).not_to_be_checked()
    expect(app.page.get_by_role("combobox", name="Point of view")).to_have_value(
        CASE.scenario("documented_only").name
    )

    downloaded, name = app.download("Download CSV")

    assert downloaded == cli_export(
        "--scenario",
        "documented_only",
        "--readings",
        "refusal_share.mass_phenomenon=range:5:25",
        "--relays",
        "off",
        "--credibility",
        "off",
        "--shared-evidence",
        "each",
    )
    assert name == "refusals-your-settings.csv"


def test_weights_from_grades_sets_each_graded_slider(app: Dashboard) -> None:
    """The button moves each graded source's slider to its grade's weight."""
    app.open()
    graded = {s.id: GRADE_WEIGHTS[s.reliability] for s in CASE.sources if s.reliability}
    assert graded and any(graded[k] != DEFAULT_WEIGHTS[k] for k in graded)

    app.button("weights_from_grades").click()

    for source_id, weight in graded.items():
        expect(app.slider(source_id), source_id).to_have_value(str(weight))
    app.wait_idle()
    expect(app.headline).to_have_text(headline(SHARE, weights=graded)[0])


def test_the_csv_file_name_says_whose_weights(app: Dashboard) -> None:
    """At the defaults the CSV is refusals-defaults.csv; once moved, ...-your-weights."""
    app.open()
    _, name = app.download("Download CSV")
    assert name == "refusals-defaults.csv"

    app.slide_to_end("cit", "Home")
    app.expect_address(r"[?&]w_cit=0(&|$)")
    app.wait_idle()

    _, name = app.download("Download CSV")
    assert name == "refusals-your-settings.csv"
