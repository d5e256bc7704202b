"""The cost engine: cumulative cost by day for each plan, and the figures derived from it.

Each plan's charges go into one ledger (:mod:`kcost.model.ledger`), one
payment pass splits every charge between the patient, the insurer and a copay
programme (:mod:`kcost.model.payment`), and the amounts are summed into daily
running totals. Cash plans pay the full price; insured plans follow the
scenario's :class:`~kcost.model.scenario.Insurance`.

The full price through day d has a closed form, which the tests hold the
ledger to:

    C(d) = one_off + ⌈(d + 1) ÷ f⌉·f·daily + Σ_streams [ N_s(d)·per_session_s + min(N_s(d), 1)·(first_s − per_session_s) ]

where f is the fill length in days (the medicine is bought in fills on days
0, f, 2f, …) and N_s(d) the number of sessions of stream s on or before day d
(see :mod:`kcost.model.schedule`). Example: IV ketamine at $550 an infusion, a
$250 consultation, 6 infusions at 2 a week: C(20) = 250 + 6 × 550 = $3,550.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Literal

import numpy as np
import pandas as pd

from .assumptions import Assumptions, MainInputs, Override, main_input_overrides, with_overrides
from .crossover import Crossover, crossovers
from .ledger import Ledger, build_ledger, cumulative_by_day
from .patient_time import time_per_charge, time_terms, time_use
from .payment import Payments, pay, plan_year_of_day
from .outcome import Outcome, outcome_fields, with_outcome
from .priced_plan import Pick, PricedPlan, price_plan
from .scenario import MAX_WEEKS, Insurance, Scenario
from .schedule import session_days, sessions_through

__all__ = [
    "DAYS_PER_MONTH",
    "MAX_WEEKS",
    "PlanProjection",
    "Projection",
    "cumulative_cost",
    "cumulative_matrix",
    "full_price_by_day",
    "monthly_cost_after_induction",
    "prepare",
    "project",
    "scenario_of",
]

#: An average calendar month, 365.25 ÷ 12 days.
DAYS_PER_MONTH = 365.25 / 12

Payer = Literal["patient", "insurer", "assistance", "full"]


def cumulative_cost(priced: PricedPlan, days: np.ndarray, fill_days: int = 30) -> np.ndarray:
    """Full price through each of ``days``, shape ``(draws, len(days))``, in closed form (module docstring)."""
    d = np.asarray(days, float)[None, :]
    fills = np.ceil((d + 1.0) / fill_days) * fill_days
    total = priced.full_one_off[:, None] + fills * priced.full_daily[:, None]
    for stream in priced.streams:
        per, first = stream.full_per_session, stream.full_first_session
        n = sum(sessions_through(stream.schedule, days).values())
        total = total + n * per[:, None] + np.minimum(n, 1.0) * (first - per)[:, None]
    return total


def full_price_by_day(priced: PricedPlan, n_days: int, fill_days: int = 30) -> np.ndarray:
    """Full price through every day 0..n_days−1, shape ``(draws, n_days)``: each charge added on its day, then one running sum.

    The full price needs neither a payment pass nor charges in day order, so
    no ledger is built: one-off charges go on day 0, each fill (daily cost ×
    ``fill_days``) on days 0, ``fill_days``, 2·``fill_days``, …, and each
    session's full price (every component; the first-session price for the
    very first) on its day (:func:`kcost.model.schedule.session_days`), into
    one draws × days grid. Same figures as ``cumulative_by_day`` of the
    ledger's amounts, up to the order of additions.

    Worked example: a $350 intake, a medicine at $0.50 a day in 30-day fills
    ($15 a fill) and weekly $150 visits from day 0: day 0 → 350 + 15 + 150 =
    515; day 6 → 515; day 7 → 665; day 30 → 515 + 4 × 150 + 15 = 1,130.
    """
    sessions = [(stream, *session_days(stream.schedule, n_days)) for stream in priced.streams]
    draws = np.broadcast_shapes(priced.full_one_off.shape, priced.full_daily.shape,
                                *((days.shape[0],) for _, days, _, _ in sessions))[0]  # fmt: skip
    grid = np.zeros((draws, n_days + 1))  # the spare last column takes the sessions a draw does not have
    grid[:, 0] += priced.full_one_off
    if priced.daily is not None:
        grid[:, np.arange(0, n_days, fill_days)] += (priced.full_daily * fill_days)[:, None]
    flat = grid.reshape(-1)
    for stream, days, valid, first in sessions:
        # Several sessions can fall on one day (up to 21 a week), hence add.at rather than an assignment.
        at = np.where(valid, days, n_days)
        at += (np.arange(draws) * (n_days + 1))[:, None]
        amount = np.where(first, stream.full_first_session[:, None], stream.full_per_session[:, None])
        np.add.at(flat, at.reshape(-1), np.broadcast_to(amount, at.shape).reshape(-1))
    running = grid[:, :n_days]
    return np.cumsum(running, axis=1, out=running)


def cumulative_matrix(
    priced: PricedPlan,
    n_days: int,
    payer: Payer = "full",
    insured: bool = False,
    insurance: Insurance | None = None,
) -> np.ndarray:
    """Running total of what ``payer`` pays through every day 0..n_days−1, shape ``(draws, n_days)``.

    Ledger, payment pass, then one running sum over a draws × days grid.
    ``payer="patient"`` of a cash plan is the full price. The full price
    itself needs no payment pass: :func:`full_price_by_day`.
    """
    insurance = insurance or Insurance()
    if payer == "full":
        return full_price_by_day(priced, n_days, insurance.fill_days)
    ledger = build_ledger(priced, n_days, insurance.fill_days)
    payments = pay(ledger, insured, insurance, priced.superbill_pct)
    return cumulative_by_day(ledger, getattr(payments, payer), n_days)


def monthly_cost_after_induction(priced: PricedPlan) -> np.ndarray:
    """Average monthly full price once every initial phase is over (the steady state).

    ``30.4375 × (daily + Σ_streams per_session ÷ (7 × maintenance_weeks))``;
    streams without maintenance add nothing. Example: IV boosters at $550
    every 4 weeks → 30.4375 × 550 ÷ 28 = $597.88 a month.
    """
    rate = priced.full_daily.copy()
    for stream in priced.streams:
        weeks = stream.schedule.maintenance_weeks
        per = stream.full_per_session
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
    # --- payment (issue 8): who pays, per plan year, and the patient's time ---
    cumulative_insurer: np.ndarray | None = field(default=None, repr=False)
    cumulative_assistance: np.ndarray | None = field(default=None, repr=False)
    patient_by_plan_year: tuple[float, ...] = ()
    superbill_total: float = 0.0
    hours_total: float = 0.0
    companion_hours_total: float = 0.0
    trips: int = 0
    time_and_travel_cost: float | None = None
    patient_after_tax: float | None = None
    payments: Payments | None = field(default=None, repr=False, compare=False)
    #: Weeks until the plan year renews (the insurance term), for each week's plan year.
    renews_in_weeks: int = 52
    #: Running totals by day of the patient's hours (always) and of their dollar value (with time counted).
    cumulative_hours: np.ndarray | None = field(default=None, repr=False)
    cumulative_time_value: np.ndarray | None = field(default=None, repr=False)
    # --- end payment ---
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
    def insurer_total(self) -> float:
        """What the insurer pays over the horizon (superbill refunds included)."""
        return 0.0 if self.cumulative_insurer is None else float(self.cumulative_insurer[-1])

    @property
    def assistance_total(self) -> float:
        """What a manufacturer copay programme pays over the horizon."""
        return 0.0 if self.cumulative_assistance is None else float(self.cumulative_assistance[-1])

    @property
    def cumulative_insurer_by_week(self) -> np.ndarray:
        return np.zeros(self.horizon_weeks) if self.cumulative_insurer is None else self.cumulative_insurer[6::7]

    @property
    def cumulative_assistance_by_week(self) -> np.ndarray:
        return np.zeros(self.horizon_weeks) if self.cumulative_assistance is None else self.cumulative_assistance[6::7]

    @property
    def plan_year_by_week(self) -> np.ndarray:
        """The plan year (1, 2, …) in which each week 1..W ends."""
        return plan_year_of_day(np.arange(6, 7 * self.horizon_weeks, 7), self.renews_in_weeks) + 1

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
        """One row per plan and week, every figure a running total through the week's last day.

        Columns: ``plan_id, label, week, plan_year`` (1, 2, … as the insurance renews), ``cumulative_cost``
        (what the patient pays), ``cumulative_full_price``, ``cumulative_insurer`` (superbill refunds
        included), ``cumulative_assistance`` (a maker's copay programme), ``cumulative_hours`` (the patient's
        time with travel and a companion's rides) and ``cumulative_time_value`` (those hours and the trips in
        dollars; empty unless time is counted). Patient + insurer + assistance = full price on every row.
        """
        n = self.horizon_weeks
        money = lambda weekly: np.round(_joined([weekly(p) for p in self.plans]), 2)  # noqa: E731
        return pd.DataFrame(
            {
                "plan_id": np.repeat([p.plan_id for p in self.plans], n),
                "label": np.repeat([p.label for p in self.plans], n),
                "week": np.tile(np.arange(1, n + 1), len(self.plans)),
                "plan_year": _joined([p.plan_year_by_week for p in self.plans]).astype(int),
                "cumulative_cost": money(lambda p: p.cumulative_by_week),
                "cumulative_full_price": money(lambda p: p.cumulative_full_by_week),
                "cumulative_insurer": money(lambda p: p.cumulative_insurer_by_week),
                "cumulative_assistance": money(lambda p: p.cumulative_assistance_by_week),
                "cumulative_hours": np.round(_joined([_by_week(p.cumulative_hours, n) for p in self.plans]), 2),
                "cumulative_time_value": money(lambda p: _by_week(p.cumulative_time_value, n)),
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
                    # --- payment (issue 8) ---
                    "insurer_total": _money(p.insurer_total),
                    "assistance_total": _money(p.assistance_total),
                    "superbill_total": _money(p.superbill_total),
                    "patient_by_plan_year": [_money(x) for x in p.patient_by_plan_year],
                    "patient_after_tax": None if p.patient_after_tax is None else _money(p.patient_after_tax),
                    "hours_total": round(p.hours_total, 1),
                    "companion_hours_total": round(p.companion_hours_total, 1),
                    "trips": p.trips,
                    "time_and_travel_cost": None
                    if p.time_and_travel_cost is None
                    else _money(p.time_and_travel_cost),
                    "cumulative_full_price_by_week": [_money(x) for x in p.cumulative_full_by_week],
                    "cumulative_insurer_by_week": [_money(x) for x in p.cumulative_insurer_by_week],
                    # --- end payment ---
                }
                for p in self.plans
            ],
            "crossovers": [c.to_dict() for c in self.crossovers],
        }


def _money(x: float) -> float:
    return round(float(x), 2)


def _days(x: float) -> float | None:
    return None if not np.isfinite(x) else round(float(x), 2)


def scenario_of(
    scenario: Scenario | Iterable[str] | None = None,
    weeks: int = 52,
    inputs: MainInputs | None = None,
    overrides: Iterable[Override] = (),
) -> Scenario:
    """A :class:`Scenario` as given, or built from the older call form ``(plans, weeks, inputs, overrides)``."""
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, str):
        raise TypeError("plans must be a sequence of plan ids, not one string")
    return Scenario.of(scenario, weeks, inputs, overrides)


def prepare(assumptions: Assumptions, scenario: Scenario) -> tuple[Assumptions, list[str]]:
    """Check the scenario's plan ids, and apply its main inputs and overrides (validated like the file).

    Shared by :func:`project`, :func:`kcost.model.uncertainty.simulate` and
    :func:`kcost.model.sensitivity.one_way`, so every entry reads inputs the same way.
    """
    plan_ids = list(assumptions.plans) if scenario.plans is None else list(scenario.plans)
    unknown = [p for p in [*plan_ids, *sorted(scenario.insured)] if p not in assumptions.plans]
    if unknown:
        raise KeyError(f"unknown plan {unknown[0]!r} (known: {', '.join(assumptions.plans)})")
    changes = list(scenario.overrides)
    if scenario.inputs is not None:
        changes = main_input_overrides(assumptions, scenario.inputs, plan_ids) + changes
    return with_overrides(assumptions, changes), plan_ids


def project(
    assumptions: Assumptions,
    scenario: Scenario | Iterable[str] | None = None,
    weeks: int = 52,
    inputs: MainInputs | None = None,
    overrides: Iterable[Override] = (),
    pick: Pick | None = None,
) -> Projection:
    """Project the scenario's plans (default: all) over its horizon.

    ``scenario`` is a :class:`~kcost.model.scenario.Scenario`; the older form
    ``project(a, ["ketamine-iv"], weeks=26, inputs=..., overrides=...)``
    builds one from the plan ids and the other arguments. Main inputs and
    overrides are validated like the file itself and raise
    :class:`~kcost.model.assumptions.AssumptionsError`.

    >>> from kcost import load_assumptions, project
    >>> p = project(load_assumptions(), ["ketamine-iv", "ssri-generic"], weeks=12)
    >>> round(p.plan("ketamine-iv").first_4_weeks_cost)  # $250 consultation + 6 × $550
    3550
    """
    scenario = scenario_of(scenario, weeks, inputs, overrides)
    assumptions, plan_ids = prepare(assumptions, scenario)
    projected = [_project_plan(price_plan(assumptions, pid, pick), assumptions, scenario) for pid in plan_ids]
    projected = [with_outcome(p, assumptions, pick) for p in projected]
    series = {p.plan_id: p.cumulative_patient for p in projected}
    return Projection(scenario.weeks, projected, crossovers(series, {p.plan_id: p.label for p in projected}))


def _project_plan(priced: PricedPlan, assumptions: Assumptions, scenario: Scenario) -> PlanProjection:
    horizon = 7 * scenario.weeks
    insurance = scenario.insurance
    insured = priced.plan_id in scenario.insured
    onset = tuple(float(x[0]) for x in priced.onset_days)
    full_effect = None if priced.full_effect_days is None else tuple(float(x[0]) for x in priced.full_effect_days)
    # Figures such as the first year's cost or the cost until onset may lie past the horizon: the ledger runs
    # far enough to reach them (payments are causal, so the horizon's days are unchanged), at most MAX_WEEKS.
    wanted = [horizon, 364] + [int(np.floor(d)) + 1 for d in (onset[1], full_effect[1] if full_effect else 0.0) if np.isfinite(d)]
    extent = min(max(wanted), 7 * MAX_WEEKS)
    ledger = build_ledger(priced, extent, insurance.fill_days, with_time=True)
    payments = pay(ledger, insured, insurance, priced.superbill_pct)
    patient_all = cumulative_by_day(ledger, payments.patient, extent)[0]

    def through(day: float) -> float | None:
        if not np.isfinite(day) or day >= extent:
            return None
        return float(patient_all[int(np.floor(day))])

    inside = ledger.day < horizon
    years = int(plan_year_of_day(np.array(horizon - 1), insurance.renews_in_weeks)) + 1
    by_year = Payments(ledger, np.where(inside, payments.patient, 0.0), payments.insurer, payments.assistance,
                       payments.superbill, payments.plan_year).patient_by_plan_year(years)[0]
    terms = time_terms(assumptions, scenario.time)
    use = time_use(ledger, terms, horizon - 1)
    hours_each, value_each = time_per_charge(ledger, terms)
    superbill = float(np.where(inside, payments.superbill, 0.0).sum())
    total = float(patient_all[horizon - 1])
    rate = insurance.pre_tax_rate_pct
    # Paid through insurance only where the plan's declared coverage lets it pay something: a covered
    # charge, or a superbill refund. Off-label ketamine in the insured set stays a cash plan in every figure.
    insured = insured and (bool(np.asarray(ledger.covered).any()) or superbill > 0)
    monthly = float(monthly_cost_after_induction(priced)[0])
    if insured:
        helped = payments.insurer[0] + payments.assistance[0] + payments.superbill[0]
        monthly = _average_monthly_after_induction(priced, patient_all, monthly, ledger.day[0], helped)
    sessions = {
        s.name: {name: int(counts[0, -1]) for name, counts in sessions_through(s.schedule, np.array([horizon - 1])).items()}
        for s in priced.streams
    }
    return PlanProjection(
        plan_id=priced.plan_id,
        label=priced.label,
        kind=priced.kind,
        horizon_weeks=scenario.weeks,
        insured=insured,
        cumulative_patient=patient_all[:horizon],
        cumulative_full=cumulative_by_day(ledger, ledger.amount, horizon)[0],
        sessions=sessions,
        first_4_weeks_cost=float(patient_all[27]),
        first_year_cost=float(patient_all[363]),
        monthly_cost_after_induction=monthly,
        onset_days=onset,  # type: ignore[arg-type]
        cost_until_onset=through(onset[1]),
        full_effect_days=full_effect,  # type: ignore[arg-type]
        cost_until_full_effect=None if full_effect is None else through(full_effect[1]),
        priced=priced,
        cumulative_insurer=cumulative_by_day(ledger, payments.insurer, horizon)[0],
        cumulative_assistance=cumulative_by_day(ledger, payments.assistance, horizon)[0],
        patient_by_plan_year=tuple(float(x) for x in by_year),
        superbill_total=superbill,
        hours_total=float(use.hours_total[0]),
        companion_hours_total=float(use.companion_trips[0] * terms.travel_hours_per_trip),
        trips=int(use.trips[0]),
        time_and_travel_cost=float(use.cost[0]) if scenario.time.include else None,
        # HSA/FSA money is pre-tax: each dollar paid costs (1 − rate) dollars of after-tax income.
        patient_after_tax=None if rate is None else total * (1.0 - rate / 100.0),
        payments=payments,
        renews_in_weeks=insurance.renews_in_weeks,
        cumulative_hours=cumulative_by_day(ledger, hours_each, horizon)[0],
        cumulative_time_value=cumulative_by_day(ledger, value_each, horizon)[0] if scenario.time.include else None,
    )


def _average_monthly_after_induction(
    priced: PricedPlan, patient: np.ndarray, fallback: float, day: np.ndarray, helped: np.ndarray
) -> float:
    """What an insured patient pays a month on average from the end of the initial phases to the ledger's end.

    Deductibles and out-of-pocket caps make the monthly cost uneven, so this
    is an average over the plan years the ledger covers. The full-price rate
    (``fallback``) stands in with less than four weeks after the initial
    phases, and when nobody else (insurer, programme, superbill: ``helped``,
    one amount per charge on ``day``) pays anything in that time: the patient
    then pays the full price, and the figure must be the cash one (an SSRI
    still under the deductible showed $52 insured against $55 in cash).
    """
    ends = [int(np.max(s.schedule.phases_end_day())) for s in priced.streams if s.schedule.phases]
    end = max(ends, default=0)
    span = len(patient) - end
    if span < 28 or not np.any(helped[day >= end] > 0):
        return fallback
    before = patient[end - 1] if end > 0 else 0.0
    return float((patient[-1] - before) / (span / DAYS_PER_MONTH))


def _by_week(daily: np.ndarray | None, weeks: int) -> np.ndarray:
    """A running total by day at the end of each week 1..``weeks``; NaN (an empty CSV cell) when there is none."""
    return np.full(weeks, np.nan) if daily is None else daily[6::7]


def _joined(arrays: list[np.ndarray]) -> np.ndarray:
    """The arrays end to end; empty when there are none (``np.concatenate`` refuses an empty list)."""
    return np.concatenate(arrays) if arrays else np.empty(0)
