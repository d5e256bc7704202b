"""Benchmark: the insurance pass over 10,000 draws and 5 years, against numpy's own cumsum, and its peak memory.

Run: .venv/bin/python benchmarks/payment_speed.py   (or `make bench`)

Prints, in one run:
1. kcost.model.uncertainty.simulate for two insured plans (esketamine with its copay programme, and IV
   ketamine marked covered), 10,000 draws x 260 weeks (1,820 days): the charge ledger, the payment pass
   (deductible, coinsurance, out-of-pocket maximum, programme cap, plan years) and weekly points; against
   numpy.cumsum over one draws x days float64 array of the same horizon (10,000 x 1,820). Goal <= 1.0x.
2. Peak memory traced while simulating, against the size of that array. Goal <= 1.0x.
Weekly points need no draws x days array, so neither figure grows with the number of days.
Timings: kcost and the baseline in turn, 9 times each after a warm-up (load that comes and goes hits both
alike); the medians, and the median of the round-by-round ratios. The process stays on one CPU (Linux): on a
small shared VM, a process moved between cores ran kcost at 65 ms in one run and 100 ms in the next, while
pinned runs stayed within 63-71 ms; both sides run pinned alike.
"""

from __future__ import annotations

import os
import statistics
import sys
import tracemalloc

import numpy as np

from timing import alternating_times

from kcost import load_assumptions
from kcost.model.assumptions import Override
from kcost.model.scenario import Insurance, Scenario
from kcost.model.uncertainty import simulate

DRAWS, WEEKS, REPEATS = 10_000, 260, 9
PLANS = ("esketamine", "ketamine-iv")
SCENARIO = Scenario(
    plans=PLANS,
    weeks=WEEKS,
    overrides=(Override(("plans", "ketamine-iv", "billing", "covered"), True),),
    insured=frozenset(PLANS),
    insurance=Insurance(deductible=1500, coinsurance_pct=20, oop_max=4000, renews_in_weeks=10),
)


def main() -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    assumptions = load_assumptions()
    days = 7 * WEEKS
    baseline_input = np.ones((DRAWS, days))
    ours, theirs = alternating_times(
        lambda: simulate(assumptions, SCENARIO, draws=DRAWS, seed=1), lambda: np.cumsum(baseline_input, axis=1), REPEATS
    )
    del baseline_input
    t_kcost, t_cumsum = statistics.median(ours), statistics.median(theirs)
    ratios = sorted(a / b for a, b in zip(ours, theirs))

    tracemalloc.start()
    result = simulate(assumptions, SCENARIO, draws=DRAWS, seed=1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    one_array = DRAWS * days * 8
    assert all(p.weekly.shape == (DRAWS, WEEKS + 1) for p in result.plans)

    print(f"insurance pass: {DRAWS:,} draws x {WEEKS} weeks ({days:,} days) x {len(PLANS)} insured plans ({', '.join(PLANS)})")
    print(f"{'measure':<44}{'kcost':>12}{'baseline':>12}{'ratio':>8}  goal")
    print(f"{f'time (median of {REPEATS}, in turn), s':<44}{t_kcost:>12.3f}{t_cumsum:>12.3f}{t_kcost / t_cumsum:>8.2f}  <= 1.0 (numpy.cumsum, draws x days)")
    print(f"{'  ratio round by round: median (min-max)':<44}{'':>24}{statistics.median(ratios):>8.2f}  ({ratios[0]:.2f}-{ratios[-1]:.2f})")
    print(f"{'peak traced memory, MB':<44}{peak / 1e6:>12.1f}{one_array / 1e6:>12.1f}{peak / one_array:>8.2f}  <= 1.0 (one draws x days float64 array)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
