"""Open many concurrent browser sessions on one dashboard server and check each one's CSV.

    .venv/bin/python -m scripts.load_test [--sessions 20] [--wave 5] [--timeout 300]

Starts `streamlit run` on a free loopback port and drives one Chromium (Debian's, or
CHROMIUM_PATH) with one browser context, hence one Streamlit session, per simulated
reader. Session i opens a link with weights of its own, moves one more slider by
keyboard, and downloads the CSV, which must equal, byte for byte, what
`python -m dashboard export data/refusals.yaml --weights ...` writes for that
session's final weights and no other's. Meanwhile the server's resident memory is
sampled: the baseline is the server before any session; the first wave also pays
for the app's imports and caches, so the slope after it is what one more reader
costs. Nothing leaves 127.0.0.1: requests to any other host are aborted and
counted as errors. Twenty sessions take about 200 s on a busy two-core machine.

Exits 1 on any error, mismatch or timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from playwright.async_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Route,
    async_playwright,
    expect,
)

from dashboard.case import Case, load_case_file
from dashboard.engine.settings import settings_for
from dashboard.export import csv_bytes
from tools.local_server import CHROMIUM_ARGS, chromium_executable, start_server, stop

ROOT = Path(__file__).resolve().parents[1]
CASE_FILE = ROOT / "data" / "refusals.yaml"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
NOT_LOOPBACK = re.compile(r"^(?!(https?|wss?)://(127\.0\.0\.1|localhost)(:\d+)?/)(?!data:|blob:)")
"""Every URL that would leave the machine; such requests are aborted and counted as errors."""
MOVED_SOURCE = "rferl"
"""The slider each session moves by keyboard after its link has set the others."""
SAMPLE_EVERY_S = 0.2
MB = 1024 * 1024


@dataclass(frozen=True)
class SessionPlan:
    """What session `index` does: open a link with `link_weights`, then set the moved slider."""

    index: int
    link_weights: dict[str, int]
    moved_from: int
    """The moved slider's default, where the session finds it."""
    presses: int
    """How many times the session presses ArrowRight on that slider."""

    @property
    def moved_to(self) -> int:
        return self.moved_from + self.presses

    @property
    def final_weights(self) -> dict[str, int]:
        return {**self.link_weights, MOVED_SOURCE: self.moved_to}

    @property
    def query(self) -> str:
        return "?" + urlencode({f"w_{sid}": w for sid, w in self.link_weights.items()})


def session_plan(index: int, case: Case) -> SessionPlan:
    """Weights that differ from every other session's while index < 101 (w_cit is the index).

    Few key presses: on a busy machine each one may cost the session a rerun.
    """
    weights = {"cit": index % 101, "author": 100 - index % 101, "agora": (3 * index) % 101}
    default = round(case.source(MOVED_SOURCE).weight)
    return SessionPlan(index, weights, moved_from=default, presses=1 + index % 3)


@dataclass
class SessionResult:
    plan: SessionPlan
    errors: list[str] = field(default_factory=list)
    matched: bool = False
    seconds: float = 0.0
    note: str = ""


@dataclass
class LoadReport:
    sessions: int
    results: list[SessionResult] = field(default_factory=list)
    memory: list[tuple[str, float]] = field(default_factory=list)
    """(moment, server RSS in MB), in the order they were taken."""
    baseline_mb: float | None = None
    all_open_mb: float | None = None
    peak_mb: float | None = None
    seconds: float = 0.0

    @property
    def errors(self) -> list[str]:
        return [f"session {r.plan.index}: {e}" for r in self.results for e in r.errors]

    @property
    def matched(self) -> int:
        return sum(r.matched for r in self.results)

    @property
    def per_session_mb(self) -> float | None:
        if self.baseline_mb is None or self.all_open_mb is None or not self.sessions:
            return None
        return (self.all_open_mb - self.baseline_mb) / self.sessions


# --- the server and its memory --------------------------------------------------------


def tree_rss_bytes(pid: int) -> int:
    """Resident memory of `pid` and all its descendants, from /proc (0 once it is gone)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        total += int(match.group(1)) * 1024 if match else 0
    return total


class MemorySampler(threading.Thread):
    """Samples a process tree's RSS every SAMPLE_EVERY_S seconds; keeps the latest and the peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.latest = self.peak = tree_rss_bytes(pid)
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(SAMPLE_EVERY_S):
            self.latest = tree_rss_bytes(self.pid)
            self.peak = max(self.peak, self.latest)

    def now_mb(self) -> float:
        """A fresh reading, not the last sample, so that a moment is recorded exactly."""
        self.latest = tree_rss_bytes(self.pid)
        self.peak = max(self.peak, self.latest)
        return self.latest / MB

    def stop(self) -> None:
        self._stop_event.set()


# --- the sessions ---------------------------------------------------------------------


@dataclass
class Session:
    result: SessionResult
    context: BrowserContext
    page: Page
    started: float


def slider(page: Page, source_id: str) -> Locator:
    """The thumb of the sidebar slider of `source_id` (Streamlit marks a keyed widget with a
    class `st-key-<key>`), whichever group it is shown in."""
    return page.locator(f".st-key-w_{source_id}").get_by_role("slider")


