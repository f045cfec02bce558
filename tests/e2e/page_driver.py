"""The dashboard as a reader sees it, for the browser tests: open a link, find a slider."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator, Page, expect

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LOAD_TIMEOUT_MS = 45_000
"""A first page load computes every claim's distribution; a busy machine needs the slack."""
ACTION_TIMEOUT_MS = 20_000
"""How long `expect` retries after a click or key press before it gives up."""
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


class Dashboard:
    """The page as a reader sees it: open a link, find a source's slider, read the headline."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def open(self, query: str = "") -> None:
        """Open the app at `/` plus `query` (e.g. `?w_cit=0`) and wait for the first full run."""
        self.page.goto(f"{self.base_url}/{query}")
        expect(self.headline).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        self.wait_idle()

    def wait_idle(self) -> None:
        """Wait until the script has finished its current run."""
        self.page.locator(IDLE).wait_for(timeout=LOAD_TIMEOUT_MS)

    @property
    def headline(self) -> Locator:
        """The combined median, the first metric on the page."""
        return self.page.get_by_test_id("stMetricValue").first

    @property
    def title(self) -> Locator:
        return self.page.get_by_role("heading", level=1)

    def slider(self, source_name: str) -> Locator:
        """The thumb (a range input) of the sidebar slider labelled with `source_name`."""
        widget = self.page.get_by_test_id("stSlider").filter(has_text=source_name)
        return widget.get_by_role("slider")

    def sliders(self) -> Locator:
        return self.page.get_by_test_id("stSidebar").get_by_role("slider")

    def alerts(self) -> Locator:
        return self.page.get_by_test_id("stAlert")
