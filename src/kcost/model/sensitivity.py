"""One-way sensitivity: how far each uncertain number moves an outcome.

Each ranged parameter of the plan(s) is set to its low and then its high value
while every other parameter stays at its base, and the outcome is recomputed.
All swings are evaluated in one engine call: scenario ``2k`` holds parameter
``k`` at its low, scenario ``2k + 1`` at its high, as if they were draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from .assumptions import Assumptions, Quantity, iter_quantities
from .projection import MAX_WEEKS, cumulative_cost
from .priced_plan import PricedPlan, price_plan

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


#: Keys whose numbers describe outcomes or other prices, never what the projection charges.
_NOT_COST = {"response_rate", "placebo_response", "decision_point", "relief_lasts", "counter_price"}


def _relevant(assumptions: Assumptions, plan_ids: list[str]) -> list[tuple[tuple[str, ...], Quantity]]:
    drugs = {assumptions.plans[p].drug for p in plan_ids}
    out = []
    for path, q in iter_quantities(assumptions):
        mine = (path[0] == "plans" and path[1] in plan_ids) or (path[0] == "drugs" and path[1] in drugs)
        # Insurance terms cannot move a plan paid in cash; outcome figures do not enter cost.
        cash = path[0] == "plans" and path[2] == "payment" and assumptions.plans[path[1]].payment.mode == "cash"
        if mine and q.ranged and not cash and not set(path) & _NOT_COST:
            out.append((path, q))
    return out


def _outcome(priced: PricedPlan, weeks: int, outcome: str) -> np.ndarray:
    if outcome == "until-onset":
        onset = priced.onset_days[1]
        day = np.floor(np.where(np.isfinite(onset), onset, 0.0))
        # One day per scenario: evaluate the closed form at each scenario's own onset day.
        n = day.shape[0]
        values = cumulative_cost(priced, np.unique(day))
        index = np.searchsorted(np.unique(day), day)
        rows = np.arange(values.shape[0]) if values.shape[0] == n else np.zeros(n, int)
        return values[rows, index]
    return cumulative_cost(priced, np.array([7 * weeks - 1]))[:, 0]


def one_way(
    assumptions: Assumptions,
    plan_id: str,
    weeks: int = 52,
    outcome: Outcome = "total",
    against: str | None = None,
) -> tuple[float, list[Swing]]:
    """Base outcome and one swing per ranged parameter, largest effect first.

    Outcomes: ``total`` (what the patient pays over ``weeks``), ``until-onset``
    (what the patient pays until expected relief), ``difference`` (total of
    ``plan_id`` minus total of ``against``). Example: on IV ketamine with the
    price per infusion ranging $300–1,500 and 18 infusions in a year, the price
    bar spans 18 × $1,200 = $21,600.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}")
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(f"weeks must be from 1 to {MAX_WEEKS}")
    plan_ids = [plan_id] + ([against] if outcome == "difference" and against else [])
    if outcome == "difference" and not against:
        raise ValueError("the difference outcome needs a second plan (against)")
    for pid in plan_ids:
        if pid not in assumptions.plans:
            raise KeyError(f"unknown plan {pid!r}")
    params = _relevant(assumptions, plan_ids)
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
        first = _outcome(price_plan(assumptions, plan_id, chooser), weeks, outcome)
        if outcome == "difference":
            first = first - _outcome(price_plan(assumptions, against, chooser), weeks, "total")
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
