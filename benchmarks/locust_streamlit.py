"""A reader of the dashboard that speaks Streamlit's own websocket protocol, and a Locust user.

    .venv/bin/locust -f benchmarks/locust_streamlit.py --headless --host http://127.0.0.1:8501 \
        --users 20 --spawn-rate 2 --run-time 130s

(`benchmarks/burst.py` runs this for bursts of 20, 50 and 100 readers and reports.)

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
5. fetch the CSV as the download button does: the button carries a
   `deferred_file_id`; a `backend_operation_request` with that id makes the server
   run the deferred callable and answer with a media URL, fetched over HTTP. Each
   claim row's `weight` must equal the weight this reader set for that source.

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

import contextlib
import csv
import io
import itertools
import json
import random
import re
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import gevent
import websocket
from locust import User, between, events
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

STEP_TIMEOUT_S = 120.0
"""How long one step (first headline, slider move, CSV) may take before it counts as failed."""
MOVED_SOURCES = ("cit", "volkov", "author", "rferl", "current_time")
"""The sliders a reader moves: the refusal case's sliders shown open in the sidebar."""
ADDRESS_SCRIPT = re.compile(r"history\.replaceState\([^,]*, *'', *\"((?:[^\"\\]|\\.)*)\"")
"""The page's address script (`dashboard.state.address_script`): the query it writes."""
UPSTREAM_HEADER = "X-Upstream"
"""Set by the replicas' proxy (benchmarks/replicas.py): which replica answered."""


FINISHED_WELL = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
"""A whole run's end, or a fragment's (a slider in the page's fragment reruns that alone)."""


class StepFailed(Exception):
    """A step of a reader's session did not do what the page would have done."""


@dataclass
class Widget:
    """A widget as the frontend's widget manager holds it: its id and current value."""

    id: str
    value_type: str
    value: Any
    fragment_id: str = ""
    """The fragment that drew it: a change reruns that fragment alone, as in the browser."""


@dataclass
class RunOutcome:
    seconds: float
    headline: str
    messages: int
    nbytes: int


