"""Test cases for the Streamlit page, run headless with AppTest."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.case import load_case_file
from dashboard.engine.pooling import Estimate, Method, evaluate_question
from dashboard.engine.settings import settings_for
from dashboard.page.estimate import CHART_TABS
from dashboard.view.wording import format_value
from tests.factories import BRIDGES_CASE as SMALL_CASE
from tests.factories import many_sources_text
from tests.support.apptest import address, open_page

ROOT = Path(__file__).resolve().parents[1]
CASE = load_case_file(ROOT / "data" / "refusals.yaml")


def open_tab(app: AppTest, name: str, key: str = "page_tab") -> AppTest:
    """Open a tab as a click would: only the open tab is drawn."""
    app.session_state[key] = name
    return app.run()


def headline_median(app: AppTest) -> str:
    return app.metric[0].value


def expected_median(question_id: str, method: str, weights: dict[str, float]) -> str:
    settings = settings_for(CASE, weights=weights)
    pooled = evaluate_question(CASE, question_id, settings).pooled[Method(method)]
    assert isinstance(pooled, Estimate)
    return format_value(pooled.summary.median, CASE.question(question_id))


def alerts(app: AppTest) -> str:
    """The alerts' text as a reader sees it (the page backslash-escapes Markdown)."""
    source = " ".join(str(a.value) for a in [*app.warning, *app.error, *app.info])
    return re.sub(r"\\(.)", r"\1", source)


def test_default_view_shows_the_engines_headline() -> None:
    """It opens on the refusal case with the linear pool's median at default weights."""
    app = open_page()
    assert not app.exception
    assert headline_median(app) == expected_median("refusal_share", "linear", {})
    assert app.title[0].value.startswith("Russian contract soldiers")


def test_moving_a_slider_moves_the_headline() -> None:
    """Setting CIT's trust to 0 gives the engine's median without CIT."""
    app = open_page()
    before = headline_median(app)
    app.slider(key="w_cit").set_value(0).run()
    assert headline_median(app) != before
    assert headline_median(app) == expected_median("refusal_share", "linear", {"cit": 0})
    assert address(app)["w_cit"] == "0"


def test_a_link_seeds_question_method_and_weights() -> None:
    """A shared link sets the question, the method and the named weights."""
    app = open_page(q="refusal_count", method="log", w_agora="10", w_author="100")
    assert not app.exception
    assert app.selectbox(key="q:refusals").value == "refusal_count"
    assert app.radio(key="method").value == "log"
    assert app.slider(key="w_agora").value == 10
    assert app.slider(key="w_author").value == 100
    assert app.slider(key="w_cit").value == 60
    expected = expected_median("refusal_count", "log", {"agora": 10, "author": 100})
    assert headline_median(app) == expected
    assert not app.warning


def test_a_bad_link_warns_about_each_part_and_uses_the_rest() -> None:
    """Unknown case, question, method, source and bad values each get a warning."""
    app = open_page(
        case="../../etc/passwd",
        q="nope",
        method="median",
        w_nobody="5",
        w_cit="abc",
        w_author="101",
        w_agora="30",
        colour="red",
    )
    assert not app.exception
    text = alerts(app)
    for named in ("passwd", "nope", "median", "nobody", "abc", "101", "colour"):
        assert named in text, named
    assert app.slider(key="w_agora").value == 30
    assert app.slider(key="w_cit").value == 60
    assert headline_median(app) == expected_median("refusal_share", "linear", {"agora": 30})


def test_zero_trust_everywhere_says_there_is_no_estimate() -> None:
    """With every source at zero the page says so instead of showing a number."""
    app = open_page(**{f"w_{s.id}": "0" for s in CASE.sources})
    assert not app.exception
    assert not app.metric
    assert "No estimate" in alerts(app)


def test_restore_defaults_and_equal_trust() -> None:
    """The two buttons set every slider to the case's defaults or to equal trust."""
    app = open_page(w_cit="0")
    app.button(key="equal_trust").click().run()
    assert {s.value for s in app.slider} == {50}
    app.button(key="defaults").click().run()
    assert app.slider(key="w_cit").value == 60
    assert app.slider(key="w_author").value == 20


def test_a_good_upload_replaces_the_case() -> None:
    """A valid uploaded case becomes the view, with a note that its quotes are unchecked."""
    app = open_page()
    app.file_uploader[0].set_value(("bridges.yaml", SMALL_CASE, "application/x-yaml")).run()
    assert not app.exception
    assert app.title[0].value == "Bridges closed after the storm"
    assert app.slider(key="w_city").value == 80


