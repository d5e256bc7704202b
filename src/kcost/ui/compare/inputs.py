"""The comparison page's inputs, and the one place where they become a scenario.

The first screen holds what moves the answer most (plans, horizon, how you pay,
price per session); each plan's other settings and the medicine sit lower down.
:func:`scenario_from_controls` turns the controls' values into what the engine
takes: nothing else on the page builds overrides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ...model.assumptions import Override
from ...model.scenario import Insurance, PatientTime, Scenario
from ...present.formats import money, plain
from .registry import (
    INSURANCE,
    INSURANCE_FIRST,
    PAY_INSURANCE,
    PRICE_RANGE,
    REFUSED_NUMBERS,
    Registry,
    coverage_key,
    refusal,
    refused_numbers,
)

__all__ = ["PageScenario", "first_inputs", "plan_details", "price_inputs", "scenario_from_controls"]


@dataclass(frozen=True)
class PageScenario:
    """Everything a projection depends on, small and hashable: the key of the cached results.

    ``insurance`` holds the profile's terms as ``(name, value)`` pairs (empty when
    paying cash), ``time`` the patient-time terms likewise (empty when not counted);
    ``overrides`` the values changed from the file's defaults, in the order the
    controls are drawn.
    """

    plans: tuple[str, ...]
    weeks: int
    overrides: tuple[Override, ...]
    insured: bool
    insurance: tuple[tuple[str, Any], ...] = ()
    time: tuple[tuple[str, Any], ...] = ()

    def to_scenario(self) -> Scenario:
        """The engine's :class:`~kcost.model.scenario.Scenario`: with insurance, it covers every chosen plan
        (each charge's own coverage, declared in the file, still decides what it pays: off-label ketamine stays
        cash). A percentage of 0 for the superbill or the pre-tax rate means none."""
        terms = {k: v for k, v in self.insurance if v is not None}
        for name in ("superbill_pct", "pre_tax_rate_pct"):
            if terms.get(name) == 0:
                del terms[name]
        for name in ("renews_in_weeks", "fill_days"):
            if name in terms:
                terms[name] = int(terms[name])
        time = dict(self.time)
        return Scenario(
            plans=self.plans,
            weeks=self.weeks,
            overrides=self.overrides,
            insured=frozenset(self.plans) if self.insured else frozenset(),
            insurance=Insurance(**terms),
            time=PatientTime(**time) if time else PatientTime(),
        )


def first_inputs(registry: Registry) -> tuple[list[str], DeltaGenerator]:
    """Plans, horizon, a place for each chosen plan's price, and how you pay (with the insurance terms).

    Returns the chosen plans and the empty container where :func:`price_inputs` draws the prices: they are
    drawn by the page's results fragment, so that moving a price reruns only what depends on it.
    """
    chosen = registry.draw("plans")
    registry.draw("weeks")
    prices = st.container()
    # Last, so the insurance terms, when shown, do not push the prices away from the figures.
    if registry.draw("pay") == PAY_INSURANCE:
        _insurance_panel(registry, chosen)
    return chosen, prices


def price_inputs(registry: Registry, chosen: list[str]) -> None:
    """Each chosen plan's price per session: a slider and a box to type it in (plans with no session price have none)."""
    for pid in chosen:
        key = f"{pid}.price"
        if key in registry:
            _price_pair(registry, key, registry.assumptions.plans[pid].label if len(chosen) > 1 else None)


def _insurance_panel(registry: Registry, chosen: list[str]) -> None:
    with st.container(border=True, key="insurance_terms"):
        # One wrapping row, two boxes a line (PAGE_CSS), one a line on a phone: read in the panel's order at any
        # width (two columns stacked on a phone read deductible, limit, session copay, then the share), and
        # each line's boxes level at the bottom whatever their labels' lengths.
        with st.container(horizontal=True, vertical_alignment="bottom", key="insurance_first"):
            for name in INSURANCE_FIRST:
                registry.draw(f"ins.{name}")
        _refusals([f"ins.{name}" for name in INSURANCE_FIRST])
        st.markdown("**Plans your insurance covers**")
        for pid in chosen:
            registry.draw(coverage_key(pid))
        st.caption(
            "Off-label ketamine is usually not covered: you pay its sessions in cash, and they do not count "
            "toward your deductible or limit. Turn a plan on if your insurance does cover it."
        )
        with st.expander("More about your plan", key="insurance_more"):
            more = [f"ins.{f.name}" for f in INSURANCE if f.name not in INSURANCE_FIRST]
            for key in more:
                registry.draw(key)
            _refusals(more)


def _refusals(keys: list[str]) -> None:
    """Under the boxes ``keys``: what was done with a value just typed into one of them that could not be used."""
    for notice in refused_numbers(keys):
        st.warning(plain(notice))


