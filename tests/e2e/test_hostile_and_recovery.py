"""Test cases for hostile input and recovery in a real browser.

Untrusted case text and link values are shown as typed and make the browser run
nothing and fetch nothing; a link rebuilds its view in a new session and after a
server restart; and a rejected upload keeps what the reader had. (Concurrent sessions:
test_concurrent_sessions.py.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote, urlencode, urlsplit

import pytest
import yaml
from playwright.sync_api import BrowserContext, Page, Request, Route, WebSocket, expect

from dashboard.case import load_case_bytes
from dashboard.engine.settings import settings_for
from dashboard.export import csv_bytes, export_file_name
from tests.factories import MINIMAL_CASE
from tests.support.bundled import CASE, COUNT, DEFAULT_WEIGHTS, headline
from tests.support.driver import LOAD_TIMEOUT_MS, Dashboard, query_of, upload_file
from tests.support.server import RestartableServer

pytestmark = pytest.mark.e2e

LOOPBACK = {"127.0.0.1", "localhost"}
SHORT_MS = 3_000
"""For what must already hold on a page that has finished loading."""

# --- hostile text ----------------------------------------------------------------------

ICON = ":material/home:"
HOSTILE_PARTS = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '<img src="http://198.51.100.7/leak.png">',
    "![x](http://198.51.100.7/md.png)",
    "[click](javascript:window.__pwned=1)",
    r"$\frac{a}{b}$",
    ":red[coloured]",
    "**bold**",
    "www.example.test",
    ICON,
)
"""Script, HTML that fetches, Markdown images and links, LaTeX, colour, emphasis,
an autolink and an icon shortcode: each would do something if it were not shown
as text. 198.51.100.7 is a documentation address (TEST-NET-2)."""


def hostile(field: str) -> str:
    """A line that starts like a Markdown heading, names its field and carries every payload."""
    return " ".join(("# heading", field, *HOSTILE_PARTS))


def shown(text: str) -> re.Pattern[str]:
    """`text` as a Markdown place shows it: the same characters, with the invisible
    word joiners the page adds to break icon codes and autolinks."""
    return re.compile("\u2060?".join(re.escape(character) for character in text))


def as_shown(field: str) -> re.Pattern[str]:
    return shown(hostile(field))


LABEL = hostile("label")
HOSTILE_CASE = {
    "title": hostile("title"),
    "description": hostile("description"),
    "document": {"title": hostile("document title"), "file": "hostile.txt"},
    "questions": [
        {
            "id": "share",
            "text": hostile("question"),
            "unit": "%",
            "min": 0,
            "max": 100,
            "codebook": {LABEL: {"range": [10, 50], "rationale": hostile("label rationale")}},
        }
    ],
    "sources": [
        {
            "id": "alpha",
            "name": hostile("alpha name"),
            "kind": hostile("alpha kind"),
            "weight": 60,
            "via": ["relay"],
            "note": hostile("alpha note"),
        },
        {"id": "beta", "name": "Beta blog"},
        {"id": "relay", "name": hostile("relay name")},
    ],
    "claims": [
        {
            "source": "alpha",
            "question": "share",
            "quote": hostile("alpha quote"),
            "reading": {"label": LABEL},
            "rationale": hostile("alpha rationale"),
        },
        {
            "source": "beta",
            "question": "share",
            "quote": "at least thirty percent",
            "reading": {"at_least": 30},
        },
    ],
}
HOSTILE_YAML = yaml.safe_dump(HOSTILE_CASE, sort_keys=False, allow_unicode=True, width=10_000)
HOSTILE_DOCUMENT = (
    f"{hostile('paragraph')}\n{hostile('alpha quote')}\n\nBeta says at least thirty percent.\n"
)
HOSTILE_LINK_VALUES = {
    "w_cit": '<img src=x onerror="window.__pwned=1">',
    "w_author": "<script>window.__pwned=1</script>",
    "w_agora": "<img src=x>",
    "q": ":red[coloured]",
    "method": "**bold**",
}
HOSTILE_LINK_KEY = "[click](javascript:window.__pwned=1)"
HOSTILE_LINK = "?" + urlencode({**HOSTILE_LINK_VALUES, HOSTILE_LINK_KEY: "1"}, quote_via=quote)
BOXES_OF_TEXT = (
    "[data-testid='stMarkdownContainer'], [data-testid='stHtml'], "
    "[data-testid='stTooltipContent'], [data-testid='stCaptionContainer']"
)

# --- uploads ---------------------------------------------------------------------------

ALIAS_BOMB = "title: lol\n" + "".join(
    f"l{n}: &l{n} [{', '.join([f'*l{n - 1}' if n > 1 else 'lol'] * 9)}]\n" for n in range(1, 8)
)
"""A "billion laughs" file: a few hundred bytes that aliases would expand to 9**7 items."""


def leaves_the_machine(url: str) -> bool:
    """A URL on another host, or a loopback fetch of `x` that only `<img src=x>` would make."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return False
    return parts.hostname not in LOOPBACK or parts.path == "/x"


