"""How it works: from a quote to a number, the five weight steps on the open case, the pools."""

from __future__ import annotations

import streamlit as st

from dashboard.page.literal import markdown_text
from dashboard.view.cards import CREDIBILITY_FACTORS, RELIABILITY_WEIGHTS
from dashboard.view.model import View


def method_tab(view: View) -> None:
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
        "number for it, so the case's codebook states a judgment, with its reason. You can "
        "read it differently under **Readings**."
    )
    st.latex(
        r"\text{range } [a,b]:\quad \mu = \tfrac{T(a)+T(b)}{2},\qquad "
        r"\sigma = \frac{T(b)-T(a)}{2 \times 1.644854}"
    )
    st.caption(
        "T(x) = x on a linear question and ln x on a log question, so a log question's "
        "ranges are symmetric in ratios."
    )

    st.subheader("What a weight does: five steps")
    st.markdown(
        "1. **Trust.** Each source gets a weight from 0 to 100 (the sliders).\n"
        "2. **Relays.** A claim is no more trustworthy than the hands it passed through: its "
        "source's weight is multiplied by each relay's weight / 100. A relay at 0 silences "
        "everything that came only through it.\n"
        "3. **Split.** A source's weight is split equally among its claims on the question, "
        "so saying two things gives no more say than saying one.\n"
        "4. **Credibility.** A graded claim is multiplied by its grade's factor.\n"
        "5. **Shared evidence.** Claims resting on one piece of evidence together weigh as "
        "much as their heaviest member.\n\n"
        "A claim's share is its weight after step 5 divided by the question's total. If every "
        "claim is at 0 there is no estimate, never a made-up number."
    )
    st.caption(markdown_text(f"The steps on this case, for: {view.question.text}"))
    # A data grid shows names literally (a table would render them as Markdown); its
    # columns are sized to fit the page instead of running off its right edge.
    steps = view.charts.weight_steps
    st.dataframe(
        steps,
        hide_index=True,
        width="stretch",
        column_config={
            "source": st.column_config.TextColumn(width="medium"),
            "reading": st.column_config.TextColumn(width="medium"),
            "share": st.column_config.NumberColumn(format="percent", width="small"),
            **{
                column: st.column_config.NumberColumn(format="%.3g", width="small")
                for column in steps.columns
                if column[0].isdigit()
            },
        },
    )
    st.caption(f"Credibility factors: {CREDIBILITY_FACTORS}.")
    st.caption(f"Source reliability, for “Weights from grades”: {RELIABILITY_WEIGHTS}.")

    st.subheader("Two ways to combine")
    st.markdown(
        "- **Mixture (linear pool)** averages the claims' distributions by share. If "
        "trusted sources disagree, the result stays wide or has several humps: it shows "
        "the disagreement.\n"
        "- **Consensus (log pool)** multiplies the distributions, each raised to its share, "
        "and renormalises. Where trusted claims overlap it narrows to what they share; where "
        "they disagree it lands on a compromise that none of them states. When two trusted "
        "claims' 90% intervals lie apart, the headline names them under either method."
    )
    st.latex(
        r"p_{\text{mix}}(t) = \sum_i v_i\,p_i(t) \qquad "
        r"p_{\text{cons}}(t) \propto \prod_i p_i(t)^{v_i}"
    )
    st.markdown(
        "The headline is the pooled median with its 90% interval (5th to 95th "
        "percentile). *Influence* shows how far that median would move if a source were "
        "set to 0; *Sensitivity* runs one source from 0 to 100; *Points of view* shows "
        "each scenario of the case. All figures are computed on a grid of 2,000 cells."
    )

    st.subheader("Bounds and the answer in words")
    st.markdown(
        "A question's lower and upper bounds are the case's judgment, and they shape the "
        "estimate: a “more than 1,000” reading spreads 95% of its weight up to the upper "
        "bound, and every reading is cut at the bounds. When such one-sided claims carry a "
        "tenth of the weight or more, the headline says that an end of the interval rests "
        "on a bound, and what the interval would be with the bound moved halfway towards "
        "the figures the readings state; set your own bounds under *Bounds and threshold*.\n\n"
        "A question may name the figure its answer turns on, its threshold (or set your "
        "own). The headline then says how likely the quantity exceeds it, in the words of "
        "the US intelligence community's standard (ICD 203): almost no chance (below 5%), "
        "very unlikely (to 20%), unlikely (to 45%), roughly even chance (45 to 55%), likely "
        "(to 80%), very likely (to 95%), almost certain (above 95%)."
    )
