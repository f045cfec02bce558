"""How fast the dashboard answers, as ratios to what any page or program must spend.

    .venv/bin/python -m benchmarks.speed [--quick]

One run measures, each against its reference in the same run (the two alternate, so
that a busy machine slows both alike):

- a key press on the trust slider of the most weighted source (the heaviest with
  claims on the open question) until the new headline shows and the script has
  finished, on the dashboard and on `bare_page.py` (the same number of sliders, one
  metric, one Altair chart): End and Home alternately, and one arrow step per press
  so that every state is new;
- the same for a generated 200-source case uploaded to the dashboard, whose weights
  table replaces the sliders (a cell of its most weighted source edited, 100 and 0
  alternately), against End/Home on the bundled case;
- `python -m dashboard export` of a 10,001-claim case against `export_floor.py`
  (libyaml parse plus one numpy pass over the claims), each in a process of its own;
- the first page load (navigation until the headline shows and the script is idle);
- how many React components an End/Home press renders on each page, against how many the
  page has (counted through React's devtools hook): where the browser's time goes;
- in this process, where one rerun's server time goes: `view.build_view`, and each
  chart's rows and spec as the page gets them (`CHARTS[name].source`, `SpecTemplates`);
  the page draws one chart, the open tab's (the forest at first).

Both servers run `streamlit run --server.headless true` on free loopback ports and are
stopped at the end; Chromium reaches nothing but 127.0.0.1. Every wait is bounded.
Compare ratios, never seconds: the machine is shared.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, get_args

from playwright.sync_api import BrowserContext, Locator, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dashboard.case import Case, load_case_bytes, load_case_file
from dashboard.engine.pooling import Method, ReadingMemo
from dashboard.engine.settings import Settings, default_settings
from dashboard.view.charts import CHARTS, ChartInput
from dashboard.view.charts.chart import ChartName
from dashboard.view.charts.templates import SpecTemplates
from dashboard.view.model import View, build_view
from tools.cases import many_sources_text
from tools.local_server import (
    CHROMIUM_ARGS,
    chromium_executable,
    free_port,
    stop,
    streamlit_command,
    wait_healthy,
)

ROOT = Path(__file__).resolve().parents[1]
BUNDLED_CASE = ROOT / "data" / "refusals.yaml"
MANY_SOURCES = 200
EXPORT_SOURCES = 4286
EXPORT_CLAIMS = 2 * EXPORT_SOURCES + -(-EXPORT_SOURCES // 3)
"""10,001: many_sources_text gives each source two claims, and every third source a third."""

SLIDER_TARGET = 1.5
TABLE_TARGET = 1.5
EXPORT_TARGET = 2.0
LOAD_TARGET = 1.5

STARTUP_TIMEOUT_S = 90
LOAD_TIMEOUT_MS = 60_000
STEP_TIMEOUT_MS = 20_000
"""How long one press may take to show its result before it counts as missed."""
EDIT_ATTEMPTS = 3
EDITOR_TIMEOUT_MS = 3_000
"""How long a table cell's editor may take to open before the click is tried again."""
RENDER_PRESSES = 5
"""Presses over which components rendered are counted: a count, not a time, barely varies."""
SETTLE_S = 0.4
"""Pause after each result, so that the page's late work (charts drawing) ends first."""

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
HEADLINE = "[data-testid='stMetricValue']"

