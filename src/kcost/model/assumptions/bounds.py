"""The one table of sane limits for every number kcost reads, by unit, and the strict number type.

Every number in ``data/pricing.yaml`` is a :class:`~kcost.model.assumptions.schema.Quantity`
with a unit; the unit decides the smallest and largest value kcost accepts.
The same table bounds the command-line flags and the app's link values, so a
value is refused the same way wherever it comes from. The limits are wide
enough for any real treatment plan and narrow enough that no accepted value
makes the engine do more work than the horizon needs:

==============  ===========  ============  =============================================
unit            lowest       highest       why
==============  ===========  ============  =============================================
USD             0            1,000,000     a one-off charge
USD/session     0            1,000,000     one session's price
USD/visit       0            1,000,000     one visit's price
USD/day         0            10,000        a day of medicine
sessions        0            1,000         sessions in one phase
visits          0            1,000         visits in one phase
per week        0.1          21            one every 10 weeks to three a day
weeks           0            260           five years, kcost's longest horizon
days            0            3,650         ten years
hours           0            1,000         about six weeks, in hours
%               0            100           a share
==============  ===========  ============  =============================================

A maintenance interval (``maintenance_every_weeks``) is further either 0 (no
maintenance) or at least one day, ``1/7`` of a week (:data:`MIN_INTERVAL_WEEKS`).

``true`` and ``false`` are never numbers: YAML reads ``base: true`` as a
boolean, and :data:`StrictNumber` refuses it (and refuses text such as
``"12"``) instead of quietly reading 1 or 12.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Final

from pydantic import Strict

__all__ = [
    "MAX_DRAWS",
    "MAX_SEED",
    "MIN_INTERVAL_WEEKS",
    "StrictNumber",
    "UNIT_BOUNDS",
    "bound_problem",
    "number_from_text",
]

#: Lowest and highest accepted value for each unit (both inclusive).
UNIT_BOUNDS: Final[dict[str, tuple[float, float]]] = {
    "USD": (0.0, 1_000_000.0),
    "USD/session": (0.0, 1_000_000.0),
    "USD/visit": (0.0, 1_000_000.0),
    "USD/day": (0.0, 10_000.0),
    "USD/hour": (0.0, 1_000.0),
    "USD/trip": (0.0, 10_000.0),
    "USD/month": (0.0, 100_000.0),
    "sessions": (0.0, 1_000.0),
    "visits": (0.0, 1_000.0),
    "per week": (0.1, 21.0),
    "weeks": (0.0, 260.0),
    "days": (0.0, 3_650.0),
    "hours": (0.0, 1_000.0),
    "%": (0.0, 100.0),
}

#: A positive maintenance interval of less than one day is not a plan: 1 day = 1/7 week.
MIN_INTERVAL_WEEKS: Final[float] = 1.0 / 7.0

#: Draws of a Monte Carlo run (``kcost simulate --draws``): 1 to this.
MAX_DRAWS: Final[int] = 100_000
#: Seeds are 0 ≤ seed < 2**32 (what numpy's seed sequence takes as one word).
MAX_SEED: Final[int] = 2**32 - 1

#: A number: an int or a float, never ``true``/``false`` and never text.
StrictNumber = Annotated[float, Strict()]


def _amount(value: float, unit: str) -> str:
    """``100, "%"`` → ``"100%"``; ``1e6, "USD"`` → ``"1,000,000 USD"``."""
    number = f"{value:,g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return f"{number}%" if unit == "%" else f"{number} {unit}"


def bound_problem(value: Any, unit: str) -> str | None:
    """Why ``value`` is not acceptable in ``unit``, or ``None`` when it is.

    >>> bound_problem(1e308, "USD/session")
    'must be at most 1,000,000 USD/session'
    >>> bound_problem(0.05, "per week")
    'must be at least 0.1 per week'
    >>> bound_problem(True, "%")
    'must be a number, not True'
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"must be a number, not {value!r}"[:80]
    low, high = UNIT_BOUNDS[unit]
    if isinstance(value, float) and not math.isfinite(value):
        return "must be a finite number"
    if value < low:
        return f"must be at least {_amount(low, unit)}" if low else "must be ≥ 0"
    if value > high:
        return f"must be at most {_amount(high, unit)}"
    return None


def number_from_text(text: str, low: float, high: float, *, whole: bool = False) -> float | int | None:
    """``text`` read as a number from ``low`` to ``high`` (a whole number if ``whole``), or ``None``.

    For command-line flags and link values: only ASCII digits, a sign, a point
    and an exponent are read, and at most 40 characters of them, so a
    thousand-digit string is refused without being converted.

    >>> number_from_text("600", 0, 1_000_000)
    600.0
    >>> number_from_text("1e308", 0, 1_000_000) is None
    True
    >>> number_from_text("²", 0, 10, whole=True) is None
    True
    """
    text = text.strip()
    if not text or len(text) > 40 or not text.isascii():
        return None
    try:
        value: float | int = int(text) if whole else float(text)
    except ValueError:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value if low <= value <= high else None
