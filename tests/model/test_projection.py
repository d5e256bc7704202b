"""The cost engine: every preset of data/pricing.yaml priced by hand, then invariants.

Horizon 52 weeks = days 0..363. Cumulative cost through day d is
one_off + (d + 1)·daily + Σ sessions on or before d × price per session.
Schedules follow tests/test_schedule.py: 2 a week → days 0, 3, 7, 10, 14, 17.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import kcost
from kcost import MainInputs, Override
from kcost.model.ledger import build_ledger, cumulative_by_day
from kcost.model.priced_plan import PricedCharge, PricedPlan, PricedStream, pick_bound, price_plan
from kcost.model.projection import (
    DAYS_PER_MONTH,
    MAX_WEEKS,
    cumulative_cost,
    full_price_by_day,
    monthly_cost_after_induction,
)
from kcost.model.scenario import Insurance, PatientTime, Scenario
from kcost.model.schedule import Schedule, sessions_through
from kcost.model.uncertainty import sampling_pick

PROPERTY = settings(max_examples=50, deadline=None)
ASSUMPTIONS = kcost.load_assumptions()  # for the property tests (a fixture's repr would flood their reports)


@pytest.fixture(scope="module")
def assumptions():
    return kcost.load_assumptions()


@pytest.fixture(scope="module")
def year(assumptions):
    """All six presets at base values over 52 weeks."""
    return kcost.project(assumptions, None, 52)


def one(assumptions, plan_id, weeks=52, **kwargs):
    return kcost.project(assumptions, [plan_id], weeks, **kwargs).plan(plan_id)


class TestDaysPerMonth:
    def test_is_an_average_calendar_month(self):
        assert DAYS_PER_MONTH == 30.4375  # 365.25 ÷ 12


class TestKetamineIV:
    """$250 consultation; infusions $550 (integration add-on $0); 6 at 2 a week on days 0,3,7,10,14,17;
    boosters every 2 weeks from day 17: 31, 45, …, 353 (17 + 14k ≤ 363 → k ≤ 24.7 → 24)."""

    def test_total_52_weeks(self, year):
        assert year.plan("ketamine-iv").total_cost == pytest.approx(16750)  # 250 + (6 + 24) × 550

    def test_sessions_by_phase(self, year):
        assert year.plan("ketamine-iv").sessions == {"infusions": {"induction": 6, "booster": 24}}
        assert year.plan("ketamine-iv").total_sessions == 30

    def test_first_4_weeks(self, year):
        assert year.plan("ketamine-iv").first_4_weeks_cost == pytest.approx(3550)  # 250 + 6 × 550 (days 0..27)

    def test_monthly_after_induction(self, year):
        # 30.4375 × 550 ÷ 14 = 16 740.625 ÷ 14 = 1195.758…
        assert year.plan("ketamine-iv").monthly_cost_after_induction == pytest.approx(1195.758929, abs=1e-5)

    def test_onset_days(self, year):
        # low: session 1 (day 0) + 1 h = 1/24; base: session 1 + 4 h = 4/24; high: session 3 (day 7) + 24 h = 8
        assert year.plan("ketamine-iv").onset_days == pytest.approx((1 / 24, 4 / 24, 8.0))

    def test_cost_until_onset(self, year):
        assert year.plan("ketamine-iv").cost_until_onset == pytest.approx(800)  # day 0: 250 + 550

    def test_full_price_equals_patient_price_when_paying_cash(self, year):
        p = year.plan("ketamine-iv")
        assert not p.insured
        np.testing.assert_allclose(p.cumulative_full, p.cumulative_patient)


class TestKetamineIM:
    """$250 evaluation + $200 intake; 2 preparation sessions ($175) weekly on days 0, 7 (lasting 14 days);
    then 6 weekly dosing sessions ($450 + $175 integration = $625) on days 14, 21, 28, 35, 42, 49;
    maintenance doses ($625, integration included) every 2 weeks from day 49: 63, …, 357 (49 + 14k ≤ 363 → k ≤ 22.4 → 22)."""

    def test_total_52_weeks(self, year):
        # 450 + 2 × 175 + (6 + 22) × 625 = 450 + 350 + 17 500
        assert year.plan("ketamine-im").total_cost == pytest.approx(18300)

    def test_sessions_by_phase(self, year):
        assert year.plan("ketamine-im").sessions == {
            "preparation": {"preparation": 2},
            "dosing": {"dosing": 6, "maintenance dose": 22},
        }

    def test_first_4_weeks(self, year):
        # through day 27: 450 + 2 × 175 + dosing on 14 and 21: 2 × 625 = 450 + 350 + 1250
        assert year.plan("ketamine-im").first_4_weeks_cost == pytest.approx(2050)

    def test_monthly_after_induction(self, year):
        # 30.4375 × 625 ÷ 14 = 19 023.4375 ÷ 14 = 1358.816…
        assert year.plan("ketamine-im").monthly_cost_after_induction == pytest.approx(1358.816964, abs=1e-5)

    def test_onset_is_counted_from_the_first_dosing_session(self, year):
        # dosing 1 on day 14: 14 + 1/24, 14 + 4/24; dosing 3 on day 28: 28 + 1
        assert year.plan("ketamine-im").onset_days == pytest.approx((14 + 1 / 24, 14 + 4 / 24, 29.0))

    def test_cost_until_onset(self, year):
        assert year.plan("ketamine-im").cost_until_onset == pytest.approx(1425)  # 450 + 350 + 625 (day 14)


class TestKetamineAtHome:
    """$193 a session; 6 weekly on days 0..35; renewals every 2 weeks from 35: 49, …, 357 (35 + 14k ≤ 363 → k ≤ 23)."""

    def test_total_52_weeks(self, year):
        assert year.plan("ketamine-at-home").total_cost == pytest.approx(5597)  # 29 × 193

    def test_sessions_by_phase(self, year):
        assert year.plan("ketamine-at-home").sessions == {"programme": {"first_programme": 6, "renewal": 23}}

    def test_first_4_weeks(self, year):
        assert year.plan("ketamine-at-home").first_4_weeks_cost == pytest.approx(772)  # days 0, 7, 14, 21: 4 × 193

    def test_monthly_after_induction(self, year):
        # 30.4375 × 193 ÷ 14 = 5874.4375 ÷ 14 = 419.6027
        assert year.plan("ketamine-at-home").monthly_cost_after_induction == pytest.approx(419.602679, abs=1e-5)

    def test_onset(self, year):
        # session 1 day 0 (+1 h, +4 h); session 3 on day 14 + 24 h = 15
        p = year.plan("ketamine-at-home")
        assert p.onset_days == pytest.approx((1 / 24, 4 / 24, 15.0))
        assert p.cost_until_onset == pytest.approx(193)


class TestEsketamineAtBase:
    """$590 drug (first session also $590) + $500 administration = $1,090 a session.
    8 at 2 a week (days 0..24), 4 weekly (28..49), then weekly from 56: 49 + 7k ≤ 363 → k ≤ 44."""

    def test_total_52_weeks(self, year):
        assert year.plan("esketamine").total_cost == pytest.approx(61040)  # 56 × 1090

    def test_sessions_by_phase(self, year):
        assert year.plan("esketamine").sessions == {
            "treatments": {"induction": 8, "weekly": 4, "maintenance session": 44}
        }

    def test_first_4_weeks(self, year):
        assert year.plan("esketamine").first_4_weeks_cost == pytest.approx(8720)  # 8 × 1090

    def test_monthly_after_induction(self, year):
        # 30.4375 × 1090 ÷ 7 = 33 176.875 ÷ 7 = 4739.5536
        assert year.plan("esketamine").monthly_cost_after_induction == pytest.approx(4739.553571, abs=1e-5)

    def test_onset(self, year):
        # session 3 of 2 a week on day 7, + 24 h = 8
        p = year.plan("esketamine")
        assert p.onset_days == pytest.approx((1 / 24, 4 / 24, 8.0))
        assert p.cost_until_onset == pytest.approx(1090)


class TestSsriGeneric:
    """$350 intake; sertraline 25 mg $0.031 a day; follow-ups $150 from week 2 every 4 weeks: 14, 42, 70 (phase of 12 weeks),
    then reviews every 12 weeks from 70: 154, 238, 322 (70 + 84k ≤ 363 → k ≤ 3)."""

    def test_total_52_weeks(self, year):
        # 350 + 6 × 150 + 13 fills of 30 days (days 0, 30, …, 360) × 30 × 0.031 = 350 + 900 + 13 × 0.93
        assert year.plan("ssri-generic").total_cost == pytest.approx(1262.09)

    def test_sessions_by_phase(self, year):
        assert year.plan("ssri-generic").sessions == {"follow_ups": {"early_reviews": 3, "review": 3}}

    def test_first_4_weeks(self, year):
        # 350 + 150 (day 14) + one 30-day fill on day 0 (30 × 0.031 = 0.93)
        assert year.plan("ssri-generic").first_4_weeks_cost == pytest.approx(500.93)

    def test_monthly_after_induction(self, year):
        # 30.4375 × (0.031 + 150 ÷ 84) = 30.4375 × 1.8167142857 = 55.296241
        assert year.plan("ssri-generic").monthly_cost_after_induction == pytest.approx(55.296241, abs=1e-5)

    def test_onset_in_weeks_from_the_start(self, year):
        # 1, 2, 4 weeks → 7, 14, 28 days; full effect 6, 8, 12 weeks → 42, 56, 84 days
        p = year.plan("ssri-generic")
        assert p.onset_days == pytest.approx((7.0, 14.0, 28.0))
        assert p.full_effect_days == pytest.approx((42.0, 56.0, 84.0))

    def test_cost_until_onset(self, year):
        # through day 14: 350 + 150 + the day-0 fill 0.93
        assert year.plan("ssri-generic").cost_until_onset == pytest.approx(500.93)

    def test_cost_until_full_effect(self, year):
        # through day 56: 350 + 2 × 150 (14, 42) + fills on days 0 and 30 (2 × 0.93)
        assert year.plan("ssri-generic").cost_until_full_effect == pytest.approx(651.86)


class TestSsriWithCbt:
    """As ssri-generic, plus 14 weekly CBT sessions at $139.40 on days 0..91, no maintenance."""

    def test_total_52_weeks(self, year):
        # 350 + 900 + 14 × 139.4 + 13 fills × 0.93 = 350 + 900 + 1951.6 + 12.09
        assert year.plan("ssri-cbt").total_cost == pytest.approx(3213.69)

    def test_sessions_by_phase(self, year):
        assert year.plan("ssri-cbt").sessions == {
            "follow_ups": {"early_reviews": 3, "review": 3},
            "cbt": {"course": 14},
        }

    def test_first_4_weeks(self, year):
        # 350 + 150 + CBT on 0, 7, 14, 21 (4 × 139.4) + the day-0 fill = 350 + 150 + 557.6 + 0.93
        assert year.plan("ssri-cbt").first_4_weeks_cost == pytest.approx(1058.53)

    def test_monthly_after_induction_ignores_the_finished_course(self, year):
        # 30.4375 × (0.031 + 150 ÷ 84): CBT has no maintenance
        assert year.plan("ssri-cbt").monthly_cost_after_induction == pytest.approx(55.296241, abs=1e-5)

    def test_cost_until_onset(self, year):
        # day 14: 350 + 150 + CBT 0, 7, 14 (3 × 139.4) + the day-0 fill 0.93 = 500 + 418.2 + 0.93
        assert year.plan("ssri-cbt").cost_until_onset == pytest.approx(919.13)


class TestCumulativeByWeekAndMonth:
    def test_ketamine_iv_by_week(self, year):
        weekly = year.plan("ketamine-iv").cumulative_by_week
        assert len(weekly) == 52
        # week 1 (day 6): 250 + 2 × 550; week 2 (day 13): +2; week 3 (day 20): 6 infusions; week 4 (day 27) unchanged;
        # week 7 (day 48): boosters on 31 and 45 → 8 sessions
        assert weekly[:4].tolist() == pytest.approx([1350, 2450, 3550, 3550])
        assert weekly[6] == pytest.approx(4650)  # 250 + 8 × 550
        assert weekly[-1] == pytest.approx(16750)

    def test_ketamine_iv_by_month(self, year):
        monthly = year.plan("ketamine-iv").cumulative_by_month
        # 364 days hold int(364 ÷ 30.4375) = 11 whole months; month m ends on day ceil(30.4375·m) − 1
        assert len(monthly) == 11
        assert monthly[0] == pytest.approx(3550)  # day 30: 250 + 6 × 550 (first booster on 31)
        assert monthly[1] == pytest.approx(5200)  # day 60: + boosters on 31, 45, 59
        assert monthly[2] == pytest.approx(6300)  # day 91: + boosters on 73, 87
        assert monthly[10] == pytest.approx(15650)  # day 334: 17 + 14k ≤ 334 → 22 boosters; 250 + 28 × 550

    def test_ssri_by_week_adds_the_daily_drug_cost(self, year):
        weekly = year.plan("ssri-generic").cumulative_by_week
        # the medicine comes in 30-day fills: 30 × 0.031 = 0.93 on day 0, the next on day 30
        # week 1 (day 6): 350 + 0.93; week 2 (day 13): the same; week 3 (day 20): + visit on 14
        assert weekly[:3].tolist() == pytest.approx([350.93, 350.93, 500.93])

    def test_daily_series_covers_the_horizon(self, year):
        assert len(year.plan("ketamine-iv").cumulative_patient) == 364  # 52 × 7 days

    def test_weekly_frame_has_one_row_per_plan_and_week(self, assumptions):
        frame = kcost.project(assumptions, ["ketamine-iv", "ssri-generic"], 3).weekly_frame()
        assert list(frame.columns) == [
            "plan_id", "label", "week", "plan_year", "cumulative_cost", "cumulative_full_price", "cumulative_insurer",
            "cumulative_assistance", "cumulative_hours", "cumulative_time_value",
        ]
        assert len(frame) == 6  # 2 plans × 3 weeks
        iv = frame[frame.plan_id == "ketamine-iv"]
        assert iv.week.tolist() == [1, 2, 3]
        assert iv.cumulative_cost.tolist() == [1350, 2450, 3550]
        # 1 h consultation + 1 h travel; each infusion 2 h + 1 h travel + 1 h a companion's ride (2 a week).
        assert iv.cumulative_hours.tolist() == [2 + 2 * 4, 2 + 4 * 4, 2 + 6 * 4]

    @PROPERTY
    @given(
        plan=st.sampled_from(sorted(ASSUMPTIONS.plans)),
        weeks=st.integers(1, 156),
        renews=st.integers(1, 52),
        coinsurance=st.floats(0, 100),
        oop_max=st.floats(0, 20_000),
    )
    def test_weekly_frame_adds_up_and_ends_on_the_totals(self, plan, weeks, renews, coinsurance, oop_max):
        insurance = Insurance(deductible=min(500, oop_max), coinsurance_pct=coinsurance, oop_max=oop_max,
                              renews_in_weeks=renews)
        scenario = Scenario(plans=(plan,), weeks=weeks, insured=frozenset({plan}), insurance=insurance,
                            time=PatientTime(include=True))
        result = kcost.project(ASSUMPTIONS, scenario)
        frame, p = result.weekly_frame(), result.plan(plan)
        paid = frame.cumulative_cost + frame.cumulative_insurer + frame.cumulative_assistance
        np.testing.assert_allclose(paid, frame.cumulative_full_price, atol=0.02)
        last = frame.iloc[-1]
        assert last.cumulative_hours == pytest.approx(p.hours_total, abs=0.01)
        assert last.cumulative_time_value == pytest.approx(p.time_and_travel_cost, abs=0.01)
        # Plan years count up from 1, one more at each renewal: as many as patient_by_plan_year has figures.
        assert frame.plan_year.iloc[0] == 1 and frame.plan_year.max() == len(p.patient_by_plan_year)
        assert np.all(np.diff(frame.plan_year) >= 0)


class TestHorizon:
    def test_shorter_horizon_cuts_the_boosters(self, assumptions):
        # 12 weeks = days 0..83: boosters 31, 45, 59, 73 → 10 sessions → 250 + 10 × 550
        assert one(assumptions, "ketamine-iv", 12).total_cost == pytest.approx(5750)

    def test_first_4_weeks_does_not_depend_on_the_horizon(self, assumptions):
        assert one(assumptions, "ketamine-iv", 1).first_4_weeks_cost == pytest.approx(3550)

    @pytest.mark.parametrize("weeks", [0, MAX_WEEKS + 1, -3, 2.5, True, "52"])
    def test_weeks_outside_1_to_260_are_refused(self, assumptions, weeks):
        with pytest.raises(ValueError, match="weeks must be a whole number from 1 to 260"):
            kcost.project(assumptions, ["ketamine-iv"], weeks)

    def test_longest_horizon(self, assumptions):
        # 260 weeks = days 0..1819: boosters 17 + 14k ≤ 1819 → k ≤ 128.7 → 128; 250 + 134 × 550
        assert one(assumptions, "ketamine-iv", 260).total_cost == pytest.approx(73950)

    def test_unknown_plan_is_refused(self, assumptions):
        with pytest.raises(KeyError, match="nosuch"):
            kcost.project(assumptions, ["nosuch"], 52)


class TestEsketaminePublishedListPrice:
    """2019 list price: $590 per 56 mg session, $885 per 84 mg, no other fee; weekly from week 5."""

    NO_FEE = Override(("plans", "esketamine", "sessions", "treatments", "add_ons", "administration_and_observation"), 0)
    WEEKLY = Override(("plans", "esketamine", "sessions", "treatments", "maintenance_every_weeks"), 1)

    def _project(self, assumptions, *extra):
        return one(assumptions, "esketamine", 52, overrides=[self.NO_FEE, self.WEEKLY, *extra])

    def _four_week_blocks(self, plan):
        ends = plan.cumulative_patient[27::28]  # days 27, 55, …, 363: the ends of weeks 4, 8, …, 52
        assert len(ends) == 13
        return np.diff(ends, prepend=0.0)

    def test_56_mg_throughout(self, assumptions):
        p = self._project(assumptions)
        assert p.first_4_weeks_cost == pytest.approx(4720)  # 8 × 590
        blocks = self._four_week_blocks(p)
        assert blocks[0] == pytest.approx(4720)
        assert blocks[1:].tolist() == pytest.approx([2360] * 12)  # weeks 5–8, …, 49–52: 4 × 590 each
        assert p.total_sessions == 56  # 8 + 4 + 44
        assert p.total_cost == pytest.approx(33040)  # 56 × 590

    def test_first_session_56_mg_then_84_mg(self, assumptions):
        p = self._project(assumptions, Override(("plans", "esketamine", "sessions", "treatments", "price"), 885))
        assert p.first_4_weeks_cost == pytest.approx(6785)  # 590 + 7 × 885
        blocks = self._four_week_blocks(p)
        assert blocks[0] == pytest.approx(6785)
        assert blocks[1:].tolist() == pytest.approx([3540] * 12)  # 4 × 885
        assert p.total_cost == pytest.approx(49265)  # 590 + 55 × 885

    def test_first_session_price_counts_once(self, assumptions):
        p = self._project(assumptions, Override(("plans", "esketamine", "sessions", "treatments", "price"), 885))
        # day 0: 590; day 3: 590 + 885
        assert p.cumulative_patient[:4].tolist() == pytest.approx([590, 590, 590, 1475])


class TestMainInputs:
    """Each main input reaches exactly the plans whose main_inputs declare it."""

    BASE_TOTALS = {
        "ketamine-iv": 16750,
        "ketamine-im": 18300,
        "ketamine-at-home": 5597,
        "esketamine": 61040,
        "ssri-generic": 1262.09,  # 350 + 900 + 13 fills × 30 × 0.031
        "ssri-cbt": 3213.69,  # + 14 × 139.4
        "cbt-only": 1951.6,  # 14 × 139.4
    }

    def _totals(self, assumptions, inputs):
        projection = kcost.project(assumptions, None, 52, inputs=inputs)
        return {p.plan_id: p.total_cost for p in projection.plans}

    def test_base_totals(self, year):
        assert {p.plan_id: p.total_cost for p in year.plans} == pytest.approx(self.BASE_TOTALS)

    def test_no_inputs_change_nothing(self, assumptions):
        assert self._totals(assumptions, MainInputs()) == pytest.approx(self.BASE_TOTALS)

    def test_session_price(self, assumptions):
        expected = dict(self.BASE_TOTALS)
        expected["ketamine-iv"] = 18250  # 250 + 30 × 600
        expected["ketamine-im"] = 22500  # 450 + 2 × 175 + 28 × (600 + 175) = 800 + 21 700
        expected["ketamine-at-home"] = 17400  # 29 × 600
        assert self._totals(assumptions, MainInputs(session_price=600)) == pytest.approx(expected)

    def test_induction_sessions(self, assumptions):
        expected = dict(self.BASE_TOTALS)
        # IV: 8 at 2 a week → last on day 24; boosters 24 + 14k ≤ 363 → 24; 250 + 32 × 550
        expected["ketamine-iv"] = 17850
        # IM: 8 weekly dosing sessions, days 14..63; maintenance 63 + 14k ≤ 363 → 21; 450 + 350 + 29 × 625
        expected["ketamine-im"] = 18925
        # at home: 8 weekly → last on day 49; renewals 49 + 14k ≤ 363 → 22; 30 × 193
        expected["ketamine-at-home"] = 5790
        assert self._totals(assumptions, MainInputs(induction_sessions=8)) == pytest.approx(expected)

    def test_booster_every_weeks(self, assumptions):
        expected = dict(self.BASE_TOTALS)
        # IV: 17 + 28k ≤ 363 → 12 boosters; 250 + 18 × 550
        expected["ketamine-iv"] = 10150
        # IM: last dosing day 49; 49 + 28k ≤ 363 → 11 doses; 450 + 350 + 17 × 625
        expected["ketamine-im"] = 11425
        # at home: 35 + 28k ≤ 363 → 11 renewals; 17 × 193
        expected["ketamine-at-home"] = 3281
        assert self._totals(assumptions, MainInputs(booster_every_weeks=4)) == pytest.approx(expected)

    def test_booster_every_zero_weeks_means_no_boosters(self, assumptions):
        expected = dict(self.BASE_TOTALS)
        expected["ketamine-iv"] = 3550  # 250 + 6 × 550
        expected["ketamine-im"] = 4550  # 450 + 2 × 175 + 6 × 625
        expected["ketamine-at-home"] = 1158  # 6 × 193
        assert self._totals(assumptions, MainInputs(booster_every_weeks=0)) == pytest.approx(expected)
        p = one(assumptions, "ketamine-iv", inputs=MainInputs(booster_every_weeks=0))
        assert p.sessions == {"infusions": {"induction": 6}}
        assert p.monthly_cost_after_induction == 0

    def test_no_induction_and_no_boosters_leaves_the_one_off_charges(self, assumptions):
        # IV: consultation only; IM: 450 + 2 preparation sessions × 175, no dosing session
        inputs = MainInputs(induction_sessions=0, booster_every_weeks=0)
        got = self._totals(assumptions, inputs)
        assert got["ketamine-iv"] == pytest.approx(250)
        assert got["ketamine-im"] == pytest.approx(800)
        assert got["ketamine-at-home"] == pytest.approx(0)
        assert one(assumptions, "ketamine-iv", inputs=inputs).onset_days[1] == np.inf

    def test_no_induction_boosters_start_on_the_first_day(self, assumptions):
        # boosters every 2 weeks from day 0: 14k ≤ 363 → k = 0..25, 26 sessions; 250 + 26 × 550
        p = one(assumptions, "ketamine-iv", inputs=MainInputs(induction_sessions=0))
        assert p.sessions == {"infusions": {"induction": 0, "booster": 26}}
        assert p.total_cost == pytest.approx(14550)
        assert p.cost_until_onset == pytest.approx(800)  # first booster on day 0, onset 4 h later

    def test_ssri_daily_cost(self, assumptions):
        expected = dict(self.BASE_TOTALS)
        expected["ssri-generic"] = 1640  # 350 + 900 + 13 fills × 30 × 1.00
        expected["ssri-cbt"] = 3591.6  # 350 + 900 + 1951.6 + 13 × 30
        assert self._totals(assumptions, MainInputs(ssri_daily_cost=1.0)) == pytest.approx(expected)

    def test_session_price_outside_the_published_range_is_accepted(self, assumptions):
        # the price range 300–1500 widens to include a user's own $2,000 clinic: 250 + 30 × 2000
        assert one(assumptions, "ketamine-iv", inputs=MainInputs(session_price=2000)).total_cost == pytest.approx(60250)

    def test_inputs_change_only_the_selected_plans_monthly_figure(self, assumptions):
        # boosters every 4 weeks: 30.4375 × 550 ÷ 28 = 597.879…
        p = one(assumptions, "ketamine-iv", inputs=MainInputs(booster_every_weeks=4))
        assert p.monthly_cost_after_induction == pytest.approx(597.879464, abs=1e-5)

    def test_negative_session_price_is_refused(self, assumptions):
        with pytest.raises(kcost.AssumptionsError, match=r"price\.base: must be ≥ 0 \(from --session-price\)"):
            kcost.project(assumptions, ["ketamine-iv"], 52, inputs=MainInputs(session_price=-5))

    def test_assumptions_object_is_not_changed(self, assumptions):
        kcost.project(assumptions, None, 52, inputs=MainInputs(session_price=999))
        assert assumptions.plans["ketamine-iv"].sessions["infusions"].price.base == 550


class TestCrossoversBetweenPlans:
    def test_at_home_overtakes_ssri_in_week_2(self, assumptions):
        projection = kcost.project(assumptions, ["ketamine-at-home", "ssri-generic"], 52)
        # day 6: 193 < 350 + 0.93 (intake and the first fill); day 7: 2 × 193 = 386 > 350.93; never crosses back
        assert [c.to_dict() for c in projection.crossovers] == [
            {"day": 7, "week": 2, "overtaking_plan": "ketamine-at-home", "overtaken_plan": "ssri-generic"}
        ]

    def test_costlier_from_day_0_is_no_crossover(self, assumptions):
        # IV day 0: 800 > 351.02 and stays ahead
        assert kcost.project(assumptions, ["ketamine-iv", "ssri-generic"], 52).crossovers == []


class TestToDict:
    def test_shape_and_rounding(self, assumptions):
        d = kcost.project(assumptions, ["ketamine-iv"], 4).to_dict()
        assert d["horizon_weeks"] == 4
        plan = d["plans"][0]
        assert plan["id"] == "ketamine-iv"
        assert plan["total_cost"] == 3550.0
        assert plan["monthly_cost_after_induction"] == 1195.76  # 1195.758… to the cent
        assert plan["onset_days"] == {"low": 0.04, "base": 0.17, "high": 8.0}  # 1/24, 4/24, 8
        assert plan["cumulative_cost_by_week"] == [1350.0, 2450.0, 3550.0, 3550.0]
        assert d["crossovers"] == []

    def test_onset_never_reached_is_null(self, assumptions):
        # IM with 2 dosing sessions and no maintenance: a 3rd session never comes
        no_more = MainInputs(induction_sessions=2, booster_every_weeks=0)
        p = one(assumptions, "ketamine-im", inputs=no_more)
        assert p.onset_days[2] == np.inf
        d = kcost.project(assumptions, ["ketamine-im"], 52, inputs=no_more).to_dict()
        assert d["plans"][0]["onset_days"]["high"] is None


# --- properties ------------------------------------------------------------------------------

KETAMINE = ["ketamine-iv", "ketamine-im", "ketamine-at-home"]
ALL_PLANS = [*KETAMINE, "esketamine", "ssri-generic", "ssri-cbt", "cbt-only"]

def inputs_strategy_from(min_induction: int):
    return st.builds(
        MainInputs,
        session_price=st.none() | st.floats(0, 3000),
        induction_sessions=st.none() | st.integers(min_induction, 12),
        booster_every_weeks=st.none() | st.sampled_from([0.0, 1.0, 4.0]) | st.floats(0.5, 26),
        ssri_daily_cost=st.none() | st.floats(0, 5),
    )


# The invariants below are checked with at least one induction session; streams with no session at all
# are covered by TestMainInputs and by TestProjectionAgreesWithTheFormula (which also draws 0).
inputs_strategy = inputs_strategy_from(1)


class TestEngineProperties:
    @PROPERTY
    @given(plan=st.sampled_from(ALL_PLANS), inputs=inputs_strategy, weeks=st.integers(1, 260))
    def test_cumulative_cost_never_decreases(self, plan, inputs, weeks):
        p = one(ASSUMPTIONS, plan, weeks, inputs=inputs)
        assert np.all(np.diff(p.cumulative_patient) >= 0)
        assert np.all(np.diff(p.cumulative_full) >= 0)
        assert p.cumulative_patient[0] >= 0

    @PROPERTY
    @given(plan=st.sampled_from(["ketamine-iv", "ketamine-at-home"]), price=st.floats(1, 3000), inputs=inputs_strategy)
    def test_session_part_scales_linearly_with_session_price(self, plan, price, inputs):
        add_on = (
            ("plans", "ketamine-iv", "sessions", "infusions", "add_ons", "integration_therapy")
            if plan == "ketamine-iv"
            else ("plans", "ketamine-at-home", "sessions", "programme", "add_ons", "integration_coaching")
        )
        zeroed = [Override(("plans", "ketamine-iv", "one_off", "consultation"), 0), Override(add_on, 0)]
        schedule = dict(induction_sessions=inputs.induction_sessions, booster_every_weeks=inputs.booster_every_weeks)
        single = MainInputs(session_price=price, **schedule)
        double = MainInputs(session_price=2 * price, **schedule)
        a = one(ASSUMPTIONS, plan, 52, inputs=single, overrides=zeroed)
        b = one(ASSUMPTIONS, plan, 52, inputs=double, overrides=zeroed)
        np.testing.assert_allclose(b.cumulative_patient, 2 * a.cumulative_patient, rtol=1e-12)
        np.testing.assert_allclose(a.cumulative_patient, price * sum_sessions_by_day(a), rtol=1e-12)

    @PROPERTY
    @given(
        plan=st.sampled_from(KETAMINE),
        shorter=st.floats(0.2, 26),
        longer=st.floats(0.2, 26),
        weeks=st.integers(1, 260),
    )
    def test_shorter_booster_interval_never_costs_less(self, plan, shorter, longer, weeks):
        shorter, longer = sorted((shorter, longer))
        a = one(ASSUMPTIONS, plan, weeks, inputs=MainInputs(booster_every_weeks=shorter))
        b = one(ASSUMPTIONS, plan, weeks, inputs=MainInputs(booster_every_weeks=longer))
        assert np.all(a.cumulative_patient >= b.cumulative_patient - 1e-9)
        assert a.monthly_cost_after_induction >= b.monthly_cost_after_induction - 1e-9

    @PROPERTY
    @given(
        plan=st.sampled_from(ALL_PLANS),
        deductible=st.floats(0, 5_000),
        coinsurance=st.floats(0, 100),
        copay=st.none() | st.floats(0, 300),
        inputs=inputs_strategy,
    )
    def test_insured_cost_never_exceeds_cash_cost(self, plan, deductible, coinsurance, copay, inputs):
        insurance = Insurance(
            deductible=deductible, coinsurance_pct=coinsurance, oop_max=max(deductible, 9_200),
            copay_visit=copay, copay_session=copay, copay_fill=copay,
        )
        cash = one(ASSUMPTIONS, plan, 52, inputs=inputs)
        scenario = Scenario(plans=(plan,), inputs=inputs, insured=frozenset({plan}), insurance=insurance)
        ins = kcost.project(ASSUMPTIONS, scenario).plan(plan)
        assert np.all(ins.cumulative_patient <= cash.cumulative_patient + 1e-9)
        np.testing.assert_allclose(ins.cumulative_full, cash.cumulative_full)

    @PROPERTY
    @given(
        plan=st.sampled_from(ALL_PLANS),
        inputs=inputs_strategy,
        bound=st.sampled_from(["low", "base", "high"]),
        sessions_needed=st.none() | st.integers(1, 10),
        hours=st.none() | st.floats(0, 72),
    )
    def test_onset_low_le_base_le_high(self, plan, inputs, bound, sessions_needed, hours):
        overrides = []
        if plan in (*KETAMINE, "esketamine"):
            onset = ("plans", plan, "onset")
            if sessions_needed is not None:
                overrides.append(Override((*onset, "sessions_needed"), sessions_needed))
            if hours is not None:
                overrides.append(Override((*onset, "hours_after_dose"), hours))
        projection = kcost.project(
            ASSUMPTIONS, [plan], 52, inputs=inputs, overrides=overrides, pick=pick_bound(bound)
        )
        low, base, high = projection.plan(plan).onset_days
        assert low <= base <= high
        assert low >= 0


class TestProjectionAgreesWithTheFormula:
    @PROPERTY
    @given(
        plan=st.sampled_from(ALL_PLANS),
        inputs=inputs_strategy_from(0),
        weeks=st.integers(1, 260),
        bound=st.sampled_from(["low", "base", "high"]),
        fill_days=st.sampled_from([30, 90]),
    )
    @example(plan="ketamine-im", inputs=MainInputs(induction_sessions=0), weeks=52, bound="base", fill_days=30)
    def test_daily_series_is_the_closed_form_cumulative_cost(self, plan, inputs, weeks, bound, fill_days):
        # Paid in cash, the patient pays the full price: the ledger's running total is the closed form.
        scenario = Scenario(plans=(plan,), weeks=weeks, inputs=inputs, insurance=Insurance(fill_days=fill_days))
        p = kcost.project(ASSUMPTIONS, scenario, pick=pick_bound(bound)).plan(plan)
        days = np.arange(7 * weeks)
        closed = cumulative_cost(p.priced, days, fill_days)[0]
        np.testing.assert_allclose(p.cumulative_full, closed, rtol=1e-12, atol=1e-9)
        np.testing.assert_allclose(p.cumulative_patient, closed, rtol=1e-12, atol=1e-9)


def sum_sessions_by_day(p) -> np.ndarray:
    """Total sessions on or before each day, from the plan's own schedules."""
    days = np.arange(len(p.cumulative_patient))
    return sum(sum(sessions_through(s.schedule, days).values())[0] for s in p.priced.streams)


