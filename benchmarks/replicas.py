"""Two replicas behind Debian's nginx with sticky sessions, and the Locust burst through it.

    apt-get install -y nginx   # once
    .venv/bin/python -m benchmarks.replicas [--readers 50] [--reader-seconds 60]

Runs two bursts through the same nginx, both on loopback only:

1. one replica (pinned to core 0) behind nginx, with `--readers` readers;
2. two replicas (core 0 and core 1) behind nginx, with twice as many readers.

If the pair holds about twice what one holds, run 2's times match run 1's.
Locust and nginx are not pinned: with a replica on each of the two cores they take
what is left, and the table shows how much that was.

nginx runs deploy/nginx/dashboard.conf, the file deploy/compose.yaml mounts, with
loopback addresses. Stickiness: nginx's open-source build has no sticky cookie, so the
config makes one.
The first request a browser sends (the page itself) has no cookie; nginx draws a
random key (`$request_id`), routes by `hash $key`, and sets the key as the
`st_replica` cookie; the websocket and every media GET after it carry the cookie and
land on the same replica. That matters beyond the websocket: a download's file lives
only in the memory of the replica whose session made it, so its GET must go there
too. `ip_hash` would send every loopback reader to one replica, and
`hash $remote_port` would split one reader's page, websocket and download across
replicas. Here, and only here, each answer also carries `X-Upstream` (the replica's
address; the deployed file writes it to the access log alone); a reader that sees two,
or a CSV that 404s, is an error. The nginx access log and each replica's
`/_stcore/metrics` (session_events) give the per-replica reader counts.

Once stored cases exist (dashboard/store/), both replicas should be started with
the same database URL; this script starts them with the project's defaults.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

from benchmarks.burst import (
    ROOT,
    Sampler,
    error_kind,
    locust_command,
    nearest_rank,
    run_locust,
    seconds_text,
    start_pinned_server,
    step_stats,
)
from tools.local_server import free_port, stop, wait_healthy

NGINX_SITE = ROOT / "deploy" / "nginx" / "dashboard.conf"
"""The proxy as deployed (deploy/compose.yaml mounts it): run here with loopback addresses."""

NGINX_CONF = """\
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
user nobody nogroup;
events {{ worker_connections 4096; }}
http {{
    include {site};
    access_log {folder}/access.log upstream;
    client_body_temp_path {folder}/tmp/body;
    proxy_temp_path {folder}/tmp/proxy;
    fastcgi_temp_path {folder}/tmp/fastcgi;
    uwsgi_temp_path {folder}/tmp/uwsgi;
    scgi_temp_path {folder}/tmp/scgi;
}}
"""
"""nginx run unprivileged in a folder of its own, around the deployed site."""


def loopback_site(upstream_ports: list[int], port: int, folder: Path) -> str:
    """deploy/nginx/dashboard.conf listening on loopback `port`, in front of these ports,
    logging to `folder`; its answers name the replica (`X-Upstream`) for the readers'
    check, which the deployed file never sends to a client."""
    site = NGINX_SITE.read_text()
    servers = "\n    ".join(f"server 127.0.0.1:{p};" for p in upstream_ports)
    for deployed, local in (
        (
            "listen 80;",
            f"listen 127.0.0.1:{port};\n    add_header X-Upstream $upstream_addr always;",
        ),
        ("server app:8501 resolve;", servers),
        (
            "access_log /var/log/nginx/access.log upstream;",
            f"access_log {folder}/access.log upstream;",
        ),
    ):
        if site.count(deployed) != 1:
            raise SystemExit(f"{NGINX_SITE}: expected one `{deployed}` line to replace")
        site = site.replace(deployed, local)
    return site


def start_nginx(folder: Path, upstream_ports: list[int]) -> tuple[subprocess.Popen, str]:
    """nginx in the foreground with a config of its own in `folder`, on a free loopback port."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise SystemExit("no nginx: apt-get update -qq && apt-get install -y -qq nginx")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tmp").mkdir(exist_ok=True)
    os.chmod(folder, 0o755)
    os.chmod(folder / "tmp", 0o777)
    port = free_port()
    site = folder / "dashboard.conf"
    site.write_text(loopback_site(upstream_ports, port, folder))
    conf = folder / "nginx.conf"
    conf.write_text(NGINX_CONF.format(folder=folder, site=site))
    process = subprocess.Popen(
        [nginx, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=(folder / "nginx.stderr").open("wb"),
    )
    base_url = f"http://127.0.0.1:{port}"
    if wait_healthy(process, base_url, timeout=15):
        return process, base_url
    process.kill()
    raise RuntimeError(f"nginx did not come up: {(folder / 'error.log').read_text()[-500:]}")


def stop_nginx(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGQUIT)  # graceful: finish open requests, then exit
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def session_events(base_url: str) -> str:
    """A replica's own count of sessions (OpenMetrics text from /_stcore/metrics)."""
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/metrics", timeout=5) as response:
            text = response.read().decode()
    except OSError as error:
        return f"n/a ({error})"
    lines = [ln for ln in text.splitlines() if ln.startswith(("session_events", "active_sessions"))]
    return "; ".join(lines) or "n/a"


def run_through_proxy(
    cores: list[str], readers: int, arrival_s: float, reader_s: float, folder: Path
) -> dict:
    """Replicas on `cores`, nginx in front, one Locust burst through nginx; the figures."""
    tag = f"{len(cores)}x{readers}"
    replicas = []
    # Replicas share one case store: a case stored through one opens on the other. Here
    # one SQLite file (WAL mode serves several processes on one machine); a deployment
    # on several machines names one PostgreSQL (README, Stored cases).
    os.environ.setdefault("CASE_STORE_FOLDER", str(folder / "shared-store"))
    try:
        for core in cores:
            replicas.append(start_pinned_server(folder / f"replica-{tag}-{core}.log", core=core))
        ports = [int(url.rsplit(":", 1)[1]) for _, url in replicas]
        nginx, proxy_url = start_nginx(folder / f"nginx-{tag}", ports)
        try:
            # Warm each replica directly (not through nginx) with one reader.
            for _, url in replicas:
                command, bound = locust_command(
                    url, 1, 0, 2, folder / f"warm-{tag}.jsonl", folder / f"warm-{tag}", None
                )
                run_locust(command, bound + 30, folder / f"locust-{tag}.log", None)
            samplers = [Sampler(process.pid) for process, _ in replicas]
            for sampler in samplers:
                sampler.start()
            raw = folder / f"burst-{tag}.jsonl"
            command, bound = locust_command(
                proxy_url, readers, arrival_s, reader_s, raw, folder / f"burst-{tag}", None
            )
            print(f"{tag}: {' '.join(command)}", file=sys.stderr, flush=True)
            started = time.monotonic()
            run_locust(command, bound + 30, folder / f"locust-{tag}.log", samplers[0])
            seconds = time.monotonic() - started
            for sampler in samplers:
                sampler.stop()
            metrics = {url: session_events(url) for _, url in replicas}
        finally:
            stop_nginx(nginx)
    finally:
        for process, _ in replicas:
            stop(process)
    records = [json.loads(line) for line in raw.read_text().splitlines()] if raw.exists() else []
    return summarize(tag, records, samplers, seconds, folder / f"nginx-{tag}", replicas, metrics)


def summarize(
    tag: str,
    records: list[dict],
    samplers: list[Sampler],
    seconds: float,
    nginx_folder: Path,
    replicas: list[tuple[subprocess.Popen, str]],
    metrics: dict[str, str],
) -> dict:
    # Per reader: every upstream it saw, over all its steps (the last record has them all).
    seen: dict[int, set[str]] = defaultdict(set)
    for record in records:
        seen[record["reader"]].update(record["upstreams"])
    mixed = [reader for reader, upstreams in seen.items() if len(upstreams) > 1]
    per_replica = Counter(next(iter(u)) for u in seen.values() if len(u) == 1)
    # From nginx's own log: websocket upgrades per replica, and each key's replicas.
    log = (
        (nginx_folder / "access.log").read_text() if (nginx_folder / "access.log").exists() else ""
    )
    streams: Counter[str] = Counter()
    key_replicas: dict[str, set[str]] = defaultdict(set)
    for line in log.splitlines():
        found = re.search(r'"(\S+) (\S+) [^"]*" (\d+) (\S+) key=(\S+)', line)
        if not found:
            continue
        _, path, status, upstream, key = found.groups()
        key_replicas[key].add(upstream)
        if path.startswith("/_stcore/stream"):
            streams[upstream] += 1
    split_keys = sum(1 for ups in key_replicas.values() if len(ups) > 1)
    steps = {step: step_stats(records, step) for step in ("first headline", "slider move", "CSV")}
    return {
        "tag": tag,
        "readers": len({r["reader"] for r in records}),
        "headlines": len(
            {r["reader"] for r in records if r["step"] == "first headline" and not r["error"]}
        ),
        "steps": steps,
        "errors": sum(s.errors for s in steps.values()),
        "error_kinds": Counter(error_kind(r["error"]) for r in records if r["error"]),
        "mixed_readers": len(mixed),
        "readers_per_replica": dict(per_replica),
        "streams_per_replica": dict(streams),
        "keys_on_two_replicas": split_keys,
        "replica_metrics": metrics,
        "cpu_mean": [
            sum(s.cpu_percent for s in sm.samples) / max(1, len(sm.samples)) for sm in samplers
        ],
        "rss_peak": [max((s.rss_mb for s in sm.samples), default=math.nan) for sm in samplers],
        "load_cpu_s": sum(s.load_cpu_percent for s in samplers[0].samples) / 100,
        "seconds": seconds,
        "move_p95_all": nearest_rank(
            [r["seconds"] for r in records if r["step"] == "slider move" and not r["error"]], 0.95
        ),
    }


def print_summary(results: list[dict]) -> None:
    print(
        f"\n{'run':>7} {'headline':>8} | {'first headline s':^20} | {'slider move s':^20} | "
        f"{'errors':>6} {'mixed':>5} | readers per replica (client / nginx log)"
    )
    print(f"{'':>16} | {'p50':>6} {'p95':>6} {'max':>6} | {'p50':>6} {'p95':>6} {'max':>6} |")
    for r in results:
        h, m = r["steps"]["first headline"], r["steps"]["slider move"]
        print(
            f"{r['tag']:>7} {r['headlines']:>4}/{r['readers']:<3} | "
            f"{seconds_text(h.p50):>6} {seconds_text(h.p95):>6} {seconds_text(h.max):>6} | "
            f"{seconds_text(m.p50):>6} {seconds_text(m.p95):>6} {seconds_text(m.max):>6} | "
            f"{r['errors']:>6} {r['mixed_readers']:>5} | "
            f"{r['readers_per_replica']} / {r['streams_per_replica']}"
        )
    for r in results:
        cpu = ", ".join(f"{c:.0f}%" for c in r["cpu_mean"])
        rss = ", ".join(f"{m:.0f} MB" for m in r["rss_peak"])
        print(
            f"\n{r['tag']}: {r['seconds']:.0f} s; replica CPU mean {cpu}; RSS peak {rss}; "
            f"load generator {r['load_cpu_s']:.0f} CPU s; "
            f"cookie keys seen on two replicas: {r['keys_on_two_replicas']}"
        )
        for url, text in r["replica_metrics"].items():
            print(f"  {url}/_stcore/metrics: {text[:300]}")
        for kind, count in r["error_kinds"].most_common(5):
            print(f"  {count:>4} x {kind}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=50, help="readers on one replica (50)")
    parser.add_argument("--arrival", type=float, default=10, help="readers arrive within (10 s)")
    parser.add_argument("--reader-seconds", type=float, default=60, help="moves per reader (60 s)")
    parser.add_argument("--only-pair", action="store_true", help="skip the one-replica run")
    parser.add_argument("--keep", help="keep logs and raw records in this folder")
    args = parser.parse_args(argv)
    if not 1 <= args.readers <= 250:
        parser.error("--readers must be 1 to 250")
    results = []
    with tempfile.TemporaryDirectory(prefix="replicas-") as temporary:
        folder = Path(args.keep) if args.keep else Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o755)
        runs = [(["0", "1"], 2 * args.readers)]
        if not args.only_pair:
            runs.insert(0, (["0"], args.readers))
        for cores, readers in runs:
            results.append(
                run_through_proxy(cores, readers, args.arrival, args.reader_seconds, folder)
            )
            print_summary(results[-1:])
    print("\n=== one replica, then two, behind nginx ===")
    print_summary(results)
    bad = any(r["errors"] or r["mixed_readers"] or r["keys_on_two_replicas"] for r in results)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
