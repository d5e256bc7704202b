"""The comparison page: pick plans, set the main inputs, see cost over time and time to onset.

Everything shown comes from one call to :func:`kcost.project`; the page only
collects inputs, turns them into overrides and lays out the engine's results.
"""

from __future__ import annotations

import json
from functools import partial

import numpy as np
import pandas as pd
import streamlit as st

from ..present import fixed_content
from ..model.assumptions import Assumptions, AssumptionsError, Override
from ..present.charts import cost_spec, onset_spec
from ..model.projection import Projection, project
from ..present.frames import calendar_frame, cost_frame, crossover_frame, onset_frame, summary_frame
from ..present.sentences import comparison_sentences, outcome_sentences, per_responder_phrase, relief_sentence
from ..present.formats import days_phrase, money, plain
from ..model.uncertainty import DEFAULT_DRAWS, simulate
from .controls import DEFAULT_PLANS, HORIZON_OPTIONS, Control, controls_for, horizon_label
from .evidence import render_evidence

__all__ = ["render"]

MAX_PLANS = 4
MONTHLY = "Per month, ongoing"
PRINT_CSS = """<style>
@media print {
  .st-key-details, .st-key-share, .st-key-sources_open, .st-key-uncertainty { display: none !important; }
  [data-testid="stTabs"] [role="tablist"] { display: none !important; }
}
</style>"""


def render(assumptions: Assumptions) -> None:
    """Draw the whole comparison page for ``assumptions``."""
    st.title("Ketamine or an SSRI: cost over time and time to relief")
    st.info(fixed_content.NOT_ADVICE)
    # Our own fixed CSS, no user or file text: a printout keeps the scenario, figures, charts and
    # cautions, and leaves out the collapsed details, the buttons and the uncertainty switch.
    st.html(PRINT_CSS)

    plan_ids = list(assumptions.plans)
    controls = {pid: controls_for(assumptions, pid) for pid in plan_ids}
    drug_ids = list(assumptions.drugs)
    _url_notices(assumptions, controls, drug_ids)

    chosen = st.multiselect(
        "Plans to compare (2 to 4)",
        plan_ids,
        default=[p for p in DEFAULT_PLANS if p in plan_ids],
        format_func=lambda pid: assumptions.plans[pid].label,
        max_selections=MAX_PLANS,
        key="plans",
        help="Pick the treatments you want to put side by side.",
        bind="query-params",
    )
    weeks = st.select_slider(
        "Time horizon",
        options=HORIZON_OPTIONS,
        value=52,
        format_func=horizon_label,
        key="weeks",
        help="How far ahead to add up the costs: 4 weeks to 5 years.",
        bind="query-params",
    )
    if not chosen:
        st.warning("Pick at least one plan to see its costs; two or more to compare them.")
        return
    if len(chosen) == 1:
        st.caption("Add a second plan above to compare the two.")

    overrides = _main_inputs(assumptions, chosen, controls, drug_ids)
    # Results read best straight after the main inputs, but the details below feed them too.
    results = st.container()
    with st.container(key="details"):
        overrides += _details(assumptions, chosen, controls)

    try:
        projection = project(assumptions, chosen, int(weeks), overrides=overrides)
    except AssumptionsError as exc:
        with results:
            st.error("Some values could not be used, so the shipped defaults stay in force:")
            for problem in exc.problems:
                st.write(plain(str(problem)))
        projection = project(assumptions, chosen, int(weeks))
        # The figures, bands and scenario file then all describe the defaults, not the refused values.
        overrides = []

    with results:
        _results(projection, _uncertainty(assumptions, chosen, int(weeks), overrides))
    render_evidence(assumptions, chosen)
    with st.container(key="share"):
        _downloads(projection, chosen, int(weeks), overrides, default_values(assumptions, controls))


