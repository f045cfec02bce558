"""The dashboard page, top to bottom: the reader's choices in, the view model out, laid out.

All logic lives below `dashboard/page/` and the pure modules it imports: this script
opens the case, builds the view for the current state, and places each part.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from importlib import resources
from pathlib import Path

import streamlit as st

from dashboard import charts
from dashboard.case import UPLOAD_LIMIT_BYTES, Case, CaseError, load_case_bytes, load_case_file
from dashboard.literal import markdown_text
from dashboard.page import estimate, method, readings, session, sharing, sidebar
from dashboard.page.estimate import SharedView
from dashboard.page.tabs import folded, lazy_tabs
from dashboard.pooling import Method, ReadingMemo
from dashboard.settings import Settings, default_settings
from dashboard.share import address_script, parse_link, share_query, share_url
from dashboard.view import build_view, features

# The bundled cases, their documents and the template: data/ in a checkout, inside the
# installed package otherwise (pyproject.toml maps it); importlib.resources finds either.
# (Comments, not docstrings: Streamlit would draw a bare string in the page script.)
DATA = resources.files("dashboard.data")
TEMPLATE = DATA / "templates" / "case-template.yaml"
DEFAULT_CASE = "refusals"
# What a deployment without data/*.yaml shows instead of a case (the picker is empty).
NO_BUNDLED_CASE = (
    "No case is bundled with this deployment. Upload a case file in the sidebar: the "
    "template there shows the format."
)

st.set_page_config(page_title="Source credibility weighting", page_icon="⚖️", layout="wide")


@st.cache_resource
def bundled_cases() -> tuple[dict[str, Case], tuple[str, ...]]:
    """Every data/*.yaml by file name, the default case first; and one error line per bad file."""
    cases: dict[str, Case] = {}
    errors: list[str] = []
    files = [entry.name for entry in DATA.iterdir() if entry.name.endswith(".yaml")]
    for file in sorted(files, key=lambda name: (name != f"{DEFAULT_CASE}.yaml", name)):
        # A file on disk is opened where it is, so its document is found beside it.
        with resources.as_file(DATA / file) as path:
            try:
                cases[path.stem] = load_case_file(path)
            except CaseError as error:
                errors.append(str(error))
    return cases, tuple(errors)


@st.cache_resource(max_entries=32)
def reading_memo(case_key: str) -> ReadingMemo:
    """Each distinct reading's distribution depends only on the case: shared by all readers."""
    return ReadingMemo()


@st.cache_resource(max_entries=32)
def chart_templates(case_key: str) -> charts.SpecTemplates:
    """Each chart's spec without its rows depends only on the case and the layout: shared."""
    return charts.SpecTemplates()


@st.cache_resource(max_entries=512, show_spinner=False)
def shared_view(
    case_key: str,
    question_id: str,
    chosen_method: Method,
    state: tuple[object, ...],
    sweep_source: str | None,
    _case: Case,
    _case_name: str,
    _settings: Settings,
) -> SharedView:
    """The view of one state, built once for every reader who opens it (a link shared in a
    burst is opened by many readers in the same state); `state` is `_settings.key()`."""
    view = build_view(
        _case,
        _case_name,
        question_id,
        chosen_method,
        _settings,
        default_settings(_case),
        sweep_source=sweep_source,
        memo=reading_memo(case_key),
    )
    return SharedView(view, chart_templates(case_key))


@st.cache_data(max_entries=32, show_spinner=False)
def parsed_upload(
    files: tuple[tuple[str, bytes], ...],
) -> tuple[Case | None, str, tuple[str, ...]]:
    """The uploaded case (the .yaml among the files, the others as its documents), its file
    name, or what is wrong: a first line, then every problem of the file, one a line."""
    yamls = [name for name, _ in files if name.lower().endswith((".yaml", ".yml"))]
    if len(yamls) != 1:
        found = (
            f"{', '.join(yamls[:-1])} and {yamls[-1]} are each a case file; remove the ones "
            "you do not mean (the x beside each name)"
            if yamls
            else f"only {', '.join(name for name, _ in files)} came"
        )
        return None, "", (f"Upload exactly one case file (.yaml or .yml): {found}.",)
    name = yamls[0]
    by_name = dict(files)
    documents = {other: blob for other, blob in files if other != name}
    try:
        case = load_case_bytes(by_name[name], name, documents, max_bytes=UPLOAD_LIMIT_BYTES)
    except CaseError as error:
        if len(error.problems) == 1:
            return None, name, (str(error),)
        count = f"{'at least ' if error.capped else ''}{len(error.problems)}"
        return None, name, (f"{name}: {count} problems, each below.", *error.problems)
    return case, name, ()


def uploaded_files(
    case: Case, case_name: str, files: tuple[tuple[str, bytes], ...]
) -> sharing.Upload:
    """The files a stored copy of an upload keeps: the case file and each document file that
    came with it, in the case's order, under the name it was uploaded as."""
    by_name = dict(files)
    documents = tuple(
        (name, by_name[name])
        for name in (d.uploaded_as or d.file for d in case.all_documents() if d.text is not None)
    )
    return sharing.Upload(case_name, by_name[case_name], documents)


# --- the case, from the link, the picker, an upload or the store ------------------------------

cases, bundled_errors = bundled_cases()
if "link" not in st.session_state:
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    linked = params.get("case", [])
    store_message = ""
    known = dict(cases)
    if len(linked) == 1 and sharing.is_stored_link(linked[0]):
        stored, stored_name, store_message = sharing.open_stored(linked[0])
        if stored is not None:
            known[linked[0]] = stored
            st.session_state.stored_case = (linked[0], stored, stored_name)
        else:
            params.pop("case")
    link = parse_link(params, known)
    if store_message:
        link = replace(link, warnings=(store_message, *link.warnings))
    st.session_state.link = link
    session.seed_from_link(link, DEFAULT_CASE)
    if "stored_case" in st.session_state:
        st.session_state[session.CASE] = DEFAULT_CASE
link = st.session_state.link

with st.sidebar:
    st.header("Case")
    on_screen = st.empty()
    case_id: str | None = st.selectbox(
        "Bundled case",
        list(cases),
        format_func=lambda key: cases[key].title,
        key=session.CASE,
        on_change=lambda: st.session_state.pop("stored_case", None),
    )
    uploads = st.file_uploader(
        "Or upload your own case (YAML, with its document if you have it)",
        type=["yaml", "yml", "txt"],
        accept_multiple_files=True,
        help="At most 1 MB. The file is checked against the case format; it is kept only "
        "if you choose to share it.",
    )
    # Folded until opened: each download button drawn makes the browser fetch its file.
    templates = folded("Case file template and example", key="template_files")
    if templates is not None:
        templates.download_button(
            "Template (YAML)", TEMPLATE.read_bytes(), "case-template.yaml", on_click="ignore"
        )
        if DEFAULT_CASE in cases:
            templates.download_button(
                "Example: the refusal case",
                (DATA / f"{DEFAULT_CASE}.yaml").read_bytes(),
                f"{DEFAULT_CASE}.yaml",
                on_click="ignore",
            )

upload_errors: tuple[str, ...] = ()
if uploads:
    # The uploader keeps a file added again under the same name beside the old one: the
    # later one replaces it.
    files = tuple({f.name: f.getvalue() for f in uploads}.items())
    upload, upload_name, upload_errors = parsed_upload(files)
    if upload is not None:
        digest = hashlib.sha256(b"".join(data for _, data in files)).hexdigest()[:12]
        st.session_state.upload = (f"upload-{digest}", upload, upload_name)
        st.session_state.upload_files = uploaded_files(upload, upload_name, files)
else:
    st.session_state.pop("upload", None)

# Precedence: an upload, then a shared case opened from a link, then the bundled picker.
# `link_case` is the id a link can carry: a bundled or stored case's; none for an upload
# until it is stored.
if "upload" in st.session_state:
    case_key, case, upload_name = st.session_state.upload
    case_name = Path(upload_name).stem or "uploaded-case"
    link_case = st.session_state.get("stored_ids", {}).get(case_key)
elif "stored_case" in st.session_state:
    case_key, case, shared_name = st.session_state.stored_case
    case_name = Path(shared_name).stem or case_key
    link_case = case_key
elif case_id is not None:
    case_key, case, case_name = case_id, cases[case_id], case_id
    link_case = case_id
else:
    st.info(NO_BUNDLED_CASE, icon="📄")
    st.stop()

if link_case != case_id:
    # The bundled picker still names its case: say what is on screen instead.
    origin = "your upload" if "upload" in st.session_state else "a shared case"
    on_screen.caption(markdown_text(f"On screen: {case.title} ({origin})"))

if st.session_state.get("active_case") != case_key:
    first_visit = "active_case" not in st.session_state
    st.session_state.active_case = case_key
    named = first_visit and case_key == (link.case_id or DEFAULT_CASE)
    session.start_case(case, link if named else None)

case_features = features(case)
with st.sidebar:
    question_id = sidebar.question_and_method(case, case_key)
    sidebar.point_of_view(case, case_features)
    if "upload" in st.session_state:
        stored_id = sharing.share_panel(
            st.session_state.upload_files, link_case, st.context.url or ""
        )
        if stored_id is not None and link_case is None:
            st.session_state.setdefault("stored_ids", {})[case_key] = stored_id
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
if "stored_case" in st.session_state and "upload" not in st.session_state:
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
if "upload" in st.session_state and case.missing_files():
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
if "upload" in st.session_state:
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
        case_key,
        question_id,
        chosen_method,
        settings.key(),
        st.session_state.get(session.sweep_key(case_key)),
        case,
        case_name,
        settings,
    )
    return settings, chosen_method, shared


@st.fragment
def reader_view(
    panel: str, slider_slots: sidebar.SliderSlots, slots: estimate.EstimateSlots | None
) -> None:
    """Everything a trust weight moves: the sliders, the address bar and the open panel's
    figures. A slider move reruns only this, and it redraws only what a weight changes;
    the frame around it (drawn on a full run) stays as it is."""
    settings, chosen_method, shared = shared_view_now()
    view = shared.view
    sidebar.sliders(slider_slots, view.controls)

    # The address bar holds the view as ids (spec section 7), replaced in place; an
    # unstored upload has none.
    query = (
        share_query(link_case, question_id, chosen_method, case, settings)
        if link_case is not None
        else {}
    )
    st.html(address_script(query), unsafe_allow_javascript=True)
    link_url = share_url(st.context.url or "", query) if link_case is not None else None

    # The link's warnings stand until the reader's first change.
    state_now = (settings.key(), question_id, chosen_method)
    if st.session_state.setdefault(session.LINK_STATE, state_now) == state_now and link.warnings:
        with link_warnings.container():
            for message in link.warnings:
                st.warning(markdown_text(message), icon="🔗")
    else:
        link_warnings.empty()

    if slots is not None:
        estimate.live(case, shared, link_url, slots, session.sweep_key(case_key))
    elif panel == "Readings":
        readings.readings_tab(case, view)
    else:
        method.method_tab(view)


frame_view = shared_view_now()[2].view
with st.sidebar:
    slider_slots = sidebar.trust_frame(case, frame_view.controls, case_features)


def estimate_panel() -> None:
    top, slots = estimate.page_frame(frame_view)
    with top:
        reader_view("Estimate", slider_slots, slots)


lazy_tabs(
    {
        "Estimate": estimate_panel,
        "Readings": lambda: reader_view("Readings", slider_slots, None),
        "How it works": lambda: reader_view("How it works", slider_slots, None),
    },
    key="page_tab",
)
