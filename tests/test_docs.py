"""Test cases for the documents: docs/contract.md and the template stay in step with the code."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from dashboard.case import Case, CaseError, load_case_bytes, load_case_file

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = (ROOT / "docs" / "contract.md").read_text("utf-8")
TEMPLATE = ROOT / "data" / "templates" / "case-template.yaml"
PLACEHOLDER = re.compile(r"<[^<>\n]+>")


def section(title_start: str) -> str:
    """The text of the contract's `## <n>. title...` section whose title starts so."""
    match = re.search(
        rf"^## \d+\. {re.escape(title_start)}.*?$(.*?)(?=^## |\Z)", CONTRACT, re.M | re.S
    )
    assert match, f"docs/contract.md has no section '{title_start}'"
    return match.group(1)


def first_cells(text: str) -> list[str]:
    """The backticked first cell of each row of the markdown tables in `text`."""
    return re.findall(r"^\| `([^`]+)` \|", text, re.M)


def table_rows(text: str) -> list[list[str]]:
    """Every body row of the markdown tables in `text`, as stripped cells."""
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not re.match(r"\|[-| ]+\|$", line):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_the_documented_csv_columns_are_the_exported_ones_in_order() -> None:
    """It documents exactly dashboard.export.COLUMNS, in their order."""
    from dashboard.export import COLUMNS

    assert first_cells(section("The CSV")) == list(COLUMNS)


def test_the_documented_options_are_the_ones_the_command_offers() -> None:
    """It documents exactly the options that `python -m dashboard export --help` lists."""
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "export", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    offered = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", result.stdout)) - {"--help"}
    documented = [cell.split()[0] for cell in first_cells(section("The command line"))]
    assert sorted(documented) == sorted(offered)
    assert len(documented) == len(set(documented))


def link_parameters() -> list[tuple[str, str]]:
    """The documented link parameters as (name pattern, example value)."""
    rows = [row for row in table_rows(section("The share link")) if row[0].startswith("`")]
    return [(row[0].strip("`"), row[1].strip("`")) for row in rows]


def parameter_pattern(name: str) -> re.Pattern[str]:
    """`w_<source_id>` -> a pattern matching `w_cit`; a plain name matches only itself."""
    parts = re.split(r"(<[^>]+>)", name)
    return re.compile(
        "".join("[a-z0-9_-]+" if part.startswith("<") else re.escape(part) for part in parts)
    )


def concrete_name(name: str) -> str:
    """A documented parameter name with its placeholders filled from the bundled case."""
    fills = {"source_id": "cit", "question_id": "refusal_share", "label": "mass_phenomenon"}
    return re.sub(r"<([^>]+)>", lambda m: fills[m.group(1)], name)


@pytest.fixture(scope="module")
def bundled() -> Case:
    return load_case_file(ROOT / "data" / "refusals.yaml")


def test_every_documented_link_parameter_is_read_without_a_warning(bundled: Case) -> None:
    """Each documented parameter, with its documented example, is understood by share.py."""
    from dashboard.link import parse_link

    cases = {"refusals": bundled}
    parameters = link_parameters()
    assert parameters
    query = {concrete_name(name): [example] for name, example in parameters}
    for key, values in query.items():
        state = parse_link({key: values}, cases)
        assert state.warnings == (), (key, state.warnings)
    together = parse_link(query, cases)
    assert together.warnings == ()
    assert parse_link({"no_such_setting": ["1"]}, cases).warnings


def test_a_link_to_a_changed_view_uses_every_documented_parameter_and_no_other(
    bundled: Case,
) -> None:
    """share.py builds links only from documented parameters, and can use each of them."""
    from dashboard.case import Range
    from dashboard.engine.settings import settings_for
    from dashboard.engine.weights import Switches
    from dashboard.link import share_query

    settings = settings_for(
        bundled,
        scenario="documented_only",
        weights={"cit": 80},
        readings={("refusal_share", "mass_phenomenon"): Range(6, 24)},
        switches=Switches(relays=False, credibility=False, shared_evidence=False),
        bounds={"refusal_share": (0, 120)},
        thresholds={"refusal_share": 33},
    )
    query = share_query("refusals", "refusal_share", "log", bundled, settings)
    patterns = {name: parameter_pattern(name) for name, _ in link_parameters()}
    unmatched = [key for key in query if not any(p.fullmatch(key) for p in patterns.values())]
    assert unmatched == []
    unused = [name for name, p in patterns.items() if not any(p.fullmatch(k) for k in query)]
    assert unused == []


def grade_table(after_heading_text: str) -> list[list[str]]:
    start = CONTRACT.index(after_heading_text)
    return [
        row
        for row in table_rows(CONTRACT[start : start + 1200])
        if row[0] not in ("grade", "reading")
    ][:6]


def test_the_documented_grades_are_the_engines() -> None:
    """The two Admiralty tables on the page give the engine's words, factors and weights."""
    from dashboard.engine.weights import CREDIBILITY, RELIABILITY

    credibility = grade_table("Credibility grades of the information")
    assert credibility == [
        [str(n), g.words, f"{g.factor:.1f}"] for n, g in sorted(CREDIBILITY.items())
    ]
    reliability = grade_table('"weights from grades"')
    assert reliability == [
        [letter, g.words, f"{g.weight:g}"] for letter, g in sorted(RELIABILITY.items())
    ]


