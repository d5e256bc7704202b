"""One-way sensitivity: how far each uncertain number moves an outcome.

Each ranged parameter of the plan(s) is set to its low and then its high value
while every other parameter stays at its base, and the outcome is recomputed.
All swings are evaluated in one engine call: scenario ``2k`` holds parameter
``k`` at its low, scenario ``2k + 1`` at its high, as if they were draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import dataclasses

import numpy as np

from .assumptions import Assumptions, Quantity, iter_quantities
from .ledger import build_ledger
from .payment import pay
from .projection import prepare
from .priced_plan import PricedPlan, price_plan
from .scenario import MAX_WEEKS, Scenario

__all__ = ["OUTCOMES", "Swing", "one_way"]

Outcome = Literal["total", "until-onset", "difference"]
OUTCOMES: tuple[str, ...] = ("total", "until-onset", "difference")


@dataclass(frozen=True)
class Swing:
    """The outcome with one parameter at its low and at its high value."""

    path: str
    low_value: float
    high_value: float
    outcome_at_low: float
    outcome_at_high: float
    base_outcome: float

    @property
    def width(self) -> float:
        return abs(self.outcome_at_high - self.outcome_at_low)


#: Keys whose numbers describe outcomes, time or other prices, never what the projection charges.
_NOT_COST = {"response_rate", "placebo_response", "decision_point", "relief_lasts", "counter_price", "hours"}


def _relevant(assumptions: Assumptions, plan_ids: list[str], insured: frozenset[str]) -> list[tuple[tuple[str, ...], Quantity]]:
    drugs = {assumptions.plans[p].drug for p in plan_ids}
    programmes = {
        terms.programme
        for p in plan_ids
        if p in insured
        for terms in assumptions.plans[p].billing.charges.values()
        if terms.programme is not None
    }
    out = []
    for path, q in iter_quantities(assumptions):
        mine = (
            (path[0] == "plans" and path[1] in plan_ids)
            or (path[0] == "drugs" and path[1] in drugs)
            or (path[0] == "programmes" and path[1] in programmes)
        )
        # Billing terms cannot move a plan paid in cash; outcome and time figures do not enter cost.
        billing = path[0] == "plans" and path[2] == "billing"
        cash = billing and path[1] not in insured
        if mine and q.ranged and not cash and not set(path) & _NOT_COST:
            out.append((path, q))
    return out


def _outcome(priced: PricedPlan, scenario: Scenario, outcome: str) -> np.ndarray:
    """What the patient pays over the horizon, or until each draw's expected onset."""
    horizon = 7 * scenario.weeks
    through = np.full(1, horizon - 1.0)
    extent = horizon
    if outcome == "until-onset":
        onset = priced.onset_days[1]
        through = np.floor(np.where(np.isfinite(onset), onset, 0.0))
        extent = int(min(max(horizon, int(through.max()) + 1), 7 * MAX_WEEKS))
    ledger = build_ledger(priced, extent, scenario.insurance.fill_days)
    payments = pay(ledger, priced.plan_id in scenario.insured, scenario.insurance, priced.superbill_pct)
    return np.where(ledger.day <= through[:, None], payments.patient, 0.0).sum(axis=1)


def one_way(
    assumptions: Assumptions,
    plan_id: str,
    weeks: int = 52,
    outcome: Outcome = "total",
    against: str | None = None,
    scenario: Scenario | None = None,
) -> tuple[float, list[Swing]]:
    """Base outcome and one swing per ranged parameter, largest effect first.

    ``scenario`` brings main inputs, overrides, the insured plans and the
    insurance (its own ``weeks`` then sets the horizon and ``weeks`` is not
    used); without one, every plan is paid in cash over ``weeks``.

    Outcomes: ``total`` (what the patient pays over ``weeks``), ``until-onset``
    (what the patient pays until expected relief), ``difference`` (total of
    ``plan_id`` minus total of ``against``). Example: on IV ketamine with the
    price per infusion ranging $300–1,500 and 18 infusions in a year, the price
    bar spans 18 × $1,200 = $21,600.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}")
    plan_ids = [plan_id] + ([against] if outcome == "difference" and against else [])
    if outcome == "difference" and not against:
        raise ValueError("the difference outcome needs a second plan (against)")
    scenario = Scenario(weeks=weeks) if scenario is None else scenario
    assumptions, plan_ids = prepare(assumptions, dataclasses.replace(scenario, plans=tuple(plan_ids)))
    params = _relevant(assumptions, plan_ids, scenario.insured)
    k = len(params)
    scenarios = max(2 * k, 1)
    index = {path: i for i, (path, _) in enumerate(params)}

    def pick(path: tuple[str, ...], q: Quantity) -> np.ndarray:
        low, base, high = q.bounds
        values = np.full(scenarios, base)
        i = index.get(path)
        if i is not None:
            values[2 * i] = low
            values[2 * i + 1] = high
        return values

    def base_pick(path: tuple[str, ...], q: Quantity) -> np.ndarray:
        return np.array([q.bounds[1]])

    def evaluate(chooser) -> np.ndarray:
        first = _outcome(price_plan(assumptions, plan_id, chooser), scenario, outcome)
        if outcome == "difference":
            first = first - _outcome(price_plan(assumptions, against, chooser), scenario, "total")
        return first

    base = float(evaluate(base_pick)[0])
    if k == 0:
        return base, []
    values = np.broadcast_to(evaluate(pick), (scenarios,))
    swings = [
        Swing(
            path=".".join(path),
            low_value=q.bounds[0],
            high_value=q.bounds[2],
            outcome_at_low=float(values[2 * i]),
            outcome_at_high=float(values[2 * i + 1]),
            base_outcome=base,
        )
        for i, (path, q) in enumerate(params)
    ]
    swings = [s for s in swings if s.width > 0] + [s for s in swings if s.width == 0]
    return base, sorted(swings, key=lambda s: -s.width)
