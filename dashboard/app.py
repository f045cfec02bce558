"""The dashboard page: gather the reader's choices, ask the engine, render the answer.

Reads top to bottom like the page: sidebar controls, then the headline, charts,
quotes, export and share link, and the methodology tab. All logic lives in the
modules it imports; untrusted text reaches Streamlit only through `literal`
(Markdown-escaped or HTML-escaped).
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import streamlit as st

# `streamlit run dashboard/app.py` puts dashboard/ itself on the path, not the project;
# without an installed package (as on a bare deployment) the imports below need the root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import charts
from dashboard.case import (
    UPLOAD_LIMIT_BYTES,
    Case,
    CaseError,
    Claim,
    Question,
    load_case_bytes,
    load_case_file,
    surrounding_paragraph,
)
from dashboard.export import csv_bytes, export_file_name
from dashboard.headline import (
    biggest_mover,
    format_interval,
    format_shift,
    format_value,
    headline,
)
from dashboard.literal import html_text, markdown_text
from dashboard.pooling import METHODS, QuestionDistributions, evaluate, question_distributions
from dashboard.share import (
    CASE,
    METHOD,
    QUESTION,
    parse_link,
    share_query,
    share_url,
)
from dashboard.tables import codebook_table, edited_weights, weights_table

DATA = Path(__file__).resolve().parent.parent / "data"
TEMPLATE = DATA / "templates" / "case-template.yaml"
DEFAULT_CASE = "refusals"
SLIDER_LIMIT = 30  # above this many weighted sources, sliders give way to a searchable table

METHOD_NAMES = {"linear": "Mixture (linear pool)", "log": "Consensus (log pool)"}
METHOD_HELP = {
    "linear": "Averages the sources' distributions: disagreement stays visible as spread.",
    "log": "Multiplies them: the estimate narrows to where trusted sources agree.",
}
WEIGHT_KEY = "weight:"
EQUAL_TRUST = 50


st.set_page_config(page_title="Source credibility weighting", page_icon="⚖️", layout="wide")


@st.cache_resource
def bundled_cases() -> tuple[dict[str, Case], tuple[str, ...]]:
    """Every data/*.yaml by file name, the default case first; and one error line per bad file."""
    cases: dict[str, Case] = {}
    errors: list[str] = []
    paths = sorted(DATA.glob("*.yaml"), key=lambda p: (p.stem != DEFAULT_CASE, p.stem))
    for path in paths:
        try:
            cases[path.stem] = load_case_file(path)
        except CaseError as error:
            errors.append(str(error))
    return cases, tuple(errors)


@st.cache_resource(max_entries=32)
def distributions(case_key: str, _case: Case) -> dict[str, QuestionDistributions]:
    """Each claim's distribution depends only on the case: computed once per case."""
    return {q.id: question_distributions(_case, q.id) for q in _case.questions}


@st.cache_data(max_entries=32, show_spinner=False)
def parsed_upload(files: tuple[tuple[str, bytes], ...]) -> tuple[Case | None, str]:
    """The uploaded case (the .yaml among the files, the others as its documents), or an error."""
    cases = [(name, data) for name, data in files if name.lower().endswith((".yaml", ".yml"))]
    if len(cases) != 1:
        return None, "Upload exactly one case file (.yaml or .yml), optionally with its document."
    name, data = cases[0]
    documents = {other: blob for other, blob in files if other != name}
    try:
        return load_case_bytes(data, name, documents, max_bytes=UPLOAD_LIMIT_BYTES), ""
    except CaseError as error:
        return None, str(error)


def question_key(case_key: str) -> str:
    # One question box per case: a box whose options change under one key keeps
    # showing the old case's question in the browser.
    return f"{QUESTION}:{case_key}"


# --- state from the link, once per session -------------------------------------------

cases, bundled_errors = bundled_cases()
if "link" not in st.session_state:
    link = parse_link({key: st.query_params.get_all(key) for key in st.query_params}, cases)
    st.session_state.link = link
    for key, value in ((CASE, link.case_id), (METHOD, link.method)):
        if value is not None:
            st.session_state[key] = value
    if link.question_id is not None:
        st.session_state[question_key(link.case_id or DEFAULT_CASE)] = link.question_id
link = st.session_state.link


def set_weights(values: dict[str, float]) -> None:
    for source_id, value in values.items():
        st.session_state[WEIGHT_KEY + source_id] = int(round(value))
    st.session_state.editor_round = st.session_state.get("editor_round", 0) + 1


# --- sidebar: case, question, method, weights ----------------------------------------

with st.sidebar:
    st.header("Case")
    case_id = st.selectbox(
        "Bundled case",
        list(cases),
        format_func=lambda key: cases[key].title,
        key=CASE,
    )
    uploads = st.file_uploader(
        "Or upload your own case (YAML, with its document if you have it)",
        type=["yaml", "yml", "txt"],
        accept_multiple_files=True,
        help="At most 1 MB. The file is checked against the case format; "
        "nothing you upload is stored.",
    )
    with st.expander("Case file template and example"):
        st.download_button(
            "Template (YAML)",
            TEMPLATE.read_bytes(),
            file_name="case-template.yaml",
            on_click="ignore",
        )
        st.download_button(
            "Example: the refusal case",
            (DATA / f"{DEFAULT_CASE}.yaml").read_bytes(),
            file_name=f"{DEFAULT_CASE}.yaml",
            on_click="ignore",
        )

upload_error = ""
if uploads:
    upload_case, upload_error = parsed_upload(tuple((f.name, f.getvalue()) for f in uploads))
    if upload_case is not None:
        digest = hashlib.sha256(b"".join(f.getvalue() for f in uploads)).hexdigest()[:12]
        st.session_state.upload = (f"upload-{digest}", upload_case, uploads[0].name)
else:
    st.session_state.pop("upload", None)

if "upload" in st.session_state:
    case_key, case, upload_name = st.session_state.upload
    file_stem = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(upload_name).stem) or "uploaded-case"
else:
    case_key, case, file_stem = case_id, cases[case_id], case_id

if st.session_state.get("active_case") != case_key:
    # A new case starts from its defaults, or from the link if the link named it.
    first_visit = "active_case" not in st.session_state
    st.session_state.active_case = case_key
    link_weights = (
        link.weights if first_visit and case_key == (link.case_id or DEFAULT_CASE) else {}
    )
    for key in [k for k in st.session_state if str(k).startswith(WEIGHT_KEY)]:
        del st.session_state[key]
    set_weights({**case.default_weights(), **link_weights})

questions = {q.id: q for q in case.questions}
weighted_sources = [s for s in case.sources if any(c.source == s.id for c in case.claims)]

with st.sidebar:
    question_id = st.selectbox(
        "Question",
        list(questions),
        format_func=lambda key: questions[key].text,
        key=question_key(case_key),
    )
    method = st.radio(
        "Pooling method",
        METHODS,
        format_func=METHOD_NAMES.get,
        captions=[METHOD_HELP[m] for m in METHODS],
        key=METHOD,
    )

    st.header("Trust in each source")
    left, right = st.columns(2)
    left.button(
        "Defaults",
        help="Restore the case's default weights.",
        on_click=set_weights,
        args=(case.default_weights(),),
        width="stretch",
    )
    right.button(
        "Equal trust",
        on_click=set_weights,
        args=({s.id: EQUAL_TRUST for s in case.sources},),
        width="stretch",
        help=f"Every source at {EQUAL_TRUST}.",
    )
    if len(weighted_sources) <= SLIDER_LIMIT:
        for source in weighted_sources:
            kind = f" · {source.kind}" if source.kind else ""
            st.slider(
                markdown_text(source.name + kind),
                0,
                100,
                key=WEIGHT_KEY + source.id,
                help=markdown_text(source.note) if source.note else None,
            )
    else:
        search = st.text_input("Find a source", placeholder="name or kind")
        current = {s.id: st.session_state[WEIGHT_KEY + s.id] for s in weighted_sources}
        table = weights_table(weighted_sources, current, search)
        editor_key = f"weights-table-{st.session_state.editor_round}"
        st.data_editor(
            table,
            key=editor_key,
            hide_index=True,
            disabled=["source", "kind"],
            column_config={
                "weight": st.column_config.NumberColumn("trust", min_value=0, max_value=100, step=1)
            },
            on_change=lambda: set_weights(
                edited_weights(st.session_state[editor_key]["edited_rows"], list(table.index))
            ),
        )
    relays = [s for s in case.sources if s not in weighted_sources]
    if relays:
        st.caption(
            "Relays only (no claims of their own, so no weight to set): "
            + markdown_text(", ".join(s.name for s in relays))
        )

weights = {s.id: float(st.session_state[WEIGHT_KEY + s.id]) for s in case.sources}
# The address bar always holds the view as ids (spec section 7). Streamlit's own
# widget binding would write the select boxes' display labels instead, so the page
# writes the query itself; an uploaded case cannot travel in a link at all.
if "upload" in st.session_state:
    st.query_params.clear()
else:
    st.query_params.from_dict(share_query(case_id, question_id, method, weights, case))

# --- the engine --------------------------------------------------------------------

cache = distributions(case_key, case)
results = evaluate(case, weights, cache)
at_defaults = evaluate(case, case.default_weights(), cache)
question = questions[question_id]
result = results[question_id]
influence = charts.influence_data(case, result.distributions, weights, method)

# --- main view ---------------------------------------------------------------------

st.title(markdown_text(case.title))
if case.description:
    st.caption(markdown_text(case.description))
for message in link.warnings:
    st.warning(markdown_text(message), icon="🔗")
for message in bundled_errors:
    st.error(markdown_text(message))
if upload_error:
    st.error(markdown_text(upload_error) + " — the previous case and weights are kept.", icon="📄")
if "upload" in st.session_state and not case.quotes_checked:
    st.info(
        "The quotes of this uploaded case could not be checked against its document: "
        "upload the document file named in the case along with it.",
        icon="ℹ️",
    )

estimate_tab, method_tab = st.tabs(["Estimate", "How it works"])


def render_headline(question: Question) -> None:
    st.subheader(markdown_text(question.text))
    now = headline(result.pooled[method], at_defaults[question_id].pooled[method])
    if now is None:
        st.warning(
            "No estimate: every source with a claim on this question is at zero trust. "
            "Raise a slider to see one.",
            icon="⚖️",
        )
        return
    median, interval, moved = st.columns(3)
    median.metric(
        f"Combined median, {METHOD_NAMES[method].lower()}",
        format_value(now.median, question),
        help="Half the pooled probability lies below this value.",
    )
    interval.metric(
        "90% interval",
        format_interval(now.p05, now.p95, question),
        help="The pooled distribution puts 5% below and 5% above this range.",
    )
    moved.metric(
        "Moved from the case's default weights",
        "n/a" if now.shift is None else format_shift(now.shift, question),
        help="Median now minus the median with every source at its default trust.",
    )
    sentence = biggest_mover(influence, question)
    if sentence:
        st.markdown(f"**{markdown_text(sentence)}**")


def claim_card(claim: Claim, share: float, case: Case) -> str:
    """One claim as escaped HTML: who said it, how it reached us, the words, the reading."""
    source = case.source(claim.source)
    relays = " → ".join(case.source(r).name for r in source.via)
    reading = claim.reading.describe()
    judgment = '<span class="badge">judgment via codebook</span>' if claim.reading.label else ""
    return f"""
<div class="claim">
  <div class="who"><b>{html_text(source.name)}</b>
    {f'<span class="kind">{html_text(source.kind)}</span>' if source.kind else ""}
    <span class="share">{share:.0%} of the weight</span></div>
  {f'<div class="via">via {html_text(relays)}</div>' if relays else ""}
  <blockquote>{html_text(claim.quote)}</blockquote>
  <div class="reading">Reading: <code>{html_text(reading)}</code> {judgment}</div>
  {f'<div class="why">{html_text(claim.rationale)}</div>' if claim.rationale else ""}
</div>"""


CARD_STYLE = """
<style>
.claim {border-left: 4px solid #8a9bb0; padding: .4rem .8rem; margin: .6rem 0 .2rem 0;}
.claim .kind, .claim .share, .claim .via {color: #5b6573; font-size: .85rem; margin-left: .4rem;}
.claim .via {margin-left: 0;}
.claim blockquote {margin: .4rem 0; font-size: 1.05rem; font-style: italic;}
.claim .reading, .claim .why {font-size: .9rem;}
.claim .why {color: #3d4650;}
.claim .badge {background: #fff3cd; color: #6b5200; border-radius: .3rem;
  padding: 0 .35rem; font-size: .75rem;}
</style>"""


def render_quotes() -> None:
    st.subheader("What each source said")
    st.caption("Every number above rests on these verbatim quotes and the stated reading of each.")
    st.html(CARD_STYLE)
    ordered = [question_id] + [q for q in questions if q != question_id]
    for qid in ordered:
        if qid != question_id:
            st.markdown(f"**Claims on: {markdown_text(questions[qid].text)}**")
        shares = results[qid].normalized_weights
        for claim, share in zip(results[qid].distributions.claims, shares, strict=True):
            st.html(claim_card(claim, float(share), case))
            paragraph = (
                surrounding_paragraph(case.document.text, claim.quote)
                if case.document and case.document.text
                else None
            )
            if paragraph:
                with st.expander("Surrounding paragraph"):
                    st.html(f"<p>{html_text(paragraph)}</p>")


def render_export() -> None:
    st.subheader("Take it with you")
    csv_column, link_column = st.columns(2)
    with csv_column:
        st.download_button(
            "Download CSV",
            csv_bytes(case, weights, cache),
            file_name=export_file_name(file_stem),
            mime="text/csv",
            on_click="ignore",
            help="Every claim with its reading and weight, and both pools, as the command "
            "line `python -m dashboard export` writes them.",
        )
    with link_column:
        if "upload" in st.session_state:
            st.caption("A link cannot carry an uploaded case; download the CSV instead.")
        else:
            query = share_query(case_id, question_id, method, weights, case)
            st.caption("Link to this view (copy with the button on the right):")
            st.code(share_url(st.context.url or "", query), language=None)


with estimate_tab:
    render_headline(question)
    forest, density, influence = st.tabs(
        ["Claims and pools", "Pooled distribution", "Influence of each source"]
    )
    with forest:
        st.altair_chart(charts.forest_chart(case, result), width="stretch")
    with density:
        st.altair_chart(charts.pooled_density_chart(case, result, method), width="stretch")
    with influence:
        st.altair_chart(
            charts.influence_chart(case, result.distributions, weights, method, data=influence),
            width="stretch",
        )
    render_quotes()
    render_export()


def render_methodology() -> None:
    example = next((c for c in case.claims if c.reading.kind == "range"), None)
    st.subheader("From a quote to a number")
    st.markdown(
        "Each claim quotes its source word for word and states a **reading**: how those "
        "words become a probability distribution over the question's possible values. "
        "Every reading keeps some probability everywhere, so no single source, however "
        "little trusted, can rule a value out."
    )
    st.markdown(
        "- **range a–b** is read as a 90% interval: a normal distribution with 5% below "
        "*a* and 5% above *b*, cut to the question's bounds.\n"
        "- **at least a** puts 95% of the probability evenly above *a* and 5% below it; "
        "**at most b** the reverse.\n"
        '- **label** is a qualitative phrase ("a mass phenomenon"). The article gives no '
        "number for it, so the case's codebook states a judgment, with its reason, and "
        "the phrase is read through it. Such readings are marked *judgment* by the quotes."
    )
    st.latex(
        r"\text{range } [a,b]:\quad \mu = \tfrac{T(a)+T(b)}{2},\qquad "
        r"\sigma = \frac{T(b)-T(a)}{2 \times 1.644854}"
    )
    st.caption(
        "T(x) = x on a linear question and ln x on a log question, so a log question's "
        "ranges are symmetric in ratios."
    )
    if example is not None:
        example_question = questions[example.question]
        example_claims = distributions(case_key, case)[example.question]
        summary = example_claims.claim_summaries[example_claims.claims.index(example)]
        source_name, quote, reading, median, low, high = (
            markdown_text(text)
            for text in (
                case.source(example.source).name,
                example.quote,
                example.reading.describe(),
                format_value(summary.median, example_question),
                format_value(summary.p05, example_question),
                format_value(summary.p95, example_question),
            )
        )
        st.markdown(
            f"In this case, {source_name} said “{quote}”, read as **{reading}**: its own "
            f"median is {median} and its 90% interval {low} to {high}."
        )

    st.subheader("What a weight does")
    st.markdown(
        "Each source gets a trust weight from 0 to 100. A source's weight is split equally "
        "among its claims on the same question, so a source that says two things has the "
        "same total say as one that says one thing. A claim's share is its weight divided "
        "by the question's total; a source at 0 has no say at all. If every source on a "
        "question is at 0, there is no estimate, never a made-up number."
    )
    st.latex(r"v_i = \frac{w_{s(i)} / n_{s(i)}}{\sum_j w_{s(j)} / n_{s(j)}}")

    st.subheader("Two ways to combine")
    st.markdown(
        "- **Mixture (linear pool)** averages the claims' distributions by share. If "
        "trusted sources disagree, the result stays wide or has several humps: it shows "
        "the disagreement.\n"
        "- **Consensus (log pool)** multiplies the distributions, each raised to its share, "
        "and renormalises. It narrows to where the trusted sources overlap: it assumes "
        "they are all partly right."
    )
    st.latex(
        r"p_{\text{mix}}(t) = \sum_i v_i\,p_i(t) \qquad "
        r"p_{\text{cons}}(t) \propto \prod_i p_i(t)^{v_i}"
    )
    st.markdown(
        "The headline is the pooled median with its 90% interval (5th to 95th "
        "percentile). *Influence* shows how far that median would move if a source were "
        "left out. All figures are computed on a grid of 2,000 cells per question."
    )

    st.subheader("The codebook of this case")
    for q in questions.values():
        st.markdown(f"**{markdown_text(q.text)}**")
        if not q.codebook:
            st.caption("No qualitative labels on this question.")
            continue
        st.dataframe(
            codebook_table(q),
            hide_index=True,
            width="stretch",
            column_config={"rationale": st.column_config.TextColumn(width="large")},
        )


with method_tab:
    render_methodology()
