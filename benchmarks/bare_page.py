"""The bare page the dashboard is measured against: the same sliders, one metric, one chart.

    streamlit run benchmarks/bare_page.py -- 40,35,0,...

Each number after `--` is one slider in the sidebar, with that starting value. The
metric (the page's headline, like the dashboard's combined median) is the weights'
total, so that every slider move changes it; the chart draws each slider's value.
Nothing else is on the page: this is what any Streamlit page with these widgets costs.
"""

from __future__ import annotations

import sys

import altair as alt
import pandas as pd
import streamlit as st

st.set_page_config(page_title="Bare page", layout="wide")

starting_values = [int(value) for value in sys.argv[1].split(",")] if len(sys.argv) > 1 else [50]

with st.sidebar:
    st.header("Trust in each source")
    weights = [
        st.slider(f"Source {index}", 0, 100, value, key=f"w_s{index}")
        for index, value in enumerate(starting_values)
    ]

st.title("Bare page")
st.metric("Total trust", f"{sum(weights)}")
rows = pd.DataFrame({"source": [f"Source {i}" for i in range(len(weights))], "weight": weights})
st.altair_chart(
    alt.Chart(rows).mark_bar().encode(x="weight:Q", y=alt.Y("source:N", sort=None)),
    width="stretch",
)