async def open_session(
    browser: Browser, base_url: str, result: SessionResult, case: Case, timeout_ms: float
) -> Session:
    """A new context (its own Streamlit session) on the plan's link, once its first run is done."""
    plan = result.plan
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(timeout_ms)

    async def refuse(route: Route) -> None:
        result.errors.append(f"a request to {route.request.url} was attempted (aborted)")
        await route.abort()

    await context.route(NOT_LOOPBACK, refuse)
    page = await context.new_page()
    page.on("pageerror", lambda error: result.errors.append(f"page error: {error}"))
    session = Session(result, context, page, time.monotonic())
    try:
        await page.goto(f"{base_url}/{plan.query}")
        await expect(page.get_by_test_id("stMetricValue").first).to_be_visible(timeout=timeout_ms)
        await page.locator(IDLE).wait_for()
        # Sliders of sources with no claim on the open question are folded away; the
        # address bar names every weight that differs from the case's default.
        for source_id, weight in plan.link_weights.items():
            if weight != round(case.source(source_id).weight):
                named = rf"[?&]w_{source_id}={weight}(&|$)"
                await address_matches(page, named, timeout_ms)
    except Exception as error:  # every failure is reported, per session
        result.errors.append(f"opening the link failed: {first_line(error)}")
    return session


async def address_matches(page: Page, pattern: str, timeout_ms: float) -> None:
    """Wait until the page's own address matches `pattern` (the page replaces it in place,
    which Playwright's `page.url` can lag behind)."""
    await page.wait_for_function(
        "(pattern) => new RegExp(pattern).test(location.href)", arg=pattern, timeout=timeout_ms
    )


async def move_and_download(
    session: Session, case: Case, expected: dict[int, bytes], timeout_ms: float
) -> None:
    """Set the moved slider by keyboard, wait for the run, download the CSV and compare it."""
    result, page = session.result, session.page
    if result.errors:
        return
    plan = result.plan
    try:
        thumb = slider(page, MOVED_SOURCE)
        await expect(thumb).to_have_value(str(plan.moved_from), timeout=timeout_ms)
        await thumb.focus()
        for _ in range(plan.presses):
            await thumb.press("ArrowRight")
        await expect(thumb).to_have_value(str(plan.moved_to), timeout=timeout_ms)
        # The page writes the address bar during the run that used the new value.
        moved = rf"[?&]w_{MOVED_SOURCE}={plan.moved_to}(&|$)"
        await address_matches(page, moved, timeout_ms)
        await page.locator(IDLE).wait_for()
        if await page.get_by_test_id("stException").count():
            result.errors.append("the page shows an exception")
        async with page.expect_download() as download_info:
            await page.get_by_role("button", name=re.compile("CSV")).click()
        download = await download_info.value
        got = Path(await download.path()).read_bytes()
    except Exception as error:  # every failure is reported, per session
        result.errors.append(f"setting the weight or downloading failed: {first_line(error)}")
        return
    finally:
        result.seconds = time.monotonic() - session.started
    result.matched = got == expected[plan.index]
    if not result.matched:
        others = [i for i, data in expected.items() if data == got and i != plan.index]
        result.note = f"got session {others[0]}'s CSV" if others else "CSV differs"
        result.errors.append(result.note)


async def run_load(
    base_url: str,
    sessions: int,
    chromium_path: str,
    *,
    wave: int = 5,
    sampler: MemorySampler | None = None,
    report: LoadReport | None = None,
    progress: Callable[[str], None] = lambda line: None,
    action_timeout_s: float = 120,
) -> LoadReport:
    """Open `sessions` sessions in waves of `wave`, then let them all work at once.

    `report` (a new one by default) is filled in as the run goes, so that a caller who
    cancels the run on a deadline can still show how far it got.
    """
    case = load_case_file(CASE_FILE)
    plans = [session_plan(i, case) for i in range(sessions)]
    expected = {
        plan.index: csv_bytes(case, settings_for(case, weights=plan.final_weights))
        for plan in plans
    }
    if len(set(expected.values())) != sessions:
        raise ValueError("two sessions would expect the same CSV; a mix-up could not be seen")
    report = report if report is not None else LoadReport(sessions)
    report.results = [SessionResult(plan) for plan in plans]
    timeout_ms = action_timeout_s * 1000
    started = time.monotonic()

    def note(line: str) -> None:
        progress(f"{time.monotonic() - started:6.1f} s  {line}")

    if sampler is not None:
        report.baseline_mb = sampler.now_mb()
        report.memory.append(("baseline, no session", report.baseline_mb))
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        opened: list[Session] = []
        try:
            step = max(1, wave)
            for first in range(0, sessions, step):
                batch = report.results[first : first + step]
                opened += await asyncio.gather(
                    *(open_session(browser, base_url, r, case, timeout_ms) for r in batch)
                )
                moment = f"{len(opened)} sessions connected"
                if sampler is not None:
                    report.memory.append((moment, sampler.now_mb()))
                note(moment)

            async def work(session: Session) -> None:
                await move_and_download(session, case, expected, timeout_ms)
                outcome = (
                    "CSV matched" if session.result.matched else "; ".join(session.result.errors)
                )
                note(f"session {session.result.plan.index}: {outcome}")

            await asyncio.gather(*(work(s) for s in opened))
            if sampler is not None:
                report.all_open_mb = sampler.now_mb()
                report.memory.append((f"all {sessions} open, CSVs downloaded", report.all_open_mb))
        finally:
            if sampler is not None:
                report.peak_mb = sampler.peak / MB
            report.seconds = time.monotonic() - started
            await asyncio.gather(*(s.context.close() for s in opened), return_exceptions=True)
            await browser.close()
    return report