# --- the hostile view, loaded once for the tests that read it ---------------------------


class HostileView:
    """A tab that opened a hostile link, then uploaded the hostile case and its document."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.app = Dashboard(page, base_url)
        self.page = page
        self.attempted: list[str] = []
        page.on("request", self._record_request)
        page.on("websocket", self._record_websocket)
        page.route("**/*", self._keep_on_loopback)

    def _record_request(self, request: Request) -> None:
        if leaves_the_machine(request.url):
            self.attempted.append(request.url)

    def _record_websocket(self, websocket: WebSocket) -> None:
        if leaves_the_machine(websocket.url):
            self.attempted.append(websocket.url)

    def _keep_on_loopback(self, route: Route) -> None:
        if leaves_the_machine(route.request.url):
            self.attempted.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    def load(self) -> None:
        self.app.open(HOSTILE_LINK)
        self.app.upload(
            upload_file("hostile.yaml", HOSTILE_YAML),
            upload_file("hostile.txt", HOSTILE_DOCUMENT, mime="text/plain"),
        )
        # Not `title`: the wait must hold even if escaping broke and made more h1s.
        uploaded = self.page.get_by_role("heading", level=1).filter(has_text="heading title")
        expect(uploaded).to_have_count(1, timeout=LOAD_TIMEOUT_MS)
        self.app.wait_idle()

    def show_tab(self, name: str) -> Page:
        self.app.tab(name)
        return self.page


@pytest.fixture(scope="module")
def hostile_view(browser_context: BrowserContext, server: str) -> Iterator[HostileView]:
    """The hostile link and case, loaded once in one tab for the tests below."""
    assert load_case_bytes(HOSTILE_YAML.encode(), "hostile.yaml", {}).title == hostile("title")
    view = HostileView(browser_context.new_page(), server)
    view.load()
    yield view
    view.page.close()


def test_the_title_and_captions_show_case_markup_as_typed(hostile_view: HostileView) -> None:
    """The h1 shows `# heading`, `**bold**`, tags and LaTeX as typed; so do the captions."""
    app = hostile_view.app
    expect(app.title).to_have_count(1)
    expect(app.title).to_contain_text(as_shown("title"))
    captions = hostile_view.page.get_by_test_id("stCaptionContainer")
    expect(captions.filter(has_text="description")).to_contain_text(as_shown("description"))
    relay = app.keyed("w_relay").get_by_test_id("stWidgetLabel")
    expect(relay).to_contain_text(as_shown("relay name"))
    main = hostile_view.page.get_by_test_id("stMain")
    question = main.get_by_role("heading", level=3).filter(has_text="heading question")
    expect(question).to_contain_text(as_shown("question"))


def test_a_slider_label_shows_case_markup_as_typed(hostile_view: HostileView) -> None:
    """A source's name and kind label its slider literally: `:red[coloured]`, not red text."""
    slider = hostile_view.page.get_by_test_id("stSlider").filter(has_text="alpha name")
    label = slider.get_by_test_id("stWidgetLabel")
    expect(label).to_contain_text(as_shown("alpha name"))
    expect(label).to_contain_text(as_shown("alpha kind"))
    expect(label).to_contain_text(shown(":red[coloured]"))
    expect(label.get_by_test_id("stMarkdownColoredText")).to_have_count(0)
    expect(slider.get_by_role("slider")).to_have_value("60")


