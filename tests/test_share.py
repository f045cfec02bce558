"""Test cases for the share module: reading hand-edited links and building them."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.case import load_case_file
from dashboard.share import parse_link, share_query, share_url

ROOT = Path(__file__).resolve().parents[1]
CASE = load_case_file(ROOT / "data" / "refusals.yaml")
CASES = {"refusals": CASE}


def test_a_clean_link_sets_everything_it_names() -> None:
    """Case, question, method and integer weights are taken as given, with no warning."""
    link = parse_link(
        {"case": ["refusals"], "q": ["refusal_count"], "method": ["log"], "w_cit": ["0"]}, CASES
    )
    assert (link.case_id, link.question_id, link.method) == ("refusals", "refusal_count", "log")
    assert link.weights == {"cit": 0}
    assert link.warnings == ()


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"case": ["../../etc/passwd"]}, "../../etc/passwd"),
        ({"q": ["nope"]}, "nope"),
        ({"method": ["median"]}, "median"),
        ({"w_nobody": ["5"]}, "nobody"),
        ({"w_cit": ["abc"]}, "abc"),
        ({"w_cit": ["101"]}, "101"),
        ({"w_cit": ["-1"]}, "-1"),
        ({"w_cit": ["50.5"]}, "50.5"),
        ({"w_cit": [""]}, "''"),
        ({"w_cit": ["1", "2"]}, "w_cit"),
        ({"case": ["refusals", "refusals"]}, "case"),
        ({"colour": ["red"]}, "colour"),
    ],
)
def test_each_unusable_part_is_named_in_one_warning(params: dict, named: str) -> None:
    """Every part of a link that cannot be used is ignored with a warning that names it."""
    link = parse_link(params, CASES)
    assert len(link.warnings) == 1
    assert named in link.warnings[0]
    assert link.weights == {}


def test_streamlit_embed_options_pass_silently() -> None:
    """Streamlit's own `embed` keys are not the link's business and draw no warning."""
    assert parse_link({"embed": ["true"], "embed_options": ["light_theme"]}, CASES).warnings == ()


def test_a_huge_value_is_shortened_in_its_warning() -> None:
    """A warning quotes a bounded part of a long value."""
    link = parse_link({"case": ["x" * 10_000]}, CASES)
    assert len(link.warnings[0]) < 200


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.one_of(st.sampled_from(["case", "q", "method", "w_cit", "w_agora", "w_"]), st.text()),
        st.lists(st.text(max_size=30), min_size=1, max_size=3),
        max_size=6,
    )
)
def test_any_query_parses_to_a_usable_state(params: dict[str, list[str]]) -> None:
    """Whatever a link holds, parsing returns known ids and weights in 0..100, never raises."""
    link = parse_link(params, CASES)
    assert link.case_id in (None, "refusals")
    assert link.question_id in (None, "refusal_share", "refusal_count")
    assert link.method in (None, "linear", "log")
    assert all(s in {src.id for src in CASE.sources} for s in link.weights)
    assert all(0 <= w <= 100 for w in link.weights.values())


def test_a_built_link_names_only_changed_weights_and_reads_back() -> None:
    """The copied link round-trips through parse_link to the same state."""
    weights = {**CASE.default_weights(), "cit": 10, "author": 100}
    query = share_query("refusals", "refusal_count", "log", weights, CASE)
    assert {k for k in query if k.startswith("w_")} == {"w_cit", "w_author"}
    url = share_url("http://localhost:8501/?old=1", query)
    params = parse_qs(urlsplit(url).query)
    link = parse_link(params, CASES)
    assert link.warnings == ()
    assert link.weights == {"cit": 10, "author": 100}
    assert (link.question_id, link.method) == ("refusal_count", "log")
