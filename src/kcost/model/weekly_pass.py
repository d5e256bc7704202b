"""What the patient pays through each week, straight from a plan's schedule: the payment pass and the weekly points in one walk.

:func:`kcost.model.uncertainty.simulate` needs, for every draw, only the
patient's running total at the end of each week (and on the decision day).
The general route builds the whole charge ledger
(:func:`kcost.model.ledger.build_ledger`), splits every charge
(:func:`kcost.model.payment.pay`) and bins the patient's part by week
(:func:`kcost.model.ledger.cumulative_by_week`): several draws × charges
arrays. For a plan whose charges are in day order column by column — one-off
charges on day 0, then at most one stream of sessions, and no medicine bought
in fills — this module walks the same columns once, with the same rules and
the same arithmetic as :mod:`kcost.model.payment` (its docstring states them),
and keeps only what the patient has paid so far:

* column ``s`` is the ``s``-th candidate session of every draw
  (:func:`kcost.model.schedule.session_columns`), one contiguous row of draws;
  each of its components is paid in turn, exactly as the ledger would list it;
* after each session the running total ``T`` is written to the week point of
  the session's day, ``p = ⌊(d + 7) ÷ 7⌋`` (week k ends on day 7k − 1); a week
  with no session keeps the point before it, so the weekly series is the
  running maximum over points (``T`` never falls: every part the patient
  pays is ≥ 0). The point for day 0 and the decision day are read as the
  walk passes them.

Worked example (the payment module's): $1,000 infusions on days 0, 3, 7, 10,
$1,500 deductible, 20 % coinsurance: totals 1,000, 1,600, 1,800, 2,000 after
each; week points: day 0 → 1,000; week 1 (days 0–6) → 1,600; week 2 → 2,000.

Work saved: no draws × charges array at all; a charge is skipped while
every draw of the block has met its out-of-pocket maximum (it costs them
nothing until the plan year renews), and the deductible step is skipped once
every draw has met the deductible. The last block of columns (boosters,
usually most of the work) goes one plan year at a time: plan years renew on
the same days for every draw, so inside a year nobody renews and nothing is
checked for it, the deductible step stops as soon as every draw in the
year has met it, and a draw drops out of the year once its sessions in it are over
or, when every part is covered, once it has met the out-of-pocket maximum.
These shortcuts give the same floats as the full step (they only drop
additions of 0 and steps that cannot change a share), so a draw's figures do
not depend on the other draws.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace

import numpy as np

from .payment import DAYS_PER_PLAN_YEAR, copay_terms, programme_may_pay
from .priced_plan import PricedCharge, PricedPlan, take_draws
from .scenario import Insurance
from .schedule import MaintenanceColumns, PhaseColumns, first_column_on_or_after, session_blocks

__all__ = ["fits_one_walk", "patient_weekly"]


def fits_one_walk(priced: PricedPlan) -> bool:
    """True when the plan's ledger columns are in day order for every draw: no fills and at most one stream."""
    return priced.daily is None and len(priced.streams) <= 1


@dataclass
class _Part:
    """One charge component as the walk pays it.

    ``net`` (``first_net`` for a stream's first session) is the full amount of
    a covered charge, which :meth:`_State.pay` splits, or what an uncovered one
    costs the patient: the amount less any superbill refund.
    """

    net: np.ndarray
    first_net: np.ndarray
    covered: bool
    skips: bool = False
    has_copay: bool = False
    copay: float = 0.0
    programme: str | None = None  # id of a programme that may pay this charge
    plain: bool = False  # see _merge

    def rows(self, keep: np.ndarray) -> _Part:
        """The same part for the draws ``keep`` only (amounts shared by every draw stay as they are)."""
        net = self.net if self.net.shape[0] == 1 else self.net[keep]
        first_net = self.first_net if self.first_net.shape[0] == 1 else self.first_net[keep]
        return replace(self, net=net, first_net=first_net)


