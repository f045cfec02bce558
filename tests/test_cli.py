"""Test cases for the command line: `python -m dashboard export` (spec section 6)."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from dashboard.__main__ import EXIT_BAD_INPUT, main
from dashboard.case import load_case_file
from dashboard.store import DEFAULT_FOLDER, CaseStore, default_sqlite_url
from tests.factories import ANALYST_CASE, export_with

ROOT = Path(__file__).resolve().parents[1]


BUNDLED = ROOT / "data" / "refusals.yaml"
BAD_CASE = (
    "title: t\nquestions:\n  - {id: q, text: t, min: 0, max: 100}\n"
    "sources:\n  - {id: a, name: A}\n"
    "claims:\n  - {source: a, question: q, quote: x, reading: {range: [40, 20]}}\n"
)
"""A case whose only claim has its range reversed: what the command line must refuse."""


@dataclass(frozen=True)
class Finished:
    status: int
    out: bytes
    err: bytes


@pytest.fixture(scope="module")
def processes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Finished]]:
    """Run `python -m dashboard ...` as real processes from the project root, all at once."""
    folder = tmp_path_factory.mktemp("cli")
    bad_case = folder / "case.yaml"
    bad_case.write_text(BAD_CASE, encoding="utf-8")
    commands: dict[str, list[str | Path]] = {
        "stdout": ["export", BUNDLED],
        "output": ["export", BUNDLED, "--output", folder / "out.csv"],
        "weights": ["export", BUNDLED, "--weights", "cit:80,author:0, agora:12"],
        "too-heavy": ["export", BUNDLED, "--weights", "cit:101", "--output", folder / "t"],
        "bad-case": ["export", bad_case, "--output", folder / "b"],
    }
    started = {
        name: subprocess.Popen(
            [sys.executable, "-m", "dashboard", *map(str, args)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for name, args in commands.items()
    }
    finished = {}
    for name, process in started.items():
        out, err = process.communicate(timeout=60)
        finished[name] = Finished(process.returncode, out, err)
    return folder, finished


def run_in_process(
    capsysbinary: pytest.CaptureFixture[bytes], *args: str | Path
) -> tuple[int, bytes, bytes]:
    """Call `main` directly (the same code path, without a process start)."""
    status = main([str(a) for a in args])
    out, err = capsysbinary.readouterr()
    return status, out, err


def assert_one_line_error(status: int, out: bytes, err: bytes, fragment: str) -> None:
    assert status == EXIT_BAD_INPUT == 2
    assert out == b""
    text = err.decode("utf-8")
    assert text.endswith("\n")
    assert text.count("\n") == 1, text
    assert "\r" not in text, text
    assert fragment in text, text


@pytest.fixture
def case_file(write_case: Callable[..., Path], minimal_case_text: str) -> Path:
    return write_case(minimal_case_text)


# --- real processes ------------------------------------------------------------------


def test_export_writes_the_csv_to_standard_output(
    processes: tuple[Path, dict[str, Finished]],
) -> None:
    """It writes to standard output exactly the bytes the export gives, and exits 0."""
    done = processes[1]["stdout"]
    assert done.status == 0, done.err
    assert done.err == b""
    assert done.out == export_with(load_case_file(BUNDLED), {})


def test_export_writes_the_same_bytes_to_an_output_file(
    processes: tuple[Path, dict[str, Finished]],
) -> None:
    """It writes the same bytes to --output, leaving standard output empty."""
    folder, finished = processes
    done = finished["output"]
    assert done.status == 0, done.err
    assert done.out == done.err == b""
    assert (folder / "out.csv").read_bytes() == export_with(load_case_file(BUNDLED), {})


def test_export_applies_weights_given_on_the_command_line(
    processes: tuple[Path, dict[str, Finished]],
) -> None:
    """It overrides the named sources' weights and keeps the defaults of the others."""
    done = processes[1]["weights"]
    assert done.status == 0, done.err
    case = load_case_file(BUNDLED)
    assert done.out == export_with(case, {"cit": 80, "author": 0, "agora": 12})
    assert done.out != export_with(case, {})


