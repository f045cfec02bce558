"""What the registry knows of each chart: its name, the tab it sits in, what it shows in
words, and how its rows and encoding make it for the view in hand."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

import pandas as pd

from dashboard.case import Case, Question
from dashboard.engine.pooling import Method
from dashboard.view.charts.templates import ChartSource

ChartName = Literal["forest", "density", "influence", "sweep", "swings", "points of view", "relays"]


class ViewRows(Protocol):
    """The rows a view holds for its charts, each computed when first read
    (`view.model.ChartRows` is them)."""

    @property
    def forest(self) -> pd.DataFrame: ...
    @property
    def forest_hidden(self) -> int: ...
    @property
    def density(self) -> pd.DataFrame: ...
    @property
    def density_sources(self) -> pd.DataFrame: ...
    @property
    def markers(self) -> pd.DataFrame: ...
    @property
    def influence(self) -> pd.DataFrame: ...
    @property
    def influence_hidden(self) -> int: ...
    @property
    def sweep(self) -> pd.DataFrame: ...
    @property
    def sweep_source(self) -> str: ...
    @property
    def swings(self) -> pd.DataFrame: ...
    @property
    def points_of_view(self) -> pd.DataFrame: ...
    @property
    def relays(self) -> pd.DataFrame: ...


@dataclass(frozen=True)
class ChartInput:
    """The view in hand, as a chart reads it: the case, the question and method in view, and
    the view's rows (each chart's computed when first read)."""

    case: Case
    question: Question
    method: Method
    rows: ViewRows

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
