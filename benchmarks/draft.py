"""How much of a hand-built case the draft of its document finds (spec section 11).

    .venv/bin/python -m benchmarks.draft [CASE.yaml ...] [--no-time]

For each hand-built case (by default the bundled one, the two invented texts under
tests/fixtures/drafts/ and the sixteen of benchmarks/draft_corpus/), the draft of the
case's document file is made and compared with the case, per text, per language and
overall:

- quotes found: a hand-built quote is found when one proposed quote contains it, or
  holds at least FOUND_SHARE of its words (both compared as the loader compares quotes:
  white space collapsed, the final mark dropped, curly quotes and dashes as straight
  ones, and for words, lower case without punctuation);
- each kept claim whose quote is found is matched to the proposed claim that finds it
  and reads it best, and of those: the speaker right (the proposed source names the
  kept one, or both are the document's own author or outlet), the reading right (its
  kind, and its figures within FIGURE_TOLERANCE: both ends of a range, or its middle
  when the analyst put their own spread around one figure) and, where the kept source
  came through a relay, the relay right;
- mixed questions: pairs of the case's questions (different counted things) whose kept
  claims' proposals share one question of the draft;
- proposed claims against kept ones;
- and, once, the time to draft a text of 1 MB made of the corpus's paragraphs.

The targets are the TARGET_* constants; the quotes not found and the readings and
speakers missed are listed under the table.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import TypeVar

from dashboard.case import (
    UPLOAD_LIMIT_BYTES,
    AtLeast,
    AtMost,
    Case,
    Claim,
    Range,
    Reading,
    comparable_quote,
    load_case_bytes,
    load_case_file,
)
from dashboard.case.quotes import canonical
from dashboard.draft import DraftError, draft_case

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "benchmarks" / "draft_corpus"
BUNDLED = ROOT / "data" / "refusals.yaml"
DEFAULT_CASES = (
    BUNDLED,
    ROOT / "tests" / "fixtures" / "drafts" / "rally-crowd.yaml",
    ROOT / "tests" / "fixtures" / "drafts" / "port-strike.yaml",
    *sorted(CORPUS.glob("*.yaml")),
)
FOUND_SHARE = 0.8
"""A proposed quote holding this share of a hand-built quote's words finds it: the analyst
may have trimmed a word or two at either end of the draft's sentence."""
FIGURE_TOLERANCE = 0.01
"""A suggested figure within 1% of the analyst's is the same figure."""
TARGET_FOUND = 0.9
TARGET_FOUND_BUNDLED = 0.8
TARGET_SPEAKER = 0.85
TARGET_READING = 0.85
TARGET_RATIO = 1.5
TARGET_SECONDS = 5.0
ONE_MB = UPLOAD_LIMIT_BYTES
T = TypeVar("T")
WORD = re.compile(r"[\w’']+")
NAME_WORD = re.compile(r"\w+")
STOP_WORDS = frozenset(
    ["the", "a", "an", "of", "for", "and", "in", "on", "at", "to", "s", "by", "its", "own",
     "в", "и", "на", "по", "из", "для", "о", "об", "с", "со"]
)  # fmt: skip
"""Words a source's name may have or lack without naming another source."""


@dataclass
class Result:
    name: str
    language: str
    proposed: int
    kept: int
    quotes: int
    missed: tuple[str, ...]
    matched: int = 0
    speaker_right: int = 0
    reading_right: int = 0
    relayed: int = 0
    relay_right: int = 0
    mixed: list[tuple[str, str]] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def found(self) -> int:
        return self.quotes - len(self.missed)


def normalised(quote: str) -> str:
    return canonical(comparable_quote(quote))


def words(quote: str) -> set[str]:
    return set(WORD.findall(normalised(quote).lower()))


def finds(quote: str, proposed_quote: str) -> bool:
    """Whether a proposed quote finds a hand-built one, by the rule of the docstring."""
    wanted = words(quote)
    return normalised(quote) in normalised(proposed_quote) or len(
        wanted & words(proposed_quote)
    ) >= FOUND_SHARE * len(wanted)


def name_words(name: str) -> list[str]:
    """A source's name as the words that tell it from another: lower case, no possessive,
    without articles and prepositions."""
    text = canonical(name).lower().replace("'s ", " ").replace("ё", "е")
    return [w for w in NAME_WORD.findall(text) if w not in STOP_WORDS]


def same_word(a: str, b: str) -> bool:
    """One word in two forms: the same stem, as "Valdoria" and "Valdorian", "Волков" and
    "Волкова" (a name in another case)."""
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= max(3, min(len(a), len(b)) - 2) or a == b


def same_name(a: str, b: str) -> bool:
    """Whether two names are one source's: every word of one is in the other."""
    words_a, words_b = name_words(a), name_words(b)
    if not words_a or not words_b:
        return False
    small, large = sorted((words_a, words_b), key=len)
    return all(any(same_word(w, v) for v in large) for w in small)


