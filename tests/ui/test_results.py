"""The page's results kept between runs: the likely range is simulated plan by plan and kept per plan."""

from __future__ import annotations

import numpy as np
import pytest

from kcost import load_assumptions
from kcost.model.assumptions import Override
from kcost.model.uncertainty import simulate
from kcost.ui.compare import results
from kcost.ui.compare.inputs import PageScenario

IV_PRICE = ("plans", "ketamine-iv", "sessions", "infusions", "price")
SERTRALINE = ("drugs", "sertraline", "daily_cost")


@pytest.fixture(scope="module")
def assumptions():
    return load_assumptions()


def page(price: float, *extra: Override, insured: bool = False) -> PageScenario:
    overrides = (Override(IV_PRICE, price, "price"), *extra)
    insurance = (("deductible", 1500.0), ("coinsurance_pct", 20.0), ("oop_max", 4000.0)) if insured else ()
    return PageScenario(("ketamine-iv", "ssri-generic"), 52, overrides, insured, insurance)


class TestLikelyRange:
    @pytest.mark.parametrize("insured", [False, True])
    def test_plan_by_plan_is_the_same_as_all_plans_at_once(self, assumptions, insured):
        scenario = page(600.0, insured=insured)
        shown = results.simulation_for("test-same", scenario, assumptions)
        valid, engine = results._engine_inputs("test-same", scenario, assumptions)
        together = simulate(valid, engine, draws=results.PAGE_DRAWS, seed=0)
        for mine, theirs in zip(shown.sim.plans, together.plans, strict=True):
            assert mine.plan_id == theirs.plan_id
            np.testing.assert_array_equal(mine.weekly, theirs.weekly)
        # The band's rows are each plan's percentiles over the same futures.
        iv = shown.bands[shown.bands["plan"] == "Ketamine IV infusions (clinic)"]
        np.testing.assert_array_equal(iv["p90"], np.percentile(together.plans[0].weekly, 90, axis=0))

    def test_a_new_price_for_one_plan_leaves_the_others_futures_as_they_were(self, assumptions):
        first = results.simulation_for("test-price", page(600.0), assumptions)
        second = results.simulation_for("test-price", page(605.0), assumptions)
        assert second.sim.plan("ssri-generic") is first.sim.plan("ssri-generic")  # kept, not simulated again
        assert second.sim.plan("ketamine-iv") is not first.sim.plan("ketamine-iv")
        # $5 more a session: each future costs $5 more for every session held, so no total falls.
        assert (second.sim.plan("ketamine-iv").totals > first.sim.plan("ketamine-iv").totals).all()

    def test_what_a_plan_depends_on(self):
        other_plan = Override(("plans", "esketamine", "sessions", "treatments", "price"), 700.0, "price")
        shared_drug = Override(SERTRALINE, 0.05, "price")
        scenario = page(600.0, other_plan, shared_drug)
        _, _, ssri_overrides, _, _ = results._plan_key(scenario, "ssri-generic")
        # Another plan's price is left out; a drug's daily cost may be any plan's, so it stays.
        assert [o.path for o in ssri_overrides] == [SERTRALINE]
        _, _, iv_overrides, _, _ = results._plan_key(scenario, "ketamine-iv")
        assert [o.path for o in iv_overrides] == [IV_PRICE, SERTRALINE]
