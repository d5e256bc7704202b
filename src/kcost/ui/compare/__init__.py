"""The comparison page, answer first: inputs and the headline figures on the first screen, then the
chart, the figures as tables, each plan's details, safety, and sharing.

Each section is a short function in a module named for it:

* :mod:`.registry` — every control a link can set (key, default, check, label);
* :mod:`.inputs` — drawing the inputs, and :func:`.inputs.scenario_from_controls`;
* :mod:`.results` — the engine's results for a scenario, cached;
* :mod:`.answer` — the cards, the summary and the outcomes;
* :mod:`.chart_section` — cost over time, who is cheaper by when, the likely range;
* :mod:`.tables` — the figures, the chart's numbers and the session calendar as tables;
* :mod:`.safety_section` — safety, side effects, caveats and sources;
* :mod:`.share` — the link, downloads, the handout and reset.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ...model.assumptions import Assumptions
from ...present import fixed_content
from ...present.formats import plain
from ..session import using_edited
from .answer import monthly_note, outcomes_heading, render_answer, render_outcomes
from .chart_section import chart_controls, chart_lines, likely_range, lines_shown, render_chart, render_onset
from .inputs import first_inputs, plan_details, price_inputs
from .registry import Registry, registry_for
from .results import current_results, simulation_for
from .safety_section import render_safety, render_sources
from .share import render_share, scenario_json, shown_results
from .tables import open_tab, render_tab

__all__ = ["render", "scenario_json"]

TITLE = "What ketamine or an SSRI may cost you"


def render(assumptions: Assumptions) -> None:
    """Draw the whole comparison page for ``assumptions``."""
    registry = registry_for(assumptions)
    _header()
    _link_notices(registry)
    _comparison(registry)
    render_safety(assumptions)


def _header() -> None:
    st.title(TITLE)
    st.caption(fixed_content.NOT_ADVICE + "  \n" + fixed_content.CRISIS_LINE)
    if using_edited():
        st.info(
            "This page uses your edited assumptions from the Assumptions page. A link to this page does not carry "
            "them: whoever opens it sees the shipped figures."
        )


def _link_notices(registry: Registry) -> None:
    """Say which parts of the link could not be used (checked once per visit), and drop unknown keys."""
    if "url_notices" not in st.session_state:
        params = {key: st.query_params.get_all(key) for key in st.query_params.keys()}
        notices, remove = registry.link_notices(params)
        reset = False
        for key in remove:
            del st.query_params[key]
            if key in registry:
                # The widget would still read the link's value its own way; start it from its default.
                st.session_state[key] = registry[key].default
                reset = True
        # Values written by hand (a plan's id, a number of weeks): use them, and write the address as the page does.
        for key, value in registry.link_rewrites({k: v for k, v in params.items() if k not in remove}).items():
            control = registry[key]
            st.session_state[key] = value
            st.query_params[key] = [control.link_text(v) for v in value] if control.many else control.link_text(value)
            reset = True
        st.session_state["url_notices"] = notices
        if reset:
            # Streamlit seeded the widget from the link before this run; a fresh run starts it from the default.
            st.rerun()
    for notice in st.session_state["url_notices"]:
        st.caption(f"Note: {plain(notice)}.")


@dataclass(frozen=True)
class _Places:
    """Where the results fragment draws: containers the full run lays out, in the page's order."""

    prices: DeltaGenerator
    answer: DeltaGenerator
    chart: DeltaGenerator
    outcomes: DeltaGenerator
    tab: tuple[str, DeltaGenerator] | None  # None while the tables' expander is closed


def _comparison(registry: Registry) -> None:
    """Inputs and everything computed from them.

    The full run lays the page out and draws what a price does not change: plans, horizon, how you pay,
    the likely-range switch and the chart's lines, the headings, the tabs, time to relief, each plan's
    details, sources and the share section. :func:`_results`, a fragment, draws the prices and every
    figure into their places. Moving or typing a price then reruns the fragment only, and the browser
    redraws only what it drew; any other input reruns the whole page (benchmarks/app_speed.py, issue 10).
    """
    assumptions = registry.assumptions
    inputs_column, answer_column = st.columns([2, 3], gap="large")
    with inputs_column:
        chosen, prices = first_inputs(registry)
    if not chosen:
        answer_column.warning("Pick at least one plan to see its costs; two or more to compare them.")
        return
    answer = answer_column.container(key="answer")
    answer_column.caption(monthly_note())  # under the cards, drawn once: no price changes it
    if len(chosen) == 1:
        answer.caption("Add a second plan to compare the two.")
    with (chart := st.container()):
        chart_controls(registry)
        chart_lines({pid: assumptions.plans[pid].label for pid in chosen})
    with (outcomes := st.container()):
        outcomes_heading()
    with st.container():
        tab = open_tab()
    with st.container(key="details"):
        plan_details(registry, chosen)
    render_sources(assumptions, chosen)
    share = st.container(key="share")
    _results(registry, chosen, _Places(prices, answer, chart, outcomes, tab))
    # Drawn after the fragment, which has just set what the page shows (the fragment's later runs update it).
    shown = shown_results()
    with chart:
        # Below the fragment's part of this section; no price changes when relief may begin.
        render_onset(shown.now[0])
    with share:
        render_share(shown, registry)


@st.fragment
def _results(registry: Registry, chosen: list[str], places: _Places) -> None:
    """The prices, then every figure, chart and table a price changes, each in its place.

    Quick slider moves are not lost in this fragment (tests/browser presses eight times quickly). An
    earlier try that lost them had the typed-price box outside a form: it raced the slider, with or
    without a fragment (a minimal page in Chromium lost them both ways; in a form, neither way).
    """
    with places.prices:
        price_inputs(registry, chosen)
    now = current_results(registry, chosen)
    # The downloads, drawn by the full run, make their files from what the page shows now.
    shown_results().update(now.projection, now.scenario)
    projection = now.projection
    with places.answer:
        if now.problems:
            st.error(f"Some values could not be used, so {now.instead} stay in force:")
            for problem in now.problems:
                st.write(plain(str(problem)))
        render_answer(projection)
    with places.chart:
        likely = simulation_for(now.token, now.scenario, registry.assumptions) if registry.value("uncertainty") else None
        render_chart(projection, None if likely is None else likely.bands, lines_shown(projection))
        if likely is not None:
            likely_range(likely.sim)
    with places.outcomes:
        render_outcomes(registry.assumptions, projection)
    if places.tab is not None:
        name, tab = places.tab
        with tab:
            render_tab(projection, name)
