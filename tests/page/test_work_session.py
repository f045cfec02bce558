"""Test cases for the work in progress on the page (issue 24), in Streamlit's AppTest with a
real SQLite store: nothing the author built is lost, and the headline says only what the
reader did."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.case import load_case_bytes
from dashboard.draft import draft_case
from dashboard.page.keys import HISTORY
from dashboard.page.quote_cards import NO_REASON
from dashboard.page.workbench_grids import grid_frame as table_frame
from dashboard.store import is_work_id
from dashboard.workbench.tables import judged_edits, keep_accepted, workbench_from_case
from tests.support.apptest import address, open_page

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = (ROOT / "data" / "mutiny-brewing-refuseniks.txt").read_text("utf-8")
SECOND_TEXT = (
    "Officials said on Monday that 4,000 people had left the coastal towns. A local charity "
    "put the number at more than 6,000."
)


@pytest.fixture(autouse=True)
def fresh_store(store_folder: Path) -> Path:
    """Every test here starts with an empty store."""
    return store_folder


def build_view(app: AppTest) -> AppTest:
    app.session_state["page_tab"] = "Build a case"
    return app.run()


def estimate_view(app: AppTest) -> AppTest:
    app.session_state["page_tab"] = "Estimate"
    return app.run()


def drafted(app: AppTest, text: str = ARTICLE) -> AppTest:
    app.text_area(key="wb_paste").input(text)
    app.button(key="FormSubmitter:wb_draft-Draft a case").click()
    return app.run()


def moved(app: AppTest) -> str:
    return next(m.value for m in app.metric if m.label.startswith("Moved"))


def claims(app: AppTest) -> int:
    work = app.session_state[HISTORY].now.work
    return 0 if work is None else len(work.rows("claims"))


def test_defaults_after_a_draft_does_not_crash() -> None:
    """Point 1: with a draft (no scenarios) on screen, Defaults used to end the page with a
    KeyError on 'scenario' once the runs had dropped the scenario picker's state."""
    app = drafted(build_view(open_page()))
    app.run().run()
    app.button(key="defaults").click().run()
    assert not app.exception
    assert app.title[0].value.startswith("Draft from")


def test_a_case_opened_after_switches_were_turned_off_starts_at_its_defaults() -> None:
    """Point 2: relays off on the bundled case, then a draft: the draft's headline says "no
    change" and its switches are on."""
    app = open_page()
    app.toggle(key="relays").set_value(False).run()
    app.toggle(key="credibility").set_value(False).run()
    assert moved(app) != "no change"
    app = estimate_view(drafted(build_view(app)))
    assert not app.exception
    assert moved(app) == "no change"
    state = app.session_state
    assert all(state[key] for key in ("relays", "credibility", "shared") if key in state)


def test_a_stored_case_s_link_names_no_switch_its_author_did_not_choose() -> None:
    """Point 2: a switch turned off on one case does not follow into the next one's link."""
    app = open_page()
    app.toggle(key="relays").set_value(False).run()
    app.selectbox(key="case").set_value("refusals").run()
    app = build_view(app)
    app.button(key="wb_edit_copy").click().run()
    app = estimate_view(app)
    assert "relays" not in address(app)
    assert moved(app) == "no change"


def test_a_second_draft_can_be_undone_and_says_so() -> None:
    """Point 3: drafting over a work replaces it, says that Undo brings it back, and does."""
    app = drafted(build_view(open_page()))
    first = claims(app)
    app = drafted(app, SECOND_TEXT)
    assert any("Undo brings it back" in s.value for s in app.success)
    assert claims(app) != first
    app.button(key="wb_undo").click().run()
    assert not app.exception
    assert claims(app) == first
    app.button(key="wb_redo").click().run()
    assert claims(app) != first


def test_keeping_the_accepted_claims_with_none_accepted_removes_nothing() -> None:
    """Point 3: with nothing ticked, the claims stay and the page says why."""
    app = drafted(build_view(open_page()))
    before = claims(app)
    app.button(key="wb_keep_accepted").click().run()
    assert not app.exception
    assert claims(app) == before
    assert any("No claim is accepted yet" in e.value for e in app.error)
    assert not any("are kept" in s.value for s in app.success)


def test_closing_the_work_can_be_undone() -> None:
    app = drafted(build_view(open_page()))
    before = claims(app)
    app.button(key="wb_close").click().run()
    assert app.session_state[HISTORY].now.work is None
    assert any("Undo reopens it" in s.value for s in app.success)
    app.button(key="wb_undo").click().run()
    assert claims(app) == before


def test_twenty_steps_can_be_undone() -> None:
    app = drafted(build_view(open_page()))
    titles = []
    for step in range(20):
        titles.append(f"Title {step}")
        app.text_input(key="wb_title").input(titles[-1]).run()
    for step in reversed(range(19)):
        app.button(key="wb_undo").click().run()
        assert app.title[0].value == titles[step]
    assert not app.exception