class TestLowLevelFunctions:
    def test_cumulative_cost_formula_example(self, assumptions):
        # C(20) = 250 + 6 × 550 = 3550 (docstring); C(2) = 250 + 550 (only day 0)
        priced = price_plan(assumptions, "ketamine-iv")
        assert cumulative_cost(priced, np.array([2, 20]))[0].tolist() == pytest.approx([800, 3550])

    def test_monthly_cost_after_induction_of_full_price(self, assumptions):
        priced = price_plan(assumptions, "esketamine")
        # full price per session 1090 every week: 30.4375 × 1090 ÷ 7
        assert monthly_cost_after_induction(priced)[0] == pytest.approx(4739.553571, abs=1e-5)

    def test_pick_high_takes_every_high_value(self, assumptions):
        priced = price_plan(assumptions, "ketamine-iv", pick_bound("high"))
        # consultation 350; 8 infusions at 3 a week: floor(7i/3) = 0, 2, 4, 7, 9, 11, 14, 16 → last 16;
        # boosters every 6 weeks: 16 + 42 = 58; price 1500 + integration 200 = 1700
        c = cumulative_cost(priced, np.array([16, 57, 58]))[0]
        assert c.tolist() == pytest.approx([350 + 8 * 1700, 350 + 8 * 1700, 350 + 9 * 1700])


