"""The cost engine: cumulative cost by day for each plan, and the figures derived from it.

Cumulative cost through day d (what the patient pays, or the full price):

    C(d) = one_off + (d + 1)·daily + Σ_streams [ N_s(d)·per_session_s + min(N_s(d), 1)·(first_s − per_session_s) ]

where N_s(d) is the number of sessions of stream s on or before day d (see
:mod:`kcost.model.schedule`). Example: IV ketamine at $550 an infusion, a $250
consultation, 6 infusions at 2 a week: C(20) = 250 + 6 × 550 = $3,550.

Everything is computed in closed form over arrays of shape ``(draws, days)``;
there is no loop over days or draws.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Literal

import numpy as np
import pandas as pd

from .assumptions import Assumptions, MainInputs, Override, main_input_overrides, with_overrides
from .crossover import Crossover, crossovers
from .outcome import Outcome, outcome_fields, with_outcome
from .priced_plan import Pick, PricedPlan, price_plan
from .schedule import session_days, sessions_through

__all__ = [
    "DAYS_PER_MONTH",
    "MAX_WEEKS",
    "PlanProjection",
    "Projection",
    "cumulative_cost",
    "cumulative_matrix",
    "monthly_cost_after_induction",
    "project",
]

MAX_WEEKS = 260
#: An average calendar month, 365.25 ÷ 12 days.
DAYS_PER_MONTH = 365.25 / 12

Payer = Literal["patient", "full"]


def cumulative_cost(priced: PricedPlan, days: np.ndarray, payer: Payer = "patient") -> np.ndarray:
    """Cumulative cost through each of ``days``, shape ``(draws, len(days))`` (equation in the module docstring)."""
    d = np.asarray(days, float)[None, :]
    patient = payer == "patient"
    one_off = priced.patient_one_off if patient else priced.full_one_off
    daily = priced.patient_daily if patient else priced.full_daily
    total = one_off[:, None] + (d + 1.0) * daily[:, None]
    for stream in priced.streams:
        per = stream.patient_per_session if patient else stream.full_per_session
        first = stream.patient_first_session if patient else stream.full_first_session
        n = sum(sessions_through(stream.schedule, days).values())
        total = total + n * per[:, None] + np.minimum(n, 1.0) * (first - per)[:, None]
    return total


def cumulative_matrix(
    priced: PricedPlan, n_days: int, payer: Payer = "patient", dtype: type = np.float64
) -> np.ndarray:
    """Cumulative cost through every day 0..n_days−1 for every draw, shape ``(draws, n_days)``.

    Builds each day's charges (the daily cost every day, one-off charges on
    day 0, each session's charge on its day) and takes one running sum, so the
    work is one pass over the ``draws × days`` array plus a scatter of the
    (few) session charges. It gives the same numbers as :func:`cumulative_cost`
    (the tests hold the two to each other) and is what projections and
    simulations use.
    """
    patient = payer == "patient"
    daily = priced.patient_daily if patient else priced.full_daily
    one_off = priced.patient_one_off if patient else priced.full_one_off
    n = max(
        [daily.shape[0], one_off.shape[0]]
        + [s.schedule.start_day.shape[0] for s in priced.streams]
        + [s.patient_per_session.shape[0] for s in priced.streams]
    )
    charges = np.empty((n, n_days), dtype=dtype)
    charges[:] = np.broadcast_to(daily, (n,))[:, None]
    charges[:, 0] += np.broadcast_to(one_off, (n,))
    for stream in priced.streams:
        per = np.broadcast_to(stream.patient_per_session if patient else stream.full_per_session, (n,))
        first = np.broadcast_to(stream.patient_first_session if patient else stream.full_first_session, (n,))
        days, valid, is_first = session_days(stream.schedule, n_days)
        if days.shape[0] != n:
            days, valid, is_first = (np.broadcast_to(a, (n, a.shape[1])) for a in (days, valid, is_first))
        rows, cols = np.nonzero(valid)
        amount = np.where(is_first[rows, cols], first[rows], per[rows])
        np.add.at(charges, (rows, days[rows, cols]), amount)
    np.cumsum(charges, axis=1, out=charges)
    return charges


def monthly_cost_after_induction(priced: PricedPlan, payer: Payer = "patient") -> np.ndarray:
    """Average monthly cost once every initial phase is over (the steady state).

    ``30.4375 × (daily + Σ_streams per_session ÷ (7 × maintenance_weeks))``;
    streams without maintenance add nothing. Example: IV boosters at $550
    every 4 weeks → 30.4375 × 550 ÷ 28 = $597.88 a month.
    """
    patient = payer == "patient"
    rate = (priced.patient_daily if patient else priced.full_daily).copy()
    for stream in priced.streams:
        weeks = stream.schedule.maintenance_weeks
        per = stream.patient_per_session if patient else stream.full_per_session
        rate = rate + np.where(weeks > 0, per / np.where(weeks > 0, 7.0 * weeks, 1.0), 0.0)
    return DAYS_PER_MONTH * rate


@dataclass(frozen=True)
class PlanProjection:
    """One plan projected over the horizon (the deterministic draw).

    Money is in US dollars; ``cumulative_*`` arrays hold one value per day
    0..7W−1, "patient" being what the patient pays and "full" the full price.
    ``first_4_weeks_cost`` (days 0–27), ``first_year_cost`` (52 weeks, days 0–363) and
    ``cost_until_onset`` are computed in closed form whatever the horizon.
    """

    plan_id: str
    label: str
    kind: str
    horizon_weeks: int
    insured: bool
    cumulative_patient: np.ndarray
    cumulative_full: np.ndarray
    sessions: dict[str, dict[str, int]]
    first_4_weeks_cost: float
    first_year_cost: float
    monthly_cost_after_induction: float
    onset_days: tuple[float, float, float]
    cost_until_onset: float | None
    full_effect_days: tuple[float, float, float] | None = None
    cost_until_full_effect: float | None = None
    priced: PricedPlan | None = field(default=None, repr=False, compare=False)
    #: Whether it helps and what trying costs (see :mod:`kcost.model.outcome`).
    outcome: Outcome | None = None

    @property
    def total_cost(self) -> float:
        """What the patient pays over the whole horizon."""
        return float(self.cumulative_patient[-1])

    @property
    def total_full_price(self) -> float:
        return float(self.cumulative_full[-1])

    @property
    def total_sessions(self) -> int:
        return sum(sum(phases.values()) for phases in self.sessions.values())

    @property
    def cumulative_by_week(self) -> np.ndarray:
        """Cumulative cost at the end of each week 1..W (days 6, 13, …)."""
        return self.cumulative_patient[6::7]

    @property
    def cumulative_full_by_week(self) -> np.ndarray:
        return self.cumulative_full[6::7]

    @property
    def cumulative_by_month(self) -> np.ndarray:
        """Cumulative cost at the end of each whole average month (30.4375 days) inside the horizon."""
        return self.cumulative_patient[_month_end_days(len(self.cumulative_patient))]


def _month_end_days(n_days: int) -> np.ndarray:
    months = np.arange(1, int(n_days / DAYS_PER_MONTH) + 1)
    return (np.ceil(months * DAYS_PER_MONTH) - 1).astype(int)


@dataclass(frozen=True)
class Projection:
    """Several plans projected over the same horizon, with their crossovers."""

    horizon_weeks: int
    plans: list[PlanProjection]
    crossovers: list[Crossover]

    def plan(self, plan_id: str) -> PlanProjection:
        return next(p for p in self.plans if p.plan_id == plan_id)

    def weekly_frame(self) -> pd.DataFrame:
        """One row per plan and week: ``plan_id, label, week, cumulative_cost, cumulative_full_price``."""
        n = self.horizon_weeks
        return pd.DataFrame(
            {
                "plan_id": np.repeat([p.plan_id for p in self.plans], n),
                "label": np.repeat([p.label for p in self.plans], n),
                "week": np.tile(np.arange(1, n + 1), len(self.plans)),
                "cumulative_cost": np.round(_joined([p.cumulative_by_week for p in self.plans]), 2),
                "cumulative_full_price": np.round(_joined([p.cumulative_full_by_week for p in self.plans]), 2),
            }
        )

    def to_csv(self) -> str:
        """:meth:`weekly_frame` as CSV text with a header row and Unix line ends."""
        return self.weekly_frame().to_csv(index=False, lineterminator="\n")

    def to_dict(self) -> dict:
        """The JSON shape of ``kcost project --format json``."""
        return {
            "horizon_weeks": self.horizon_weeks,
            "plans": [
                {
                    "id": p.plan_id,
                    "label": p.label,
                    "payment": "insured" if p.insured else "cash",
                    "total_cost": _money(p.total_cost),
                    "total_full_price": _money(p.total_full_price),
                    "sessions": p.sessions,
                    "first_4_weeks_cost": _money(p.first_4_weeks_cost),
                    "first_year_cost": _money(p.first_year_cost),
                    "monthly_cost_after_induction": _money(p.monthly_cost_after_induction),
                    "cost_until_onset": None if p.cost_until_onset is None else _money(p.cost_until_onset),
                    "onset_days": dict(zip(("low", "base", "high"), (_days(x) for x in p.onset_days))),
                    "full_effect_days": None
                    if p.full_effect_days is None
                    else dict(zip(("low", "base", "high"), (_days(x) for x in p.full_effect_days))),
                    **outcome_fields(p.outcome),
                    "cumulative_cost_by_week": [_money(x) for x in p.cumulative_by_week],
                }
                for p in self.plans
            ],
            "crossovers": [c.to_dict() for c in self.crossovers],
        }


def _money(x: float) -> float:
    return round(float(x), 2)


def _days(x: float) -> float | None:
    return None if not np.isfinite(x) else round(float(x), 2)


def prepare(
    assumptions: Assumptions,
    plans: Iterable[str] | None,
    weeks: int,
    inputs: MainInputs | None,
    overrides: Iterable[Override],
) -> tuple[Assumptions, list[str]]:
    """Check the horizon and plan ids, and apply main inputs and overrides (validated like the file).

    Shared by :func:`project` and :func:`kcost.model.uncertainty.simulate`, so both read inputs the same way.
    """
    if isinstance(weeks, bool) or not isinstance(weeks, (int, np.integer)) or not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(f"weeks must be a whole number from 1 to {MAX_WEEKS}, not {weeks!r}")
    plan_ids = list(assumptions.plans) if plans is None else list(dict.fromkeys(plans))
    unknown = [p for p in plan_ids if p not in assumptions.plans]
    if unknown:
        raise KeyError(f"unknown plan {unknown[0]!r} (known: {', '.join(assumptions.plans)})")
    changes = list(overrides)
    if inputs is not None:
        changes = main_input_overrides(assumptions, inputs, plan_ids) + changes
    return with_overrides(assumptions, changes), plan_ids


def project(
    assumptions: Assumptions,
    plans: Iterable[str] | None = None,
    weeks: int = 52,
    inputs: MainInputs | None = None,
    overrides: Iterable[Override] = (),
    pick: Pick | None = None,
) -> Projection:
    """Project ``plans`` (default: all) over ``weeks`` weeks.

    ``inputs`` are the main controls (session price, …) applied to the plans
    that declare them; ``overrides`` set any value by path. Both are validated
    like the file itself and raise :class:`~kcost.model.assumptions.AssumptionsError`.

    >>> from kcost import load_assumptions, project
    >>> p = project(load_assumptions(), ["ketamine-iv", "ssri-generic"], weeks=12)
    >>> round(p.plan("ketamine-iv").first_4_weeks_cost)  # $250 consultation + 6 × $550
    3550
    """
    assumptions, plan_ids = prepare(assumptions, plans, weeks, inputs, overrides)
    days = np.arange(7 * int(weeks))
    projected = [_project_plan(price_plan(assumptions, pid, pick), assumptions, days) for pid in plan_ids]
    projected = [with_outcome(p, assumptions, pick) for p in projected]
    series = {p.plan_id: p.cumulative_patient for p in projected}
    return Projection(int(weeks), projected, crossovers(series, {p.plan_id: p.label for p in projected}))


def _project_plan(priced: PricedPlan, assumptions: Assumptions, days: np.ndarray) -> PlanProjection:
    horizon = len(days)
    patient = cumulative_matrix(priced, horizon, "patient")[0]
    full = cumulative_matrix(priced, horizon, "full")[0]
    sessions = {
        s.name: {name: int(counts[0, -1]) for name, counts in sessions_through(s.schedule, days[-1:]).items()}
        for s in priced.streams
    }
    onset = tuple(float(x[0]) for x in priced.onset_days)
    full_effect = None if priced.full_effect_days is None else tuple(float(x[0]) for x in priced.full_effect_days)
    plan = assumptions.plans[priced.plan_id]
    return PlanProjection(
        plan_id=priced.plan_id,
        label=priced.label,
        kind=priced.kind,
        horizon_weeks=horizon // 7,
        insured=plan.payment.mode == "insured",
        cumulative_patient=patient,
        cumulative_full=full,
        sessions=sessions,
        first_4_weeks_cost=_cost_at(priced, 27),
        first_year_cost=_cost_at(priced, 363),
        monthly_cost_after_induction=float(monthly_cost_after_induction(priced)[0]),
        onset_days=onset,  # type: ignore[arg-type]
        cost_until_onset=_cost_at(priced, onset[1]),
        full_effect_days=full_effect,  # type: ignore[arg-type]
        cost_until_full_effect=None if full_effect is None else _cost_at(priced, full_effect[1]),
        priced=priced,
    )


def _cost_at(priced: PricedPlan, day: float) -> float | None:
    """Cumulative patient cost through ``day`` (which may lie beyond the horizon); None if never reached."""
    if not np.isfinite(day):
        return None
    return float(cumulative_cost(priced, np.array([np.floor(day)]), "patient")[0, 0])


def _joined(arrays: list[np.ndarray]) -> np.ndarray:
    """The arrays end to end; empty when there are none (``np.concatenate`` refuses an empty list)."""
    return np.concatenate(arrays) if arrays else np.empty(0)
