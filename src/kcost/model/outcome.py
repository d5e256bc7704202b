"""Whether a plan helps, and what trying it costs: the outcome-aware costs.

Not everyone is helped. A person who has not been helped by the plan's
**decision point** (ketamine: the end of the induction series; esketamine: the
end of week 4; SSRI/SNRI: the end of week 8; CBT: after 6 sessions) stops, so
they pay only for the trying. With ``P(d)`` the cumulative cost the patient
pays through day ``d`` (one projection's daily series, horizon of ``D`` days)::

    cost_of_trying   = P(min(decision_day, D − 1))
    cost_if_it_helps = P(D − 1)                       # the full course over the horizon
    expected_cost    = p · cost_if_it_helps + (1 − p) · cost_of_trying

where ``p`` is the plan's response rate as a fraction (percent ÷ 100).
Stopping after the decision point does not change what was paid before it, so
both figures come from the same series. The low and high expected costs take
the low and high response rates; since the expected cost grows with ``p``,
``cost_of_trying ≤ expected_cost ≤ cost_if_it_helps`` always.

Worked example (IV ketamine at the shipped defaults, one year): trying is the
$250 consultation plus 6 infusions at $550 = $3,550 (decision day 17, the last
induction infusion); if it helps, the whole year costs $16,750; at a 33 %
response rate the expected cost is 0.33 × 16,750 + 0.67 × 3,550 = $7,906.

A decision point after the horizon means nobody has stopped yet inside it:
the cost of trying is then the cost over the horizon, and all three figures
agree (``within_horizon`` is False so that the words can say so).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .assumptions.schema import (
    Assumptions,
    DecisionAfterPhase,
    DecisionAfterSessions,
    DecisionAfterWeeks,
    Plan,
    Quantity,
)
from .priced_plan import Pick, PricedPlan, pick_bound
from .schedule import _EPS, day_of_session

if TYPE_CHECKING:  # projection imports this module; only the type is needed here
    from .projection import PlanProjection

__all__ = ["Outcome", "Relief", "cost_of_trying_from_charges", "decision_days", "expected_cost", "outcome_fields", "plan_outcome", "with_outcome"]


@dataclass(frozen=True)
class Relief:
    """How long relief lasted in the studies: ``days`` (low, base, high) after ``after``, or None while taken."""

    after: str
    days: tuple[float, float, float] | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    """One plan's chance of helping and what trying it costs (deterministic projection).

    Percentages are in percent (33 means 33 %); money in US dollars, what the patient pays.
    ``expected_cost`` is (at the low, base, high response rate). Fields are None
    where the plan declares no response rate or no decision point.
    """

    response_rate: tuple[float, float, float] | None
    placebo_response: tuple[float, float, float] | None
    decision_day: float | None
    within_horizon: bool
    cost_of_trying: float | None
    cost_if_it_helps: float
    expected_cost: tuple[float, float, float] | None
    relief: Relief | None
    #: The decision point in words, from the data: "after the induction series", "after 8 weeks".
    decision_phrase: str | None = None
    #: Whom the response rate counts, from the data, when not everyone who started (at-home: completers).
    response_counts: str | None = None


def _value(pick: Pick, path: tuple[str, ...], q: Quantity) -> np.ndarray:
    return np.asarray(pick(path, q), float)


def decision_days(plan_id: str, plan: Plan, priced: PricedPlan, pick: Pick) -> np.ndarray | None:
    """Day (from day 0) of each draw's decision point, shape ``(draws,)``; None if the plan declares none.

    * ``after_phase``: the day of the phase's last session (6 IV infusions at 2 a
      week from day 0 → day 17); a phase of no sessions: its first day.
    * ``after_weeks``: the last day of week ``w``, ``round(7·w) − 1`` (week 4 → day 27; week 8 → day 55).
    * ``after_sessions``: the day of the n-th session of the stream (6th weekly CBT session → day 35);
      ``inf`` if it never comes.
    """
    decision = plan.decision_point
    root = ("plans", plan_id, "decision_point")
    if decision is None:
        return None
    if isinstance(decision, DecisionAfterWeeks):
        weeks = _value(pick, (*root, "weeks"), decision.weeks)
        return np.floor(7.0 * weeks + 0.5) - 1.0
    schedule = next(s.schedule for s in priced.streams if s.name == decision.stream)
    if isinstance(decision, DecisionAfterSessions):
        n = np.maximum(np.rint(_value(pick, (*root, "sessions"), decision.sessions)), 1.0)
        return day_of_session(schedule, n)
    assert isinstance(decision, DecisionAfterPhase)
    names = [p.name for p in schedule.phases]
    i = names.index(decision.phase)
    start, phase = schedule.phase_starts()[i], schedule.phases[i]
    last = start + np.floor(7.0 * (phase.count - 1) / phase.per_week + _EPS)
    return np.where(phase.count > 0, last, start)


def expected_cost(cumulative: np.ndarray, days: np.ndarray, rate_pct: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(cost_of_trying, cost_if_it_helps, expected_cost)`` per draw (equations in the module docstring).

    ``cumulative`` has shape ``(draws, D)``; ``days`` and ``rate_pct`` broadcast to ``(draws,)``.
    A decision day at or past the horizon (or never) counts as the horizon's last day.
    Example: cumulative ``[[100, 100, 400, 400]]``, decision day 0, 25 % →
    trying 100, if it helps 400, expected 0.25 × 400 + 0.75 × 100 = 175.
    """
    n, horizon = cumulative.shape
    day = np.broadcast_to(np.asarray(days, float), (n,))
    index = np.where(np.isfinite(day), np.clip(day, 0, horizon - 1), horizon - 1).astype(np.intp)
    trying = cumulative[np.arange(n), index]
    helps = cumulative[:, -1]
    p = np.broadcast_to(np.asarray(rate_pct, float), (n,)) / 100.0
    return trying, helps, p * helps + (1.0 - p) * trying


