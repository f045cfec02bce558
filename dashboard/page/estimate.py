"""The estimate: the headline and share link, the charts, every quote, and the downloads.

`page_frame` draws what a weight does not change, on a full run; `live` draws the rest
inside the reader's fragment, so that a slider move redraws only that."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from dashboard.case import Case
from dashboard.page.asset_files import asset, filled, style
from dashboard.page.descriptions import Description, describe
from dashboard.page.keys import (
    BOUNDS_KEY,
    CHART_TAB,
    JUDGMENT,
    JUDGMENT_PROBLEM,
    LIVE_REGION,
    MORE_CARDS,
    THRESHOLDS_KEY,
    other_cards_key,
)
from dashboard.page.literal import html_text, markdown_text
from dashboard.page.quote_cards import cards_html
from dashboard.page.shared_views import SharedView
from dashboard.page.streamlit_internals import Container
from dashboard.page.tabs import SCREEN_READER_ONLY, folded, lazy_tabs
from dashboard.view.chart_views import chart_summary
from dashboard.view.charts import CHARTS, ChartName, charts_by_tab
from dashboard.view.model import Headline, View


@dataclass(frozen=True)
class ChartSlot:
    """Where the open chart tab draws one chart, for `live` to fill."""

    name: ChartName
    slot: Container
    summary: Container
    """Where the chart's summary in one sentence goes, for a screen reader."""
    stretch: bool = True


@dataclass(frozen=True)
class EstimateSlots:
    """Where a weight changes the estimate page: the headline's three figures, the open
    chart tab's charts, the quote cards of the open question, those of each other
    question, and the two downloads."""

    figures: tuple[Container, Container, Container]
    charts: tuple[ChartSlot, ...]
    cards: Container
    more_cards: Container | None
    """The open question's claims with smaller shares, or None while folded (or none)."""
    other_cards: tuple[Container | None, ...]
    """Each other question's slot, or None while its expander is closed."""
    downloads: tuple[Container, Container]
    """The CSV's slot and the case file's: one each, as Streamlit 1.67 names a download's
    file by its slot, and two in one slot written from the fragment would share one name
    (the CSV's file then belongs to no session, and any session's sweep deletes it)."""


def page_frame(view: View, sweep_key: str) -> tuple[Container, EstimateSlots]:
    """Everything on the estimate page that a weight does not change: the question, the
    headline's columns, the chart tabs and the headings. Returns the container for the
    rest of the top (the headline's sentences and link) and the slots, for `live` to fill:
    a slider move then redraws only what it changes, and sends no block it does not need
    (each message costs the server a wake-up of its event loop)."""
    st.subheader(markdown_text(view.headline.question))
    # Slots are `st.empty()`: the fragment's element replaces the slot's, where writing into
    # a container from the fragment also sends the container again at every move.
    with st.container(key=LIVE_REGION):
        figures = tuple(column.empty() for column in st.columns([1, 1.5, 1]))
        top = st.container()
    st.html(live_region_script(LIVE_REGION), unsafe_allow_javascript=True)
    if isinstance(view.headline, Headline):
        metric_descriptions(view.headline)
    judgment_control(view)
    charts = chart_tabs(view, sweep_key)
    st.subheader("What each source said")
    # The page's style, once: inserting a style sheet at every slider move restyles the page.
    st.html(style("claims.css"))
    st.caption("Every number above rests on these verbatim quotes and the stated reading of each.")
    cards = st.empty()
    more_cards = None
    if view.more_cards:
        more_cards = folded(
            f"The other {len(view.more_cards)} claims on this question, with smaller shares "
            "of the weight",
            key=MORE_CARDS,
        )
    other_cards = [
        folded(f"Claims on: {markdown_text(question_text)}", key=other_cards_key(index))
        for index, question_text in enumerate(view.other_questions)
    ]
    st.subheader("Take it with you")
    both_downloads = st.container(horizontal=True)
    csv_slot, case_file_slot = both_downloads.empty(), both_downloads.empty()
    return top, EstimateSlots(
        (figures[0], figures[1], figures[2]),
        charts,
        cards,
        more_cards.empty() if more_cards is not None else None,
        tuple(slot.empty() if slot is not None else None for slot in other_cards),
        (csv_slot, case_file_slot),
    )


def live_region_script(key: str) -> str:
    """A script that makes the container keyed `key` a polite live region (Streamlit gives a
    container no ARIA attributes of its own). The container is drawn on a full run and
    kept across the fragment's reruns, so the region is there before what changes in it."""
    return filled("live_region.html", selector=json.dumps(f".st-key-{key}"))