@pytest.mark.parametrize(
    ("name", "file", "fragment"),
    [
        ("too-heavy", "t", "error: --weights: 101 for 'cit' is outside 0..100"),
        ("bad-case", "b", "error: case.yaml: claims[0].reading.range: low end 40"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_no_file(
    processes: tuple[Path, dict[str, Finished]], name: str, file: str, fragment: str
) -> None:
    """It exits 2 with one line on standard error, naming the problem, and writes no file."""
    folder, finished = processes
    done = finished[name]
    assert_one_line_error(done.status, done.out, done.err, fragment)
    assert not (folder / file).exists()


# --- the same code in process: every kind of bad input -------------------------------------


@pytest.mark.parametrize(
    ("weights", "fragment"),
    [
        ("gamma:50", "the case has no source 'gamma'"),
        ("alpha:101", "outside 0..100"),
        ("alpha:-1", "'-1' for 'alpha' is not a whole number from 0 to 100"),
        ("alpha:100.01", "'100.01' for 'alpha' is not a whole number"),
        ("alpha:62.5", "'62.5' for 'alpha' is not a whole number from 0 to 100, such as 40"),
        ("alpha:50.0", "'50.0' for 'alpha' is not a whole number"),
        ("alpha:abc", "'abc' for 'alpha' is not a whole number"),
        ("alpha:", "is not a whole number"),
        ("alpha:nan", "'nan' for 'alpha' is not a whole number"),
        ("alpha:inf", "'inf' for 'alpha' is not a whole number"),
        ("alpha:1e1", "'1e1' for 'alpha' is not a whole number"),
        ("alpha=50", "'alpha=50' is not source_id:weight"),
        ("alpha", "is not source_id:weight"),
        ("alpha:50,", "has an empty item: remove the extra comma"),
        ("alpha:50,alpha:60", "named twice"),
        (":50", "':50' is not source_id:weight"),
    ],
    ids=[
        "unknown-source",
        "above-100",
        "negative",
        "fraction-above-100",
        "fraction",
        "whole-as-decimal",
        "not-a-number",
        "empty-number",
        "nan",
        "inf",
        "exponent",
        "equals-sign",
        "no-colon",
        "trailing-comma",
        "twice",
        "no-id",
    ],
)
def test_bad_weights_are_refused(
    capsysbinary: pytest.CaptureFixture[bytes],
    case_file: Path,
    tmp_path: Path,
    weights: str,
    fragment: str,
) -> None:
    """It refuses weights that name no source, are not whole numbers 0..100 or are malformed."""
    target = tmp_path / "out.csv"
    result = run_in_process(
        capsysbinary, "export", case_file, "--weights", weights, "--output", target
    )
    assert_one_line_error(*result, fragment)
    assert result[2].startswith(b"error: --weights: ")
    assert not target.exists()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("title: [unclosed\n", "case.yaml: not valid YAML"),
        ("", "case.yaml: the file is empty"),
        ("a: &x 1\nb: *x\n", "anchors and aliases"),
        ("title: !!python/object/apply:os.system ['true']\n", "YAML tags"),
        (b"title: caf\xe9\n", "not UTF-8"),
    ],
    ids=["invalid-yaml", "empty", "alias", "tag", "not-utf8"],
)
def test_a_bad_case_file_is_refused(
    capsysbinary: pytest.CaptureFixture[bytes],
    write_case: Callable[..., Path],
    tmp_path: Path,
    text: str | bytes,
    fragment: str,
) -> None:
    """It refuses a case file that breaks a rule, in one line, writing nothing."""
    target = tmp_path / "out.csv"
    result = run_in_process(capsysbinary, "export", write_case(text), "--output", target)
    assert_one_line_error(*result, fragment)
    assert not target.exists()


def test_a_case_with_several_problems_is_refused_in_one_line(
    capsysbinary: pytest.CaptureFixture[bytes],
    write_case: Callable[..., Path],
    minimal_case_text: str,
) -> None:
    """It prints the first problem and how many more, on one line, for a case that breaks
    three rules (the page lists them all)."""
    text = (
        minimal_case_text.replace("weight: 60", "weight: 62.5")
        .replace("  - source: beta\n", "  - source: gamma\n")
        .replace("{range: [20, 40]}", "{range: [40, 20]}")
    )
    result = run_in_process(capsysbinary, "export", write_case(text))
    assert_one_line_error(
        *result,
        "error: case.yaml: sources[0].weight: 62.5 is not a whole number; a weight is a whole "
        "number from 0 to 100: write 62 or 63 (line 11) (and 2 more problems)\n",
    )


def test_a_missing_case_file_is_refused(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
) -> None:
    """It refuses a case file that does not exist, naming it."""
    target = tmp_path / "out.csv"
    result = run_in_process(capsysbinary, "export", tmp_path / "nope.yaml", "--output", target)
    assert_one_line_error(*result, "nope.yaml: cannot read the file")
    assert not target.exists()


@pytest.mark.parametrize(
    "args",
    [[], ["export"], ["import", "x.yaml"], ["export", "x.yaml", "--colour", "red"]],
    ids=["nothing", "no-case", "unknown-command", "unknown-option"],
)
def test_bad_arguments_exit_2_with_one_line(
    capsysbinary: pytest.CaptureFixture[bytes], args: list[str]
) -> None:
    """It answers missing or unknown arguments with one line and status 2."""
    status, out, err = run_in_process(capsysbinary, *args)
    assert_one_line_error(status, out, err, "error: ")


def test_an_unwritable_output_exits_2(
    capsysbinary: pytest.CaptureFixture[bytes], case_file: Path, tmp_path: Path
) -> None:
    """It exits 2 with one line when the output file cannot be written."""
    target = tmp_path / "missing-folder" / "out.csv"
    result = run_in_process(capsysbinary, "export", case_file, "--output", target)
    assert_one_line_error(*result, "cannot write")


@pytest.mark.parametrize(
    "weights", ["alpha:0", "alpha:100", "alpha:0,beta:0", "alpha:7, beta:3", "beta:10"]
)
def test_good_weights_exit_0(
    capsysbinary: pytest.CaptureFixture[bytes], case_file: Path, weights: str
) -> None:
    """It accepts any whole number from 0 to 100 for a known source, and exits 0."""
    status, out, err = run_in_process(capsysbinary, "export", case_file, "--weights", weights)
    assert status == 0
    assert err == b""
    assert out.startswith(b"row_type,question_id,")


def test_all_weights_zero_is_not_an_error(
    capsysbinary: pytest.CaptureFixture[bytes], case_file: Path
) -> None:
    """It exports `no_weight` rows, and exits 0, when every source is set to 0."""
    status, out, _ = run_in_process(
        capsysbinary, "export", case_file, "--weights", "alpha:0,beta:0"
    )
    assert status == 0
    assert out.count(b",no_weight,") == 2


# --- bugs found and fixed ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "weights"),
    [
        (b"title: ok\nquote: x\x00\n", None),
        (b'title: ok\n"two\\nlines": 1\n', None),
        (None, "alp\nha:5"),
    ],
    ids=["nul-byte", "key-with-line-break", "weights-id-with-line-break"],
)
def test_every_error_is_one_line(
    capsysbinary: pytest.CaptureFixture[bytes],
    write_case: Callable[..., Path],
    minimal_case_text: str,
    text: bytes | None,
    weights: str | None,
) -> None:
    """It reports any bad input on exactly one line, whatever characters the input holds."""
    path = write_case(text if text is not None else minimal_case_text)
    args = ["export", path] + (["--weights", weights] if weights else [])
    assert_one_line_error(*run_in_process(capsysbinary, *args), "error: ")


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_a_question_too_wide_for_floats_is_refused_or_computed(
    capsysbinary: pytest.CaptureFixture[bytes], write_case: Callable[..., Path]
) -> None:
    """It either refuses a question whose span overflows, or writes finite figures; never NaN."""
    text = (
        "title: t\nquestions:\n  - {id: q, text: t, min: -1.0e+308, max: 1.0e+308}\n"
        "sources:\n  - {id: a, name: A}\n"
        "claims:\n  - {source: a, question: q, quote: x, reading: {range: [0, 1]}}\n"
    )
    status, out, err = run_in_process(capsysbinary, "export", write_case(text))
    if status == 0:
        assert b"nan" not in out.lower()
    else:
        assert_one_line_error(status, out, err, "questions[0]")


