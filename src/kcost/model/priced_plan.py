"""From a plan in the assumptions to the numbers the engine works with.

A :class:`PricedPlan` holds, for each draw, the full price of every charge
component with the terms it is billed under (its kind, whether insurance
usually covers it, a copay programme), and the schedule of each session
stream. Which value of each quantity is used (base, low, high, or a random
draw) is decided by a ``pick`` function, so deterministic projections,
sensitivity swings and Monte Carlo runs all go through the same code. What the
patient pays is decided later, by :mod:`kcost.model.payment`, from the charge
ledger of :mod:`kcost.model.ledger`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Literal

import numpy as np

from .assumptions.schema import Assumptions, Billing, ChargeTerms, OnsetAfterSessions, Quantity
from .schedule import Phase, Schedule

__all__ = ["Pick", "PricedCharge", "PricedPlan", "PricedProgramme", "PricedStream", "pick_bound", "price_plan", "take_draws"]

Pick = Callable[[tuple[str, ...], Quantity], np.ndarray]
#: Days from day 0 as (low, base, high) arrays over draws.
DayRange = tuple[np.ndarray, np.ndarray, np.ndarray]


def pick_bound(which: Literal["low", "base", "high"] = "base") -> Pick:
    """A pick that takes every quantity's low, base or high value (one draw)."""
    index = {"low": 0, "base": 1, "high": 2}[which]
    return lambda path, q: np.array([q.bounds[index]])


@dataclass(frozen=True)
class PricedProgramme:
    """A manufacturer copay programme: the patient's ``copay`` a treatment and the ``yearly_cap`` it pays at most."""

    programme_id: str
    copay: np.ndarray
    yearly_cap: np.ndarray
    commercial_only: bool


@dataclass(frozen=True)
class PricedCharge:
    """One cost component: what it costs per occurrence (``first`` for a stream's first session) and its terms.

    ``hours`` is the patient's time per occurrence; ``travel`` whether the
    occurrence needs a round trip; ``companion`` whether someone must drive the
    patient home.
    """

    key: str
    kind: Literal["visit", "session", "fill", "drug"]
    covered: bool
    amount: np.ndarray
    first: np.ndarray
    programme: PricedProgramme | None = None
    benefit: str | None = None
    hours: np.ndarray | None = None
    travel: bool = False
    companion: bool = False


@dataclass(frozen=True)
class PricedStream:
    """One session stream: its schedule and its charge components (the price first, then add-ons)."""

    name: str
    label: str
    schedule: Schedule
    charges: tuple[PricedCharge, ...]
    phase_labels: dict[str, str]

    @property
    def full_per_session(self) -> np.ndarray:
        """Full price of one session after the first: the price plus every add-on."""
        return sum((c.amount for c in self.charges), np.zeros(1))

    @property
    def full_first_session(self) -> np.ndarray:
        return sum((c.first for c in self.charges), np.zeros(1))


@dataclass(frozen=True)
class PricedPlan:
    """A plan's charges as arrays over draws (shape ``(draws,)``).

    ``daily`` is the daily medicine (bought in fills), ``None`` when the plan
    has none; ``superbill_pct`` the share of uncovered visits and sessions an
    insured patient claims back. ``timing`` gives when relief may begin and,
    for plans timed in weeks from the start, the full effect
    (:attr:`onset_days`, :attr:`full_effect_days`); it runs on first use only,
    since a simulation of cost never asks, and drawing those quantities and
    finding their session days was a tenth of a 10,000-draw simulation.
    """

    plan_id: str
    label: str
    kind: str
    one_off: tuple[PricedCharge, ...]
    daily: PricedCharge | None
    streams: tuple[PricedStream, ...]
    superbill_pct: np.ndarray
    timing: Callable[[], tuple[DayRange, DayRange | None]] = field(repr=False, compare=False)

    @cached_property
    def _timing(self) -> tuple[DayRange, DayRange | None]:
        return self.timing()

    @property
    def onset_days(self) -> DayRange:
        """When relief may begin, in days from day 0 (:mod:`kcost.model.onset`)."""
        return self._timing[0]

    @property
    def full_effect_days(self) -> DayRange | None:
        """When the full effect is expected, for plans timed in weeks from the start; None otherwise."""
        return self._timing[1]

    @property
    def full_one_off(self) -> np.ndarray:
        return sum((c.amount for c in self.one_off), np.zeros(1))

    @property
    def full_daily(self) -> np.ndarray:
        """Full price of one day of the medicine (0 without one)."""
        return np.zeros(1) if self.daily is None else self.daily.amount

    def charges(self) -> list[PricedCharge]:
        """Every component, in ledger column order: one-offs, the medicine, then each stream's."""
        return [*self.one_off, *([self.daily] if self.daily else []), *(c for s in self.streams for c in s.charges)]


