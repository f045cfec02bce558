"""A reader of a Streamlit page without a browser: Streamlit's own websocket protocol,
played message for message as the page's frontend plays it.

It needs `websocket-client` (in the `test` and `load` extras). The Locust readers of
`benchmarks/locust_streamlit.py` are built on it (how a reader opens, moves and downloads
is told there), as are `benchmarks/rerun_cpu.py` and the test of downloads under other readers' runs
(`tests/e2e/test_concurrent_sessions.py`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import websocket
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

STEP_TIMEOUT_S = 120.0
"""How long one step (first headline, slider move, CSV) may take before it counts as failed."""
MOVED_SOURCES = ("cit", "volkov", "author", "rferl", "current_time")
"""The sliders a reader moves: the refusal case's sliders shown open in the sidebar."""
BARE_PAGE_SOURCES = ("s0", "s1", "s2", "s3", "s4")
"""The same number of sliders on `bare_page.py`, which has no link and no CSV."""
ADDRESS_SCRIPT = re.compile(r"history\.replaceState\([^,]*, *'', *\"((?:[^\"\\]|\\.)*)\"")
"""The page's address script (`dashboard.link.address_script`): the query it writes."""
CSV_BUTTON = "Download CSV"
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
    downloads: dict[str, tuple[str, str]] = field(default_factory=dict)
    """By button label, from the last run: its file's URL, or the id of a file made on the
    click (a deferred download), the other being empty."""
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
        """Fetch the CSV as a click on its button does."""
        return self.fetch(self.download_path(CSV_BUTTON))

    def download_path(self, label: str) -> str:
        """The path of the file behind the download button `label`, as a click finds it: its
        media URL, or, for a deferred download, the URL the server gives once it has made the
        file."""
        if label not in self.downloads:
            raise StepFailed(f"no download button {label!r} on the page")
        url, deferred_id = self.downloads[label]
        if not deferred_id:
            return urlsplit(url).path
        request_id = str(uuid.uuid4())
        message = BackMsg()
        operation = message.backend_operation_request
        operation.request_id = request_id
        operation.session_id = self.session_id
        operation.deferred_file.file_id = deferred_id
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
            return urlsplit(response.deferred_file.url).path

    def fetch(self, path: str) -> bytes:
        """GET a file the page links to, as the browser does after a click."""
        return self._http_get(path)

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
            deferred = button.deferred_file_id if button.HasField("deferred_file_id") else ""
            self.downloads[button.label] = (button.url, deferred)

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
