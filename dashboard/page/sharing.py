"""Stored cases on the page: open a `case=u-…` link, and store an upload to share it.

The store sits behind `dashboard.store.CaseStore`; this module only connects it the
Streamlit way (`st.connection`, secrets, environment) and turns its outcomes into
messages. A store that is off, down, slow or full never costs the reader their view.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from dashboard.case import Case, CaseError
from dashboard.link import CASE, share_url
from dashboard.page.keys import LIMITER, STORE_CASE
from dashboard.page.literal import markdown_text
from dashboard.store import (
    CaseStore,
    RateLimiter,
    StoreDisabled,
    StoreError,
    connection_kwargs,
    is_stored_id,
    limits_from,
    load_stored_case,
    settings_from_environ,
)


@dataclass(frozen=True)
class Upload:
    """An uploaded case as the reader gave it: the files a stored copy must keep, its
    document files as (name uploaded, bytes) in the case's order."""

    case_name: str
    case_bytes: bytes
    documents: tuple[tuple[str, bytes], ...]


def _secrets(section: str) -> Mapping[str, Any]:
    """A section of `.streamlit/secrets.toml`; empty when there is no such file or section."""
    try:
        return dict(st.secrets.get(section, {}))
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return {}


@st.cache_resource(show_spinner=False)
def case_store() -> CaseStore | StoreError:
    """This server's store, or why it has none (switched off, or misconfigured)."""
    settings = {**settings_from_environ(os.environ), **_secrets("case_store")}
    try:
        limits = limits_from(settings)
        if not limits.enabled:
            return StoreDisabled()
        connection_settings = _secrets("connections").get("case_store", {})
        connection = st.connection(
            "case_store", type="sql", **connection_kwargs(settings, connection_settings)
        )
        return CaseStore(connection.engine, limits)
    except StoreError as error:
        return error
    except Exception:  # noqa: BLE001 - a connection that cannot even be set up is "down"
        return StoreError("The case store is not set up correctly on this server.")


def open_stored(stored_id: str) -> tuple[Case | None, str, str]:
    """The stored case with this id, its file name, or the message that says why not."""
    store = case_store()
    if isinstance(store, StoreError):
        if isinstance(store, StoreDisabled):
            return (
                None,
                "",
                f"This server does not keep shared cases, so the link's case {stored_id} "
                "cannot be opened here; the bundled case is shown instead.",
            )
        return None, "", f"{store} The bundled case is shown instead."
    try:
        stored = store.get(stored_id)
    except StoreError as error:
        return None, "", f"{error} The bundled case is shown instead."
    if stored is None:
        return (
            None,
            "",
            (
                f"No shared case has the id {stored_id}: check the link. The bundled case is "
                "shown instead."
            ),
        )
    try:
        return load_stored_case(stored), stored.case_name, ""
    except CaseError as error:
        return None, "", f"The shared case {stored_id} no longer passes the case rules: {error}"


def share_panel(
    upload: Upload, stored_id: str | None, page_url: str, refusal: str | None = None
) -> str | None:
    """The "Share this case" panel for an uploaded case; returns the id once stored. Once
    stored, it says so and offers the case's link ready to copy; `refusal` says what must be
    done before it may be stored."""
    store = case_store()
    if isinstance(store, StoreDisabled):
        st.caption("This server does not keep shared cases: take the case file with you.")
        return None
    st.subheader("Share this case")
    if stored_id is not None:
        st.success("Stored. Anyone with this link can open the case:", icon="🔗")
        st.code(share_url(page_url, {CASE: stored_id}), language=None, wrap_lines=True)
        st.caption("The link under the estimate also carries your weights and readings.")
        return stored_id
    st.caption(
        "Anyone with the link will be able to open this case and its document: they are "
        "stored on this server with the time, and nothing about you."
    )
    if refusal is not None:
        st.info(markdown_text(refusal), icon="✏️")
        return None
    if not st.button("Store it and make a link", key=STORE_CASE):
        return None
    if isinstance(store, StoreError):
        st.error(markdown_text(str(store)), icon="🗄️")
        return None
    limiter: RateLimiter = st.session_state.setdefault(
        LIMITER, RateLimiter.for_limits(store.limits)
    )
    try:
        return store.put(
            upload.case_name,
            upload.case_bytes,
            upload.documents,
            limiter=limiter,
            now=time.monotonic(),
        )
    except StoreError as error:
        st.error(markdown_text(str(error)), icon="🗄️")
        return None


def is_stored_link(case_param: str | None) -> bool:
    return case_param is not None and is_stored_id(case_param)