def price_plan(assumptions: Assumptions, plan_id: str, pick: Pick | None = None, with_time: bool = True) -> PricedPlan:
    """Resolve plan ``plan_id`` into charges and schedules, taking values with ``pick`` (default: base).

    ``with_time=False`` leaves out each charge's hours (``hours`` is None), for callers that only
    work out money and would otherwise draw hours they never read.
    """
    from .onset import onset_days_after_sessions  # onset depends on schedules built here

    pick = pick or pick_bound("base")
    plan = assumptions.plans[plan_id]
    root = ("plans", plan_id)
    billing = plan.billing

    def value(path: tuple[str, ...], q: Quantity) -> np.ndarray:
        return np.asarray(pick(path, q), float)

    def charge(key: str, amount: np.ndarray, first: np.ndarray | None = None) -> PricedCharge:
        terms: ChargeTerms = billing.charges[key]
        programme = None
        if terms.programme is not None:
            prog = assumptions.programmes[terms.programme]
            proot = ("programmes", terms.programme)
            programme = PricedProgramme(
                terms.programme,
                value((*proot, "copay"), prog.copay),
                value((*proot, "yearly_cap"), prog.yearly_cap),
                prog.commercial_only,
            )
        hours = None
        if with_time and terms.hours is not None:
            hours = value((*root, "billing", "charges", key, "hours"), terms.hours)
        return PricedCharge(
            key=key,
            kind=terms.kind,
            covered=billing.covered if terms.covered is None else terms.covered,
            amount=amount,
            first=amount if first is None else first,
            programme=programme,
            benefit=terms.benefit,
            hours=hours,
            travel=terms.travel,
            companion=terms.companion,
        )

    one_off = tuple(charge(f"one_off.{n}", value((*root, "one_off", n), q)) for n, q in plan.one_off.items())

    daily_cost = np.zeros(1)
    daily_keys = [f"daily.{n}" for n in plan.daily]
    for name, q in plan.daily.items():
        daily_cost = daily_cost + value((*root, "daily", name), q)
    if plan.drug is not None:
        drug = assumptions.drugs[plan.drug]
        daily_cost = daily_cost + value(("drugs", plan.drug, "daily_cost"), drug.daily_cost)
        daily_keys.append("drug")
    # Daily items and the drug are bought together in one fill, under the first one's terms.
    daily = charge(daily_keys[0], daily_cost) if daily_keys else None

    streams: list[PricedStream] = []
    for name, stream in plan.sessions.items():
        sroot = (*root, "sessions", name)
        price = value((*sroot, "price"), stream.price)
        first = price if stream.first_session_price is None else value(
            (*sroot, "first_session_price"), stream.first_session_price
        )
        charges = [charge(f"sessions.{name}.price", price, first)]
        for add_name, q in stream.add_ons.items():
            charges.append(charge(f"sessions.{name}.add_ons.{add_name}", value((*sroot, "add_ons", add_name), q)))
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
        streams.append(
            PricedStream(
                name=name,
                label=stream.label,
                schedule=schedule,
                charges=tuple(charges),
                phase_labels={
                    **{n: ph.label or n.replace("_", " ") for n, ph in stream.phases.items()},
                    stream.maintenance_label: stream.maintenance_label,
                },
            )
        )

    def timing() -> tuple[DayRange, DayRange | None]:
        onset = plan.onset
        if isinstance(onset, OnsetAfterSessions):
            stream = next(s for s in streams if s.name == onset.stream)
            return onset_days_after_sessions(
                stream.schedule,
                onset.sessions_needed,
                onset.hours_after_dose,
                lambda p, q: value((*root, "onset", *p), q),
            ), None
        weeks = lambda key, q: value((*root, "onset", key), q)  # noqa: E731
        return (
            _ordered_triple(onset.first_improvement_weeks, lambda q: 7.0 * weeks("first_improvement_weeks", q)),
            _ordered_triple(onset.full_effect_weeks, lambda q: 7.0 * weeks("full_effect_weeks", q)),
        )

    return PricedPlan(
        plan_id=plan_id,
        label=plan.label,
        kind=plan.kind,
        one_off=one_off,
        daily=daily,
        streams=tuple(streams),
        superbill_pct=_superbill(billing, one_off, daily, streams, lambda q: value((*root, "billing", "superbill_pct"), q)),
        timing=timing,
    )