# --- scenarios, readings and switches -------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "fragment"),
    [
        (["--scenario", "sceptic"], "no scenario 'sceptic'"),
        (["--readings", "aboard.packed=range:100:200"], "label 'packed' is not in the codebook"),
        (["--readings", "nowhere.few=at_most:20"], "no question 'nowhere'"),
        (["--readings", "aboard.few=range:300:200"], "low end 300 must be below high end 200"),
        (["--readings", "aboard.few=at_most:5000"], "5000 must be above 10 and at most 2000"),
        (["--readings", "aboard.few=range:1e2:300"], "is not a reading"),
        (["--relays", "maybe"], "invalid choice"),
        (["--shared-evidence", "twice"], "invalid choice"),
    ],
)
def test_a_bad_scenario_reading_or_switch_exits_2_without_a_file(
    write_case: Callable[..., Path],
    tmp_path: Path,
    capsysbinary: pytest.CaptureFixture[bytes],
    arguments: list[str],
    fragment: str,
) -> None:
    """It refuses an unknown scenario or label, a bad reading or switch: one line, exit 2."""
    case = write_case(ANALYST_CASE, "ferry.yaml")
    output = tmp_path / "out.csv"
    status, out, err = run_in_process(capsysbinary, "export", case, *arguments, "--output", output)
    assert_one_line_error(status, out, err, fragment)
    assert not output.exists()


