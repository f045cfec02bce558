"""Test cases for the reader's own case file (spec section 8): `reader_case_file`."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import replace
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.case import AtMost, Document, Range, load_case_bytes, load_case_file
from dashboard.case.file import content_digest
from dashboard.engine.settings import reader_case_file, settings_for
from dashboard.engine.weights import Switches
from dashboard.export import csv_bytes
from dashboard.store import case_id
from tests.factories import analyst_case

CASE = analyst_case()
SOURCES = [s.id for s in CASE.sources]


def figures(data: bytes) -> list[list[str]]:
    """The CSV without the reading_origin and settings columns: in a downloaded case file,
    the reader's readings and weights become the case's own defaults."""
    rows = list(csv.reader(io.StringIO(data.decode())))
    dropped = {rows[0].index("reading_origin"), rows[0].index("settings")}
    return [[cell for i, cell in enumerate(row) if i not in dropped] for row in rows]


def test_the_case_file_loads_and_keeps_everything_else() -> None:
    """It writes a case that loads, with the same claims, grades, relays and scenarios."""
    again = load_case_bytes(reader_case_file(CASE, settings_for(CASE)), "mine.yaml")
    assert again.claims == CASE.claims
    assert again.sources == CASE.sources
    assert again.scenarios == CASE.scenarios


@settings(max_examples=40, deadline=None)
@given(
    scenario=st.sampled_from([None, "official", "witnesses"]),
    weights=st.dictionaries(st.sampled_from(SOURCES), st.integers(0, 100), max_size=4),
    few=st.none() | st.just(AtMost(25)) | st.just(Range(11, 40)),
    switches=st.builds(Switches, st.booleans(), st.booleans(), st.booleans()),
)
def test_a_downloaded_case_file_exports_the_same_figures(
    scenario: str | None, weights: dict[str, int], few: AtMost | Range | None, switches: Switches
) -> None:
    """It gives, exported again with the same switches, the figures of the view it came from."""
    readings = {("aboard", "few"): few} if few else {}
    state = settings_for(CASE, scenario, weights, readings, switches)
    again = load_case_bytes(reader_case_file(CASE, state), "mine.yaml")
    plain = settings_for(again, switches=switches)
    assert figures(csv_bytes(again, plain)) == figures(csv_bytes(CASE, state))


def test_a_case_with_several_documents_keeps_them_and_each_claims_own() -> None:
    """It writes the `documents` list back unchanged and each claim's document, so the file
    loads again beside the same document files with every quote checked."""
    folder = Path(__file__).resolve().parents[1] / "fixtures" / "two-documents"
    case = load_case_file(folder / "roads.yaml")
    texts = {d.file: (folder / d.file).read_bytes() for d in case.documents}
    again = load_case_bytes(reader_case_file(case, settings_for(case)), "mine.yaml", texts)
    assert again.documents == case.documents
    assert again.claims == case.claims
    assert again.quotes_checked


def test_the_weights_are_written_as_whole_numbers() -> None:
    """It writes every weight, a source's and a scenario's, as a YAML integer (spec section 1)."""
    data = yaml.safe_load(reader_case_file(CASE, settings_for(CASE, weights={"police": 70})))
    weights = [source["weight"] for source in data["sources"]]
    weights += [w for scenario in data["scenarios"] for w in scenario.get("weights", {}).values()]
    assert weights and all(type(weight) is int for weight in weights)
    assert weights[1] == 70


def test_the_case_file_keeps_the_judgment_fields_language_and_translation() -> None:
    """It writes back each question's bounds rationale and threshold, each document's language
    and each claim's translation, so they load again unchanged (spec sections 1, 12, 13)."""
    question = replace(CASE.questions[0], bounds_rationale="a share", threshold=50.0)
    claim = replace(CASE.claims[0], translation="in English")
    judged = replace(
        CASE,
        questions=(question, *CASE.questions[1:]),
        claims=(claim, *CASE.claims[1:]),
        document=Document(title="Notes", language="ru"),
    )
    again = load_case_bytes(reader_case_file(judged, settings_for(judged)), "mine.yaml")
    assert again.questions == judged.questions
    assert again.claims == judged.claims
    assert again.document == judged.document


def test_the_content_digest_reads_the_files_as_section_9_does() -> None:
    """The case file, then a zero byte and each document; alone, the case and one zero."""
    assert (
        content_digest(b"case", [b"one", b"two"]) == hashlib.sha256(b"case\0one\0two").hexdigest()
    )
    assert content_digest(b"case") == hashlib.sha256(b"case\0").hexdigest()
    assert case_id(b"case", [b"one"]) == "u-" + content_digest(b"case", [b"one"])[:32]