def _url_notices(assumptions: Assumptions, controls: dict, drug_ids: list[str]) -> None:
    """Say which parts of the link could not be used, and drop unknown ones from the address.

    Streamlit itself drops or coerces a bad value of a bound control; this only tells the
    user. Unknown keys are removed so that a shared link never carries more than kcost's own
    settings (someone may have added a name to it).
    """
    if "url_checked" in st.session_state:
        notices = st.session_state.get("url_notices", [])
    else:
        params = st.query_params
        # Choice controls carry the words shown in the URL (Streamlit writes the formatted option).
        plan_labels = {p.label for p in assumptions.plans.values()}
        valid = {"plans": lambda v: v in plan_labels, "weeks": lambda v: v in {horizon_label(w) for w in HORIZON_OPTIONS}}
        valid["drug"] = lambda v: v in {_drug_label(assumptions, d) for d in drug_ids}
        valid["ssri_daily"] = lambda v: _is_float_between(v, 0, 50)
        valid["uncertainty"] = lambda v: v.lower() in ("true", "false")
        names = {
            "plans": "the plans to compare",
            "weeks": "the time horizon",
            "drug": "the medicine",
            "ssri_daily": "the medicine's daily cost",
            "uncertainty": "the uncertainty switch",
        }
        for pid, (main, details) in controls.items():
            for c in [*main, *details]:
                valid[c.key] = c.valid
                names[c.key] = f"{c.label[:1].lower()}{c.label[1:]} ({assumptions.plans[pid].label})"
        notices, unknown = [], []
        for key in params.keys():
            values = params.get_all(key)
            if key not in valid:
                unknown.append(key)
                notices.append(f"the link had a setting kcost does not use ({key[:40]}); it has been removed")
            elif key != "plans" and len(values) > 1:
                notices.append(f"the link gave {names[key]} more than once, so neither value was used")
            elif not all(valid[key](v) for v in values):
                notices.append(f"the link's value for {names[key]} could not be used as given; the control shows the value in use")
        for key in unknown:
            del st.query_params[key]
        st.session_state["url_checked"] = True
        st.session_state["url_notices"] = notices
    for notice in notices:
        st.caption(f"Note: {plain(notice)}.")


def _drug_label(assumptions: Assumptions, drug_id: str) -> str:
    drug = assumptions.drugs[drug_id]
    return f"{drug.label} ({drug.class_})"


def _is_float_between(text: str, lo: float, hi: float) -> bool:
    try:
        return lo <= float(text) <= hi
    except ValueError:
        return False


def _main_inputs(assumptions: Assumptions, chosen: list[str], controls: dict, drug_ids: list[str]) -> list[Override]:
    st.subheader("Main inputs")
    overrides: list[Override] = []
    with_main = [pid for pid in chosen if controls[pid][0]]
    ssri_plans = [pid for pid in chosen if assumptions.plans[pid].drug is not None]
    boxes = len(with_main) + (1 if ssri_plans else 0)
    if boxes == 0:
        st.caption("The chosen plans have no main inputs; see each plan's details below.")
        return overrides
    columns = st.columns(min(boxes, 2))
    for i, pid in enumerate(with_main):
        with columns[i % len(columns)].container(border=True):
            st.markdown(f"**{plain(assumptions.plans[pid].label)}**")
            for c in controls[pid][0]:
                overrides += _value_overrides(c)
    if ssri_plans:
        with columns[len(with_main) % len(columns)].container(border=True):
            st.markdown("**SSRI or SNRI medicine**")
            overrides += _ssri_inputs(assumptions, ssri_plans, drug_ids)
    return overrides


