"""The sidebar: which case, question and method; the point of view, the switches, and trust.

Sliders are grouped by what they can do to the open question: sources with claims on it,
relays that carried those claims, and (set apart, folded) sources that cannot move it.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboard import link
from dashboard.case import Case
from dashboard.engine.pooling import Method
from dashboard.engine.weights import weights_from_grades
from dashboard.page import keys, session
from dashboard.page.asset_files import asset
from dashboard.page.descriptions import Description, describe, keyed
from dashboard.page.keys import (
    COMPACT_ESTIMATE,
    DEFAULTS_BUTTON,
    EQUAL_TRUST_BUTTON,
    GRADES_BUTTON,
    WEIGHTS_ROUND,
)
from dashboard.page.literal import html_text, markdown_text
from dashboard.page.streamlit_internals import Container
from dashboard.view.model import (
    CaseFeatures,
    Headline,
    NoEstimate,
    SliderGroup,
    SourceControl,
    weights_table,
)
from dashboard.view.wording import METHOD_HELP, METHOD_NAMES

SLIDER_LIMIT = 30
"""Above this many sources, sliders give way to a searchable table."""

EQUAL_TRUST = 50

SWITCH_HELP = {
    session.RELAYS: "A claim is no more trustworthy than the hands it passed through: each "
    "source's weight is multiplied by its relays' weights / 100.",
    session.CREDIBILITY: "Each graded claim's weight is multiplied by its credibility grade's "
    "factor (1 confirmed ×1.0 … 5 improbable ×0.2).",
    session.SHARED: "Claims resting on one piece of evidence together weigh as much as their "
    "heaviest member, so echoes of one report add no weight.",
}


def skip_link() -> None:
    """The sidebar's first stop for the Tab key (assets/skip_link.html): it moves the focus
    to the first trust slider, past the case, question, method and switch controls and each
    "?" help (20 stops without it). A button, not a link to a #fragment: on a phone the
    folded sidebar hides the target, and a fragment would add a history entry. Shown only
    while focused (its style: assets/page.css)."""
    st.html(asset("skip_link.html"), unsafe_allow_javascript=True)


def compact_estimate_slot() -> Container:
    """The compact estimate's slot, drawn on a full run for the reader's fragment to fill
    (`compact_estimate`) at every move."""
    return st.container(key=COMPACT_ESTIMATE).empty()


def compact_estimate(slot: Container, head: Headline | NoEstimate) -> None:
    """The headline's own figures in one short block, for the sidebar (`COMPACT_ESTIMATE`)."""
    if isinstance(head, NoEstimate):
        slot.html(f'<p class="compact-estimate">{html_text(head.message)}</p>')
        return
    slot.html(
        '<p class="compact-estimate"><span class="label">Combined estimate</span> '
        f'<b class="median">{html_text(head.median)}</b><br>'
        f'<span class="label">90% interval</span> <span class="interval">'
        f"{html_text(head.interval)}</span><br>"
        f'<span class="label">Moved</span> <span class="moved">{html_text(head.shift)}</span></p>'
    )


def question_and_method(case: Case, case_key: str) -> str:
    """The question and method pickers; returns the question's id."""
    questions = {q.id: q for q in case.questions}
    question_id: str = st.selectbox(
        "Question",
        list(questions),
        format_func=lambda key: questions[key].text,
        key=keys.question_key(case_key),
    )
    st.radio(
        "Pooling method",
        list(Method),
        format_func=lambda m: METHOD_NAMES[m],
        captions=[METHOD_HELP[m] for m in Method],
        key=link.METHOD,
    )
    return question_id


def point_of_view(case: Case, features: CaseFeatures) -> None:
    """The scenario picker and the switches, shown only for what the case uses."""
    if features.scenarios:
        names = {keys.NO_SCENARIO: "Case defaults"} | {s.id: s.name for s in case.scenarios}
        notes = " ".join(f"{s.name}: {s.note}" for s in case.scenarios if s.note)
        st.selectbox(
            "Point of view",
            list(names),
            format_func=lambda key: names[key],
            key=link.SCENARIO,
            on_change=session.choose_scenario,
            args=(case,),
            help=markdown_text(notes) if notes else None,
        )
    shown = [
        (session.RELAYS, "Relays pass trust on", features.relays),
        (session.CREDIBILITY, "Credibility grades count", features.credibility),
        (session.SHARED, "Shared evidence counted once", features.evidence),
    ]
    for key, label, used in shown:
        if used:
            st.toggle(label, key=key, help=SWITCH_HELP[key])