def test_the_work_survives_a_reload_from_the_address_alone() -> None:
    """The address carries the private work's id; a new session opened with that address
    alone (a reload, a restart, a second tab) has the same work, in Build a case."""
    app = drafted(build_view(open_page()))
    app.text_input(key="wb_title").input("Refusals, my reading").run()
    work_id = address(app)["work"]
    assert is_work_id(work_id)
    again = open_page(work=work_id)
    assert not again.exception
    assert again.session_state["page_tab"] == "Build a case"
    assert again.title[0].value == "Refusals, my reading"
    assert again.session_state[HISTORY].now.work == app.session_state[HISTORY].now.work


def test_the_shared_link_never_carries_the_private_work() -> None:
    app = estimate_view(build_view(open_page()))
    app = build_view(app)
    app.button(key="wb_edit_copy").click().run()
    app = estimate_view(app)
    assert "work" in address(app)
    assert not any(
        "work=" in str(h.value) and "Link to this view" in str(h.value) for h in app.get("html")
    )


def test_a_work_that_is_gone_says_so_and_the_page_works() -> None:
    app = open_page(work="w-" + "0" * 32)
    assert not app.exception
    assert any("no longer kept" in w.value for w in app.warning)
    assert app.title[0].value


def test_a_malformed_work_id_is_ignored_with_a_warning() -> None:
    app = open_page(work="../../etc/passwd")
    assert not app.exception
    assert any("cannot exist" in w.value for w in app.warning)


def test_a_draft_must_be_named_before_it_is_stored() -> None:
    """Point 7: the store button waits for a title and description of the author's own."""
    app = estimate_view(drafted(build_view(open_page())))
    assert not any(b.key == "store_case" for b in app.button)
    assert any("title and description of your own" in i.value for i in app.info)
    app = build_view(app)
    app.text_input(key="wb_title").input("Refusals, my reading").run()
    app.text_area(key="wb_description").input("Claims I checked.").run()
    assert any(b.key == "store_case" for b in app.button)


def test_an_over_limit_paste_says_its_size_and_the_limit() -> None:
    app = drafted(build_view(open_page()), "x" * 1_200_000)
    assert any("1,200,000 bytes, over the limit of 1,000,000" in e.value for e in app.error)


def test_an_accepted_claim_s_card_shows_no_draft_words() -> None:
    """Point 7: a claim the author accepted from a draft reads "No reason given" on its card
    until the author writes one; the draft's "proposed, not judged" is gone from it."""
    text = SECOND_TEXT
    draft = draft_case(text, "towns.txt")
    case = load_case_bytes(draft.case_yaml, "towns.yaml", {"towns.txt": text.encode()})
    work = workbench_from_case(case, "towns.yaml")
    rows = list(work.rows("claims"))
    ticked = judged_edits(rows, {0: {"accepted": True}}, "accepted", "#")
    rows[0] = {**rows[0], **ticked[0]}
    work = keep_accepted(work.with_rows("claims", rows))
    app = open_page()
    app.sidebar.get("file_uploader")[0].set_value(  # type: ignore[attr-defined]
        [
            ("towns.yaml", work.case_file_bytes(), "application/x-yaml"),
            ("towns.txt", text.encode(), "text/plain"),
        ]
    ).run()
    assert not app.exception
    cards = " ".join(str(h.value) for h in app.get("html") if 'class="why"' in str(h.value))
    assert NO_REASON.replace("'", "&#x27;") in cards
    assert "Proposed by the draft" not in cards


def test_an_added_row_is_empty_never_nan_and_can_be_undone() -> None:
    """Point 5: "Add a row" gives a row whose cells are empty in the table (a row added in
    the grid used to read "nan" in every text cell), and Undo takes it back."""
    app = build_view(open_page())
    app.button(key="wb_edit_copy").click().run()
    before = len(app.session_state[HISTORY].now.work.rows("sources"))
    app.button(key="wb_add_sources").click().run()
    assert not app.exception
    work = app.session_state[HISTORY].now.work
    assert len(work.rows("sources")) == before + 1
    frame = table_frame(work, "sources", work.check())
    texts = [value for value in frame.iloc[-1] if isinstance(value, str)]
    assert texts == ["✓"], texts  # only the check column holds text; the grid shows the rest empty
    app.button(key="wb_undo").click().run()
    assert len(app.session_state[HISTORY].now.work.rows("sources")) == before


def test_the_trust_sliders_stay_in_the_sidebar_while_building() -> None:
    """In Build a case the sidebar still shows the sliders under their groups' titles (it
    showed the titles alone), and a move there holds when the estimate is opened again."""
    app = build_view(open_page())
    assert not app.exception
    assert {s.key for s in app.sidebar.slider} >= {"w_cit", "w_volkov"}
    app.slider(key="w_cit").set_value(10).run()
    app = estimate_view(app)
    assert app.slider(key="w_cit").value == 10
    assert moved(app) != "no change"
