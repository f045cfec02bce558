"""The case workbench on the page: start from a document, or edit a copy of any case.

The work lives in the session as a `dashboard.workbench.tables.Workbench`. Every table is an
`st.data_editor`; each change is folded into the work by the table's callback, before the
script runs, and checked at once. A valid work is the case on screen, exactly as an
upload is (its case file and its documents), so the estimate, charts, cards, CSV and the
store all work on it; an invalid one keeps the last valid version on screen, its problems
listed beside their tables. The work can be downloaded at any time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.case import (
    CREDIBILITY_GRADES,
    RELIABILITY_GRADES,
    SCALES,
    UPLOAD_LIMIT_BYTES,
    Case,
    CaseError,
    load_case_bytes,
)
from dashboard.case.file import content_digest
from dashboard.draft import PROPOSED, DraftError, document_file_name, draft_case, read_document
from dashboard.page.keys import (
    CHECKED,
    DOCUMENT_FILE,
    EDITED,
    EDITED_FILES,
    EDITOR,
    HISTORY,
    NOTICE,
    PASTE,
    SAVE_PROBLEM,
    WORK_ID,
)
from dashboard.page.literal import markdown_text
from dashboard.page.sharing import Upload, case_store
from dashboard.page.shown_case import OpenedCase
from dashboard.store import StoreDisabled, StoreError, is_work_id, new_work_id
from dashboard.workbench.cells import COLUMNS, TABLES
from dashboard.workbench.check import Check
from dashboard.workbench.history import History
from dashboard.workbench.renames import renames, with_references_renamed
from dashboard.workbench.saved import WorkError, work_bytes, work_from_bytes
from dashboard.workbench.tables import (
    Workbench,
    draft_file_name,
    edited_table,
    is_proposed,
    judged_edits,
    keep_accepted,
    moved_rows,
    workbench_from_case,
)

WORK = "work"
"""The link parameter that names a work in progress: its private id (docs/contract.md)."""
LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "uk": "Ukrainian"}
"""The languages the draft tells apart (`dashboard.draft.language`), as the page names them."""
DRAFT_TITLE = "Draft from "
"""How the draft titles a case; a work is given a title of its own before it is stored."""
ORDER, ACCEPT, CHECK_COLUMN, REMOVE = "#", "accepted", "check", "remove"
"""Columns the page adds: the claim's place (type another to move it), whether a proposal
is accepted, what is wrong with the row, and a tick that removes it."""

TITLES = {
    "documents": "Documents",
    "questions": "Questions",
    "codebook": "Codebooks: what each label of a question reads as",
    "sources": "Sources",
    "claims": "Claims",
    "scenarios": "Scenarios",
}
READING_HELP = (
    "range:A:B (a 90% interval), at_least:A, at_most:B with plain numbers, or label:NAME "
    "for a label of the question's codebook"
)
HELP: dict[str, dict[str, str]] = {
    "documents": {
        "id": "Leave empty for a case with one document; give each an id to list several.",
        "file": "The document's file name: its text comes with the work.",
        "language": "The text's language, e.g. en or ru.",
    },
    "questions": {
        "scale": "linear, or log (then min > 0)",
        "threshold": "Optional: the figure the question's answer is measured against, between "
        "min and max (spec section 13).",
        "bounds_rationale": "Why min and max: the bounds are a judgment (spec section 12).",
    },
    "codebook": {
        "question": "The id of the question whose label this is.",
        "reading": "range:A:B, at_least:A or at_most:B",
    },
    "sources": {
        "weight": "Default trust, a whole number 0..100.",
        "relays": "Ids of the sources that relayed it to us, separated by commas.",
        "grade": "Admiralty source grade, A..F.",
    },
    "claims": {
        ORDER: "The claim's place: type another number to move it (2.5 goes between 2 and 3).",
        ACCEPT: "Tick to accept a proposal of the draft: its rationale then says so.",
        "reading": READING_HELP,
        "translation": "Optional: the case's translation of a quote in another language.",
        "document": "In a case with several documents, the id of the quote's document.",
        "credibility": "Admiralty information grade, 1..6.",
        "evidence": "Claims resting on one piece of evidence share this id.",
    },
    "scenarios": {
        "weights": "source:weight, separated by commas, e.g. cit:80, volkov:10",
        "readings": "question.label=range:A:B, separated by commas",
    },
}
NUMBERS = {"min", "max", "weight", "threshold"}
CHOICES: dict[str, list[str]] = {
    "scale": list(SCALES),
    "grade": list(RELIABILITY_GRADES),
    "credibility": [str(n) for n in CREDIBILITY_GRADES],
}
WIDE = {
    "quote",
    "translation",
    "rationale",
    "bounds_rationale",
    "text",
    "note",
    "name",
    "readings",
    "weights",
}


# --- the case on screen ----------------------------------------------------------------------


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


def _record(bench: Workbench | None, action: str, notice: tuple[str, str] | None = None) -> None:
    """An action changed the work: it becomes a step that Undo takes back, is checked, shown
    when valid, and saved in the store."""
    history: History = st.session_state.get(HISTORY) or History()
    st.session_state[HISTORY] = history.did(bench, action)
    _show(notice)


def _show(notice: tuple[str, str] | None = None) -> None:
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
        return f"The link names a work '{work_id[:40]}' that cannot exist; it was ignored."
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
    _show()
    if not on_screen:
        leave_screen()
    return None


def _start(bench: Workbench, action: str, notice: tuple[str, str]) -> None:
    """A new work replaces the open one, if any: Undo brings that one back, and the notice
    says so."""
    if current_work() is not None:
        kind, text = notice
        notice = (kind, f"{text} The work open before is replaced: Undo brings it back.")
    _record(bench, action, notice)


# --- starting: a draft, or a copy ----------------------------------------------------------


def _draft_from_document() -> None:
    """The form's "Draft a case": the uploaded text, else the pasted one (spec section 11)."""
    uploaded = st.session_state.get(DOCUMENT_FILE)
    try:
        if uploaded is not None:
            name = document_file_name(uploaded.name)
            text = read_document(uploaded.getvalue(), name)
        else:
            name = "pasted-text.txt"
            text = st.session_state.get(PASTE) or ""
            size = len(text.encode("utf-8", "surrogatepass"))
            if size > UPLOAD_LIMIT_BYTES:
                raise DraftError(
                    f"The pasted text is {size:,} bytes, over the limit of "
                    f"{UPLOAD_LIMIT_BYTES:,} bytes (1 MB): paste a part of it"
                )
        draft = draft_case(text, name)
        case = load_case_bytes(draft.case_yaml, draft_file_name(name), {name: text.encode()})
    except (DraftError, CaseError) as error:
        st.session_state[NOTICE] = ("error", str(error))
        return
    labels = f", {draft.labels} vague phrase(s) to read" if draft.labels else ""
    relays = f", {draft.relays} relay(s)" if draft.relays else ""
    language = LANGUAGE_NAMES.get(draft.language, draft.language)
    _start(
        workbench_from_case(case, draft_file_name(draft.document_file)),
        f"draft from '{name}'",
        (
            "success",
            f"Drafted from '{name}', read as {language}: {draft.claims} claims on "
            f"{draft.questions} questions from {draft.sources} sources{relays}{labels}. Every "
            "one is proposed, not judged: its rationale says so. Tick the claims you accept, "
            "judge their readings, then keep only the accepted ones.",
        ),
    )


