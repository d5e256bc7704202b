"""Crossovers: the day on which one plan's cumulative cost overtakes another's."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Mapping

import numpy as np

__all__ = ["Crossover", "crossover_days", "crossovers"]


@dataclass(frozen=True)
class Crossover:
    """On ``day`` (0-based; in ``week`` counted from 1), ``now_costlier`` overtakes ``now_cheaper``."""

    day: int
    now_costlier: str
    now_cheaper: str
    labels: tuple[str, str] = ("", "")

    @property
    def week(self) -> int:
        return self.day // 7 + 1

    def to_dict(self) -> dict:
        return {
            "day": self.day,
            "week": self.week,
            "overtaking_plan": self.now_costlier,
            "overtaken_plan": self.now_cheaper,
        }


def crossover_days(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Days on which the cheaper of two cumulative-cost series changes, and who leads after.

    Ties do not count as a change: the leader is carried through days of equal
    cost, so "A below, equal, A above" is one crossover, on the first day A is
    above. Returns ``(days, sign_after)`` where sign +1 means ``a`` is now the
    costlier.
    """
    sign = np.sign(np.asarray(a, float) - np.asarray(b, float))
    idx = np.where(sign != 0, np.arange(len(sign)), 0)
    filled = sign[np.maximum.accumulate(idx)]
    change = (filled[1:] != filled[:-1]) & (filled[1:] != 0) & (filled[:-1] != 0)
    days = np.nonzero(change)[0] + 1
    return days, filled[days]


def crossovers(series: Mapping[str, np.ndarray], labels: Mapping[str, str] | None = None) -> list[Crossover]:
    """Every crossover between every pair of plans, in day order."""
    labels = labels or {}
    out = []
    for first, second in combinations(series, 2):
        days, signs = crossover_days(series[first], series[second])
        for day, sign in zip(days, signs):
            costlier, cheaper = (first, second) if sign > 0 else (second, first)
            out.append(Crossover(int(day), costlier, cheaper, (labels.get(costlier, ""), labels.get(cheaper, ""))))
    return sorted(out, key=lambda c: (c.day, c.now_costlier, c.now_cheaper))