@dataclass
class StreamlitReader:
    """One reader's session with a Streamlit server, over one websocket."""

    base_url: str
    timeout: float = STEP_TIMEOUT_S
    cookies: dict[str, str] = field(default_factory=dict)
    upstreams: list[str] = field(default_factory=list)
    """The proxy's X-Upstream of each HTTP answer and of the websocket handshake."""
    widgets: dict[str, Widget] = field(default_factory=dict)
    """By user key (`w_cit`), from the last run's deltas."""
    headline: str | None = None
    csv_url: str | None = None
    csv_file_id: str | None = None
    session_id: str = ""
    page_script_hash: str = ""
    query_string: str = ""
    page_url: str = ""
    _fragment_id: str = ""
    """The fragment of the delta being read."""
    _ws: websocket.WebSocket | None = None

    # --- HTTP, as the browser does it -----------------------------------------------------

    def _http_get(self, path: str) -> bytes:
        request = urllib.request.Request(self.base_url + path)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                self._note_upstream(response.headers.get(UPSTREAM_HEADER))
                for header in response.headers.get_all("Set-Cookie") or []:
                    name, _, rest = header.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0].strip()
                return response.read()
        except OSError as error:  # URLError, HTTPError and timeouts are all OSErrors
            raise StepFailed(f"GET {path}: {error}") from error

    def _note_upstream(self, upstream: str | None) -> None:
        if upstream:
            self.upstreams.append(upstream)

    # --- the websocket --------------------------------------------------------------------

    def open(self, query: dict[str, str | int]) -> RunOutcome:
        """Load the link, open the session and wait for its first run's headline."""
        started = time.monotonic()
        self.query_string = urlencode(query)
        self.page_url = f"{self.base_url}/?{self.query_string}"
        self._http_get(f"/?{self.query_string}")
        ws_url = "ws" + self.base_url.removeprefix("http") + "/_stcore/stream"
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items()) or None
        try:
            self._ws = websocket.create_connection(
                ws_url,
                subprotocols=["streamlit"],
                timeout=self.timeout,
                cookie=cookie,
                enable_multithread=False,
            )
        except (OSError, websocket.WebSocketException) as error:
            raise StepFailed(f"websocket: {error}") from error
        self._note_upstream((self._ws.getheaders() or {}).get(UPSTREAM_HEADER.lower()))
        return self._run(started, None)

    def move_slider(self, source_id: str, value: int) -> RunOutcome:
        """Set `w_<source_id>` to `value` as a drag of the slider does; wait for the run."""
        key = f"w_{source_id}"
        if key not in self.widgets:
            raise StepFailed(f"no slider {key} on the page")
        self.widgets[key].value = [float(value)]
        return self._run(time.monotonic(), self._widget_states(), self.widgets[key].fragment_id)

    def download_csv(self) -> bytes:
        """Fetch the CSV as a click on the button does: from its media URL, or, for a
        deferred download, by asking the server to make the file first."""
        if self.csv_url is not None:
            return self._http_get(urlsplit(self.csv_url).path)
        if self.csv_file_id is None:
            raise StepFailed("no CSV download button on the page")
        request_id = str(uuid.uuid4())
        message = BackMsg()
        operation = message.backend_operation_request
        operation.request_id = request_id
        operation.session_id = self.session_id
        operation.deferred_file.file_id = self.csv_file_id
        self._send(message)
        deadline = time.monotonic() + self.timeout
        while True:
            forward = self._receive(deadline)
            if forward.WhichOneof("type") != "backend_operation_response":
                continue
            response = forward.backend_operation_response
            if response.request_id != request_id:
                continue
            if response.error_msg:
                raise StepFailed(f"deferred file: {response.error_msg}")
            return self._http_get(urlsplit(response.deferred_file.url).path)

    def close(self) -> None:
        if self._ws is not None:
            with contextlib.suppress(OSError, websocket.WebSocketException):
                self._ws.close(timeout=1)
            self._ws = None

    # --- the protocol ---------------------------------------------------------------------

    def _widget_states(self) -> list[WidgetState]:
        states = []
        for widget in self.widgets.values():
            state = WidgetState(id=widget.id)
            if widget.value_type == "double_array_value":
                state.double_array_value.data[:] = widget.value
            else:
                setattr(state, widget.value_type, widget.value)
            states.append(state)
        return states

    def _run(
        self, started: float, states: list[WidgetState] | None, fragment_id: str = ""
    ) -> RunOutcome:
        message = BackMsg()
        rerun = message.rerun_script
        rerun.fragment_id = fragment_id
        rerun.query_string = self.query_string
        rerun.page_script_hash = self.page_script_hash
        rerun.context_info.url = self.page_url
        rerun.context_info.timezone = "UTC"
        rerun.context_info.timezone_offset = 0
        rerun.context_info.locale = "en-US"
        if states is not None:
            rerun.widget_states.widgets.extend(states)
        self.headline = None
        self._send(message)
        deadline = started + self.timeout
        count = nbytes = 0
        while True:
            forward = self._receive(deadline)
            count += 1
            nbytes += forward.ByteSize()
            kind = forward.WhichOneof("type")
            if kind == "new_session":
                self.session_id = forward.new_session.initialize.session_id
                self.page_script_hash = forward.new_session.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = forward.page_info_changed.query_string
            elif kind == "delta":
                self._read_delta(forward)
            elif kind == "script_finished":
                status = forward.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                if status not in FINISHED_WELL:
                    raise StepFailed(f"script finished with status {status}")
                if self.headline is None:
                    raise StepFailed("the run finished without a headline metric")
                return RunOutcome(time.monotonic() - started, self.headline, count, nbytes)

    def _read_delta(self, forward: ForwardMsg) -> None:
        delta = forward.delta
        self._fragment_id = delta.fragment_id
        if delta.WhichOneof("type") == "add_block":
            block = delta.add_block
            if block.WhichOneof("type") == "tab_container" and block.tab_container.id:
                container = block.tab_container
                self._keep(container.id, "string_value", container.default_tab_label)
            return
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "metric":
            if self.headline is None:
                self.headline = element.metric.body
        elif kind == "html":
            # The page writes its address with history.replaceState; the browser's next
            # rerun carries that query string.
            found = ADDRESS_SCRIPT.search(element.html.body)
            if found is not None:
                self.query_string = json.loads(f'"{found.group(1)}"').removeprefix("?")
        elif kind == "exception":
            raise StepFailed(f"the page shows an exception: {element.exception.message[:200]}")
        elif kind == "slider":
            slider = element.slider
            value = list(slider.value) if slider.set_value else list(slider.default)
            self._keep(slider.id, "double_array_value", value, keep_ui_value=not slider.set_value)
        elif kind in ("selectbox", "radio"):
            widget = getattr(element, kind)
            if widget.HasField("raw_value"):
                value = widget.raw_value
            elif widget.HasField("default") and widget.options:
                value = widget.options[widget.default]
            else:
                return
            self._keep(widget.id, "string_value", value, keep_ui_value=not widget.set_value)
        elif kind == "checkbox":
            box = element.checkbox
            value = box.value if box.set_value else box.default
            self._keep(box.id, "bool_value", value, keep_ui_value=not box.set_value)
        elif kind == "download_button":
            button = element.download_button
            if button.label.endswith("CSV"):
                if button.url:
                    self.csv_url, self.csv_file_id = button.url, None
                elif button.HasField("deferred_file_id"):
                    self.csv_url, self.csv_file_id = None, button.deferred_file_id

    def _keep(
        self, widget_id: str, value_type: str, value: Any, keep_ui_value: bool = False
    ) -> None:
        """Remember a widget's value; one the reader set keeps its own unless the server set it."""
        user_key = widget_id.split("-", 2)[-1]
        known = self.widgets.get(user_key)
        if keep_ui_value and known is not None and known.id == widget_id:
            return
        self.widgets[user_key] = Widget(widget_id, value_type, value, self._fragment_id)

    def _send(self, message: BackMsg) -> None:
        if self._ws is None:
            raise StepFailed("the session is not open")
        try:
            self._ws.send_binary(message.SerializeToString())
        except (OSError, websocket.WebSocketException) as error:
            raise StepFailed(f"websocket send: {error}") from error

    def _receive(self, deadline: float) -> ForwardMsg:
        assert self._ws is not None
        left = deadline - time.monotonic()
        if left <= 0:
            raise StepFailed(f"no answer within {self.timeout:.0f} s")
        self._ws.settimeout(left)
        try:
            data = self._ws.recv()
        except websocket.WebSocketTimeoutException as error:
            raise StepFailed(f"no answer within {self.timeout:.0f} s") from error
        except (OSError, websocket.WebSocketException) as error:
            raise StepFailed(f"websocket receive: {error}") from error
        forward = ForwardMsg()
        forward.ParseFromString(data)
        return forward