def _edit_copy(case: Case, file_name: str) -> None:
    _start(
        workbench_from_case(case, file_name),
        f"open a copy of '{case.title}'",
        ("success", f"A copy of '{case.title}' is open below: every change is checked at once."),
    )


def start_panel(case: Case, case_name: str) -> None:
    """The two ways in: a document's text to draft from, or a copy of the case on screen."""
    left, right = st.columns(2, gap="large")
    with left, st.form(f"{EDITOR}draft", border=True):
        st.markdown("**Start from a document**")
        st.caption("English or Russian: the draft reads figures, speakers and relays in both.")
        # No `max_chars`: the box would cut a longer paste without a word; the draft says
        # the size of a text over the limit instead.
        st.text_area(
            "Paste a text",
            key=PASTE,
            height=120,
            placeholder="A news article, a report: plain text, at most 1 MB.",
        )
        st.file_uploader("Or upload it (.txt, at most 1 MB)", type=["txt"], key=DOCUMENT_FILE)
        st.form_submit_button("Draft a case", on_click=_draft_from_document)
    with right:
        st.markdown("**Edit a copy**")
        st.caption(
            markdown_text(
                f"Open every part of '{case.title}' as editable rows. The case itself is "
                "left as it is; the copy is yours."
            )
        )
        st.button(
            "Edit a copy of this case",
            key=f"{EDITOR}edit_copy",
            on_click=_edit_copy,
            args=(case, f"{case_name}.yaml"),
        )


