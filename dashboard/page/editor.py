"""The case workbench on the page: start from a document, or edit a copy of any case.

The work lives in the session as a `dashboard.editor.Workbench`. Every table is an
`st.data_editor`; each change is folded into the work by the table's callback, before the
script runs, and checked at once. A valid work is the case on screen, exactly as an
upload is (its case file and its documents), so the estimate, charts, cards, CSV and the
store all work on it; an invalid one keeps the last valid version on screen, its problems
listed beside their tables. The work can be downloaded at any time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.case import UPLOAD_LIMIT_BYTES, Case, CaseError, load_case_bytes
from dashboard.draft import DraftError, document_file_name, draft_case, read_document
from dashboard.editor import (
    COLUMNS,
    TABLES,
    Check,
    Workbench,
    accepted_rationale,
    draft_file_name,
    edited_table,
    is_proposed,
    keep_accepted,
    moved_rows,
    workbench_from_case,
)
from dashboard.literal import markdown_text
from dashboard.page.sharing import Upload
from dashboard.state import OpenedCase

WORKBENCH, CHECKED, EDITED, EDITED_FILES, NOTICE = (
    "workbench",
    "workbench_check",
    "edited_case",
    "edited_files",
    "workbench_notice",
)
"""Session keys: the work, its check, its last valid version (an `OpenedCase`, the case on
screen while it is set) with the files a stored copy keeps, and what the last action said."""
EDITOR = "wb_"
"""Each table's editor has the key `wb_<table>`; the title and description `wb_title`,
`wb_description`."""
PASTE, DOCUMENT_FILE = "wb_paste", "wb_document_file"
ORDER, ACCEPT, CHECK_COLUMN = "#", "accepted", "check"
"""Columns the page adds: the claim's place (type another to move it), whether a proposal
is accepted, and what is wrong with the row."""

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
    },
    "questions": {"scale": "linear, or log (then min > 0)"},
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
        "document": "In a case with several documents, the id of the quote's document.",
        "credibility": "Admiralty information grade, 1..6.",
        "evidence": "Claims resting on one piece of evidence share this id.",
    },
    "scenarios": {
        "weights": "source:weight, separated by commas, e.g. cit:80, volkov:10",
        "readings": "question.label=range:A:B, separated by ';'",
    },
}
NUMBERS = {"min", "max", "weight"}
CHOICES = {
    "scale": ["linear", "log"],
    "grade": list("ABCDEF"),
    "credibility": [str(n) for n in range(1, 7)],
}
WIDE = {"quote", "rationale", "text", "note", "name", "readings", "weights"}


# --- the case on screen ----------------------------------------------------------------------


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


def _apply(bench: Workbench, notice: tuple[str, str] | None = None) -> None:
    """Keep the work and check it; a valid one becomes the case on screen."""
    st.session_state[WORKBENCH] = bench
    checked = bench.check()
    st.session_state[CHECKED] = checked
    if notice is not None:
        st.session_state[NOTICE] = notice
    if checked.case is None:
        return
    data = bench.case_file_bytes()
    documents = tuple(
        (name, bench.texts[name].encode("utf-8"))
        for name in (d.uploaded_as or d.file for d in checked.case.all_documents() if d.text)
        if name in bench.texts
    )
    digest = hashlib.sha256(data + b"".join(b"\0" + blob for _, blob in documents)).hexdigest()
    st.session_state[EDITED] = OpenedCase(f"edit-{digest[:12]}", checked.case, bench.file_name)
    st.session_state[EDITED_FILES] = Upload(bench.file_name, data, documents)


def _start(bench: Workbench, notice: tuple[str, str]) -> None:
    st.session_state[f"{EDITOR}title"] = bench.title
    st.session_state[f"{EDITOR}description"] = bench.description
    _apply(bench, notice)


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
            if len(text.encode("utf-8", "surrogatepass")) > UPLOAD_LIMIT_BYTES:
                raise DraftError(
                    f"The pasted text is over the limit of {UPLOAD_LIMIT_BYTES:,} bytes: paste "
                    "a part of it, or upload it as a file"
                )
        draft = draft_case(text, name)
        case = load_case_bytes(draft.case_yaml, draft_file_name(name), {name: text.encode()})
    except (DraftError, CaseError) as error:
        st.session_state[NOTICE] = ("error", str(error))
        return
    labels = f", {draft.labels} vague phrase(s) to read" if draft.labels else ""
    _start(
        workbench_from_case(case, draft_file_name(draft.document_file)),
        (
            "success",
            f"Drafted from '{name}': {draft.claims} claims on {draft.questions} questions from "
            f"{draft.sources} sources{labels}. Every one is proposed, not judged: its rationale "
            "says so. Tick the claims you accept, judge their readings, then keep only the "
            "accepted ones.",
        ),
    )


def _edit_copy(case: Case, file_name: str) -> None:
    _start(
        workbench_from_case(case, file_name),
        ("success", f"A copy of '{case.title}' is open below: every change is checked at once."),
    )


def start_panel(case: Case, case_name: str) -> None:
    """The two ways in: a document's text to draft from, or a copy of the case on screen."""
    left, right = st.columns(2, gap="large")
    with left, st.form("wb_draft", border=True):
        st.markdown("**Start from a document**")
        st.text_area(
            "Paste a text",
            key=PASTE,
            height=120,
            max_chars=UPLOAD_LIMIT_BYTES + 1,
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
            key="wb_edit_copy",
            on_click=_edit_copy,
            args=(case, f"{case_name}.yaml"),
        )