def live(case: Case, shared: SharedView, share_url: str | None, slots: EstimateSlots) -> None:
    """What a weight changes: the headline and link here, the open charts, and the slots."""
    view = shared.view
    estimate_metrics(view, slots.figures)
    headline_text(view, share_url)
    for chart in slots.charts:
        chart.slot.vega_lite_chart(
            spec=shared.spec(case, chart.name), width="stretch" if chart.stretch else None
        )
        summary = html_text(chart_summary(view, chart.name))
        chart.summary.html(f'<p class="{SCREEN_READER_ONLY}">{summary}</p>')
    slots.cards.html(cards_html(view.cards))
    if slots.more_cards is not None:
        slots.more_cards.html(cards_html(view.more_cards))
    if any(slot is not None for slot in slots.other_cards):
        for slot, (_, cards) in zip(slots.other_cards, view.other_cards, strict=True):
            if slot is not None:
                slot.html(cards_html(cards))
    downloads(view, slots.downloads)


def first_steps() -> None:
    """One line, where a first-time reader looks, on what the sliders do and where they are
    (on a narrow screen the sidebar is folded behind the arrow at the top left); and the
    style every view uses."""
    st.html(style("page.css") + asset("first_steps.html"))


def headline_text(view: View, share_url: str | None) -> None:
    """The sentences behind the headline's figures, and the link, as one element."""
    head = view.headline
    paragraphs = ""
    if isinstance(head, Headline):
        answer = f"<p><b>{html_text(head.answer)}</b></p>" if head.answer else ""
        sentences = (*head.bound_sentences, *head.sentences)
        paragraphs = answer + "".join(f"<p>{html_text(sentence)}</p>" for sentence in sentences)
    if share_url is None:
        link = (
            '<p class="share-link">A link cannot carry an uploaded case until it is shared (in '
            "the sidebar); or take the case file with you.</p>"
        )
    else:
        # A plain link, not `st.code`: its syntax highlighter alone was a fifth of the
        # page's first load in the browser.
        url = html_text(share_url)
        link = f'<p class="share-link">Link to this view: <a href="{url}">{url}</a></p>'
    st.html(paragraphs + link)


def estimate_metrics(
    view: View, figures: tuple[Container, Container, Container] | None = None
) -> None:
    """The combined estimate in plain words, the method named in its help: in `figures`
    (three columns) where the frame has drawn them, else in columns of its own."""
    head = view.headline
    if not isinstance(head, Headline):
        st.warning(markdown_text(head.message), icon="⚖️")
        return
    median, interval, moved = figures or st.columns([1, 1.5, 1])
    median_help, interval_help, moved_help = metric_help(head)
    median.metric("Combined estimate", head.median, help=median_help)
    interval.metric("90% interval", head.interval, help=interval_help)
    moved.metric("Moved from the case's defaults", head.shift, help=moved_help)


def metric_help(head: Headline) -> tuple[str, str, str]:
    """What the headline's three figures mean: their "?" help, and what a screen reader
    reads as their descriptions (`metric_descriptions`)."""
    return (
        f"The median of the {head.method.lower()} of every claim, each weighted by your "
        "trust: half the combined probability lies below this value.",
        "The combined distribution puts 5% below and 5% above this range.",
        "The estimate now minus the estimate with everything as the case sets it: its "
        "weights, readings and switches, and no point of view chosen.",
    )


def metric_descriptions(head: Headline) -> None:
    """Each headline figure, and its "?" button, described by its definition for a screen
    reader (the "?" shows it only on hover). Drawn with the frame, outside the live region:
    a definition is read when the reader reaches its figure, not at every slider move."""
    column = f".st-key-{LIVE_REGION} [data-testid=stColumn]:nth-child({{}})"
    describe(
        [
            Description(
                f"metric-help-{index}",
                f"{column.format(index)} [data-testid=stMetric], "
                f"{column.format(index)} [data-testid=stTooltipIcon] button",
                text,
            )
            for index, text in enumerate(metric_help(head), start=1)
        ]
    )


def judgment_control(view: View) -> None:
    """The open question's bounds and threshold (spec sections 12, 13), folded: the case's
    reason for its bounds, fields for the reader's own, and the way back to the case's."""
    control = view.judgment
    slot = folded("Bounds and threshold: what the answer rests on", key=JUDGMENT)
    if slot is None:
        return
    with slot:
        reason = control.rationale or "the case gives no reason for them."
        low, high = control.case_bounds
        st.caption(
            markdown_text(f"The case's bounds are {low:g} to {high:g}; its reason: {reason}")
        )
        if control.warning:
            st.warning(markdown_text(control.warning), icon="⚖️")
        # The fields' keys name the state in force, so that fresh fields show a new one.
        key = f"judgment:{control.question_id}:{control.bounds}:{control.threshold}"
        low_field, high_field, threshold_field = st.columns(3)
        low_field.number_input(
            "Lower bound", value=control.bounds[0], format="%g", key=f"{key}:low"
        )
        high_field.number_input(
            "Upper bound", value=control.bounds[1], format="%g", key=f"{key}:high"
        )
        threshold_field.number_input(
            "Threshold",
            value=control.threshold,
            format="%g",
            placeholder="none",
            key=f"{key}:threshold",
            help="The figure the answer turns on: the page says how likely the quantity "
            "exceeds it. Leave it empty for the case's.",
        )
        if problem := st.session_state.get(JUDGMENT_PROBLEM):
            st.error(markdown_text(problem))
        buttons = st.container(horizontal=True)
        buttons.button("Apply", on_click=_apply_judgment, args=(view, key))
        if control.bounds != control.case_bounds or control.threshold != control.case_threshold:
            buttons.button(
                "Back to the case's", on_click=_set_judgment, args=(control.question_id, None, None)
            )


