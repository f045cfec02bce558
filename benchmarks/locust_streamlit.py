"""A reader of the dashboard that speaks Streamlit's own websocket protocol, and a Locust user.

    .venv/bin/python -m locust -f benchmarks/locust_streamlit.py --headless \
        --host http://127.0.0.1:8501 --users 20 --spawn-rate 2 --run-time 130s

(From the repository root, so that it imports `tools`; `benchmarks/burst.py` runs this for
bursts of 20, 50 and 100 readers and reports.)

One reader costs a websocket and a few protobuf parses, not a browser, so one core can
play a hundred. It does what the page's frontend does, message for message, as read in
the installed `streamlit` package (`web/server/starlette/starlette_websocket.py`,
`runtime/app_session.py`, `runtime/backend_operation_handler.py`):

1. GET the link (`/?case=refusals&w_cit=..`), as a browser loads the page, keeping its
   cookies (a proxy's sticky-session cookie among them);
2. open `/_stcore/stream` with the `streamlit` subprotocol and send the first BackMsg,
   `rerun_script`, with the link's query string, the page's URL and no widget states;
3. read ForwardMsgs until `script_finished`: the first `metric` delta is the headline;
   every widget delta (`$$ID-...-<user key>`) gives an id and its value, which the
   next rerun sends back as the frontend's widget manager does;
4. move a slider: `rerun_script` with every known widget state and the slider's new
   value (`double_array_value`), the id of the fragment that drew the slider (the
   delta's `fragment_id`: the page's sliders live in its reader fragment, so a move
   reruns that alone, as in the browser), and the query string the app last wrote
   (`page_info_changed`, or the page's `history.replaceState` script); wait for
   `script_finished` and a headline again;
5. fetch the CSV as the download button does: GET the button's media URL (for a
   deferred download, one whose button carries a `deferred_file_id`, first a
   `backend_operation_request` with that id, which makes the server write the file
   and answer with its URL). Each claim row's `weight` must equal the weight this
   reader set for that source.

Not reproduced: the frontend's message cache (`cached_message_hashes` is left empty,
so the server sends every element in full, a little more work than for a browser),
heartbeats and static assets other than the page itself.

The Locust user (`DashboardReader`) reports each step as a request event: "first
headline", "slider move", "CSV"; a wrong CSV, a page exception or a timeout is a
failure. After `--reader-seconds` of moves a reader downloads its CSV a last time and
goes idle; once every spawned reader is idle the run stops itself (`--run-time` is the
hard bound). `--raw-out FILE` writes one JSON line per step for exact percentiles.
"""

from __future__ import annotations

import io
import itertools
import json
import random
import time
from typing import Any

import gevent
from locust import User, between, events

from tools.streamlit_protocol import (
    BARE_PAGE_SOURCES,
    MOVED_SOURCES,
    RunOutcome,
    StepFailed,
    StreamlitReader,
    csv_weight_mismatches,
)

_reader_numbers = itertools.count()
_raw_out: io.TextIOWrapper | None = None
_finished = 0


@events.init_command_line_parser.add_listener
def _add_options(parser: Any) -> None:
    parser.add_argument("--reader-seconds", type=float, default=60, help="moves per reader (s)")
    parser.add_argument("--csv-every", type=int, default=5, help="CSV after every Nth move")
    parser.add_argument("--case-query", default="case=refusals&q=refusal_count")
    parser.add_argument("--raw-out", default="", help="one JSON line per step")
    parser.add_argument(
        "--bare-page",
        action="store_true",
        help="readers of benchmarks/bare_page.py: the same moves, no link weights, no CSV",
    )


@events.test_start.add_listener
def _on_test_start(environment: Any, **_: Any) -> None:
    global _raw_out
    path = environment.parsed_options.raw_out if environment.parsed_options else ""
    _raw_out = open(path, "a", encoding="utf-8") if path else None  # noqa: SIM115


