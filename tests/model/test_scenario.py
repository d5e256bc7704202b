"""The Scenario: every input, checked once; the older call forms build the same scenario."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

import kcost
from kcost.model.assumptions import MainInputs, Override
from kcost.model.scenario import Insurance, PatientTime, Scenario
from kcost.model.uncertainty import simulate

ASSUMPTIONS = kcost.load_assumptions()


class TestInsuranceIsBounded:
    @pytest.mark.parametrize(
        ("terms", "field"),
        [
            ({"deductible": -1}, "deductible"),
            ({"deductible": 100_001, "oop_max": 100_000}, "deductible"),
            ({"coinsurance_pct": 101}, "coinsurance_pct"),
            ({"copay_fill": 10_001}, "copay_fill"),
            ({"copay_visit": float("nan")}, "copay_visit"),
            ({"renews_in_weeks": 0}, "renews_in_weeks"),
            ({"renews_in_weeks": 53}, "renews_in_weeks"),
            ({"fill_days": 60}, "fill_days"),
            ({"pre_tax_rate_pct": 61}, "pre_tax_rate_pct"),
            ({"deductible": True}, "deductible"),  # a bool is not a number
            ({"government": 1}, "government"),  # nor a number a bool
            ({"unknown": 1}, "unknown"),
        ],
    )
    def test_bad_values_name_their_field(self, terms, field):
        with pytest.raises(ValidationError) as info:
            Insurance(**terms)
        assert field in {str(e["loc"][0]) for e in info.value.errors() if e["loc"]}

    @pytest.mark.parametrize(
        ("terms", "message"),
        [
            ({"deductible": 5000, "oop_max": 4000}, "oop_max (4000) must be at least the deductible (5000)"),
            ({"deductible": 1000, "deductible_met": 1001}, "deductible_met (1001) must not exceed the deductible (1000)"),
            ({"oop_max": 4000, "oop_met": 4001}, "oop_met (4001) must not exceed oop_max (4000)"),
        ],
    )
    def test_limits_in_order(self, terms, message):
        with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
            Insurance(**terms)

    def test_frozen(self):
        with pytest.raises(ValidationError):
            Insurance().deductible = 5  # type: ignore[misc]

    def test_patient_time_bounded(self):
        with pytest.raises(ValidationError):
            PatientTime(hourly_value=-1)


class TestScenario:
    @pytest.mark.parametrize("weeks", [0, 261, 5.0, True])
    def test_weeks(self, weeks):
        with pytest.raises(ValueError, match="weeks must be a whole number from 1 to 260"):
            Scenario(weeks=weeks)

    def test_one_string_is_not_a_list_of_plans(self):
        with pytest.raises(TypeError):
            Scenario(plans="ketamine-iv")  # type: ignore[arg-type]

    def test_unknown_insured_plan(self):
        with pytest.raises(KeyError, match="unknown plan 'ketamine'"):
            kcost.project(ASSUMPTIONS, Scenario(insured=frozenset({"ketamine"})))

    def test_old_call_form_equals_the_scenario(self):
        inputs = MainInputs(session_price=600)
        overrides = [Override(("plans", "ketamine-iv", "one_off", "consultation"), 0)]
        old = kcost.project(ASSUMPTIONS, ["ketamine-iv"], weeks=26, inputs=inputs, overrides=overrides)
        new = kcost.project(ASSUMPTIONS, Scenario(("ketamine-iv",), 26, inputs, tuple(overrides)))
        assert old.to_dict() == new.to_dict()
        assert old.plan("ketamine-iv").total_cost == pytest.approx(17 * 600)  # 6 + 11 boosters (17 + 14k ≤ 181 → k ≤ 11)

    def test_simulate_takes_the_same_scenario(self):
        # Insured esketamine with the default terms costs the patient less than paying cash, in every draw.
        scenario = Scenario(plans=("esketamine",), weeks=26, insured=frozenset({"esketamine"}))
        insured = simulate(ASSUMPTIONS, scenario, draws=50, seed=1).plan("esketamine").totals
        cash = simulate(ASSUMPTIONS, ["esketamine"], 26, draws=50, seed=1).plan("esketamine").totals
        assert np.all(insured < cash)

    def test_pre_tax_payment_gives_an_after_tax_figure(self):
        # IV cash, paid from an HSA at a 22 % marginal rate: 16,750 × 0.78 = 13,065
        scenario = Scenario(plans=("ketamine-iv",), insurance=Insurance(pre_tax_rate_pct=22))
        p = kcost.project(ASSUMPTIONS, scenario).plan("ketamine-iv")
        assert p.patient_after_tax == pytest.approx(13065)
        assert p.total_cost == pytest.approx(16750)
