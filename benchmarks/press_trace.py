"""Where a slider press's time goes in the browser: a Chrome trace of presses on each page.

    .venv/bin/python -m benchmarks.press_trace [--presses 5] [--keep DIR]

Serves the dashboard and `bare_page.py` as `speed.py` does, opens each in Debian's
Chromium, and records a Chrome performance trace (Playwright's `browser.start_tracing`,
with V8's sampling profiler) over `--presses` End/Home presses on the slider `speed.py`
presses, each timed as there (key press to the new headline with the script idle).
The main thread's time in those windows is split by phase, from the trace's own events:

- V8's samples (1 per ~0.1 ms of the renderer's main thread), by the bundle the sampled
  function is in: React (`react-dom`), styling (`emotion`, `styled-components`), Vega
  (`vega*`, `embed`, Streamlit's `ArrowVegaLiteChart`), Markdown (`StreamlitMarkdown`,
  DOMPurify), the rest of Streamlit's frontend, built-ins, V8's garbage collector, and
  native work outside JavaScript (V8's "(program)": style, layout, paint, parsing);
- of the native work, from the trace's own events: style and layout (`UpdateLayoutTree`,
  `Layout`) and paint (`Paint`, `PrePaint`, `Layerize`, `UpdateLayer`, `Commit`);
- the main thread's busy time (its top-level tasks), for the total.

Printed: ms per press by phase on each page, and the ratio. `--keep` keeps the traces
(open them in Chrome's Performance panel).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks.speed import (
    BUNDLED_CASE,
    CHROMIUM_ARGS,
    OBSERVER,
    SliderPresses,
    Tab,
    chromium_executable,
    served,
)
from dashboard.case import load_case_file
from dashboard.engine.settings import default_settings

CATEGORIES = (
    "devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,"
    "disabled-by-default-v8.cpu_profiler,blink.user_timing"
)
STYLE_LAYOUT = {
    "UpdateLayoutTree",
    "Layout",
    "IntersectionObserverController::computeIntersections",
    "RecalculateStyles",
    "ScheduleStyleRecalculation",
    "InvalidateLayout",
}
PAINT = {
    "Paint",
    "PrePaint",
    "Layerize",
    "UpdateLayer",
    "UpdateLayerTree",
    "Commit",
    "CompositeLayers",
    "PaintImage",
    "RasterTask",
}
VEGA_MARKS = ("vega", "embed.", "ArrowVegaLiteChart")


BUNDLES = (
    ("script: React (react-dom)", ("react-dom",)),
    ("script: styling (emotion, styled-components)", ("emotion", "styled-components")),
    ("script: Vega", VEGA_MARKS),
    ("script: Markdown (StreamlitMarkdown, DOMPurify)", ("StreamlitMarkdown", "purify")),
)


def bundle_phase(url: str, function: str) -> str:
    """The phase of one V8 sample, by the bundle its function is in."""
    if not url:
        if function == "(garbage collector)":
            return "script: V8's garbage collector"
        if function == "(program)":
            return "native: style, layout, paint, parsing"
        return "script: built-ins"
    name = url.rsplit("/", 1)[-1]
    for phase, marks in BUNDLES:
        if any(mark in name for mark in marks):
            return phase
    return "script: the rest of Streamlit's frontend"


def keydowns(events: list[dict]) -> tuple[tuple[int, int] | None, list[float]]:
    """The page's main thread (the one that saw the key presses) and each keydown's time."""
    found: dict[tuple[int, int], list[float]] = defaultdict(list)
    for event in events:
        data = event.get("args", {}).get("data", {})
        named = event.get("name") == "EventDispatch" and event.get("ph") == "X"
        if named and isinstance(data, dict) and data.get("type") == "keydown":
            found[(event["pid"], event["tid"])].append(event["ts"])
    if not found:
        return None, []
    main = max(found, key=lambda k: len(found[k]))
    return main, sorted(found[main])


def phases(
    events: list[dict], main: tuple[int, int], windows: list[tuple[float, float]]
) -> Counter[str]:
    """Main-thread ms by phase within `windows` (the trace's microseconds)."""

    def inside(ts: float, dur: float = 0) -> bool:
        return any(start <= ts and ts + dur <= end for start, end in windows)

    totals: Counter[str] = Counter()
    for event in events:
        if (event.get("pid"), event.get("tid")) != main or event.get("ph") != "X":
            continue
        ts, dur = event.get("ts", 0), event.get("dur", 0)
        if not inside(ts, dur):
            continue
        name = event.get("name", "")
        if name in ("RunTask", "ThreadControllerImpl::RunTask"):
            totals["main thread busy (all)"] += dur / 1000
        elif name in STYLE_LAYOUT:
            totals["style and layout"] += dur / 1000
        elif name in PAINT:
            totals["paint"] += dur / 1000
    # V8's samples: ProfileChunk events carry call frames and samples with time deltas.
    starts = {
        e.get("id"): e["args"]["data"]["startTime"]
        for e in events
        if e.get("name") == "Profile" and e.get("pid") == main[0]
    }
    nodes: dict[tuple[str, int], tuple[str, str]] = {}
    clock = dict(starts)
    for event in events:
        # V8's profiler thread writes the chunks: the renderer's process, not its main thread.
        if event.get("name") != "ProfileChunk" or event.get("pid") != main[0]:
            continue
        profile_id = event.get("id", "")
        data = event["args"]["data"]
        for node in data.get("cpuProfile", {}).get("nodes", []):
            frame = node["callFrame"]
            nodes[(profile_id, node["id"])] = (frame.get("url", ""), frame.get("functionName", ""))
        now = clock.get(profile_id, 0.0)
        samples = data.get("cpuProfile", {}).get("samples", [])
        for node_id, delta in zip(samples, data.get("timeDeltas", []), strict=False):
            previous, now = now, now + delta
            url, function = nodes.get((profile_id, node_id), ("", ""))
            if function in ("(idle)", "(root)") or not inside(now):
                continue
            totals[bundle_phase(url, function)] += (now - previous) / 1000
        clock[profile_id] = now
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=5)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args(argv)
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
    value = int(defaults.weights[heaviest.id])
    index = [s.id for s in case.sources].index(heaviest.id)
    bare_values = ",".join(str(int(defaults.weights[s.id])) for s in case.sources)

    results: dict[str, tuple[Counter[str], list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="press-trace-") as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        with (
            (folder / "servers.log").open("wb") as log,
            served("dashboard/app.py", [], log) as dashboard_url,
            served("benchmarks/bare_page.py", [bare_values], log) as bare_url,
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(
                executable_path=chromium,
                headless=True,
                args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
            )
            try:
                for name, url, label in (
                    ("dashboard", dashboard_url, heaviest.name),
                    ("bare page", bare_url, f"Source {index}"),
                ):
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    context.add_init_script(OBSERVER)
                    tab = Tab(context, url)
                    tab.open()
                    presses = SliderPresses(tab, label, value)
                    presses.end_home()  # warm-up
                    trace = folder / f"{name.replace(' ', '-')}.json"
                    browser.start_tracing(
                        page=tab.page, path=str(trace), categories=CATEGORIES.split(",")
                    )
                    timings: list[float] = []
                    for _ in range(args.presses):
                        elapsed = presses.end_home()
                        timings.append(elapsed if elapsed is not None else 0.0)
                    browser.stop_tracing()
                    context.close()
                    results[name] = (trace_phases(trace, timings), timings)
            finally:
                browser.close()

    print(f"{args.presses} End/Home presses per page, traced; ms per press on the main thread")
    names = sorted({k for counts, _ in results.values() for k in counts})
    print(f"{'phase':<48} {'dashboard':>10} {'bare page':>10} {'ratio':>6}")
    for phase in names:
        mine = results["dashboard"][0][phase] / max(1, len(results["dashboard"][1]))
        bare = results["bare page"][0][phase] / max(1, len(results["bare page"][1]))
        # V8's time deltas can run backwards: a phase the bare page barely has reads ~0 or below.
        ratio = f"{mine / bare:.1f}" if bare > 0.05 else "-"
        print(f"{phase:<48} {mine:>10.1f} {bare:>10.1f} {ratio:>6}")
    for name, (_, timings) in results.items():
        timings.sort()
        print(f"{name}: press to headline, median {timings[len(timings) // 2]:.0f} ms")
    return 0


def trace_phases(trace: Path, elapsed_ms: list[float]) -> Counter[str]:
    """Phases in ms summed over the presses: each from its keydown in the trace, for as long
    as the page's own clock timed it."""
    events = json.loads(trace.read_text())
    events = events["traceEvents"] if isinstance(events, dict) else events
    main, presses = keydowns(events)
    if main is None:
        return Counter()
    windows = [(ts, ts + 1000 * ms) for ts, ms in zip(presses, elapsed_ms, strict=False)]
    return phases(events, main, windows)


if __name__ == "__main__":
    sys.exit(main())