# --- the tables ------------------------------------------------------------------------------


def _fold(table: str) -> None:
    """A table's editor changed: its changes go into the work, which is checked at once. An
    id renamed is renamed wherever the work refers to it, and the notice says where."""
    bench = current_work()
    if bench is None:
        return
    changes: Mapping[str, Any] = st.session_state[EDITOR + table]
    shown = _shown_rows(bench, table)
    edits = {int(i): dict(cells) for i, cells in (changes.get("edited_rows") or {}).items()}
    if table == "claims":
        edits = judged_edits(shown, edits, ACCEPT, ORDER)
    rows = edited_table(shown, {**changes, "edited_rows": edits})
    removed = [row for row in rows if row.get(REMOVE)]
    rows = [row for row in rows if not row.get(REMOVE)]
    if table == "claims":
        rows = moved_rows(rows, [row.get(ORDER) for row in rows])
    renamed, sentences = with_references_renamed(
        bench.with_rows(table, rows), table, renames(table, shown, edits)
    )
    name = TITLES[table].split(":")[0].lower()
    if removed:
        action = f"remove {len(removed)} row(s) of {name}"
        sentences = (*sentences, f"Removed {len(removed)} row(s) of {name}: Undo brings them back.")
    else:
        action = f"edit {name}"
    _record(renamed, action, ("success", " ".join(sentences)) if sentences else None)


def _add_row(table: str) -> None:
    """An empty row at the end of a table (the grid's rows are fixed: see `table_section`)."""
    bench = current_work()
    if bench is not None:
        name = TITLES[table].split(":")[0].lower()
        _record(bench.with_rows(table, [*bench.rows(table), {}]), f"add a row to {name}")


def _shown_rows(bench: Workbench, table: str) -> list[dict[str, Any]]:
    """The rows as the table shows them, with the columns the page adds."""
    rows: list[dict[str, Any]] = []
    for index, row in enumerate(bench.rows(table)):
        shown: dict[str, Any] = dict(row)
        if table == "claims":
            shown[ORDER] = index + 1
            shown[ACCEPT] = not is_proposed(row)
        shown[REMOVE] = False
        rows.append(shown)
    return rows


def _frame(bench: Workbench, table: str, checked: Check) -> pd.DataFrame:
    marks: dict[int, list[str]] = {}
    for problem in checked.problems_of(table):
        if problem.row is not None:
            marks.setdefault(problem.row, []).append(problem.column or "row")
    columns = [*_extra(table), *COLUMNS[table], REMOVE]
    frame = pd.DataFrame(_shown_rows(bench, table), columns=columns)
    frame.insert(
        0,
        CHECK_COLUMN,
        ["✗ " + ", ".join(dict.fromkeys(marks[i])) if i in marks else "✓" for i in frame.index],
    )
    for column in frame.columns:
        if column in NUMBERS or column == ORDER:
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
        elif column in (ACCEPT, REMOVE):
            frame[column] = frame[column].astype("boolean")
        elif column != CHECK_COLUMN:
            # A row added in the table has no value in its cells: pandas holds NaN there.
            texts = [None if pd.isna(v) or v == "" else str(v) for v in frame[column]]
            frame[column] = pd.array(texts, dtype="string")
    return frame


def _extra(table: str) -> tuple[str, ...]:
    return (ORDER, ACCEPT) if table == "claims" else ()


