"""The reader's readings: every codebook label of the open question, and a form to change it.

An entry is checked by the engine's own rules (`parse_reading_text`) when the reader
applies it; an invalid one gets its message at the field and changes nothing.
"""

from __future__ import annotations

import streamlit as st

from dashboard.case import AtLeast, AtMost, Case, Question, Range, Reading
from dashboard.literal import markdown_text
from dashboard.page import session
from dashboard.readings import ReadingError, parse_reading_text
from dashboard.view import ORIGIN_WORDS, CodebookEntryView, View

KINDS = {"range": "a range (90% interval)", "at_least": "at least", "at_most": "at most"}


def readings_tab(case: Case, view: View) -> None:
    question = view.question
    st.subheader("How vague phrases are read")
    if not view.codebook:
        st.info("This question has no qualitative labels: every claim on it states a figure.")
        return
    st.caption(
        "Where the article gives no number, the case author reads a phrase as a range: a "
        "judgment, with its reason. Change it here; every claim that uses the phrase follows, "
        "and so do the link and the CSV."
    )
    if any(entry.origin == "reader" for entry in view.codebook):
        st.button(
            "Restore the case's readings",
            on_click=session.clear_readings,
            args=(question.id,),
        )
    for entry in view.codebook:
        _label_editor(question, entry)


def _label_editor(question: Question, entry: CodebookEntryView) -> None:
    with st.container(border=True):
        st.markdown(f"**{markdown_text(entry.label)}**: {markdown_text(entry.reading_text)}")
        st.caption(
            markdown_text(
                f"Now {ORIGIN_WORDS[entry.origin]}; the case reads it as {entry.case_reading}."
            )
        )
        if entry.rationale:
            st.caption(markdown_text(f"The case author's reason: {entry.rationale}"))
        for quote in entry.quotes:
            st.caption(markdown_text(f"“{quote}”"))
        key = f"reading:{question.id}:{entry.label}"
        # The fields' keys name the reading in use, so that a scenario's or a restored
        # reading shows in fresh fields rather than in what was last typed.
        fields = f"{key}:{entry.reading.as_text()}"
        with st.form(key, border=False):
            kind_column, low_column, high_column, apply_column = st.columns([1.4, 1, 1, 1])
            kinds: list[str] = list(KINDS)
            current_kind = _kind(entry.reading)
            kind = kind_column.selectbox(
                "Reading",
                kinds,
                index=kinds.index(current_kind),
                format_func=lambda name: KINDS[name],
                key=fields + ":kind",
            )
            low_default, high_default = _bounds(entry.reading)
            low = low_column.number_input(
                "Low (range, at least)", value=low_default, format="%g", key=fields + ":low"
            )
            high = high_column.number_input(
                "High (range, at most)", value=high_default, format="%g", key=fields + ":high"
            )
            apply_column.space("medium")
            applied = apply_column.form_submit_button("Use this reading")
        if applied:
            text = {
                "range": f"range:{low:g}:{high:g}",
                "at_least": f"at_least:{low:g}",
                "at_most": f"at_most:{high:g}",
            }[str(kind)]
            try:
                reading = parse_reading_text(text, question)
            except ReadingError as error:
                st.error(markdown_text(str(error)), icon="✋")
            else:
                session.set_reading(question.id, entry.label, reading)
                st.rerun()


def _kind(reading: Reading) -> str:
    match reading:
        case Range():
            return "range"
        case AtLeast():
            return "at_least"
        case AtMost():
            return "at_most"


def _bounds(reading: Reading) -> tuple[float, float]:
    """The numbers the form starts from: a range's ends, or the one bound twice."""
    match reading:
        case Range(low=low, high=high):
            return low, high
        case AtLeast(low=low):
            return low, low
        case AtMost(high=high):
            return high, high