def _ssri_inputs(assumptions: Assumptions, ssri_plans: list[str], drug_ids: list[str]) -> list[Override]:
    first = assumptions.plans[ssri_plans[0]]
    default_drug = first.drug if first.drug in drug_ids else drug_ids[0]

    def prefill() -> None:
        drug = assumptions.drugs[st.session_state["drug"]]
        st.session_state["ssri_daily"] = float(drug.daily_cost.base)

    drug_id = st.selectbox(
        "Medicine",
        drug_ids,
        index=drug_ids.index(default_drug),
        format_func=lambda d: _drug_label(assumptions, d),
        key="drug",
        on_change=prefill,
        help="Choosing a medicine fills in its daily cost below.",
        bind="query-params",
    )
    drug = assumptions.drugs[drug_id]
    default_cost = float(assumptions.drugs[default_drug].daily_cost.base)
    daily = st.number_input(
        "Daily cost of the medicine (USD)",
        0.0,
        50.0,
        value=default_cost,
        step=0.01,
        format="%.3f",
        key="ssri_daily",
        help=(
            "Defaults are pharmacy acquisition costs (CMS NADAC); what you pay at the counter is usually higher. "
            + ("This medicine's figure is an unverified placeholder." if drug.daily_cost.strength == "unverified" else "")
        ),
        bind="query-params",
    )
    overrides = []
    for pid in ssri_plans:
        if drug_id != assumptions.plans[pid].drug:
            overrides.append(Override(("plans", pid, "drug"), drug_id, "medicine"))
    overrides.append(Override(("drugs", drug_id, "daily_cost"), float(daily), "daily cost"))
    return overrides


def _value_overrides(control: Control) -> list[Override]:
    value = control.render(control)
    return [] if value == control.default else control.to_overrides(value)


def _details(assumptions: Assumptions, chosen: list[str], controls: dict) -> list[Override]:
    st.subheader("Details for each plan")
    st.caption("Fees, add-ons and who pays. Each field shows its default and where it came from (hover the ?).")
    overrides: list[Override] = []
    for pid in chosen:
        plan = assumptions.plans[pid]
        with st.expander(plain(plan.label), expanded=False):
            st.write(plain(plan.summary))
            if not plan.approved_for_anxiety:
                st.caption("Not approved for anxiety: used off-label, or approved for depression only.")
            for c in controls[pid][1]:
                overrides += _value_overrides(c)
    return overrides


def _uncertainty(assumptions: Assumptions, chosen: list[str], weeks: int, overrides: list[Override]):
    """The P10–P90 bands and chances of being cheaper, when the user asks for them."""
    on = st.toggle(
        f"Show uncertainty ({DEFAULT_DRAWS:,} draws of every ranged number)",
        value=False,
        key="uncertainty",
        help="Draws each number with a published range from its range (PERT or triangular) and projects every draw.",
        bind="query-params",
    )
    if not on:
        return None
    return simulate(assumptions, chosen, weeks, DEFAULT_DRAWS, seed=0, overrides=overrides)


def _band_frame(sim) -> pd.DataFrame:
    frames = []
    for p in sim.plans:
        pct = p.percentiles((10, 50, 90))
        frames.append(
            pd.DataFrame(
                {"plan": p.label, "week": np.arange(pct.shape[1]), "p10": pct[0], "p50": pct[1], "p90": pct[2]}
            )
        )
    return pd.concat(frames, ignore_index=True)


def _probabilities(sim, chosen_weeks: list[int]) -> pd.DataFrame:
    weeks = sorted({w for w in chosen_weeks if w < sim.horizon_weeks} | {sim.horizon_weeks})
    rows = []
    for a in sim.plans:
        for b in sim.plans:
            if a is b:
                continue
            row = {"Chance that": f"{a.label} costs less than {b.label}"}
            for w in weeks:
                row[f"by week {w}"] = f"{sim.probability_cheaper(a.plan_id, b.plan_id, w):.0%}"
            rows.append(row)
    return pd.DataFrame(rows)