def first_line(error: BaseException) -> str:
    """The gist of a Playwright error: its first line and the value it actually saw."""
    lines = str(error).strip().splitlines()
    kept = lines[:1] + [line.strip() for line in lines if line.strip().startswith("Actual value")]
    return " | ".join(kept) if kept else type(error).__name__


# --- the command ----------------------------------------------------------------------


def print_report(report: LoadReport, server_log: str) -> None:
    print(f"{'session':>7}  {'weights (link, then keyboard)':<44} {'open s':>7}  result")
    for r in report.results:
        weights = ", ".join(f"{k}:{v}" for k, v in r.plan.final_weights.items())
        outcome = "CSV matched" if r.matched else "; ".join(r.errors) or "not run"
        print(f"{r.plan.index:>7}  {weights:<44} {r.seconds:>7.1f}  {outcome}")
    print()
    print(f"{'moment':<40} {'server RSS (MB)':>15}")
    for moment, mb in report.memory:
        print(f"{moment:<40} {mb:>15.1f}")
    if report.peak_mb is not None:
        print(f"{'peak (sampled every 0.2 s)':<40} {report.peak_mb:>15.1f}")
    marginal = marginal_mb(report)
    if marginal is not None:
        print(f"{'slope between first and last wave':<40} {marginal:>12.1f} MB per session")
    if server_log:
        print(f"\nserver log reports errors:\n{server_log}")


def marginal_mb(report: LoadReport) -> float | None:
    """Memory per session after the first wave, which also pays for the app's first import."""
    waves = [(int(m.split()[0]), mb) for m, mb in report.memory if m.endswith("connected")]
    if len(waves) < 2 or waves[-1][0] == waves[0][0]:
        return None
    return (waves[-1][1] - waves[0][1]) / (waves[-1][0] - waves[0][0])


def server_errors(log_path: Path) -> str:
    """Tracebacks and error lines the server wrote, if any."""
    text = log_path.read_text(errors="replace")
    lines = [line for line in text.splitlines() if re.search(r"Traceback|Error|Exception", line)]
    return "\n".join(lines[:20])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions (20)")
    parser.add_argument("--wave", type=int, default=5, help="sessions opened at once (5)")
    parser.add_argument("--timeout", type=float, default=300, help="whole run, seconds (300)")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= 101:
        parser.error("--sessions must be 1 to 101 (each session's w_cit is its index)")
    chromium = chromium_executable()
    if chromium is None:
        raise SystemExit("no Chromium: install chromium or set CHROMIUM_PATH")

    report = LoadReport(args.sessions)
    timed_out = False
    with tempfile.TemporaryDirectory(prefix="load-test-") as folder:
        log_path = Path(folder) / "streamlit.log"
        with log_path.open("wb") as log:
            process, base_url = start_server(log)
        sampler = MemorySampler(process.pid)
        sampler.start()
        try:
            run = run_load(
                base_url,
                args.sessions,
                chromium,
                wave=args.wave,
                sampler=sampler,
                report=report,
                progress=lambda line: print(line, file=sys.stderr, flush=True),
            )
            asyncio.run(asyncio.wait_for(run, timeout=args.timeout))
        except TimeoutError:
            timed_out = True
        finally:
            sampler.stop()
            stop(process)
        logged = server_errors(log_path)

    print_report(report, logged)
    errors = len(report.errors) + (1 if logged else 0) + (1 if timed_out else 0)
    print(summary_line(report, errors, timed_out, args.timeout))
    return 0 if errors == 0 and report.matched == report.sessions else 1


def summary_line(report: LoadReport, errors: int, timed_out: bool, timeout: float) -> str:
    def mb(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.0f} MB"

    per_session, marginal = report.per_session_mb, marginal_mb(report)
    return (
        f"load: {report.sessions} sessions, {errors} errors, "
        f"{report.matched}/{report.sessions} CSVs matched, "
        f"baseline {mb(report.baseline_mb)}, peak {mb(report.peak_mb)}, "
        + ("per session n/a" if per_session is None else f"~{per_session:.1f} MB per session")
        + ("" if marginal is None else f" ({marginal:.1f} MB after the first wave)")
        + (f", TIMED OUT after {timeout:.0f} s" if timed_out else f", {report.seconds:.0f} s")
    )


if __name__ == "__main__":
    sys.exit(main())