class TestFullPriceByDay:
    """The full price through every day straight from the schedule (no ledger), as simulate_daily uses it."""

    def test_intake_fills_and_weekly_visits(self):
        """$350 intake, $0.50 a day in 30-day fills ($15 each), weekly $150 visits from day 0, 31 days.

        Day 0: 350 + 15 + 150 = 515; day 6: 515; day 7: 665; day 29: 515 + 4 × 150 = 1,115 (visits on days
        7, 14, 21, 28); day 30: 1,115 + 15 = 1,130 (the second fill).
        """
        def charge(kind, amount):
            return PricedCharge(kind, kind, False, np.array([amount]), np.array([amount]), None)

        weekly = PricedStream("visits", "Visits", Schedule.build([("weekly", 10, 1)]), (charge("visit", 150.0),), {})
        plan = PricedPlan("p", "P", "ssri", (charge("visit", 350.0),), charge("fill", 0.5), (weekly,), np.zeros(1),
                          lambda: ((np.zeros(1),) * 3, None))  # fmt: skip
        daily = full_price_by_day(plan, 31, fill_days=30)
        assert daily[0, [0, 6, 7, 29, 30]].tolist() == pytest.approx([515, 515, 665, 1115, 1130])

    @settings(max_examples=60, deadline=None)
    @given(
        plan=st.sampled_from(list(ASSUMPTIONS.plans)),
        weeks=st.integers(1, 260),
        fill_days=st.sampled_from([30, 90]),
        seed=st.integers(0, 2**16),
    )
    def test_same_figures_as_the_ledger(self, plan, weeks, fill_days, seed):
        """Every shipped plan, 40 sampled draws (ranged prices, counts and intervals): same as binning the ledger."""
        priced = price_plan(ASSUMPTIONS, plan, sampling_pick(40, seed))
        ledger = build_ledger(priced, 7 * weeks, fill_days)
        expected = cumulative_by_day(ledger, ledger.amount, 7 * weeks)
        np.testing.assert_allclose(full_price_by_day(priced, 7 * weeks, fill_days), expected, rtol=1e-12, atol=1e-9)