def _column_config(table: str) -> dict[str, Any]:
    config: dict[str, Any] = {
        CHECK_COLUMN: st.column_config.TextColumn(
            "check", disabled=True, help="What is wrong with the row, by column (✓: nothing)."
        )
    }
    helps = HELP.get(table, {})
    for column in (*_extra(table), *COLUMNS[table]):
        help_text = helps.get(column)
        if column == ORDER:
            config[column] = st.column_config.NumberColumn(
                column, help=help_text, step=0.5, format="%g"
            )
        elif column == ACCEPT:
            config[column] = st.column_config.CheckboxColumn(column, help=help_text)
        elif column in NUMBERS:
            # No min or max: the grid would clamp a weight of 150 to 100 without a word; the
            # check names the range beside the row and keeps what was typed.
            config[column] = st.column_config.NumberColumn(column, help=help_text)
        elif column in CHOICES:
            config[column] = st.column_config.SelectboxColumn(
                column, help=help_text, options=CHOICES[column]
            )
        else:
            config[column] = st.column_config.TextColumn(
                column, help=help_text, width="large" if column in WIDE else "medium"
            )
    config[REMOVE] = st.column_config.CheckboxColumn(
        REMOVE, help="Tick to remove the row: Undo brings it back."
    )
    return config


def _use_passage(row: int, passage: str) -> None:
    bench = current_work()
    if bench is not None:
        _record(
            bench.with_cell("claims", row, "quote", passage), f"use the passage in row {row + 1}"
        )


def _keep_accepted() -> None:
    bench = current_work()
    if bench is None:
        return
    kept = keep_accepted(bench)
    if not kept.rows("claims"):
        st.session_state[NOTICE] = (
            "error",
            "No claim is accepted yet, so nothing was removed: tick the claims you accept "
            "(or edit them) first.",
        )
        return
    removed = len(bench.rows("claims")) - len(kept.rows("claims"))
    _record(
        kept,
        "keep only the accepted claims",
        (
            "success",
            f"Only the {len(kept.rows('claims'))} accepted claim(s) are kept, with the questions "
            f"and sources they use; {removed} proposed claim(s) were removed. Undo brings them "
            "back.",
        ),
    )


def _set_text(field: str) -> None:
    bench = current_work()
    if bench is None:
        return
    value = str(st.session_state.get(f"{EDITOR}{field}") or "")
    changed = replace(bench, title=value) if field == "title" else replace(bench, description=value)
    _record(changed, f"edit the {field}")


def _close() -> None:
    _record(
        None,
        "close the work",
        ("success", "The work is closed and no longer kept on this server. Undo reopens it."),
    )


def _undo() -> None:
    history: History = st.session_state[HISTORY]
    st.session_state[HISTORY] = history.undone()
    _show(("success", f"Undone: {history.undo_action}."))


def _redo() -> None:
    history: History = st.session_state[HISTORY]
    st.session_state[HISTORY] = history.redone()
    _show(("success", f"Done again: {history.redo_action}."))


def undo_buttons() -> None:
    """Undo and Redo, each naming the step it takes back or does again."""
    history: History | None = st.session_state.get(HISTORY)
    if history is None:
        return
    for column, word, action, key, press in zip(
        st.columns(2),
        ("Undo", "Redo"),
        (history.undo_action, history.redo_action),
        (f"{EDITOR}undo", f"{EDITOR}redo"),
        (_undo, _redo),
        strict=True,
    ):
        column.button(
            markdown_text(f"{word}: {action}" if action else word),
            key=key,
            on_click=press,
            disabled=action is None,
            width="stretch",
        )


