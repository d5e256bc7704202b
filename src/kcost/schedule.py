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
  (``last + floor(7·w·k)`` for k = 1, 2, …), and so on to the horizon. With no
  phase sessions, maintenance starts on the stream's first day. ``w = 0``
  means no maintenance.

Every function here takes parameters as arrays of shape ``(draws,)`` and is
vectorised over draws and days, so the same code serves one deterministic
projection (one draw) and a Monte Carlo run (thousands).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Phase", "Schedule", "day_of_session", "session_calendar", "sessions_through"]

# Guards floor/ceil against binary round-off: 7·i/r that is an integer on paper
# must not land one day early, whatever the float error.
_EPS = 1e-6


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
            maintenance_weeks=np.atleast_1d(np.asarray(maintenance_weeks, float)),
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

    def phases_end_day(self) -> np.ndarray:
        """The day after the last phase ends (when a following stream would start)."""
        end = self.start_day.astype(float)
        for phase in self.phases:
            end = end + np.floor(7.0 * phase.count / phase.per_week + 0.5)
        return end

    def last_phase_session_day(self) -> np.ndarray:
        """Day of the last phase session; ``start − interval`` when there are no phase sessions."""
        last = np.full(self.start_day.shape, -np.inf)
        for start, phase in zip(self.phase_starts(), self.phases):
            day = start + np.floor(7.0 * (phase.count - 1) / phase.per_week + _EPS)
            last = np.where(phase.count > 0, np.maximum(last, day), last)
        no_sessions = np.isneginf(last)
        return np.where(no_sessions, self.start_day - np.floor(7.0 * self.maintenance_weeks + _EPS), last)


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
    booster = schedule.last_phase_session_day() + np.floor(interval * remaining + _EPS)
    result = np.where(~found & (interval > 0), booster, result)
    return result


def session_calendar(schedule: Schedule, horizon_days: int, draw: int = 0) -> list[tuple[int, str]]:
    """Every session of one draw inside days 0..horizon_days−1, as ``(day, phase name)``, in order.

    Enumerates the rule directly (one ``arange`` per phase), which the tests
    compare against :func:`sessions_through`.
    """
    events: list[tuple[int, str]] = []
    for start, phase in zip(schedule.phase_starts(), schedule.phases):
        i = np.arange(int(phase.count[draw]))
        days = start[draw] + np.floor(7.0 * i / phase.per_week[draw] + _EPS)
        events += [(int(x), phase.name) for x in days if x < horizon_days]
    weeks = schedule.maintenance_weeks[draw]
    if weeks > 0:
        last = schedule.last_phase_session_day()[draw]
        k = np.arange(1, int(horizon_days / (7.0 * weeks)) + 2)
        days = last + np.floor(7.0 * weeks * k + _EPS)
        events += [(int(x), schedule.maintenance_name) for x in days if x < horizon_days]
    return sorted(events, key=lambda e: e[0])
