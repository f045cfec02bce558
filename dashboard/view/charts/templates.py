"""Chart specs reused across states: a chart is built in Altair once per layout, then each
state's rows fill its datasets, so that a slider move changes the data and not the spec."""

from __future__ import annotations

import textwrap
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from dashboard.view.charts.style import TEXT_CONFIG, with_marks_described

SUBTITLE_CHARACTERS = 56
"""Subtitles are wrapped at this many characters a line: Vega cuts a longer line at the
chart's edge, and on a phone a chart is about 350 pixels wide."""


def spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart's Vega-Lite spec, unvalidated (the tests validate every chart's spec, so the
    page need not pay for it on every rerun), with its datasets named by their order rather
    than by a hash of their rows, its text in `TEXT_CONFIG`'s colours, and every mark
    described for a screen reader as its tooltip reads. A slider move then
    changes the datasets but not the spec, and the browser updates the drawn chart's data
    instead of building the chart anew."""
    built = with_marks_described(
        wrapped_subtitles(stable_dataset_names(chart.to_dict(validate=False)))
    )
    config = built.get("config", {})
    built["config"] = {
        **config,
        **{part: {**TEXT_CONFIG[part], **config.get(part, {})} for part in TEXT_CONFIG},
    }
    return built


def wrapped_subtitles(node: Any) -> Any:
    """`node` with every title's subtitle wrapped to `SUBTITLE_CHARACTERS` a line."""
    if isinstance(node, list):
        return [wrapped_subtitles(item) for item in node]
    if not isinstance(node, dict):
        return node
    wrapped = {key: wrapped_subtitles(value) for key, value in node.items()}
    subtitle = node.get("subtitle")
    if subtitle is not None:
        lines = [subtitle] if isinstance(subtitle, str) else subtitle
        wrapped["subtitle"] = [
            part for line in lines for part in textwrap.wrap(line, SUBTITLE_CHARACTERS)
        ]
    return wrapped


def stable_dataset_names(spec: dict[str, Any]) -> dict[str, Any]:
    """`spec` with its named datasets renamed `data-0`, `data-1`, ... in order of use."""
    datasets = spec.pop("datasets", {})
    names: dict[str, str] = {}

    def visit(node: Any) -> Any:
        if isinstance(node, dict):
            if set(node) == {"name"} and node["name"] in datasets:
                return {"name": names.setdefault(node["name"], f"data-{len(names)}")}
            return {key: visit(value) for key, value in node.items()}
        if isinstance(node, list):
            return [visit(item) for item in node]
        return node

    renamed: dict[str, Any] = visit(spec)
    if names:
        renamed["datasets"] = {new: datasets[old] for old, new in names.items()}
    return renamed


@dataclass(frozen=True)
class ChartSource:
    """One chart as the page draws it: how to build it, the frames it draws from, and its
    other arguments. A reusable chart's spec depends on its frames only through their
    columns, their length and the values of their columns that are not floats (labels,
    order, flags), never through the floats a weight moves; so states that agree on those
    share one spec and differ only in their rows."""

    build: Callable[[], alt.TopLevelMixin]
    frames: tuple[pd.DataFrame, ...]
    arguments: tuple[Hashable, ...]
    reusable: bool = True


def frame_layout(frame: pd.DataFrame) -> Hashable:
    """What of a frame a reusable chart's spec may depend on: its columns, its length and
    its values that are not floats."""
    fixed = [c for c, dtype in frame.dtypes.items() if not pd.api.types.is_float_dtype(dtype)]
    # `tolist` first: iterating a column of strings directly took twice as long.
    return tuple(frame.columns), len(frame), tuple(tuple(frame[c].tolist()) for c in fixed)


class SpecTemplates:
    """Chart specs of one case, built once per layout and then filled with each state's
    frames, so that a slider move does not rebuild the chart in Altair.

    A template is the spec without its datasets, and for each dataset the frame it holds.
    The datasets are handed on as DataFrames, as `st.altair_chart` hands them on, and
    drawn from the same rows the Altair spec embeds (the tests compare the two)."""

    def __init__(self, limit: int = 512) -> None:
        self._limit = limit
        self._templates: OrderedDict[Hashable, tuple[dict[str, Any], dict[str, int]] | None]
        self._templates = OrderedDict()
        self._lock = threading.Lock()

    def spec(self, name: str, source: ChartSource) -> dict[str, Any]:
        """The chart's spec, its datasets as DataFrames where it can be reused."""
        if not source.reusable:
            return spec(source.build())
        key = (name, source.arguments, tuple(frame_layout(f) for f in source.frames))
        with self._lock:
            known = key in self._templates
            template = self._templates.get(key)
        if not known:
            built = spec(source.build())
            template = _template(built, source.frames)
            with self._lock:
                self._templates[key] = template
                while len(self._templates) > self._limit:
                    self._templates.popitem(last=False)
            if template is None:
                return built
        elif template is None:
            return spec(source.build())
        layout, frames = template
        return {**layout, "datasets": {d: source.frames[i] for d, i in frames.items()}}


def _template(
    built: dict[str, Any], frames: tuple[pd.DataFrame, ...]
) -> tuple[dict[str, Any], dict[str, int]] | None:
    """The spec without its datasets, and which frame each dataset holds; None when a
    dataset is not exactly one of the frames (a chart that makes rows of its own)."""
    rows = [alt.utils.data.to_values(frame)["values"] for frame in frames]
    holds: dict[str, int] = {}
    for dataset, values in built.get("datasets", {}).items():
        matches = [i for i, frame_rows in enumerate(rows) if frame_rows == values]
        if len(matches) != 1:
            return None
        holds[dataset] = matches[0]
    return {k: v for k, v in built.items() if k != "datasets"}, holds
