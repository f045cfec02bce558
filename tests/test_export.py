"""Test cases for the export module: the CSV of spec section 5."""

from __future__ import annotations

import csv
import io
import math
import re

import pytest

from dashboard.case import Case, load_case_bytes
from dashboard.engine.pooling import Method, ReadingMemo, evaluate_question
from dashboard.engine.settings import settings_for
from dashboard.export import COLUMNS, csv_bytes, csv_number, escape_text, export_file_name
from tests.factories import TWO_QUESTIONS, evaluate_with, export_with, summary_of

HEADER = (
    "row_type,question_id,method,status,source_id,source_name,claim_id,reading,weight,"
    "normalized_weight,p05,median,p95,mean,quote,reliability,credibility,evidence,"
    "effective_weight,reading_origin,settings,disagreement,threshold,p_above,unit,question_text"
)
NUMBER = re.compile(r"-?\d+(\.\d+)?(e[+-]\d+)?")
FIGURES = ("p05", "median", "p95", "mean")

NEGATIVE = """\
title: Text that looks like formulas
questions:
  - id: q
    text: A quantity around zero
    min: -50
    max: 50
sources:
  - {id: a, name: "=Source A", weight: 60}
  - {id: b, name: "+Source B"}
  - {id: c, name: "-Source C"}
  - {id: d, name: "@Source D"}
  - {id: e, name: "\\tSource E"}
  - {id: g, name: "\\nSource G"}
  - {id: h, name: "Plain, with a comma"}
claims:
  - {source: a, question: q, quote: "-10 to 10, they said", reading: {range: [-45, -25]}}
  - {source: b, question: q, quote: "@no more than -20", reading: {at_most: -20}}
  - {source: c, question: q, quote: "=1+1", reading: {at_least: -40}}
  - {source: d, question: q, quote: "+5", reading: {range: [-10, 10]}}
  - {source: e, question: q, quote: "\\tindented", reading: {range: [-10, 10]}}
  - {source: g, question: q, quote: "\\nnew line", reading: {range: [-10, 10]}}
  - {id: -odd-id, source: h, question: q, quote: "plain 'quote'", reading: {range: [-10, 10]}}
"""
"""Names, quotes and ids that a spreadsheet would run as formulas, on a question around
zero: the point of the escaping tests here, so it stays beside them."""


def load(text: str) -> Case:
    return load_case_bytes(text.encode("utf-8"), "case.yaml")


def rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


@pytest.fixture
def two_questions() -> Case:
    return load(TWO_QUESTIONS)


@pytest.fixture
def formulas() -> Case:
    return load(NEGATIVE)


def test_the_header_is_exactly_the_spec_columns(two_questions: Case) -> None:
    """It starts with the header row of the spec, in the spec's order."""
    data = export_with(two_questions, {})
    assert data.split(b"\n", 1)[0].decode() == HEADER
    assert ",".join(COLUMNS) == HEADER


def test_claim_rows_come_in_file_order_then_combined_rows(two_questions: Case) -> None:
    """It writes one row per claim in case-file order, then linear and log per question."""
    rows = rows_of(export_with(two_questions, {}))
    assert [(r["row_type"], r["claim_id"]) for r in rows[:5]] == [
        ("claim", "port-1"),
        ("claim", "port-2"),
        ("claim", "pilots-1"),
        ("claim", "tracker-1"),
        ("claim", "tracker-2"),
    ]
    assert [r["question_id"] for r in rows[:5]] == [
        "waiting",
        "delay",
        "waiting",
        "waiting",
        "delay",
    ]
    assert [(r["row_type"], r["question_id"], r["method"]) for r in rows[5:]] == [
        ("combined", "waiting", "linear"),
        ("combined", "waiting", "log"),
        ("combined", "delay", "linear"),
        ("combined", "delay", "log"),
    ]


def test_claim_rows_carry_the_claim_and_its_own_figures(two_questions: Case) -> None:
    """It fills a claim row with its source, reading, weights, own figures and quote."""
    rows = rows_of(export_with(two_questions, {}))
    results = evaluate_with(two_questions, {})
    first, _, dozens, tracker, _ = rows[:5]
    assert first["method"] == first["status"] == ""
    assert (first["source_id"], first["source_name"]) == ("port", "Port authority")
    assert first["reading"] == "range 30-38"
    assert dozens["reading"] == "label dozens (range 24-90)"
    assert tracker["reading"] == "at least 41"
    assert rows[4]["reading"] == "at most 300"
    assert dozens["source_name"] == 'Pilots\' union, "north"'
    assert [r["weight"] for r in rows[:5]] == ["75", "75", "40", "60", "60"]
    assert first["quote"] == "Between 30 and 38 vessels"
    waiting = results["waiting"]
    for row, index in ((first, 0), (dozens, 1), (tracker, 2)):
        assert float(row["normalized_weight"]) == pytest.approx(
            waiting.normalized_weights[index], rel=1e-6
        )
        summary = waiting.claim_summaries[index]
        for name in FIGURES:
            assert float(row[name]) == pytest.approx(getattr(summary, name), rel=1e-6)
    assert float(tracker["mean"]) == pytest.approx(115.5, rel=0.005)


