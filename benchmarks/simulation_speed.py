"""Benchmark: the probabilistic projection against numpy's own cumsum, and its peak memory.

Run: .venv/bin/python benchmarks/simulation_speed.py   (or `make bench`)

Prints, in one run:
1. 10,000 draws x 1,826 days for two plans (kcost.model.uncertainty.simulate_daily) against
   numpy.cumsum over a float64 array of the same shape (2 x 10,000 x 1,826); goal <= 2x.
2. Peak memory traced while simulating, against the size of one draws x days float64
   array; goal <= 3x.
Timings are the median of several repeats after a warm-up.
"""

from __future__ import annotations

import sys
import tracemalloc

import numpy as np

from timing import median_time

from kcost import load_assumptions
from kcost.model.uncertainty import simulate_daily

DRAWS, DAYS, PLANS, REPEATS = 10_000, 1_826, ("ketamine-iv", "ssri-cbt"), 5


def main() -> int:
    assumptions = load_assumptions()
    baseline_input = np.ones((len(PLANS), DRAWS, DAYS))
    t_cumsum = median_time(lambda: np.cumsum(baseline_input, axis=2), REPEATS)
    t_kcost = median_time(lambda: simulate_daily(assumptions, PLANS, DAYS, DRAWS, seed=1), REPEATS)
    del baseline_input

    tracemalloc.start()
    result = simulate_daily(assumptions, PLANS, DAYS, DRAWS, seed=1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    one_array = DRAWS * DAYS * 8
    assert all(a.shape == (DRAWS, DAYS) for a in result.values())

    print(f"simulation: {DRAWS:,} draws x {DAYS:,} days x {len(PLANS)} plans ({', '.join(PLANS)})")
    print(f"{'measure':<44}{'kcost':>12}{'baseline':>12}{'ratio':>8}  goal")
    print(f"{'time (median of 5), s':<44}{t_kcost:>12.3f}{t_cumsum:>12.3f}{t_kcost / t_cumsum:>8.2f}  <= 2 (numpy.cumsum, same shape)")
    print(f"{'peak traced memory, MB':<44}{peak / 1e6:>12.1f}{one_array / 1e6:>12.1f}{peak / one_array:>8.2f}  <= 3 (one draws x days float64 array)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