def _price_pair(registry: Registry, key: str, plan_label: str | None) -> None:
    """A price slider and a box to type it in, bound together: the slider carries the link's value.

    The box sits in a form, so the browser sends its value only when the user presses Enter or
    "Set". Outside a form, a box still showing an older value reported it with the next slider
    move and its callback pulled the slider back (seen in Chromium with quick arrow-key presses).
    Its key holds the slider's value, so each slider value gets a fresh box showing it.
    """
    control = registry[key]
    if plan_label:
        st.markdown(f"**{plain(plan_label)}**")
    drag, type_ = st.columns([3, 2], vertical_alignment="bottom")
    with drag:
        value = int(control.draw(control))
    typed = f"{key}.typed.{value}"

    def from_typed() -> None:
        price = st.session_state.get(typed)
        # The box has no range of its own (the browser would refuse a price without a word): checked here.
        notice = refusal(control, price, *PRICE_RANGE, kept=value)
        if notice is not None:
            st.session_state.setdefault(REFUSED_NUMBERS, {})[key] = notice
            st.session_state[typed] = value  # the box shows the price in force again
            return
        st.session_state[key] = int(price)

    with type_, st.form(f"{key}.form", border=False, enter_to_submit=True):
        box, button = st.columns([3, 2], vertical_alignment="bottom", gap="small")
        box.number_input(
            f"Type the {control.label[:1].lower()}{control.label[1:]}",
            None,
            None,
            value=value,
            step=5,
            key=typed,
            label_visibility="collapsed",
            help="Type a price, then press Enter.",
        )
        button.form_submit_button("Set", on_click=from_typed, help="Use the typed price.")
    st.caption(f"Drag, or type a price from {money(PRICE_RANGE[0])} to {money(PRICE_RANGE[1])}.")
    for notice in refused_numbers([key]):
        st.warning(plain(notice))


def plan_details(registry: Registry, chosen: list[str]) -> None:
    """Each chosen plan's other settings (series, boosters, fees, dose) and the medicine, in expanders."""
    assumptions = registry.assumptions
    st.subheader("Details for each plan")
    st.caption("Sessions, boosters, fees and the medicine. Each field shows its default and where it came from (hover the ?).")
    for pid in chosen:
        plan = assumptions.plans[pid]
        with st.expander(plain(plan.label), expanded=False):
            st.write(plain(plan.summary))
            if not plan.approved_for_anxiety:
                st.caption("Not approved for anxiety: used off-label, or approved for depression only.")
            for control in registry.of_plan(pid):
                # The price sits on the first screen, the coverage switch with the insurance terms.
                if control.key not in (f"{pid}.price", coverage_key(pid)):
                    control.draw(control)
    if any(assumptions.plans[pid].drug is not None for pid in chosen) and "drug" in registry:
        with st.expander("SSRI or SNRI medicine", expanded=False):
            registry.draw("drug")
            registry.draw("ssri_daily")
    with st.expander("Your time and travel", expanded=False):
        if registry.draw("time.include"):
            for key in ("time.hourly_value", "time.travel_hours_per_trip", "time.travel_cost_per_trip"):
                registry.draw(key)


def scenario_from_controls(registry: Registry, chosen: list[str]) -> PageScenario:
    """The scenario the controls describe: THE place where inputs become what the engine takes."""
    state = st.session_state
    weeks = int(state.get("weeks", registry["weeks"].default))
    overrides: list[Override] = []
    for pid in chosen:
        for control in registry.of_plan(pid):
            overrides += control.overrides()
    overrides += _medicine_overrides(registry, chosen)
    insured = state.get("pay", registry["pay"].default) == PAY_INSURANCE
    insurance = tuple((f.name, _term(state.get(f"ins.{f.name}", f.default))) for f in INSURANCE) if insured else ()
    time: tuple[tuple[str, Any], ...] = ()
    if state.get("time.include", registry["time.include"].default):
        time = (("include", True),) + tuple(
            (name, float(state.get(f"time.{name}", registry[f"time.{name}"].default)))
            for name in ("hourly_value", "travel_hours_per_trip", "travel_cost_per_trip")
        )
    return PageScenario(tuple(chosen), weeks, tuple(overrides), insured, insurance, time)


def _term(value: Any) -> Any:
    """An insurance term as the scenario keeps it: several choices (the copays that skip the deductible) as a
    frozenset, so that the scenario stays hashable and their order does not matter."""
    return frozenset(value) if isinstance(value, (list, tuple, set, frozenset)) else value


def _medicine_overrides(registry: Registry, chosen: list[str]) -> list[Override]:
    assumptions = registry.assumptions
    ssri_plans = [pid for pid in chosen if assumptions.plans[pid].drug is not None]
    if not ssri_plans or "drug" not in registry:
        return []
    drug_id = st.session_state.get("drug", registry["drug"].default)
    daily = float(st.session_state.get("ssri_daily", registry["ssri_daily"].default))
    overrides = [
        Override(("plans", pid, "drug"), drug_id, "medicine")
        for pid in ssri_plans
        if drug_id != assumptions.plans[pid].drug
    ]
    if daily != float(assumptions.drugs[drug_id].daily_cost.base):
        overrides.append(Override(("drugs", drug_id, "daily_cost"), daily, "daily cost"))
    return overrides