def cost_of_trying_from_charges(
    charge_day: np.ndarray, patient: np.ndarray, days: np.ndarray, horizon_days: int
) -> np.ndarray:
    """What the patient paid through the decision day, per draw, from a ledger's charges.

    ``trying = Σ_e patient[e] · [charge_day[e] ≤ min(decision_day, D − 1)]``: the same figure as
    :func:`expected_cost` reads off a daily series, without building a draws × days array.
    ``charge_day`` and ``patient`` have shape ``(draws, E)`` (or broadcast to it); a decision day
    past the horizon (or never) counts as the horizon's last day, so trying is then the horizon total.
    Example: charges of $100 on day 0 and $300 on day 20, decision day 6 → trying $100.
    """
    patient = np.asarray(patient, float)
    n = patient.shape[0]
    day = np.broadcast_to(np.asarray(days, float), (n,))
    last = np.where(np.isfinite(day), np.clip(day, 0, horizon_days - 1), horizon_days - 1)
    charge_day = np.broadcast_to(charge_day, patient.shape)
    return np.where(charge_day <= last[:, None], patient, 0.0).sum(axis=1)


def plan_outcome(
    plan_id: str, plan: Plan, priced: PricedPlan, cumulative_patient: np.ndarray, pick: Pick | None = None
) -> Outcome:
    """The :class:`Outcome` of one deterministic projection (``cumulative_patient`` is its daily series)."""
    pick = pick or pick_bound("base")
    series = np.asarray(cumulative_patient, float)[None, :]
    helps = float(series[0, -1])
    days = decision_days(plan_id, plan, priced, pick)
    day = None if days is None else float(days[0])
    rate = None if plan.response_rate is None else plan.response_rate.bounds
    trying = expected = None
    if day is not None:
        trying = float(expected_cost(series, np.array([day]), np.array([0.0]))[0][0])
        if rate is not None:
            base_rate = float(_value(pick, ("plans", plan_id, "response_rate"), plan.response_rate)[0])
            values = [float(expected_cost(series, np.array([day]), np.array([r]))[2][0]) for r in (rate[0], base_rate, rate[2])]
            expected = (min(values), values[1], max(values))
            rate = (min(rate[0], base_rate), base_rate, max(rate[2], base_rate))
    relief = None
    if plan.relief_lasts is not None:
        r = plan.relief_lasts
        relief = Relief(r.after, None if r.days is None else r.days.bounds, tuple(r.sources))
    return Outcome(
        decision_phrase=_decision_phrase(plan),
        response_counts=plan.response_counts,
        response_rate=rate,
        placebo_response=None if plan.placebo_response is None else plan.placebo_response.bounds,
        decision_day=day,
        within_horizon=day is not None and np.isfinite(day) and day < series.shape[1],
        cost_of_trying=trying,
        cost_if_it_helps=helps,
        expected_cost=expected,  # type: ignore[arg-type]
        relief=relief,
    )


def _decision_phrase(plan: Plan) -> str | None:
    decision = plan.decision_point
    if isinstance(decision, DecisionAfterWeeks):
        return f"after {decision.weeks.base:g} weeks"
    if isinstance(decision, DecisionAfterSessions):
        return f"after {decision.sessions.base:g} sessions"
    if isinstance(decision, DecisionAfterPhase):
        phase = plan.sessions[decision.stream].phases[decision.phase]
        return f"after the {(phase.label or decision.phase.replace('_', ' ')).lower()}"
    return None


def with_outcome(projected: PlanProjection, assumptions: Assumptions, pick: Pick | None = None) -> PlanProjection:
    """``projected`` with its :class:`Outcome` attached (computed from its own daily patient series)."""
    plan = assumptions.plans[projected.plan_id]
    outcome = plan_outcome(projected.plan_id, plan, projected.priced, projected.cumulative_patient, pick)
    return dataclasses.replace(projected, outcome=outcome)


def _triple(values: tuple[float, float, float] | None, digits: int = 2) -> dict | None:
    return None if values is None else dict(zip(("low", "base", "high"), (round(float(v), digits) for v in values)))


def outcome_fields(outcome: Outcome | None) -> dict:
    """The outcome's keys in ``kcost project --format json`` (money rounded to cents, rates in %)."""
    if outcome is None:
        return {}
    day = outcome.decision_day
    return {
        "response_rate": _triple(outcome.response_rate, 1),
        "no_new_treatment_response": _triple(outcome.placebo_response, 1),
        "decision_day": None if day is None or not np.isfinite(day) else round(day, 2),
        "decision_within_horizon": outcome.within_horizon,
        "cost_of_trying": None if outcome.cost_of_trying is None else round(outcome.cost_of_trying, 2),
        "cost_if_it_helps": round(outcome.cost_if_it_helps, 2),
        "expected_cost": _triple(outcome.expected_cost),
        "relief_lasts_after": None if outcome.relief is None else outcome.relief.after,
        "relief_lasts_days": None if outcome.relief is None else _triple(outcome.relief.days, 1),
    }