def reading_right(kept: Reading, proposed: Reading) -> bool:
    """Its kind, and its figures within FIGURE_TOLERANCE (a label is right as a label)."""

    def near(x: float, y: float) -> bool:
        return abs(x - y) <= FIGURE_TOLERANCE * max(abs(x), abs(y), 1e-9)

    if kept.label is not None or proposed.label is not None:
        return kept.label is not None and proposed.label is not None
    match kept, proposed:
        case Range(a, b), Range(c, d):
            return (near(a, c) and near(b, d)) or near((a + b) / 2, (c + d) / 2)
        case (AtLeast(a), AtLeast(c)) | (AtMost(a), AtMost(c)):
            return near(a, c)
        case _:
            return False


@dataclass(frozen=True)
class _Drafted:
    case: Case
    own: str | None
    language: str


def drafted(case: Case) -> _Drafted:
    """The draft of a hand-built case's document, loaded as the loader loads any case."""
    assert case.document is not None and case.document.text is not None
    file_name = case.document.file
    draft = draft_case(case.document.text, file_name)
    documents = {file_name: case.document.text.encode("utf-8")}
    loaded = load_case_bytes(draft.case_yaml, "draft", documents)
    return _Drafted(loaded, draft.own_source, draft.language)


def measured(case_path: Path) -> Result:
    """The draft of a hand-built case's document, compared with the case."""
    case = load_case_file(case_path)
    if case.document is None or case.document.text is None:
        raise SystemExit(f"{case_path}: the case names no document file to draft from")
    draft = drafted(case)
    proposed = draft.case.claims
    quotes = list(dict.fromkeys(claim.quote for claim in case.claims))
    missed = tuple(q for q in quotes if not any(finds(q, p.quote) for p in proposed))
    language = case.document.language or draft.language
    result = Result(case_path.name, language, len(proposed), len(case.claims), len(quotes), missed)
    own_names = [n for n in (case.document.author, case.document.outlet) if n]
    matches: dict[str, Claim] = {}
    for claim in case.claims:
        candidates = [p for p in proposed if finds(claim.quote, p.quote)]
        if not candidates:
            continue

        def score(p: Claim, claim: Claim = claim) -> tuple[bool, bool]:
            return (
                reading_right(claim.reading, p.reading),
                _speaker_right(case, claim, draft, p, own_names),
            )

        def same_kind(p: Claim, claim: Claim = claim) -> bool:
            """A share for a share, a count for a count: where no reading is right."""
            kept_share = case.question(claim.question).unit == "%"
            return kept_share == (draft.case.question(p.question).unit == "%")

        used = {id(p) for p in matches.values()}
        best = max(candidates, key=lambda p: (*score(p), same_kind(p), id(p) not in used))
        matches[claim.id] = best
        result.matched += 1
        reading_ok, speaker_ok = score(best)
        result.reading_right += reading_ok
        result.speaker_right += speaker_ok
        if not reading_ok:
            result.wrong.append(
                f"reading in {case_path.name}: {claim.quote[:60]!r} kept "
                f"{claim.reading.core()}, proposed {best.reading.core()}"
            )
        if not speaker_ok:
            result.wrong.append(
                f"speaker in {case_path.name}: {claim.quote[:60]!r} kept "
                f"{case.source(claim.source).name!r}, proposed "
                f"{draft.case.source(best.source).name!r}"
            )
        relays = case.source(claim.source).via
        if relays:
            result.relayed += 1
            proposed_relays = [
                draft.case.source(r).name for r in draft.case.source(best.source).via
            ]
            result.relay_right += any(
                same_name(case.source(r).name, name) for r in relays for name in proposed_relays
            )
    kinds = {
        claim.id: {
            q.id
            for q in draft.case.questions
            if (q.unit == "%") == (case.question(claim.question).unit == "%")
        }
        for claim in case.claims
    }
    result.mixed = _mixed_questions(case, matches, kinds)
    return result


def _speaker_right(
    case: Case, claim: Claim, draft: _Drafted, proposal: Claim, own_names: list[str]
) -> bool:
    kept = case.source(claim.source)
    if proposal.source == draft.own:
        return any(same_name(kept.name, own) for own in own_names)
    return same_name(kept.name, draft.case.source(proposal.source).name)


def _mixed_questions(
    case: Case, matches: dict[str, Claim], kinds: dict[str, set[str]]
) -> list[tuple[str, str]]:
    """Pairs of the case's questions whose kept claims went to two different proposals in
    one question of the draft (one passage the analyst read for two questions, proposed
    once, is not a mix; nor is a share the analyst worked out from two counts, which the
    draft proposes as counts): `kinds` holds, for each kept claim, the draft's questions
    of its kind."""
    by_proposal: dict[int, tuple[str, set[str]]] = {}
    for claim in case.claims:
        if claim.id in matches and matches[claim.id].question in kinds.get(claim.id, ()):
            proposal = matches[claim.id]
            by_proposal.setdefault(id(proposal), (proposal.question, set()))[1].add(claim.question)
    pairs = set()
    for (question_a, kept_a), (question_b, kept_b) in combinations(by_proposal.values(), 2):
        if question_a == question_b:
            pairs |= {tuple(sorted((a, b))) for a in kept_a for b in kept_b if a != b}
    return sorted(pairs)  # type: ignore[arg-type]


