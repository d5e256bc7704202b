"""Uncertainty: draws of every ranged parameter, projected through the same engine.

Each ranged quantity (low < high) is drawn from the distribution its YAML
entry names, on its low / base / high:

* ``pert``: ``low + (high − low) · Beta(α, β)`` with ``α = 1 + 4(base − low)/(high − low)``
  and ``β = 1 + 4(high − base)/(high − low)`` — mean ``(low + 4·base + high)/6``;
* ``triangular``: the triangle with its peak at ``base``.

Each quantity gets its own random stream, seeded from the run's seed and the
quantity's path, so a quantity's draws do not change when other plans are
added to the run, and the same seed always gives the same numbers.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Iterable

import numpy as np

from .assumptions import Assumptions, MainInputs, Override, Quantity
from .assumptions.bounds import MAX_DRAWS, MAX_SEED
from .ledger import build_ledger, cumulative_by_week
from .outcome import cost_of_trying_from_charges, decision_days
from .payment import pay
from .projection import cumulative_matrix, prepare, scenario_of
from .priced_plan import Pick, PricedPlan, price_plan, take_draws
from .scenario import Scenario
from .weekly_pass import fits_one_walk, patient_weekly

__all__ = ["PlanSimulation", "Simulation", "sample_quantity", "sampling_pick", "simulate", "simulate_daily"]

DEFAULT_DRAWS = 2_000


def sample_quantity(q: Quantity, draws: int, rng: np.random.Generator | None) -> np.ndarray:
    """``draws`` values of ``q`` from its distribution; its base repeated when it has no range (``rng`` unused)."""
    low, base, high = q.bounds
    if high <= low:
        return np.full(draws, base)
    if rng is None:
        raise ValueError("a quantity with a range needs a random generator")
    if q.distribution == "triangular":
        return rng.triangular(low, base, high, draws)
    span = high - low
    alpha = 1.0 + 4.0 * (base - low) / span
    beta = 1.0 + 4.0 * (high - base) / span
    return low + span * rng.beta(alpha, beta, draws)


def sampling_pick(draws: int, seed: int) -> Pick:
    """A pick that draws every ranged quantity ``draws`` times, reproducibly for ``seed``."""
    cache: dict[tuple[str, ...], np.ndarray] = {}

    def pick(path: tuple[str, ...], q: Quantity) -> np.ndarray:
        if path[-1] == "maintenance_every_weeks" and q.base == 0:
            # 0 means "no maintenance": drawing around it would invent sessions nobody planned.
            return np.zeros(1)
        if path not in cache:
            low, _, high = q.bounds
            # A generator only for a ranged quantity: seeding one costs about 20 µs, and most quantities have no range.
            stream = zlib.crc32(".".join(path).encode("utf-8"))
            rng = np.random.default_rng([seed, stream]) if high > low else None
            cache[path] = sample_quantity(q, draws, rng)
        return cache[path]

    return pick


@dataclass(frozen=True)
class PlanSimulation:
    """One plan's cumulative cost under uncertainty, summarised per week.

    ``weekly`` has shape ``(draws, W + 1)``: cumulative cost through day 0 and
    through the last day of each week.
    """

    plan_id: str
    label: str
    weekly: np.ndarray
    response_rate: tuple[float, float, float] | None
    #: Expected cost per draw, ``p·if_it_helps + (1 − p)·trying`` with the response rate drawn too
    #: (see :mod:`kcost.model.outcome`); None without a response rate or decision point.
    expected: np.ndarray | None = None

    @property
    def totals(self) -> np.ndarray:
        return self.weekly[:, -1]

    def percentiles(self, qs: Iterable[float] = (10, 50, 90)) -> np.ndarray:
        """Percentiles over draws for each week, shape ``(len(qs), W + 1)``."""
        return np.percentile(self.weekly, list(qs), axis=0)

    def expected_percentiles(self, qs: Iterable[float] = (10, 50, 90)) -> np.ndarray | None:
        """Percentiles over draws of the expected cost at the horizon, or None (see :attr:`expected`)."""
        return None if self.expected is None else np.percentile(self.expected, list(qs))

    def cost_per_responder(self) -> tuple[float, float, float] | None:
        """Cost per person who responds: ``(M / r_high, M / r_base, M / r_low)``, or None.

        ``M`` is the median over draws of the total cost at the horizon
        (``np.median(self.totals)``), and ``r_low ≤ r_base ≤ r_high`` are the
        plan's response-rate bounds from the assumptions, as fractions
        (percent ÷ 100). So, with ``c = cost_per_responder()``::

            c[0] = M / r_high    # best response rate  → lowest cost per responder
            c[1] = M / r_base    # the rate the assumptions use
            c[2] = M / r_low     # worst response rate → highest cost per responder

        and ``c[0] ≤ c[1] ≤ c[2]`` always. The response rate is *not* drawn:
        the same median cost ``M`` sits in all three figures, so the spread
        ``c[0]–c[2]`` is the spread of the response rate alone, **not** a
        P10–P90 of cost (cost's own spread is in :meth:`percentiles`).

        Worked example: totals of 600, 900, 1,100 and 1,400 → ``M`` = 1,000.

        * rates 25 / 50 / 80 % → (1,000/0.80, 1,000/0.50, 1,000/0.25) = (1,250, 2,000, 4,000);
        * rates 40 / 40 / 80 % (base = low) → (1,250, 2,500, 2,500): ``c[1] == c[2]``;
        * rates 40 / 80 / 80 % (base = high) → (1,250, 1,250, 2,500): ``c[0] == c[1]``;
        * rate 50 % with no range → (2,000, 2,000, 2,000).

        When the base rate is one end of its range, the middle figure equals
        that end exactly: this is the inputs, not a fault (ketamine-iv's rate
        is 33 / 33 / 89 %, so its middle and top figures coincide).

        None when the plan has no response rate or any of its bounds is 0 %.
        Resting on thin, mostly depression-derived response rates: read it as
        an order of magnitude.
        """
        if self.response_rate is None:
            return None
        low_rate, base_rate, high_rate = self.response_rate
        if min(self.response_rate) <= 0:
            return None
        median = float(np.median(self.totals))
        return (median / (high_rate / 100), median / (base_rate / 100), median / (low_rate / 100))


@dataclass(frozen=True)
class Simulation:
    """A probabilistic projection of several plans over the same draws."""

    horizon_weeks: int
    draws: int
    seed: int
    plans: list[PlanSimulation]

    def plan(self, plan_id: str) -> PlanSimulation:
        return next(p for p in self.plans if p.plan_id == plan_id)

    def probability_cheaper(self, first: str, second: str, week: int | None = None) -> float:
        """Share of draws in which ``first`` has cost less than ``second`` by the end of ``week`` (default: horizon)."""
        column = self.horizon_weeks if week is None else int(week)
        if not 0 <= column <= self.horizon_weeks:
            raise ValueError(f"week must be from 0 to {self.horizon_weeks}")
        a = self.plan(first).weekly[:, column]
        b = self.plan(second).weekly[:, column]
        return float(np.mean(a < b))


def simulate(
    assumptions: Assumptions,
    scenario: Scenario | Iterable[str] | None = None,
    weeks: int = 52,
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
    inputs: MainInputs | None = None,
    overrides: Iterable[Override] = (),
    block: int = 2_000,
) -> Simulation:
    """Project the scenario's plans for ``draws`` draws of every ranged parameter; what the patient pays.

    ``scenario`` is a :class:`~kcost.model.scenario.Scenario` or, in the older
    form, the plan ids (with ``weeks``, ``inputs`` and ``overrides``). A plan
    whose charges are in day order (no fills, at most one stream) is paid in
    one walk over its session columns for all draws
    (:func:`kcost.model.weekly_pass.patient_weekly`; its ``weekly`` is then a
    Fortran-ordered array); any other goes, ``block`` draws at a time, through
    the charge ledger and the payment pass. Either way the patient's part is
    summed straight into weekly points: no draws × days array is built, and
    there is no loop per draw or per day.
    """
    if isinstance(draws, bool) or not 1 <= int(draws) <= MAX_DRAWS:
        raise ValueError(f"draws must be from 1 to {MAX_DRAWS:,}")
    if isinstance(seed, bool) or not 0 <= int(seed) <= MAX_SEED:
        raise ValueError(f"seed must be from 0 to {MAX_SEED:,}")
    scenario = scenario_of(scenario, weeks, inputs, overrides)
    assumptions, plan_ids = prepare(assumptions, scenario)

    n_weeks = scenario.weeks
    n_days = 7 * n_weeks
    insurance = scenario.insurance
    pick = sampling_pick(int(draws), int(seed))
    results = []
    for pid in plan_ids:
        priced = price_plan(assumptions, pid, pick, with_time=False)  # what the patient pays, not their time
        outcome = _outcome_draws(assumptions, pid, priced, pick, int(draws))
        expected = None if outcome is None else np.empty(int(draws))
        insured = pid in scenario.insured
        if fits_one_walk(priced):
            # Charges already in day order: one walk over all draws, no ledger (kcost.model.weekly_pass).
            weekly, trying = patient_weekly(priced, n_weeks, insured, insurance, None if outcome is None else outcome[0])
            if outcome is not None:
                p = outcome[1] / 100.0
                expected[:] = p * weekly[:, -1] + (1.0 - p) * trying
            blocks = range(0)
        else:
            weekly = np.empty((int(draws), n_weeks + 1))
            blocks = range(0, int(draws), block)
        for lo in blocks:
            hi = min(lo + block, int(draws))
            part = take_draws(priced, slice(lo, hi))
            ledger = build_ledger(part, n_days, insurance.fill_days)
            payments = pay(ledger, insured, insurance, part.superbill_pct)
            weekly[lo:hi] = cumulative_by_week(ledger, payments.patient, n_weeks)
            if outcome is not None:
                # Stopping after the decision point changes nothing before it: trying = what was paid by then.
                trying = cost_of_trying_from_charges(ledger.day, payments.patient, outcome[0][lo:hi], n_days)
                p = outcome[1][lo:hi] / 100.0
                expected[lo:hi] = p * weekly[lo:hi, -1] + (1.0 - p) * trying
        rate = assumptions.plans[pid].response_rate
        results.append(
            PlanSimulation(pid, assumptions.plans[pid].label, weekly, None if rate is None else rate.bounds, expected)
        )
    return Simulation(n_weeks, int(draws), int(seed), results)


def simulate_daily(
    assumptions: Assumptions, plans: Iterable[str], n_days: int, draws: int, seed: int = 0
) -> dict[str, np.ndarray]:
    """Full price through every day for every draw, one ``(draws, n_days)`` array per plan.

    The unblocked form of :func:`simulate`, for analysts who want every day of
    every draw (and for the benchmark): memory is one float64 array per plan.
    """
    pick = sampling_pick(int(draws), int(seed))
    return {pid: cumulative_matrix(price_plan(assumptions, pid, pick), int(n_days)) for pid in plans}


def _outcome_draws(
    assumptions: Assumptions, plan_id: str, priced: PricedPlan, pick: Pick, draws: int
) -> tuple[np.ndarray, np.ndarray] | None:
    """Each draw's decision day and response rate (%), or None if the plan lacks either."""
    plan = assumptions.plans[plan_id]
    days = decision_days(plan_id, plan, priced, pick)
    if days is None or plan.response_rate is None:
        return None
    rate = np.asarray(pick(("plans", plan_id, "response_rate"), plan.response_rate), float)
    return np.broadcast_to(days, (draws,)), np.broadcast_to(rate, (draws,))
