"""When sessions happen: one schedule rule for every plan.

The rule
--------
Day 0 is the first day of treatment; a horizon of W weeks covers days 0 to 7W−1.

* A stream of sessions starts on day ``start = round(7 × start_week)``, or on
  the day another stream's phases end (KAP dosing after preparation).
* Its **phases** run one after another. A phase of ``c`` sessions at ``r`` a
  week lasts ``c ÷ r`` weeks (rounded to whole days); the next phase starts
  when it ends. Inside a phase, session ``i`` (from 0) falls on day
  ``phase_start + floor(7·i ÷ r)``: 2 a week gives days 0, 3, 7, 10, 14, …;
  1 every 4 weeks (r = 0.25) gives days 0, 28, 56.
* After the phases, optional **maintenance** repeats every ``w`` weeks: the
  first maintenance session falls one interval after the last phase session
  (``floor(last + 7·w·k)`` for k = 1, 2, …), and so on to the horizon. With no
  phase sessions, maintenance starts on the stream's first day: ``last`` is
  then taken as ``start − 7·w``. ``w = 0`` means no maintenance; a positive
  ``w`` under one day counts as daily.

Every function here takes parameters as arrays of shape ``(draws,)`` and is
vectorised over draws and days, so the same code serves one deterministic
projection (one draw) and a Monte Carlo run (thousands).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterator

import numpy as np

from .assumptions.bounds import UNIT_BOUNDS

__all__ = [
    "MaintenanceColumns", "Phase", "PhaseColumns", "Schedule", "day_of_session", "session_blocks", "session_calendar",
    "session_columns", "session_days", "sessions_through",
]

# Guards floor/ceil against binary round-off: 7·i/r that is an integer on paper
# must not land one day early, whatever the float error.
_EPS = 1e-6

#: The most sessions a week the schema accepts: bounds the columns a phase can take.
MAX_PER_WEEK = UNIT_BOUNDS["per week"][1]


def _at_most_daily(weeks: np.ndarray) -> np.ndarray:
    """Maintenance more often than daily is not a treatment plan: a positive interval under a day counts as daily."""
    return np.where((weeks > 0) & (weeks < 1.0 / 7.0), 1.0 / 7.0, weeks)


@dataclass(frozen=True)
class Phase:
    """``count`` sessions at ``per_week`` a week; arrays of shape ``(draws,)``."""

    name: str
    count: np.ndarray
    per_week: np.ndarray


@dataclass(frozen=True)
class Schedule:
    """A stream's calendar: a start day, phases in turn, then maintenance every ``maintenance_weeks``."""

    start_day: np.ndarray
    phases: tuple[Phase, ...]
    maintenance_weeks: np.ndarray
    maintenance_name: str = "maintenance"

    @classmethod
    def build(
        cls,
        phases: list[tuple[str, float | np.ndarray, float | np.ndarray]],
        maintenance_weeks: float | np.ndarray = 0.0,
        start_week: float | np.ndarray = 0.0,
        maintenance_name: str = "maintenance",
        start_day: np.ndarray | None = None,
    ) -> Schedule:
        """Build from plain numbers: ``[(name, count, per_week), …]``; ``start_day`` wins over ``start_week``."""
        if start_day is None:
            start_day = np.floor(7.0 * np.atleast_1d(np.asarray(start_week, float)) + 0.5)
        return cls(
            start_day=np.atleast_1d(np.asarray(start_day, float)),
            phases=tuple(
                Phase(name, np.rint(np.atleast_1d(np.asarray(c, float))), np.atleast_1d(np.asarray(r, float)))
                for name, c, r in phases
            ),
            maintenance_weeks=_at_most_daily(np.atleast_1d(np.asarray(maintenance_weeks, float))),
            maintenance_name=maintenance_name,
        )

    def phase_starts(self) -> list[np.ndarray]:
        """First day of each phase, shape ``(draws,)`` each."""
        starts = []
        start = self.start_day.astype(float)
        for phase in self.phases:
            starts.append(start)
            start = start + np.floor(7.0 * phase.count / phase.per_week + 0.5)
        return starts

    @property
    def draws(self) -> int:
        """Number of draws: parameters of shape ``(1,)`` are shared by every draw."""
        arrays = [self.start_day, self.maintenance_weeks, *(a for p in self.phases for a in (p.count, p.per_week))]
        return max(a.shape[0] for a in arrays)

    def phases_end_day(self) -> np.ndarray:
        """The day after the last phase ends (when a following stream would start)."""
        end = self.start_day.astype(float)
        for phase in self.phases:
            end = end + np.floor(7.0 * phase.count / phase.per_week + 0.5)
        return end

    def last_phase_session_day(self) -> np.ndarray:
        """Day of the last phase session, from which maintenance counts; ``start − interval`` without phase sessions."""
        last = np.full(self.start_day.shape, -np.inf)
        for start, phase in zip(self.phase_starts(), self.phases):
            day = start + np.floor(7.0 * (phase.count - 1) / phase.per_week + _EPS)
            last = np.where(phase.count > 0, np.maximum(last, day), last)
        no_sessions = np.isneginf(last)
        # Not floored: maintenance session k falls on floor(anchor + 7·w·k), so k = 1 lands on the start day.
        return np.where(no_sessions, self.start_day - 7.0 * self.maintenance_weeks, last)


