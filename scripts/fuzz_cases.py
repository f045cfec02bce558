"""Throw thousands of generated hostile case files at the loader and count what comes out.

    .venv/bin/python -m scripts.fuzz_cases [--examples 5000] [--seed 1]

It runs the strategies of `tools/hostile_cases.py` (mutated cases, hostile YAML fragments,
corrupted bytes, files over the cap), which `tests/test_fuzz.py` runs too, and prints how
many files were tried, loaded and refused with `CaseError`, a histogram of the kinds of
refusal, and every other exception. It exits 1 if anything but a case or a `CaseError`
came out, or if a case or a refusal broke the checks (a rule not kept, a message without
a place).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

from dashboard.case import CaseError  # noqa: E402
from tools.hostile_cases import (
    LINE_AT_END,
    PLACE,
    CaseFile,
    check_outcome,
    hostile_case_files,
    load,
    refusal_rest,
)

FAMILIES = ("mutated", "fragment", "bytes", "oversized")
SHOWN_KINDS = 40
"""The histogram lists this many kinds of refusal; the rest are summed on one line."""

VALUE = re.compile(
    r"'[^']*'|\"[^\"]*\"|datetime\.\w+\([^)]*\)|\b(?:None|True|False|nan|inf)\b"
    r"|U\+[0-9A-F]{4,}|tag:\S+|(?<!\w)!\S*|(?<![\w-])[-+]?\d[\d,._]*(?:e[-+]?\d+)?"
)
"""Quoted text, values, tags and numbers inside a message, which vary from file to file."""
YAML_PROBLEM = re.compile(r"not valid YAML(?: \([^)]*\))?: ")
"""A syntax error: the parser's own problem follows, as `found character … that cannot`."""


def refusal_kind(message: str, name: str) -> str:
    """The first words of a refusal after its file name and place, values blanked out.

    `claims[0].reading.range: low end 40 must be below high end 20 (line 9)` becomes
    `low end … must be below high end …`; a syntax error keeps the parser's problem.
    """
    rest = refusal_rest(message, name)
    if re.search(r"(?:^|: )unknown key '", rest):
        return "unknown key"  # its place is the unknown key itself: any text
    prefix = ""
    syntax = YAML_PROBLEM.match(rest)
    place = PLACE.match(rest)
    if syntax:
        prefix, rest = "not valid YAML: ", rest[syntax.end() :]
    elif place:
        rest = rest[place.end() :]
    rest = VALUE.sub("…", LINE_AT_END.sub("", rest))
    head = re.split(r"[(:;,]", rest, maxsplit=1)[0]
    return prefix + (" ".join(head.split()[:10]) or "?")


@dataclass
class Tally:
    """What came out of each generated file, by family."""

    tried: Counter[str] = field(default_factory=Counter)
    loaded: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    others: list[tuple[CaseFile, BaseException]] = field(default_factory=list)
    broken: list[tuple[CaseFile, AssertionError]] = field(default_factory=list)

    def record(self, file: CaseFile) -> None:
        self.tried[file.family] += 1
        try:
            outcome = load(file)
        except Exception as error:  # the bug being hunted: anything but a CaseError
            self.others.append((file, error))
            return
        try:
            check_outcome(file, outcome)
        except AssertionError as error:
            self.broken.append((file, error))
        if isinstance(outcome, CaseError):
            self.refused[file.family] += 1
            self.kinds[refusal_kind(str(outcome), file.name)] += 1
        else:
            self.loaded[file.family] += 1


def fuzz(examples: int, seed_value: int | None) -> Tally:
    """Generate `examples` files with Hypothesis (no shrinking, no database) and load each."""
    tally = Tally()

    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(file=hostile_case_files())
    def load_one(file: CaseFile) -> None:
        tally.record(file)

    if seed_value is not None:
        load_one = seed(seed_value)(load_one)
    load_one()
    return tally


def report(tally: Tally, seconds: float, seed_value: int | None) -> list[str]:
    total = sum(tally.tried.values())
    seeded = f"seed {seed_value}" if seed_value is not None else "random seed"
    lines = [f"Tried {total:,} generated case files in {seconds:.1f} s ({seeded})", ""]
    lines.append(f"  {'family':<10} {'tried':>7} {'loaded':>7} {'refused':>8} {'other':>6}")
    other_by_family = Counter(file.family for file, _ in tally.others)
    for family in (*FAMILIES, "total"):
        counts = (tally.tried, tally.loaded, tally.refused, other_by_family)
        if family == "total":
            row = [sum(c.values()) for c in counts]
        else:
            row = [c[family] for c in counts]
        lines.append(f"  {family:<10} {row[0]:>7,} {row[1]:>7,} {row[2]:>8,} {row[3]:>6,}")
    refused = sum(tally.refused.values())
    lines += ["", f"Refused with CaseError: {refused:,}, by kind ({len(tally.kinds)} kinds):"]
    for kind, count in tally.kinds.most_common(SHOWN_KINDS):
        lines.append(f"  {count:>6,}  {kind}")
    rest = tally.kinds.most_common()[SHOWN_KINDS:]
    if rest:
        lines.append(f"  {sum(c for _, c in rest):>6,}  ({len(rest)} rarer kinds)")
    lines += ["", f"Other exceptions: {len(tally.others)}"]
    for file, error in tally.others[:10]:
        lines.append(f"  {type(error).__name__}: {str(error)[:200]}")
        lines.append(f"    from {file!r:.300}")
    lines.append(f"Cases or refusals that broke a check: {len(tally.broken)}")
    for file, error in tally.broken[:10]:
        lines.append(f"  {str(error)[:200]}")
        lines.append(f"    from {file!r:.300}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000, help="files to generate")
    parser.add_argument("--seed", type=int, default=None, help="seed, for a repeatable run")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    tally = fuzz(args.examples, args.seed)
    print("\n".join(report(tally, time.perf_counter() - started, args.seed)))
    return 1 if tally.others or tally.broken else 0


if __name__ == "__main__":
    sys.exit(main())
