"""Works in progress (the `work_drafts` table): kept private under a random id until their
author stores them, replaced at each save, forgotten `work_days` after the last one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, insert, select, update

from dashboard.store.database import StoreDatabase
from dashboard.store.errors import (
    UNAVAILABLE_TO_OPEN_WORK,
    UNAVAILABLE_TO_SAVE_WORK,
    FileTooLarge,
    StoreFull,
    StoreUnavailable,
)
from dashboard.store.ids import is_work_id
from dashboard.store.sql_schema import work_drafts


class WorkDrafts(StoreDatabase):
    """`save_work`, `open_work` and `delete_work`: the part of `CaseStore` that keeps works in
    progress."""

    def save_work(self, work_id: str, work: bytes, now: datetime | None = None) -> None:
        """Keep a work in progress under its id, replacing what was saved there before.

        Works older than `work_days` are deleted first. A work over `max_work_bytes` is
        refused (`FileTooLarge`), and so is a new one while `max_works` are kept
        (`StoreFull`); the author's work in the page is untouched either way.
        """
        self._check_enabled()
        if not is_work_id(work_id):
            raise ValueError(f"not a work id: {work_id!r}")
        if len(work) > self.limits.max_work_bytes:
            raise FileTooLarge(
                f"The work is {len(work):,} bytes, over the {self.limits.max_work_bytes:,} bytes "
                "this server keeps of a work in progress: download its case file to keep it."
            )
        moment = now or datetime.now(UTC)
        row = {"work": work, "size_bytes": len(work), "saved_at": moment}
        with self._unavailable_as(UNAVAILABLE_TO_SAVE_WORK):
            self._ensure_schema()
            with self.engine.begin() as connection:
                connection.execute(
                    delete(work_drafts).where(work_drafts.c.saved_at < self._work_cutoff(moment))
                )
                saved = connection.execute(
                    update(work_drafts).where(work_drafts.c.id == work_id), row
                )
                if saved.rowcount:
                    return
                kept = connection.execute(select(func.count()).select_from(work_drafts))
                if kept.scalar_one() >= self.limits.max_works:
                    raise StoreFull(
                        "This server keeps as many works in progress as it may, so this one is "
                        "not kept: download its case file to keep it."
                    )
                connection.execute(insert(work_drafts), {"id": work_id, **row})

    def open_work(self, work_id: str, now: datetime | None = None) -> bytes | None:
        """The work last saved under this id; None when the id is malformed, unknown, or its
        work is older than `work_days`."""
        self._check_enabled()
        if not is_work_id(work_id):
            return None
        with self._unavailable_as(UNAVAILABLE_TO_OPEN_WORK):
            self._ensure_schema()
            with self.engine.connect() as connection:
                found = connection.execute(
                    select(work_drafts.c.work).where(
                        work_drafts.c.id == work_id,
                        work_drafts.c.saved_at >= self._work_cutoff(now or datetime.now(UTC)),
                    )
                ).first()
        return None if found is None else bytes(found[0])

    def delete_work(self, work_id: str) -> None:
        """Forget a work in progress (its author closed it)."""
        self._check_enabled()
        if not is_work_id(work_id):
            return
        with self._unavailable_as(StoreUnavailable.default):
            self._ensure_schema()
            with self.engine.begin() as connection:
                connection.execute(delete(work_drafts).where(work_drafts.c.id == work_id))

    def _work_cutoff(self, now: datetime) -> datetime:
        return now - timedelta(days=self.limits.work_days)
