"""Undo and redo for the workbench: every action that changes the work is a step, named by
what it did, so the page can say what an Undo will take back."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.workbench.tables import Workbench

UNDO_STEPS = 50
"""How many steps back an author can go; the oldest beyond this are forgotten."""


@dataclass(frozen=True)
class Step:
    """A state of the work (None: no work open) and the action that made it."""

    work: Workbench | None
    action: str


@dataclass(frozen=True)
class History:
    """The work now, the steps before it (oldest first) and the steps an undo set aside."""

    now: Step = Step(None, "")
    past: tuple[Step, ...] = ()
    future: tuple[Step, ...] = ()

    def did(self, work: Workbench | None, action: str) -> History:
        """The history after `action` made `work`: it can be undone, and nothing is left to
        redo."""
        past = (*self.past, self.now)[-UNDO_STEPS:]
        return History(Step(work, action), past, ())

    def undone(self) -> History:
        """One step back (the same history when there is none)."""
        if not self.past:
            return self
        return History(self.past[-1], self.past[:-1], (self.now, *self.future))

    def redone(self) -> History:
        """One undone step again (the same history when there is none)."""
        if not self.future:
            return self
        return History(self.future[0], (*self.past, self.now), self.future[1:])

    @property
    def undo_action(self) -> str | None:
        """What an undo takes back, or None when there is nothing to undo."""
        return self.now.action if self.past else None

    @property
    def redo_action(self) -> str | None:
        """What a redo does again, or None when there is nothing to redo."""
        return self.future[0].action if self.future else None
