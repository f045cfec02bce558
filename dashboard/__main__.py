"""Command line: `credibility-dashboard export CASE.yaml` (spec section 6), `draft`, `serve`.

    credibility-dashboard export CASE.yaml [--scenario ID] [--weights ID:W,ID:W]
        [--readings Q.LABEL=READING,...] [--relays on|off] [--credibility on|off]
        [--shared-evidence once|each] [--bounds Q=LO:HI,...] [--threshold Q=X,...]
        [--output FILE]
    credibility-dashboard draft DOCUMENT.txt [--output FILE]
    credibility-dashboard serve [--port N] [--address HOST]
    credibility-dashboard take-down u-ID

`python -m dashboard` is the same command. For export, the scenario applies first;
--weights and --readings on top, then --bounds and --threshold. Any bad input: one line
on standard error, exit status 2, and no output file; a case threshold left outside the
reader's bounds is ignored with a warning on standard error. draft writes a draft case
from a text (spec section 11), with the same one line for a text it cannot draft from.
serve runs the installed app with the app's own Streamlit settings (.streamlit/config.toml,
shipped in the package) from any folder. take-down deletes a stored case and its documents
from the case store the app's settings name (README, Stored cases).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import tomllib
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import TypeVar

from dashboard.case import UPLOAD_LIMIT_BYTES, Case, CaseError, Reading, load_case_file
from dashboard.draft import DraftError, draft_case, read_document
from dashboard.engine.settings import (
    Bounds,
    Settings,
    SettingsError,
    check_label,
    ignored_thresholds,
    settings_for,
    with_bounds,
    with_thresholds,
)
from dashboard.engine.weights import Switches
from dashboard.export import csv_bytes
from dashboard.store import StoreError, is_stored_id, store_from_settings
from dashboard.text_forms import (
    TextFormError,
    items,
    label_reading_item,
    parse_bounds_text,
    parse_decimal,
    parse_reading_text,
    parse_weight,
    question_item,
    weight_item,
)

PROGRAM = "credibility-dashboard"
"""The installed command (pyproject.toml, [project.scripts])."""
EXIT_BAD_INPUT = 2
Value = TypeVar("Value")


class UsageError(Exception):
    """Bad arguments; reported on one line with exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def parse_weights(text: str, case: Case) -> dict[str, float]:
    """`id:w,id:w` into weights, each a whole number 0..100 for a source of the case."""
    weights: dict[str, float] = {}
    known = {source.id for source in case.sources}
    try:
        for item in items(text):
            source_id, value = weight_item(item)
            if source_id not in known:
                raise TextFormError(f"the case has no source {source_id!r}")
            if source_id in weights:
                raise TextFormError(f"source {source_id!r} is named twice")
            weights[source_id] = float(parse_weight(value, source_id))
    except TextFormError as error:
        raise UsageError(f"--weights: {error}") from None
    return weights


def parse_readings(text: str, case: Case) -> dict[tuple[str, str], Reading]:
    """`q.label=range:5:25,q.label=at_least:10` into the reader's readings of labels."""
    readings: dict[tuple[str, str], Reading] = {}
    try:
        for item in items(text):
            question_id, label, value = label_reading_item(item)
            check_label(case, question_id, label)
            if (question_id, label) in readings:
                raise TextFormError(f"'{question_id}.{label}' is named twice")
            readings[question_id, label] = parse_reading_text(value, case.question(question_id))
    except (TextFormError, SettingsError) as error:
        raise UsageError(f"--readings: {error}") from None
    return readings


def parse_question_values(
    text: str, option: str, parse: Callable[[str], Value]
) -> dict[str, Value]:
    """`q=value,q=value` into values by question id, each read by `parse`; a question named
    twice or a value `parse` refuses is a `UsageError` naming the option."""
    values: dict[str, Value] = {}
    try:
        for item in items(text):
            question_id, value = question_item(item)
            if question_id in values:
                raise TextFormError(f"question {question_id!r} is named twice")
            values[question_id] = parse(value)
    except TextFormError as error:
        raise UsageError(f"{option}: {error}") from None
    return values


def program_name() -> str:
    """The name the command was run by, for its usage lines: the installed script's, or
    `python -m dashboard` (whose argv[0] is this file)."""
    return "python -m dashboard" if Path(sys.argv[0]).name == "__main__.py" else PROGRAM


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=program_name(),
        description=(__doc__ or "").splitlines()[0],
    )
    # Each subcommand names the function that runs it (`run`), which `main` calls.
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="write the CSV export of a case")
    export.set_defaults(run=export_csv)
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
    export.add_argument(
        "--bounds", default="", help="a question's bounds as q=LO:HI,... (spec section 12)"
    )
    export.add_argument(
        "--threshold", default="", help="a question's threshold as q=X,... (spec section 13)"
    )
    export.add_argument("--output", type=Path, help="write here instead of standard output")
    draft = commands.add_parser("draft", help="write a draft case from a document's text")
    draft.set_defaults(run=draft_document)
    draft.add_argument("document", type=Path, help="the document (plain UTF-8 text)")
    draft.add_argument("--output", type=Path, help="write here instead of standard output")
    serve = commands.add_parser("serve", help="run the dashboard with the app's settings")
    serve.set_defaults(run=serve_app)
    serve.add_argument("--port", type=port_number, help="listen on this port (8501)")
    serve.add_argument("--address", help="listen on this address only (default: all)")
    take_down = commands.add_parser(
        "take-down", help="delete a stored case and its documents from the case store"
    )
    take_down.set_defaults(run=take_down_case)
    take_down.add_argument("case_id", help="the stored case's id, u- and 32 hex digits")
    return parser