@events.test_stop.add_listener
def _on_test_stop(environment: Any, **_: Any) -> None:
    if _raw_out is not None:
        _raw_out.flush()


class DashboardReader(User):
    """A reader who opens a shared link with weights of its own, then moves a slider every
    few seconds for a minute, downloading the CSV now and then and checking its weights."""

    wait_time = between(2, 5)

    def on_start(self) -> None:
        options = self.environment.parsed_options
        self.number = next(_reader_numbers)
        self.reader_seconds = options.reader_seconds if options else 60.0
        self.csv_every = options.csv_every if options else 5
        case_query = options.case_query if options else "case=refusals&q=refusal_count"
        self.rng = random.Random(self.number)
        self.link_weights = {"cit": self.number % 101, "author": self.rng.randint(0, 100)}
        self.sources = MOVED_SOURCES
        if options and options.bare_page:
            self.sources, self.csv_every, case_query = BARE_PAGE_SOURCES, 0, ""
            self.link_weights = {}
        self.weights = dict(self.link_weights)
        self.moves = 0
        self.idle = False
        query: dict[str, str | int] = dict(p.split("=", 1) for p in case_query.split("&") if p)  # type: ignore[misc]
        query |= {f"w_{source}": weight for source, weight in self.link_weights.items()}
        self.client = StreamlitReader(self.host or "http://127.0.0.1:8501")
        if self._step("first headline", lambda: self.client.open(query)) is None:
            self._finish()
        self.moving_since = time.monotonic()

    def on_stop(self) -> None:
        self.client.close()

    def _step(self, name: str, action: Any) -> Any:
        """Run one step; report it to Locust (and to --raw-out); None if it failed."""
        started = time.monotonic()
        error: Exception | None = None
        result = None
        try:
            result = action()
        except StepFailed as failure:
            error = failure
        seconds = time.monotonic() - started
        self.environment.events.request.fire(
            request_type="WS",
            name=name,
            response_time=seconds * 1000,
            response_length=getattr(result, "nbytes", 0) if result is not None else 0,
            exception=error,
            context={"reader": self.number},
        )
        if _raw_out is not None:
            record = {
                "reader": self.number,
                "step": name,
                "t": time.time(),
                "seconds": round(seconds, 4),
                "error": str(error) if error else "",
                "upstreams": sorted(set(self.client.upstreams)),
            }
            _raw_out.write(json.dumps(record) + "\n")
        return None if error else (result if result is not None else True)

    def _finish(self) -> None:
        """Go idle (the session stays open, as a reader's tab would) and count this reader done."""
        global _finished
        if self.idle:
            return
        self.idle = True
        _finished += 1
        runner = self.environment.runner
        if runner is not None and _finished >= runner.target_user_count:
            # Every reader has had its minute: stop the run rather than wait for --run-time.
            gevent.spawn_later(1, runner.quit)

    def _check_csv(self) -> None:
        def fetch_and_compare() -> RunOutcome:
            started = time.monotonic()
            data = self.client.download_csv()
            wrong = csv_weight_mismatches(data, self.weights, set(self.link_weights))
            if wrong:
                raise StepFailed("CSV not this reader's weights: " + "; ".join(wrong[:3]))
            return RunOutcome(time.monotonic() - started, "", 1, len(data))

        self._step("CSV", fetch_and_compare)

    def _move(self) -> None:
        if self.idle:
            return
        if time.monotonic() - self.moving_since > self.reader_seconds:
            if self.csv_every:
                self._check_csv()
            self._finish()
            return
        source = self.sources[self.moves % len(self.sources)]
        current = self.weights.get(source)
        value = self.rng.choice([v for v in range(101) if v != current])
        self.weights[source] = value
        self.moves += 1
        if self._step("slider move", lambda: self.client.move_slider(source, value)) is None:
            self._finish()  # the session is in an unknown state: no more moves on it
        elif self.csv_every and (self.moves - 1) % self.csv_every == 0:
            self._check_csv()

    tasks = [_move]