def test_a_bad_upload_is_named_and_keeps_the_previous_case() -> None:
    """A broken upload gets one message naming file and place; the view is unchanged."""
    app = open_page()
    app.slider(key="w_cit").set_value(5).run()
    broken = SMALL_CASE.replace(b"source: paper", b"source: nobody")
    app.file_uploader[0].set_value(("broken.yaml", broken, "application/x-yaml")).run()
    assert not app.exception
    assert "broken.yaml" in alerts(app)
    assert "claims[1].source" in alerts(app)
    assert app.title[0].value.startswith("Russian contract soldiers")
    assert app.slider(key="w_cit").value == 5


@pytest.mark.parametrize(
    "payload",
    [b"\xff\xfe\x00binary", b"a: &x [1]\nb: *x\n", b"[" * 5000, b"title: [unclosed"],
)
def test_hostile_uploads_end_in_a_message(payload: bytes) -> None:
    """Binary, aliases, deep nesting and broken YAML each end in an error, not a crash."""
    app = open_page()
    app.file_uploader[0].set_value(("hostile.yaml", payload, "application/x-yaml")).run()
    assert not app.exception
    assert "hostile.yaml" in alerts(app)


def test_untrusted_text_is_escaped_in_markdown_places() -> None:
    """Names with Markdown, colour directives and LaTeX reach labels escaped."""
    hostile = SMALL_CASE.replace(b"name: City hall", b"name: ':red[City] **hall** $x$'")
    app = open_page()
    app.file_uploader[0].set_value(("bridges.yaml", hostile, "application/x-yaml")).run()
    label = app.slider(key="w_city").label
    assert label.startswith("\\:\u2060red\\[City\\] \\*\\*hall\\*\\* \\$x\\$")


def test_methodology_walks_through_the_weight_steps() -> None:
    """The how-it-works tab states the formulas and shows each step's weights on this case."""
    app = open_tab(open_page(), "How it works")
    assert len(app.latex) >= 2
    steps = app.dataframe[0].value
    assert {"1 trust", "2 after relays", "3 split", "4 credibility", "5 shared evidence"} <= set(
        steps.columns
    )


def values_of(node: Any, key: str) -> list[Any]:
    """Every value stored under `key` anywhere in a nested spec."""
    if isinstance(node, dict):
        found = [node[key]] if key in node else []
        return found + [v for value in node.values() for v in values_of(value, key)]
    if isinstance(node, list):
        return [v for item in node for v in values_of(item, key)]
    return []


def chart_rows(app: AppTest) -> dict[str, list[int]]:
    """Each chart on the page by its title, with the row counts of its datasets."""
    drawn = {}
    for element in app.get("vega_lite_chart"):
        spec = json.loads(element.proto.spec)
        title = spec["title"]["text"] if isinstance(spec.get("title"), dict) else "untitled"
        # Streamlit moves the top-level rows (and any named datasets) to Arrow beside the spec.
        rows = [len(data["values"]) for data in values_of(spec, "data") if "values" in data]
        arrow = [element.proto.data.data] if element.proto.data.data else []
        arrow += [dataset.data.data for dataset in element.proto.datasets]
        rows += [pa.ipc.open_stream(blob).read_all().num_rows for blob in arrow]
        assert "No weighted claims" not in element.proto.spec, title
        drawn[title] = rows
    return drawn


@pytest.mark.parametrize("method", ["linear", "log"])
@pytest.mark.parametrize("question_id", ["refusal_share", "refusal_count"])
def test_every_chart_on_the_page_has_data(question_id: str, method: str) -> None:
    """Each chart tab draws its charts with rows to draw, for both questions and methods; only
    the open tab's charts are on the page."""
    app = open_page(q=question_id, method=method)
    drawn: dict[str, list[int]] = {}
    for tab in CHART_TABS:
        shown = chart_rows(open_tab(app, tab, key="chart_tab"))
        assert len(shown) == (2 if tab == "Sensitivity" else 1), (tab, shown)
        drawn |= shown
    assert len(drawn) == 7, drawn
    for title, rows in drawn.items():
        assert rows and all(count > 0 for count in rows), title


def test_the_open_chart_stays_open_across_a_visit_to_another_tab() -> None:
    """The chart picked is still picked after a look at the Readings, as a reader expects."""
    app = open_tab(open_page(), "Influence", key="chart_tab")
    influence = set(chart_rows(app))
    open_tab(open_tab(app, "Readings"), "Estimate")
    assert not app.exception
    assert app.session_state["chart_tab"] == "Influence"
    assert set(chart_rows(app)) == influence


