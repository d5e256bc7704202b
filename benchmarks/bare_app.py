"""A bare Streamlit page with kcost's widgets and nothing else: the speed baseline.

Same page config and every widget the kcost page shows on its defaults (IV ketamine and a
generic SSRI): the plan picker, horizon, main inputs, each plan's details in a collapsed
expander, the uncertainty toggle, the results tabs, the sources expander, the two downloads
and the reset button, with the same keys, labels, ranges and URL binding, laid out the same
way. No kcost import and no computation: it writes the values back and draws a tiny fixed
altair chart. kcost's figures, charts and tables are what the comparison measures.
`benchmarks/app_speed.py` compares kcost's speed to this page's.
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

st.toggle("Show uncertainty (2,000 draws of every ranged number)", value=False, key="uncertainty", bind="query-params")
figures, table, calendar = st.tabs(
    ["Figures", "Chart as a table", "Session calendar"], key="results_tab", on_change="rerun"
)

st.subheader("Details for each plan")
DETAILS = {
    "ketamine-iv": ("Ketamine IV infusions (clinic)", [
        ("Consultation (once) (USD)", "ketamine-iv.one_off.consultation", 250.0),
        ("Integration therapy (per session) (USD)", "ketamine-iv.sessions.infusions.add_ons.integration_therapy", 0.0),
    ]),
    "ssri-generic": ("Generic SSRI or SNRI", [
        ("Psychiatric intake (once) (USD)", "ssri-generic.one_off.psychiatric_intake", 350.0),
        ("Medication follow-up visit price (USD)", "ssri-generic.sessions.follow_ups.price", 150.0),
    ]),
}
for plan_id, (label, fees) in DETAILS.items():
    with st.expander(label, expanded=False):
        for fee_label, key, default in fees:
            st.number_input(fee_label, 0.0, 100_000.0, value=default, step=5.0, key=key, bind="query-params")
        st.radio("Who pays", ["cash", "insured"], horizontal=True, key=f"{plan_id}.payment", bind="query-params")
        st.number_input(
            "Your share when insured (%)", 0.0, 100.0, value=20.0, step=5.0, key=f"{plan_id}.share", bind="query-params"
        )
        st.number_input(
            "Copay per session or visit (USD)", 0.0, 100_000.0, value=0.0, step=5.0,
            key=f"{plan_id}.payment.copay", bind="query-params",
        )
st.expander("Where every default comes from", expanded=False, key="sources_open", on_change="rerun")

a, b, c = st.columns(3)
a.download_button("Weekly costs (CSV)", lambda: "week\n", file_name="bare.csv", mime="text/csv")
b.download_button("Scenario inputs (JSON)", lambda: "{}", file_name="bare.json", mime="application/json")
c.button("Reset to defaults")

st.write(f"plans = {plans}; weeks = {weeks}")
st.write(f"ketamine-iv.price = {price}")
st.write(f"ketamine-iv.induction = {induction}; ketamine-iv.booster = {booster}")
st.write(f"drug = {drug}; ssri_daily = {daily:.3f}")
st.altair_chart(
    alt.Chart(CHART).mark_line().encode(x="week:Q", y="cumulative_cost:Q", color="plan:N"),
    width="stretch",
)
