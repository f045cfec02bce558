"""Many sessions storing and opening shared cases at once on one case store.

Each of `--sessions` threads plays one reader: it stores `--cases` cases of its own (each
distinct, some with a document), stores one case that every session shares (the same bytes,
so the same id), and opens every id it was given, checking the bytes are its own case's.
All sessions share one store object (one engine and its connection pool), as the page's
sessions share the one it caches; each session keeps its own rate limiter.

    .venv/bin/python -m scripts.store_concurrency                 # SQLite in a temporary folder
    .venv/bin/python -m scripts.store_concurrency --url postgresql+psycopg://user:pw@host/db

Prints one summary line; exits 1 on any error, mismatch or timeout.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.store import (
    CaseStore,
    RateLimiter,
    StoreLimits,
    case_id,
    default_sqlite_url,
    load_stored_case,
    make_engine,
)

SHARED_CASE = b"title: the case every session shares\n"

CASE = """\
title: Session {session} case {number}
questions:
  - id: share
    text: Share of ships waiting
    min: 0
    max: 100
sources:
  - id: alpha
    name: Alpha agency
claims:
  - source: alpha
    question: share
    quote: "session {session} case {number}"
    reading: {{range: [{low}, {high}]}}
"""


@dataclass
class Result:
    sessions: int
    stored: int = 0
    opened: int = 0
    mismatches: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


def session_work(store: CaseStore, session: int, cases: int, result: Result) -> None:
    """One reader: store its cases and the shared one, then open each id and check it."""
    limiter = RateLimiter(cases + 1, 600)  # the session's own limit, as the page keeps one
    mine: dict[str, tuple[bytes, tuple[tuple[str, bytes], ...]]] = {}
    try:
        for number in range(cases):
            text = CASE.format(session=session, number=number, low=number, high=number + 50)
            said = f"Said: session {session} case {number}.\n".encode()
            documents = (("doc.txt", said),) if number % 2 else ()
            started = time.monotonic()
            stored_id = store.put(
                f"s{session}-{number}.yaml", text.encode(), documents, limiter=limiter
            )
            elapsed = time.monotonic() - started
            with result.lock:
                result.stored += 1
                result.latencies.append(elapsed)
            mine[stored_id] = (text.encode(), documents)
        shared = store.put("shared.yaml", SHARED_CASE, limiter=limiter)
        if shared != case_id(SHARED_CASE):
            raise AssertionError(f"the shared case got id {shared}")
        for stored_id, (text_bytes, documents) in mine.items():
            started = time.monotonic()
            stored = store.get(stored_id)
            elapsed = time.monotonic() - started
            ok = (
                stored is not None
                and stored.case_bytes == text_bytes
                and stored.documents == documents
                and load_stored_case(stored).title.startswith(f"Session {session} case ")
            )
            with result.lock:
                result.opened += 1
                result.latencies.append(elapsed)
                result.mismatches += 0 if ok else 1
    except Exception as error:  # every failure is counted and named in the summary
        with result.lock:
            result.errors.append(f"session {session}: {type(error).__name__}: {error}")


def run(url: str, sessions: int = 20, cases_per_session: int = 10, timeout: float = 120) -> Result:
    """Run the sessions at once on the store at `url`; the result counts what happened."""
    store = CaseStore(make_engine(url), StoreLimits())  # one per server, as the page caches it
    result = Result(sessions)
    started = time.monotonic()
    barrier = threading.Barrier(sessions)

    def start(session: int) -> None:
        barrier.wait(timeout)
        session_work(store, session, cases_per_session, result)

    try:
        with ThreadPoolExecutor(max_workers=sessions) as pool:
            futures = [pool.submit(start, session) for session in range(sessions)]
            done, pending = wait(futures, timeout=timeout)
            if pending:
                result.errors.append(f"{len(pending)} sessions still running after {timeout} s")
            for future in done:
                if future.exception() is not None:
                    result.errors.append(repr(future.exception()))
        result.seconds = time.monotonic() - started
        expected = sessions * cases_per_session + 1
        found = store.count()
        if found < expected:
            result.errors.append(f"{found} cases in the store, expected at least {expected}")
    finally:
        store.dispose()
    return result


def summary(result: Result, url: str) -> str:
    latencies = sorted(result.latencies) or [0.0]
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]
    backend = url.split(":", 1)[0]
    return (
        f"{backend}: {result.sessions} sessions, {result.stored} stores and {result.opened} opens "
        f"in {result.seconds:.2f} s; {len(result.errors)} errors, {result.mismatches} mismatches; "
        f"median {latencies[len(latencies) // 2] * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
        f"max {latencies[-1] * 1000:.1f} ms per call"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="database URL (default: SQLite in a temporary folder)")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--cases", type=int, default=10, help="cases each session stores")
    parser.add_argument("--timeout", type=float, default=120, help="seconds before giving up")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or default_sqlite_url(Path(folder))
        result = run(url, args.sessions, args.cases, args.timeout)
    print(summary(result, url))
    for error in result.errors[:10]:
        print("  " + error)
    return 0 if not result.errors and not result.mismatches else 1


if __name__ == "__main__":
    sys.exit(main())