def test_a_help_tooltip_shows_the_source_note_as_typed(hostile_view: HostileView) -> None:
    """Hovering a slider's help icon shows the source's note as text."""
    slider = hostile_view.page.get_by_test_id("stSlider").filter(has_text="alpha name")
    slider.get_by_test_id("stTooltipIcon").hover()
    tooltip = hostile_view.page.get_by_test_id("stTooltipContent")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text(as_shown("alpha note"))
    hostile_view.page.mouse.move(700, 10)


def test_link_warnings_quote_hostile_values_as_typed(app: Dashboard) -> None:
    """Each unusable part of a hostile link gets a warning quoting it literally (until the
    reader's first change, so on a page that opened the link and nothing else)."""
    app.open(HOSTILE_LINK)
    alerts = app.alerts()
    for key, value in HOSTILE_LINK_VALUES.items():
        expect(alerts.filter(has_text=shown(repr(value))), key).to_have_count(1)
    expect(alerts.filter(has_text=shown(repr(HOSTILE_LINK_KEY)))).to_have_count(1)
    expect(alerts.filter(has_text="'<img src=x>' for source 'agora'")).to_have_count(1)


def test_a_quote_card_shows_html_as_text(hostile_view: HostileView) -> None:
    """Quote, name, kind, relay, reading and rationale appear in the card exactly as typed."""
    page = hostile_view.show_tab("Estimate")
    card = page.get_by_test_id("stHtml").locator(".claim").filter(has_text="alpha quote")
    expect(card).to_have_count(1)
    expect(card.locator("blockquote")).to_have_text(hostile("alpha quote"))
    expect(card.get_by_text("<script>window.__pwned=1</script>", exact=False).first).to_be_visible()
    for field in ("alpha name", "alpha kind", "relay name", "alpha rationale"):
        expect(card).to_contain_text(hostile(field))
    expect(card).to_contain_text(f"label {LABEL} (range 10-50)")

    # The document was uploaded too: the quote's paragraph is shown, also as text.
    paragraph = card.locator("details")
    paragraph.get_by_text("Surrounding paragraph").click()
    expect(paragraph.locator("p")).to_be_visible()
    expect(paragraph).to_contain_text(hostile("paragraph"))
    # The quote is found without its final mark (quotes may change it), so is highlighted.
    expect(paragraph.locator("mark")).to_have_text(hostile("alpha quote").rstrip(".,;:!?"))


def test_the_readings_tab_shows_labels_as_typed(hostile_view: HostileView) -> None:
    """The Readings tab names the hostile label, its reason and its quote literally."""
    hostile_view.show_tab("Readings")
    entry = hostile_view.app.reading_entry("label rationale")
    expect(entry.get_by_test_id("stMarkdownContainer").first).to_contain_text(as_shown("label"))
    captions = entry.get_by_test_id("stCaptionContainer")
    expect(captions.filter(has_text="label rationale")).to_contain_text(as_shown("label rationale"))
    expect(captions.filter(has_text="alpha quote")).to_contain_text(as_shown("alpha quote"))
    hostile_view.show_tab("Estimate")


def test_the_weight_steps_table_shows_names_as_typed(hostile_view: HostileView) -> None:
    """How it works tabulates the five weight steps; the hostile name is a plain cell."""
    hostile_view.show_tab("How it works")
    panel = hostile_view.app.panel("How it works")
    table = panel.get_by_test_id("stDataFrame")
    expect(table).to_have_count(1)
    cells = table.locator("td")
    expect(cells.first).to_have_text(hostile("alpha name"))
    expect(cells.nth(1)).to_have_text(f"label {LABEL} (range 10-50)")
    # The tab's own formulas are typeset: the check below is not blind to KaTeX.
    expect(panel.locator(".katex").first).to_be_visible()
    hostile_view.show_tab("Estimate")