# --- the tables ------------------------------------------------------------------------------


def _fold(table: str) -> None:
    """A table's editor changed: its changes go into the work, which is checked at once."""
    bench: Workbench = st.session_state[WORKBENCH]
    changes: Mapping[str, Any] = st.session_state[EDITOR + table]
    shown = _shown_rows(bench, table)
    if table == "claims":
        # A tick in `accepted` rewrites the row's rationale (as typed in the same change).
        edits = {int(i): dict(cells) for i, cells in (changes.get("edited_rows") or {}).items()}
        for position, cells in edits.items():
            if cells.get(ACCEPT) is not None and position < len(shown):
                rationale = cells.get("rationale", shown[position].get("rationale"))
                cells["rationale"] = accepted_rationale(rationale, bool(cells[ACCEPT]))
        changes = {**changes, "edited_rows": edits}
    rows = edited_table(shown, changes)
    if table == "claims":
        rows = moved_rows(rows, [row.get(ORDER) for row in rows])
    _apply(bench.with_rows(table, rows))


def _shown_rows(bench: Workbench, table: str) -> list[dict[str, Any]]:
    """The rows as the table shows them, with the columns the page adds."""
    rows: list[dict[str, Any]] = []
    for index, row in enumerate(bench.rows(table)):
        shown: dict[str, Any] = dict(row)
        if table == "claims":
            shown[ORDER] = index + 1
            shown[ACCEPT] = not is_proposed(row)
        rows.append(shown)
    return rows


def _frame(bench: Workbench, table: str, checked: Check) -> pd.DataFrame:
    marks: dict[int, list[str]] = {}
    for problem in checked.problems_of(table):
        if problem.row is not None:
            marks.setdefault(problem.row, []).append(problem.column or "row")
    columns = [*_extra(table), *COLUMNS[table]]
    frame = pd.DataFrame(_shown_rows(bench, table), columns=columns)
    frame.insert(
        0,
        CHECK_COLUMN,
        ["✗ " + ", ".join(dict.fromkeys(marks[i])) if i in marks else "✓" for i in frame.index],
    )
    for column in frame.columns:
        if column in NUMBERS or column == ORDER:
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
        elif column == ACCEPT:
            frame[column] = frame[column].astype("boolean")
        elif column != CHECK_COLUMN:
            texts = [None if v is None or v == "" else str(v) for v in frame[column]]
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
        elif column == "weight":
            config[column] = st.column_config.NumberColumn(
                column, help=help_text, min_value=0, max_value=100, step=1
            )
        elif column in NUMBERS:
            config[column] = st.column_config.NumberColumn(column, help=help_text)
        elif column in CHOICES:
            config[column] = st.column_config.SelectboxColumn(
                column, help=help_text, options=CHOICES[column]
            )
        else:
            config[column] = st.column_config.TextColumn(
                column, help=help_text, width="large" if column in WIDE else "medium"
            )
    return config


def _use_passage(row: int, passage: str) -> None:
    bench: Workbench = st.session_state[WORKBENCH]
    _apply(bench.with_cell("claims", row, "quote", passage))


def _keep_accepted() -> None:
    bench: Workbench = st.session_state[WORKBENCH]
    _apply(
        keep_accepted(bench),
        ("success", "Only the accepted claims are kept, with the questions and sources they use."),
    )


def _set_text(field: str) -> None:
    bench: Workbench = st.session_state[WORKBENCH]
    value = str(st.session_state.get(f"{EDITOR}{field}") or "")
    _apply(replace(bench, title=value) if field == "title" else replace(bench, description=value))


def _close() -> None:
    for key in (WORKBENCH, CHECKED, EDITED, EDITED_FILES, NOTICE):
        st.session_state.pop(key, None)


def table_section(bench: Workbench, table: str, checked: Check) -> None:
    """One part of the case as an editable table, its problems listed beside it."""
    rows = len([r for r in bench.rows(table) if any(v not in (None, "") for v in r.values())])
    st.markdown(f"**{TITLES[table]}** ({rows})")
    frame = _frame(bench, table, checked)
    st.data_editor(
        frame,
        key=EDITOR + table,
        num_rows="dynamic",
        hide_index=True,
        column_config=_column_config(table),
        on_change=_fold,
        args=(table,),
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
                key=f"wb_fix_{row}",
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
    bench: Workbench | None = st.session_state.get(WORKBENCH)
    if bench is None:
        return
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
            status.button("Show the work on the page", on_click=_apply, args=(bench,))
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
        key="wb_download",
        on_click="ignore",
    )
    close.button("Close the work", key="wb_close", on_click=_close)
    for name, text in bench.texts.items():
        st.download_button(
            markdown_text(f"Download its document '{name}'"),
            text.encode("utf-8"),
            name,
            mime="text/plain",
            key=f"wb_document_{name}",
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
                key="wb_keep_accepted",
                on_click=_keep_accepted,
                help="Removes every claim still proposed, and the questions and sources that "
                "no accepted claim uses.",
            )
        table_section(bench, table, checked)