def _results(projection: Projection, sim=None) -> None:
    st.subheader("What it may cost, and when relief may begin")
    for sentence in comparison_sentences(projection):
        st.write(plain(sentence))

    # One row of two cards at a time, so the cards read (and print) in plan order.
    cards = []
    for i in range(0, len(projection.plans), 2):
        cards += st.columns(2) if len(projection.plans) > 1 else [st.container()]
    for card, p in zip(cards, projection.plans):
        with card.container(border=True, key=f"plan-{p.plan_id}"):
            st.markdown(f"**{plain(p.label)}**" + (" — insured, your share" if p.insured else ""))
            a, b = st.columns(2)
            a.metric("Until expected relief", money(p.cost_until_onset), help=f"Relief may begin around {days_phrase(p.onset_days[1])}.")
            b.metric("First 4 weeks", money(p.first_4_weeks_cost))
            c, d = st.columns(2)
            c.metric("First year", money(p.first_year_cost))
            d.metric(
                MONTHLY,
                money(p.monthly_cost_after_induction),
                help="An average month (30.44 days) once the first series or phase is over, at the steady rate.",
            )

    costs = cost_frame(projection)
    onsets = onset_frame(projection)
    crossings = crossover_frame(projection)
    st.markdown("**Cumulative cost over time**")
    bands = None if sim is None else _band_frame(sim)
    _chart(cost_spec(costs, onsets, crossings, bands), _cost_alt(projection), "cost-chart")
    st.caption(
        "Lines: what you would have paid by each week. Shaded bands and dashed lines: when relief may begin "
        "(range and typical). Diamonds: where one plan's total overtakes another's."
    )
    if sim is not None:
        st.caption(
            "Shaded around each line: the middle 80% of draws (P10 to P90). The chances below count the draws in "
            "which one plan had cost less by the given week."
        )
        options = [w for w in (1, 2, 4, 8, 12, 26, 52, 78, 104, 156, 208) if w < sim.horizon_weeks]
        at_weeks = st.multiselect(
            "Chances also at week",
            options,
            default=[w for w in (4, 12, 26) if w in options],
            key="chance_weeks",
            help="The horizon is always included.",
        )
        st.dataframe(_probabilities(sim, at_weeks), hide_index=True)
        per = [_per_responder(p) for p in sim.plans if p.cost_per_responder() is not None]
        if per:
            st.caption(
                "Cost per person who responds (median cost ÷ response rate; the range comes from the lowest and "
                "highest reported response rates, not from cost uncertainty): "
                + "; ".join(plain(text) for text in per)
                + ". This rests on limited, mostly depression-derived response rates: treat it as a rough order of size."
            )
    st.markdown("**Time to relief**")
    _chart(onset_spec(onsets), _onset_alt(projection), "onset-chart")
    st.markdown("**Whether it helps, and what trying costs**")
    for p in projection.plans:
        said = outcome_sentences(p, projection.horizon_weeks) + [relief_sentence(p)]
        st.markdown(f"**{plain(p.label)}**: " + " ".join(plain(text) for text in said))

    # Only the open tab is drawn: the others hold tables that cost time and no widgets that hold state.
    tab_figures, tab_table, tab_calendar = st.tabs(
        ["Figures", "Chart as a table", "Session calendar"], key="results_tab", on_change="rerun"
    )
    if tab_figures.open:
        with tab_figures:
            # A static table: it wraps instead of scrolling, so it fits a phone and prints whole.
            # st.table renders Markdown, so labels and values are escaped like all text from the file.
            figures = summary_frame(projection).set_index("Plan").T
            st.table(figures.rename(index=plain, columns=plain).map(lambda v: plain(str(v))))
            if len(crossings):
                st.write("Crossovers:")
                for text in crossings["text"]:
                    st.write(plain(text))
    if tab_table.open:
        with tab_table:
            plan_order = [p.label for p in projection.plans]
            wide = costs.pivot(index="week", columns="plan", values="cumulative_cost")[plan_order].reset_index()
            st.dataframe(
                wide,
                hide_index=True,
                column_config={
                    "week": st.column_config.NumberColumn("Weeks from start", format="%d"),
                    **{label: st.column_config.NumberColumn(label, format="dollar") for label in plan_order},
                },
            )
            st.dataframe(
                onsets[["plan", "milestone", "text"]].rename(columns={"plan": "Plan", "milestone": "What", "text": "When"}),
                hide_index=True,
            )
    if tab_calendar.open:
        with tab_calendar:
            for p in projection.plans:
                st.markdown(f"**{plain(p.label)}**")
                st.dataframe(
                    calendar_frame(p),
                    hide_index=True,
                    column_config={
                        "week": "Week",
                        "sessions": "Sessions",
                        "what": "What",
                        "cost": st.column_config.NumberColumn("Cost (USD)", format="dollar"),
                    },
                )