# Installed in every page before its own scripts: a log of (time, script state, headline)
# at each DOM change, and the time of each key press, both on the page's clock.
OBSERVER = """
(() => {
  const bench = {log: [], keys: []};
  window.__bench = bench;
  document.addEventListener("keydown", () => bench.keys.push(performance.now()), true);
  const watch = () => {
    const app = document.querySelector("[data-testid='stApp']");
    if (!app) { requestAnimationFrame(watch); return; }
    let last = null;
    const note = () => {
      const head = document.querySelector("%(headline)s");
      const entry = [app.getAttribute("data-test-script-state"), head ? head.textContent : ""];
      if (!last || entry[0] !== last[0] || entry[1] !== last[1]) {
        last = entry;
        bench.log.push([performance.now(), entry[0], entry[1]]);
      }
    };
    note();
    new MutationObserver(note).observe(document.body,
      {attributes: true, childList: true, subtree: true, characterData: true});
  };
  document.addEventListener("DOMContentLoaded", watch);
  // React's devtools hook, installed as React DevTools installs it: at each commit, count
  // the components whose render ran (React's PerformedWork flag), skipping the subtrees
  // React reused. `pageComponents` counts every component on the page as it stands.
  bench.rendered = 0;
  let root = null;
  const isComponent = (fiber) => [0, 1, 11, 14, 15].includes(fiber.tag);
  const count = (fiber, onlyRendered) => {
    let total = 0;
    for (; fiber; fiber = fiber.sibling) {
      const previous = fiber.alternate;
      if (isComponent(fiber) && (!onlyRendered || !previous || fiber.flags & 1)) total++;
      if (fiber.child && !(onlyRendered && previous && previous.child === fiber.child)) {
        total += count(fiber.child, onlyRendered);
      }
    }
    return total;
  };
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true, renderers: new Map(), checkDCE() {}, inject() { return 1; },
    onScheduleFiberRoot() {}, onCommitFiberUnmount() {}, onPostCommitFiberRoot() {},
    onCommitFiberRoot(_id, fiberRoot) {
      root = fiberRoot;
      bench.rendered += count(fiberRoot.current.child, true);
    },
  };
  bench.pageComponents = () => (root ? count(root.current.child, false) : 0);
  // When the script has finished a run begun after t0: the first idle state after a run
  // was seen (or after the headline changed, should the run state have flashed by).
  bench.idleAfter = (t0) => {
    let before = "", running = false, changed = false;
    for (const [t, state, text] of bench.log) {
      if (t < t0) { before = text; continue; }
      if (state === "running" || state === "rerunRequested") running = true;
      if (text && text !== before) changed = true;
      if (state === "notRunning" && (running || changed)) return t;
    }
    return null;
  };
  // Milliseconds from t0 until both the run after t0 finished and the headline last changed.
  bench.elapsed = (t0) => {
    const idle = bench.idleAfter(t0);
    if (idle === null) return null;
    let before = "", shown = t0;
    for (const [t, , text] of bench.log) {
      if (t < t0) { before = text; continue; }
      if (text && text !== before) { shown = t; before = text; }
    }
    return Math.max(idle, shown) - t0;
  };
  // A first load: from navigation until the headline is there and the script is idle.
  bench.loaded = () => {
    const ready = bench.log.find(([, state, text]) => state === "notRunning" && text);
    if (!ready) return null;
    const shown = bench.log.find(([, , text]) => text);
    return Math.max(ready[0], shown[0]);
  };
})();
""".replace("%(headline)s", HEADLINE)


# --- servers ---------------------------------------------------------------------------------


