"""A bare Streamlit page with kcost's main widgets and nothing else: the speed baseline.

Same page config, same widgets with the same keys, labels, ranges and URL binding as
the kcost page on its defaults (IV ketamine and a generic SSRI), laid out the same way;
but no kcost import and no computation: it writes the values back and draws a tiny
fixed altair chart. `benchmarks/app_speed.py` compares kcost's speed to this page's.
"""

import altair as alt
import pandas as pd
import streamlit as st

st.set_page_config(page_title="kcost: ketamine or SSRI, cost and time to relief", layout="centered")

PLANS = ["ketamine-iv", "ketamine-im", "ketamine-at-home", "esketamine", "ssri-generic", "ssri-cbt"]
HORIZON_OPTIONS = [4, 8, 12, 26, 52, 78, 104, 156, 208, 260]
BOOSTER_OPTIONS = ["none", *range(1, 14)]
DRUGS = ["sertraline", "escitalopram", "fluoxetine", "citalopram", "paroxetine", "venlafaxine-er", "duloxetine"]
CHART = pd.DataFrame({"week": [0, 1, 2, 3], "cumulative_cost": [0.0, 1.0, 2.0, 3.0], "plan": ["a", "a", "b", "b"]})

st.title("Bare page: kcost's widgets, no kcost")
st.info("**Not medical advice.** Baseline page for benchmarks/app_speed.py.")

plans = st.multiselect(
    "Plans to compare (2 to 4)",
    PLANS,
    default=["ketamine-iv", "ssri-generic"],
    max_selections=4,
    key="plans",
    bind="query-params",
)
weeks = st.select_slider("Time horizon", options=HORIZON_OPTIONS, value=52, key="weeks", bind="query-params")

st.subheader("Main inputs")
left, right = st.columns(2)
with left.container(border=True):
    st.markdown("**Ketamine IV infusions (clinic)**")
    price = st.slider(
        "Price per session (USD)", 100, 2000, value=550, step=5, key="ketamine-iv.price", bind="query-params"
    )
    induction = st.slider(
        "Sessions in the first series", 1, 12, value=6, step=1, key="ketamine-iv.induction", bind="query-params"
    )
    booster = st.select_slider(
        "Booster or renewal every", options=BOOSTER_OPTIONS, value=4, key="ketamine-iv.booster", bind="query-params"
    )
with right.container(border=True):
    st.markdown("**SSRI or SNRI medicine**")
    drug = st.selectbox("Medicine", DRUGS, index=0, key="drug", bind="query-params")
    daily = st.number_input(
        "Daily cost of the medicine (USD)",
        0.0,
        50.0,
        value=0.034,
        step=0.01,
        format="%.3f",
        key="ssri_daily",
        bind="query-params",
    )

st.write(f"plans = {plans}; weeks = {weeks}")
st.write(f"ketamine-iv.price = {price}")
st.write(f"ketamine-iv.induction = {induction}; ketamine-iv.booster = {booster}")
st.write(f"drug = {drug}; ssri_daily = {daily:.3f}")
st.altair_chart(
    alt.Chart(CHART).mark_line().encode(x="week:Q", y="cumulative_cost:Q", color="plan:N"),
    width="stretch",
)
