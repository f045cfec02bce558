"""Command line (spec section 6): `python -m dashboard export CASE.yaml [options]`."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from dashboard.case import Case, CaseError, load_case_file
from dashboard.export import csv_bytes

EXIT_BAD_INPUT = 2
WEIGHT_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")


class UsageError(Exception):
    """Bad arguments; reported on one line with exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def parse_weights(text: str, case: Case) -> dict[str, float]:
    """`id:w,id:w` into weights, each a number 0..100 for a source of the case."""
    weights: dict[str, float] = {}
    known = {source.id for source in case.sources}
    for item in text.split(","):
        source_id, colon, value = item.strip().partition(":")
        if not colon:
            raise UsageError(f"--weights: {item!r} is not source_id:weight")
        if source_id not in known:
            raise UsageError(f"--weights: the case has no source {source_id!r}")
        if source_id in weights:
            raise UsageError(f"--weights: source {source_id!r} is named twice")
        if not WEIGHT_NUMBER.fullmatch(value):
            raise UsageError(
                f"--weights: {value!r} for '{source_id}' is not a number like 40 or 62.5"
            )
        weight = float(value)
        if not 0 <= weight <= 100:
            raise UsageError(f"--weights: {value} for '{source_id}' is outside 0..100")
        weights[source_id] = weight
    return weights


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m dashboard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="write the CSV export of a case")
    export.add_argument("case", type=Path, help="the case file (YAML)")
    export.add_argument("--weights", default="", help="source weights as id:w,id:w (0..100)")
    export.add_argument("--output", type=Path, help="write here instead of standard output")
    try:
        args = parser.parse_args(argv)
        case = load_case_file(args.case)
        weights = parse_weights(args.weights, case) if args.weights else {}
        data = csv_bytes(case, weights)
    except (UsageError, CaseError) as error:
        print("error: " + " ".join(str(error).split()), file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    try:
        args.output.write_bytes(data)
    except OSError as error:
        print(f"error: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0


if __name__ == "__main__":
    sys.exit(main())
