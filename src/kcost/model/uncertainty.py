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

import dataclasses
import zlib
from dataclasses import dataclass
from typing import Iterable

import numpy as np

from .assumptions import Assumptions, MainInputs, Override, Quantity
from .assumptions.bounds import MAX_DRAWS, MAX_SEED
from .projection import cumulative_matrix, prepare
from .priced_plan import Pick, PricedPlan, price_plan
from .schedule import Phase, Schedule

__all__ = ["PlanSimulation", "Simulation", "sample_quantity", "sampling_pick", "simulate", "simulate_daily"]

DEFAULT_DRAWS = 2_000


def sample_quantity(q: Quantity, draws: int, rng: np.random.Generator) -> np.ndarray:
    """``draws`` values of ``q`` from its distribution; its base repeated when it has no range."""
    low, base, high = q.bounds
    if high <= low:
        return np.full(draws, base)
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
            stream = zlib.crc32(".".join(path).encode("utf-8"))
            cache[path] = sample_quantity(q, draws, np.random.default_rng([seed, stream]))
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

    @property
    def totals(self) -> np.ndarray:
        return self.weekly[:, -1]

    def percentiles(self, qs: Iterable[float] = (10, 50, 90)) -> np.ndarray:
        """Percentiles over draws for each week, shape ``(len(qs), W + 1)``."""
        return np.percentile(self.weekly, list(qs), axis=0)

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
    plans: Iterable[str] | None = None,
    weeks: int = 52,
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
    inputs: MainInputs | None = None,
    overrides: Iterable[Override] = (),
    block: int = 2_000,
) -> Simulation:
    """Project ``plans`` over ``weeks`` for ``draws`` draws of every ranged parameter.

    Work is vectorised over draws × days (``cumulative_matrix``), done in blocks
    of ``block`` draws to bound memory; there is no loop per draw or per day.
    """
    if not 1 <= int(draws) <= MAX_DRAWS:
        raise ValueError(f"draws must be from 1 to {MAX_DRAWS:,}")
    if isinstance(seed, bool) or not 0 <= int(seed) <= MAX_SEED:
        raise ValueError(f"seed must be from 0 to {MAX_SEED:,}")
    assumptions, plan_ids = prepare(assumptions, plans, weeks, inputs, overrides)

    n_days = 7 * int(weeks)
    week_ends = np.concatenate([[0], np.arange(6, n_days, 7)])
    pick = sampling_pick(int(draws), int(seed))
    results = []
    for pid in plan_ids:
        priced = price_plan(assumptions, pid, pick)
        weekly = np.empty((int(draws), len(week_ends)))
        for lo in range(0, int(draws), block):
            hi = min(lo + block, int(draws))
            weekly[lo:hi] = cumulative_matrix(_slice(priced, lo, hi), n_days)[:, week_ends]
        rate = assumptions.plans[pid].response_rate
        results.append(PlanSimulation(pid, assumptions.plans[pid].label, weekly, None if rate is None else rate.bounds))
    return Simulation(int(weeks), int(draws), int(seed), results)


def simulate_daily(
    assumptions: Assumptions, plans: Iterable[str], n_days: int, draws: int, seed: int = 0
) -> dict[str, np.ndarray]:
    """Cumulative cost through every day for every draw, one ``(draws, n_days)`` array per plan.

    The unblocked form of :func:`simulate`, for analysts who want every day of
    every draw (and for the benchmark): memory is one float64 array per plan.
    """
    pick = sampling_pick(int(draws), int(seed))
    return {pid: cumulative_matrix(price_plan(assumptions, pid, pick), int(n_days)) for pid in plans}


def _slice(priced: PricedPlan, lo: int, hi: int) -> PricedPlan:
    """The draws lo..hi−1 of a priced plan (arrays of shape (1,) are shared and kept)."""
    def cut(a: np.ndarray) -> np.ndarray:
        return a if a.shape[0] == 1 else a[lo:hi]

    streams = []
    for s in priced.streams:
        sched = s.schedule
        schedule = Schedule(
            start_day=cut(sched.start_day),
            phases=tuple(Phase(p.name, cut(p.count), cut(p.per_week)) for p in sched.phases),
            maintenance_weeks=cut(sched.maintenance_weeks),
            maintenance_name=sched.maintenance_name,
        )
        streams.append(
            dataclasses.replace(
                s,
                schedule=schedule,
                full_per_session=cut(s.full_per_session),
                full_first_session=cut(s.full_first_session),
                patient_per_session=cut(s.patient_per_session),
                patient_first_session=cut(s.patient_first_session),
            )
        )
    return dataclasses.replace(
        priced,
        full_one_off=cut(priced.full_one_off),
        patient_one_off=cut(priced.patient_one_off),
        full_daily=cut(priced.full_daily),
        patient_daily=cut(priced.patient_daily),
        streams=tuple(streams),
    )
