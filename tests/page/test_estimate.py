"""Test cases for the estimate page's bounds and threshold (spec sections 12, 13), in AppTest."""

from __future__ import annotations

import html
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.case import load_case_file
from dashboard.engine.pooling import Method
from dashboard.engine.settings import settings_for
from dashboard.view.model import Headline, build_view
from tests.support.apptest import address, open_page

ROOT = Path(__file__).resolve().parents[2]
CASE = load_case_file(ROOT / "data" / "refusals.yaml")


def page_html(app: AppTest) -> str:
    """Every HTML block of the page as a reader reads it (entities decoded)."""
    return html.unescape(" ".join(str(block.proto.body) for block in app.get("html")))


def expected_headline(thresholds: dict[str, float], bounds: dict | None = None) -> Headline:
    settings = settings_for(CASE, thresholds=thresholds, bounds=bounds)
    view = build_view(CASE, "refusals", "refusal_count", Method.LINEAR, settings)
    assert isinstance(view.headline, Headline)
    return view.headline


def test_the_page_says_the_answer_and_what_rests_on_the_bound() -> None:
    """On the refusal count with a threshold of 1,000, the page says the estimative sentence
    and the bound sentence of the view model, which the engine's figures make."""
    app = open_page(q="refusal_count", t_refusal_count="1000")
    assert not app.exception
    expected = expected_headline({"refusal_count": 1000})
    assert expected.answer.startswith(("Likely (", "Very likely (", "Almost certain ("))
    assert expected.bound_sentences, "the count's upper end rests on its upper bound"
    shown = page_html(app)
    assert expected.answer in shown
    for sentence in expected.bound_sentences:
        assert sentence in shown


def test_the_control_sets_the_readers_bounds_and_threshold() -> None:
    """Typed in the control and applied, bounds and a threshold reach the link and the
    headline; the way back to the case's takes them away again."""
    app = open_page(q="refusal_count")
    app.session_state["judgment"] = True
    app.run()
    fields = {field.label: field for field in app.number_input}
    fields["Upper bound"].set_value(400000.0)
    fields["Threshold"].set_value(500.0)
    next(button for button in app.button if button.label == "Apply").click().run()
    assert not app.exception
    link = address(app)
    assert (link["b_refusal_count"], link["t_refusal_count"]) == ("1:400000", "500")
    expected = expected_headline({"refusal_count": 500}, {"refusal_count": (1, 400000)})
    assert expected.answer in page_html(app)
    next(button for button in app.button if button.label == "Back to the case's").click().run()
    assert "b_refusal_count" not in address(app) and "t_refusal_count" not in address(app)


def test_unusable_bounds_are_refused_at_the_control() -> None:
    """Bounds that leave out a figure a reading states are named, and change nothing."""
    app = open_page(q="refusal_count")
    app.session_state["judgment"] = True
    app.run()
    fields = {field.label: field for field in app.number_input}
    fields["Upper bound"].set_value(10.0)
    next(button for button in app.button if button.label == "Apply").click().run()
    assert app.error and "leave out the reading" in app.error[0].value
    assert "b_refusal_count" not in address(app)


RUSSIAN_CASE = """\
title: A rally
document: {title: Митинг, language: ru}
questions:
  - {id: crowd, text: People at the rally, unit: people, min: 500, max: 200000, scale: log}
sources:
  - {id: police, name: City police}
claims:
  - source: police
    question: crowd
    quote: "на площадь пришли около 8 тысяч человек"
    translation: "about 8 thousand <people> came to the square"
    reading: {range: [6000, 10000]}
""".encode()
"""A case in Russian with the case's translation of its one quote (holding markup, which the
page must show as text)."""


def test_a_translation_is_shown_beside_its_quote_as_the_cases() -> None:
    """A Russian quote's card shows the verbatim quote and, beside it, the case's
    translation, marked as the case's and escaped."""
    app = open_page()
    app.file_uploader[0].set_value(("rally.yaml", RUSSIAN_CASE, "application/x-yaml")).run()
    assert not app.exception
    cards = " ".join(str(block.proto.body) for block in app.get("html"))
    assert '<blockquote lang="ru">на площадь пришли около 8 тысяч человек' in cards
    assert "The case's translation: “about 8 thousand &lt;people&gt; came" in cards