SliderSlots = dict[str, Container]
"""Where each group's sliders go, by group (or one slot, "table", for the weights table)."""

GROUPS: tuple[tuple[SliderGroup, str], ...] = (
    ("speaks", "Sources with claims on this question"),
    ("relay", "Relays that carried those claims"),
    ("silent", "No claim on this question"),
)


def trust_frame(
    case: Case, controls: Sequence[SourceControl], features: CaseFeatures
) -> SliderSlots:
    """Everything around the trust sliders that a weight does not change: the heading, the
    buttons and each group's title. Returns a slot per group for `sliders` to fill, so that
    a slider move redraws the sliders alone."""
    st.header("Trust in each source")
    left, middle = st.columns(2)
    left.button(
        "Defaults",
        key=DEFAULTS_BUTTON,
        help="The case's default weights (or the chosen point of view's).",
        on_click=session.choose_scenario,
        args=(case,),
        width="stretch",
    )
    middle.button(
        "Equal trust",
        key=EQUAL_TRUST_BUTTON,
        on_click=session.set_weights,
        args=({s.id: EQUAL_TRUST for s in case.sources},),
        width="stretch",
        help=f"Every source at {EQUAL_TRUST}.",
    )
    if features.grades:
        st.button(
            "Weights from grades",
            key=GRADES_BUTTON,
            on_click=lambda: session.set_weights(
                weights_from_grades(case, session.current_settings(case).weights)
            ),
            help="Each graded source's weight from its reliability grade: A 90, B 75, C 60, "
            "D 40, E 20, F 50. Ungraded sources keep theirs.",
            width="stretch",
        )
    if len(controls) > SLIDER_LIMIT:
        return {"table": st.container()}
    describe(
        [
            Description(
                f"note-{control.source_id}",
                keyed(link.WEIGHT_PREFIX + control.source_id, "input[type=range]"),
                slider_help(control),
            )
            for control in controls
        ]
    )
    slots: SliderSlots = {}
    for group, title in GROUPS:
        members = sum(1 for c in controls if c.group == group)
        if not members:
            continue
        if group == "silent":
            with st.expander(f"{title} ({members})"):
                st.caption("These sliders cannot move this question.")
                slots[group] = st.container()
        else:
            st.subheader(title)
            slots[group] = st.container()
    return slots


def sliders(slots: SliderSlots, controls: Sequence[SourceControl]) -> None:
    """The trust sliders in their groups' slots (or, for many sources, a searchable table)."""
    if "table" in slots:
        with slots["table"]:
            _weights_table(controls)
        return
    for group, slot in slots.items():
        with slot:
            for control in controls:
                if control.group == group:
                    _slider(control)


def slider_help(control: SourceControl) -> str:
    """What a source's "?" says: its note and its reliability grade, as the case states them
    (empty where the case gives neither). A screen reader reads it as the slider's
    description (`trust_frame`)."""
    return " — ".join(line for line in (control.note, control.reliability) if line)


def _slider(control: SourceControl) -> None:
    kind = f" · {control.kind}" if control.kind else ""
    grade = f" · {control.reliability.split(' (')[0]}" if control.reliability else ""
    help_text = slider_help(control)
    st.slider(
        markdown_text(control.name + kind + grade),
        0,
        100,
        # The value the session holds already; given, it spares Streamlit a look through
        # the whole session state for each slider at every move (a fifth of their time).
        value=control.weight,
        key=link.WEIGHT_PREFIX + control.source_id,
        help=markdown_text(help_text) if help_text else None,
        # Kept while not drawn: the Build a case tab does not draw the sliders.
        persist_state="session",
    )


def _weights_table(controls: Sequence[SourceControl]) -> None:
    search = st.text_input("Find a source", placeholder="name or kind")
    weighted = [c for c in controls if c.group != "silent"]
    table = weights_table(weighted, search)
    editor_key = f"weights-table-{st.session_state.get(WEIGHTS_ROUND, 0)}"
    st.data_editor(
        table,
        key=editor_key,
        hide_index=True,
        disabled=["source", "kind"],
        column_config={
            "weight": st.column_config.NumberColumn("trust", min_value=0, max_value=100, step=1)
        },
        on_change=lambda: session.set_weights(
            keys.edited_weights(st.session_state[editor_key]["edited_rows"], list(table.index))
        ),
    )
