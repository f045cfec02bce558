"""The dashboard page, top to bottom: the reader's choices in, the view model out, laid out.

All logic lives below `dashboard/page/` and the pure modules it imports: this script
opens the case, builds the view for the current state, and places each part.
"""

from __future__ import annotations

import streamlit as st

from dashboard.engine.pooling import Method
from dashboard.engine.settings import Settings
from dashboard.link import WORK, address_script, share_query, share_url
from dashboard.page import (
    case_choice,
    estimate,
    method,
    readings_view,
    session,
    sharing,
    sidebar,
    work_session,
    workbench_view,
)
from dashboard.page.keys import ACTIVE_CASE, LINK_STATE, PAGE_TAB, sweep_key
from dashboard.page.literal import markdown_text
from dashboard.page.shared_views import SharedView, ViewState, shared_view
from dashboard.page.tabs import lazy_tabs
from dashboard.view.model import features

st.set_page_config(page_title="Source credibility weighting", page_icon="⚖️", layout="wide")


# --- the case, from the link, the picker, an upload or the store ------------------------------

cases, bundled_errors = case_choice.bundled_cases()
link = case_choice.open_link(cases)
with st.sidebar:
    sidebar.skip_link()
    compact_slot = sidebar.compact_estimate_slot()
    picked, upload_errors, on_screen_slot = case_choice.case_inputs(cases)
screen = case_choice.on_screen(cases, picked)
if screen is None:
    st.info(case_choice.NO_BUNDLED_CASE, icon="📄")
    st.stop()
case_key, case, case_name, link_case = screen.key, screen.case, screen.name, screen.link_id
if screen.origin != "bundled":
    # The bundled picker still names its case: say what is on screen instead.
    origin = "your upload" if screen.origin == "upload" else "a shared case"
    if work_session.edited_case() is not None and screen.origin == "upload":
        origin = "your work in Build a case"
    on_screen_slot.caption(markdown_text(f"On screen: {case.title} ({origin})"))

if st.session_state.get(ACTIVE_CASE) != case_key:
    first_visit = ACTIVE_CASE not in st.session_state
    st.session_state[ACTIVE_CASE] = case_key
    named = first_visit and case_key == (link.case_id or case_choice.DEFAULT_CASE)
    session.start_case(case, link if named else None)

case_features = features(case)
with st.sidebar:
    question_id = sidebar.question_and_method(case, case_key)
    sidebar.point_of_view(case, case_features)
    if screen.origin == "upload":
        stored_id = sharing.share_panel(
            case_choice.upload_files(),
            link_case,
            st.context.url or "",
            work_session.store_refusal(),
        )
        if stored_id is not None and link_case is None:
            case_choice.remember_stored(case_key, stored_id)
            st.rerun()  # the panel then confirms it, with the link to copy

# --- the page --------------------------------------------------------------------------------

st.title(markdown_text(case.title))
if case.description:
    st.caption(markdown_text(case.description))
estimate.first_steps()
link_warnings = st.empty()
for message in bundled_errors:
    st.error(markdown_text(message))
if upload_errors:
    first, *problems = map(markdown_text, upload_errors)
    listed = "".join(f"\n- {problem}" for problem in problems)
    st.error(f"{first} — the previous case and weights are kept.\n{listed}", icon="📄")
if screen.origin == "stored":
    st.info(
        markdown_text(
            f"A shared case ({case_key}), stored on this server by a reader: its quotes "
            + (
                "were checked against its document."
                if case.quotes_checked
                else "could not be checked, since it was shared without its document."
            )
        ),
        icon="🔗",
    )
if screen.origin == "upload" and case.missing_files():
    missing = ", ".join(f"'{name}'" for name in case.missing_files())
    st.info(
        markdown_text(
            f"The quotes of this case could not be checked: it names its document {missing}. "
            "Upload that file along with the case to check them."
            if len(case.missing_files()) == 1
            else f"The quotes from the documents {missing} could not be checked. Upload those "
            "files along with the case to check them."
        ),
        icon="ℹ️",
    )
