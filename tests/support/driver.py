"""The dashboard as a reader sees it, for the browser tests: every selector lives here.

Elements are found as Streamlit's own end-to-end suite finds them: by `data-testid`,
by ARIA role and name, and by the `st-key-<key>` class Streamlit gives a keyed widget.
Tests wait for the page to be drawn (`Dashboard.wait_idle`) and use Playwright's `expect`,
which retries; they never sleep.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Locator, Page, expect

from dashboard.page.estimate import CHART_TABS
from dashboard.page.keys import CHART_TAB, PAGE_TAB
from dashboard.page.tabs import panel_key

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LOAD_TIMEOUT_MS = 45_000
"""A first page load computes every claim's distribution; a busy machine needs the slack."""
ACTION_TIMEOUT_MS = 20_000
"""How long `expect` retries after a click or key press before it gives up."""
QUIET_MS = 250
"""The script's state reads `notRunning` when its run ends, but the browser may still be
drawing the run (under load a third of a second later, the headline's metrics in any
order): the page counts as drawn once the script is idle and its DOM has not changed for
this long."""
PAGE_DRAWN = """([quietMs, timeoutMs]) => new Promise((resolve, reject) => {
  const idle = () => document.querySelector("[data-testid='stApp']")
    ?.getAttribute("data-test-script-state") === "notRunning";
  let timer;
  const wait = () => {
    clearTimeout(timer);
    timer = setTimeout(() => (idle() ? done() : wait()), quietMs);
  };
  const observer = new MutationObserver(wait);
  const limit = setTimeout(() => {
    observer.disconnect();
    clearTimeout(timer);
    reject(new Error(`the page was not idle and drawn after ${timeoutMs} ms`));
  }, timeoutMs);
  function done() {
    observer.disconnect();
    clearTimeout(limit);
    resolve();
  }
  observer.observe(document.body, {subtree: true, childList: true, characterData: true});
  wait();
})"""
"""Resolves once the page is drawn (see QUIET_MS): `page.evaluate(PAGE_DRAWN, [QUIET_MS,
LOAD_TIMEOUT_MS])`, from the sync and the async API alike."""

ADDRESS_MATCHES = "([pattern, present]) => new RegExp(pattern).test(location.href) === present"
"""Whether the page's own address matches a pattern: Playwright's `page.url` can lag behind
an address replaced in place."""

WEIGHT_KEY = "w_"
"""A source's slider has the widget key `w_<source_id>`, its link parameter
(dashboard/page/session.py)."""
SPEAKS = "Sources with claims on this question"
RELAYS = "Relays that carried those claims"
SILENT = "No claim on this question"
"""The sidebar's slider groups: two subheaders, then a folded expander `... (n)`."""

FileUpload = dict[str, object]


def key_class(key: str) -> str:
    """The CSS class Streamlit puts on the element of a widget with `key` (as its frontend
    writes it: `st-key-` and the key, each character outside [A-Za-z0-9_-] made `-`)."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def upload_file(name: str, data: str | bytes, mime: str = "application/x-yaml") -> FileUpload:
    """A file for the sidebar's uploader, as Playwright's `set_input_files` takes it."""
    buffer = data.encode("utf-8") if isinstance(data, str) else data
    return {"name": name, "mimeType": mime, "buffer": buffer}


def query_of(url: str) -> dict[str, list[str]]:
    """A URL's query, each key with its values."""
    return parse_qs(urlsplit(url).query)


def cli_export(*arguments: str, case: str = "data/refusals.yaml") -> bytes:
    """What `python -m dashboard export CASE ARGUMENTS...` writes to standard output."""
    completed = subprocess.run(
        [sys.executable, "-m", "dashboard", "export", case, *arguments],
        cwd=PROJECT_ROOT,
        capture_output=True,
        check=True,
    )
    return completed.stdout


