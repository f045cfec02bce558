"""The chain of custody: each relay and the share of the weight that passed through it, by
the source that made the claims."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.case import Case
from dashboard.engine.influence import weight_through
from dashboard.engine.pooling import QuestionResult
from dashboard.view.charts.chart import Chart, ChartInput
from dashboard.view.charts.rows import (
    source_labels,
)
from dashboard.view.charts.style import (
    no_estimate_chart,
    row_labels_axis,
    source_color,
)
from dashboard.view.charts.templates import ChartSource


def relay_rows(case: Case, result: QuestionResult, weights: dict[str, float]) -> pd.DataFrame:
    """The chain of custody: for each relay of a claim on this question, the weight that
    passes through it (`weight_through`, the figure the headline and the influence chart
    give) split by the source that made those claims, its own included."""
    labels = source_labels(case)
    through = weight_through(case, result)
    relays = dict.fromkeys(
        relay for claim in result.distributions.claims for relay in case.source(claim.source).via
    )
    rows = [
        {
            "relay_id": relay,
            "relay": labels[relay],
            "relay_weight": float(weights[relay]),
            "source_id": maker,
            "source": labels[maker],
            "share": share,
        }
        for relay in relays
        for maker, share in through[relay].items()
    ]
    return pd.DataFrame(
        rows, columns=["relay_id", "relay", "relay_weight", "source_id", "source", "share"]
    )


def relay_chart(case: Case, data: pd.DataFrame) -> alt.Chart:
    """One bar per relay, split by the sources it carried: the share of the question's
    weight that travels through it."""
    if data.empty:
        return no_estimate_chart("No claim on this question came through a relay.")
    color = source_color(case, list(data["source_id"]), legend=True)
    return (
        alt.Chart(
            data,
            width="container",
            height=alt.Step(30),
            title=alt.TitleParams(
                "Chain of custody",
                subtitle=[
                    "The weight that passes through each relay: the claims it carried, "
                    "and its own, by the source that made them."
                ],
                anchor="start",
            ),
        )
        .mark_bar()
        .encode(
            y=alt.Y("relay:N", title=None, axis=row_labels_axis(labelLimit=300)),
            x=alt.X("share:Q", title="Weight passing through it", axis=alt.Axis(format="%")),
            color=color,
            tooltip=[
                alt.Tooltip("relay:N", title="Relay"),
                alt.Tooltip("relay_weight:Q", title="Relay's trust weight", format=".0f"),
                alt.Tooltip("source:N", title="Claims made by"),
                alt.Tooltip("share:Q", title="Share of weight", format=".1%"),
            ],
        )
    )


def _source(given: ChartInput) -> ChartSource:
    rows = given.rows
    return ChartSource(lambda: relay_chart(given.case, rows.relays), (rows.relays,), (given.asked,))


CHART = Chart(
    name="relays",
    tab="Chain of custody",
    description=("Chain of custody: each relay and the share of the weight that passed through it"),
    source=_source,
    needs_relays=True,
)
