"""What the registry knows of each chart: its name, the tab it sits in, what it shows in
words, and how its rows and encoding make it for the view in hand."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from dashboard.case import Case, Question
from dashboard.engine.pooling import Method
from dashboard.view.charts.templates import ChartSource

if TYPE_CHECKING:
    from dashboard.view.model import ChartRows

ChartName = Literal["forest", "density", "influence", "sweep", "swings", "points of view", "relays"]


@dataclass(frozen=True)
class ChartInput:
    """The view in hand, as a chart reads it: the case, the question and method in view, and
    the view's rows (each chart's computed when first read)."""

    case: Case
    question: Question
    method: Method
    rows: ChartRows

    @property
    def asked(self) -> tuple[str, float, float]:
        """The question and the bounds in force: a chart's axis spans them, so they are part
        of what its template fits."""
        return (self.question.id, self.question.min, self.question.max)


@dataclass(frozen=True)
class Chart:
    """One chart: its name, its tab's title, what it shows in words (its `description`,
    which a screen reader reads as the drawn chart's name), and how it is made for a view.
    A chart drawn at its natural width (`stretch` False) does not fill the column; one that
    needs relays is shown only for a case with relays."""

    name: ChartName
    tab: str
    description: str
    source: Callable[[ChartInput], ChartSource]
    stretch: bool = True
    needs_relays: bool = False
