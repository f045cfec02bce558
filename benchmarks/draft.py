"""How much of a hand-built case the draft of its document finds (spec section 11).

    .venv/bin/python benchmarks/draft.py [CASE.yaml ...]

For each hand-built case (by default the bundled one and the invented texts under
tests/fixtures/drafts/), the draft of the case's document file is made and compared with
the case: how many claims it proposes, how many the analyst kept, and how many of the
analyst's distinct quotes it found.

A hand-built quote is *found* when one proposed quote contains it, or holds at least
FOUND_SHARE of its words (both compared as the loader compares quotes: white space
collapsed, the final mark dropped, curly quotes and dashes as straight ones, and for
words, lower case without punctuation). The targets: at least TARGET_FOUND of the quotes
found, at most TARGET_RATIO times as many claims proposed as kept, on every text.
The quotes not found are listed under the table.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from dashboard.case import comparable_quote, load_case_bytes, load_case_file
from dashboard.case.quotes import canonical
from dashboard.draft import draft_case

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CASES = (
    ROOT / "data" / "refusals.yaml",
    ROOT / "tests" / "fixtures" / "drafts" / "rally-crowd.yaml",
    ROOT / "tests" / "fixtures" / "drafts" / "port-strike.yaml",
)
FOUND_SHARE = 0.8
"""A proposed quote holding this share of a hand-built quote's words finds it: the analyst
may have trimmed a word or two at either end of the draft's sentence."""
TARGET_FOUND = 0.8
TARGET_RATIO = 2.0
WORD = re.compile(r"[\w’']+")


@dataclass(frozen=True)
class Result:
    name: str
    proposed: int
    kept: int
    quotes: int
    missed: tuple[str, ...]

    @property
    def found(self) -> int:
        return self.quotes - len(self.missed)

    @property
    def on_target(self) -> bool:
        return (
            self.found >= TARGET_FOUND * self.quotes and self.proposed <= TARGET_RATIO * self.kept
        )


def normalised(quote: str) -> str:
    return canonical(comparable_quote(quote))


def words(quote: str) -> set[str]:
    return set(WORD.findall(normalised(quote).lower()))


def is_found(quote: str, proposed: list[str]) -> bool:
    """Whether a hand-built quote is among the proposed ones, by the rule of the docstring."""
    needle, wanted = normalised(quote), words(quote)
    return any(
        needle in normalised(p) or len(wanted & words(p)) >= FOUND_SHARE * len(wanted)
        for p in proposed
    )


def measured(case_path: Path) -> Result:
    """The draft of a hand-built case's document, compared with the case."""
    case = load_case_file(case_path)
    if case.document is None or case.document.text is None:
        raise SystemExit(f"{case_path}: the case names no document file to draft from")
    file_name = case.document.file
    draft = draft_case(case.document.text, file_name)
    documents = {file_name: case.document.text.encode("utf-8")}
    proposed = [c.quote for c in load_case_bytes(draft.case_yaml, "draft", documents).claims]
    quotes = list(dict.fromkeys(claim.quote for claim in case.claims))
    missed = tuple(q for q in quotes if not is_found(q, proposed))
    return Result(case_path.name, draft.claims, len(case.claims), len(quotes), missed)


def table(results: list[Result]) -> str:
    head = f"{'case':<22} {'proposed':>8} {'kept':>5} {'quotes':>6} {'found':>5} {'found %':>7}"
    lines = [head + f" {'proposed/kept':>13}  on target"]
    for r in results:
        lines.append(
            f"{r.name:<22} {r.proposed:>8} {r.kept:>5} {r.quotes:>6} {r.found:>5} "
            f"{100 * r.found / r.quotes:>6.0f}% {r.proposed / r.kept:>13.2f}  "
            f"{'yes' if r.on_target else 'no'}"
        )
    for r in results:
        lines += [f"not found in {r.name}: {quote!r}" for quote in r.missed]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("cases", nargs="*", type=Path, help="hand-built case files")
    args = parser.parse_args(argv)
    results = [measured(path) for path in args.cases or DEFAULT_CASES]
    print(table(results))
    print(
        f"targets: at least {TARGET_FOUND:.0%} of the quotes found, at most "
        f"{TARGET_RATIO:g} times as many claims proposed as kept"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