def _per_responder(p) -> str:
    """One plan's cost per responder in words (see :func:`kcost.present.sentences.per_responder_phrase`)."""
    return per_responder_phrase(p.label, p.cost_per_responder(), p.response_rate)


def _chart(spec: dict, alt_text: str, key: str) -> None:
    """Draw a chart from its Vega-Lite spec (see :mod:`kcost.present.charts` for why not through altair)."""
    st.vega_lite_chart(spec=spec, width="stretch", alt=alt_text, key=key)


def _cost_alt(projection: Projection) -> str:
    parts = [
        f"{p.label}: {money(p.total_cost)} after {projection.horizon_weeks} weeks, relief may begin around "
        f"{days_phrase(p.onset_days[1])}"
        for p in projection.plans
    ]
    return "Line chart of cumulative cost per plan. " + "; ".join(parts) + "."


def _onset_alt(projection: Projection) -> str:
    parts = []
    for p in projection.plans:
        part = f"{p.label}: relief may begin from {days_phrase(p.onset_days[0])} to {days_phrase(p.onset_days[2])}"
        if p.full_effect_days is not None:
            low, _, high = p.full_effect_days
            part += f", full effect from {days_phrase(low)} to {days_phrase(high)}"
        parts.append(part)
    return "Bar chart of when relief may begin. " + "; ".join(parts) + "."


def _downloads(
    projection: Projection, chosen: list[str], weeks: int, overrides: list[Override], defaults: dict
) -> None:
    st.subheader("Save or share")
    st.caption(
        "The address in your browser's bar reopens this comparison: copy it to share. "
        "It holds only plan names and numbers, nothing about you. To print, use Print in the app menu (⋮)."
    )
    a, b, c = st.columns(3)
    # Callables: the files are made when a button is pressed, not on every rerun.
    a.download_button(
        "Weekly costs (CSV)",
        projection.to_csv,
        file_name="kcost-weekly-costs.csv",
        mime="text/csv",
        help="Cumulative cost of each plan at the end of every week, as a spreadsheet file.",
        # A download changes nothing on the page; a rerun would only race a second click.
        on_click="ignore",
    )
    b.download_button(
        "Scenario inputs (JSON)",
        partial(scenario_json, chosen, weeks, overrides),
        file_name="kcost-scenario.json",
        mime="application/json",
        help="The plans, horizon and every value you changed from the defaults.",
        on_click="ignore",
    )
    c.button("Reset to defaults", on_click=_reset, args=(defaults,), help="Put every input back to the shipped defaults.")


def scenario_json(chosen: list[str], weeks: int, overrides: list[Override]) -> str:
    """The scenario's inputs as JSON: plans, horizon and every value changed from the defaults."""
    scenario = {
        "plans": chosen,
        "horizon_weeks": weeks,
        "changes": [{"path": ".".join(map(str, o.path)), "value": o.value, "set_by": o.origin} for o in overrides],
    }
    return json.dumps(scenario, indent=2)


def default_values(assumptions: Assumptions, controls: dict) -> dict:
    """Every bound control's key and default value: what "reset to defaults" restores."""
    first_ssri = next((p for p in assumptions.plans.values() if p.drug is not None), None)
    drug = first_ssri.drug if first_ssri is not None else next(iter(assumptions.drugs))
    values = {
        "plans": [p for p in DEFAULT_PLANS if p in assumptions.plans],
        "weeks": 52,
        "drug": drug,
        "ssri_daily": float(assumptions.drugs[drug].daily_cost.base),
        "uncertainty": False,
    }
    for main, details in controls.values():
        for c in [*main, *details]:
            values[c.key] = c.default
    return values


def _reset(defaults: dict) -> None:
    # Setting each bound control back to its default also drops its parameter from the URL.
    for key, value in defaults.items():
        st.session_state[key] = value
