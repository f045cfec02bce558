"""What one server on one core holds: bursts of readers arriving within 10 s, each then
moving a slider every few seconds for a minute.

    .venv/bin/python -m benchmarks.burst [--sizes 20,50,100] [--profile]

For each burst size, a fresh `streamlit run dashboard/app.py` pinned to core 0
(`taskset -c 0`) is warmed by one reader, then Locust, pinned to core 1, runs the
burst headless with `benchmarks/locust_streamlit.py`: N readers spawned at N/10 per
second, each opening the link, moving a slider every 2-5 s for `--reader-seconds`
and checking its CSV after the 1st, 6th, 11th... move and at the end. Locust stops
itself once every reader is done; `--run-time` (arrival + reader time + 120 s) is the
hard bound, and each burst's Locust is killed 30 s after that.

Locust's own headless runner, not a loop of ours: its stats are the ones anyone who
runs the locustfile by hand sees, it spawns at a set rate, and its gevent readers cost
a few MB each. Its percentiles are rounded, so each step is also written to a JSON
line file and the table's p50/p95/max are exact (nearest rank).

Meanwhile the server's CPU (percent of one core, from psutil's cpu_times) and resident
memory are sampled every second. `--profile` also records the server with py-spy
(pinned to core 1) during the burst and prints where its time went.
Loopback only; each burst is bounded; everything started is stopped.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from dashboard.case import load_case_file
from dashboard.engine.settings import default_settings
from tools.local_server import free_port, stop, streamlit_command, wait_healthy

ROOT = Path(__file__).resolve().parents[1]

LOCUSTFILE = ROOT / "benchmarks" / "locust_streamlit.py"
BARE_PAGE = ROOT / "benchmarks" / "bare_page.py"
VENV_BIN = Path(sys.executable).parent
SERVER_CORE, LOAD_CORE = "0", "1"
SAMPLE_EVERY_S = 1.0
MB = 1024 * 1024


PAGES = ("dashboard", "bare")
"""What a burst opens: the dashboard, or `bare_page.py` with the bundled case's sliders."""


def server_command(port: int, core: str = SERVER_CORE, page: str = "dashboard") -> list[str]:
    """The project's way of starting its server (tools/local_server.py), pinned to one core."""
    if page == "bare":
        page_command = [*streamlit_command(port, str(BARE_PAGE)), "--", bare_values()]
        return ["taskset", "-c", core, *page_command]
    return ["taskset", "-c", core, *streamlit_command(port)]


def bare_values() -> str:
    """The bare page's sliders: one per source of the bundled case, at its default weight."""
    case = load_case_file(ROOT / "data" / "refusals.yaml")
    defaults = default_settings(case)
    return ",".join(str(int(defaults.weights[source.id])) for source in case.sources)


def start_pinned_server(
    log_path: Path, port: int | None = None, core: str = SERVER_CORE, page: str = "dashboard"
) -> tuple[subprocess.Popen, str]:
    port = port or free_port()
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            server_command(port, core, page), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
    base_url = f"http://127.0.0.1:{port}"
    if wait_healthy(process, base_url):
        return process, base_url
    stop(process)
    raise RuntimeError(f"the server did not come up; see {log_path}")


# --- sampling the server ------------------------------------------------------------------


@dataclass
class Sample:
    t: float
    cpu_percent: float
    """Of one core, over the last interval."""
    rss_mb: float
    threads: int
    load_cpu_percent: float
    """The load generator's, for the record."""
    loadavg: float


