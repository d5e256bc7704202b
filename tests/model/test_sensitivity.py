"""One-way sensitivity: each ranged number swung from low to high, the others at base."""

from __future__ import annotations

import pytest

from kcost import load_assumptions
from kcost.model.assumptions import Override, with_overrides
from kcost.model.scenario import Scenario
from kcost.model.sensitivity import one_way


@pytest.fixture(scope="module")
def assumptions():
    return load_assumptions()


def by_path(swings):
    return {s.path: s for s in swings}


class TestOneWay:
    def test_price_bar_equals_the_hand_computed_swing(self, assumptions):
        base, swings = one_way(assumptions, "ketamine-iv", 52, "total")
        price = by_path(swings)["plans.ketamine-iv.sessions.infusions.price"]
        # 30 infusions in 52 weeks (6 + 24 boosters) plus a $250 consultation; the total is linear in the price.
        assert base == 250 + 30 * 550
        assert (price.outcome_at_low, price.outcome_at_high) == (250 + 30 * 300, 250 + 30 * 1500)
        assert price.width == 30 * 1200

    def test_largest_effect_first(self, assumptions):
        _, swings = one_way(assumptions, "ketamine-iv", 52, "total")
        widths = [s.width for s in swings]
        assert widths == sorted(widths, reverse=True)
        assert swings[0].path.endswith("infusions.price")

    def test_parameters_without_a_range_have_no_bar(self, assumptions):
        _, swings = one_way(assumptions, "esketamine", 52, "total")
        paths = by_path(swings)
        # The administration fee has a single published figure, so it cannot swing.
        assert "plans.esketamine.sessions.treatments.add_ons.administration_and_observation" not in paths
        assert all(s.low_value < s.high_value for s in swings)

    def test_billing_terms_do_not_move_a_cash_plan(self, assumptions):
        _, swings = one_way(assumptions, "ketamine-iv", 52, "total")
        assert not any(".billing." in s.path for s in swings)

    def test_superbill_share_moves_an_insured_plan_linearly(self, assumptions):
        scenario = Scenario(weeks=52, insured=frozenset({"ketamine-iv"}))
        _, swings = one_way(assumptions, "ketamine-iv", scenario=scenario)
        share = by_path(swings)["plans.ketamine-iv.billing.superbill_pct"]
        # Off-label IV is not covered: the patient pays everything, less the superbill refund on each
        # infusion (the consultation is a visit and is refunded too): 250 + 30 × 550 = 16,750 at 0 %, 0 at 100 %.
        assert (share.outcome_at_low, share.outcome_at_high) == (16750, 0)

    def test_programme_cap_moves_insured_esketamine_only_when_insured(self, assumptions):
        _, cash = one_way(assumptions, "esketamine", 52, "total")
        assert not any(s.path.startswith("programmes.") for s in cash)

    def test_until_onset_moves_with_sessions_needed(self, assumptions):
        base, swings = one_way(assumptions, "ketamine-iv", 52, "until-onset")
        needed = by_path(swings)["plans.ketamine-iv.onset.sessions_needed"]
        assert base == 800  # consultation + first infusion
        assert needed.outcome_at_high == 250 + 3 * 550  # relief only after the third infusion (day 7)

    def test_difference_between_two_plans(self, assumptions):
        base, swings = one_way(assumptions, "ketamine-iv", 52, "difference", against="ssri-generic")
        visits = by_path(swings)["plans.ssri-generic.sessions.follow_ups.price"]
        # Six SSRI visits in 52 weeks: raising their price by $170 narrows the gap by $1,020.
        assert visits.outcome_at_low - visits.outcome_at_high == pytest.approx(6 * 170)
        assert base == pytest.approx(16750 - (350 + 6 * 150 + 13 * 30 * 0.031))  # 13 fills of 30 days

    def test_bad_requests(self, assumptions):
        with pytest.raises(ValueError):
            one_way(assumptions, "ketamine-iv", 52, "difference")
        with pytest.raises(ValueError):
            one_way(assumptions, "ketamine-iv", 52, "nonsense")  # type: ignore[arg-type]
        with pytest.raises(KeyError):
            one_way(assumptions, "nope", 52)