def _superbill(
    billing: Billing,
    one_off: tuple[PricedCharge, ...],
    daily: PricedCharge | None,
    streams: list[PricedStream],
    take: Callable[[Quantity], np.ndarray],
) -> np.ndarray:
    """The share of uncovered visits and sessions claimed back, taken with ``take``; its base when the plan has none.

    A superbill refunds only charges the insurance does not cover (fills aside, which it never refunds), so for
    a plan whose every visit and session is covered the value changes nothing, and is not drawn.
    """
    charges = [*one_off, *([daily] if daily else []), *(c for s in streams for c in s.charges)]
    if all(c.covered or c.kind == "fill" for c in charges):
        return np.array([billing.superbill_pct.base])
    return take(billing.superbill_pct)


def take_draws(priced: PricedPlan, rows: np.ndarray | slice, one_value_when_constant: bool = False) -> PricedPlan:
    """The draws ``rows`` of a priced plan; arrays of shape (1,) are shared by every draw and kept.

    With ``one_value_when_constant``, an array whose draws all hold the same number (a quantity with
    no range) is kept as one value too, so each step on it is cheap; the caller then says how many
    draws there are, since the arrays no longer do.
    """
    def cut(a: np.ndarray | None) -> np.ndarray | None:
        if a is None or np.shape(a)[0] == 1:
            return a
        a = a[rows]
        if one_value_when_constant and a.size and a.dtype.kind == "f" and (a == a[0]).all():
            return a[:1]
        return a

    def cut_charge(c: PricedCharge) -> PricedCharge:
        programme = c.programme and dataclasses.replace(
            c.programme, copay=cut(c.programme.copay), yearly_cap=cut(c.programme.yearly_cap)
        )
        return dataclasses.replace(c, amount=cut(c.amount), first=cut(c.first), hours=cut(c.hours), programme=programme)

    streams = []
    for s in priced.streams:
        sched = s.schedule
        schedule = Schedule(
            start_day=cut(sched.start_day),
            phases=tuple(Phase(ph.name, cut(ph.count), cut(ph.per_week)) for ph in sched.phases),
            maintenance_weeks=cut(sched.maintenance_weeks),
            maintenance_name=sched.maintenance_name,
        )
        streams.append(dataclasses.replace(s, schedule=schedule, charges=tuple(cut_charge(c) for c in s.charges)))
    return dataclasses.replace(
        priced,
        one_off=tuple(cut_charge(c) for c in priced.one_off),
        daily=None if priced.daily is None else cut_charge(priced.daily),
        streams=tuple(streams),
        superbill_pct=cut(priced.superbill_pct),
    )


def _ordered_triple(q: Quantity, to_days: Callable[[Quantity], np.ndarray]):
    """(low, base, high) in days; the base follows ``pick``, low/high are the quantity's bounds."""
    low, _, high = q.bounds
    base = to_days(q)
    return (np.minimum(7.0 * low, base), base, np.maximum(7.0 * high, base))
