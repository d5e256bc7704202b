"""From a plan in the assumptions to the numbers the engine works with.

A :class:`PricedPlan` holds, for each draw, what every charge costs the
patient and in full, and the schedule of each session stream. Which value of
each quantity is used (base, low, high, or a random draw) is decided by a
``pick`` function, so deterministic projections, sensitivity swings and Monte
Carlo runs all go through the same code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Literal

import numpy as np

from .assumptions.schema import Assumptions, OnsetAfterSessions, Payment, Quantity
from .schedule import Schedule

__all__ = ["Pick", "PricedPlan", "PricedStream", "patient_charge", "pick_bound", "price_plan"]

Pick = Callable[[tuple[str, ...], Quantity], np.ndarray]


def pick_bound(which: Literal["low", "base", "high"] = "base") -> Pick:
    """A pick that takes every quantity's low, base or high value (one draw)."""
    index = {"low": 0, "base": 1, "high": 2}[which]
    return lambda path, q: np.array([q.bounds[index]])


def patient_charge(full: np.ndarray, insured: bool, share_pct: np.ndarray, copay: np.ndarray) -> np.ndarray:
    """What the patient pays for one charge of ``full`` dollars.

    Cash: the whole charge. Insured: ``min(full, share × full + copay)`` — the
    patient's share plus the copay, never more than the charge itself.
    Example: a $150 visit, 20 % share, $30 copay → min(150, 30 + 30) = $60.
    """
    if not insured:
        return full
    return np.minimum(full, share_pct / 100.0 * full + copay)


@dataclass(frozen=True)
class PricedStream:
    """One session stream: its schedule and the charge per session (first session apart)."""

    name: str
    label: str
    schedule: Schedule
    full_per_session: np.ndarray
    full_first_session: np.ndarray
    patient_per_session: np.ndarray
    patient_first_session: np.ndarray
    phase_labels: dict[str, str]


@dataclass(frozen=True)
class PricedPlan:
    """A plan's charges as arrays over draws (shape ``(draws,)``)."""

    plan_id: str
    label: str
    kind: str
    full_one_off: np.ndarray
    patient_one_off: np.ndarray
    full_daily: np.ndarray
    patient_daily: np.ndarray
    streams: tuple[PricedStream, ...]
    onset_days: tuple[np.ndarray, np.ndarray, np.ndarray]
    full_effect_days: tuple[np.ndarray, np.ndarray, np.ndarray] | None


def price_plan(assumptions: Assumptions, plan_id: str, pick: Pick | None = None) -> PricedPlan:
    """Resolve plan ``plan_id`` into charges and schedules, taking values with ``pick`` (default: base)."""
    from .onset import onset_days_after_sessions  # onset depends on schedules built here

    pick = pick or pick_bound("base")
    plan = assumptions.plans[plan_id]
    root = ("plans", plan_id)

    def value(path: tuple[str, ...], q: Quantity) -> np.ndarray:
        return np.asarray(pick(path, q), float)

    pay: Payment = plan.payment
    insured = pay.mode == "insured"
    share = value((*root, "payment", "patient_share"), pay.patient_share)
    copay = value((*root, "payment", "copay"), pay.copay)

    full_one_off = np.zeros(1)
    patient_one_off = np.zeros(1)
    for name, q in plan.one_off.items():
        charge = value((*root, "one_off", name), q)
        full_one_off = full_one_off + charge
        patient_one_off = patient_one_off + patient_charge(charge, insured, share, copay)

    full_daily = np.zeros(1)
    for name, q in plan.daily.items():
        full_daily = full_daily + value((*root, "daily", name), q)
    if plan.drug is not None:
        drug = assumptions.drugs[plan.drug]
        full_daily = full_daily + value(("drugs", plan.drug, "daily_cost"), drug.daily_cost)
    # No per-day copay: pharmacy copays are per fill, which kcost does not model yet.
    patient_daily = full_daily * share / 100.0 if insured else full_daily

    streams = []
    for name, stream in plan.sessions.items():
        sroot = (*root, "sessions", name)
        price = value((*sroot, "price"), stream.price)
        first = price if stream.first_session_price is None else value(
            (*sroot, "first_session_price"), stream.first_session_price
        )
        extras = np.zeros(1)
        for add_name, q in stream.add_ons.items():
            extras = extras + value((*sroot, "add_ons", add_name), q)
        phases = [
            (
                phase_name,
                value((*sroot, "phases", phase_name, "count"), phase.count),
                value((*sroot, "phases", phase_name, "per_week"), phase.per_week),
            )
            for phase_name, phase in stream.phases.items()
        ]
        maintenance = (
            np.zeros(1)
            if stream.maintenance_every_weeks is None
            else value((*sroot, "maintenance_every_weeks"), stream.maintenance_every_weeks)
        )
        start = np.zeros(1) if stream.start_week is None else value((*sroot, "start_week"), stream.start_week)
        after = None
        if stream.starts_after is not None:
            after = next(s.schedule for s in streams if s.name == stream.starts_after).phases_end_day()
        schedule = Schedule.build(phases, maintenance, start, stream.maintenance_label, start_day=after)
        full = price + extras
        full_first = first + extras
        streams.append(
            PricedStream(
                name=name,
                label=stream.label,
                schedule=schedule,
                full_per_session=full,
                full_first_session=full_first,
                patient_per_session=patient_charge(full, insured, share, copay),
                patient_first_session=patient_charge(full_first, insured, share, copay),
                phase_labels={
                    **{n: ph.label or n.replace("_", " ") for n, ph in stream.phases.items()},
                    stream.maintenance_label: stream.maintenance_label,
                },
            )
        )

    onset = plan.onset
    full_effect = None
    if isinstance(onset, OnsetAfterSessions):
        stream = next(s for s in streams if s.name == onset.stream)
        onset_days = onset_days_after_sessions(
            stream.schedule,
            onset.sessions_needed,
            onset.hours_after_dose,
            lambda p, q: value((*root, "onset", *p), q),
        )
    else:
        weeks = lambda key, q: value((*root, "onset", key), q)  # noqa: E731
        first = onset.first_improvement_weeks
        full = onset.full_effect_weeks
        onset_days = _ordered_triple(first, lambda q: 7.0 * weeks("first_improvement_weeks", q))
        full_effect = _ordered_triple(full, lambda q: 7.0 * weeks("full_effect_weeks", q))

    return PricedPlan(
        plan_id=plan_id,
        label=plan.label,
        kind=plan.kind,
        full_one_off=full_one_off,
        patient_one_off=patient_one_off,
        full_daily=full_daily,
        patient_daily=patient_daily,
        streams=tuple(streams),
        onset_days=onset_days,
        full_effect_days=full_effect,
    )


def _ordered_triple(q: Quantity, to_days: Callable[[Quantity], np.ndarray]):
    """(low, base, high) in days; the base follows ``pick``, low/high are the quantity's bounds."""
    low, _, high = q.bounds
    base = to_days(q)
    return (np.minimum(7.0 * low, base), base, np.maximum(7.0 * high, base))
