"""Test cases for the workbench's undo history (dashboard/workbench/history.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dashboard.workbench.history import UNDO_STEPS, History
from dashboard.workbench.tables import Workbench


def work(title: str) -> Workbench:
    return Workbench(title, {})


def test_undo_and_redo_walk_the_steps_and_name_them() -> None:
    history = History().did(work("a"), "draft").did(work("b"), "edit claims")
    assert history.undo_action == "edit claims"
    back = history.undone()
    assert back.now.work == work("a") and back.redo_action == "edit claims"
    assert back.redone() == history


def test_a_new_step_after_an_undo_drops_what_was_undone() -> None:
    history = History().did(work("a"), "draft").did(work("b"), "edit").undone()
    changed = history.did(work("c"), "edit the title")
    assert changed.redo_action is None and changed.now.work == work("c")


def test_closing_is_a_step_undo_takes_back() -> None:
    """Closing the work is undone like any change: the work comes back whole."""
    history = History().did(work("a"), "draft").did(None, "close the work")
    assert history.now.work is None and history.undo_action == "close the work"
    assert history.undone().now.work == work("a")


def test_nothing_to_undo_or_redo_changes_nothing() -> None:
    assert History().undone() == History() and History().redone() == History()
    assert History().undo_action is None and History().redo_action is None


def test_at_least_twenty_steps_back() -> None:
    history = History()
    for step in range(UNDO_STEPS + 10):
        history = history.did(work(str(step)), f"step {step}")
    for _ in range(UNDO_STEPS):
        history = history.undone()
    assert UNDO_STEPS >= 20
    assert history.now.work == work(str(9)) and history.undo_action is None


@given(st.lists(st.sampled_from(["did", "undo", "redo"]), max_size=60))
def test_undo_then_redo_returns_to_the_same_work(moves: list[str]) -> None:
    """Whatever came before, an undo followed by a redo leaves the work as it was."""
    history = History()
    for count, move in enumerate(moves):
        if move == "did":
            history = history.did(work(str(count)), "edit")
        elif move == "undo":
            history = history.undone()
        else:
            history = history.redone()
    if history.undo_action is not None:
        assert history.undone().redone().now == history.now
