"""Cases made to order for tests: toy case files as text, and cases built in code.

Every test module takes its cases from here; a case stays beside a test only when it is
that test's point. `many_sources_text` lives in tools/cases.py, which the speed
benchmark uses too (benchmarks import nothing from tests/).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dashboard.case import Case, Claim, Question, Reading, Scenario, Source, load_case_bytes
from dashboard.engine.pooling import Estimate, Pooled, QuestionResult, Summary, evaluate
from dashboard.engine.settings import settings_for
from dashboard.engine.weights import Switches
from dashboard.export import csv_bytes
from tools.cases import many_sources_text as many_sources_text

# --- case files ----------------------------------------------------------------------------

MINIMAL_CASE = """\
title: A small test case
questions:
  - id: share
    text: Share of ships waiting
    unit: "%"
    min: 0
    max: 100
sources:
  - id: alpha
    name: Alpha agency
    weight: 60
  - id: beta
    name: Beta blog
claims:
  - source: alpha
    question: share
    quote: "twenty to forty percent"
    reading: {range: [20, 40]}
  - source: beta
    question: share
    quote: "at least thirty percent"
    reading: {at_least: 30}
"""
"""A valid case: one linear question on [0, 100], two sources (one at the default weight),
two claims. Line numbers matter: tests assert that errors name them."""

MINIMAL_DOCUMENT = (
    "Alpha said that twenty to forty percent were waiting.\nBeta wrote: at least thirty percent.\n"
)
"""A document in which both quotes of the minimal case occur."""

TWO_QUESTIONS = """\
title: Two questions
questions:
  - id: waiting
    text: Ships waiting
    min: 0
    max: 200
    codebook:
      dozens: {range: [24, 90]}
  - id: delay
    text: Delay per ship
    unit: hours
    min: 0.5
    max: 2000
    scale: log
sources:
  - id: port
    name: Port authority
    weight: 75
  - id: pilots
    name: Pilots' union, "north"
    weight: 40
  - id: tracker
    name: Tracker
    weight: 60
claims:
  - source: port
    question: waiting
    quote: "Between 30 and 38 vessels"
    reading: {range: [30, 38]}
  - source: port
    question: delay
    quote: "Delays run from 20 to 60 hours."
    reading: {range: [20, 60]}
  - source: pilots
    question: waiting
    quote: "Dozens of ships, they say"
    reading: {label: dozens}
  - source: tracker
    question: waiting
    quote: "at least 41"
    reading: {at_least: 41}
  - source: tracker
    question: delay
    quote: "under 300 hours"
    reading: {at_most: 300}
"""
"""Two questions (linear with a codebook, log with a unit), three sources, every reading
shape; a source name holding a comma and quotes."""


ANALYST_CASE = """\
title: Ferry passengers
questions:
  - id: aboard
    text: Passengers aboard
    unit: people
    min: 10
    max: 2000
    scale: log
    codebook:
      crowded: {range: [150, 600], rationale: a judgment}
      few: {at_most: 60}
  - id: delay
    text: Minutes to the first boat
    unit: minutes
    min: 0
    max: 240
    codebook:
      long: {at_least: 45}
sources:
  - {id: operator, name: Operator, weight: 40, reliability: D}
  - {id: police, name: Police, weight: 80, reliability: B}
  - {id: wire, name: Wire, weight: 60, reliability: B}
  - {id: gazette, name: Gazette, weight: 55, via: [wire]}
  - {id: survivor, name: Survivor, weight: 35, reliability: F}
  - {id: radio, name: Radio relay, weight: 70}
  - {id: blog, name: Blog, weight: 50, via: [radio, wire]}
claims:
  - {id: op, source: operator, question: aboard, quote: a, reading: {range: [212, 230]},
     credibility: 3, evidence: manifest}
  - {id: wi, source: wire, question: aboard, quote: b, reading: {range: [200, 240]},
     credibility: 3, evidence: manifest}
  - {id: ga, source: gazette, question: aboard, quote: c, reading: {at_least: 200},
     evidence: manifest}
  - {id: po, source: police, question: aboard, quote: d, reading: {at_least: 300}, credibility: 2}
  - {id: su, source: survivor, question: aboard, quote: e, reading: {label: crowded},
     credibility: 6}
  - {id: su2, source: survivor, question: aboard, quote: f, reading: {label: few}}
  - {id: bl, source: blog, question: aboard, quote: g, reading: {label: crowded}}
  - {id: sd, source: survivor, question: delay, quote: h, reading: {label: long}, credibility: 6}
  - {id: pd, source: police, question: delay, quote: i, reading: {range: [25, 35]}, credibility: 1}
  - {id: od, source: operator, question: delay, quote: j, reading: {at_most: 15}, credibility: 5}
