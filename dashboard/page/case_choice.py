"""Which case is on screen: the bundled cases, a link's case (bundled or stored), the
picker and an upload. `shown_case.case_on_screen` decides between them; this module gathers
them from Streamlit (cached loading, the session, the sidebar's widgets)."""

from __future__ import annotations

from dataclasses import replace
from importlib import resources

import streamlit as st

from dashboard.case import UPLOAD_LIMIT_BYTES, Case, CaseError, load_case_bytes, load_case_file
from dashboard.case.file import content_digest
from dashboard.link import CASE, WORK, LinkState, parse_link
from dashboard.page import session, sharing, work_session
from dashboard.page.keys import (
    LINK,
    PAGE_TAB,
    STORED,
    STORED_IDS,
    TEMPLATE_FILES,
    UPLOAD,
    UPLOAD_FILES,
)
from dashboard.page.shown_case import OnScreen, OpenedCase, case_on_screen
from dashboard.page.streamlit_internals import Container
from dashboard.page.tabs import folded

DATA_PACKAGE = "dashboard.data"
"""The bundled cases, their documents and the template: data/ in a checkout, inside the
installed package otherwise (pyproject.toml maps it); importlib.resources finds either,
looked up when used (so a deployment, or a test, can hold other data)."""
TEMPLATE = ("templates", "case-template.yaml")
DEFAULT_CASE = "refusals"
NO_BUNDLED_CASE = (
    "No case is bundled with this deployment. Upload a case file in the sidebar: the "
    "template there shows the format."
)
"""What a deployment without data/*.yaml shows instead of a case (the picker is empty)."""


@st.cache_resource
def bundled_cases() -> tuple[dict[str, Case], tuple[str, ...]]:
    """Every data/*.yaml by file name, the default case first; and one error line per bad file."""
    cases: dict[str, Case] = {}
    errors: list[str] = []
    data = resources.files(DATA_PACKAGE)
    files = [entry.name for entry in data.iterdir() if entry.name.endswith(".yaml")]
    for file in sorted(files, key=lambda name: (name != f"{DEFAULT_CASE}.yaml", name)):
        # A file on disk is opened where it is, so its document is found beside it.
        with resources.as_file(data / file) as path:
            try:
                cases[path.stem] = load_case_file(path)
            except CaseError as error:
                errors.append(str(error))
    return cases, tuple(errors)


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
        return None, name, (f"{name}: {count} problems, each below.", *error.texts)
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


def open_link(cases: dict[str, Case]) -> LinkState:
    """The link the page was opened with, read once per session: a stored case it names is
    fetched and kept, and what it asks for is put into the widgets' keys."""
    if LINK in st.session_state:
        link: LinkState = st.session_state[LINK]
        return link
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    works = params.pop(WORK, [])
    linked = params.get(CASE, [])
    store_message = ""
    known = dict(cases)
    if len(linked) == 1 and sharing.is_stored_link(linked[0]):
        stored, stored_name, store_message = sharing.open_stored(linked[0])
        if stored is not None:
            known[linked[0]] = stored
            st.session_state[STORED] = OpenedCase(linked[0], stored, stored_name)
        else:
            params.pop(CASE)
    link = parse_link(params, known)
    if store_message:
        link = replace(link, warnings=(store_message, *link.warnings))
    work_message = _open_work(works, on_screen=CASE not in params)
    if work_message:
        link = replace(link, warnings=(work_message, *link.warnings))
    st.session_state[LINK] = link
    session.seed_from_link(link, DEFAULT_CASE)
    if STORED in st.session_state:
        st.session_state[CASE] = DEFAULT_CASE
    return link


def _open_work(works: list[str], on_screen: bool) -> str:
    """Reopen the work in progress a link names, in the Build a case view (on screen too when
    the link names no other case); what the reader must be told when it cannot be."""
    if not works:
        return ""
    if len(works) > 1:
        return f"The link gives {WORK} {len(works)} times; it was ignored."
    message = work_session.open_saved(works[0], on_screen)
    if message is None:
        st.session_state[PAGE_TAB] = "Build a case"
    return message or ""


def case_inputs(cases: dict[str, Case]) -> tuple[str | None, tuple[str, ...], Container]:
    """The sidebar's case section: the bundled picker, the uploader and the template. Returns
    the picked case, what is wrong with an upload, and a slot above the picker that names
    the case on screen when it is not the picked one."""
    st.header("Case")
    on_screen_slot = st.empty()
    picked: str | None = st.selectbox(
        "Bundled case",
        list(cases),
        format_func=lambda key: cases[key].title,
        key=CASE,
        on_change=_picked,
    )
    uploads = st.file_uploader(
        "Or upload your own case (YAML, with its document if you have it)",
        type=["yaml", "yml", "txt"],
        accept_multiple_files=True,
        on_change=work_session.leave_screen,
        help="At most 1 MB. The file is checked against the case format; it is kept only "
        "if you choose to share it.",
    )
    # Folded until opened: each download button drawn makes the browser fetch its file.
    templates = folded("Case file template and example", key=TEMPLATE_FILES)
    if templates is not None:
        templates.download_button(
            "Template (YAML)",
            resources.files(DATA_PACKAGE).joinpath(*TEMPLATE).read_bytes(),
            TEMPLATE[-1],
            on_click="ignore",
        )
        if DEFAULT_CASE in cases:
            templates.download_button(
                "Example: the refusal case",
                resources.files(DATA_PACKAGE).joinpath(f"{DEFAULT_CASE}.yaml").read_bytes(),
                f"{DEFAULT_CASE}.yaml",
                on_click="ignore",
            )
    if not uploads:
        st.session_state.pop(UPLOAD, None)
        return picked, (), on_screen_slot
    # The uploader keeps a file added again under the same name beside the old one: the
    # later one replaces it.
    files = tuple({f.name: f.getvalue() for f in uploads}.items())
    upload, upload_name, upload_errors = parsed_upload(files)
    if upload is not None:
        kept = uploaded_files(upload, upload_name, files)
        digest = content_digest(kept.case_bytes, [blob for _, blob in kept.documents])
        st.session_state[UPLOAD] = OpenedCase(f"upload-{digest[:12]}", upload, upload_name)
        st.session_state[UPLOAD_FILES] = kept
    return picked, upload_errors, on_screen_slot


def _picked() -> None:
    """A bundled case was picked: it replaces a stored case, or the work of the editor."""
    st.session_state.pop(STORED, None)
    work_session.leave_screen()


def upload_files() -> sharing.Upload:
    """The files a stored copy of the case on screen keeps: the editor's work while it is on
    screen, else the upload's."""
    edited = work_session.edited_files()
    if work_session.edited_case() is not None and edited is not None:
        return edited
    files: sharing.Upload = st.session_state[UPLOAD_FILES]
    return files


def on_screen(cases: dict[str, Case], picked: str | None) -> OnScreen | None:
    """The case to show, from what the session holds (`shown_case.case_on_screen` decides)."""
    return case_on_screen(
        cases,
        picked,
        upload=work_session.edited_case() or st.session_state.get(UPLOAD),
        stored=st.session_state.get(STORED),
        stored_ids=st.session_state.get(STORED_IDS, {}),
    )


def remember_stored(upload_key: str, stored_id: str) -> None:
    """An upload was stored under `stored_id`: its link carries that id from now on."""
    st.session_state.setdefault(STORED_IDS, {})[upload_key] = stored_id
