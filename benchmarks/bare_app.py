"""A bare Streamlit page with kcost's widgets and nothing else: the speed baseline.

Same page config and every widget the kcost page shows on its defaults (IV ketamine and a
generic SSRI), with the same keys, labels, ranges and URL binding, laid out the same way:
inputs beside the answer (plans, horizon, the price slider with its typed box in a form, how you
pay, and the insurance panel when paying with insurance), four metrics per plan in bordered cards, the likely-range toggle, the chart's line pills,
the results tabs (in an expander, closed), each plan's details, the medicine and your time and travel in
collapsed expanders, the sources expander, the handout's paper choice, three downloads and the reset
button. No kcost import and no computation: it writes the values back and draws a tiny fixed chart. `benchmarks/app_speed.py` compares kcost's speed to this page's.
"""

import altair as alt
import pandas as pd
import streamlit as st

st.set_page_config(page_title="kcost: ketamine or SSRI, cost and time to relief", layout="wide")

PLANS = ["ketamine-iv", "ketamine-im", "ketamine-at-home", "esketamine", "ssri-generic", "ssri-cbt"]
HORIZON_OPTIONS = [4, 8, 12, 26, 52, 78, 104, 156, 208, 260]
BOOSTERS = ["weekly", "every 2 weeks", "every 4 weeks", "none"]
DRUGS = ["sertraline", "escitalopram", "fluoxetine", "citalopram", "paroxetine", "venlafaxine-er", "duloxetine"]
INSURANCE_FIRST = [  # label, key, largest value, step, starting value (None: empty means none)
    ("Deductible per plan year (USD)", "ins.deductible", 100_000.0, 100.0, 1787.0),
    ("Your share of each bill (%)", "ins.coinsurance_pct", 100.0, 5.0, 20.0),
    ("Out-of-pocket limit per plan year (USD)", "ins.oop_max", 100_000.0, 100.0, 9200.0),
    ("Copay per doctor or therapy visit (USD)", "ins.copay_visit", 10_000.0, 5.0, None),
    ("Copay per treatment session (USD)", "ins.copay_session", 10_000.0, 5.0, None),
    ("Copay per prescription fill (USD)", "ins.copay_fill", 10_000.0, 5.0, None),
]
INSURANCE_MORE = [  # label, key, smallest value, largest value, step, starting value
    ("Deductible already paid this plan year (USD)", "ins.deductible_met", 0.0, 100_000.0, 100.0, 0.0),
    ("Already paid toward this year's limit (USD)", "ins.oop_met", 0.0, 100_000.0, 100.0, 0.0),
    ("Plan year starts again in (weeks)", "ins.renews_in_weeks", 1.0, 52.0, 1.0, 52.0),
    ("Share of cash visits and sessions your insurer pays back (%)", "ins.superbill_pct", 0.0, 100.0, 5.0, None),
    ("Paid from an HSA or FSA at tax rate (%)", "ins.pre_tax_rate_pct", 0.0, 60.0, 1.0, None),
]
INSURANCE_SWITCHES = [
    ("Medicare, Medicaid or another government plan", "ins.government", False),
    ("Use the maker's copay programme (esketamine)", "ins.copay_programme", True),
    ("Programme payments count toward my deductible and limit", "ins.programme_counts_toward_limits", True),
    ("Buy the medicine with a discount card", "ins.discount_card", False),
]
CHART = pd.DataFrame({"week": [0, 1, 2, 3], "cumulative_cost": [0.0, 1.0, 2.0, 3.0], "plan": ["a", "a", "b", "b"]})

st.title("Bare page: kcost's widgets, no kcost")
st.caption("**Not medical advice.** Baseline page for benchmarks/app_speed.py.")

left, right = st.columns([2, 3], gap="large")
with left:
    plans = st.multiselect(
        "Plans to compare (up to 4)", PLANS, default=["ketamine-iv", "ssri-generic"], max_selections=4, select_all=False, key="plans",
        bind="query-params",
    )  # fmt: skip
    weeks = st.select_slider("Over how long", options=HORIZON_OPTIONS, value=52, key="weeks", bind="query-params")
    st.markdown("**Ketamine IV infusions (clinic)**")
    drag, type_ = st.columns([3, 2], vertical_alignment="bottom")
    with drag:
        price = st.slider(
            "Price per session (USD)", 100, 2000, value=550, step=5, key="ketamine-iv.price", bind="query-params"
        )
    with type_, st.form("ketamine-iv.price.form", border=False, enter_to_submit=True):
        box, button = st.columns([3, 2], vertical_alignment="bottom", gap="small")
        box.number_input("Type the price per session (USD)", 100, 2000, value=price, step=5,
                         key=f"ketamine-iv.price.typed.{price}", label_visibility="collapsed")  # fmt: skip
        button.form_submit_button("Set")
    pay = st.radio("How will you pay?", ["Cash", "Your insurance"], horizontal=True, key="pay", bind="query-params")
    if pay == "Your insurance":
        # The insurance panel (drawn only when paying with insurance): the same boxes, switches and choices.
        with st.container(border=True, key="insurance_terms"):
            cols = st.columns(2)
            for i, (label, key, top, step, default) in enumerate(INSURANCE_FIRST):
                with cols[i % 2]:
                    st.session_state.setdefault(key, default)
                    st.number_input(label, 0.0, top, value=None, step=step, key=key, bind="query-params")
            st.markdown("**Plans your insurance covers**")
            st.toggle("Ketamine IV infusions (clinic)", value=False, key="ketamine-iv.covered", bind="query-params")
            st.toggle("Generic SSRI or SNRI", value=True, key="ssri-generic.covered", bind="query-params")
            with st.expander("More about your plan", key="insurance_more"):
                st.multiselect("Copays you pay before the deductible is met", ["visit", "session", "fill"],
                               default=["visit", "fill"], key="ins.copays_skip_deductible", bind="query-params")
                for label, key, low, top, step, default in INSURANCE_MORE:
                    st.session_state.setdefault(key, default)
                    st.number_input(label, low, top, value=None, step=step, key=key, bind="query-params")
                st.radio("Medicine filled for", [30, 90], horizontal=True, key="ins.fill_days", bind="query-params")
                for label, key, default in INSURANCE_SWITCHES:
                    st.checkbox(label, value=default, key=key, bind="query-params")