class Dashboard:
    """The page as a reader sees it: open a link, move a slider, read the headline."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    # --- loading -------------------------------------------------------------------------

    def open(self, query: str = "") -> None:
        """Open the app at `/` plus `query` (e.g. `?w_cit=0`) and wait for the first full run."""
        self.page.goto(f"{self.base_url}/{query}")
        expect(self.title).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        expect(self.page.get_by_role("radio", name="Estimate", exact=True)).to_be_visible(
            timeout=LOAD_TIMEOUT_MS
        )
        self.wait_idle()

    def wait_idle(self) -> None:
        """Wait until the script has finished its current run and the browser has drawn it."""
        self.page.evaluate(PAGE_DRAWN, [QUIET_MS, LOAD_TIMEOUT_MS])

    def query(self) -> dict[str, list[str]]:
        """The address bar's query, each key with its values (read from the page: the page
        replaces its address in place, which Playwright's `page.url` may not have seen yet)."""
        return query_of(self.address())

    def address(self) -> str:
        """The address bar as the page has it now."""
        return str(self.page.evaluate("location.href"))

    def expect_address(self, pattern: str, present: bool = True) -> None:
        """Wait until the address bar matches (or, `present` False, no longer matches) the
        regular expression `pattern`, read from the page itself."""
        self.page.wait_for_function(
            ADDRESS_MATCHES, arg=[pattern, present], timeout=ACTION_TIMEOUT_MS
        )

    def history_length(self) -> int:
        """How many entries the tab's history has (Back steps through them)."""
        return int(self.page.evaluate("history.length"))

    # --- the headline --------------------------------------------------------------------

    @property
    def title(self) -> Locator:
        return self.page.get_by_role("heading", level=1)

    def metric(self, label: str) -> Locator:
        """The value of the shown headline metric whose label contains `label` (the Readings
        tab has the estimate too: a tab left behind may still hold its hidden copy)."""
        metric = self.page.get_by_test_id("stMetric").filter(
            has=self.page.get_by_test_id("stMetricLabel").filter(has_text=label), visible=True
        )
        return metric.get_by_test_id("stMetricValue")

    @property
    def headline(self) -> Locator:
        """The combined estimate (the pooled median): found by its label, since the browser
        may draw the three metrics in any order."""
        return self.metric("Combined estimate")

    @property
    def interval(self) -> Locator:
        """The combined 90% interval beside the median."""
        return self.metric("90% interval")

    @property
    def share_link(self) -> Locator:
        """The page's own "link to this view", a link under the headline."""
        return self.page.get_by_test_id("stMain").locator(".share-link a")

    # --- the sidebar ---------------------------------------------------------------------

    @property
    def sidebar(self) -> Locator:
        return self.page.get_by_test_id("stSidebar")

    def keyed(self, key: str) -> Locator:
        """The element of the widget with Streamlit key `key`."""
        return self.page.locator(f".{key_class(key)}")

    def slider(self, source_id: str) -> Locator:
        """The thumb (a range input) of source `source_id`'s trust slider, shown or folded."""
        return self.keyed(WEIGHT_KEY + source_id).get_by_role("slider", include_hidden=True)

    def sliders(self) -> Locator:
        """Every trust slider's thumb that is shown (folded ones are not)."""
        return self.sidebar.get_by_role("slider")

    def slider_values(self, source_ids: Sequence[str]) -> list[str]:
        return [self.slider(source_id).input_value() for source_id in source_ids]

    def slide_to_end(self, source_id: str, key: str = "Home") -> None:
        """Move a slider to 0 (`Home`) or 100 (`End`) from the keyboard."""
        thumb = self.slider(source_id)
        thumb.focus()
        thumb.press(key)
        expect(thumb).to_have_value("0" if key == "Home" else "100")

    def slider_groups(self) -> dict[str, list[str]]:
        """Source ids by the sidebar group their slider is in, in page order: the two
        subheaders' titles, and `No claim on this question` for the folded expander."""
        groups: dict[str, list[str]] = self.sidebar.evaluate(
            """(sidebar, silent) => {
                const groups = {};
                let heading = null;
                const marks = "[data-testid=stHeading], [class*='st-key-w_']";
                for (const element of sidebar.querySelectorAll(marks)) {
                    if (element.matches("[data-testid=stHeading]")) {
                        heading = element.innerText.trim();
                        continue;
                    }
                    const folded = element.closest("[data-testid=stExpander]");
                    const group = folded ? silent : heading;
                    const key = [...element.classList].find(c => c.startsWith("st-key-"));
                    (groups[group] ??= []).push(key.slice("st-key-w_".length));
                }
                return groups;
            }""",
            SILENT,
        )
        return groups

    @property
    def silent_expander(self) -> Locator:
        return self.sidebar.get_by_test_id("stExpander").filter(has_text=SILENT)

    def button(self, key: str) -> Locator:
        """The button with Streamlit key `key` (defaults, equal_trust, weights_from_grades)."""
        return self.keyed(key).get_by_role("button")

    def choose(self, box: str, option: str) -> None:
        """Pick `option` in the select box labelled `box`."""
        combobox = self.page.get_by_role("combobox", name=box)
        combobox.click()
        listed = self.page.get_by_role("option", name=option, exact=True)
        if not listed.is_visible():
            # A click on a box the fragment has just redrawn around may not open it; the
            # keyboard does, as for a person.
            combobox.press("ArrowDown")
        listed.click()
        expect(self.page.get_by_role("combobox", name=box)).to_have_value(option)

    def upload(self, *files: FileUpload) -> None:
        """Give the sidebar's uploader these files (it adds them to what it holds)."""
        self.page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(list(files))

    # --- the main area -------------------------------------------------------------------

    def alerts(self) -> Locator:
        return self.page.get_by_test_id("stAlert")

    def tab(self, name: str) -> Locator:
        """Open the tab `name` (a page view or a chart; each picker is a row of radio
        buttons) and return its panel.

        Clicked only once the page is drawn, as a reader would: a click on a tab while the
        last tab's run is still being drawn was once lost on a loaded machine."""
        self.wait_idle()
        self.page.get_by_role("radio", name=name, exact=True).click()
        panel = self.panel(name)
        expect(panel).to_be_visible()
        return panel

    def panel(self, name: str) -> Locator:
        """The panel of tab `name`, drawn only while that tab is open."""
        key = CHART_TAB if name in CHART_TABS else PAGE_TAB
        return self.page.locator(f".st-key-{panel_key(key, name)}")

    def reading_entry(self, label: str) -> Locator:
        """The Readings tab's box for codebook label `label`: its text and its fields."""
        panel = self.panel("Readings")
        boxes = panel.get_by_test_id("stVerticalBlock").filter(
            has=self.page.get_by_test_id("stNumberInput")
        )
        # Every enclosing block matches too; the innermost comes last in document order.
        return boxes.filter(has_text=label).last

    def download(self, button: str) -> tuple[bytes, str]:
        """Press the download button named `button`: the file's bytes and suggested name."""
        with self.page.expect_download() as download_info:
            self.page.get_by_role("button", name=button, exact=True).click()
        download = download_info.value
        return Path(download.path()).read_bytes(), download.suggested_filename
