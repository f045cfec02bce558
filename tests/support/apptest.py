"""Support for the page tests in Streamlit's AppTest: what the page put in the address bar.

The page replaces the browser's address in place with a small script (adding no history
entry), so AppTest's own `query_params` keep the link the page was opened with.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def open_page(**query: str) -> AppTest:
    """The page in AppTest, opened with a link's `query`, after its first run."""
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    return app.run()


ADDRESS_SCRIPT = re.compile(r"history\.replaceState\(history\.state, '', (\"[^\"]*\")")


def address(app: AppTest) -> dict[str, str]:
    """The query the page's last address script set: its latest in page order."""
    scripts = [ADDRESS_SCRIPT.search(str(element.value)) for element in app.get("html")]
    found = [match for match in scripts if match]
    assert found, "the page set no address"
    search = json.loads(found[-1].group(1))
    return dict(parse_qsl(search.removeprefix("?"), keep_blank_values=True))


class Downloads:
    """Every file the page offers for download in AppTest, by its address: AppTest keeps
    them in a media store made afresh for each run, so they are recorded as they are added."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def __enter__(self) -> Downloads:
        from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

        original = MemoryMediaFileStorage.load_and_get_id
        self._restore = original
        files = self.files

        def recording(storage: MemoryMediaFileStorage, data: Any, *args: Any, **kw: Any) -> str:
            file_id = original(storage, data, *args, **kw)
            if isinstance(data, bytes):
                files[file_id] = data
            return file_id

        MemoryMediaFileStorage.load_and_get_id = recording  # type: ignore[method-assign]
        return self

    def __exit__(self, *_: object) -> None:
        from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

        MemoryMediaFileStorage.load_and_get_id = self._restore  # type: ignore[method-assign]

    def of(self, app: AppTest, label: str) -> bytes | None:
        """The bytes of the download button labelled `label` on the page, if it is drawn."""
        for button in app.get("download_button"):
            if button.proto.label == label:
                file_id = button.proto.url.rsplit("/", 1)[-1].split(".")[0]
                return self.files.get(file_id)
        return None
