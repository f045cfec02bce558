"""Support for the page tests in Streamlit's AppTest: what the page put in the address bar.

The page replaces the browser's address in place with a small script (adding no history
entry), so AppTest's own `query_params` keep the link the page was opened with.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl

from streamlit.testing.v1 import AppTest

ADDRESS_SCRIPT = re.compile(r"history\.replaceState\(history\.state, '', (\"[^\"]*\")")


def address(app: AppTest) -> dict[str, str]:
    """The query the page's last address script set: its latest in page order."""
    scripts = [ADDRESS_SCRIPT.search(str(element.value)) for element in app.get("html")]
    found = [match for match in scripts if match]
    assert found, "the page set no address"
    search = json.loads(found[-1].group(1))
    return dict(parse_qsl(search.removeprefix("?"), keep_blank_values=True))