def _apply_judgment(view: View, key: str) -> None:
    """Use the fields' bounds and threshold if the spec allows them; else say why not."""
    state = st.session_state
    bounds = (float(state[f"{key}:low"]), float(state[f"{key}:high"]))
    typed = state[f"{key}:threshold"]
    checked = view.judgment_from_fields(bounds, None if typed is None else float(typed))
    if isinstance(checked, str):
        state[JUDGMENT_PROBLEM] = checked
        return
    control = view.judgment
    threshold = checked[1] if checked[1] != control.case_threshold else None
    _set_judgment(control.question_id, None if bounds == control.case_bounds else bounds, threshold)


def _set_judgment(
    question_id: str, bounds: tuple[float, float] | None, threshold: float | None
) -> None:
    """The reader's bounds and threshold of a question (None: the case's)."""
    state = st.session_state
    state.pop(JUDGMENT_PROBLEM, None)
    for session_key, value in ((BOUNDS_KEY, bounds), (THRESHOLDS_KEY, threshold)):
        values = {k: v for k, v in dict(state.get(session_key) or {}).items() if k != question_id}
        if value is not None:
            values[question_id] = value
        state[session_key] = values


CHART_TABS = tuple(charts_by_tab(relays=True))
"""The chart tabs, in order; the last only for a case with relays."""


def chart_tabs(view: View, sweep_key: str) -> tuple[ChartSlot, ...]:
    """One tab per chart, for the question and method in view: the open one's captions and
    picker drawn here, and a slot for each of its charts. `sweep_key` holds the source the
    sensitivity chart runs from 0 to 100."""
    charts: list[ChartSlot] = []

    def slot(name: ChartName, stretch: bool = True) -> None:
        charts.append(ChartSlot(name, st.empty(), st.empty(), stretch))

    def sweep_picker() -> None:
        movable = {c.source_id: c.name for c in view.controls if c.group != "silent"}
        st.selectbox(
            "Source to run from 0 to 100",
            list(movable),
            format_func=lambda source_id: movable[source_id],
            index=list(movable).index(st.session_state[sweep_key])
            if st.session_state.get(sweep_key) in movable
            else None,
            placeholder="the one that moves the estimate most",
            key=f"{sweep_key}:picker",
            on_change=lambda: st.session_state.update(
                {sweep_key: st.session_state[f"{sweep_key}:picker"]}
            ),
        )

    def scenarios_note() -> None:
        if not view.features.scenarios:
            st.caption("This case names no scenarios: only its defaults and your settings.")

    def custody_note() -> None:
        st.caption(
            "Distrusting a relay lowers everything it carried: move its slider under "
            "“Relays that carried those claims”."
        )

    before: dict[ChartName, Callable[[], None]] = {"sweep": sweep_picker}
    after: dict[ChartName, Callable[[], None]] = {
        "points of view": scenarios_note,
        "relays": custody_note,
    }

    def panel(names: tuple[ChartName, ...]) -> Callable[[], None]:
        def draw() -> None:
            for name in names:
                before.get(name, lambda: None)()
                slot(name, stretch=CHARTS[name].stretch)
                after.get(name, lambda: None)()

        return draw

    panels = {tab: panel(names) for tab, names in charts_by_tab(view.features.relays).items()}
    lazy_tabs(panels, key=CHART_TAB, label="Chart")
    return tuple(charts)


def downloads(view: View, slots: tuple[Container, Container]) -> None:
    """The CSV and the case file, side by side in the frame's two slots.

    Both are written with the run (once per state: the view keeps them), not on the click:
    Streamlit 1.67 stores a file written on the click for no session, and the sweep at the
    end of any session's run deletes it, so under a crowd the reader's GET that follows
    the click found it gone (66 of 388 CSVs in a burst of 100 readers)."""
    csv_slot, case_file_slot = slots
    csv_slot.download_button(
        "Download CSV",
        view.csv,
        file_name=view.csv_name,
        mime="text/csv",
        on_click="ignore",
        help="Every claim with its reading and weights, and both pools, as the command line "
        "`python -m dashboard export` writes them.",
    )
    case_file_slot.download_button(
        "Download case file",
        view.case_file,
        file_name=view.case_file_name,
        mime="application/yaml",
        on_click="ignore",
        help="The open case with your weights and readings as its defaults: upload it again, "
        "or export it from the command line, for the same figures.",
    )