def test_the_worked_example_gives_the_engines_effective_weights(bundled: Case) -> None:
    """The worked example's effective weights are what the engine computes for the bundled case."""
    from dashboard.engine.weights import Switches, effective_weights

    example = section("Weights")
    claims = bundled.claims_on("refusal_count")
    weights = effective_weights(
        bundled,
        claims,
        bundled.default_weights(),
        Switches(),
    )
    by_id = {claim.id: float(w) for claim, w in zip(claims, weights, strict=True)}
    stated = {
        "cit-count-considerably-larger": 8.64,
        "volkov-count-mass": 4.00,
        "author-count-grown-large": 4.00,
    }
    for claim_id, figure in stated.items():
        assert f"**{figure:.2f}**" in example
        assert by_id[claim_id] == pytest.approx(figure, abs=0.005), claim_id


def test_the_format_example_is_a_case_that_loads() -> None:
    """The case file shown in section 1 loads, with every optional field it shows."""
    example = re.search(r"```yaml\n(.*?)```", section("The case file"), re.S)
    assert example
    case = load_case_bytes(example.group(1).encode(), "example.yaml")
    assert case.scenarios and case.sources[0].reliability == "B"
    assert {claim.evidence for claim in case.claims} == {"radar"}


def test_the_template_parses_as_yaml_as_shipped() -> None:
    """The downloadable template is valid YAML before anything is filled in."""
    data = yaml.safe_load(TEMPLATE.read_text("utf-8"))
    assert isinstance(data, dict)
    assert {"title", "questions", "sources", "claims", "scenarios"} <= set(data)


def test_the_template_loads_as_shipped_or_names_a_placeholder() -> None:
    """As shipped, the template loads, or its refusal names one of its own placeholders."""
    text = TEMPLATE.read_text("utf-8")
    try:
        case = load_case_bytes(text.encode(), TEMPLATE.name)
    except CaseError as error:
        named = [p for p in PLACEHOLDER.findall(text) if p in str(error)]
        assert named, f"the template is refused for something else: {error}"
    else:
        assert case.sources[0].reliability is not None
        assert case.claims[0].credibility is not None
        assert case.claims[0].evidence is not None
        assert case.scenarios


def test_the_template_shows_every_optional_lever() -> None:
    """It shows, with a comment, reliability, credibility, evidence, via and scenarios."""
    text = TEMPLATE.read_text("utf-8")
    for key in ("reliability:", "credibility:", "evidence:", "via:", "scenarios:", "readings:"):
        line = next(line for line in text.splitlines() if line.strip().startswith(key))
        assert "#" in line, key


def test_the_readme_points_at_the_contract_in_the_repository() -> None:
    """README sends readers to docs/contract.md, not to a file outside the repository."""
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "docs/contract.md" in readme
    assert "MODEL.md" not in readme


def test_the_documents_example_is_the_two_document_fixture() -> None:
    """The `documents` snippet of section 1 names the fixture's documents and a quote that
    occurs in its own document, so the example cannot drift from a case that loads."""
    snippet = re.search(r"  ```yaml\n(  documents:.*?)  ```", section("The case file"), re.S)
    assert snippet
    shown = yaml.safe_load(textwrap.dedent(snippet.group(1)))
    folder = ROOT / "tests" / "fixtures" / "two-documents"
    case = load_case_file(folder / "roads.yaml")
    assert [(d["id"], d["file"]) for d in shown["documents"]] == [
        (d.id, d.file) for d in case.documents
    ]
    claim = shown["claims"][0]
    document = next(d for d in case.documents if d.id == claim["document"])
    assert claim["quote"] in (folder / document.file).read_text("utf-8")


def test_the_documented_estimative_words_are_the_engines() -> None:
    """Section 10's table of ICD 203 words gives, at each row's lowest probability, the
    words the page uses."""
    from dashboard.view.wording import estimative_words

    rows = [row for row in table_rows(section("The answer in estimative words"))[1:]]
    lowest = [0.0, 0.05, 0.2, 0.45, 0.550001, 0.800001, 0.950001]
    assert [words for _, words in rows] == [estimative_words(p) for p in lowest]


def test_the_work_parameter_is_documented_as_the_page_reads_it() -> None:
    """The address bar's private `work=w-…` (issue 24) is described in the share link's
    section under the name the page uses, and is no parameter of a link to a view."""
    from dashboard.link import WORK

    assert f"`{WORK}=w-…`" in section("The share link")
    assert WORK not in {name for name, _ in link_parameters()}


def test_the_layout_names_every_module() -> None:
    """README's Layout is the map of dashboard/: every module and folder is on it."""
    readme = (ROOT / "README.md").read_text("utf-8")
    layout = readme[readme.index("## Layout") :]
    modules = [path for path in (ROOT / "dashboard").rglob("*.py") if path.name != "__init__.py"]
    folders = {path.parent.name + "/" for path in modules if path.parent.name != "dashboard"}
    missing = [path.name for path in modules if path.name not in layout]
    missing += [folder for folder in sorted(folders) if folder not in layout]
    assert missing == []