class Sampler(threading.Thread):
    def __init__(self, server_pid: int) -> None:
        super().__init__(daemon=True)
        self.server = psutil.Process(server_pid)
        self.load: psutil.Process | None = None
        self.samples: list[Sample] = []
        self.started = time.monotonic()
        self._done = threading.Event()

    def watch_load(self, pid: int) -> None:
        self.load = psutil.Process(pid)

    @staticmethod
    def _cpu(process: psutil.Process | None) -> float:
        if process is None:
            return 0.0
        try:
            times = process.cpu_times()
            return times.user + times.system + times.children_user + times.children_system
        except psutil.Error:
            return 0.0

    def run(self) -> None:
        last_t, last_server, last_load, load_seen = (
            time.monotonic(),
            self._cpu(self.server),
            0.0,
            None,
        )
        while not self._done.wait(SAMPLE_EVERY_S):
            now = time.monotonic()
            server_cpu = self._cpu(self.server)
            load_cpu = max(self._cpu(self.load), last_load)  # 0 once it has exited
            if load_seen is not self.load:
                last_load, load_seen = load_cpu, self.load
            try:
                rss = self.server.memory_info().rss / MB
                threads = self.server.num_threads()
            except psutil.Error:
                break
            span = now - last_t
            self.samples.append(
                Sample(
                    t=now - self.started,
                    cpu_percent=100 * (server_cpu - last_server) / span,
                    rss_mb=rss,
                    threads=threads,
                    load_cpu_percent=100 * (load_cpu - last_load) / span,
                    loadavg=os.getloadavg()[0],
                )
            )
            last_t, last_server, last_load = now, server_cpu, load_cpu

    def stop(self) -> None:
        self._done.set()
        self.join(timeout=5)

    def server_cpu_seconds(self) -> float:
        return self._cpu(self.server)


# --- one burst ------------------------------------------------------------------------------


@dataclass
class StepStats:
    count: int = 0
    errors: int = 0
    p50: float = math.nan
    p95: float = math.nan
    max: float = math.nan


@dataclass
class BurstResult:
    size: int
    steps: dict[str, StepStats] = field(default_factory=dict)
    readers_with_headline: int = 0
    csv_checked: int = 0
    csv_wrong: int = 0
    error_kinds: Counter[str] = field(default_factory=Counter)
    baseline_mb: float = 0.0
    peak_mb: float = 0.0
    end_mb: float = 0.0
    cpu_mean: float = 0.0
    cpu_seconds: float = 0.0
    load_cpu_seconds: float = 0.0
    seconds: float = 0.0
    loadavg_mean: float = 0.0
    cold_first_headline: float = math.nan
    server_log_errors: list[str] = field(default_factory=list)
    samples: list[Sample] = field(default_factory=list)
    steps_raw: list[dict] = field(default_factory=list)