def test_combined_rows_carry_the_pooled_figures(two_questions: Case) -> None:
    """It fills a combined row with its status, weight 1 and the pooled figures only."""
    rows = rows_of(export_with(two_questions, {}))[5:]
    results = evaluate_with(two_questions, {})
    for row in rows:
        assert row["status"] == "ok"
        assert row["normalized_weight"] == "1"
        for column in ("source_id", "source_name", "claim_id", "reading", "weight", "quote"):
            assert row[column] == ""
        summary = summary_of(results[row["question_id"]].pooled[Method(row["method"])])
        assert summary is not None
        for name in FIGURES:
            assert float(row[name]) == pytest.approx(getattr(summary, name), rel=1e-6)


def test_a_question_without_weight_has_empty_figures(two_questions: Case) -> None:
    """It writes `no_weight` and no figures for a question whose claims all weigh 0."""
    rows = rows_of(export_with(two_questions, {"port": 0, "tracker": 0}))
    delay = [r for r in rows if r["row_type"] == "combined" and r["question_id"] == "delay"]
    assert [r["status"] for r in delay] == ["no_weight", "no_weight"]
    for row in delay:
        assert [row[name] for name in FIGURES] == ["", "", "", ""]
        assert row["normalized_weight"] == "1"
    waiting = [r for r in rows if r["row_type"] == "combined" and r["question_id"] == "waiting"]
    assert [r["status"] for r in waiting] == ["ok", "ok"]
    claims = [r for r in rows if r["row_type"] == "claim" and r["question_id"] == "delay"]
    assert [r["normalized_weight"] for r in claims] == ["0", "0"]
    assert all(r[name] != "" for r in claims for name in FIGURES)


def test_weights_override_the_defaults(two_questions: Case) -> None:
    """It writes the weights it was given, keeping defaults for the sources left out."""
    rows = rows_of(export_with(two_questions, {"pilots": 100, "port": 12.5}))
    assert [r["weight"] for r in rows[:5]] == ["12.5", "12.5", "100", "60", "60"]
    shares = [float(rows[i]["normalized_weight"]) for i in (0, 2, 3)]
    assert shares == pytest.approx([12.5 / 172.5, 100 / 172.5, 60 / 172.5], rel=1e-6)


@pytest.mark.parametrize(
    ("source", "name", "quote"),
    [
        ("a", "'=Source A", "'-10 to 10, they said"),
        ("b", "'+Source B", "'@no more than -20"),
        ("c", "'-Source C", "'=1+1"),
        ("d", "'@Source D", "'+5"),
        ("e", "'\tSource E", "'\tindented"),
        ("g", "'\nSource G", "'\nnew line"),
        ("h", "Plain, with a comma", "plain 'quote'"),
    ],
)
def test_text_that_a_spreadsheet_would_run_gets_a_leading_quote(
    formulas: Case, source: str, name: str, quote: str
) -> None:
    """It prefixes ' to a text cell starting with = + - @ tab CR or LF, and to nothing else."""
    row = next(r for r in rows_of(export_with(formulas, {})) if r["source_id"] == source)
    assert row["source_name"] == name
    assert row["quote"] == quote


def test_ids_that_start_with_a_dash_are_escaped_too(formulas: Case) -> None:
    """It escapes a claim id starting with '-' like any other text."""
    row = rows_of(export_with(formulas, {}))[6]
    assert row["claim_id"] == "'-odd-id"


def test_numbers_are_not_escaped(formulas: Case) -> None:
    """It leaves negative figures as numbers, not text: a negative median stays -34.2..."""
    rows = rows_of(export_with(formulas, {}))
    first = rows[0]
    assert first["reading"] == "range -45 to -25"
    assert first["median"].startswith("-34.9")
    assert float(first["median"]) == pytest.approx(-34.95, abs=0.01)
    for row in rows:
        for name in FIGURES:
            if row[name]:
                assert NUMBER.fullmatch(row[name]), row[name]


def test_numbers_keep_six_significant_digits_and_no_separators() -> None:
    """It writes figures with at least 6 significant digits and no thousands separators."""
    case = load(
        TWO_QUESTIONS.replace("max: 200\n", "max: 20000000\n").replace(
            "[30, 38]", "[1234567, 2345678]"
        )
    )
    data = export_with(case, {"pilots": 33})
    rows = rows_of(data)
    results = evaluate_with(case, {"pilots": 33})
    summary = results["waiting"].claim_summaries[0]
    for name in FIGURES:
        cell = rows[0][name]
        assert "," not in cell and " " not in cell and "_" not in cell
        assert float(cell) == pytest.approx(getattr(summary, name), rel=5e-7)
    assert float(rows[0]["median"]) == pytest.approx(1790122.5, rel=1e-4)
    assert float(rows[2]["normalized_weight"]) == pytest.approx(33 / 168, rel=5e-7)
    assert b'"' not in data.split(b"\n")[1]


