"""The patient's time and travel: hours and their value, kept apart from money."""

from __future__ import annotations

import pytest

import kcost
from kcost.model.assumptions import MainInputs
from kcost.model.scenario import PatientTime, Scenario

ASSUMPTIONS = kcost.load_assumptions()


def plan_time(plan, inputs=None, **time):
    scenario = Scenario(plans=(plan,), inputs=inputs, time=PatientTime(**time))
    return kcost.project(ASSUMPTIONS, scenario).plan(plan)


class TestHours:
    def test_iv_series_without_boosters(self):
        """Consultation 1 h + 1 trip; 6 infusions of 2 h, each a trip and a companion's trip.

        Travel 1 h a round trip (the file's default): hours = 1 + 6 × 2 + (7 trips + 6 companion trips) × 1 = 26.
        At $31.48 an hour (the file's cited wage) and $10 a trip: 26 × 31.48 + 7 × 10 = 818.48 + 70 = 888.48.
        """
        p = plan_time("ketamine-iv", MainInputs(booster_every_weeks=0), include=True)
        assert p.hours_total == pytest.approx(26)
        assert p.companion_hours_total == pytest.approx(6)
        assert p.trips == 7
        assert p.time_and_travel_cost == pytest.approx(888.48)
        assert p.total_cost == pytest.approx(3550)  # money unchanged: 250 + 6 × 550

    def test_at_home_sessions_need_no_travel(self):
        # 6 + 23 renewals (every 2 weeks from day 35 to 343) = 29 sessions × 2 h, no trips
        p = plan_time("ketamine-at-home")
        assert (p.hours_total, p.trips) == (pytest.approx(58), 0)

    def test_esketamine_observation_two_hours_and_a_ride_home(self):
        # 56 sessions in 52 weeks: 2 h each + 1 h trip + a companion's 1 h trip = 4 h → 224 h
        p = plan_time("esketamine")
        assert p.hours_total == pytest.approx(224)

    def test_off_by_default_and_never_added_to_money(self):
        p = plan_time("ketamine-iv")
        assert p.time_and_travel_cost is None
        assert p.total_cost == pytest.approx(16750)  # 250 + 30 × 550

    def test_own_hourly_value_and_travel(self):
        # IV without boosters: chair 13 h; 7 trips + 6 companion trips of 0.5 h = 6.5 h → 19.5 h;
        # 19.5 × 40 + 7 × 0 = 780
        p = plan_time("ketamine-iv", MainInputs(booster_every_weeks=0), include=True, hourly_value=40,
                      travel_hours_per_trip=0.5, travel_cost_per_trip=0)
        assert p.hours_total == pytest.approx(19.5)
        assert p.time_and_travel_cost == pytest.approx(780)
