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

import streamlit as st

from ...model.assumptions import Assumptions, AssumptionsError
from ...present import fixed_content
from ...present.formats import plain
from ..session import assumptions_token, using_edited
from .answer import render_answer, render_outcomes
from .chart_section import likely_range, render_chart, render_onset
from .inputs import PageScenario, first_inputs, plan_details, scenario_from_controls
from .registry import Registry, registry_for
from .results import projection_for, simulation_for
from .safety_section import render_safety, render_sources
from .share import render_share, scenario_json
from .tables import render_tables

__all__ = ["render", "scenario_json"]

TITLE = "What ketamine or an SSRI may cost you"
PAGE_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
@media (max-width: 640px) { h1 { font-size: 2rem !important; } }
@media print {
  .st-key-details, .st-key-share, .st-key-sources_open, .st-key-uncertainty, .st-key-insurance_more { display: none !important; }
  [data-testid="stTabs"] [role="tablist"] { display: none !important; }
}
</style>"""


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
    # Our own fixed CSS, no user or file text: less empty space above the title so the answer fits the first
    # screen; a printout keeps the scenario, figures, charts and cautions, and leaves out the collapsed
    # details, the buttons and the uncertainty switch.
    st.html(PAGE_CSS)
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


def _comparison(registry: Registry) -> None:
    """Inputs and everything computed from them.

    Not an ``st.fragment``: tried, and with Streamlit 1.67 quick slider changes inside a fragment
    were lost in Chromium (four ArrowRight presses ended one to three steps short, every time;
    tests/browser/test_app_in_chromium.py::test_price_slider_changes_the_chart_and_the_first_4_weeks).
    A full rerun with cached results is correct and nearly as cheap.
    """
    assumptions = registry.assumptions
    inputs_column, answer_column = st.columns([2, 3], gap="large")
    with inputs_column:
        chosen = first_inputs(registry)
    if not chosen:
        answer_column.warning("Pick at least one plan to see its costs; two or more to compare them.")
        return
    answer = answer_column.container(key="answer")
    if len(chosen) == 1:
        answer.caption("Add a second plan to compare the two.")
    chart = st.container()
    outcomes = st.container()
    tables = st.container()
    with st.container(key="details"):
        plan_details(registry, chosen)

    scenario = scenario_from_controls(registry, chosen)
    token = assumptions_token()
    try:
        projection = projection_for(token, scenario, assumptions)
    except AssumptionsError as exc:
        with answer:
            st.error("Some values could not be used, so the shipped defaults stay in force:")
            for problem in exc.problems:
                st.write(plain(str(problem)))
        # The figures, band and scenario file then all describe the defaults, not the refused values.
        scenario = PageScenario(scenario.plans, scenario.weeks, (), False)
        projection = projection_for(token, scenario, assumptions)

    with answer:
        render_answer(projection)
    with chart:
        likely = simulation_for(token, scenario, assumptions) if registry.draw("uncertainty") else None
        render_chart(projection, None if likely is None else likely.bands)
        if likely is not None:
            likely_range(likely.sim)
        render_onset(projection)
    with outcomes:
        render_outcomes(assumptions, projection)
    with tables:
        render_tables(projection)
    render_sources(assumptions, chosen)
    with st.container(key="share"):
        render_share(projection, scenario, registry)
