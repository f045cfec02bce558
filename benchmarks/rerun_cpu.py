"""Server CPU per slider rerun: the dashboard against the bare page, through one protocol.

    .venv/bin/python -m benchmarks.rerun_cpu [--blocks 8] [--moves 10]

Both pages are served as `tools/local_server.py` serves the dashboard, each pinned to
core 0; one reader of `benchmarks/locust_streamlit.py` (the websocket client that plays
the frontend message for message), on core 1, opens each page and moves its sliders.
Moves go in blocks of `--moves`, the two pages alternating block by block, so a busy
machine slows both alike. A block's cost is the server's CPU time over it (user and
system, all threads, from /proc: 10 ms ticks, hence blocks) divided by its moves.

Three ways of moving a slider are measured:

- the dashboard as the browser moves it: the slider lives in the reader's fragment
  (`st.fragment`), so the frontend reruns that fragment alone;
- the dashboard's whole script (the rerun without a fragment id, as on a full run);
- the bare page (`bare_page.py`, the same number of sliders with the same values, one
  metric and one Altair chart), whose script is all there is.

`--baseline DIR` adds a fourth way: the dashboard as served from another checkout (say
`git archive HEAD | tar -x -C DIR`), moved as the browser moves it, to measure a change
against the code before it in the same run.

Printed: per way, CPU ms per move (median of blocks, and quartiles), wall ms per move,
messages and kB sent per move, and the ratio to the bare page (target: at most 2).

`--profile SECONDS` then records the dashboard's server with py-spy (`--gil`: only the
thread holding Python's lock is sampled, so the samples follow the CPU the moves cost)
while its reader keeps moving as the browser does, and splits a move's CPU by where each
sample was: the share of samples in each part times the median CPU ms per move.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from benchmarks.burst import bare_values, py_spy_record, raw_stacks
from tools.local_server import free_port, stop, streamlit_command, wait_healthy
from tools.streamlit_protocol import BARE_PAGE_SOURCES, MOVED_SOURCES, StreamlitReader

ROOT = Path(__file__).resolve().parents[1]

SERVER_CORE, READER_CORE = "0", "1"
TARGET = 2.0
PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("the open chart (Streamlit's element: Arrow bytes, spec)", ("vega_lite_chart (",)),
    ("the open chart's rows and spec from the template", ("spec (dashboard", "_source (dashboard")),
    ("the view model of the new state", ("build_view (", "shared_view (")),
    ("the headline's figures and sentences", ("estimate_metrics (", "headline_text (")),
    ("the quote cards", ("cards_html (", ".html (streamlit")),
    ("the downloads", ("download_button (",)),
    ("the sliders", ("slider (streamlit",)),
    ("the rest of the fragment's run (widget states, the address)", ("script_runner",)),
    ("the event loop: messages to the websocket", ("",)),
)
"""Where a sample counts: the first part one of whose names appears in its stack (py-spy's
frames read `function (file:line)`); the event loop takes what no script frame holds."""


@dataclass
class Way:
    name: str
    reader: StreamlitReader
    sources: tuple[str, ...]
    fragment: bool = True
    """False: send the move without the slider's fragment id (the whole script reruns)."""
    offset: int = 0
    """Where its values start: no two ways pass through the same states (the dashboard's
    views are cached by state, shared by every session)."""
    cpu_ms: list[float] = field(default_factory=list)
    wall_ms: list[float] = field(default_factory=list)
    messages: list[int] = field(default_factory=list)
    nbytes: list[int] = field(default_factory=list)
    moves: int = 0


def cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def serve(
    script: str, args: list[str], log: Path, folder: Path = ROOT
) -> tuple[subprocess.Popen, str]:
    """`script` served from `folder` (its `dashboard` package first on the path)."""
    port = free_port()
    command = ["taskset", "-c", SERVER_CORE, *streamlit_command(port, script)]
    if args:
        command += ["--", *args]
    with log.open("ab") as out:
        process = subprocess.Popen(command, cwd=folder, stdout=out, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    if not wait_healthy(process, base_url):
        stop(process)
        raise RuntimeError(f"{script} did not come up; see {log}")
    return process, base_url


def next_move(way: Way) -> tuple[str, int]:
    """The source and value of the way's next move: sources in turn, values spread."""
    source = way.sources[way.moves % len(way.sources)]
    value = (way.moves * 37 + way.offset) % 101
    way.moves += 1
    return source, value


def block(way: Way, server: psutil.Process, moves: int) -> None:
    """`moves` slider moves back to back; the block's CPU, wall time and traffic per move."""
    steps: list[Callable[[], object]] = []
    for _ in range(moves):
        source, value = next_move(way)
        if not way.fragment:
            way.reader.widgets[f"w_{source}"].fragment_id = ""
        steps.append(lambda source=source, value=value: way.reader.move_slider(source, value))
    cpu_before, wall_before = cpu_seconds(server), time.perf_counter()
    outcomes = [step() for step in steps]
    wall = time.perf_counter() - wall_before
    time.sleep(0.05)  # what the server does after script_finished belongs to the block
    cpu = cpu_seconds(server) - cpu_before
    way.cpu_ms.append(1000 * cpu / moves)
    way.wall_ms.append(1000 * wall / moves)
    way.messages.append(sum(o.messages for o in outcomes) // moves)  # type: ignore[attr-defined]
    way.nbytes.append(sum(o.nbytes for o in outcomes) // moves)  # type: ignore[attr-defined]


def profile(way: Way, server: psutil.Process, seconds: float) -> tuple[Counter[str], int]:
    """py-spy's samples on the server by part, while `way` moves its sliders; and the
    number of moves."""
    with tempfile.TemporaryDirectory(prefix="rerun-profile-") as temporary:
        output = Path(temporary) / "profile.txt"
        spy = py_spy_record(server.pid, seconds, output, rate=200, gil=True)
        time.sleep(1)  # py-spy attaches
        moves_before = way.moves
        while spy.poll() is None:
            way.reader.move_slider(*next_move(way))
        counts: Counter[str] = Counter()
        for stack, count in raw_stacks(output):
            part = next(name for name, marks in PARTS if any(m in stack for m in marks))
            counts[part] += count
    return counts, way.moves - moves_before


def print_profile(counts: Counter[str], moves: int, way: Way) -> None:
    """Each part's share of the samples, times the way's median CPU per move."""
    total = sum(counts.values())
    if not total:
        print("\nno profile: py-spy recorded nothing (is ptrace allowed?)")
        return
    cpu_ms = statistics.median(way.cpu_ms)
    print(
        f"\nwhere a move's {cpu_ms:.1f} ms of CPU go: py-spy --gil, {total} samples over "
        f"{moves} moves of '{way.name}'"
    )
    for name, _ in PARTS:
        share = counts[name] / total
        print(f"  {name:<62} {100 * share:5.1f}%  {share * cpu_ms:5.1f} ms")


def quartiles(values: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(values, n=4) if len(values) > 1 else [values[0]] * 3
    return q[0], q[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--blocks", type=int, default=8, help="blocks per way (8)")
    parser.add_argument("--moves", type=int, default=10, help="moves per block (10)")
    parser.add_argument("--baseline", type=Path, help="also the dashboard of this checkout")
    parser.add_argument(
        "--profile", type=float, metavar="SECONDS", help="then py-spy the dashboard's moves"
    )
    args = parser.parse_args(argv)
    subprocess.run(
        ["taskset", "-cp", READER_CORE, str(psutil.Process().pid)], check=False, capture_output=True
    )

    link = {"case": "refusals", "q": "refusal_count"}
    with tempfile.TemporaryDirectory(prefix="rerun-cpu-") as temporary:
        folder = Path(temporary)
        servers = {
            "dashboard": serve("dashboard/app.py", [], folder / "dashboard.log"),
            "bare": serve("benchmarks/bare_page.py", [bare_values()], folder / "bare.log"),
        }
        if args.baseline is not None:
            servers["baseline"] = serve(
                "dashboard/app.py", [], folder / "baseline.log", args.baseline.resolve()
            )
        plan = [
            ("dashboard, fragment rerun (as the browser)", "dashboard", link, True),
            ("dashboard, whole script", "dashboard", link, False),
            ("bare page", "bare", {}, True),
        ]
        if args.baseline is not None:
            plan.insert(
                0, (f"baseline {args.baseline.name}, as the browser", "baseline", link, True)
            )
        ways: list[tuple[Way, psutil.Process]] = []
        try:
            for index, (name, server, query, fragment) in enumerate(plan):
                process, url = servers[server]
                reader = StreamlitReader(url)
                reader.open(query)
                sources = BARE_PAGE_SOURCES if server == "bare" else MOVED_SOURCES
                way = Way(name, reader, sources, fragment, offset=11 + 29 * index)
                ways.append((way, psutil.Process(process.pid)))
                block(way, ways[-1][1], args.moves)  # warm-up, not counted
                way.cpu_ms.clear(), way.wall_ms.clear(), way.messages.clear(), way.nbytes.clear()
            for _ in range(args.blocks):
                for way, server_process in ways:
                    block(way, server_process, args.moves)
            browser_way, browser_server = ways[1 if args.baseline is not None else 0]
            if args.profile:
                samples = profile(browser_way, browser_server, args.profile)
            for way, _ in ways:
                way.reader.close()
        finally:
            for process, _ in servers.values():
                stop(process)

    print(
        f"server CPU per slider move: {args.blocks} blocks of {args.moves} moves per way, "
        f"alternating; servers on core {SERVER_CORE}, reader on core {READER_CORE}; "
        f"load average {psutil.getloadavg()[0]:.1f}"
    )
    print(f"{'way':<44} {'CPU ms':>7} {'(q1-q3)':>13} {'wall ms':>8} {'msgs':>5} {'kB':>6}")
    for way, _ in ways:
        low, high = quartiles(way.cpu_ms)
        print(
            f"{way.name:<44} {statistics.median(way.cpu_ms):>7.1f} "
            f"{f'({low:.1f}-{high:.1f})':>13} {statistics.median(way.wall_ms):>8.1f} "
            f"{statistics.median(way.messages):>5.0f} {statistics.median(way.nbytes) / 1000:>6.1f}"
        )
    bare_ms = statistics.median(ways[-1][0].cpu_ms)
    for way, _ in ways[:-1]:
        ratio = statistics.median(way.cpu_ms) / bare_ms
        verdict = "meets" if ratio <= TARGET else "misses"
        print(f"{way.name}: {ratio:.2f} times the bare page's CPU ({verdict} <= {TARGET:g})")
    if args.profile:
        print_profile(*samples, browser_way)
    return 0


if __name__ == "__main__":
    sys.exit(main())
