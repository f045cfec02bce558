"""Test cases for the bundled case, data/refusals.yaml: it loads, every claim is sourced, and
every judgment (grade, evidence group, relay weight, scenario) comes with its reason."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from dashboard.case import AtLeast, Case, Claim, collapse_whitespace, load_case_file
from dashboard.engine.settings import default_settings, settings_for
from dashboard.export import csv_bytes

REQUIRED_SOURCES = (
    "rferl",
    "north_realities",
    "current_time",
    "agora",
    "cit",
    "yelena",
    "grebenyuk",
    "stamp",
    "volkov",
    "author",
)
JUDGMENT = "Judgment:"
RELAYS = ("rferl", "north_realities", "current_time")
STAMP_GROUP = "stamp"


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case_file(Path(__file__).resolve().parents[2] / "data" / "refusals.yaml")


def claim_ids(case: Case) -> list[str]:
    return [claim.id for claim in case.claims]


def test_the_bundled_case_loads_with_its_quotes_checked(case: Case) -> None:
    """It loads the bundled case from disk and checks its quotes against its document."""
    assert case.quotes_checked
    assert case.document is not None
    assert case.document.file == "mutiny-brewing-refuseniks.txt"


def test_every_quote_occurs_in_the_article(case: Case, bundled_case_path: Path) -> None:
    """It quotes the article word for word (white space collapsed), claim by claim."""
    article = (bundled_case_path.parent / "mutiny-brewing-refuseniks.txt").read_text("utf-8")
    haystack = collapse_whitespace(article)
    missing = [c.id for c in case.claims if collapse_whitespace(c.quote) not in haystack]
    assert missing == []


def test_the_document_loaded_is_the_file_in_data(case: Case, bundled_case_path: Path) -> None:
    """It reads the document byte for byte from the file that document.file names in data/."""
    assert case.document is not None
    named = bundled_case_path.parent / case.document.file
    assert named.resolve().parent == bundled_case_path.parent.resolve()
    assert case.document.text is not None
    assert case.document.text.encode("utf-8") == named.read_bytes()


def test_every_claim_has_a_rationale(case: Case) -> None:
    """It explains every reading."""
    assert [c.id for c in case.claims if not c.rationale.strip()] == []


def needs_judgment(claim: Claim) -> bool:
    """A reading through a codebook label, or from a quote with no number, is a judgment."""
    return claim.reading.label is not None or not re.search(r"\d", claim.quote)


def test_judgment_readings_are_marked_as_judgment(case: Case) -> None:
    """It marks as "Judgment:" every reading that is a label or rests on a quote with no number."""
    judged = [c for c in case.claims if needs_judgment(c)]
    assert judged, "the bundled case has qualitative claims"
    assert [c.id for c in judged if not c.rationale.startswith(JUDGMENT)] == []


def test_every_codebook_entry_has_a_rationale(case: Case) -> None:
    """It explains every codebook label's reading."""
    entries = [(q.id, label, e) for q in case.questions for label, e in q.codebook.items()]
    assert entries
    assert [(q, label) for q, label, e in entries if not e.rationale.strip()] == []


def test_every_source_has_a_note(case: Case) -> None:
    """It gives each source a note: the reason for its default weight."""
    assert [s.id for s in case.sources if not s.note.strip()] == []


def test_the_required_sources_exist(case: Case) -> None:
    """It has every source the article names, relays included."""
    ids = {s.id for s in case.sources}
    assert set(REQUIRED_SOURCES) <= ids
    relays = {relay for s in case.sources for relay in s.via}
    assert relays <= ids


def test_the_two_questions_have_the_expected_scales(case: Case) -> None:
    """It asks for the refusal share (linear, %) and the refusal count (log)."""
    share = case.question("refusal_share")
    assert (share.scale, share.unit, share.min, share.max) == ("linear", "%", 0, 100)
    count = case.question("refusal_count")
    assert count.scale == "log"
    assert count.min > 0


def test_every_question_has_claims_and_every_claim_is_unique(case: Case) -> None:
    """It gives each question claims, and no two claims one id."""
    for question in case.questions:
        assert case.claims_on(question.id)
    assert len(set(claim_ids(case))) == len(case.claims)