def sessions_through(schedule: Schedule, days: np.ndarray) -> dict[str, np.ndarray]:
    """Number of sessions on or before each day, per phase name and for maintenance (if any).

    ``days`` has shape ``(D,)``; each result has shape ``(draws, D)``. For a
    phase starting on day s with c sessions at r a week the count through day d
    is ``clip(ceil((d − s + 1)·r ÷ 7), 0, c)`` — the inverse of the rule above.
    Example: 6 infusions at 2 a week from day 0 → through day 7: 3 (days 0, 3, 7).
    """
    d = np.asarray(days, float)[None, :]
    out: dict[str, np.ndarray] = {}
    for start, phase in zip(schedule.phase_starts(), schedule.phases):
        n = np.ceil((d - start[:, None] + 1.0 - _EPS) * phase.per_week[:, None] / 7.0)
        out[phase.name] = np.clip(n, 0.0, phase.count[:, None])
    if np.any(schedule.maintenance_weeks > 0):
        out[schedule.maintenance_name] = _maintenance_through(schedule, d)
    return out


def _maintenance_through(schedule: Schedule, d: np.ndarray) -> np.ndarray:
    interval = 7.0 * schedule.maintenance_weeks[:, None]
    last = schedule.last_phase_session_day()[:, None]
    active = interval > 0
    safe = np.where(active, interval, 1.0)
    n = np.ceil((d - last + 1.0 - _EPS) / safe) - 1.0
    return np.where(active, np.maximum(n, 0.0), 0.0)


def day_of_session(schedule: Schedule, k: np.ndarray) -> np.ndarray:
    """Day on which the k-th session (1-based) falls; ``inf`` if it never does.

    Example: 6 infusions at 2 a week → the 3rd falls on day 7.
    """
    remaining = np.asarray(k, float) * np.ones(schedule.start_day.shape)
    result = np.full(schedule.start_day.shape, np.inf)
    found = remaining < 1
    result = np.where(found, schedule.start_day, result)
    for start, phase in zip(schedule.phase_starts(), schedule.phases):
        here = ~found & (remaining <= phase.count)
        day = start + np.floor(7.0 * (remaining - 1) / phase.per_week + _EPS)
        result = np.where(here, day, result)
        found |= here
        remaining = remaining - phase.count
    interval = 7.0 * schedule.maintenance_weeks
    booster = np.floor(schedule.last_phase_session_day() + interval * remaining + _EPS)
    result = np.where(~found & (interval > 0), booster, result)
    return result


def session_calendar(schedule: Schedule, horizon_days: int, draw: int = 0) -> list[tuple[int, str]]:
    """Every session of one draw inside days 0..horizon_days−1, as ``(day, phase name)``, in order.

    Enumerates the rule directly (one ``arange`` per phase, no longer than the
    sessions that fit before the horizon), which the tests compare against
    :func:`sessions_through`.
    """
    def at(values: np.ndarray) -> float:
        return float(values[draw if values.shape[0] > 1 else 0])

    events: list[tuple[int, str]] = []
    for start, phase in zip(schedule.phase_starts(), schedule.phases):
        one = Phase(phase.name, np.array([at(phase.count)]), np.array([at(phase.per_week)]))
        i = np.arange(_phase_width(np.array([at(start)]), one, horizon_days))
        days = at(start) + np.floor(7.0 * i / at(phase.per_week) + _EPS)
        events += [(int(x), phase.name) for x in days if x < horizon_days]
    weeks = at(schedule.maintenance_weeks)
    if weeks > 0:
        last = at(schedule.last_phase_session_day())
        k = np.arange(1, int(horizon_days / (7.0 * max(weeks, 1.0 / 7.0))) + 2)
        days = np.floor(last + 7.0 * weeks * k + _EPS)
        events += [(int(x), schedule.maintenance_name) for x in days if x < horizon_days]
    return sorted(events, key=lambda e: e[0])


