"""Command line (spec section 6): `python -m dashboard export CASE.yaml [options]`.

    python -m dashboard export CASE.yaml [--scenario ID] [--weights ID:W,ID:W]
        [--readings Q.LABEL=READING,...] [--relays on|off] [--credibility on|off]
        [--shared-evidence once|each] [--output FILE]

The scenario applies first; --weights and --readings on top. Any bad input: one line
on standard error, exit status 2, and no output file.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

from dashboard.case import Case, CaseError, Reading, load_case_file
from dashboard.export import csv_bytes
from dashboard.readings import ReadingError, parse_reading_text
from dashboard.settings import Settings, SettingsError, check_label, settings_for
from dashboard.weights import Switches

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


def parse_readings(text: str, case: Case) -> dict[tuple[str, str], Reading]:
    """`q.label=range:5:25,q.label=at_least:10` into the reader's readings of labels."""
    readings: dict[tuple[str, str], Reading] = {}
    for item in text.split(","):
        key, equals, value = item.strip().partition("=")
        question_id, dot, label = key.partition(".")
        if not equals or not dot:
            raise UsageError(f"--readings: {item!r} is not question.label=reading")
        try:
            check_label(case, question_id, label)
        except SettingsError as error:
            raise UsageError(f"--readings: {error}") from None
        if (question_id, label) in readings:
            raise UsageError(f"--readings: {key!r} is named twice")
        try:
            readings[question_id, label] = parse_reading_text(value, case.question(question_id))
        except ReadingError as error:
            raise UsageError(f"--readings: {key}: {error}") from None
    return readings


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m dashboard",
        description=(__doc__ or "").splitlines()[0],
    )
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="write the CSV export of a case")
    export.add_argument("case", type=Path, help="the case file (YAML)")
    export.add_argument("--scenario", help="start from this scenario's weights and readings")
    export.add_argument("--weights", default="", help="source weights as id:w,id:w (0..100)")
    export.add_argument(
        "--readings",
        default="",
        help="label readings as q.label=range:A:B|at_least:A|at_most:B,...",
    )
    export.add_argument("--relays", choices=("on", "off"), default="on", help="step 2 (on)")
    export.add_argument("--credibility", choices=("on", "off"), default="on", help="step 4 (on)")
    export.add_argument(
        "--shared-evidence", choices=("once", "each"), default="once", help="step 5 (once)"
    )
    export.add_argument("--output", type=Path, help="write here instead of standard output")
    return parser


def settings_from(args: argparse.Namespace, case: Case) -> Settings:
    """The state the arguments ask for: scenario, then weights and readings on top."""
    weights = parse_weights(args.weights, case) if args.weights else {}
    readings = parse_readings(args.readings, case) if args.readings else {}
    switches = Switches(
        relays=args.relays == "on",
        credibility=args.credibility == "on",
        shared_evidence=args.shared_evidence == "once",
    )
    try:
        return settings_for(case, args.scenario, weights, readings, switches)
    except SettingsError as error:
        raise UsageError(f"--scenario: {error}") from None


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        case = load_case_file(args.case)
        data = csv_bytes(case, settings_from(args, case))
    except (UsageError, CaseError) as error:
        print("error: " + " ".join(str(error).split()), file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    try:
        write_whole(args.output, data)
    except OSError as error:
        print(f"error: cannot write {args.output}: {error.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0


def write_whole(path: Path, data: bytes) -> None:
    """Write `data` to `path` all at once: a temporary file beside it, then a rename, so
    that a failed write leaves no partial file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)  # as an ordinary new file, not mkstemp's 0600
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


if __name__ == "__main__":
    sys.exit(main())