def combined_rows(case: Case, scenario: str | None = None) -> list[dict[str, str]]:
    settings = settings_for(case, scenario=scenario) if scenario else default_settings(case)
    text = csv_bytes(case, settings).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_export_runs_and_every_combined_row_is_ok(case: Case) -> None:
    """It exports the bundled case under its default weights with every pool ok and finite."""
    rows = combined_rows(case)
    claims = [r for r in rows if r["row_type"] == "claim"]
    combined = [r for r in rows if r["row_type"] == "combined"]
    assert [r["claim_id"] for r in claims] == claim_ids(case)
    assert [(r["question_id"], r["method"]) for r in combined] == [
        (q.id, method) for q in case.questions for method in ("linear", "log")
    ]
    assert {r["status"] for r in combined} == {"ok"}
    for row in combined:
        question = case.question(row["question_id"])
        p05, median, p95 = (float(row[k]) for k in ("p05", "median", "p95"))
        assert question.min <= p05 <= median <= p95 <= question.max


def test_every_source_has_a_reliability_grade_with_its_reason(case: Case) -> None:
    """It grades every source A-F and says why in the note ("Reliability B: ...")."""
    assert [s.id for s in case.sources if s.reliability not in tuple("ABCDEF")] == []
    assert [s.id for s in case.sources if f"Reliability {s.reliability}:" not in s.note] == []


def test_every_claim_has_a_credibility_grade_with_its_reason(case: Case) -> None:
    """It grades every claim 1-6 and says why in the rationale ("Credibility 3 (...)")."""
    assert [c.id for c in case.claims if c.credibility not in range(1, 7)] == []
    assert [c.id for c in case.claims if f"Credibility {c.credibility} (" not in c.rationale] == []


def test_the_stamp_and_what_is_inferred_from_it_share_one_evidence_group(case: Case) -> None:
    """It puts the stamp and the inferences drawn from it in one evidence group."""
    grouped = {c.id for c in case.claims if c.evidence == STAMP_GROUP}
    assert len(grouped) >= 2
    assert {
        "stamp-count-exists",
        "grebenyuk-count-anecdote",
        "volkov-count-mass",
        "author-count-grown-large",
    } <= grouped
    on_count = [c for c in case.claims_on("refusal_count") if c.evidence == STAMP_GROUP]
    assert len(on_count) >= 2, "the group must have members on one question to count once"


def test_the_relays_have_deliberate_weights_and_carry_sources(case: Case) -> None:
    """Each RFE/RL relay carries some source and its note explains its weight as a relay."""
    for relay in RELAYS:
        carried = [s.id for s in case.sources if relay in s.via]
        assert carried, relay
        assert "relay" in case.source(relay).note.lower(), relay


def test_there_are_at_least_three_scenarios_that_say_who_holds_them(case: Case) -> None:
    """It offers three or more points of view, each with a note, weights, and a distinct name."""
    assert len(case.scenarios) >= 3
    assert [s.id for s in case.scenarios if len(s.note.split()) < 10] == []
    assert [s.id for s in case.scenarios if not s.weights] == []
    assert len({s.name for s in case.scenarios}) == len(case.scenarios)
    assert any(s.readings for s in case.scenarios), "some view reads a label differently"


@pytest.mark.parametrize(
    "scenario",
    ["documented_only", "cit_extrapolation", "doubt_stamp_and_sourcing", "count_every_account"],
)
def test_every_scenario_exports_with_every_pool_ok(case: Case, scenario: str) -> None:
    """Each scenario gives every question an estimate under both pools."""
    combined = [r for r in combined_rows(case, scenario) if r["row_type"] == "combined"]
    assert {r["status"] for r in combined} == {"ok"}


def says_nothing_about_the_count(claim: Claim, case: Case) -> bool:
    """A reading "at least the question's minimum" (through its label, if any) is ignorance."""
    question = case.question(claim.question)
    label = claim.reading.label
    reading = question.codebook[label].reading if label else claim.reading
    return isinstance(reading, AtLeast) and reading.low <= question.min


def test_claims_that_say_nothing_about_the_count_weigh_nothing_by_default(case: Case) -> None:
    """The case's decision: "at least one" is ignorance, and weighted ignorance widens the pool."""
    empty = [c for c in case.claims if says_nothing_about_the_count(c, case)]
    assert {c.id for c in empty} == {
        "yelena-count-anecdote",
        "grebenyuk-count-anecdote",
        "stamp-count-exists",
    }
    assert [c.source for c in empty if case.source(c.source).weight != 0] == []
    anecdote = case.question("refusal_count").codebook["anecdote"]
    assert "weight 0" in anecdote.rationale


def test_every_question_says_why_its_bounds_and_names_its_threshold(case: Case) -> None:
    """The bounds are a judgment (spec section 12) and the answer turns on a figure (section
    13): each question gives its reason for min and max, and a threshold between them."""
    assert [q.id for q in case.questions if not q.bounds_rationale.strip()] == []
    for question in case.questions:
        assert question.threshold is not None, question.id
        assert question.min < question.threshold < question.max, question.id
    assert case.question("refusal_count").threshold == 1000, "Agora's documented floor"