def test_a_chart_the_next_case_lacks_gives_way_to_the_first() -> None:
    """Chain of custody open, then a case without relays: its first chart shows instead."""
    app = open_tab(open_page(), "Claims and pools", key="chart_tab")
    first_chart = set(chart_rows(app))
    open_tab(app, "Chain of custody", key="chart_tab")
    assert set(chart_rows(app)) != first_chart
    app.file_uploader[0].set_value(("bridges.yaml", SMALL_CASE, "application/x-yaml")).run()
    assert not app.exception
    assert app.session_state["chart_tab"] == "Claims and pools"
    assert len(chart_rows(app)) == 1


def test_an_upload_is_named_by_its_case_file_not_its_document() -> None:
    """Uploading the document first and the case second still names the case by its file."""
    app = open_page()
    app.file_uploader[0].set_value(
        [
            ("article.txt", b"Between 3 and 7 bridges are shut.", "text/plain"),
            ("bridges.yaml", SMALL_CASE, "application/x-yaml"),
        ]
    ).run()
    assert not app.exception
    assert app.title[0].value == "Bridges closed after the storm"
    assert app.session_state["upload"].file_name == "bridges.yaml"


def reading_form(app: AppTest, label: str) -> tuple[Any, Any]:
    """The low and high fields of a label's reading form."""
    prefix = f"reading:refusal_share:{label}:"
    fields = [n for n in app.number_input if str(n.key).startswith(prefix)]
    low = next(n for n in fields if str(n.key).endswith(":low"))
    high = next(n for n in fields if str(n.key).endswith(":high"))
    return low, high


def type_mass_phenomenon(app: AppTest, **fields: float) -> None:
    """On the Readings tab, type into the 'a mass phenomenon' fields (`low`, `high`), each
    change applied as it is made."""
    open_tab(app, "Readings")
    for name, value in fields.items():
        low_field, high_field = reading_form(app, "mass_phenomenon")
        (low_field if name == "low" else high_field).set_value(value)
        app.run()
        assert not app.exception


def test_editing_a_reading_moves_the_headline_link_and_csv() -> None:
    """Reading 'a mass phenomenon' as 5-20% applies as it is typed: the estimate in the tab
    moves, and the link names it."""
    app = open_page()
    before = headline_median(app)
    type_mass_phenomenon(app, low=5.0, high=20.0)
    assert address(app)["r_refusal_share.mass_phenomenon"] == "range:5:20"
    assert headline_median(app) != before
    assert headline_median(open_tab(app, "Estimate")) != before


def test_an_invalid_reading_is_refused_at_the_field_and_changes_nothing() -> None:
    """A low end above the high end stays in its field, marked, and changes nothing."""
    app = open_page()
    before = headline_median(app)
    type_mass_phenomenon(app, low=60.0)
    assert app.error and "60" in app.error[0].value
    assert reading_form(app, "mass_phenomenon")[0].value == 60.0
    assert "r_refusal_share.mass_phenomenon" not in address(app)
    assert headline_median(open_tab(app, "Estimate")) == before


def test_a_scenario_sets_its_weights_and_the_link_names_it() -> None:
    app = open_page()
    scenario = CASE.scenarios[0]
    app.selectbox(key="scenario").set_value(scenario.id).run()
    assert not app.exception
    for source_id, weight in scenario.weights.items():
        assert app.slider(key=f"w_{source_id}").value == round(weight)
    assert address(app)["scenario"] == scenario.id


def test_switching_relays_off_is_in_the_link_and_moves_the_count() -> None:
    app = open_page(q="refusal_count")
    before = headline_median(app)
    app.toggle(key="relays").set_value(False).run()
    assert address(app)["relays"] == "off"
    assert headline_median(app) != before


def test_weights_from_grades_sets_each_graded_source() -> None:
    app = open_page()
    app.button(key="weights_from_grades").click().run()
    grade_weights = {"A": 90, "B": 75, "C": 60, "D": 40, "E": 20, "F": 50}
    for source in CASE.sources:
        if source.reliability:
            assert app.slider(key=f"w_{source.id}").value == grade_weights[source.reliability]


def test_many_sources_get_a_searchable_table_instead_of_sliders() -> None:
    """With 200 sources the weights are a table; editing it moves the headline."""
    app = open_page()
    app.file_uploader[0].set_value(
        ("many.yaml", many_sources_text(200).encode(), "application/x-yaml")
    )
    app.run()
    assert not app.exception
    assert not app.slider
    assert len(app.sidebar.dataframe[0].value) == 200
    app.text_input[0].set_value("Source 19").run()
    expected = {"Source 19", *(f"Source 19{i}" for i in range(10))}
    assert set(app.sidebar.dataframe[0].value["source"]) == expected


def card_count(app: AppTest) -> int:
    """Quote cards drawn on the page."""
    return sum(str(block.proto.body).count('<div class="claim') for block in app.get("html"))


