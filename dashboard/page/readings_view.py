"""The reader's readings: every codebook label of the open question, and a form to change it.

An entry is checked by the engine's own rules (`parse_reading_text`) as soon as a field
changes, and applied if they accept it; an invalid one stays in its fields with its
message beside them, and changes nothing.
"""

from __future__ import annotations

import streamlit as st

from dashboard.case import AtLeast, AtMost, Case, Question, Range, Reading
from dashboard.case.model import reading_from_fields
from dashboard.page import estimate, session
from dashboard.page.keys import READINGS_ROUND
from dashboard.page.literal import markdown_text
from dashboard.view.cards import ORIGIN_WORDS, CodebookEntryView
from dashboard.view.model import View

KINDS = {"range": "a range (90% interval)", "at_least": "at least", "at_most": "at most"}


def readings_tab(case: Case, view: View) -> None:
    question = view.question
    st.subheader("How vague phrases are read")
    if not view.codebook:
        st.info("This question has no qualitative labels: every claim on it states a figure.")
        return
    st.caption(
        "Where the article gives no number, the case author reads a phrase as a range: a "
        "judgment, with its reason. Change it here and it applies at once: every claim that "
        "uses the phrase follows, and so do the estimate below, the link and the CSV."
    )
    estimate.estimate_metrics(view)
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
        st.caption(markdown_text(_in_use(entry)))
        if entry.rationale:
            st.caption(markdown_text(f"The case author's reason: {entry.rationale}"))
        for quote, translation in entry.quotes:
            st.caption(markdown_text(f"“{quote}”"))
            if translation:
                st.caption(markdown_text(f"The case's translation: “{translation}”"))
        # The fields' keys change when readings are set from elsewhere (a scenario, the
        # restore button), so that fresh fields show them; typing keeps its fields.
        round_ = st.session_state.get(READINGS_ROUND, 0)
        fields = f"reading:{question.id}:{entry.label}:{round_}"
        kind_column, low_column, high_column = st.columns([1.4, 1, 1])
        kinds: list[str] = list(KINDS)
        low_default, high_default = _bounds(entry.reading)
        # Each field applies the reading as soon as it changes; an entry the rules refuse
        # stays in the fields, marked, and changes nothing.
        apply = (question, entry.label, fields)
        kind_column.selectbox(
            "Reading",
            kinds,
            index=kinds.index(_kind(entry.reading)),
            format_func=lambda name: KINDS[name],
            key=fields + ":kind",
            on_change=_apply,
            args=apply,
        )
        for column, name, value, end in (
            (low_column, "Low (range, at least)", low_default, ":low"),
            (high_column, "High (range, at most)", high_default, ":high"),
        ):
            column.number_input(
                name, value=value, format="%g", key=fields + end, on_change=_apply, args=apply
            )
        refused = st.session_state.get(fields + ":refused")
        if refused:
            st.error(markdown_text(f"Not applied: {refused}"), icon="✋")


def _in_use(entry: CodebookEntryView) -> str:
    """`In use: the case author's reading.` or, once changed, whose it is and the case's."""
    if entry.origin == "case":
        return "In use: the case author's reading."
    return f"In use: {ORIGIN_WORDS[entry.origin]}. The case author's: {entry.case_reading}."


def _apply(question: Question, label: str, fields: str) -> None:
    """Apply the fields' reading if the engine's rules accept it; else keep why not."""
    kind = st.session_state[fields + ":kind"]
    low, high = st.session_state[fields + ":low"], st.session_state[fields + ":high"]
    reading = reading_from_fields(str(kind), low, high, question)
    if isinstance(reading, str):
        st.session_state[fields + ":refused"] = reading
        return
    st.session_state.pop(fields + ":refused", None)
    session.set_reading(question.id, label, reading)


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
