"""Benchmark: the insurance pass over 10,000 draws and 5 years, against numpy's own cumsum, and its peak memory.

Run: .venv/bin/python benchmarks/payment_speed.py   (or `make bench`)

Prints, in one run:
1. kcost.model.uncertainty.simulate for two insured plans (esketamine with its copay programme, and IV
   ketamine marked covered), 10,000 draws x 260 weeks (1,820 days): the charge ledger, the payment pass
   (deductible, coinsurance, out-of-pocket maximum, programme cap, plan years) and weekly points; against
   numpy.cumsum over one draws x days float64 array of the same horizon (10,000 x 1,820). Goal <= 1.0x.
2. Peak memory traced while simulating, against the size of that array. Goal <= 1.0x.
Weekly points need no draws x days array, so neither figure grows with the number of days.
Timings are the median of several repeats after a warm-up.
"""

from __future__ import annotations

import sys
import tracemalloc

import numpy as np

from timing import median_time

from kcost import load_assumptions
from kcost.model.assumptions import Override
from kcost.model.scenario import Insurance, Scenario
from kcost.model.uncertainty import simulate

DRAWS, WEEKS, REPEATS = 10_000, 260, 5
PLANS = ("esketamine", "ketamine-iv")
SCENARIO = Scenario(
    plans=PLANS,
    weeks=WEEKS,
    overrides=(Override(("plans", "ketamine-iv", "billing", "covered"), True),),
    insured=frozenset(PLANS),
    insurance=Insurance(deductible=1500, coinsurance_pct=20, oop_max=4000, renews_in_weeks=10),
)


def main() -> int:
    assumptions = load_assumptions()
    days = 7 * WEEKS
    baseline_input = np.ones((DRAWS, days))
    t_cumsum = median_time(lambda: np.cumsum(baseline_input, axis=1), REPEATS)
    del baseline_input
    t_kcost = median_time(lambda: simulate(assumptions, SCENARIO, draws=DRAWS, seed=1), REPEATS)

    tracemalloc.start()
    result = simulate(assumptions, SCENARIO, draws=DRAWS, seed=1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    one_array = DRAWS * days * 8
    assert all(p.weekly.shape == (DRAWS, WEEKS + 1) for p in result.plans)

    print(f"insurance pass: {DRAWS:,} draws x {WEEKS} weeks ({days:,} days) x {len(PLANS)} insured plans ({', '.join(PLANS)})")
    print(f"{'measure':<44}{'kcost':>12}{'baseline':>12}{'ratio':>8}  goal")
    print(f"{'time (median of 5), s':<44}{t_kcost:>12.3f}{t_cumsum:>12.3f}{t_kcost / t_cumsum:>8.2f}  <= 1.0 (numpy.cumsum, draws x days)")
    print(f"{'peak traced memory, MB':<44}{peak / 1e6:>12.1f}{one_array / 1e6:>12.1f}{peak / one_array:>8.2f}  <= 1.0 (one draws x days float64 array)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
