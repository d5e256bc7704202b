"""The payment pass: deductible, coinsurance or copays, out-of-pocket maximum, plan years, copay programme.

Every expected figure is worked out by hand in the test's docstring or comments, from
data/pricing.yaml (esketamine: drug $590 a session, administration and observation $500;
programme $10 a treatment up to $7,150 a year) or from overrides stated in the test.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kcost
from kcost.model.assumptions import MainInputs, Override, with_overrides
from kcost.model.ledger import KINDS, build_ledger
from kcost.model.payment import pay, plan_year_of_day
from kcost.model.priced_plan import price_plan
from kcost.model.scenario import Insurance, Scenario
from kcost.model.uncertainty import sampling_pick

PROPERTY = settings(max_examples=60, deadline=None)
ASSUMPTIONS = kcost.load_assumptions()
ALL_PLANS = list(ASSUMPTIONS.plans)

IV = ("plans", "ketamine-iv")
# IV at $1,000 a session, no consultation, 6 induction sessions (2 a week) then weekly boosters, covered.
IV_1000 = with_overrides(
    ASSUMPTIONS,
    [
        Override((*IV, "sessions", "infusions", "price"), 1000),
        Override((*IV, "one_off", "consultation"), 0),
        Override((*IV, "sessions", "infusions", "maintenance_every_weeks"), 1),
        Override((*IV, "billing", "covered"), True),
    ],
)
TERMS = dict(deductible=1500, coinsurance_pct=20, oop_max=4000)


def iv_projection(**insurance):
    scenario = Scenario(plans=("ketamine-iv",), weeks=104, insured=frozenset({"ketamine-iv"}), insurance=Insurance(**insurance))
    return kcost.project(IV_1000, scenario).plan("ketamine-iv")


class TestIvWithDeductibleAndOutOfPocketMaximum:
    def test_the_patient_pays_the_maximum_in_each_plan_year(self):
        """Sessions on days 0, 3, 7, 10, 14, 17, then 24, 31, … (weekly): 107 in 104 weeks (6 + boosters 24…721).

        Plan year 1 (days 0–363): infusion 1 pays 1,000 of the deductible; infusion 2 the last 500, then
        20 % of 500 = 100 (600); then 200 each. 1,600 + 12 × 200 = 4,000 after 14 infusions: the maximum.
        Plan year 2 (days 364–727) starts afresh: again 1,000 + 600 + 12 × 200 = 4,000.
        Patient 8,000; insurer 107 × 1,000 − 8,000 = 99,000.
        """
        p = iv_projection(**TERMS)
        assert p.patient_by_plan_year == pytest.approx((4000, 4000))
        assert p.total_cost == pytest.approx(8000)
        assert p.insurer_total == pytest.approx(99000)
        assert p.total_full_price == pytest.approx(107000)
        assert p.assistance_total == 0
        # The line bends: 1,000 on day 0, 1,600 by day 3, 4,000 from infusion 14 (the 8th booster, day 73).
        assert p.cumulative_patient[[0, 3, 72, 73, 363]].tolist() == pytest.approx([1000, 1600, 3800, 4000, 4000])

    def test_deductible_partly_met_and_an_early_renewal(self):
        """$1,000 of the deductible already met; the plan year renews in 10 weeks (day 70), then every 52 weeks.

        Plan year 1 (days 0–69): sessions 0, 3, 7, 10, 14, 17, 24, 31, 38, 45, 52, 59, 66 = 13 sessions.
        Infusion 1 pays the 500 left of the deductible plus 20 % of 500 = 600; the 12 others 200 each:
        600 + 12 × 200 = 3,000 (below the 4,000 maximum).
        Plan year 2 (days 70–433): fresh deductible: 1,000 + 600 + 12 × 200 = 4,000 (52 sessions, 73…430).
        Plan year 3 (days 434–727): 42 sessions (437…724), again 4,000.
        Patient 3,000 + 4,000 + 4,000 = 11,000; insurer 107,000 − 11,000 = 96,000.
        """
        p = iv_projection(**TERMS, deductible_met=1000, renews_in_weeks=10)
        assert p.patient_by_plan_year == pytest.approx((3000, 4000, 4000))
        assert p.total_cost == pytest.approx(11000)
        assert p.insurer_total == pytest.approx(96000)

    def test_the_deductible_already_met_counts_toward_the_maximum(self):
        """$1,000 of the deductible met and nothing entered as paid toward the limit; renewal in 20 weeks (day 140).

        Found by an acceptance check: the first plan year let the patient pay the whole $4,000 again.
        The $1,000 already paid counts toward the $4,000 maximum, leaving $3,000: infusion 1 pays the
        500 left of the deductible + 20 % of 500 = 600, then 200 each, 600 + 12 × 200 = 3,000 after 13
        infusions, then nothing until day 140. Years 2 and 3: 4,000 each.
        """
        p = iv_projection(**TERMS, deductible_met=1000, renews_in_weeks=20)
        assert p.patient_by_plan_year == pytest.approx((3000, 4000, 4000))
        # Entering the same $1,000 as paid toward the limit changes nothing.
        again = iv_projection(**TERMS, deductible_met=1000, oop_met=1000, renews_in_weeks=20)
        assert again.patient_by_plan_year == pytest.approx((3000, 4000, 4000))

    def test_out_of_pocket_already_met(self):
        # 3,900 of the 4,000 already paid this plan year: infusion 1 costs 100, then nothing until day 364.
        p = iv_projection(**TERMS, oop_met=3900)
        assert p.patient_by_plan_year == pytest.approx((100, 4000))


class TestSertralineFills:
    def _fills(self, **insurance):
        # At $1 a day a 30-day fill costs $30 and a 90-day fill $90, both above the $10 copay.
        scenario = Scenario(
            plans=("ssri-generic",), inputs=MainInputs(ssri_daily_cost=1.0),
            insured=frozenset({"ssri-generic"}), insurance=Insurance(**insurance),
        )
        p = kcost.project(ASSUMPTIONS, scenario).plan("ssri-generic")
        ledger = p.payments.ledger
        fill = (ledger.kind == KINDS.index("fill")) & (ledger.day < 364)
        return int(fill.sum()), float(p.payments.patient[fill].sum())

    def test_a_copay_per_30_day_fill(self):
        # 52 weeks = days 0–363: fills on 0, 30, …, 360 → 13 fills × $10 = $130 (not $10 a day)
        assert self._fills(copay_fill=10) == (13, pytest.approx(130))

    def test_90_day_fills(self):
        # fills on 0, 90, 180, 270, 360 → 5 fills × $10
        assert self._fills(copay_fill=10, fill_days=90) == (5, pytest.approx(50))

    def test_copay_never_exceeds_the_fill(self):
        # a 30-day fill costs 30 × 0.031 = 0.93 in full, below the $10 copay
        scenario = Scenario(plans=("ssri-generic",), insured=frozenset({"ssri-generic"}), insurance=Insurance(copay_fill=10))
        p = kcost.project(ASSUMPTIONS, scenario).plan("ssri-generic")
        fill = p.payments.ledger.kind == KINDS.index("fill")
        assert p.payments.patient[fill][0] == pytest.approx(0.93)

    def test_fill_copay_skips_the_deductible_but_the_visits_do_not(self):
        # Intake 350 and visits 150 go to the $1,787 deductible: 350 + 6 × 150 = 1,250 < 1,787, all paid.
        # Fills: 13 × min(0.93, 5) = 12.09 → 1,262.09.
        scenario = Scenario(plans=("ssri-generic",), insured=frozenset({"ssri-generic"}), insurance=Insurance(copay_fill=5))
        assert kcost.project(ASSUMPTIONS, scenario).plan("ssri-generic").total_cost == pytest.approx(1262.09)

    def test_monthly_figure_is_the_cash_one_while_insurance_pays_nothing(self):
        """Default terms: the $1,787 deductible is never met by the SSRI plan (1,262.09 a year), so the patient pays
        the full price and the monthly figure is the cash steady state, 30.4375 × (0.031 + 150 ÷ 84) = 55.296.

        With a $5 visit copay that skips the deductible the insurer pays 145 of each review, so the figure is the
        average of what the patient pays from the end of the early reviews (day 14 + 3 × 28 = 98) to day 363:
        reviews on days 154, 238 and 322 at $5 = 15, fills on days 120, 150, …, 360 (9 × 0.93 = 8.37, still in
        the deductible) → 23.37 over 266 days = 23.37 × 30.4375 ÷ 266 = 2.674 a month."""
        insured = frozenset({"ssri-generic"})
        still_deductible = kcost.project(ASSUMPTIONS, Scenario(plans=("ssri-generic",), insured=insured)).plan("ssri-generic")
        assert still_deductible.insurer_total == 0
        assert still_deductible.monthly_cost_after_induction == pytest.approx(55.296241, abs=1e-5)
        copay = Scenario(plans=("ssri-generic",), insured=insured, insurance=Insurance(copay_visit=5))
        helped = kcost.project(ASSUMPTIONS, copay).plan("ssri-generic")
        assert helped.insurer_total > 0
        assert helped.monthly_cost_after_induction == pytest.approx(23.37 * 30.4375 / 266)

    def test_discount_card_fills_do_not_count_toward_the_deductible(self):
        """Deductible 1,300: the cash fills (0.93 each) bought with a discount card stay outside insurance.

        With the card the visits alone (350 + 6 × 150 = 1,250) stay under the deductible: all paid, plus
        13 fills × 0.93 = 12.09 → 1,262.09, and the insurer pays nothing."""
        insured = frozenset({"ssri-generic"})
        card = Scenario(plans=("ssri-generic",), insured=insured, insurance=Insurance(deductible=1300, discount_card=True))
        p = kcost.project(ASSUMPTIONS, card).plan("ssri-generic")
        assert p.total_cost == pytest.approx(1262.09)
        assert p.insurer_total == pytest.approx(0)


def esketamine(**insurance):
    scenario = Scenario(plans=("esketamine",), insured=frozenset({"esketamine"}), insurance=Insurance(**insurance))
    return kcost.project(ASSUMPTIONS, scenario).plan("esketamine")


class TestEsketamineCopayProgramme:
    def test_ten_dollars_a_session_until_the_cap_is_spent(self):
        """No deductible, 50 % coinsurance, an out-of-pocket maximum out of reach (100,000), 56 sessions in 52 weeks.

        Drug: the patient's share is 0.5 × 590 = 295; the programme pays 295 − 10 = 285 and the patient 10.
        7,150 ÷ 285 = 25.09: 25 sessions at $10 use 7,125; session 26 gets the last 25 (patient 270);
        sessions 27–56 pay the coinsurance, 295. Drug: 25 × 10 + 270 + 30 × 295 = 9,370.
        Observation: 0.5 × 500 = 250 every session, never helped: 56 × 250 = 14,000.
        Patient 23,370; programme 7,150; insurer 56 × 545 = 30,520; together 61,040 = 56 × 1,090.
        """
        p = esketamine(deductible=0, coinsurance_pct=50, oop_max=100_000)
        assert p.total_cost == pytest.approx(23370)
        assert p.assistance_total == pytest.approx(7150)
        assert p.insurer_total == pytest.approx(30520)
        ledger, paid = p.payments.ledger, p.payments
        drug = ledger.kind[0] == KINDS.index("drug")
        assert paid.patient[0][drug][:26].tolist() == pytest.approx([10] * 25 + [270])
        assert paid.patient[0][drug][26:56].tolist() == pytest.approx([295] * 30)
        assert paid.assistance[0][~drug].sum() == 0  # the observation fee is never paid by the programme

    def test_no_programme_with_government_insurance_or_when_turned_off(self):
        # 56 × (295 + 250) = 30,520 with no help either way
        assert esketamine(deductible=0, coinsurance_pct=50, oop_max=100_000, government=True).total_cost == pytest.approx(30520)
        assert esketamine(deductible=0, coinsurance_pct=50, oop_max=100_000, copay_programme=False).total_cost == pytest.approx(30520)

    @pytest.mark.parametrize(
        ("counts", "patient", "assistance"),
        [
            # Programme payments count: drug 1 (590, all deductible) → patient 10, programme 580, deductible
            # left 410; observation: 410 + 0.5 × 90 = 455, deductible met; then 10 / 285 and 250.
            (True, [10, 455, 10, 250], [580, 0, 285, 0]),
            # Accumulator: only the patient's 10 counts, 990 left; observation 500 (all deductible), 490 left;
            # drug 2: 490 + 0.5 × 100 = 540 → patient 10, programme 530, 480 left; observation 480 + 10 = 490.
            (False, [10, 500, 10, 490], [580, 0, 530, 0]),
        ],
    )
    def test_accumulator_switch(self, counts, patient, assistance):
        p = esketamine(deductible=1000, coinsurance_pct=50, oop_max=100_000, programme_counts_toward_limits=counts)
        assert p.payments.patient[0][:4].tolist() == pytest.approx(patient)
        assert p.payments.assistance[0][:4].tolist() == pytest.approx(assistance)

    def test_a_higher_deductible_can_lower_the_bill_when_programme_payments_count(self):
        """Not a fault: the programme pays more of a bigger share, and what it pays counts toward the maximum.

        50 % coinsurance, out-of-pocket maximum 2,000, drug 590 and observation 500 a session.
        Deductible 0: each session counts 295 (drug: patient 10, programme 285) + 250 (observation) = 545;
        after 3 sessions 1,635; session 4: drug → 1,930, observation min(250, 70) = 70 → 2,000 reached.
        Patient 3 × (10 + 250) + 10 + 70 = 860.
        Deductible 1,000: drug 1 is all deductible, 590 (patient 10, programme 580); observation 410 + 0.5 × 90
        = 455 → 1,045 counted; session 2: 295 + 250 → 1,590; session 3: drug → 1,885, observation 115 → 2,000.
        Patient 10 + 455 + 10 + 250 + 10 + 115 = 850: ten dollars less with the higher deductible.
        """
        low = esketamine(deductible=0, coinsurance_pct=50, oop_max=2000)
        high = esketamine(deductible=1000, coinsurance_pct=50, oop_max=2000)
        assert low.total_cost == pytest.approx(860)
        assert high.total_cost == pytest.approx(850)

    def test_an_accumulator_plan_does_not_lower_the_bill(self):
        """Only the patient's own payments count, so both reach the 2,000 maximum on their own money.

        Deductible 0: 260 a session counts (10 + 250); 7 sessions 1,820, session 8: 10 + 170 → 2,000.
        Deductible 1,000: 10 + 500 + 10 + 490 (deductible met) = 1,010, then 260 a session: 1,790 after
        session 5, session 6: 10 + 200 → 2,000. The patient pays 2,000 either way."""
        for deductible in (0, 1000):
            p = esketamine(deductible=deductible, coinsurance_pct=50, oop_max=2000, programme_counts_toward_limits=False)
            assert p.total_cost == pytest.approx(2000)

    def test_out_of_pocket_maximum_ends_the_programme_too(self):
        # Default terms ($1,787 deductible, 20 %, $9,200 maximum): once the maximum is met the patient's share is 0,
        # so the programme has nothing left to pay; every plan year the patient pays less than the maximum.
        p = esketamine()
        assert max(p.patient_by_plan_year) <= 9200


class TestSuperbill:
    def test_superbill_refunds_a_share_of_each_uncovered_visit_and_session(self):
        # Off-label IV stays uncovered: the $250 consultation (a visit) + 30 × 550 = 16,750; a 40 % superbill refunds
        # 0.4 × 16,750 = 6,700 (the consultation included: a superbill lists every visit and session paid in cash).
        scenario = Scenario(plans=("ketamine-iv",), insured=frozenset({"ketamine-iv"}), insurance=Insurance(superbill_pct=40))
        p = kcost.project(ASSUMPTIONS, scenario).plan("ketamine-iv")
        assert p.total_cost == pytest.approx(10050)
        assert p.superbill_total == pytest.approx(6700)
        assert p.insurer_total == pytest.approx(6700)

    def test_no_superbill_for_a_plan_paid_in_cash(self):
        scenario = Scenario(plans=("ketamine-iv",), insurance=Insurance(superbill_pct=40))
        assert kcost.project(ASSUMPTIONS, scenario).plan("ketamine-iv").total_cost == pytest.approx(16750)


class TestPlanYears:
    def test_plan_year_of_day(self):
        # renewing in 10 weeks: days 0–69 year 0, 70–433 year 1, 434–797 year 2
        days = np.array([0, 69, 70, 433, 434, 797, 798])
        assert plan_year_of_day(days, 10).tolist() == [0, 0, 1, 1, 2, 2, 3]
        assert plan_year_of_day(np.array([363, 364]), 52).tolist() == [0, 1]


# --- properties ---------------------------------------------------------------------------------

copays = st.none() | st.floats(0, 500)


@st.composite
def insurances(draw, **fixed):
    deductible = draw(st.floats(0, 6_000))
    oop = draw(st.floats(deductible, 12_000))
    terms = dict(
        deductible=deductible,
        coinsurance_pct=draw(st.floats(0, 100)),
        oop_max=oop,
        copay_visit=draw(copays),
        copay_session=draw(copays),
        copay_fill=draw(copays),
        copays_skip_deductible=draw(st.frozensets(st.sampled_from(["visit", "session", "fill"]))),
        deductible_met=draw(st.floats(0, 1)) * deductible,
        oop_met=draw(st.floats(0, 1)) * oop,
        renews_in_weeks=draw(st.integers(1, 52)),
        fill_days=draw(st.sampled_from([30, 90])),
        copay_programme=draw(st.booleans()),
        programme_counts_toward_limits=draw(st.booleans()),
        government=draw(st.booleans()),
        discount_card=draw(st.booleans()),
        superbill_pct=draw(st.none() | st.floats(0, 100)),
    )
    terms.update(fixed)
    return Insurance(**terms)


def paid(plan, insurance, weeks=104, draws=None):
    pick = None if draws is None else sampling_pick(draws, 3)
    priced = price_plan(ASSUMPTIONS, plan, pick)
    ledger = build_ledger(priced, 7 * weeks, insurance.fill_days)
    return pay(ledger, True, insurance, priced.superbill_pct)


def assert_cost_does_not_fall(plan, insurance, field, more):
    """Raising ``field`` of ``insurance`` by ``more`` (within its bounds) does not lower what the patient pays."""
    before = getattr(insurance, field)
    if before is None:
        return  # no copay: that kind pays the deductible then coinsurance; raising "none" has no meaning
    top = {"coinsurance_pct": 100.0, "deductible": insurance.oop_max}.get(field, 10_000.0)
    higher = insurance.model_copy(update={field: min(before + more, top)})
    Insurance.model_validate(higher.model_dump())
    assert paid(plan, higher).patient.sum() >= paid(plan, insurance).patient.sum() - 1e-6


class TestProperties:
    @PROPERTY
    @given(plan=st.sampled_from(ALL_PLANS), insurance=insurances())
    def test_patient_insurer_and_programme_add_up_to_the_full_price(self, plan, insurance):
        p = paid(plan, insurance)
        np.testing.assert_allclose(p.patient + p.insurer + p.assistance, p.ledger.amount, atol=1e-9)
        assert np.all(p.patient >= -1e-9) and np.all(p.insurer >= -1e-9) and np.all(p.assistance >= -1e-9)

    @PROPERTY
    @given(plan=st.sampled_from(ALL_PLANS), insurance=insurances())
    def test_out_of_pocket_maximum_holds_in_every_plan_year(self, plan, insurance):
        p = paid(plan, insurance)
        covered = p.ledger.covered & ~((p.ledger.kind == KINDS.index("fill")) & insurance.discount_card)
        for year in np.unique(p.plan_year):
            mine = covered & (p.plan_year == year)
            # What was paid toward the deductible was paid toward the limit too.
            limit = insurance.oop_max - (max(insurance.oop_met, insurance.deductible_met) if year == 0 else 0.0)
            assert p.patient[mine].sum() <= limit + 1e-6
            if insurance.programme_counts_toward_limits:
                # The programme's payments count too, so together they stay under the maximum.
                assert (p.patient + p.assistance)[mine].sum() <= limit + 1e-6

    @PROPERTY
    @given(
        plan=st.sampled_from(ALL_PLANS),
        insurance=insurances(copay_programme=False),
        field=st.sampled_from(["deductible", "coinsurance_pct", "copay_visit", "copay_session", "copay_fill"]),
        more=st.floats(0, 2_000),
    )
    def test_patient_cost_never_falls_when_a_term_rises(self, plan, insurance, field, more):
        """Without a copay programme. With one it can fall, and does in real plans: a higher deductible
        puts more of the share on the drug, which the programme pays down to $10 while it still counts
        toward the out-of-pocket maximum (example: esketamine, maximum 11, copay per session 1 — raising the
        deductible from 0 to 11 lets the programme meet the maximum on the first drug charge)."""
        assert_cost_does_not_fall(plan, insurance, field, more)

    @PROPERTY
    @given(
        insurance=insurances(copay_programme=True, programme_counts_toward_limits=False, government=False),
        field=st.sampled_from(["deductible", "coinsurance_pct", "copay_visit", "copay_session", "copay_fill"]),
        more=st.floats(0, 2_000),
    )
    def test_with_an_accumulator_plan_patient_cost_never_falls_when_a_term_rises(self, insurance, field, more):
        """With a programme whose payments do not count toward the limits, the rule holds again: the
        limits move only with the patient's own money (1,500 examples tried while writing this)."""
        assert_cost_does_not_fall("esketamine", insurance, field, more)

    @PROPERTY
    @given(plan=st.sampled_from(ALL_PLANS), insurance=insurances())
    def test_cash_plans_are_unchanged_by_insurance(self, plan, insurance):
        scenario = Scenario(plans=(plan,), weeks=60, insurance=insurance.model_copy(update={"fill_days": 30}))
        with_terms = kcost.project(ASSUMPTIONS, scenario).plan(plan)
        plain = kcost.project(ASSUMPTIONS, [plan], 60).plan(plan)
        np.testing.assert_array_equal(with_terms.cumulative_patient, plain.cumulative_patient)
        assert with_terms.insurer_total == 0 and with_terms.assistance_total == 0

    @settings(max_examples=20, deadline=None)
    @given(plan=st.sampled_from(ALL_PLANS), insurance=insurances())
    def test_draws_are_paid_independently(self, plan, insurance):
        # Vectorised over draws: paying 12 draws at once equals paying each draw alone.
        together = paid(plan, insurance, weeks=60, draws=12)
        priced = price_plan(ASSUMPTIONS, plan, sampling_pick(12, 3))
        from kcost.model.priced_plan import take_draws

        for i in (0, 5, 11):
            alone_priced = take_draws(priced, slice(i, i + 1))
            ledger = build_ledger(alone_priced, 7 * 60, insurance.fill_days)
            alone = pay(ledger, True, insurance, alone_priced.superbill_pct)
            np.testing.assert_allclose(alone.patient.sum(), together.patient[i].sum(), atol=1e-6)