scenarios:
  - id: official
    name: Trust the officials
    weights: {police: 100, operator: 10, survivor: 10}
  - id: witnesses
    name: Believe the witnesses
    note: the paper trail was tidied up
    weights: {survivor: 90, operator: 5}
    readings:
      aboard.crowded: {range: [250, 900]}
      delay.long: {at_least: 60}
"""
"""A small case using every analyst feature: grades, relays (one relay-only source),
evidence groups, codebooks, scenarios with weights and readings."""


def analyst_case() -> Case:
    return load_case_bytes(ANALYST_CASE.encode(), "ferry.yaml")


BRIDGES_CASE = b"""title: Bridges closed after the storm
questions:
  - {id: closed, text: Bridges closed, unit: bridges, min: 0, max: 50}
sources:
  - {id: city, name: City hall, weight: 80}
  - {id: paper, name: Local paper, weight: 20}
claims:
  - source: city
    question: closed
    quote: "Between 3 and 7 bridges are shut."
    reading: {range: [3, 7]}
  - source: paper
    question: closed
    quote: "At least 12 bridges are closed."
    reading: {at_least: 12}
"""
"""A small case a reader might upload: one question, two sources, two claims."""

BRIDGES_DOCUMENT = (
    b"City: Between 3 and 7 bridges are shut. Paper: At least 12 bridges are closed.\n"
)
"""A document in which both quotes of the bridges case occur."""

BRIDGES_CASE_WITH_DOCUMENT = BRIDGES_CASE.replace(
    b"questions:", b"document: {file: notes.txt}\nquestions:", 1
)
"""The bridges case naming its document, `notes.txt` (`BRIDGES_DOCUMENT`)."""

CROWD_CASE = b"""
title: How many marched
questions:
  - {id: crowd, text: People at the march, unit: people, min: 100, max: 1000000, scale: log}
sources:
  - {id: police, name: City police, weight: 100}
  - {id: organisers, name: The organisers, weight: 100}
  - {id: reporter, name: A reporter, weight: 0}
claims:
  - {source: police, question: crowd, quote: about 15000, reading: {range: [12000, 18000]}}
  - {source: organisers, question: crowd, quote: 75000 marched, reading: {range: [65000, 85000]}}
  - {source: reporter, question: crowd, quote: many thousands, reading: {range: [2000, 90000]}}
"""
"""Police and organisers both trusted, their counts far apart (spec section 10); a vague
reporter at weight 0."""


# --- cases built in code -------------------------------------------------------------------

QUESTION = Question("q", "A quantity", "", 0, 100)
"""The default question of `make_case`: linear on [0, 100]."""


def make_case(
    claims: Sequence[tuple[str, Reading]] | Sequence[tuple[str, Reading, str]],
    weights: Mapping[str, float],
    questions: Sequence[Question] | None = None,
    *,
    via: Mapping[str, tuple[str, ...]] | None = None,
    credibility: Sequence[int | None] | None = None,
    evidence: Sequence[str | None] | None = None,
    scenarios: Sequence[Scenario] = (),
) -> Case:
    """A case from (source, reading[, question]) triples; sources get the given default
    weights (and relays `via`); claims the given grades and evidence groups, in order."""
    questions = tuple(questions or [QUESTION])
    made = []
    for index, item in enumerate(claims):
        source, reading, question_id = (*item, questions[0].id)[:3]
        made.append(
            Claim(
                f"c{index}",
                source,
                question_id,
                f"quote {index}",
                reading,
                credibility=credibility[index] if credibility else None,
                evidence=evidence[index] if evidence else None,
            )
        )
    sources = tuple(
        Source(s, s.upper(), weight=w, via=(via or {}).get(s, ())) for s, w in weights.items()
    )
    return Case("A case", questions, sources, tuple(made), scenarios=tuple(scenarios))


def evaluate_with(
    case: Case, weights: Mapping[str, float] | None = None, switches: Switches | None = None
) -> dict[str, QuestionResult]:
    """Every question's result with `weights` over the defaults."""
    settings = settings_for(case, weights=weights or {}, switches=switches or Switches())
    return evaluate(case, settings)


def summary_of(pooled: Pooled) -> Summary | None:
    """The pooled summary, or None for `NoEstimate`."""
    return pooled.summary if isinstance(pooled, Estimate) else None


def export_with(
    case: Case, weights: Mapping[str, float] | None = None, switches: Switches | None = None
) -> bytes:
    """The CSV export with `weights` over the defaults."""
    settings = settings_for(case, weights=weights or {}, switches=switches or Switches())
    return csv_bytes(case, settings)