def test_a_scenario_then_weights_and_switches_apply_in_that_order(
    write_case: Callable[..., Path], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """It starts from the scenario and applies --weights, --readings and switches on top."""
    from dashboard.case import AtLeast, load_case_file
    from dashboard.engine.settings import settings_for
    from dashboard.engine.weights import Switches
    from dashboard.export import csv_bytes

    path = write_case(ANALYST_CASE, "ferry.yaml")
    status, out, _ = run_in_process(
        capsysbinary, "export", path, "--scenario", "witnesses", "--weights", "police:10",
        "--readings", "delay.long=at_least:90", "--relays", "off", "--credibility", "off",
        "--shared-evidence", "each",
    )  # fmt: skip
    assert status == 0
    case = load_case_file(path)
    state = settings_for(
        case, "witnesses", {"police": 10}, {("delay", "long"): AtLeast(90)},
        Switches(False, False, False),
    )  # fmt: skip
    assert out == csv_bytes(case, state)


# --- bounds and thresholds (spec sections 12, 13) -------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "fragment"),
    [
        (
            ["--bounds", "aboard=100:2000"],
            "--bounds: the bounds 100:2000 of question 'aboard' leave",
        ),
        (["--bounds", "aboard=0:2000"], "a log question's bounds must be above 0"),
        (["--bounds", "aboard=900:800"], "the low bound must be below the high bound"),
        (["--bounds", "aboard=10-2000"], "is not bounds: write LO:HI"),
        (["--bounds", "nowhere=1:2"], "no question 'nowhere'"),
        (["--bounds", "aboard=1:9000,aboard=2:9000"], "question 'aboard' is named twice"),
        (["--threshold", "delay=240"], "--threshold: the threshold 240 of question 'delay'"),
        (["--threshold", "delay=ten"], "'ten' is not a number"),
        (["--threshold", "delay=nan"], "is not a number"),
        (["--bounds", "delay=0:100", "--threshold", "delay=150"], "between its bounds 0 and 100"),
    ],
)
def test_unusable_bounds_or_thresholds_exit_2_without_a_file(
    write_case: Callable[..., Path],
    tmp_path: Path,
    capsysbinary: pytest.CaptureFixture[bytes],
    arguments: list[str],
    fragment: str,
) -> None:
    """It refuses bounds that leave out a figure in use or are not LO < HI, and a threshold
    outside the bounds in force: one line naming the option, exit 2, no file."""
    case = write_case(ANALYST_CASE, "ferry.yaml")
    output = tmp_path / "out.csv"
    status, out, err = run_in_process(capsysbinary, "export", case, *arguments, "--output", output)
    assert_one_line_error(status, out, err, fragment)
    assert not output.exists()