def test_hostile_text_runs_nothing_and_fetches_nothing(hostile_view: HostileView) -> None:
    """After every view above: no request left loopback, no script ran, no markup took effect.

    Runs after the tests that hover, expand and switch tabs, so that their rendering
    is covered too.
    """
    page = hostile_view.page
    hostile_view.show_tab("Readings")
    hostile_view.show_tab("How it works")
    hostile_view.show_tab("Estimate")
    page.get_by_test_id("stSlider").filter(has_text="alpha name").get_by_test_id(
        "stTooltipIcon"
    ).hover()
    expect(page.get_by_test_id("stTooltipContent")).to_be_visible()
    hostile_view.app.wait_idle()

    assert hostile_view.attempted == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("[...document.scripts].some(s => s.text.includes('__pwned'))") is False
    images = "img[src='x'], img[src*='198.51.100.7'], img[src*='md.png']"
    expect(page.locator(images)).to_have_count(0, timeout=SHORT_MS)
    expect(page.locator("a[href^='javascript:' i]")).to_have_count(0, timeout=SHORT_MS)
    # Headings get "#heading-title-script-window-pwned-..." anchors; nothing else may link.
    expect(page.locator("a[href*='pwned']:not([href^='#'])")).to_have_count(0, timeout=SHORT_MS)

    # Every box of text from the case or the link holds no LaTeX, colour, emphasis or heading.
    boxes = page.locator(BOXES_OF_TEXT).filter(has_text="__pwned")
    assert boxes.count() >= 10  # title, captions, labels, alerts, cards, tooltip, ...
    expect(boxes.locator(".katex")).to_have_count(0, timeout=SHORT_MS)
    expect(page.locator(".katex").filter(has_text="frac{a}{b}")).to_have_count(0, timeout=SHORT_MS)
    expect(boxes.get_by_test_id("stMarkdownColoredText")).to_have_count(0, timeout=SHORT_MS)
    expect(boxes.locator("strong, b").filter(has_text=re.compile(r"^\s*bold\s*$"))).to_have_count(
        0, timeout=SHORT_MS
    )
    headings = page.locator("h1, h2, h3, h4, h5, h6").filter(has_text=re.compile(r"^\s*heading"))
    expect(headings).to_have_count(0, timeout=SHORT_MS)


def test_icon_shortcodes_in_untrusted_text_stay_literal(hostile_view: HostileView) -> None:
    """`:material/home:` in a title shows as typed, not as a house icon."""
    page = hostile_view.page
    expect(page.locator(BOXES_OF_TEXT).locator("[aria-label='home icon']")).to_have_count(
        0, timeout=SHORT_MS
    )
    expect(hostile_view.app.title).to_have_text(as_shown("title"), timeout=SHORT_MS)


def test_urls_in_untrusted_text_do_not_become_links(hostile_view: HostileView) -> None:
    """An address in case text stays text: no link to 198.51.100.7 or www.example.test."""
    links = hostile_view.page.locator("a[href*='198.51.100.7'], a[href*='example.test']")
    expect(links).to_have_count(0, timeout=SHORT_MS)


def test_the_question_picker_shows_the_uploaded_question_as_typed(
    hostile_view: HostileView,
) -> None:
    """The Question box names the uploaded case's question, as plain text, icon included."""
    picker = hostile_view.page.get_by_role("combobox", name="Question")
    expect(picker).to_have_value(hostile("question"), timeout=SHORT_MS)


# --- links and recovery -----------------------------------------------------------------


def expect_view(app: Dashboard, weights: dict[str, str], question: str, method: str) -> None:
    """The sidebar shows these slider values, this question text and this method checked."""
    for source_id, value in weights.items():
        expect(app.slider(source_id), source_id).to_have_value(value)
    expect(app.page.get_by_role("combobox", name="Question")).to_have_value(question)
    expect(app.page.get_by_role("radio", name=method)).to_be_checked()


