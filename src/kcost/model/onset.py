"""Expected time to onset: when relief may begin, as low / base / high, in days from day 0.

Two models, one per kind of treatment:

* **after sessions** (ketamine, esketamine): relief some hours after the n-th
  dosing session. ``onset = day of session n + hours ÷ 24``. With the IV
  induction at 2 a week, onset after 1 session and 4 hours is day 0.17; after
  3 sessions and 24 hours it is day 7 + 1 = day 8.
* **weeks from start** (SSRI/SNRI): first improvement after ``w`` weeks, i.e.
  day ``7·w``; the full effect is a second figure, reported separately.

The low figure pairs the fewest sessions with the fastest hours, the high one
the most sessions with the slowest, so low ≤ base ≤ high always holds.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from .assumptions.schema import Quantity
from .schedule import Schedule, day_of_session

__all__ = ["onset_days_after_sessions"]


def onset_days_after_sessions(
    schedule: Schedule,
    sessions_needed: Quantity,
    hours_after_dose: Quantity,
    value: Callable[[tuple[str, ...], Quantity], np.ndarray],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(low, base, high) onset in days for the after-sessions model (see module docstring)."""
    n_low, _, n_high = sessions_needed.bounds
    h_low, _, h_high = hours_after_dose.bounds
    n_base = np.maximum(np.rint(value(("sessions_needed",), sessions_needed)), 1.0)
    h_base = value(("hours_after_dose",), hours_after_dose)
    base = day_of_session(schedule, n_base) + h_base / 24.0
    low = day_of_session(schedule, np.full_like(n_base, max(round(n_low), 1))) + h_low / 24.0
    high = day_of_session(schedule, np.full_like(n_base, max(round(n_high), 1))) + h_high / 24.0
    return np.minimum(low, base), base, np.maximum(high, base)