def table_section(bench: Workbench, table: str, checked: Check) -> None:
    """One part of the case as an editable table, its problems listed beside it."""
    rows = len([r for r in bench.rows(table) if any(v not in (None, "") for v in r.values())])
    st.markdown(f"**{TITLES[table]}** ({rows})")
    frame = _frame(bench, table, checked)
    # Rows fixed, added with the button below and removed with a tick: a grid that may add
    # or delete rows itself scrolls back to its left edge and drops the keyboard's focus at
    # every commit once its data changes (scripts/data_editor_scroll.py shows it;
    # streamlit/streamlit#10181). A fixed one keeps both.
    st.data_editor(
        frame,
        key=EDITOR + table,
        num_rows="fixed",
        # An empty cell shows empty (Streamlit writes "None" in grey by default).
        placeholder="",
        alt=TITLES[table],
        hide_index=True,
        column_config=_column_config(table),
        on_change=_fold,
        args=(table,),
    )
    st.button(
        f"Add a row to {TITLES[table].split(':')[0].lower()}",
        key=f"{EDITOR}add_{table}",
        on_click=_add_row,
        args=(table,),
        icon=":material/add:",
    )
    problems = checked.problems_of(table)
    if problems:
        listed = "".join(f"\n- {markdown_text(problem.line())}" for problem in problems)
        st.error(f"Fix {'this' if len(problems) == 1 else 'these'} to apply the work:{listed}")
    if table == "claims":
        for row, suggestion in checked.suggestions.items():
            st.warning(
                markdown_text(
                    f"Row {row + 1}: the document has “{suggestion.passage}” ({suggestion.reason})."
                ),
                icon=":material/search:",
            )
            st.button(
                "Use this passage",
                key=f"{EDITOR}fix_{row}",
                on_click=_use_passage,
                args=(row, suggestion.passage),
            )


def workbench_tab(case: Case, case_name: str) -> None:
    """The tab: the two ways in, then the work as tables, with its status and download."""
    st.subheader("Build a case on the page")
    st.caption(
        "Draft a case from a document's text, or edit a copy of the case on screen. Every "
        "change is checked at once; a valid work is the case the other tabs show."
    )
    start_panel(case, case_name)
    notice = st.session_state.pop(NOTICE, None)
    if notice is not None:
        kind, text = notice
        (st.success if kind == "success" else st.error)(markdown_text(text))
    undo_buttons()
    bench = current_work()
    if bench is None:
        return
    save_problem = st.session_state.get(SAVE_PROBLEM)
    if save_problem:
        st.warning(markdown_text(save_problem), icon="🗄️")
    else:
        st.caption(
            "Every change is kept on this server as a private work: this page's address "
            "reopens it after a reload or a restart. Nobody else can find it."
        )
    checked: Check = st.session_state.get(CHECKED) or bench.check()
    st.divider()
    status, download, close = st.columns([3, 1, 1], vertical_alignment="center")
    if checked.case is not None:
        shown = edited_case() is not None
        status.success(
            "The work is valid"
            + (
                " and on screen: the estimate, charts, quotes, CSV and sharing are of it."
                if shown
                else ". Another case is on screen: apply the work to show it."
            ),
            icon=":material/check_circle:",
        )
        if not shown:
            status.button("Show the work on the page", on_click=_show)
    else:
        count = f"{'at least ' if checked.capped else ''}{len(checked.problems)}"
        status.warning(
            f"{count} problem(s), listed beside their tables. Your edits are kept here; the "
            "page shows the last valid version until they are fixed.",
            icon=":material/edit:",
        )
    download.download_button(
        "Download case file",
        bench.case_file_bytes(),
        bench.file_name,
        mime="application/x-yaml",
        key=f"{EDITOR}download",
        on_click="ignore",
    )
    close.button("Close the work", key=f"{EDITOR}close", on_click=_close)
    for name, text in bench.texts.items():
        st.download_button(
            markdown_text(f"Download its document '{name}'"),
            text.encode("utf-8"),
            name,
            mime="text/plain",
            key=f"{EDITOR}document_{name}",
            on_click="ignore",
        )
    # The fields show the work (their own state is dropped while the tab is closed).
    st.session_state[f"{EDITOR}title"] = bench.title
    st.session_state[f"{EDITOR}description"] = bench.description
    st.text_input("Title", key=f"{EDITOR}title", on_change=_set_text, args=("title",))
    st.text_area(
        "Description", key=f"{EDITOR}description", on_change=_set_text, args=("description",)
    )
    case_problems = checked.problems_of("case")
    if case_problems:
        st.error("".join(f"\n- {markdown_text(p.line())}" for p in case_problems))
    for table in TABLES:
        if table == "claims" and any(is_proposed(r) for r in bench.rows("claims")):
            st.button(
                "Keep only the accepted claims",
                key=f"{EDITOR}keep_accepted",
                on_click=_keep_accepted,
                help="Removes every claim still proposed, and the questions and sources that "
                "no accepted claim uses.",
            )
        table_section(bench, table, checked)
