"""The "Build a case" tab as a reader works it, for the browser tests: its tables are
Streamlit data editors (a canvas grid), driven from the keyboard as a person would.

A cell is selected by clicking the grid's first cell and moving with the arrow keys; a
text is typed into the cell's editor and committed with Enter once the page has drawn it; a
checkbox is toggled with Space. Every commit reruns the page, which redraws the table, so
each step waits for it.
"""

from __future__ import annotations

from re import Pattern

from playwright.sync_api import Locator, expect

from dashboard.page.keys import EDITOR
from dashboard.page.workbench_grids import ACCEPT, CHECK_COLUMN, ORDER, REMOVE
from dashboard.workbench.cells import COLUMNS
from tests.support.driver import Dashboard

TAB = "Build a case"
NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
"""Resolves after the page's next two frames: the grid commits the text its editor last drew,
and Playwright types faster than a frame (an Enter right after the last key sent no edit)."""
CLICKS = 5
FIRST_CELL = (30, 35 + 17)
"""Where the grid's first data cell (the `check` column of row 1) is, from the grid's top
left corner: below the header row (the rows are fixed, so the grid has no row markers)."""


def shown_columns(table: str) -> list[str]:
    """The table's columns as the page shows them, left to right."""
    extra = [ORDER, ACCEPT] if table == "claims" else []
    return [CHECK_COLUMN, *extra, *COLUMNS[table], REMOVE]


class WorkbenchTab:
    def __init__(self, app: Dashboard) -> None:
        self.app = app
        self.page = app.page

    def open(self) -> Locator:
        return self.app.tab(TAB)

    def table(self, table: str) -> Locator:
        return self.app.keyed(EDITOR + table)

    def alerts(self) -> Locator:
        return self.app.panel(TAB).get_by_test_id("stAlert")

    def select(self, table: str, column: str, row: int) -> None:
        """Select one cell: click the grid's first cell, then move there with the arrows."""
        grid = self.table(table)
        canvas = grid.get_by_test_id("data-grid-canvas")
        # In the middle of the window: the page's header bar covers its top.
        canvas.evaluate("element => element.scrollIntoView({block: 'center'})")
        box = canvas.bounding_box()
        assert box is not None
        selected = grid.locator("td[aria-selected=true]").first
        # A grid redrawn by the last rerun may miss the first click: click until it selects.
        for _ in range(CLICKS):
            self.page.mouse.click(box["x"] + FIRST_CELL[0], box["y"] + FIRST_CELL[1])
            try:
                expect(selected).to_have_id("glide-cell-0-0", timeout=2_000)
                break
            except AssertionError:
                continue
        expect(selected).to_have_id("glide-cell-0-0")
        target = shown_columns(table).index(column)
        for _ in range(target):
            self.page.keyboard.press("ArrowRight")
        for _ in range(row):
            self.page.keyboard.press("ArrowDown")
        expect(selected).to_have_id(f"glide-cell-{target}-{row}")

    def type(self, table: str, column: str, row: int, text: str) -> None:
        """Replace a cell's text (row 0 first) and commit it."""
        self.app.wait_idle()
        self.select(table, column, row)
        self.page.keyboard.press("Enter")
        editor = self.page.locator(".gdg-input")
        expect(editor).to_be_visible()
        self.page.keyboard.press("ControlOrMeta+a")
        self.page.keyboard.type(text)
        expect(editor).to_have_value(text)
        self.page.evaluate(NEXT_FRAMES)
        self.page.keyboard.press("Enter")
        self.app.wait_idle()

    def toggle(self, table: str, column: str, row: int) -> None:
        self.app.wait_idle()
        self.select(table, column, row)
        self.page.keyboard.press("Space")
        self.app.wait_idle()

    def field(self, label: str) -> Locator:
        """A text field of the work (its title or description), by its label."""
        return self.app.panel(TAB).get_by_label(label, exact=True)

    def name_work(self, title: str, description: str) -> None:
        """Give the work a title and description, each committed as a person would."""
        for label, text, commit in (
            ("Title", title, "Enter"),
            ("Description", description, "ControlOrMeta+Enter"),
        ):
            self.field(label).fill(text)
            self.field(label).press(commit)
            self.app.wait_idle()

    def button(self, name: str | Pattern[str]) -> Locator:
        return self.app.panel(TAB).get_by_role("button", name=name)