def _phase_width(start: np.ndarray, phase: Phase, horizon_days: int) -> int:
    """Columns a phase needs: its session count, but never more sessions than fit before the horizon.

    Session ``i`` falls on ``start + floor(7·i ÷ r)``, so sessions before day
    ``H`` number at most ``ceil((H − start)·r ÷ 7)``. Taking the smaller of that
    and the count sizes the work by the horizon whatever the count says (a
    billion sessions at 2 a week over 52 weeks still needs 104 columns). The
    rate is held by the schema to at most 21 a week (:data:`MAX_PER_WEEK`); a
    caller that skips validation gets no more than that many columns a week.
    """
    if not phase.count.size:
        return 0
    room = np.ceil(np.clip(horizon_days - start, 0.0, horizon_days) * np.clip(phase.per_week, 0.0, MAX_PER_WEEK) / 7.0)
    return int(np.max(np.minimum(np.maximum(phase.count, 0.0), room)))


def _maintenance_layout(schedule: Schedule, horizon_days: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Maintenance after the phases: each draw's last phase session day, its interval in days (∞ for a draw
    without maintenance) and how many candidate columns the widest draw needs before the horizon.

    Intervals are at least a day (see _at_most_daily) and ``last`` is at most one interval before
    day 0, so no draw has more than horizon_days + 1 maintenance sessions before the horizon.
    """
    weeks = schedule.maintenance_weeks
    last = schedule.last_phase_session_day()
    interval = 7.0 * np.where(weeks > 0, weeks, np.inf)
    with np.errstate(invalid="ignore", over="ignore"):
        needed = np.ceil(np.maximum(horizon_days - last, 0.0) / interval)
    width = int(np.max(np.nan_to_num(needed, nan=horizon_days + 1.0, posinf=horizon_days + 1.0).clip(0, horizon_days + 1))) + 1
    return last, interval, width


def session_days(schedule: Schedule, horizon_days: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every session day of every draw inside days 0..horizon_days−1, as padded arrays.

    Returns ``(days, valid, first)``, each of shape ``(draws, S)``: the day of
    each candidate session (phases in turn, then maintenance), whether it is a
    real session inside the horizon, and whether it is the stream's very first
    session. Vectorised over draws; ``S`` is the largest count any draw needs.
    """
    n = schedule.draws
    blocks_days, blocks_valid = [], []
    for start, phase in zip(schedule.phase_starts(), schedule.phases):
        width = _phase_width(start, phase, horizon_days)
        i = np.arange(width, dtype=float)[None, :]
        days = start[:, None] + np.floor(7.0 * i / phase.per_week[:, None] + _EPS)
        blocks_days.append(np.broadcast_to(days, (n, width)))
        blocks_valid.append(np.broadcast_to(i < phase.count[:, None], (n, width)))
    weeks = schedule.maintenance_weeks
    if np.any(weeks > 0):
        last, interval, width = _maintenance_layout(schedule, horizon_days)
        k = np.arange(1, max(width, 1) + 1, dtype=float)[None, :]
        days = np.floor(last[:, None] + interval[:, None] * k + _EPS)
        blocks_days.append(np.broadcast_to(np.where(np.isfinite(days), days, horizon_days), (n, k.shape[1])))
        blocks_valid.append(np.broadcast_to((weeks[:, None] > 0) & np.isfinite(days), (n, k.shape[1])))
    days = np.concatenate(blocks_days, axis=1) if blocks_days else np.zeros((n, 0))
    if days.shape[1] == 0:
        return days.astype(np.intp), days.astype(bool), days.astype(bool)
    valid = np.concatenate(blocks_valid, axis=1) & (days >= 0) & (days < horizon_days)
    # Phase sessions come before maintenance in column order, so the first valid column is the first session.
    first = np.zeros_like(valid)
    has_any = valid.any(axis=1)
    first[np.arange(n)[has_any], valid.argmax(axis=1)[has_any]] = True
    return np.where(valid, days, 0).astype(np.intp), valid, first


