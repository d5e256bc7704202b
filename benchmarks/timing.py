"""Timing shared by the benchmarks: the median of a few runs after a warm-up run, alone or alternating with a baseline."""

from __future__ import annotations

import statistics
import time
from typing import Callable


def median_time(fn: Callable[[], object], repeats: int = 5) -> float:
    """Median wall time of ``repeats`` calls of ``fn``, after one call that warms caches and page faults."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
        del result
    return statistics.median(times)


def alternating_times(fn: Callable[[], object], baseline: Callable[[], object], repeats: int = 9) -> tuple[list[float], list[float]]:
    """Wall times of ``fn`` and ``baseline``, called in turn ``repeats`` times each after one warm-up call of each.

    Taking them in turn, the order swapped every round, lets load that comes and goes on the machine hit both
    alike, so the ratio of the two is steadier than from one block of runs after the other.
    """
    fn()
    baseline()
    ours: list[float] = []
    theirs: list[float] = []
    for round_ in range(repeats):
        for call, times in ((fn, ours), (baseline, theirs)) if round_ % 2 == 0 else ((baseline, theirs), (fn, ours)):
            start = time.perf_counter()
            result = call()
            times.append(time.perf_counter() - start)
            del result
    return ours, theirs