def nearest_rank(values: list[float], q: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def step_stats(records: list[dict], step: str) -> StepStats:
    mine = [r for r in records if r["step"] == step]
    good = [r["seconds"] for r in mine if not r["error"]]
    return StepStats(
        count=len(mine),
        errors=sum(1 for r in mine if r["error"]),
        p50=nearest_rank(good, 0.50),
        p95=nearest_rank(good, 0.95),
        max=max(good) if good else math.nan,
    )


def locust_command(
    base_url: str,
    users: int,
    arrival_s: float,
    reader_s: float,
    raw: Path,
    csv_prefix: Path,
    core: str | None = LOAD_CORE,
    page: str = "dashboard",
) -> tuple[list[str], float]:
    """The headless Locust run of one burst, and its --run-time (the hard bound)."""
    run_time = arrival_s + reader_s + 120
    pinned = ["taskset", "-c", core] if core is not None else []
    command = (
        pinned
        + [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE)]
        + [
            "--headless",
            "--host",
            base_url,
            "--users",
            str(users),
            "--spawn-rate",
            f"{users / arrival_s:g}" if arrival_s > 0 else str(users),
            "--run-time",
            f"{run_time:.0f}s",
            "--reader-seconds",
            f"{reader_s:g}",
            "--raw-out",
            str(raw),
            "--csv",
            str(csv_prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ]
        + (["--bare-page"] if page == "bare" else [])
    )
    return command, run_time


def run_locust(command: list[str], bound_s: float, log: Path, sampler: Sampler | None) -> int:
    with log.open("ab") as out:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    if sampler is not None:
        sampler.watch_load(process.pid)
    try:
        return process.wait(timeout=bound_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return -9


def error_kind(error: str) -> str:
    """An error without its particulars (file ids, numbers), to count alike errors together."""
    return re.sub(r"\d+", "N", re.sub(r"/media/\S+", "/media/<file>", error))[:100]


def server_log_errors(log_path: Path) -> list[str]:
    text = log_path.read_text(errors="replace")
    return [line for line in text.splitlines() if re.search(r"Traceback|Error|Exception", line)]


def run_burst(
    size: int,
    arrival_s: float,
    reader_s: float,
    folder: Path,
    warm: bool,
    profile: bool,
    page: str = "dashboard",
) -> BurstResult:
    log_path = folder / f"server-{size}.log"
    process, base_url = start_pinned_server(log_path, page=page)
    result = BurstResult(size)
    spy: subprocess.Popen | None = None
    try:
        if warm:
            raw = folder / f"warm-{size}.jsonl"
            command, run_time = locust_command(
                base_url, 1, 0, 2, raw, folder / f"warm-{size}", page=page
            )
            run_locust(command, run_time + 30, folder / f"locust-{size}.log", None)
            records = [json.loads(line) for line in raw.read_text().splitlines()]
            first = [r["seconds"] for r in records if r["step"] == "first headline"]
            result.cold_first_headline = first[0] if first else math.nan
        sampler = Sampler(process.pid)
        time.sleep(1.5)
        result.baseline_mb = psutil.Process(process.pid).memory_info().rss / MB
        cpu_before = sampler.server_cpu_seconds()
        sampler.start()
        raw = folder / f"burst-{size}.jsonl"
        command, run_time = locust_command(
            base_url, size, arrival_s, reader_s, raw, folder / f"burst-{size}", page=page
        )
        if profile:
            spy = py_spy_record(
                process.pid, arrival_s + 30, folder / f"profile-{size}.txt", rate=50
            )
        started = time.monotonic()
        print(f"burst {size}: {' '.join(command)}", file=sys.stderr, flush=True)
        run_locust(command, run_time + 30, folder / f"locust-{size}.log", sampler)
        result.seconds = time.monotonic() - started
        time.sleep(1.0)
        sampler.stop()
        result.cpu_seconds = sampler.server_cpu_seconds() - cpu_before
        result.samples = sampler.samples
        records = (
            [json.loads(line) for line in raw.read_text().splitlines()] if raw.exists() else []
        )
        result.steps_raw = records
    finally:
        if spy is not None:
            try:
                spy.wait(timeout=60)
            except subprocess.TimeoutExpired:
                spy.kill()
        stop(process)
    for step in ("first headline", "slider move", "CSV"):
        result.steps[step] = step_stats(records, step)
    result.readers_with_headline = len(
        {r["reader"] for r in records if r["step"] == "first headline" and not r["error"]}
    )
    csv_records = [r for r in records if r["step"] == "CSV"]
    result.csv_checked = sum(1 for r in csv_records if not r["error"])
    result.csv_wrong = sum(1 for r in csv_records if "not this reader's" in r["error"])
    result.error_kinds = Counter(error_kind(r["error"]) for r in records if r["error"])
    if result.samples:
        result.peak_mb = max(s.rss_mb for s in result.samples)
        result.end_mb = result.samples[-1].rss_mb
        result.cpu_mean = sum(s.cpu_percent for s in result.samples) / len(result.samples)
        result.load_cpu_seconds = sum(s.load_cpu_percent for s in result.samples) / 100
        result.loadavg_mean = sum(s.loadavg for s in result.samples) / len(result.samples)
    result.server_log_errors = server_log_errors(log_path)[:10]
    return result


# --- the report -----------------------------------------------------------------------------


def seconds_text(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.2f}"


HEADLINE_BOUND_S, MOVE_BOUND_S, MB_PER_READER_BOUND = 3.0, 1.0, 3.0
"""Issue 19's bounds: p95 first headline and slider move, and memory per reader."""
MEMORY_BOUND_READERS = 100
"""The memory bound holds from this many readers (issue 19 sets it at 100): below, the
views shared by state (a cache of at most 128, filled by any burst) weigh on few readers."""


def within_bounds(r: BurstResult) -> bool:
    """No failure, every reader's headline, p95 first headline <= 3 s and slider move <= 1 s."""
    h, m = r.steps["first headline"], r.steps["slider move"]
    errors = sum(s.errors for s in r.steps.values())
    return (
        errors == 0
        and r.readers_with_headline == r.size
        and h.p95 <= HEADLINE_BOUND_S
        and m.p95 <= MOVE_BOUND_S
    )


def print_bounds(results: list[BurstResult]) -> None:
    """Each burst against the bounds, and the largest that one core held within them."""
    print(
        f"\nbounds: 0 failures, p95 first headline <= {HEADLINE_BOUND_S:g} s, p95 slider move "
        f"<= {MOVE_BOUND_S:g} s; memory <= {MB_PER_READER_BOUND:g} MB per reader from "
        f"{MEMORY_BOUND_READERS} readers"
    )
    for r in results:
        per_reader = (r.peak_mb - r.baseline_mb) / r.size if r.size else math.nan
        memory = (
            ("within" if per_reader <= MB_PER_READER_BOUND else "OVER")
            if r.size >= MEMORY_BOUND_READERS
            else "no bound"
        )
        print(
            f"  {r.size:>4} readers: {'within' if within_bounds(r) else 'OVER'} "
            f"(headline p95 {seconds_text(r.steps['first headline'].p95)} s, move p95 "
            f"{seconds_text(r.steps['slider move'].p95)} s); {per_reader:.2f} MB per reader "
            f"({memory})"
        )
    held = [r.size for r in results if within_bounds(r)]
    print(f"  the most readers one core held within the bounds: {max(held) if held else 'none'}")


def print_report(results: list[BurstResult], reader_s: float) -> None:
    print(f"\nmachine: {os.cpu_count()} cores, {platform_line()}")
    print(
        f"server on core {SERVER_CORE}, Locust on core {LOAD_CORE}; each reader moves for "
        f"{reader_s:g} s\n"
    )
    header = (
        f"{'readers':>7} {'headline':>8} | {'first headline s':^20} | {'slider move s':^20} | "
        f"{'moves':>5} {'CSV ok':>6} {'errors':>6} | {'CPU %':>5} {'CPU s':>6} "
        f"{'RSS MB base/peak':>16} {'MB/rdr':>6} {'load':>5}"
    )
    print(header)
    print(f"{'':>16} | {'p50':>6} {'p95':>6} {'max':>6} | {'p50':>6} {'p95':>6} {'max':>6} |")
    for r in results:
        h, m = r.steps["first headline"], r.steps["slider move"]
        errors = sum(s.errors for s in r.steps.values())
        per_reader = (r.peak_mb - r.baseline_mb) / r.size if r.size else math.nan
        print(
            f"{r.size:>7} {r.readers_with_headline:>8} | "
            f"{seconds_text(h.p50):>6} {seconds_text(h.p95):>6} {seconds_text(h.max):>6} | "
            f"{seconds_text(m.p50):>6} {seconds_text(m.p95):>6} {seconds_text(m.max):>6} | "
            f"{m.count:>5} {r.csv_checked:>6} {errors:>6} | "
            f"{r.cpu_mean:>5.0f} {r.cpu_seconds:>6.1f} "
            f"{r.baseline_mb:>7.0f}/{r.peak_mb:<8.0f} {per_reader:>6.2f} {r.loadavg_mean:>5.1f}"
        )
    for r in results:
        print(
            f"\nburst {r.size}: cold first headline (warm-up reader) "
            f"{seconds_text(r.cold_first_headline)} s; burst took {r.seconds:.0f} s; "
            f"load generator used {r.load_cpu_seconds:.0f} CPU s; CSV wrong {r.csv_wrong}"
        )
        for kind, count in r.error_kinds.most_common(5):
            print(f"  {count:>4} x {kind}")
        for line in r.server_log_errors:
            print(f"  server log: {line[:150]}")
        print(
            f"  {'t s':>5} {'CPU %':>6} {'RSS MB':>7} {'thr':>4} {'headlines':>9} "
            f"{'moves':>5} {'move p95 s':>10} {'loadavg':>7}"
        )
        for window in range(0, int(max((s.t for s in r.samples), default=0)) + 1, 10):
            inside = [s for s in r.samples if window <= s.t < window + 10]
            if not inside:
                continue
            t0 = min(rec["t"] for rec in r.steps_raw) if r.steps_raw else 0
            lo, hi = t0 + window, t0 + window + 10
            heads = sum(
                1
                for x in r.steps_raw
                if x["step"] == "first headline" and not x["error"] and x["t"] < hi
            )
            moves = [
                x["seconds"]
                for x in r.steps_raw
                if x["step"] == "slider move" and lo <= x["t"] < hi and not x["error"]
            ]
            print(
                f"  {window:>5} {sum(s.cpu_percent for s in inside) / len(inside):>6.0f} "
                f"{max(s.rss_mb for s in inside):>7.0f} {max(s.threads for s in inside):>4} "
                f"{heads:>9} {len(moves):>5} {seconds_text(nearest_rank(moves, 0.95)):>10} "
                f"{sum(s.loadavg for s in inside) / len(inside):>7.1f}"
            )


def platform_line() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        model = found.group(1) if found else ""
    memory = psutil.virtual_memory().total / 2**30
    return f"{model}, {memory:.0f} GiB RAM, Python {sys.version.split()[0]}"


def py_spy_record(
    pid: int, seconds: float, output: Path, *, rate: int, gil: bool = False
) -> subprocess.Popen[bytes]:
    """py-spy recording process `pid` for `seconds` into `output` (raw, collapsed stacks),
    on the load core; `gil`: only the thread that holds Python's lock."""
    return subprocess.Popen(
        ["taskset", "-c", LOAD_CORE, str(VENV_BIN / "py-spy"), "record", "--pid", str(pid)]
        + ["--rate", str(rate), "--format", "raw", "--duration", f"{seconds:.0f}"]
        + ["--nonblocking", "-o", str(output)]
        + (["--gil"] if gil else []),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def raw_stacks(path: Path) -> Iterator[tuple[str, int]]:
    """Each stack py-spy wrote (frames `function (file:line)` joined by `;`) and its count."""
    for line in path.read_text().splitlines() if path.exists() else []:
        stack, _, count = line.rpartition(" ")
        if stack:
            yield stack, int(count)


def print_profile(path: Path, top: int = 25) -> None:
    """py-spy's raw (collapsed) stacks: the functions holding the most samples, inclusive."""
    if not path.exists():
        print(f"\nno profile at {path}")
        return
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for stack, count in raw_stacks(path):
        total += count
        frames = stack.split(";")
        for frame in set(frames):
            inclusive[frame] += count
        own[frames[-1]] += count
    print(f"\nprofile {path.name}: {total} samples; inclusive share of the top frames")
    for frame, count in inclusive.most_common(top):
        print(f"  {100 * count / total:5.1f}%  {frame[:140]}")
    print("self time:")
    for frame, count in own.most_common(12):
        print(f"  {100 * count / total:5.1f}%  {frame[:140]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20,50,100", help="burst sizes (20,50,100)")
    parser.add_argument("--arrival", type=float, default=10, help="readers arrive within (10 s)")
    parser.add_argument("--reader-seconds", type=float, default=60, help="moves per reader (60 s)")
    parser.add_argument("--no-warm", action="store_true", help="burst a cold server")
    parser.add_argument("--profile", action="store_true", help="py-spy the server in the burst")
    parser.add_argument("--keep", help="keep logs and raw records in this folder")
    parser.add_argument(
        "--page",
        choices=PAGES,
        default="dashboard",
        help="what the readers open: the dashboard, or the bare page (what any Streamlit page "
        "with these sliders holds)",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    if any(not 1 <= s <= 500 for s in sizes):
        parser.error("burst sizes must be 1 to 500")
    results = []
    print(f"readers open: {'benchmarks/bare_page.py' if args.page == 'bare' else 'the dashboard'}")
    with tempfile.TemporaryDirectory(prefix="burst-") as temporary:
        folder = Path(args.keep) if args.keep else Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            result = run_burst(
                size,
                args.arrival,
                args.reader_seconds,
                folder,
                not args.no_warm,
                args.profile,
                args.page,
            )
            results.append(result)
            print_report([result], args.reader_seconds)
            if args.profile:
                print_profile(folder / f"profile-{size}.txt")
        if len(results) > 1:
            print("\n=== all bursts ===")
            print_report(results, args.reader_seconds)
        print_bounds(results)
    failed = any(
        sum(s.errors for s in r.steps.values()) or r.readers_with_headline < r.size for r in results
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
