"""The one-walk insurance pass (kcost.model.weekly_pass) against the reference route.

The reference is the ledger route :func:`simulate` took before: build_ledger → pay (the
column-by-column pass of kcost.model.payment) → cumulative_by_week and
cost_of_trying_from_charges. The walk must give the same figures, to well under a cent.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcost.model.ledger import build_ledger, cumulative_by_week
from kcost.model.outcome import cost_of_trying_from_charges
from kcost.model.payment import pay
from kcost.model.priced_plan import PricedCharge, PricedPlan, PricedProgramme, PricedStream, price_plan
from kcost.model.scenario import Insurance
from kcost.model.schedule import Schedule
from kcost.model.uncertainty import sampling_pick
from kcost.model.weekly_pass import fits_one_walk, patient_weekly
from test_payment import ASSUMPTIONS, insurances  # the same random insurance terms as the payment properties


def plan(one_off=(), charges=(), schedule=None, superbill=0.0):
    streams = () if schedule is None else (PricedStream("s", "S", schedule, tuple(charges), {}),)
    return PricedPlan("p", "P", "ketamine", tuple(one_off), None, streams, np.atleast_1d(np.asarray(superbill, float)),
                      lambda: ((np.zeros(1),) * 3, None))


def charge(kind, amount, covered=True, first=None, programme=None):
    amount = np.atleast_1d(np.asarray(amount, float))
    first = amount if first is None else np.atleast_1d(np.asarray(first, float))
    return PricedCharge(f"c.{kind}", kind, covered, amount, first, programme)


def reference(priced, weeks, insured, insurance, decision_days=None):
    ledger = build_ledger(priced, 7 * weeks, insurance.fill_days)
    patient = pay(ledger, insured, insurance, priced.superbill_pct).patient
    weekly = cumulative_by_week(ledger, patient, weeks)
    trying = None
    if decision_days is not None:
        trying = cost_of_trying_from_charges(ledger.day, patient, decision_days, 7 * weeks)
    return weekly, trying


class TestWorkedExample:
    def test_the_module_docstring_example(self):
        """$1,000 infusions on days 0, 3, 7, 10; $1,500 deductible, 20 %, $4,000 maximum.

        Totals after each: 1,000; 1,000 + 500 + 0.2 × 500 = 1,600; 1,800; 2,000.
        Points: day 0 → 1,000; week 1 (days 0–6) → 1,600; week 2 (days 7–13) → 2,000; week 3 → 2,000.
        Decision on day 5: 1,600 (days 0 and 3).
        """
        p = plan(charges=[charge("session", 1000)], schedule=Schedule.build([("induction", 4, 2)]))
        terms = Insurance(deductible=1500, coinsurance_pct=20, oop_max=4000)
        weekly, trying = patient_weekly(p, 3, True, terms, np.array([5.0]))
        assert weekly.tolist() == [[1000, 1600, 2000, 2000]]
        assert trying.tolist() == [1600]

    def test_programme_and_an_uncovered_add_on_with_a_superbill(self):
        """Drug $600 (programme: $10 a session, cap $1,000), observation $500 not covered, 40 % superbill,
        weekly for 3 weeks; deductible $0, coinsurance 50 %, maximum $10,000.

        Each session: drug share 300, the programme pays 290 while its cap lasts (290, 290, 290 = 870,
        then 130 of the 4th's 290 — only 3 sessions here); the observation costs 500 − 200 = 300.
        Per session 10 + 300 = 310: week points 310 (day 0), 310, 620, 930.
        """
        programme = PricedProgramme("help", np.array([10.0]), np.array([1000.0]), True)
        p = plan(charges=[charge("drug", 600, programme=programme), charge("session", 500, covered=False)],
                 schedule=Schedule.build([("weekly", 3, 1)]), superbill=40)
        terms = Insurance(deductible=0, coinsurance_pct=50, oop_max=10_000)
        weekly, _ = patient_weekly(p, 3, True, terms)
        assert weekly[0].tolist() == pytest.approx([310, 310, 620, 930])
        # Government insurance bars this commercial-only programme: 300 + 300 a session.
        weekly, _ = patient_weekly(p, 3, True, terms.model_copy(update={"government": True}))
        assert weekly[0].tolist() == pytest.approx([600, 600, 1200, 1800])

    def test_a_draw_at_its_maximum_left_out_of_a_chunk_still_counts_after_renewal(self):
        """$1 visits weekly from day 14 (the first free), 7 %, $1 maximum, plan year renewing on day 182.

        Year 1: 23 paid visits (days 21 to 175) × 0.07 = 1.61, capped at 1.00. Year 2: visits on days 182 to
        238, 9 × 0.07 = 0.63. Total 1.63 at week 35, also as the cost through a decision never taken. Two other
        draws (no boosters; $0 every 2 weeks) make the walk leave the capped draw out of the chunks before
        its renewal, and the decision-day total must still see what it paid after.
        """
        schedule = Schedule.build([], maintenance_weeks=np.array([1.0, 0.0, 2.0]), start_week=2.0)
        p = plan(charges=[charge("visit", [1.0, 0.0, 0.0], first=[0.0])], schedule=schedule, superbill=np.zeros(3))
        terms = Insurance(deductible=0, coinsurance_pct=7, oop_max=1, renews_in_weeks=26)
        weekly, trying = patient_weekly(p, 35, True, terms, np.full(3, np.inf))
        assert weekly[0, 26] == pytest.approx(1.00)  # through day 181
        assert weekly[0, -1] == pytest.approx(1.00 + 9 * 0.07)
        assert trying.tolist() == pytest.approx([1.63, 0.0, 0.0])

    def test_two_renewals_inside_one_chunk_of_columns(self):
        """$100 visits every 20 weeks from day 140 (days 140, 280, 420, 560, 700), $150 deductible, 0 %,
        plan years renewing on days 70 and 434; 104 weeks.

        The walk lays out 8 columns at a time, so all five visits fall in one chunk, across two renewals.
        Year from day 70: 100 + 50 + 0 = 150. Year from day 434: 100 + 50 = 150. Total 300.
        """
        schedule = Schedule.build([], maintenance_weeks=np.array([20.0]), start_week=20.0)
        p = plan(charges=[charge("visit", 100)], schedule=schedule)
        terms = Insurance(deductible=150, coinsurance_pct=0, oop_max=10_000, renews_in_weeks=10)
        weekly, _ = patient_weekly(p, 104, True, terms)
        assert weekly[0, [20, 40, 60, 80, 100, 104]].tolist() == [0, 100, 150, 150, 250, 300]

    def test_each_plan_year_starts_afresh_for_draws_whose_sessions_fall_on_different_days(self):
        """Boosters of $1,000 every 3 and every 5 weeks from day 0, $1,500 deductible, 20 %, $2,000 maximum,
        plan years renewing on days 70 and 434; 60 weeks (days 0..419).

        Draw 1 (days 0, 21, 42, 63 | 84, 105, …, 399): year 1: 1,000 + (500 + 100) + 200 + 200 = 2,000 (capped);
        year 2 (15 sessions): 1,000 + 600 + 200 + 200 = 2,000 reached after the 4th (day 147), then 0. Total 4,000.
        Draw 2 (days 0, 35 | 70, 105, …, 385): year 1: 1,000 + 600 = 1,600; year 2 (10 sessions):
        1,000 + 600 + 200 + 200 = 2,000 after the 4th (day 175). Total 3,600.
        Week 10 (through day 69): 2,000 and 1,600; week 25 (through day 174): 4,000 and 3,400.
        """
        schedule = Schedule.build([], maintenance_weeks=np.array([3.0, 5.0]))
        p = plan(charges=[charge("session", 1000)], schedule=schedule, superbill=np.zeros(2))
        terms = Insurance(deductible=1500, coinsurance_pct=20, oop_max=2000, renews_in_weeks=10)
        weekly, _ = patient_weekly(p, 60, True, terms)
        assert weekly[:, 10].tolist() == pytest.approx([2000, 1600])
        assert weekly[:, 25].tolist() == pytest.approx([4000, 3400])
        assert weekly[:, -1].tolist() == pytest.approx([4000, 3600])

    def test_a_first_session_price_shared_by_every_draw_when_the_year_renews_on_that_day(self):
        """A first session at $1 (then $0) on day 7, uncovered, plan year renewing on day 7; two draws, 2 weeks.

        Both draws pay the $1 first-session price in week 2 (days 7–13). Hypothesis found the walk once
        leaving the second draw out when the first column was worked out once for both draws.
        """
        schedule = Schedule.build([], maintenance_weeks=np.array([1.0]), start_week=1.0)
        p = plan(one_off=[charge("visit", 0.0)], charges=[charge("visit", [0.0, 0.0], covered=False, first=[1.0])],
                 schedule=schedule, superbill=np.zeros(2))
        terms = Insurance(deductible=0, coinsurance_pct=0, oop_max=0, renews_in_weeks=1)
        weekly, _ = patient_weekly(p, 2, True, terms, np.array([np.inf]))
        assert weekly.tolist() == [[0, 0, 1], [0, 0, 1]]

    def test_only_plans_in_day_order_fit(self):
        assert fits_one_walk(price_plan(ASSUMPTIONS, "esketamine"))
        assert not fits_one_walk(price_plan(ASSUMPTIONS, "ssri-generic"))  # fills
        with pytest.raises(ValueError):
            patient_weekly(price_plan(ASSUMPTIONS, "ssri-generic"), 4, False)


# --- properties ---------------------------------------------------------------------------------

KINDS = st.sampled_from(["visit", "session", "drug"])


@st.composite
def random_plans(draw):
    """One-off charges and one stream with per-draw amounts, counts, rates and booster intervals."""
    n = draw(st.integers(1, 5))

    def per_draw(low, high):
        shared = draw(st.booleans())
        return np.array(draw(st.lists(st.floats(low, high), min_size=1 if shared else n, max_size=1 if shared else n)))

    programmes = [PricedProgramme("a", per_draw(0, 50), per_draw(0, 3_000), draw(st.booleans())),
                  PricedProgramme("b", per_draw(0, 50), per_draw(0, 3_000), False)]

    def a_charge():
        programme = draw(st.none() | st.sampled_from(programmes))
        return PricedCharge("c", draw(KINDS), draw(st.booleans()), per_draw(0, 1_500), per_draw(0, 1_500), programme)

    one_off = [a_charge() for _ in range(draw(st.integers(0, 2)))]
    schedule = None
    charges = []
    if draw(st.booleans()) or not one_off:
        phases = [(f"p{i}", per_draw(0, 12), per_draw(0.25, 4)) for i in range(draw(st.integers(0, 2)))]
        schedule = Schedule.build(phases, maintenance_weeks=per_draw(0, 6) * draw(st.sampled_from([0, 1])),
                                  start_week=per_draw(0, 8))
        charges = [a_charge() for _ in range(draw(st.integers(1, 3)))]
    # The superbill share has one value a draw, so every plan has n draws (as a priced plan from a pick does).
    return plan(one_off, charges, schedule, np.array(draw(st.lists(st.floats(0, 100), min_size=n, max_size=n))))


class TestSameAsTheLedgerRoute:
    @settings(max_examples=300, deadline=None)
    @given(priced=random_plans(), insurance=insurances(), insured=st.booleans(), weeks=st.integers(1, 170),
           decision=st.lists(st.floats(0, 1_300) | st.just(np.inf), min_size=1, max_size=5))
    def test_weekly_points_and_decision_cost_match_the_reference(self, priced, insurance, insured, weeks, decision):
        """Also when the walk drops draws whose sessions are over: each draw has its own decision day."""
        n = priced.superbill_pct.shape[0]
        days = np.resize(np.array(decision), n)
        expected_weekly, expected_trying = reference(priced, weeks, insured, insurance, days)
        weekly, trying = patient_weekly(priced, weeks, insured, insurance, days)
        np.testing.assert_allclose(weekly, np.broadcast_to(expected_weekly, weekly.shape), rtol=0, atol=1e-6)
        np.testing.assert_allclose(trying, expected_trying, rtol=0, atol=1e-6)

    @settings(max_examples=40, deadline=None)
    @given(plan_id=st.sampled_from([p for p in ASSUMPTIONS.plans if fits_one_walk(price_plan(ASSUMPTIONS, p))]),
           insurance=insurances(), insured=st.booleans())
    def test_shipped_plans_with_drawn_parameters(self, plan_id, insurance, insured):
        """64 draws over 5 years: boosters every 1 to 6 weeks end at different columns, so the walk drops draws."""
        priced = price_plan(ASSUMPTIONS, plan_id, sampling_pick(64, 5))
        decision = np.linspace(0, 400, 64)
        expected, expected_trying = reference(priced, 260, insured, insurance, decision)
        weekly, trying = patient_weekly(priced, 260, insured, insurance, decision)
        np.testing.assert_allclose(weekly, expected, rtol=0, atol=1e-6)
        np.testing.assert_allclose(trying, expected_trying, rtol=0, atol=1e-6)