def csv_weight_mismatches(data: bytes, expected: dict[str, int], required: set[str]) -> list[str]:
    """Each claim row whose `weight` is not the weight this reader set for its source.

    Relays (`rferl`, `current_time`) have no claim rows of their own; the sources in
    `required` (those the link set) must have at least one.
    """
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    wrong = []
    seen = set()
    for row in rows:
        if row["row_type"] != "claim" or row["source_id"] not in expected:
            continue
        seen.add(row["source_id"])
        wanted = expected[row["source_id"]]
        if float(row["weight"]) != wanted:
            wrong.append(f"{row['claim_id']}: weight {row['weight']}, set {wanted}")
    wrong += [f"no claim row for {source}" for source in sorted(required - seen)]
    return wrong


# --- Locust ---------------------------------------------------------------------------------


_reader_numbers = itertools.count()
_raw_out: io.TextIOWrapper | None = None
_finished = 0


@events.init_command_line_parser.add_listener
def _add_options(parser: Any) -> None:
    parser.add_argument("--reader-seconds", type=float, default=60, help="moves per reader (s)")
    parser.add_argument("--csv-every", type=int, default=5, help="CSV after every Nth move")
    parser.add_argument("--case-query", default="case=refusals&q=refusal_count")
    parser.add_argument("--raw-out", default="", help="one JSON line per step")


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
        self.weights = dict(self.link_weights)
        self.moves = 0
        self.idle = False
        query: dict[str, str | int] = dict(p.split("=", 1) for p in case_query.split("&"))  # type: ignore[misc]
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
            self._check_csv()
            self._finish()
            return
        source = MOVED_SOURCES[self.moves % len(MOVED_SOURCES)]
        current = self.weights.get(source)
        value = self.rng.choice([v for v in range(101) if v != current])
        self.weights[source] = value
        self.moves += 1
        if self._step("slider move", lambda: self.client.move_slider(source, value)) is None:
            self._finish()  # the session is in an unknown state: no more moves on it
        elif (self.moves - 1) % self.csv_every == 0:
            self._check_csv()

    tasks = [_move]
