"""The charge ledger: every charge of a plan inside the horizon, in day order.

A :class:`Ledger` lists, for each draw, every charge the plan makes: its day,
its full amount, its kind (``visit``, ``session``, ``fill``, ``drug``),
whether insurance covers it and which copay programme (if any) helps with it.
Arrays have shape ``(draws, E)``; within each draw the columns are sorted by
day, so :mod:`kcost.model.payment` can apply a plan year's rules charge by
charge. Columns a draw does not use (a shorter induction, a session beyond
the horizon) hold an amount of 0 on day ``horizon_days`` and sort last.

Where the charges come from:

* one-off charges on day 0;
* the daily medicine in **fills** of ``fill_days`` days on days 0,
  ``fill_days``, 2·``fill_days``, … inside the horizon, each costing
  ``daily cost × fill_days`` (so 52 weeks of 30-day fills are 13 fills, of
  90-day fills 5);
* each session of each stream on its day (:func:`kcost.model.schedule.session_days`),
  one charge per component (the price, or the first-session price for the
  very first session, then each add-on).

Example: IV ketamine with a $250 consultation and 6 infusions at $550, 2 a
week, over 3 weeks: charges (0, 250, visit), (0, 550, session), (3, 550),
(7, 550), (10, 550), (14, 550), (17, 550).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .priced_plan import PricedCharge, PricedPlan, PricedProgramme
from .schedule import session_days

__all__ = ["KINDS", "Ledger", "build_ledger", "cumulative_by_day", "cumulative_by_week"]

#: Charge kinds, by their code in :attr:`Ledger.kind`.
KINDS: tuple[str, ...] = ("visit", "session", "fill", "drug")


@dataclass(frozen=True)
class Ledger:
    """A plan's charges, shape ``(draws, E)`` each, sorted by day within each draw.

    ``programme`` holds an index into ``programmes`` (−1: none); ``hours``,
    ``trip`` and ``companion`` carry the patient's time per charge, and
    ``component`` the index of the charge's component in
    :meth:`PricedPlan.charges` (built only when asked for, ``with_time``).
    """

    plan_id: str
    horizon_days: int
    day: np.ndarray
    amount: np.ndarray
    kind: np.ndarray
    covered: np.ndarray
    programme: np.ndarray
    programmes: tuple[PricedProgramme, ...]
    hours: np.ndarray | None = None
    trip: np.ndarray | None = None
    companion: np.ndarray | None = None
    component: np.ndarray | None = None

    @property
    def draws(self) -> int:
        return self.day.shape[0]

    def total(self) -> np.ndarray:
        """Full price of every charge inside the horizon, per draw."""
        return self.amount.sum(axis=1)


def _fill_days(horizon_days: int, fill_days: int) -> np.ndarray:
    return np.arange(0, horizon_days, fill_days)


def build_ledger(priced: PricedPlan, horizon_days: int, fill_days: int = 30, with_time: bool = False) -> Ledger:
    """The ledger of ``priced`` over days 0..horizon_days−1 (see the module docstring for the rules).

    Built column block by column block (one block per component), vectorised
    over draws; there is no loop over days.
    """
    draws = _draws(priced)
    programmes: list[PricedProgramme] = []
    blocks: list[tuple] = []

    def add(charge: PricedCharge, days: np.ndarray, valid: np.ndarray, amount: np.ndarray) -> None:
        days = np.broadcast_to(days, (draws, days.shape[-1]))
        valid = np.broadcast_to(valid, days.shape)
        amount = np.where(valid, np.broadcast_to(amount, days.shape), 0.0)
        prog = -1
        if charge.programme is not None:
            prog = next((i for i, p in enumerate(programmes) if p.programme_id == charge.programme.programme_id), None)
            if prog is None:
                programmes.append(charge.programme)
                prog = len(programmes) - 1
        hours = trip = companion = None
        if with_time:
            per = np.zeros(1) if charge.hours is None else charge.hours
            hours = np.where(valid, np.broadcast_to(per[:, None], days.shape), 0.0)
            trip = valid & charge.travel
            companion = valid & charge.companion
        blocks.append((np.where(valid, days, horizon_days), amount, KINDS.index(charge.kind), charge.covered, prog,
                       hours, trip, companion))

    for charge in priced.one_off:
        add(charge, np.zeros((1, 1), np.intp), np.ones((1, 1), bool), charge.amount[:, None])
    if priced.daily is not None:
        fills = _fill_days(horizon_days, fill_days)[None, :]
        add(priced.daily, fills, np.ones_like(fills, bool), (priced.daily.amount * fill_days)[:, None])
    for stream in priced.streams:
        days, valid, first = session_days(stream.schedule, horizon_days)
        for charge in stream.charges:
            # One trip per session: the data marks travel on one component of the session only.
            add(charge, days, valid, np.where(first, charge.first[:, None], charge.amount[:, None]))

    if not blocks:
        empty = np.zeros((draws, 0))
        return Ledger(priced.plan_id, horizon_days, empty.astype(np.int32), empty, empty.astype(np.int8),
                      empty.astype(bool), empty.astype(np.int8), (), *((empty,) * 4 if with_time else (None,) * 4))
    widths = [b[0].shape[1] for b in blocks]
    day = np.concatenate([b[0] for b in blocks], axis=1).astype(np.int32)
    amount = np.concatenate([b[1] for b in blocks], axis=1)
    kind = np.repeat(np.array([b[2] for b in blocks], np.int8), widths)
    covered = np.repeat(np.array([b[3] for b in blocks], bool), widths)
    prog = np.repeat(np.array([b[4] for b in blocks], np.int8), widths)
    # A stable sort keeps same-day charges in component order (one-offs, the fill, then each session's parts).
    order = np.argsort(day, axis=1, kind="stable")
    take = lambda a: np.take_along_axis(a, order, axis=1)  # noqa: E731
    extra = (None, None, None, None)
    if with_time:
        extra = tuple(take(np.concatenate([b[k] for b in blocks], axis=1)) for k in (5, 6, 7))
        extra += (np.repeat(np.arange(len(blocks), dtype=np.int16), widths)[order],)
    return Ledger(
        plan_id=priced.plan_id,
        horizon_days=horizon_days,
        day=take(day),
        amount=take(amount),
        kind=kind[order],
        covered=covered[order],
        programme=prog[order],
        programmes=tuple(programmes),
        hours=extra[0],
        trip=extra[1],
        companion=extra[2],
        component=extra[3],
    )


def _draws(priced: PricedPlan) -> int:
    """Number of draws: arrays of shape ``(1,)`` are shared by every draw."""
    sizes = [priced.superbill_pct.shape[0]] + [s.schedule.draws for s in priced.streams]
    for c in priced.charges():
        sizes += [c.amount.shape[0], c.first.shape[0]] + ([] if c.hours is None else [c.hours.shape[0]])
    return max(sizes)


def cumulative_by_day(ledger: Ledger, values: np.ndarray, n_days: int) -> np.ndarray:
    """Running total of ``values`` (one per ledger charge) through each day 0..n_days−1, shape ``(draws, n_days)``.

    One ``bincount`` of the charges into a draws × days grid, then one cumulative sum.
    """
    draws = ledger.draws
    day = np.minimum(ledger.day, n_days)  # charges beyond the grid land in a spare column, dropped below
    index = (np.arange(draws)[:, None] * (n_days + 1) + day).ravel()
    grid = np.bincount(index, np.asarray(values, float).ravel(), minlength=draws * (n_days + 1))
    grid = grid.reshape(draws, n_days + 1)[:, :n_days]
    return np.cumsum(grid, axis=1, out=grid)


def cumulative_by_week(ledger: Ledger, values: np.ndarray, weeks: int) -> np.ndarray:
    """Running total through day 0 and through the last day of each week 1..W, shape ``(draws, W + 1)``.

    Charge on day d counts from point ``0`` if d = 0, else from point ``⌈(d + 1) ÷ 7⌉``
    (week k ends on day 7k − 1). No draws × days array is built.
    """
    draws = ledger.draws
    point = np.where(ledger.day == 0, 0, (ledger.day + 7) // 7)
    point = np.minimum(point, weeks + 1)  # beyond the horizon: a spare column, dropped below
    index = (np.arange(draws)[:, None] * (weeks + 2) + point).ravel()
    grid = np.bincount(index, np.asarray(values, float).ravel(), minlength=draws * (weeks + 2))
    grid = grid.reshape(draws, weeks + 2)[:, : weeks + 1]
    return np.cumsum(grid, axis=1, out=grid)
