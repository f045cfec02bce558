"""The case format (spec section 1): its model, its one schema, its loader, its quotes.

Everything a caller needs is importable from `dashboard.case`.
"""

from dashboard.case.file import case_file_bytes
from dashboard.case.loader import UPLOAD_LIMIT_BYTES, load_case_bytes, load_case_file
from dashboard.case.model import (
    CREDIBILITY_GRADES,
    DEFAULT_WEIGHT,
    RELIABILITY_GRADES,
    SCALES,
    AtLeast,
    AtMost,
    Case,
    Claim,
    CodebookEntry,
    Document,
    Passage,
    Question,
    Range,
    Reading,
    Scale,
    Scenario,
    Source,
    decimal_text,
    number_text,
    reading_mapping,
)
from dashboard.case.problems import MAX_PROBLEMS, CaseError, CaseProblem, Place
from dashboard.case.quotes import (
    QuoteFinder,
    collapse_whitespace,
    comparable_quote,
    surrounding_paragraph,
)
from dashboard.case.values import SLUG
from dashboard.case.yaml_text import FAST_LOADER, MAX_NESTING

__all__ = [
    "CREDIBILITY_GRADES",
    "RELIABILITY_GRADES",
    "DEFAULT_WEIGHT",
    "FAST_LOADER",
    "MAX_NESTING",
    "MAX_PROBLEMS",
    "SCALES",
    "SLUG",
    "UPLOAD_LIMIT_BYTES",
    "AtLeast",
    "AtMost",
    "Case",
    "CaseError",
    "CaseProblem",
    "Claim",
    "CodebookEntry",
    "Document",
    "Passage",
    "Place",
    "Question",
    "QuoteFinder",
    "Range",
    "Reading",
    "Scale",
    "Scenario",
    "Source",
    "case_file_bytes",
    "collapse_whitespace",
    "comparable_quote",
    "decimal_text",
    "load_case_bytes",
    "load_case_file",
    "number_text",
    "reading_mapping",
    "surrounding_paragraph",
]
