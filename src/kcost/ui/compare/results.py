"""The engine's results for a scenario, computed once and kept: a rerun that changes nothing the
projection depends on (opening a tab, hiding a line) costs no engine work.

Keyed by the scenario (small and hashable) and a token naming the assumptions in
use, never by the assumptions object itself (hashing it would cost more than the
projection). The caches are bounded, so memory does not grow with use.
"""

from __future__ import annotations

import streamlit as st

from ...model.assumptions import Assumptions, AssumptionsError
from ...model.projection import Projection, project
from ...model.uncertainty import DEFAULT_DRAWS, Simulation, simulate
from .inputs import PageScenario

__all__ = ["projection_for", "simulation_for"]


@st.cache_resource(max_entries=64, show_spinner=False)
def _projection(token: str, scenario: PageScenario, _assumptions: Assumptions) -> Projection | AssumptionsError:
    # A refused value is a result too: kept, so a rerun does not validate the same overrides again.
    try:
        return project(_assumptions, list(scenario.plans), scenario.weeks, overrides=list(scenario.overrides))
    except AssumptionsError as exc:
        return exc


def projection_for(token: str, scenario: PageScenario, assumptions: Assumptions) -> Projection:
    """The projection of ``scenario``; raises AssumptionsError when a value is refused.

    ``token`` names ``assumptions`` (:func:`kcost.ui.session.assumptions_token`). The
    result is shared, never changed: projections are frozen.
    """
    result = _projection(token, scenario, assumptions)
    if isinstance(result, AssumptionsError):
        raise result
    return result


@st.cache_resource(max_entries=4, show_spinner=False)
def simulation_for(token: str, scenario: PageScenario, _assumptions: Assumptions) -> Simulation:
    """The scenario under uncertainty: :data:`DEFAULT_DRAWS` draws, seed 0 (so a link reopens the same band).

    At most 4 kept: one holds draws × weeks numbers per plan (2,000 × 261 × 4 plans
    is 17 MB at five years).
    """
    return simulate(_assumptions, list(scenario.plans), scenario.weeks, DEFAULT_DRAWS, seed=0, overrides=list(scenario.overrides))
