"""The charge ledger: every charge in day order, fills every 30 or 90 days, sessions with their components."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kcost
from kcost.model.ledger import KINDS, build_ledger, cumulative_by_day, cumulative_by_week
from kcost.model.priced_plan import price_plan
from kcost.model.projection import cumulative_cost
from kcost.model.uncertainty import sampling_pick

ASSUMPTIONS = kcost.load_assumptions()


def charges(plan, days, fill_days=30):
    ledger = build_ledger(price_plan(ASSUMPTIONS, plan), days, fill_days)
    real = ledger.amount[0] > 0
    return [(int(d), float(a), KINDS[k]) for d, a, k in zip(ledger.day[0][real], ledger.amount[0][real], ledger.kind[0][real])]


class TestWhatTheLedgerHolds:
    def test_iv_example_from_the_docstring(self):
        # $250 consultation on day 0; infusions on 0, 3, 7, 10, 14, 17 (2 a week) at $550; 21 days
        assert charges("ketamine-iv", 21) == [
            (0, 250.0, "visit"), (0, 550.0, "session"), (3, 550.0, "session"), (7, 550.0, "session"),
            (10, 550.0, "session"), (14, 550.0, "session"), (17, 550.0, "session"),
        ]

    def test_esketamine_sessions_have_a_drug_and_an_observation_charge(self):
        # days 0 and 3: the drug (590) then the administration and observation fee (500)
        assert charges("esketamine", 4) == [(0, 590.0, "drug"), (0, 500.0, "session"), (3, 590.0, "drug"), (3, 500.0, "session")]

    @pytest.mark.parametrize(("fill_days", "days"), [(30, [0, 30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 330, 360]), (90, [0, 90, 180, 270, 360])])
    def test_medicine_is_bought_in_fills(self, fill_days, days):
        # 52 weeks (days 0–363): 13 fills of 30 days or 5 of 90; each costs daily cost × fill length
        fills = [c for c in charges("ssri-generic", 364, fill_days) if c[2] == "fill"]
        assert [d for d, _, _ in fills] == days
        assert all(a == pytest.approx(0.031 * fill_days) for _, a, _ in fills)

    def test_charges_are_sorted_by_day_in_every_draw(self):
        ledger = build_ledger(price_plan(ASSUMPTIONS, "ssri-cbt", sampling_pick(50, 1)), 700)
        assert np.all(np.diff(ledger.day, axis=1) >= 0)

    def test_one_stream_needs_no_sort_and_keeps_one_kind_per_column(self):
        # IV: consultation, then each infusion's price and its add-on side by side; draws with a shorter
        # induction keep 0-dollar columns on the day of the charge before them, so day order holds.
        ledger = build_ledger(price_plan(ASSUMPTIONS, "ketamine-iv", sampling_pick(50, 1)), 400)
        assert ledger.by_column
        assert [KINDS[k] for k in ledger.kind[0][:5]] == ["visit", "session", "visit", "session", "visit"]
        assert np.all(np.diff(ledger.day, axis=1) >= 0)

    def test_fills_and_two_streams_are_sorted_per_draw(self):
        ledger = build_ledger(price_plan(ASSUMPTIONS, "ssri-cbt", sampling_pick(50, 1)), 400)
        assert not ledger.by_column
        assert np.all(np.diff(ledger.day, axis=1) >= 0)


class TestRunningTotals:
    @settings(max_examples=30, deadline=None)
    @given(plan=st.sampled_from(list(ASSUMPTIONS.plans)), weeks=st.integers(1, 260), fill_days=st.sampled_from([30, 90]))
    def test_daily_total_is_the_closed_form_and_weekly_points_match_it(self, plan, weeks, fill_days):
        priced = price_plan(ASSUMPTIONS, plan, sampling_pick(5, 2))
        ledger = build_ledger(priced, 7 * weeks, fill_days)
        daily = cumulative_by_day(ledger, ledger.amount, 7 * weeks)
        np.testing.assert_allclose(daily, cumulative_cost(priced, np.arange(7 * weeks), fill_days), rtol=1e-12, atol=1e-9)
        weekly = cumulative_by_week(ledger, ledger.amount, weeks)
        # point 0 is day 0, point k the last day of week k (day 7k − 1)
        np.testing.assert_allclose(weekly, daily[:, np.r_[0, np.arange(6, 7 * weeks, 7)]], rtol=1e-12, atol=1e-9)
