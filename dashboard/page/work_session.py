"""The work in progress in the session: its undo history, its check, the case it puts on
screen while valid, and its private copy in the case store, saved at every change and
opened again from a link's `work=` (docs/workbench.md)."""

from __future__ import annotations

import streamlit as st

from dashboard.case.file import content_digest
from dashboard.case.model import cut
from dashboard.draft import PROPOSED
from dashboard.page.keys import (
    CHECKED,
    EDITED,
    EDITED_FILES,
    HISTORY,
    NOTICE,
    SAVE_PROBLEM,
    WORK_ID,
)
from dashboard.page.sharing import Upload, case_store
from dashboard.page.shown_case import OpenedCase
from dashboard.store import StoreDisabled, StoreError, is_work_id, new_work_id
from dashboard.workbench.history import History
from dashboard.workbench.saved import WorkError, work_bytes, work_from_bytes
from dashboard.workbench.tables import (
    Workbench,
)

DRAFT_TITLE = "Draft from "
"""How the draft titles a case; a work is given a title of its own before it is stored."""


def current_work() -> Workbench | None:
    """The work open in the workbench, or None."""
    history: History | None = st.session_state.get(HISTORY)
    return None if history is None else history.now.work


def open_work_id() -> str | None:
    """The id the open work is saved under, which the address bar carries; None without one."""
    work_id: str | None = st.session_state.get(WORK_ID)
    return work_id if current_work() is not None else None


def edited_case() -> OpenedCase | None:
    """The work's last valid version while it is the case on screen, else None."""
    opened: OpenedCase | None = st.session_state.get(EDITED)
    return opened


def edited_files() -> Upload | None:
    """The files a stored copy of the work keeps: its case file and its documents."""
    files: Upload | None = st.session_state.get(EDITED_FILES)
    return files


def leave_screen() -> None:
    """Another case was picked or uploaded: it goes on screen; the work stays in its tab."""
    st.session_state.pop(EDITED, None)


def store_refusal() -> str | None:
    """Why the work on screen may not be stored yet: a draft keeps the draft's title or
    description until its author gives one of their own. None when it may be."""
    bench = current_work()
    if edited_case() is None or bench is None:
        return None
    if bench.title.startswith(DRAFT_TITLE) or bench.description.startswith(PROPOSED.strip()):
        return (
            "Before storing, give the work a title and description of your own in Build a "
            "case: the draft's are placeholders, and readers would see them."
        )
    return None


def record(bench: Workbench | None, action: str, notice: tuple[str, str] | None = None) -> None:
    """An action changed the work: it becomes a step that Undo takes back, is checked, shown
    when valid, and saved in the store."""
    history: History = st.session_state.get(HISTORY) or History()
    st.session_state[HISTORY] = history.did(bench, action)
    show(notice)


def show(notice: tuple[str, str] | None = None) -> None:
    """Check the history's work, put a valid one on screen, and save it in the store."""
    bench = current_work()
    if notice is not None:
        st.session_state[NOTICE] = notice
    if bench is None:
        for key in (CHECKED, EDITED, EDITED_FILES):
            st.session_state.pop(key, None)
        _forget_saved()
        return
    _save(bench)
    checked = bench.check()
    st.session_state[CHECKED] = checked
    if checked.case is None:
        return
    data = bench.case_file_bytes()
    documents = tuple(
        (name, bench.texts[name].encode("utf-8"))
        for name in (d.uploaded_as or d.file for d in checked.case.all_documents() if d.text)
        if name in bench.texts
    )
    digest = content_digest(data, [blob for _, blob in documents])
    st.session_state[EDITED] = OpenedCase(f"edit-{digest[:12]}", checked.case, bench.file_name)
    st.session_state[EDITED_FILES] = Upload(bench.file_name, data, documents)


def _save(bench: Workbench) -> None:
    """Keep the work in the case store under its private id (made at its first save). A
    store that is off, full or down is said once beside the work, which stays on the page."""
    store = case_store()
    if isinstance(store, StoreDisabled):
        st.session_state[SAVE_PROBLEM] = (
            "This server keeps no works in progress: download the case file to keep yours."
        )
        return
    work_id = st.session_state.get(WORK_ID) or new_work_id()
    try:
        if isinstance(store, StoreError):
            raise store
        store.save_work(work_id, work_bytes(bench))
    except StoreError as error:
        st.session_state[SAVE_PROBLEM] = str(error)
        return
    st.session_state[WORK_ID] = work_id
    st.session_state.pop(SAVE_PROBLEM, None)


def _forget_saved() -> None:
    """The work was closed: its saved copy goes (Undo saves it again, under the same id)."""
    store = case_store()
    work_id = st.session_state.get(WORK_ID)
    if work_id is None or isinstance(store, StoreError):
        return
    try:
        store.delete_work(work_id)
    except StoreError as error:
        st.session_state[SAVE_PROBLEM] = str(error)


def open_saved(work_id: str, on_screen: bool) -> str | None:
    """Open the work a link names, from the store, in the workbench (and on screen when
    valid and `on_screen`); returns what the reader must be told when it cannot be."""
    if not is_work_id(work_id):
        return f"The link names a work {cut(work_id)!r} that cannot exist; it was ignored."
    store = case_store()
    if isinstance(store, StoreError):
        return (
            f"This server keeps no works in progress, so the link's work cannot be opened. {store}"
        )
    try:
        saved = store.open_work(work_id)
        bench = None if saved is None else work_from_bytes(saved)
    except (StoreError, WorkError) as error:
        return f"The link's work could not be opened: {error}"
    if bench is None:
        return (
            "The work in this link is no longer kept on this server: it was closed, or not "
            "changed for a long time. The bundled case is shown instead."
        )
    st.session_state[WORK_ID] = work_id
    st.session_state[HISTORY] = History().did(bench, "open the work")
    show()
    if not on_screen:
        leave_screen()
    return None


def start(bench: Workbench, action: str, notice: tuple[str, str]) -> None:
    """A new work replaces the open one, if any: Undo brings that one back, and the notice
    says so."""
    if current_work() is not None:
        kind, text = notice
        notice = (kind, f"{text} The work open before is replaced: Undo brings it back.")
    record(bench, action, notice)


def close() -> None:
    record(
        None,
        "close the work",
        ("success", "The work is closed and no longer kept on this server. Undo reopens it."),
    )


def undo() -> None:
    history: History = st.session_state[HISTORY]
    st.session_state[HISTORY] = history.undone()
    show(("success", f"Undone: {history.undo_action}."))


def redo() -> None:
    history: History = st.session_state[HISTORY]
    st.session_state[HISTORY] = history.redone()
    show(("success", f"Done again: {history.redo_action}."))