def session_columns(schedule: Schedule, horizon_days: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The columns of :func:`session_days` one at a time, as ``(day, valid)`` of shape ``(draws,)`` (or ``(1,)``
    when every draw shares them).

    Column ``s`` is the same candidate session as ``session_days(...)[:, s]``:
    the same floats, so the same days (``day`` is a float, meaningful where
    ``valid``). A walk over the columns keeps each step on one short row of
    draws instead of building ``draws × S`` arrays; the first valid column of
    a draw is its first session. Example: 6 infusions at 2 a week → columns
    on days 0, 3, 7, 10, 14, 17.
    """
    for block in session_blocks(schedule, horizon_days):
        for i in range(block.width):
            yield block.column(i)


def _rows(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The given draws of a per-draw array; an array of shape ``(1,)`` holds every draw's value and stays."""
    return values if values.shape[0] == 1 else values[rows]


@dataclass(frozen=True)
class PhaseColumns:
    """The candidate columns of one phase: column ``i`` falls on ``start + floor(7·i ÷ r)``, valid while ``i < count``.

    ``column(i)`` gives ``(day, valid)``; ``rows(keep)`` is the same block for
    the draws ``keep`` only. Comparisons no draw can fail are left out: days are never
    negative when the start is not and the rate is positive, and never reach
    the horizon when the phase's last column ends before it in every draw.
    """

    start: np.ndarray
    per_week: np.ndarray
    count: np.ndarray
    width: int
    horizon_days: int
    may_pass_horizon: bool
    may_be_negative: bool

    @property
    def ends_sessions(self) -> bool:
        """True when a draw without a session in a column has none in the block's later columns.

        Days grow with ``i`` and ``i < count`` only gets harder to meet, so a
        column a draw fails stays failed, unless a negative start makes early
        columns fall before day 0.
        """
        return not self.may_be_negative

    def rows(self, keep: np.ndarray) -> PhaseColumns:
        return replace(self, start=_rows(self.start, keep), per_week=_rows(self.per_week, keep), count=_rows(self.count, keep))

    def column(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        days, valid = self.columns(i, i + 1)
        return days[0], valid[0]

    def columns(self, first: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
        """Columns ``first..stop−1`` at once, as ``(day, valid)`` of shape ``(stop − first, draws)`` (or ``(…, 1)``)."""
        return self.columns_at(np.arange(first, stop, dtype=float)[:, None])

    def day_at(self, i: np.ndarray) -> np.ndarray:
        """Day of column ``i`` (a whole number held as a float, any shape that broadcasts with the draws)."""
        return self.start + np.floor(7.0 * i / self.per_week + _EPS)

    def first_guess(self, day: float) -> np.ndarray:
        """About the first column on or after ``day``: ``floor(7·i ÷ r) ≥ ⌈day − start⌉`` ⇔ ``i ≥ (⌈day − start⌉ − ε)·r ÷ 7``."""
        return np.ceil((np.ceil(day - self.start) - _EPS) * self.per_week / 7.0)

    def columns_at(self, i: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Columns ``i`` of each draw (shape ``(K, 1)`` for the same columns everywhere, or ``(K, draws)``)."""
        days = self.day_at(i)
        valid = i < self.count
        if self.may_pass_horizon:
            valid = valid & (days < self.horizon_days)
        if self.may_be_negative:
            valid = valid & (days >= 0)
        return _same_shape(days, valid)


@dataclass(frozen=True)
class MaintenanceColumns:
    """The maintenance columns: column ``k`` (from 1) falls on ``floor(last + interval·k)``, valid before the horizon.

    ``interval`` is ∞ for a draw without maintenance, whose days are then
    infinite (``last`` is finite and k ≥ 1), never undefined.
    """

    last: np.ndarray
    interval: np.ndarray
    weeks: np.ndarray
    width: int
    horizon_days: int
    finite_interval: bool
    may_be_negative: bool

    @property
    def ends_sessions(self) -> bool:
        """True when a draw without a session in a column has none later: days only grow with ``k``."""
        return not self.may_be_negative

    def rows(self, keep: np.ndarray) -> MaintenanceColumns:
        return replace(self, last=_rows(self.last, keep), interval=_rows(self.interval, keep), weeks=_rows(self.weeks, keep))

    def column(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        days, valid = self.columns(i, i + 1)
        return days[0], valid[0]

    def columns(self, first: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
        """Columns ``first..stop−1`` at once, as ``(day, valid)`` of shape ``(stop − first, draws)`` (or ``(…, 1)``)."""
        return self.columns_at(np.arange(first, stop, dtype=float)[:, None])

    def day_at(self, i: np.ndarray) -> np.ndarray:
        """Day of column ``i`` (session ``k = i + 1``; a whole number held as a float, any shape that broadcasts)."""
        return np.floor(self.last + self.interval * (i + 1.0) + _EPS)

    def first_guess(self, day: float) -> np.ndarray:
        """About the first column on or after ``day``: ``last + interval·k + ε ≥ day`` ⇔ ``k ≥ (day − last − ε) ÷ interval``."""
        with np.errstate(invalid="ignore"):
            return np.nan_to_num(np.ceil((day - self.last - _EPS) / self.interval) - 1.0, nan=0.0)

    def columns_at(self, i: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Columns ``i`` of each draw (shape ``(K, 1)`` for the same columns everywhere, or ``(K, draws)``)."""
        days = self.day_at(i)
        valid = days < self.horizon_days
        if not self.finite_interval:
            valid = valid & (self.weeks > 0)
        if self.may_be_negative:
            valid = valid & (days >= 0)
        return _same_shape(days, valid)


def _same_shape(days: np.ndarray, valid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Days and validity broadcast together (a count or interval per draw with a shared start gives per-draw columns)."""
    if days.shape == valid.shape:
        return days, valid
    shape = np.broadcast_shapes(days.shape, valid.shape)
    return np.broadcast_to(days, shape), np.broadcast_to(valid, shape)


def first_column_on_or_after(block: PhaseColumns | MaintenanceColumns, day: float) -> np.ndarray:
    """Each draw's first column of ``block`` on or after ``day`` (a float column index; ``block.width`` if none).

    Days grow with the column (the last block never has a negative start
    or rate), so this also counts the columns before ``day``. The closed form
    (``first_guess``) inverts the floor and can land one column off where a
    day is a whole number up to rounding; a look at the columns on either
    side settles it with the same arithmetic as ``columns``. Example: boosters
    every 14 days after a last infusion on day 17 fall on days 31, 45, 59, …;
    the first on or after day 70 is column 3 (day 73).
    """
    column = np.clip(block.first_guess(day), 0.0, float(block.width))
    for _ in range(4):
        back = (column > 0) & (block.day_at(column - 1.0) >= day)
        ahead = (column < block.width) & (block.day_at(column) < day)
        if not (back.any() or ahead.any()):
            return column
        column = column - back + ahead
    raise AssertionError(f"no first column on or after day {day}")  # the guess is never more than a column off


def session_blocks(schedule: Schedule, horizon_days: int) -> list[PhaseColumns | MaintenanceColumns]:
    """The columns of :func:`session_days` in blocks: one per phase that has columns, then maintenance if any.

    Each block makes its columns on demand for any subset of draws, so a walk
    can drop the draws whose sessions in the block are over. Example: 6
    infusions at 2 a week then boosters every 2 weeks over 10 weeks → a
    phase block of 6 columns (days 0, 3, 7, 10, 14, 17) and a maintenance
    block whose columns fall on days 31, 45, 59.
    """
    blocks: list[PhaseColumns | MaintenanceColumns] = []
    for start, phase in zip(schedule.phase_starts(), schedule.phases):
        width = _phase_width(start, phase, horizon_days)
        if width == 0:
            continue
        may_be_negative = not (np.all(start >= 0) and np.all(phase.per_week > 0))
        may_pass_horizon = may_be_negative or np.max(start + np.floor(7.0 * (width - 1) / phase.per_week + _EPS)) >= horizon_days
        blocks.append(PhaseColumns(start, phase.per_week, phase.count, width, horizon_days, bool(may_pass_horizon), may_be_negative))
    weeks = schedule.maintenance_weeks
    if np.any(weeks > 0):
        last, interval, width = _maintenance_layout(schedule, horizon_days)
        blocks.append(
            MaintenanceColumns(last, interval, weeks, max(width, 1), horizon_days, bool(np.all(weeks > 0)), not np.all(last >= 0))
        )
    return blocks
