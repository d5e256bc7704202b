"""The charge ledger: every charge of a plan inside the horizon, in day order.

A :class:`Ledger` lists, for each draw, every charge the plan makes: its day,
its full amount, its kind (``visit``, ``session``, ``fill``, ``drug``),
whether insurance covers it and which copay programme (if any) helps with it.
Arrays have shape ``(draws, E)``; within each draw the columns are sorted by
day, so :mod:`kcost.model.payment` can apply a plan year's rules charge by
charge. Columns a draw does not use (a shorter induction, a session beyond
the horizon) hold an amount of 0 on the day of the charge before them.

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
    When the ledger needed no sort, ``kind``, ``covered``, ``programme`` and
    ``component`` are one value per column, broadcast over draws (see
    :attr:`by_column`).
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

    @property
    def by_column(self) -> bool:
        """True when each column holds one kind of charge (same terms) in every draw."""
        return self.kind.ndim == 2 and self.kind.shape[0] > 0 and self.kind.strides[0] == 0

    def total(self) -> np.ndarray:
        """Full price of every charge inside the horizon, per draw."""
        return self.amount.sum(axis=1)


def _fill_days(horizon_days: int, fill_days: int) -> np.ndarray:
    return np.arange(0, horizon_days, fill_days)


def build_ledger(priced: PricedPlan, horizon_days: int, fill_days: int = 30, with_time: bool = False) -> Ledger:
    """The ledger of ``priced`` over days 0..horizon_days−1 (see the module docstring for the rules).

    Built block by block (one-off charges, the fills, then each stream with its
    components interleaved session by session), vectorised over draws; there
    is no loop over days. When that order is already by day in every draw (one
    stream and no fills, the usual ketamine or esketamine plan), no sort is
    needed and each column holds one kind of charge in every draw, which
    :func:`kcost.model.payment.pay` turns into a faster pass.
    """
    draws = _draws(priced)
    programmes: list[PricedProgramme] = []
    blocks: list[tuple] = []

    def block(charge: PricedCharge, days: np.ndarray, valid: np.ndarray, amount: np.ndarray, index: int) -> tuple:
        days = np.broadcast_to(days, (draws, days.shape[-1]))
        valid = np.broadcast_to(valid, days.shape)
        amount = np.where(valid, np.broadcast_to(amount, days.shape), 0.0)
        prog = -1
        if charge.programme is not None:
            prog = next((i for i, p in enumerate(programmes) if p.programme_id == charge.programme.programme_id), None)
            if prog is None:
                programmes.append(charge.programme)
                prog = len(programmes) - 1
        width = days.shape[1]
        terms = [np.full(width, KINDS.index(charge.kind), np.int8), np.full(width, charge.covered),
                 np.full(width, prog, np.int8), np.full(width, index, np.int16)]
        time = []
        if with_time:
            per = np.zeros(1) if charge.hours is None else charge.hours
            time = [np.where(valid, np.broadcast_to(per[:, None], days.shape), 0.0), valid & charge.travel,
                    valid & charge.companion]
        return (days, valid, amount, *terms, *time)

    index = 0
    for charge in priced.one_off:
        blocks.append(block(charge, np.zeros((1, 1), np.intp), np.ones((1, 1), bool), charge.amount[:, None], index))
        index += 1
    if priced.daily is not None:
        fills = _fill_days(horizon_days, fill_days)[None, :]
        blocks.append(block(priced.daily, fills, np.ones_like(fills, bool), (priced.daily.amount * fill_days)[:, None], index))
        index += 1
    for stream in priced.streams:
        days, valid, first = session_days(stream.schedule, horizon_days)
        parts = []
        for charge in stream.charges:
            # One trip per session: the data marks travel on one component of the session only.
            parts.append(block(charge, days, valid, np.where(first, charge.first[:, None], charge.amount[:, None]), index))
            index += 1
        # Session by session: the components of a session sit side by side, so a one-stream plan is in day order.
        blocks.append(tuple(_interleave([p[k] for p in parts]) for k in range(len(parts[0]))))

    if not blocks:
        empty = np.zeros((draws, 0))
        return Ledger(priced.plan_id, horizon_days, empty.astype(np.int32), empty, empty.astype(np.int8),
                      empty.astype(bool), empty.astype(np.int8), (), *((empty,) * 3 if with_time else (None,) * 3),
                      np.zeros((draws, 0), np.int16) if with_time else None)
    joined = [np.concatenate([b[k] for b in blocks], axis=-1) for k in range(len(blocks[0]))]
    days, valid, amount, kind, covered, prog, component = joined[:7]
    # An unused column (a session a draw does not have) takes the day of the charge before it, so it never breaks
    # the day order; it carries nothing.
    before = np.maximum.accumulate(np.where(valid, days, -1), axis=1)
    day = np.where(valid, days, np.maximum(before, 0)).astype(np.int32)
    extra = joined[7:] if with_time else [None, None, None]
    if np.all(day[:, 1:] >= day[:, :-1]):
        column = lambda a: np.broadcast_to(a, day.shape)  # noqa: E731 - one value per column, shared by every draw
        return Ledger(priced.plan_id, horizon_days, day, amount, column(kind), column(covered), column(prog),
                      tuple(programmes), *extra, column(component) if with_time else None)
    # A stable sort keeps same-day charges in block order (one-offs, the fill, then each session's parts).
    order = np.argsort(day, axis=1, kind="stable")
    take = lambda a: np.take_along_axis(a, order, axis=1)  # noqa: E731
    return Ledger(
        plan_id=priced.plan_id,
        horizon_days=horizon_days,
        day=take(day),
        amount=take(amount),
        kind=kind[order],
        covered=covered[order],
        programme=prog[order],
        programmes=tuple(programmes),
        hours=None if extra[0] is None else take(extra[0]),
        trip=None if extra[1] is None else take(extra[1]),
        companion=None if extra[2] is None else take(extra[2]),
        component=component[order] if with_time else None,
    )


def _interleave(arrays: list[np.ndarray]) -> np.ndarray:
    """Columns of equal-width arrays taken in turn: a0[:, 0], a1[:, 0], …, a0[:, 1], a1[:, 1], …"""
    stacked = np.stack(arrays, axis=-1)
    return stacked.reshape(*stacked.shape[:-2], -1)


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