def test_other_questions_cards_are_drawn_once_their_expander_opens() -> None:
    """Closed, the other question's cards are not drawn, since every slider move would
    redraw them for nobody; opened, every one of them is."""
    app = open_page(q="refusal_share")
    share_claims = len(CASE.claims_on("refusal_share"))
    assert card_count(app) == share_claims
    app.session_state["other_cards:0"] = True
    app.run()
    assert not app.exception
    assert card_count(app) == len(CASE.claims)


def test_the_template_and_example_are_offered_once_their_expander_opens() -> None:
    """Folded, the sidebar's template downloads are not drawn (each would be fetched by the
    browser at every load); opened, both are there."""
    app = open_page()
    sidebar_downloads = [b.proto.label for b in app.sidebar.get("download_button")]
    assert sidebar_downloads == []
    app.session_state["template_files"] = True
    app.run()
    labels = [b.proto.label for b in app.sidebar.get("download_button")]
    assert labels == ["Template (YAML)", "Example: the refusal case"]


# --- uploads that forgive (issue 18) -----------------------------------------------------------

TWO_DOCUMENTS = ROOT / "tests" / "fixtures" / "two-documents"


def test_every_problem_of_an_upload_is_listed_in_one_alert() -> None:
    """A file that breaks three rules gets one alert naming all three, one a line."""
    app = open_page()
    broken = (
        SMALL_CASE.replace(b"weight: 80", b"weight: 62.5")
        .replace(b"source: paper", b"source: nobody")
        .replace(b"reading: {range: [3, 7]}", b"reading: {range: [7, 3]}")
    )
    app.file_uploader[0].set_value(("broken.yaml", broken, "application/x-yaml")).run()
    assert not app.exception
    assert len(app.error) == 1
    shown = re.sub(r"\\(.)", r"\1", str(app.error[0].value)).replace("\u2060", "")
    assert shown.startswith("broken.yaml: 3 problems"), shown
    for place in ("sources[0].weight", "claims[0].reading.range", "claims[1].source"):
        assert f"\n- {place}: " in shown, shown
    assert app.title[0].value.startswith("Russian contract soldiers")


def test_a_file_uploaded_again_under_its_name_replaces_the_old_one() -> None:
    """Two uploads under one name are one file, the later: no 'exactly one case file'."""
    app = open_page()
    broken = SMALL_CASE.replace(b"source: paper", b"source: nobody")
    app.file_uploader[0].set_value(
        [
            ("bridges.yaml", broken, "application/x-yaml"),
            ("bridges.yaml", SMALL_CASE, "application/x-yaml"),
        ]
    ).run()
    assert not app.exception
    assert not app.error
    assert app.title[0].value == "Bridges closed after the storm"


def test_two_case_files_are_named_so_the_reader_knows_what_to_remove() -> None:
    """Several case files at once: the alert names them all and says to remove the others."""
    app = open_page()
    app.file_uploader[0].set_value(
        [
            ("bridges.yaml", SMALL_CASE, "application/x-yaml"),
            ("roads.yml", SMALL_CASE, "application/x-yaml"),
        ]
    ).run()
    shown = alerts(app)
    assert "exactly one case file" in shown
    assert "bridges.yaml and roads.yml are each a case file" in shown
    assert "remove the ones you do not mean" in shown


def test_a_lone_document_under_another_name_is_used_and_the_page_says_so() -> None:
    """The one file uploaded with a case naming one document is read as it, and said so."""
    named = SMALL_CASE.replace(b"questions:", b"document: {file: notes.txt}\nquestions:", 1)
    app = open_page()
    app.file_uploader[0].set_value(
        [
            ("bridges.yaml", named, "application/x-yaml"),
            (
                "notes (1).txt",
                b"Between 3 and 7 bridges are shut. At least 12 bridges are closed.",
                "text/plain",
            ),
        ]
    ).run()
    assert not app.exception and not app.error
    said = [str(info.value) for info in app.info]
    assert any("notes (1).txt" in text and "notes.txt" in text for text in said), said
    assert not any("could not be checked" in text for text in said)


def test_a_case_with_two_documents_uploads_and_names_each_quotes_document() -> None:
    """An upload with a `documents` list and both files has its quotes checked; an upload
    missing one names that file."""
    files = [
        ("roads.yaml", (TWO_DOCUMENTS / "roads.yaml").read_bytes(), "application/x-yaml"),
        (
            "council-bulletin.txt",
            (TWO_DOCUMENTS / "council-bulletin.txt").read_bytes(),
            "text/plain",
        ),
    ]
    app = open_page()
    app.file_uploader[0].set_value(files).run()
    assert not app.exception
    assert app.title[0].value == "Roads closed by the spring thaw"
    assert "valley-radio.txt" in " ".join(str(info.value) for info in app.info)
