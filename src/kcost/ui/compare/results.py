"""The engine's results for a scenario, computed once and kept: a rerun that changes nothing the
projection depends on (opening a tab, hiding a line) costs no engine work.

Keyed by the scenario (small and hashable) and a token naming the assumptions in
use, never by the assumptions object itself (hashing it would cost more than the
projection). The maps (:class:`.kept.Kept`) are bounded, so memory does not grow with use.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import streamlit as st
from pydantic import ValidationError

from ...model.assumptions import Assumptions, AssumptionsError, Override, Problem, with_overrides
from ...model.projection import Projection, project
from ...model.scenario import Scenario
from ...model.uncertainty import PlanSimulation, Simulation, simulate
from ..session import assumptions_token
from .chart_section import band_frame
from .inputs import PageScenario, scenario_from_controls
from .kept import Kept
from .registry import INSURANCE, Registry

__all__ = ["PAGE_DRAWS", "Current", "LikelyRange", "current_results", "projection_for", "simulation_for"]

#: Simulated futures behind the page's likely range. 500, not the CLI's 2,000: the 10th and 90th
#: percentiles of 500 draws sit within about 1.3 percentile points of the true ones (binomial
#: standard error sqrt(0.1 x 0.9 / 500) = 0.013), far finer than a shaded band or "N of 100" shows,
#: and they cost a quarter of the time (benchmarks/app_speed.py, "rerun with the band on").
PAGE_DRAWS = 500


@dataclass(frozen=True)
class LikelyRange:
    """A scenario under uncertainty and its band by week (``band_frame``), made once per scenario."""

    sim: Simulation
    bands: pd.DataFrame


#: Per scenario (and the token naming the assumptions): the validated assumptions, projections, likely ranges.
_VALID: Kept[Assumptions | AssumptionsError] = Kept(16)
_PROJECTIONS: Kept[Projection | AssumptionsError] = Kept(64)
#: At most 8: one holds draws × weeks numbers per plan (500 × 261 × 4 plans is 4 MB at five years).
_LIKELY: Kept[LikelyRange] = Kept(8)
#: Per plan (see :func:`_plan_key`): its simulated futures and their 10th, 50th and 90th percentiles by week.
#: A new price for one plan then simulates that plan only. At most 16 (1 MB each at five years).
_PLAN_LIKELY: Kept[tuple[PlanSimulation, np.ndarray]] = Kept(16)


def _with_overrides(token: str, overrides: tuple[Override, ...], assumptions: Assumptions) -> Assumptions | AssumptionsError:
    """``assumptions`` with the page's overrides applied and validated like the file, or why they were refused.

    Validating is the largest part of a new price's work (about 4 ms: the whole document goes through pydantic
    and the reference checks); kept here, the projection and the likely range of one scenario validate once.
    """

    def validated() -> Assumptions | AssumptionsError:
        try:
            return with_overrides(assumptions, overrides)
        except AssumptionsError as exc:
            return exc

    return _VALID.get((token, overrides), validated)


def _engine_inputs(token: str, scenario: PageScenario, assumptions: Assumptions) -> tuple[Assumptions, Scenario]:
    """The validated assumptions of ``scenario`` and its engine scenario with the overrides already applied to them.

    Raises AssumptionsError for a refused value, pydantic's ValidationError for contradictory insurance terms.
    """
    valid = _with_overrides(token, scenario.overrides, assumptions)
    if isinstance(valid, AssumptionsError):
        raise valid
    return valid, replace(scenario.to_scenario(), overrides=())


def _projection(token: str, scenario: PageScenario, assumptions: Assumptions) -> Projection | AssumptionsError:
    # A refused value is a result too: kept, so a rerun does not validate the same overrides again.
    def projected() -> Projection | AssumptionsError:
        try:
            return project(*_engine_inputs(token, scenario, assumptions))
        except AssumptionsError as exc:
            return exc
        except ValidationError as exc:  # insurance terms that contradict each other (a limit below the deductible)
            return AssumptionsError([Problem("your insurance", _in_words(e["msg"])) for e in exc.errors()])

    return _PROJECTIONS.get((token, scenario), projected)


def _in_words(message: str) -> str:
    """An insurance check's message with the terms named as the page labels them (``oop_max`` → its label)."""
    message = message.removeprefix("Value error, ")
    for f in sorted(INSURANCE, key=lambda f: -len(f.name)):
        message = message.replace(f.name, f"“{f.label}”")
    return message