@contextlib.contextmanager
def served(script: str, args: list[str], log: BinaryIO) -> Iterator[str]:
    """`streamlit run script -- args` on a free loopback port; yields its URL, then stops it."""
    for _attempt in range(3):
        port = free_port()
        process = subprocess.Popen(
            streamlit_command(port, script) + (["--", *args] if args else []),
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        if wait_healthy(process, url):
            try:
                yield url
            finally:
                stop(process)
            return
        stop(process)
    raise RuntimeError(f"streamlit run {script} did not come up")


# --- the browser side ------------------------------------------------------------------------


@dataclass
class Timings:
    """Milliseconds of one measure on one page, and how many tries gave no result."""

    name: str
    values: list[float] = field(default_factory=list)
    missed: int = 0

    def add(self, value: float | None) -> None:
        if value is None:
            self.missed += 1
        else:
            self.values.append(value)

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.values else float("nan")

    @property
    def quartiles(self) -> tuple[float, float]:
        """The 25th and 75th percentiles: how much the presses varied."""
        if len(self.values) < 2:
            return self.median, self.median
        low, _median, high = statistics.quantiles(self.values, n=4)
        return low, high


class Tab:
    """One browser tab on one server: open it, act, and read how long the page took."""

    def __init__(self, context: BrowserContext, url: str) -> None:
        self.context = context
        self.url = url
        self.page: Page = context.new_page()

    def open(self) -> None:
        self.page.goto(self.url, timeout=LOAD_TIMEOUT_MS)
        self.page.wait_for_function(
            "() => window.__bench.loaded() !== null", timeout=LOAD_TIMEOUT_MS
        )
        self.page.locator(IDLE).wait_for(timeout=LOAD_TIMEOUT_MS)
        time.sleep(SETTLE_S)

    def first_load(self) -> float | None:
        """A new tab's load, in ms from navigation to the headline shown and the script idle."""
        page = self.context.new_page()
        try:
            page.goto(self.url, timeout=LOAD_TIMEOUT_MS)
            page.wait_for_function(
                "() => window.__bench.loaded() !== null", timeout=LOAD_TIMEOUT_MS
            )
            time.sleep(SETTLE_S)
            return float(page.evaluate("() => window.__bench.loaded()"))
        except PlaywrightTimeout:
            return None
        finally:
            page.close()

    def timed(self, act: Callable[[Page], None]) -> float | None:
        """Do `act` (which ends with a key press), then time from that key press until the
        run it caused has finished and the headline is shown; None if nothing came."""
        act(self.page)
        t0 = self.page.evaluate("() => window.__bench.keys.at(-1)")
        try:
            self.page.wait_for_function(
                "t0 => window.__bench.idleAfter(t0) !== null", arg=t0, timeout=STEP_TIMEOUT_MS
            )
        except PlaywrightTimeout:
            self.page.locator(IDLE).wait_for(timeout=LOAD_TIMEOUT_MS)
            return None
        time.sleep(SETTLE_S)
        elapsed = self.page.evaluate("t0 => window.__bench.elapsed(t0)", t0)
        return None if elapsed is None else float(elapsed)


def slider_of(page: Page, label: str) -> Locator:
    """The thumb of the sidebar slider whose label contains `label` (exactly one)."""
    sliders = page.get_by_test_id("stSidebar").get_by_test_id("stSlider").filter(has_text=label)
    if sliders.count() != 1:
        raise RuntimeError(f"expected one slider labelled {label!r}, found {sliders.count()}")
    return sliders.get_by_role("slider")


class SliderPresses:
    """Key presses on one slider, tracking its value: End/Home, or single steps that always
    head away from the nearer end so that every state is new."""

    def __init__(self, tab: Tab, label: str, value: int) -> None:
        self.tab, self.label, self.value = tab, label, value
        self.direction = 1 if value <= 50 else -1

    def press(self, key: str) -> float | None:
        def act(page: Page) -> None:
            slider_of(page, self.label).focus()
            page.keyboard.press(key)

        return self.tab.timed(act)

    def end_home(self) -> float | None:
        key, self.value = ("Home", 0) if self.value == 100 else ("End", 100)
        return self.press(key)

    def step(self) -> float | None:
        if not 0 < self.value + self.direction < 100:
            self.direction = -self.direction
        self.value += self.direction
        return self.press("ArrowRight" if self.direction > 0 else "ArrowLeft")


class TableEdits:
    """Edits of one source's trust cell in the dashboard's weights table (the uploaded case
    has too many sources for sliders): 0 and 100 alternately, committed with Enter."""

    def __init__(self, tab: Tab, case_file: Path, source_name: str, value: int) -> None:
        self.tab, self.source_name, self.value = tab, source_name, value
        page = tab.page
        page.get_by_test_id("stSidebar").locator("input[type=file]").set_input_files(case_file)
        page.get_by_test_id("stDataFrame").wait_for(timeout=LOAD_TIMEOUT_MS)
        page.locator(IDLE).wait_for(timeout=LOAD_TIMEOUT_MS)
        search = page.get_by_test_id("stSidebar").get_by_placeholder("name or kind")
        search.fill(source_name)
        search.press("Enter")
        time.sleep(SETTLE_S)
        page.locator(IDLE).wait_for(timeout=LOAD_TIMEOUT_MS)

    def edit(self) -> float | None:
        self.value = 0 if self.value == 100 else 100

        def act(page: Page) -> None:
            table = page.get_by_test_id("stSidebar").get_by_test_id("stDataFrame")
            table.scroll_into_view_if_needed()
            cell = table.locator("[id^='glide-cell-0-']").get_by_text(self.source_name, exact=True)
            cell.wait_for(state="attached", timeout=LOAD_TIMEOUT_MS)
            row = int((cell.get_attribute("id") or "").rsplit("-", 1)[1])
            editor = page.locator("input.gdg-input")
            for _attempt in range(EDIT_ATTEMPTS):
                box = table.bounding_box()
                assert box is not None
                # The grid is a canvas (rows of 35 px under a 35 px header): click the row's
                # first cell, step right to the trust column and start typing, which opens
                # the cell's editor a moment later; a click that lands as the grid redraws
                # opens nothing, and is tried again.
                page.mouse.click(box["x"] + 12, box["y"] + 35 * (row + 1) + 17)
                page.keyboard.press("ArrowRight")
                page.keyboard.press("ArrowRight")
                page.keyboard.type("1")
                try:
                    editor.wait_for(timeout=EDITOR_TIMEOUT_MS)
                    break
                except PlaywrightTimeout:
                    page.keyboard.press("Escape")
            editor.fill(str(self.value))
            page.keyboard.press("Enter")

        return self.tab.timed(act)


def renders_per_press(presses: SliderPresses, count: int) -> tuple[float, int]:
    """Median React components rendered per End/Home press, and how many the page has."""
    page = presses.tab.page
    rendered = []
    for _ in range(count):
        before = page.evaluate("() => window.__bench.rendered")
        presses.end_home()
        rendered.append(page.evaluate("() => window.__bench.rendered") - before)
    return statistics.median(rendered), page.evaluate("() => window.__bench.pageComponents()")


def alternate(actions: list[tuple[Timings, Callable[[], float | None]]], count: int) -> None:
    """Each action once in turn, `count` rounds, after one unrecorded warm-up round."""
    for _timings, action in actions:
        action()
    for _round in range(count):
        for timings, action in actions:
            timings.add(action())


# --- the export, and the server's share of a rerun -------------------------------------------


def process_seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def median_ms(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def server_breakdown(case: Case, source_id: str, repeats: int) -> list[tuple[str, float]]:
    """Median ms of one rerun's server work after a weight change, part by part: the view,
    then each chart's spec as the page gets it (`SpecTemplates`: after the first
    state, a chart whose layout is unchanged only takes the new rows)."""
    memo = ReadingMemo()
    templates = SpecTemplates()
    defaults = default_settings(case)
    question_id = case.questions[0].id
    weight = int(defaults.weights[source_id])
    states = iter(range(10_000))

    def view_after_a_move() -> View:
        # A new weight each time, as a drag gives: no view may be served from a cache.
        moved = {**defaults.weights, source_id: (weight + next(states)) % 101}
        settings = Settings(moved, switches=defaults.switches)
        return build_view(case, "case", question_id, Method.LINEAR, settings, defaults, memo=memo)

    figures = [("view.build_view", median_ms(view_after_a_move, repeats))]
    for name in get_args(ChartName):

        def spec_after_a_move(name: ChartName = name) -> object:
            view = view_after_a_move()
            return templates.spec(
                name, CHARTS[name].source(ChartInput(case, view.question, view.method, view.charts))
            )

        with_view = median_ms(spec_after_a_move, repeats)
        figures.append((f"  chart: {name} (its rows and spec)", with_view - figures[0][1]))
    return figures


# --- the run ---------------------------------------------------------------------------------


def ratio_line(name: str, mine: float, reference: float, ref_name: str, target: float) -> str:
    ratio = mine / reference
    verdict = "within" if ratio <= target else "OVER"
    return (
        f"{name}: dashboard {mine:.0f} ms, {ref_name} {reference:.0f} ms, ratio {ratio:.2f} "
        f"(target <= {target}, {verdict})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 presses a pattern, not 15")
    options = parser.parse_args()
    presses, loads, exports = (5, 3, 1) if options.quick else (15, 7, 3)

    chromium = chromium_executable()
    if chromium is None:
        sys.exit("no Chromium: install chromium or set CHROMIUM_PATH")

    case = load_case_file(BUNDLED_CASE)
    defaults = default_settings(case)
    question_id = case.questions[0].id
    speaking = {claim.source for claim in case.claims if claim.question == question_id}
    heaviest = max(
        (s for s in case.sources if s.id in speaking), key=lambda s: defaults.weights[s.id]
    )
    heaviest_value = int(defaults.weights[heaviest.id])
    heaviest_index = [s.id for s in case.sources].index(heaviest.id)
    bare_values = ",".join(str(int(defaults.weights[s.id])) for s in case.sources)

    many = load_case_bytes(many_sources_text(MANY_SOURCES).encode(), "many.yaml")
    many_heaviest = max(many.sources, key=lambda s: many.default_weights()[s.id])

    results: dict[str, Timings] = {}

    def timings(name: str) -> Timings:
        return results.setdefault(name, Timings(name))

    with tempfile.TemporaryDirectory(prefix="speed-") as work:
        work_dir = Path(work)
        many_file = work_dir / "many-sources.yaml"
        many_file.write_text(many_sources_text(MANY_SOURCES))
        export_file = work_dir / "ten-thousand-claims.yaml"
        export_file.write_text(many_sources_text(EXPORT_SOURCES))
        log_path = work_dir / "servers.log"

        print(
            f"bundled case: {len(case.sources)} sources, slider pressed: {heaviest.name} "
            f"(weight {heaviest_value}); bare page: {len(case.sources)} sliders, one metric, "
            f"one chart; {presses} presses per pattern after one warm-up",
            flush=True,
        )
        with (
            log_path.open("wb") as log,
            served("dashboard/app.py", [], log) as dashboard_url,
            served("benchmarks/bare_page.py", [bare_values], log) as bare_url,
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(
                executable_path=chromium,
                headless=True,
                # Loopback only: every other host name fails to resolve.
                args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
            )
            try:
                contexts = []
                for _ in range(3):
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    context.add_init_script(OBSERVER)
                    contexts.append(context)
                dashboard, bare, many_tab = (
                    Tab(contexts[0], dashboard_url),
                    Tab(contexts[1], bare_url),
                    Tab(contexts[2], dashboard_url),
                )
                dashboard.open()
                bare.open()
                on_dashboard = SliderPresses(dashboard, heaviest.name, heaviest_value)
                on_bare = SliderPresses(bare, f"Source {heaviest_index}", heaviest_value)

                print("slider End/Home ...", flush=True)
                alternate(
                    [
                        (timings("dashboard end/home"), on_dashboard.end_home),
                        (timings("bare end/home"), on_bare.end_home),
                    ],
                    presses,
                )
                print("slider arrow steps ...", flush=True)
                alternate(
                    [
                        (timings("dashboard step"), on_dashboard.step),
                        (timings("bare step"), on_bare.step),
                    ],
                    presses,
                )
                renders = {
                    "dashboard": renders_per_press(on_dashboard, RENDER_PRESSES),
                    "bare page": renders_per_press(on_bare, RENDER_PRESSES),
                }
                print(f"{MANY_SOURCES}-source table edits ...", flush=True)
                many_tab.open()
                edits = TableEdits(
                    many_tab,
                    many_file,
                    many_heaviest.name,
                    int(many.default_weights()[many_heaviest.id]),
                )
                alternate(
                    [
                        (timings(f"{MANY_SOURCES}-source edit"), edits.edit),
                        (timings("bundled end/home (paired)"), on_dashboard.end_home),
                    ],
                    presses,
                )
                print("first loads ...", flush=True)
                alternate(
                    [
                        (timings("dashboard first load"), dashboard.first_load),
                        (timings("bare first load"), bare.first_load),
                    ],
                    loads,
                )
            except Exception:
                print(f"failed; the servers said:\n{log_path.read_text(errors='replace')[-3000:]}")
                raise
            finally:
                browser.close()

        print("export against the floor ...", flush=True)
        export_command = [sys.executable, "-m", "dashboard", "export", str(export_file)]
        export_command += ["--output", str(work_dir / "export.csv")]
        floor_command = [sys.executable, "benchmarks/export_floor.py", str(export_file)]
        alternate(
            [
                (timings("export"), lambda: 1000 * process_seconds(export_command)),
                (timings("floor"), lambda: 1000 * process_seconds(floor_command)),
            ],
            exports,
        )

    breakdown = server_breakdown(case, heaviest.id, 5 if options.quick else 15)

    print()
    print(f"{'measure':30} {'median ms':>10} {'p25-p75 ms':>14} {'n':>4} {'missed':>7}")
    for item in results.values():
        low, high = item.quartiles
        spread = f"{low:.0f}-{high:.0f}"
        print(
            f"{item.name:30} {item.median:10.0f} {spread:>14} {len(item.values):4d} "
            f"{item.missed:7d}"
        )
    print()
    median = {name: item.median for name, item in results.items()}
    ratios = [
        ("slider end/home", "dashboard end/home", "bare end/home", "bare", SLIDER_TARGET),
        ("slider arrow step", "dashboard step", "bare step", "bare", SLIDER_TARGET),
        (
            f"{MANY_SOURCES}-source table edit",
            f"{MANY_SOURCES}-source edit",
            "bundled end/home (paired)",
            "bundled end/home",
            TABLE_TARGET,
        ),
        (
            f"{EXPORT_CLAIMS:,}-claim export",
            "export",
            "floor",
            "libyaml + numpy floor",
            EXPORT_TARGET,
        ),
        ("first load", "dashboard first load", "bare first load", "bare", LOAD_TARGET),
    ]
    for label, measure, reference, reference_name, target in ratios:
        print(ratio_line(label, median[measure], median[reference], reference_name, target))
    print()
    (mine, my_page), (bare_renders, bare_page) = renders["dashboard"], renders["bare page"]
    print(
        f"React components rendered per End/Home press: dashboard {mine:,.0f}, bare "
        f"{bare_renders:,.0f} ({mine / bare_renders:.1f} times); on the page: {my_page:,} "
        f"and {bare_page:,} ({my_page / bare_page:.1f} times). Streamlit's frontend redraws "
        "every element at each pass (script running, new elements, script finished)."
    )
    print()
    print("server side of one rerun after a weight change (bundled case, in process):")
    for name, ms in breakdown:
        print(f"  {name:44} {ms:8.1f} ms")


if __name__ == "__main__":
    main()