def test_a_link_copied_from_the_address_bar_reopens_the_same_view(app: Dashboard) -> None:
    """Question, method and weights set by hand travel in the URL to a fresh session."""
    app.open()
    count = CASE.question(COUNT)
    app.choose("Question", count.text)
    app.page.get_by_test_id("stRadio").get_by_text("Consensus (log pool)").click()
    expect(app.page.get_by_role("radio", name="Consensus (log pool)")).to_be_checked()
    app.wait_idle()
    app.slide_to_end("cit", "Home")
    app.slide_to_end("author", "End")
    thumb = app.slider("rferl")
    thumb.focus()
    for _ in range(3):
        thumb.press("ArrowLeft")
    moved = DEFAULT_WEIGHTS["rferl"] - 3
    expect(thumb).to_have_value(str(moved))
    app.expect_address(rf"[?&]w_rferl={moved}(&|$)")
    app.wait_idle()

    url = app.address()
    assert query_of(url) == {
        "case": ["refusals"],
        "q": [COUNT],
        "method": ["log"],
        "w_cit": ["0"],
        "w_author": ["100"],
        "w_rferl": [str(moved)],
    }
    sliders = {source_id: app.slider(source_id).input_value() for source_id in DEFAULT_WEIGHTS}
    metrics = app.page.get_by_test_id("stMetricValue").all_inner_texts()

    other = Dashboard(app.page.context.new_page(), app.base_url)
    try:
        other.open("?" + urlsplit(url).query)
        expect_view(other, sliders, count.text, "Consensus (log pool)")
        expect(other.page.get_by_test_id("stMetricValue")).to_have_text(metrics)
        expect(other.alerts()).to_have_count(0)
        other.wait_idle()
        assert other.query() == query_of(url)
    finally:
        other.page.close()


def test_a_rejected_upload_keeps_the_case_and_the_weights_moved_on_it(app: Dashboard) -> None:
    """After a good upload and a slider move, an alias bomb is refused and nothing is lost.

    Extends the upload test in test_dashboard.py: there the weights were untouched;
    here the moved weight survives in the slider, the headline and the CSV.
    """
    app.open()
    app.upload(upload_file("harbour.yaml", MINIMAL_CASE))
    expect(app.title).to_have_text("A small test case")
    app.wait_idle()
    before = app.headline.inner_text()
    app.slide_to_end("alpha", "Home")
    expect(app.headline).not_to_have_text(before)
    app.wait_idle()
    moved = app.headline.inner_text()

    app.upload(upload_file("bomb.yaml", ALIAS_BOMB))
    expect(app.alerts().filter(has_text="exactly one case file")).to_have_count(1)
    app.page.get_by_role("button", name="Remove harbour.yaml").click()
    refused = app.alerts().filter(has_text="anchors and aliases")
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text("bomb.yaml")
    expect(refused).to_contain_text("the previous case and weights are kept")
    app.wait_idle()

    expect(app.title).to_have_text("A small test case")
    expect(app.slider("alpha")).to_have_value("0")
    expect(app.slider("beta")).to_have_value("50")
    expect(app.headline).to_have_text(moved)
    downloaded, name = app.download("Download CSV")
    harbour = load_case_bytes(MINIMAL_CASE.encode(), "harbour.yaml")
    assert downloaded == csv_bytes(harbour, settings_for(harbour, weights={"alpha": 0}))
    assert name == export_file_name("harbour", at_defaults=False)


RESTART_LINK_WEIGHTS = {"cit": 5, "author": 95, "agora": 12}
RESTART_LINK = f"?q={COUNT}&method=log&" + urlencode(
    {f"w_{k}": v for k, v in RESTART_LINK_WEIGHTS.items()}
)


def expect_restart_link_view(app: Dashboard) -> None:
    """The view of RESTART_LINK: its weights (defaults elsewhere), question, method, median."""
    weights = DEFAULT_WEIGHTS | RESTART_LINK_WEIGHTS
    question = CASE.question(COUNT)
    expect_view(app, {k: str(v) for k, v in weights.items()}, question.text, "Consensus (log pool)")
    median, interval = headline(COUNT, "log", weights=RESTART_LINK_WEIGHTS)
    expect(app.headline).to_have_text(median)
    expect(app.interval).to_have_text(interval)
    expect(app.page.get_by_test_id("stException")).to_have_count(0)


def test_a_link_survives_a_server_restart(own_server: RestartableServer, page: Page) -> None:
    """Stop the server under an open link, start it on the same port: a reload shows the view."""
    app = Dashboard(page, own_server.base_url)
    app.open(RESTART_LINK)
    expect_restart_link_view(app)

    own_server.stop()
    # The page notices that its server is gone.
    expect(page.get_by_test_id("stConnectionStatus")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    own_server.start()
    page.reload()
    expect(app.headline).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    app.wait_idle()

    expect_restart_link_view(app)
    expect(app.alerts()).to_have_count(0)
    assert {k: v for k, v in app.query().items() if k.startswith("w_")} == {
        f"w_{k}": [str(v)] for k, v in RESTART_LINK_WEIGHTS.items()
    }