def one_mb_text() -> str:
    """A text of just under 1 MB: the corpus's paragraphs in turn, those with a quantity
    only while the draft stays under its limit of claims, then those without."""
    with_figures: list[tuple[str, int]] = []
    without: list[str] = []
    for path in sorted(CORPUS.glob("*.txt")):
        for paragraph in path.read_text(encoding="utf-8").split("\n\n")[1:]:
            try:
                with_figures.append((paragraph, draft_case(paragraph, "p.txt").claims))
            except DraftError:
                without.append(paragraph)
    pieces, size, claims = [], 0, 0
    for paragraph, count in _cycle(with_figures):
        if claims + count > 900:
            break
        pieces.append(paragraph)
        claims, size = claims + count, size + len(paragraph.encode()) + 2
    filler = _cycle(without)
    while size < ONE_MB - 2_000:
        paragraph = next(filler)
        pieces.append(paragraph)
        size += len(paragraph.encode()) + 2
    return "\n\n".join(pieces)


def _cycle(items: list[T]) -> Iterator[T]:
    while True:
        yield from items


def timed_draft() -> tuple[int, float, int]:
    """The size of the 1 MB text, the seconds its draft took, and the claims proposed."""
    text = one_mb_text()
    start = time.perf_counter()
    draft = draft_case(text, "one-mb.txt")
    return len(text.encode()), time.perf_counter() - start, draft.claims


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def _row(name: str, results: Iterable[Result]) -> str:
    rs = list(results)
    proposed, kept = sum(r.proposed for r in rs), sum(r.kept for r in rs)
    quotes, found = sum(r.quotes for r in rs), sum(r.found for r in rs)
    matched = sum(r.matched for r in rs)
    relayed = sum(r.relayed for r in rs)
    return (
        f"{name:<28} {proposed:>5} {kept:>5} {proposed / kept:>5.2f} {found:>3}/{quotes:<3} "
        f"{_percent(found, quotes):>5} {_percent(sum(r.speaker_right for r in rs), matched):>7} "
        f"{_percent(sum(r.reading_right for r in rs), matched):>7} "
        f"{sum(r.relay_right for r in rs):>3}/{relayed:<3} {sum(len(r.mixed) for r in rs):>5}"
    )


def table(results: list[Result]) -> str:
    head = (
        f"{'text':<28} {'prop':>5} {'kept':>5} {'ratio':>5} {'quotes':>7} {'found':>5} "
        f"{'speaker':>7} {'reading':>7} {'relays':>7} {'mixed':>5}"
    )
    lines = [head]
    lines += [_row(r.name.removesuffix(".yaml"), [r]) for r in results]
    lines.append("-" * len(head))
    for language in sorted({r.language for r in results}):
        lines.append(_row(f"all in '{language}'", (r for r in results if r.language == language)))
    lines.append(_row("overall", results))
    for r in results:
        lines += [f"not found in {r.name}: {quote!r}" for quote in r.missed]
        lines += [f"mixed in {r.name}: questions {a} and {b}" for a, b in r.mixed]
        lines += [f"wrong {line}" for line in r.wrong]
    return "\n".join(lines)


def verdict(results: list[Result], seconds: float | None) -> list[str]:
    """One line per target: the figure, the target, and whether it is met."""
    matched = sum(r.matched for r in results) or 1
    quotes = sum(r.quotes for r in results)
    bundled = [r for r in results if r.name == BUNDLED.name]
    checks = [
        ("quotes found", sum(r.found for r in results) / quotes, TARGET_FOUND, True),
        ("speaker right", sum(r.speaker_right for r in results) / matched, TARGET_SPEAKER, True),
        ("reading right", sum(r.reading_right for r in results) / matched, TARGET_READING, True),
        (
            "proposed/kept",
            sum(r.proposed for r in results) / sum(r.kept for r in results),
            TARGET_RATIO,
            False,
        ),
        ("mixed questions", float(sum(len(r.mixed) for r in results)), 0.0, False),
    ]
    if bundled:
        b = bundled[0]
        checks.insert(1, ("found, bundled article", b.found / b.quotes, TARGET_FOUND_BUNDLED, True))
    if seconds is not None:
        checks.append(("seconds for 1 MB", seconds, TARGET_SECONDS, False))
    lines = []
    for name, value, target, at_least in checks:
        met = value >= target if at_least else value <= target
        shown = f"{value:.0%}" if at_least else f"{value:.2f}"
        aim = f"{'>=' if at_least else '<='} {target:.0%}" if at_least else f"<= {target:g}"
        lines.append(f"target {name}: {shown} ({aim}) {'met' if met else 'NOT MET'}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("cases", nargs="*", type=Path, help="hand-built case files")
    parser.add_argument("--no-time", action="store_true", help="skip the 1 MB timing")
    args = parser.parse_args(argv)
    results = [measured(path) for path in args.cases or DEFAULT_CASES]
    print(table(results))
    seconds = None
    if not args.no_time:
        size, seconds, claims = timed_draft()
        print(f"1 MB: a text of {size:,} bytes drafted in {seconds:.2f} s ({claims} claims)")
    print("\n".join(verdict(results, seconds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