with right:
    cards = st.columns(2)
    for card, name in zip(cards, ["Ketamine IV infusions (clinic)", "Generic SSRI or SNRI"]):
        with card.container(border=True):
            st.markdown(f"**{name}**")
            a, b = st.columns(2)
            a.metric("Over 1 year", f"{weeks}")
            b.metric("First 4 weeks", f"{price}")
            c, d = st.columns(2)
            c.metric("Then per month", "0")
            d.metric("Relief may begin", "0")
    st.write(f"plans = {plans}; weeks = {weeks}; pay = {pay}")
    st.write(f"ketamine-iv.price = {price}")

st.toggle("Show the likely range", value=False, key="uncertainty", bind="query-params")
st.subheader("Cost over time")
LINES = ["Ketamine IV infusions (clinic)", "Generic SSRI or SNRI"]
st.pills("Lines on the chart (hide one to see the others more closely)", LINES, selection_mode="multi", default=LINES,
         key="chart_lines:ketamine-iv|ssri-generic")  # fmt: skip
st.altair_chart(
    alt.Chart(CHART).mark_line().encode(x="week:Q", y="cumulative_cost:Q", color="plan:N"),
    width="stretch",
)
tables = st.expander("The figures as tables: every figure, the chart's numbers, the sessions week by week", expanded=False,
                     key="tables_open", on_change="rerun")  # fmt: skip
if tables.open:
    with tables:
        st.tabs(["Figures", "Chart as a table", "Session calendar"], key="results_tab", on_change="rerun")

st.subheader("Details for each plan")
DETAILS = {
    "ketamine-iv": ("Ketamine IV infusions (clinic)", [
        ("Consultation, once (USD)", "ketamine-iv.one_off.consultation", 250.0),
        ("Integration therapy, per session (USD)", "ketamine-iv.sessions.infusions.add_ons.integration_therapy", 0.0),
    ]),
    "ssri-generic": ("Generic SSRI or SNRI", [
        ("Psychiatric intake, once (USD)", "ssri-generic.one_off.psychiatric_intake", 350.0),
        ("Medication follow-up visit price (USD)", "ssri-generic.sessions.follow_ups.price", 150.0),
    ]),
}  # fmt: skip
for plan_id, (label, fees) in DETAILS.items():
    with st.expander(label, expanded=False):
        if plan_id == "ketamine-iv":
            st.slider("Sessions in the first series", 1, 12, value=6, step=1, key="ketamine-iv.induction", bind="query-params")
            st.radio("Boosters after the first series", BOOSTERS, index=2, horizontal=True, key="ketamine-iv.booster",
                     bind="query-params")  # fmt: skip
        for fee_label, key, default in fees:
            st.number_input(fee_label, 0.0, 100_000.0, value=default, step=5.0, key=key, bind="query-params")
with st.expander("SSRI or SNRI medicine", expanded=False):
    drug = st.selectbox("Medicine", DRUGS, index=0, key="drug", bind="query-params")
    daily = st.number_input(
        "Daily cost of the medicine (USD)", 0.0, 50.0, value=0.034, step=0.01, format="%.3f", key="ssri_daily",
        bind="query-params",
    )  # fmt: skip
with st.expander("Your time and travel", expanded=False):
    st.toggle("Count my time and travel", value=False, key="time.include", bind="query-params")
st.expander("Where every default comes from", expanded=False, key="sources_open", on_change="rerun")

st.subheader("Save or share")
paper = st.radio("Paper for the handout", ["Letter", "A4"], horizontal=True, key="handout_paper")
h, a, b, c = st.columns(4)
h.download_button("One-page handout (PDF)", lambda: b"%PDF", file_name="bare.pdf", mime="application/pdf", type="primary",
                  on_click="ignore")  # fmt: skip
a.download_button("Weekly costs (CSV)", lambda: "week\n", file_name="bare.csv", mime="text/csv", on_click="ignore")
b.download_button("Scenario inputs (JSON)", lambda: "{}", file_name="bare.json", mime="application/json", on_click="ignore")
c.button("Reset to defaults")
st.write(f"drug = {drug}; ssri_daily = {daily:.3f}")