def test_bounds_and_thresholds_apply_as_the_settings_say(
    write_case: Callable[..., Path], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """--bounds and --threshold give the CSV of the same settings, and the settings cell
    names them after the weights (`b_`, then `t_`)."""
    from dashboard.engine.settings import settings_for
    from dashboard.export import csv_bytes

    path = write_case(ANALYST_CASE, "ferry.yaml")
    status, out, err = run_in_process(
        capsysbinary, "export", path, "--weights", "police:10", "--bounds", "aboard=5:1e+04",
        "--threshold", "delay=40,aboard=250",
    )  # fmt: skip
    assert (status, err) == (0, b"")
    case = load_case_file(path)
    state = settings_for(
        case, weights={"police": 10}, bounds={"aboard": (5, 10000)},
        thresholds={"delay": 40, "aboard": 250},
    )  # fmt: skip
    assert out == csv_bytes(case, state)
    assert b",w_police=10&b_aboard=5:10000&t_aboard=250&t_delay=40," in out


def test_a_case_threshold_outside_the_readers_bounds_is_ignored_with_a_warning(
    write_case: Callable[..., Path], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """A case's threshold that --bounds leaves out gives no threshold and one warning line."""
    text = ANALYST_CASE.replace("    max: 240\n", "    max: 240\n    threshold: 200\n")
    path = write_case(text, "ferry.yaml")
    status, out, err = run_in_process(capsysbinary, "export", path, "--bounds", "delay=0:120")
    assert status == 0
    assert err.decode().splitlines() == [
        "warning: The case's threshold 200 for question 'delay' lies outside the bounds in "
        "force, 0:120; it was ignored."
    ]
    rows = csv.DictReader(io.StringIO(out.decode()))
    delay = [row for row in rows if row["row_type"] == "combined" and row["question_id"] == "delay"]
    assert [(row["threshold"], row["p_above"]) for row in delay] == [("", ""), ("", "")]


# --- take-down ---------------------------------------------------------------------------------


def take_down(folder: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`python -m dashboard take-down ...` as the README gives it, run in `folder` with the
    store in its .case-store (no variable names another)."""
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("CASE_STORE_")
    }
    return subprocess.run(
        [sys.executable, "-m", "dashboard", "take-down", *arguments],
        cwd=folder,
        env={**environment, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_take_down_deletes_a_stored_case_whole_and_it_can_be_stored_again(
    tmp_path: Path,
) -> None:
    """Issue 24, point 6, exactly as the README says: the command takes the case and its
    documents out of the store the app uses; its link then finds nothing, and storing the
    same upload again works."""
    store = CaseStore.from_url(default_sqlite_url(tmp_path / DEFAULT_FOLDER))
    files = [("notes.txt", b"The notes.")]
    stored_id = store.put("bridges.yaml", b"title: Bridges", files)
    done = take_down(tmp_path, stored_id)
    assert done.returncode == 0, done.stderr
    assert f"Took down {stored_id}" in done.stdout
    assert store.get(stored_id) is None
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM stored_documents")).scalar() == 0
    assert store.put("bridges.yaml", b"title: Bridges", files) == stored_id
    store.dispose()


@pytest.mark.parametrize(
    ("case_id", "says"),
    [("u-" + "0" * 32, "no stored case has the id"), ("../etc", "is not a stored case's id")],
)
def test_take_down_of_what_is_not_stored_says_so(tmp_path: Path, case_id: str, says: str) -> None:
    done = take_down(tmp_path, case_id)
    assert done.returncode == EXIT_BAD_INPUT
    assert says in done.stderr and len(done.stderr.splitlines()) == 1