def port_number(text: str) -> int:
    """A TCP port, 1..65535, from its argument text."""
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1 to 65535)")
    return int(text)


def settings_from(args: argparse.Namespace, case: Case) -> Settings:
    """The state the arguments ask for: scenario, then weights and readings on top."""
    weights = parse_weights(args.weights, case) if args.weights else {}
    readings = parse_readings(args.readings, case) if args.readings else {}
    switches = Switches(
        relays=args.relays == "on",
        credibility=args.credibility == "on",
        shared_evidence=args.shared_evidence == "once",
    )
    bounds: dict[str, Bounds] = {}
    if args.bounds:
        bounds = parse_question_values(args.bounds, "--bounds", parse_bounds_text)
    thresholds: dict[str, float] = {}
    if args.threshold:
        thresholds = parse_question_values(args.threshold, "--threshold", parse_decimal)
    try:
        settings = settings_for(case, args.scenario, weights, readings, switches)
    except SettingsError as error:
        raise UsageError(f"--scenario: {error}") from None
    try:
        settings = with_bounds(case, settings, bounds)
    except SettingsError as error:
        raise UsageError(f"--bounds: {error}") from None
    try:
        return with_thresholds(case, settings, thresholds)
    except SettingsError as error:
        raise UsageError(f"--threshold: {error}") from None


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except UsageError as error:
        return bad_input(error)
    run: Callable[[argparse.Namespace], int] = args.run
    return run(args)


def bad_input(error: Exception | str) -> int:
    """Report bad input on one line of standard error; the exit status that says so."""
    print("error: " + " ".join(str(error).split()), file=sys.stderr)
    return EXIT_BAD_INPUT


def export_csv(args: argparse.Namespace) -> int:
    """`export`: the case's CSV in the state the arguments ask for, to a file or stdout."""
    try:
        case = load_case_file(args.case)
        settings = settings_from(args, case)
        data = csv_bytes(case, settings)
    except (UsageError, CaseError) as error:
        return bad_input(error)
    for warning in ignored_thresholds(case, settings):
        print(f"warning: {warning}", file=sys.stderr)
    return write_output(data, args.output)


def draft_document(args: argparse.Namespace) -> int:
    """`draft`: the draft case of a document, to a file or stdout (spec section 11)."""
    try:
        with args.document.open("rb") as file:
            data = file.read(UPLOAD_LIMIT_BYTES + 1)  # one byte more tells "too large"
    except OSError as error:
        return bad_input(f"cannot read {args.document}: {error.strerror}")
    try:
        draft = draft_case(read_document(data, args.document.name), args.document.name)
    except DraftError as error:
        return bad_input(error)
    return write_output(draft.case_yaml, args.output)


def write_output(data: bytes, output: Path | None) -> int:
    """Write a command's result whole to `output`, or to standard output without one."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    try:
        write_whole(output, data)
    except OSError as error:
        print(f"error: cannot write {output}: {error.strerror}", file=sys.stderr)
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


SECRETS = Path(".streamlit") / "secrets.toml"
"""Where Streamlit reads the app's secrets, from the folder it is started in."""


def take_down_case(args: argparse.Namespace) -> int:
    """`take-down`: delete a stored case whole from the store the app's settings name (the
    `CASE_STORE_*` variables and ./.streamlit/secrets.toml), so its link finds nothing and
    the same files may be stored again."""
    if not is_stored_id(args.case_id):
        return bad_input(f"{args.case_id!r} is not a stored case's id (u- and 32 hex digits)")
    try:
        secrets = tomllib.loads(SECRETS.read_text("utf-8")) if SECRETS.is_file() else {}
        store = store_from_settings(os.environ, secrets)
        deleted = store.delete(args.case_id)
    except (OSError, tomllib.TOMLDecodeError) as error:
        return bad_input(f"cannot read {SECRETS}: {error}")
    except StoreError as error:
        return bad_input(error)
    if not deleted:
        return bad_input(f"no stored case has the id {args.case_id}; nothing was deleted")
    print(f"Took down {args.case_id} and its documents; its link now says it is not found.")
    return 0


def serve_app(args: argparse.Namespace) -> int:
    """`serve`: this process becomes Streamlit's server for the installed app, so that a
    stop signal (Ctrl-C, a container's stop) reaches the server itself."""
    command = streamlit_command(args.port, args.address)
    os.execv(command[0], command)


def streamlit_command(port: int | None, address: str | None) -> list[str]:
    """`python -m streamlit run` on the app beside this module, with the app's settings
    as flags (they win over any config.toml), then the port and address asked for."""
    config = resources.files("dashboard.streamlit_config") / "config.toml"
    flags = settings_flags(tomllib.loads(config.read_text("utf-8")))
    if port is not None:
        flags.append(f"--server.port={port}")
    if address is not None:
        flags.append(f"--server.address={address}")
    app = Path(__file__).with_name("app.py")
    return [sys.executable, "-m", "streamlit", "run", str(app), *flags]


def settings_flags(options: Mapping[str, object], prefix: str = "") -> list[str]:
    """Streamlit's command-line flags for a parsed config.toml: `--section.key=value`."""
    flags: list[str] = []
    for key, value in options.items():
        if isinstance(value, Mapping):
            flags += settings_flags(value, f"{prefix}{key}.")
        else:
            text = str(value).lower() if isinstance(value, bool) else str(value)
            flags.append(f"--{prefix}{key}={text}")
    return flags


if __name__ == "__main__":
    sys.exit(main())