if screen.origin == "upload":
    for document in case.all_documents():
        if document.uploaded_as:
            st.info(
                markdown_text(
                    f"'{document.uploaded_as}', the one file uploaded with the case, is read as "
                    f"its document '{document.file}': its quotes were checked against it."
                ),
                icon="ℹ️",
            )


def shared_view_now() -> tuple[Settings, Method, SharedView]:
    """The reader's settings and method, and the shared view of that state."""
    settings = session.current_settings(case)
    chosen_method = session.current_method()
    shared = shared_view(
        ViewState(
            case_key,
            question_id,
            chosen_method,
            settings.key(),
            st.session_state.get(sweep_key(case_key)),
            case,
            case_name,
            settings,
        )
    )
    return settings, chosen_method, shared


def view_query(settings: Settings, chosen_method: Method) -> dict[str, str]:
    """The view as a link's ids (spec section 7); none for an unstored upload."""
    if link_case is None:
        return {}
    return share_query(link_case, question_id, chosen_method, case, settings)


def address_query(query: dict[str, str]) -> dict[str, str]:
    """What the address bar holds, replaced in place: the view's link, and the author's own
    work in progress (private: the link shared under the estimate never carries it)."""
    work_id = work_session.open_work_id()
    return {**query, WORK: work_id} if work_id else query


def build_panel() -> None:
    """The workbench, with the trust sliders in the sidebar's slots (the reader's fragment,
    which draws them elsewhere, does not run here) and the address bar kept up to date as
    the work opens and closes."""
    sidebar.sliders(slider_slots, frame_view.controls)
    sidebar.compact_estimate(compact_slot, frame_view.headline)
    workbench_view.workbench_tab(case, case_name)
    settings = session.current_settings(case)
    query = view_query(settings, session.current_method())
    st.html(address_script(address_query(query)), unsafe_allow_javascript=True)


@st.fragment
def reader_view(
    panel: str, slider_slots: sidebar.SliderSlots, slots: estimate.EstimateSlots | None
) -> None:
    """Everything a trust weight moves: the sliders, the sidebar's compact estimate, the
    address bar and the open panel's figures. A slider move reruns only this, and it
    redraws only what a weight changes; the frame around it (drawn on a full run) stays as
    it is."""
    settings, chosen_method, shared = shared_view_now()
    view = shared.view
    sidebar.sliders(slider_slots, view.controls)
    sidebar.compact_estimate(compact_slot, view.headline)

    query = view_query(settings, chosen_method)
    st.html(address_script(address_query(query)), unsafe_allow_javascript=True)
    link_url = share_url(st.context.url or "", query) if link_case is not None else None

    # The link's warnings stand until the reader's first change; a run of this fragment
    # that does not draw them again takes them away.
    state_now = (settings.key(), question_id, chosen_method)
    if st.session_state.setdefault(LINK_STATE, state_now) == state_now and link.warnings:
        with link_warnings.container():
            for message in link.warnings:
                st.warning(markdown_text(message), icon="🔗")

    if slots is not None:
        estimate.live(case, shared, link_url, slots)
    elif panel == "Readings":
        readings_view.readings_tab(case, view)
    else:
        method.method_tab(view)


frame_view = shared_view_now()[2].view
with st.sidebar:
    slider_slots = sidebar.trust_frame(case, frame_view.controls, case_features)


def estimate_panel() -> None:
    top, slots = estimate.page_frame(frame_view, sweep_key(case_key))
    with top:
        reader_view("Estimate", slider_slots, slots)


lazy_tabs(
    {
        "Estimate": estimate_panel,
        "Readings": lambda: reader_view("Readings", slider_slots, None),
        "How it works": lambda: reader_view("How it works", slider_slots, None),
        "Build a case": build_panel,
    },
    key=PAGE_TAB,
    label="View",
    heading=True,
)
