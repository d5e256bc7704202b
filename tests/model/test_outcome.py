"""Outcome-aware cost: cost of trying, cost if it helps, expected cost — by hand, then invariants.

Horizon 52 weeks = days 0..363, the shipped defaults, what the patient pays (every plan cash).
expected = p × if_it_helps + (1 − p) × trying, p = response rate ÷ 100.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kcost
from kcost import MainInputs, Override
from kcost.model.outcome import expected_cost
from kcost.model.uncertainty import simulate

ASSUMPTIONS = kcost.load_assumptions()
PROPERTY = settings(max_examples=40, deadline=None)
ALL_PLANS = list(ASSUMPTIONS.plans)


@pytest.fixture(scope="module")
def year():
    return kcost.project(ASSUMPTIONS, None, 52)


class TestByHand:
    def test_ketamine_iv(self, year):
        o = year.plan("ketamine-iv").outcome
        # decision after the induction series: 6 infusions at 2 a week, the last on day 17
        assert o.decision_day == 17 and o.within_horizon
        assert o.cost_of_trying == pytest.approx(3550)  # 250 + 6 × 550
        assert o.cost_if_it_helps == pytest.approx(16750)  # 250 + (6 + 24 boosters) × 550
        # 0.33 × 16 750 + 0.67 × 3 550 = 5 527.5 + 2 378.5
        assert o.expected_cost == pytest.approx((7906, 7906, 7906))
        assert o.response_rate == (33, 33, 33)
        assert o.placebo_response == (0, 0, 0)
        assert o.decision_phrase == "after the induction series"

    def test_esketamine(self, year):
        o = year.plan("esketamine").outcome
        # decision at the end of week 4 = day 27: 8 sessions at 590 + 500
        assert o.decision_day == 27
        assert o.cost_of_trying == pytest.approx(8720)  # 8 × 1090
        assert o.cost_if_it_helps == pytest.approx(61040)  # 56 × 1090
        # 0.69 × 61 040 + 0.31 × 8 720 = 42 117.6 + 2 703.2
        assert o.expected_cost == pytest.approx((44820.8, 44820.8, 44820.8))
        assert o.placebo_response == (52, 52, 52)

    def test_ssri(self, year):
        o = year.plan("ssri-generic").outcome
        # decision at the end of week 8 = day 55: intake 350, visits on 14 and 42, 30-day fills on days 0 and 30 (30 × 0.031 = 0.93 each)
        assert o.decision_day == 55
        assert o.cost_of_trying == pytest.approx(651.86)  # 350 + 300 + 2 × 0.93
        assert o.cost_if_it_helps == pytest.approx(1262.09)  # 350 + 900 + 13 fills × 0.93
        # base/low 58 %: 0.58 × 1 262.09 + 0.42 × 651.86 = 732.0122 + 273.7812 = 1 005.7934
        # high 68 %:     0.68 × 1 262.09 + 0.32 × 651.86 = 858.2212 + 208.5952 = 1 066.8164
        assert o.expected_cost == pytest.approx((1005.7934, 1005.7934, 1066.8164))
        assert o.relief.after == "while taken"

    def test_cbt_only_decides_after_six_sessions(self, year):
        o = year.plan("cbt-only").outcome
        assert o.decision_day == 35  # weekly from day 0: the 6th session on day 35
        assert o.cost_of_trying == pytest.approx(836.4)  # 6 × 139.4
        assert o.cost_if_it_helps == pytest.approx(1951.6)  # 14 × 139.4
        # 0.495 × 1 951.6 + 0.505 × 836.4 = 966.042 + 422.382
        assert o.expected_cost[1] == pytest.approx(1388.424)

    def test_decision_after_the_horizon_means_everyone_pays_the_same(self):
        o = kcost.project(ASSUMPTIONS, ["ssri-generic"], 4).plan("ssri-generic").outcome
        assert o.decision_day == 55 and not o.within_horizon
        # 4 weeks = days 0..27: 350 + 150 + the day-0 fill 0.93
        assert o.cost_of_trying == pytest.approx(500.93)
        assert o.cost_if_it_helps == pytest.approx(500.93)
        assert o.expected_cost == pytest.approx((500.93,) * 3)

    def test_to_dict_keys(self, year):
        d = kcost.project(ASSUMPTIONS, ["ketamine-at-home"], 52).to_dict()["plans"][0]
        # completers 63 %, dropouts counted as not helped 18 %; trying = 6 × 193 = 1 158; helps = 29 × 193 = 5 597
        assert d["response_rate"] == {"low": 18.0, "base": 63.0, "high": 63.0}
        assert d["cost_of_trying"] == 1158.0 and d["cost_if_it_helps"] == 5597.0
        # low: 0.18 × 5 597 + 0.82 × 1 158 = 1 007.46 + 949.56; base: 0.63 × 5 597 + 0.37 × 1 158 = 3 526.11 + 428.46
        assert d["expected_cost"] == {"low": 1957.02, "base": 3954.57, "high": 3954.57}
        assert d["decision_day"] == 35.0 and d["decision_within_horizon"] is True
        assert d["relief_lasts_after"] == "one dose"
        assert d["relief_lasts_days"] == {"low": 1.0, "base": 7.0, "high": 14.0}
        assert d["no_new_treatment_response"] is None

    def test_expected_cost_example_of_the_docstring(self):
        trying, helps, expected = expected_cost(np.array([[100.0, 100.0, 400.0, 400.0]]), np.array([0.0]), np.array([25.0]))
        assert (trying[0], helps[0], expected[0]) == (100, 400, 175)  # 0.25 × 400 + 0.75 × 100


class TestProperties:
    @PROPERTY
    @given(
        plan=st.sampled_from(ALL_PLANS),
        weeks=st.integers(1, 260),
        booster=st.none() | st.just(0.0) | st.floats(1 / 7, 13),  # none, or at least a day apart
        price=st.none() | st.floats(0, 3000),
    )
    def test_trying_le_expected_le_if_it_helps(self, plan, weeks, booster, price):
        inputs = MainInputs(session_price=price, booster_every_weeks=booster)
        o = kcost.project(ASSUMPTIONS, [plan], weeks, inputs=inputs).plan(plan).outcome
        low, base, high = o.expected_cost
        assert o.cost_of_trying - 1e-9 <= low <= base <= high <= o.cost_if_it_helps + 1e-9

    @PROPERTY
    @given(plan=st.sampled_from(ALL_PLANS), rate=st.floats(0, 100))
    def test_expected_cost_is_linear_in_the_response_rate(self, plan, rate):
        o = kcost.project(
            ASSUMPTIONS, [plan], 52, overrides=[Override(("plans", plan, "response_rate"), rate)]
        ).plan(plan).outcome
        want = rate / 100 * o.cost_if_it_helps + (1 - rate / 100) * o.cost_of_trying
        assert o.expected_cost[1] == pytest.approx(want, rel=1e-12, abs=1e-9)


class TestThroughSimulate:
    def test_expected_cost_is_drawn_and_stays_between_its_ends(self):
        sim = simulate(ASSUMPTIONS, ["ketamine-at-home", "ssri-generic"], 52, draws=400, seed=5)
        p = sim.plan("ketamine-at-home")
        assert p.expected is not None and p.expected.shape == (400,)
        # every draw lies between what trying costs (6 sessions at 167–209) and that draw's full year
        assert np.all(p.expected <= p.totals + 1e-9)
        assert np.all(p.expected >= 6 * 167 - 1e-9)
        # the response rate is drawn (18–63 %), so expected costs spread even where cost alone would not
        assert np.std(p.expected / p.totals) > 0.01
        p10, p50, p90 = p.expected_percentiles()
        assert p10 < p50 < p90