@pytest.mark.parametrize(
    "value", [1 / 3, 2 / 3 * 1e6, 123456.789, 1e-7 / 3, -34.212345678, 1e12 / 7, 0.5]
)
def test_csv_number_keeps_at_least_six_significant_digits(value: float) -> None:
    """It writes any number precisely enough that 6 significant digits survive."""
    text = csv_number(value)
    assert NUMBER.fullmatch(text), text
    assert float(text) == pytest.approx(value, rel=5e-7)


def test_line_ends_are_line_feeds_and_text_is_utf8() -> None:
    """It ends every line with \\n alone and encodes text as UTF-8 without a BOM."""
    case = load(TWO_QUESTIONS.replace("Port authority", "Autorité portuaire – “Nord”"))
    data = export_with(case, {})
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.endswith(b"\n")
    assert b"\r\n" not in data
    assert "Autorité portuaire – “Nord”".encode() in data
    assert data.count(b"\n") == 1 + len(case.claims) + 2 * len(case.questions)


def test_a_line_break_inside_a_quote_stays_inside_its_cell() -> None:
    """It quotes a cell holding a line break, so the row still reads back as one row."""
    case = load(TWO_QUESTIONS.replace('"at least 41"', '"at least\\n41"'))
    rows = rows_of(export_with(case, {}))
    assert len(rows) == 9
    assert rows[3]["quote"] == "at least\n41"


def test_the_same_state_gives_the_same_bytes(two_questions: Case) -> None:
    """It writes identical bytes for identical state, with or without a cache."""
    weights = {"port": 10, "pilots": 90}
    memo = ReadingMemo()
    data = export_with(two_questions, weights)
    assert export_with(two_questions, weights) == data
    settings = settings_for(two_questions, weights=weights)
    assert csv_bytes(two_questions, settings, memo) == data
    assert csv_bytes(two_questions, settings, memo) == data
    assert export_with(two_questions, {**two_questions.default_weights(), **weights}) == data


def test_a_carriage_return_at_the_start_is_escaped() -> None:
    """It prefixes ' to text starting with a carriage return."""
    assert escape_text("\rx") == "'\rx"


@pytest.mark.parametrize(
    ("written", "cell"),
    [("\\rSource F", "'\rSource F"), ("Source\\rF", "Source\rF")],
    ids=["leading", "inner"],
)
def test_a_carriage_return_inside_a_cell_stays_inside_it(written: str, cell: str) -> None:
    """It quotes a cell holding a carriage return, so the row still reads back as one row."""
    case = load(TWO_QUESTIONS.replace("name: Tracker", f'name: "{written}"'))
    rows = rows_of(export_with(case, {}))
    assert [r["row_type"] for r in rows] == ["claim"] * 5 + ["combined"] * 4
    assert rows[3]["source_name"] == cell


def test_escape_text_leaves_ordinary_text_alone() -> None:
    """It leaves text that a spreadsheet would not run unchanged, even with inner = or -."""
    assert escape_text("a=b-c") == "a=b-c"
    assert escape_text(" =x") == " =x"
    assert escape_text("") == ""
    assert escape_text("-") == "'-"


def test_export_file_name_names_the_case() -> None:
    """It names the download after the case."""
    assert export_file_name("refusals", at_defaults=True) == "refusals-defaults.csv"
    assert export_file_name("refusals", at_defaults=False) == "refusals-your-settings.csv"


def test_every_figure_is_finite_for_an_ordinary_case(two_questions: Case) -> None:
    """It writes finite figures for every ok row."""
    for row in rows_of(export_with(two_questions, {})):
        for name in FIGURES:
            assert math.isfinite(float(row[name]))


def test_combined_rows_carry_the_threshold_and_p_above_of_each_method(
    two_questions: Case,
) -> None:
    """With a threshold in force, each combined row gives it and its method's p_above with
    6 significant digits; claim rows, and questions without a threshold, leave both empty."""
    state = settings_for(two_questions, thresholds={"waiting": 40})
    rows = rows_of(csv_bytes(two_questions, state))
    results = {q.id: evaluate_question(two_questions, q.id, state) for q in two_questions.questions}
    for row in rows:
        if row["row_type"] == "claim" or row["question_id"] != "waiting":
            assert (row["threshold"], row["p_above"]) == ("", "")
            continue
        p_above = results["waiting"].p_above(Method(row["method"]))
        assert p_above is not None
        assert row["threshold"] == "40"
        assert row["p_above"] == f"{p_above:.6g}"
    assert rows[0]["settings"] == "t_waiting=40"


def test_p_above_is_empty_without_an_estimate(two_questions: Case) -> None:
    """A question whose claims all weigh 0 keeps its threshold, with no p_above."""
    weights = dict.fromkeys(two_questions.default_weights(), 0)
    state = settings_for(two_questions, weights=weights, thresholds={"waiting": 40})
    combined = [row for row in rows_of(csv_bytes(two_questions, state)) if row["method"]]
    waiting = [
        (row["threshold"], row["p_above"]) for row in combined if row["question_id"] == "waiting"
    ]
    assert waiting == [("40", ""), ("40", "")]