def patient_weekly(
    priced: PricedPlan,
    weeks: int,
    insured: bool,
    insurance: Insurance | None = None,
    decision_days: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Patient's running total through day 0 and each week 1..W, shape ``(draws, W + 1)``, and through the decision day.

    Same figures as ``cumulative_by_week(ledger, pay(ledger, …).patient, W)``
    and ``cost_of_trying_from_charges`` (up to the order of additions); only
    for plans where :func:`fits_one_walk` holds. ``decision_days`` (per draw;
    ``inf`` for never) are clipped to the horizon as in
    :func:`kcost.model.outcome.cost_of_trying_from_charges`.

    All draws go at once: the walk holds a few rows of draws and the result
    itself, never a draws × charges array, so there is nothing to gain from
    blocks. The weekly array is filled week by week (one contiguous row of
    draws per week) and returned as its transpose, a Fortran-ordered
    ``(draws, W + 1)`` view: the same numbers without a copy.
    """
    if not fits_one_walk(priced):
        raise ValueError(f"{priced.plan_id}: fills or several streams need the ledger (build_ledger + pay)")
    insurance = insurance or Insurance()
    horizon = 7 * int(weeks)
    draws = _draws(priced)
    limit = None
    if decision_days is not None:
        day = np.broadcast_to(np.asarray(decision_days, float), (draws,))
        limit = np.where(np.isfinite(day), np.clip(day, 0, horizon - 1), horizon - 1)
    shared = take_draws(priced, slice(None), one_value_when_constant=True)
    points, trying = _walk(shared, draws, horizon, int(weeks), insured, insurance, limit)
    return points.T, trying


def _walk(
    priced: PricedPlan, n: int, horizon: int, weeks: int, insured: bool, insurance: Insurance, limit: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray | None]:
    """One block of ``n`` draws: week points ``(W + 1, n)`` and the total through ``limit`` (the module docstring's walk)."""
    superbill = np.asarray(priced.superbill_pct if insurance.superbill_pct is None else insurance.superbill_pct, float)
    programmes: dict = {}
    once = [_part(c, insured, insurance, superbill, programmes) for c in priced.one_off]
    stream = priced.streams[0] if priced.streams else None
    each = [] if stream is None else [_part(c, insured, insurance, superbill, programmes) for c in stream.charges]
    each = _merge(each)
    state = _State(insurance, n, programmes, horizon) if any(p.covered for p in once + each) else None

    total = np.zeros(n)  # what the patient has paid so far
    last = np.zeros(n, np.intp)  # day of each draw's latest charge (0 before the first)
    for part in once:  # one-off charges: day 0, every draw, the full amount (never a first-session price)
        if part.covered:
            state.renew_if_due(last)
            state.pay(part, part.net, total)
        else:
            total += part.net
    points = np.zeros((weeks + 2, n))  # the last row takes the points of draws with no session left
    points[1] = total
    through_day0 = total.copy()
    through_limit = None if limit is None else total.copy()
    if stream is not None:
        _walk_sessions(stream, each, state, horizon, total, last, points, through_day0, through_limit, limit)
    points[0] = through_day0
    # A week with no session keeps the total of the point before it; totals never fall, so a running maximum
    # (row by row: a few times faster than maximum.accumulate along axis 0).
    for w in range(1, weeks + 1):
        np.maximum(points[w - 1], points[w], out=points[w])
    return points[: weeks + 1], through_limit


#: In a plan year of the last block, the walk drops the draws done with the year (or at their maximum) once the
#: others are at most this share of the rows: gathering the rest costs about one column, and a column on half the
#: rows saves half a column.
_SHRINK_AT = 0.75
#: Columns laid out at once (days, validity, where each lands): a few calls per chunk instead of per column.
_CHUNK = 8


@dataclass
class _Rows:
    """The draws a stretch of the walk works on, and what the walk keeps for each.

    ``positions`` are the draws' places in the full arrays (``points``
    columns, the totals through day 0 and the decision day); ``limit`` is
    their decision day, or None when nobody asked for it.
    """

    positions: np.ndarray
    total: np.ndarray  # what the patient has paid so far
    seen: np.ndarray  # has had a session of the stream (the next one is not the first)
    parts: list[_Part]
    state: _State | None
    limit: np.ndarray | None

    def take(self, keep: np.ndarray) -> _Rows:
        """The draws ``keep`` (positions in these rows), with copies of their figures."""
        return _Rows(
            self.positions[keep], self.total[keep], self.seen[keep], [p.rows(keep) for p in self.parts],
            None if self.state is None else self.state.take(keep), None if self.limit is None else self.limit[keep],
        )

    def put(self, walked: _Rows, keep: np.ndarray) -> None:
        """Write back what the subset ``walked`` (taken with ``keep``) paid and used up."""
        self.total[keep] = walked.total
        self.seen[keep] = walked.seen
        if self.state is not None:
            self.state.put(walked.state, keep)


class _Walk:
    """The columns of one stream, in order (see the module docstring), for any subset of the draws.

    Writes each draw's running total to the week point of its latest
    session (``points`` has a spare row W + 1 for a draw with no session
    left, read as day H) and to the totals through day 0 and the decision day.
    """

    def __init__(self, points, horizon, through_day0, through_limit, limit, covered) -> None:
        n = points.shape[1]
        self.flat = points.reshape(-1)
        # Where a charge on day d lands in `points`: row ⌊(d + 7) ÷ 7⌋ (week k ends on day 7k − 1), times the row
        # length; day H lands in the spare row.
        self.row_start = (np.arange(horizon + 1) + 7) // 7 * n
        self.through_day0, self.through_limit = through_day0, through_limit
        # Read day 0 and the decision day until every draw is past them.
        self.watch = 0.0 if limit is None else float(limit.max())
        self.covered = covered
        self.horizon = horizon
        self.renews = True  # False inside a plan year, where nobody renews
        self.all_seen = False
        self.columns = 0  # walked so far, for the occasional check of what every draw has met

    def column(
        self, r: _Rows, last: np.ndarray, valid: np.ndarray, every: bool, at: np.ndarray | None, everyone: bool = True
    ) -> None:
        """Pay one column's session (where ``valid``) for the draws ``r``, whose latest days are now ``last``.

        ``everyone`` is False when ``r`` leaves out draws that may still have sessions.
        """
        state = r.state
        if self.covered and self.renews:
            state.renew_if_due(last)
        first = None
        if not self.all_seen:
            first = valid & ~r.seen
            r.seen |= valid
            if everyone:  # a subset that has all had a session says nothing of the draws left out
                self.all_seen = bool(r.seen.all())
        for part in r.parts:
            if first is not None:
                a = np.where(first, part.first_net, np.where(valid, part.net, 0.0))
            else:
                a = part.net if every else part.net * valid  # × False = 0 exactly (amounts are finite)
            if part.covered:
                state.pay(part, a, r.total)
            else:
                r.total += a
        self.columns += 1
        if self.covered and self.columns % 8 == 0:
            state.check_done()
        if at is None:
            at = self.row_start.take(last)
            at += r.positions
        self.flat[at] = r.total
        if self.watch >= 0.0:
            if last.min() > self.watch:
                if everyone:  # a subset past the day says nothing of the draws left out
                    self.watch = -1.0
            else:
                _watch(self.through_day0, r.total, last <= 0, r.positions)
                if self.through_limit is not None:
                    _watch(self.through_limit, r.total, last <= r.limit, r.positions)


def _walk_sessions(stream, parts, state, horizon, total, last, points, through_day0, through_limit, limit) -> None:
    """The session columns of one stream, in order (see the module docstring); updates the arrays passed in place.

    Blocks before the last: a draw may skip a column and come back (a
    phase with fewer sessions), so its latest day moves only where it has a
    session. The last block: a draw without a session in a column has none
    later (:attr:`~kcost.model.schedule.PhaseColumns.ends_sessions`), so it
    is walked one plan year at a time (:func:`_walk_plan_years`), leaving
    out the draws for which nothing changes. On benchmarks/payment_speed.py
    (boosters every 2 to 6 weeks over 5 years) this takes 356 steps instead
    of 492 for the same 2.3 million draw-sessions.
    """
    walk = _Walk(points, horizon, through_day0, through_limit, limit, state is not None and any(p.covered for p in parts))
    r = _Rows(np.arange(total.shape[0]), total, np.zeros(total.shape[0], bool), parts, state, limit)
    blocks = session_blocks(stream.schedule, horizon)
    may_skip_capped = walk.covered and all(p.covered for p in parts)
    for b, block in enumerate(blocks):
        if b < len(blocks) - 1 or not block.ends_sessions:
            for i in range(0, block.width, _CHUNK):
                days, valid_at = block.columns(i, min(i + _CHUNK, block.width))
                # Days are whole numbers held as floats: the integer copy is exact (a day that is never, only where
                # the column is not valid, becomes day H first).
                day_at = np.minimum(days, horizon).astype(np.intp)
                for j, every in enumerate(valid_at.all(axis=1).tolist()):
                    np.copyto(last, day_at[j], where=True if every else valid_at[j])
                    walk.column(r, last, valid_at[j], every, None)
            continue
        _walk_plan_years(walk, r, block, may_skip_capped)


def _walk_plan_years(walk: _Walk, r: _Rows, block: PhaseColumns | MaintenanceColumns, may_skip_capped: bool) -> None:
    """The last block of columns, one plan year at a time (see :func:`_walk_sessions`).

    Every draw's plan year renews on the same days, so no draw renews inside
    a year: the year starts afresh once for the draws with a session in it,
    and its columns need no renewal check. Draw i's sessions in the year are
    its columns from the first on or after the year's first day up to the
    first on or after the next year's (:func:`first_column_on_or_after`).
    Draws with no session left drop out for good.
    """
    starts = [-np.inf] if r.state is None else [-np.inf, *r.state.renewal_days()]
    k = np.zeros(r.total.shape[0])  # each draw's next column
    for year_starts, year_ends in zip(starts, starts[1:] + [np.inf]):
        day, valid = (a[0] for a in np.broadcast_arrays(*block.columns_at(k[None, :])))
        valid = valid & (k < block.width)
        if not valid.all():  # a draw without a session in a column has none later
            keep = np.flatnonzero(valid)
            if keep.size == 0:
                return
            r, block, k, day = r.take(keep), block.rows(keep), k[keep], day[keep]
        if walk.watch >= 0.0 and year_starts > walk.watch:
            walk.watch = -1.0  # day 0 and the decision day are behind every draw
        members = np.flatnonzero(day < year_ends)
        if members.size:
            everyone = members.size == r.total.shape[0]
            year = r if everyone else r.take(members)
            if walk.covered:
                first_day = day.astype(np.intp)  # whole numbers held as floats; valid days are inside the horizon
                year.state.renew_if_due(first_day if everyone else first_day[members])
            in_year = (block, k) if everyone else (block.rows(members), k[members])
            _walk_year(walk, year, *in_year, year_ends, may_skip_capped)
            if not everyone:
                r.put(year, members)
        if not walk.all_seen:
            walk.all_seen = bool(r.seen.all())
        if np.isinf(year_ends):
            return
        k = np.broadcast_to(first_column_on_or_after(block, year_ends), r.total.shape)  # (1,) when every draw shares it


def _walk_year(
    walk: _Walk, year: _Rows, block: PhaseColumns | MaintenanceColumns, k: np.ndarray, year_ends: float, may_skip_capped: bool
) -> None:
    """Walk columns ``k + j`` (j = 0, 1, …) of the draws ``year`` before day ``year_ends``, a chunk of columns at a time.

    A column past the year is not a session of it (its point goes to the
    spare row). After each chunk, the draws done for the year drop out, and
    so do those at their out-of-pocket maximum when every part is covered
    (each pays 0 until renewal) once the rest are at most ``_SHRINK_AT`` of
    the rows. A draw left out keeps its last point for the weeks after, as
    any week without a session does.
    """
    walk.renews = False  # nobody renews inside a plan year
    rows, picked = year, None  # rows = year.take(picked) while a subset is walked
    j = 0
    while True:
        column = k + np.arange(j, j + _CHUNK, dtype=float)[:, None]
        days, valid = block.columns_at(column)
        # The block's own checks hold for its columns only (fewer than its width).
        in_year = valid & (days < year_ends) & (column < block.width)
        day_at = np.where(in_year, days, walk.horizon).astype(np.intp)
        at_all = walk.row_start.take(day_at)
        at_all += rows.positions
        for c, every in enumerate(in_year.all(axis=1).tolist()):
            walk.column(rows, day_at[c], in_year[c], every, at_all[c], everyone=False)
        j += _CHUNK
        go_on = in_year[-1]  # days grow: a draw past the year in the chunk's last column is done with it
        if may_skip_capped:
            go_on = go_on & (rows.state.oop_left != 0)
        left = np.count_nonzero(go_on)
        if left == 0:
            break
        if left <= _SHRINK_AT * rows.total.shape[0]:
            keep = np.flatnonzero(go_on)
            if picked is not None:
                year.put(rows, picked)
            picked = keep if picked is None else picked[keep]
            rows, block, k = rows.take(keep), block.rows(keep), k[keep]
    if picked is not None:
        year.put(rows, picked)
    walk.renews = True


def _watch(through: np.ndarray, total: np.ndarray, passed: np.ndarray, positions: np.ndarray) -> None:
    """Write the running total of the draws whose latest charge is on or before the watched day."""
    if positions.shape[0] == through.shape[0]:
        np.copyto(through, total, where=passed)  # every draw, in order
    else:
        through[positions[passed]] = total[passed]


def _merge(parts: list[_Part]) -> list[_Part]:
    """Parts of one session paid as one charge when that changes nothing but the rounding.

    Uncovered parts add up. Covered parts that go to the deductible and then
    coinsurance, with no copay and no programme, do too: for a session of
    ``a₁ + a₂``, ``d₁ + d₂ = min(a₁ + a₂, deductible left)`` and the raw shares
    add up, so the out-of-pocket cap sees the same sum. Example: $550 + $40
    with $300 of deductible left at 20 %: 300 + 0.2·250 + 0.2·40 = 358 either way.
    """
    merged: list[_Part] = []
    for part in parts:
        plain = not part.covered or not (part.skips or part.has_copay or part.programme is not None)
        if merged and plain and merged[-1].covered == part.covered and merged[-1].plain:
            before = merged[-1]
            merged[-1] = _Part(before.net + part.net, before.first_net + part.first_net, part.covered)
            merged[-1].plain = True
            continue
        part.plain = plain
        merged.append(part)
    return merged


def _part(charge: PricedCharge, insured: bool, insurance: Insurance, superbill: np.ndarray, programmes: dict) -> _Part:
    """The walk's view of a charge (see :class:`_Part`); records a programme that may pay it in ``programmes``."""
    fill = charge.kind == "fill"
    covered = insured and charge.covered and not (fill and insurance.discount_card)
    amount, first = np.asarray(charge.amount, float), np.asarray(charge.first, float)
    if insured and not covered and not fill:
        # The superbill brings back a share of each uncovered visit or session: patient = a − a·pct/100.
        share = superbill / 100.0
        amount, first = amount - amount * share, first - first * share
    part = _Part(net=amount, first_net=first, covered=covered)
    if covered:
        part.has_copay, part.copay, part.skips = copay_terms(insurance, charge.kind)
        programme = charge.programme
        if programme is not None and programme_may_pay(programme, insurance):
            programmes.setdefault(programme.programme_id, programme)
            part.programme = programme.programme_id
    return part


class _State:
    """What is left this plan year of the deductible, the out-of-pocket maximum and each programme's cap, per draw."""

    def __init__(self, insurance: Insurance, n: int, programmes: dict, horizon: int) -> None:
        self.coins = insurance.coinsurance_pct / 100.0
        self.deductible, self.oop_max = float(insurance.deductible), float(insurance.oop_max)
        self.counts_all = insurance.programme_counts_toward_limits
        self.ded_left = np.full(n, self.deductible - float(insurance.deductible_met))
        self.oop_left = np.full(n, self.oop_max - insurance.paid_toward_limit)
        self.caps = {i: np.atleast_1d(np.asarray(p.yearly_cap, float)) for i, p in programmes.items()}  # (1,) if shared
        self.cap_left = {i: np.broadcast_to(c, (n,)).copy() for i, c in self.caps.items()}
        self.prog_copay = {i: p.copay for i, p in programmes.items()}
        # The plan year renews on a fixed day: day d's next renewal is a table look-up.
        first_renewal = 7 * insurance.renews_in_weeks
        day = np.arange(horizon + 1)  # through the horizon: the day of a draw with no session left
        self.renewal_after = np.where(
            day < first_renewal, first_renewal, first_renewal + DAYS_PER_PLAN_YEAR * ((day - first_renewal) // DAYS_PER_PLAN_YEAR + 1)
        )
        self.next_renewal = np.full(n, first_renewal)
        self.soonest = first_renewal
        self.ded_done = self.oop_done = False
        self.cap_done = {i: False for i in programmes}
        self.n = n
        self.first_renewal, self.horizon = first_renewal, horizon

    def _soonest(self) -> int:
        """The earliest next renewal day of any draw (kept until a renewal or a change of draws)."""
        if self.soonest is None:
            self.soonest = int(self.next_renewal.min()) if self.next_renewal.size else 0
        return self.soonest

    def renewal_days(self) -> list[int]:
        """The days inside the horizon on which every draw's plan year renews: 7·renews_in_weeks, then every 364 days."""
        return list(range(self.first_renewal, self.horizon, DAYS_PER_PLAN_YEAR))

    def renew_if_due(self, last: np.ndarray) -> None:
        """Start a new plan year for the draws whose latest charge falls on or after their next renewal day."""
        if last.max() < self._soonest():
            return
        # Only a few draws cross a renewal day in one column: work on their indices.
        renewed = np.flatnonzero(last >= self.next_renewal)
        if renewed.size == 0:
            return
        self.ded_left[renewed] = self.deductible
        self.oop_left[renewed] = self.oop_max
        for i, cap in self.caps.items():
            self.cap_left[i][renewed] = cap if cap.shape[0] == 1 else cap[renewed]
            self.cap_done[i] = False
        # The next renewal after the charge's day (a gap of more than a plan year skips whole years).
        after = self.renewal_after[last[renewed]]
        self.next_renewal[renewed] = after
        self.soonest = None  # found again when next needed
        self.ded_done = self.oop_done = False

    def take(self, keep: np.ndarray) -> _State:
        """The same terms for the draws ``keep`` only, with copies of what each has left."""
        sub = copy.copy(self)
        sub.ded_left, sub.oop_left = self.ded_left[keep], self.oop_left[keep]
        sub.next_renewal = self.next_renewal[keep]
        sub.caps = {i: c if c.shape[0] == 1 else c[keep] for i, c in self.caps.items()}
        sub.cap_left = {i: c[keep] for i, c in self.cap_left.items()}
        sub.prog_copay = {i: c if np.ndim(c) == 0 or np.shape(c)[0] == 1 else c[keep] for i, c in self.prog_copay.items()}
        sub.cap_done = dict(self.cap_done)
        sub.soonest = None
        sub.n = keep.shape[0]
        return sub

    def put(self, sub: _State, keep: np.ndarray) -> None:
        """Write back what the draws ``keep`` have left after walking as ``sub``."""
        self.ded_left[keep], self.oop_left[keep] = sub.ded_left, sub.oop_left
        self.next_renewal[keep] = sub.next_renewal
        for i, left in sub.cap_left.items():
            self.cap_left[i][keep] = left
        self.soonest = None
        # The subset's "every draw has met …" says nothing of the others.
        self.ded_done = self.oop_done = False
        self.cap_done = {i: False for i in self.cap_done}

    def check_done(self) -> None:
        """Note when every draw has met the out-of-pocket maximum or the deductible (steps to skip until renewal)."""
        if not self.oop_done:
            self.oop_done = not self.oop_left.any()
            if not self.ded_done:
                self.ded_done = not self.ded_left.any()
        for i, left in self.cap_left.items():
            if not self.cap_done[i]:
                self.cap_done[i] = not left.any()

    def pay(self, part: _Part, a: np.ndarray, total: np.ndarray) -> None:
        """Steps 1–5 of :mod:`kcost.model.payment` for one covered charge per draw; adds the patient's part to ``total``."""
        if self.oop_done:
            return  # every draw has met the maximum: the share is 0, nothing else changes
        d = None
        if part.skips:
            raw = np.minimum(a, part.copay)
        else:
            if self.ded_done:
                rest = a
            else:
                d = np.minimum(a, self.ded_left)
                rest = a - d
            raw = np.minimum(rest, part.copay) if part.has_copay else self.coins * rest
            if d is not None:
                raw = d + raw
        share = np.minimum(raw, self.oop_left)
        paid = counted = share
        i = part.programme
        if i is not None and not self.cap_done[i]:
            helped = np.minimum(np.maximum(share - self.prog_copay[i], 0.0), self.cap_left[i])
            self.cap_left[i] -= helped
            paid = share - helped
            if not self.counts_all:
                counted = paid
        if d is not None:
            # What counts is min(d, counted); when everything counts (counted = share ≥ d unless the maximum
            # capped the share, which leaves nothing to pay until renewal) that is d itself: one step less.
            self.ded_left -= d if self.counts_all else np.minimum(d, counted)
        self.oop_left -= counted
        total += paid


def _draws(priced: PricedPlan) -> int:
    sizes = [priced.superbill_pct.shape[0]] + [s.schedule.draws for s in priced.streams]
    for c in priced.charges():
        sizes += [c.amount.shape[0], c.first.shape[0]]
        if c.programme is not None:
            sizes += [np.shape(c.programme.copay)[0], np.shape(c.programme.yearly_cap)[0]]
    return max(sizes)
