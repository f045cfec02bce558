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

import streamlit as st

from dashboard.case import (
    UPLOAD_LIMIT_BYTES,
    Case,
    CaseError,
    load_case_bytes,
)
from dashboard.draft import DraftError, document_file_name, draft_case, read_document
from dashboard.page import work_session
from dashboard.page.keys import (
    CHECKED,
    DOCUMENT_FILE,
    EDITOR,
    HISTORY,
    NOTICE,
    PASTE,
    SAVE_PROBLEM,
)
from dashboard.page.literal import markdown_text
from dashboard.page.workbench_grids import (
    ACCEPT,
    ORDER,
    REMOVE,
    TITLES,
    column_config,
    grid_frame,
    shown_rows,
)
from dashboard.workbench.cells import TABLES
from dashboard.workbench.check import Check
from dashboard.workbench.history import History
from dashboard.workbench.renames import renames, with_references_renamed
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

LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "uk": "Ukrainian"}
"""The languages the draft tells apart (`dashboard.draft.language`), as the page names them."""


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
    work_session.start(
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
    work_session.start(
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


def _fold(table: str) -> None:
    """A table's editor changed: its changes go into the work, which is checked at once. An
    id renamed is renamed wherever the work refers to it, and the notice says where."""
    bench = work_session.current_work()
    if bench is None:
        return
    changes: Mapping[str, Any] = st.session_state[EDITOR + table]
    shown = shown_rows(bench, table)
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
    work_session.record(renamed, action, ("success", " ".join(sentences)) if sentences else None)


def _add_row(table: str) -> None:
    """An empty row at the end of a table (the grid's rows are fixed: see `table_section`)."""
    bench = work_session.current_work()
    if bench is not None:
        name = TITLES[table].split(":")[0].lower()
        work_session.record(
            bench.with_rows(table, [*bench.rows(table), {}]), f"add a row to {name}"
        )


def _use_passage(row: int, passage: str) -> None:
    bench = work_session.current_work()
    if bench is not None:
        work_session.record(
            bench.with_cell("claims", row, "quote", passage), f"use the passage in row {row + 1}"
        )


def _keep_accepted() -> None:
    bench = work_session.current_work()
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
    work_session.record(
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
    bench = work_session.current_work()
    if bench is None:
        return
    value = str(st.session_state.get(f"{EDITOR}{field}") or "")
    changed = replace(bench, title=value) if field == "title" else replace(bench, description=value)
    work_session.record(changed, f"edit the {field}")


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
        (work_session.undo, work_session.redo),
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
    frame = grid_frame(bench, table, checked)
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
        column_config=column_config(table),
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
    bench = work_session.current_work()
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
        shown = work_session.edited_case() is not None
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
            status.button("Show the work on the page", on_click=work_session.show)
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
    close.button("Close the work", key=f"{EDITOR}close", on_click=work_session.close)
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