def projection_for(token: str, scenario: PageScenario, assumptions: Assumptions) -> Projection:
    """The projection of ``scenario``; raises AssumptionsError when a value is refused.

    ``token`` names ``assumptions`` (:func:`kcost.ui.session.assumptions_token`). The
    result is shared, never changed: projections are frozen.
    """
    result = _projection(token, scenario, assumptions)
    if isinstance(result, AssumptionsError):
        raise result
    return result


def simulation_for(token: str, scenario: PageScenario, assumptions: Assumptions) -> LikelyRange:
    """The scenario under uncertainty: :data:`PAGE_DRAWS` draws, seed 0 (so a link reopens the same band).

    Plan by plan: a plan's draws do not depend on the other plans in the run (each quantity has its own
    random stream, :mod:`kcost.model.uncertainty`), so each plan is simulated on its own and kept under
    what it depends on (:func:`_plan_key`); the result is the same as simulating all plans at once. A new
    price for one plan then leaves the others' futures and percentiles as they were (an SSRI plan, whose
    fills go through the charge ledger, was half of the likely range's work: benchmarks/app_speed.py).
    """

    def simulated() -> LikelyRange:
        valid, engine = _engine_inputs(token, scenario, assumptions)

        def one(plan_id: str) -> tuple[PlanSimulation, np.ndarray]:
            alone = replace(engine, plans=(plan_id,), insured=engine.insured & {plan_id})
            plan = simulate(valid, alone, draws=PAGE_DRAWS, seed=0).plans[0]
            return plan, plan.percentiles((10, 50, 90))

        plans = [_PLAN_LIKELY.get((token, *_plan_key(scenario, pid)), lambda pid=pid: one(pid)) for pid in scenario.plans]
        sim = Simulation(scenario.weeks, PAGE_DRAWS, 0, [plan for plan, _ in plans])
        return LikelyRange(sim, band_frame([plan.label for plan, _ in plans], [pct for _, pct in plans]))

    return _LIKELY.get((token, scenario), simulated)


def _plan_key(scenario: PageScenario, plan_id: str) -> tuple:
    """What one plan's simulated cost depends on: the plan, the horizon, how you pay, and every override
    except those inside another plan (a drug's or a programme's value may be shared, so those stay in).
    The patient-time terms are left out: a simulation works out money only."""
    own = tuple(o for o in scenario.overrides if not (o.path[:1] == ("plans",) and o.path[1:2] != (plan_id,)))
    return plan_id, scenario.weeks, own, scenario.insured, scenario.insurance


@dataclass(frozen=True)
class Current:
    """The scenario the controls describe now, its projection, and the values refused.

    With refused values, ``scenario`` is what is shown instead and ``instead`` says what that is.
    """

    token: str
    scenario: PageScenario
    projection: Projection
    problems: tuple[Problem, ...] = ()
    instead: str = ""


#: The last scenario this session could show, kept in its session state.
LAST_SHOWN = "last_valid_scenario"


def current_results(registry: Registry, chosen: list[str]) -> Current:
    """The projection of what the controls say, from the cache; with refused values, of the last values that worked.

    A refused value (an out-of-pocket limit below the deductible, say) keeps the figures the page showed
    before it, for the plans and horizon now chosen; only when no earlier values work are the shipped
    defaults shown. The scenario is the one shown, so the figures, band and scenario file all describe
    the same thing.
    """
    scenario = scenario_from_controls(registry, chosen)
    token = assumptions_token()
    try:
        result = Current(token, scenario, projection_for(token, scenario, registry.assumptions))
    except AssumptionsError as exc:
        last = st.session_state.get(LAST_SHOWN)
        if last is not None and last != scenario:
            earlier = replace(last, plans=scenario.plans, weeks=scenario.weeks)
            try:
                shown = projection_for(token, earlier, registry.assumptions)
                return Current(token, earlier, shown, tuple(exc.problems), "your last values that worked")
            except AssumptionsError:
                pass
        defaults = PageScenario(scenario.plans, scenario.weeks, (), False)
        shown = projection_for(token, defaults, registry.assumptions)
        return Current(token, defaults, shown, tuple(exc.problems), "the shipped defaults")
    st.session_state[LAST_SHOWN] = scenario
    return result
