"""The plain-language summary of a comparison.

Totals checked by hand from data/pricing.yaml (see also tests/test_cli.py):
over 52 weeks ketamine-iv = $250 + 30 infusions × $550 = $16,750 (boosters every 2 weeks) and
ssri-generic = $350 + 6 visits × $150 + 13 fills × 30 days × $0.031 = $1,262.09.
Over 78 weeks ssri-generic = $350 + 8 visits (weeks 2, 6, 10, 22, …, 70) × $150 +
19 fills (days 0, 30, …, 540) × $0.93 = $1,567.67, and esketamine = (8 + 4 + 70 weekly sessions from
day 56 to day 539) × ($590 + $500) = $89,380. Typical onsets: IV, at-home and
esketamine 4 h after the first session (4/24 day); KAP 14 days 4 h (after two
weeks of preparation); both SSRI plans 14 days, full effect at 56 days.
"""

from __future__ import annotations

import pytest

from kcost import load_assumptions, project
from kcost.present.formats import percent
from kcost.present.sentences import (
    NO_MAINTENANCE,
    chance_sentences,
    comparison_sentences,
    course_end,
    course_end_sentence,
    horizon_phrase,
    maintenance_sentence,
    outcome_sentences,
    per_responder_phrase,
    relief_sentence,
)

PROMOTIONAL = ("best", "miracle", "breakthrough", "cure", "guaranteed", "amazing", "revolutionary")
ALL_PLANS = ["ketamine-iv", "ketamine-im", "ketamine-at-home", "esketamine", "ssri-generic", "ssri-cbt"]


@pytest.mark.parametrize(
    ("weeks", "words"),
    [
        # The horizon slider's options, in the slider's own words.
        (4, "4 weeks"),
        (8, "8 weeks"),
        (12, "12 weeks"),
        (26, "6 months"),
        (52, "1 year"),
        (78, "1.5 years"),
        (104, "2 years"),
        (156, "3 years"),
        (208, "4 years"),
        (260, "5 years"),
        # Other horizons (the CLI takes any 1 to 260): whole or half years, else weeks.
        (1, "1 week"),
        (30, "30 weeks"),
        (60, "60 weeks"),
        (130, "2.5 years"),
    ],
)
def test_horizon_phrase(weeks, words):
    assert horizon_phrase(weeks) == words


def test_horizon_phrase_says_what_the_horizon_slider_says():
    from kcost.ui.compare.registry import HORIZON_OPTIONS, horizon_label

    assert [horizon_phrase(w) for w in HORIZON_OPTIONS] == [horizon_label(w) for w in HORIZON_OPTIONS]


def test_default_comparison_in_full():
    p = project(load_assumptions(), ["ketamine-iv", "ssri-generic"], 52)
    assert comparison_sentences(p) == [
        "Over 1 year, the estimates run from about $1,262 for Generic SSRI or SNRI "
        "to about $16,750 for Ketamine IV infusions (clinic).",
        "Where relief comes, it may begin soonest, around 4 hours, with Ketamine IV infusions (clinic). "
        "It can take from 1 hour to 8 days. "  # the range, which the cards do not show
        "With Generic SSRI or SNRI, first improvement is expected around 2 weeks and the full effect around 8 weeks. "
        "No option helps everyone, and these times are averages from limited evidence.",
    ]


def test_names_every_plan_that_shares_the_soonest_onset():
    # IV, at-home and esketamine all typically begin at 4 hours; both SSRI plans at 2 weeks.
    # "Ketamine at home, sublingual (telehealth)" holds a comma, so the list is split by semicolons.
    cost, onset = comparison_sentences(project(load_assumptions(), ALL_PLANS, 78))
    assert cost == (
        "Over 1.5 years, the estimates run from about $1,568 for Generic SSRI or SNRI "
        "to about $89,380 for Esketamine nasal spray (Spravato)."
    )
    assert onset == (
        "Where relief comes, it may begin soonest, around 4 hours, with Ketamine IV infusions (clinic); "
        "Ketamine at home, sublingual (telehealth); and Esketamine nasal spray (Spravato). "
        "With Generic SSRI or SNRI and Generic SSRI or SNRI with CBT, first improvement is expected around 2 weeks "
        "and the full effect around 8 weeks. "
        "No option helps everyone, and these times are averages from limited evidence."
    )


def test_two_plans_that_share_the_soonest_onset_are_joined_by_and():
    _, onset = comparison_sentences(project(load_assumptions(), ["ketamine-iv", "ketamine-im", "ketamine-at-home"], 26))
    assert onset.startswith(
        "Where relief comes, it may begin soonest, around 4 hours, with Ketamine IV infusions (clinic) "
        "and Ketamine at home, sublingual (telehealth). No option"
    )


def test_when_every_plan_shares_the_onset_none_is_called_soonest():
    _, onset = comparison_sentences(project(load_assumptions(), ["ssri-generic", "ssri-cbt"], 52))
    assert onset.startswith(
        "Where relief comes, it may begin around 2 weeks with both plans. It can take from 7 days to 4 weeks. "
        "The full effect is expected around 8 weeks."
    )
    # KAP's 14 days 4 hours reads "2 weeks", like the SSRIs' 14 days: no plan is named as sooner. Their ranges
    # differ, so no single range is given.
    _, onset = comparison_sentences(project(load_assumptions(), ["ketamine-im", "ssri-generic", "ssri-cbt"], 52))
    assert "soonest" not in onset
    assert onset.startswith(
        "Where relief comes, it may begin around 2 weeks with all 3 plans. "
        "With Generic SSRI or SNRI and Generic SSRI or SNRI with CBT, the full effect is expected around 8 weeks."
    )


def test_a_single_plan():
    cost, onset = comparison_sentences(project(load_assumptions(), ["ssri-generic"], 52))
    assert cost == "Over 1 year, Generic SSRI or SNRI would cost about $1,262."
    assert onset.startswith(
        "Where relief comes, it may begin around 2 weeks with Generic SSRI or SNRI. "
        "It can take from 7 days to 4 weeks. The full effect is expected around 8 weeks."
    )


def test_no_label_is_put_inside_parentheses():
    a = load_assumptions()
    for plans in (ALL_PLANS, ["ketamine-iv", "ssri-generic"], ["ketamine-at-home", "ssri-generic"]):
        text = " ".join(comparison_sentences(project(a, plans, 78)))
        for plan_id in plans:
            text = text.replace(a.plans[plan_id].label, "PLAN")
        # With the labels (which carry their own parentheses) taken out, no parenthesis is left.
        assert "(" not in text and ")" not in text, text


def test_mentions_when_the_lines_cross():
    p = project(load_assumptions(), ["ketamine-at-home", "ssri-generic"], 4)
    cost, _ = comparison_sentences(p)
    assert cost.endswith(
        "for Ketamine at home, sublingual (telehealth); "
        "Ketamine at home, sublingual (telehealth) becomes the costlier of the two in week 2."
    )  # crossover on day 7


def test_neutral_tone():
    p = project(load_assumptions(), None, 52)
    text = " ".join(comparison_sentences(p)).lower()
    assert not any(word in text.split() for word in PROMOTIONAL)
    assert "no option helps everyone" in text


class TestOutcomeSentences:
    """Natural frequencies out of 100, the decision point from the data, and the three costs (hand-checked in
    tests/model/test_outcome.py): IV trying $3,550, if it helps $16,750, expected $7,906."""

    def test_ketamine_iv(self):
        p = project(load_assumptions(), ["ketamine-iv"], 52).plan("ketamine-iv")
        assert outcome_sentences(p, 52) == [
            "About 33 of 100 people respond after the induction series.",
            "With a placebo (a dummy treatment) instead, none did.",
            "Trying it up to then costs about $3,550.",
            "If it helps and you keep going, 1 year costs about $16,750.",
            "Across everyone who tries, that averages about $7,906 a person.",
        ]
        assert relief_sentence(p) == "In the studies, relief from one dose lasted about 7 days (1 day to 2 weeks)."

    def test_a_range_of_response_rates(self):
        p = project(load_assumptions(), ["ketamine-at-home"], 52).plan("ketamine-at-home")
        assert outcome_sentences(p, 52)[0] == (
            "About 63 of 100 people respond after the first programme (from 18 to 63 in the studies)."
        )

    def test_a_rate_among_finishers_says_whom_it_counts(self):
        # Hull 2022: 63 % of the people who finished four sessions; counting those who stopped gives ~18 %.
        p = project(load_assumptions(), ["ketamine-at-home"], 52).plan("ketamine-at-home")
        assert outcome_sentences(p, 52)[1] == (
            "That counts only people who finished 4 sessions. Counting those who stopped as not helped gives the low end."
        )

    def test_decision_past_the_horizon(self):
        p = project(load_assumptions(), ["ssri-generic"], 4).plan("ssri-generic")
        assert outcome_sentences(p, 4)[-1] == (
            "You would decide after 8 weeks, which is past this time span, so everyone pays about $501 in it."
        )
        assert relief_sentence(p) == "In the studies, relief lasted while people kept taking it."

    def test_no_maintenance_says_relief_fades(self):
        assert maintenance_sentence(0) == NO_MAINTENANCE
        assert "faded within days to weeks" in NO_MAINTENANCE
        assert maintenance_sentence(2) == "A dose every 2 weeks. The one anxiety study of maintenance gave a dose every week."


class TestPercentFormat:
    """Rates are kept in percent (63 means 63 %); formatting them with ``:.0%`` multiplied by 100 again."""

    def test_percent_format(self):
        assert (percent(33), percent(49.5), percent(0)) == ("33%", "49.5%", "0%")
# --- who is cheaper by when -------------------------------------------------------------------------

import numpy as np  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kcost.model.uncertainty import simulate  # noqa: E402
from kcost.present.sentences import cheaper_when_sentences, in_100, lasting_leads, per_responder_phrase  # noqa: E402


class TestLastingLeads:
    def test_docstring_example_a_change_of_lead_for_good(self):
        days = np.arange(100)
        a = 1000 + 10 * days  # 1,000 up front, then $10 a day
        b = 30 * days  # nothing up front, $30 a day
        (lead,) = lasting_leads({"a": a, "b": b})
        # Equal on day 50 (1,000 + 500 = 1,500 = 30 x 50); b dearer from day 51. Totals 1,990 and 2,970:
        # gap 980 against a margin of max(50, 0.02 x 2,970 = 59.4).
        assert (lead.cheaper, lead.costlier, lead.since_day, lead.near_tie) == ("a", "b", 51, False)
        assert lead.gap == 980

    def test_back_and_forth_within_a_few_dollars_is_one_lasting_change(self):
        days = np.arange(70)
        a = 100.0 * days
        # b runs $5 above and below a for six weeks, then $20 a day dearer.
        wobble = np.where((days // 3) % 2 == 0, 5.0, -5.0)
        b = np.where(days < 42, a + wobble - 200 * (days < 7), a + 20 * (days - 41))
        assert len(crossover_days_of(a, b)) > 5  # many raw crossings
        (lead,) = lasting_leads({"a": a, "b": b})
        # b was $200 cheaper in week 1 (clearly), then wobbled; from day 42 it is dearer for good.
        assert lead.cheaper == "a" and lead.since_day == 42

    def test_ending_within_the_margin_is_a_near_tie(self):
        a = np.array([0.0, 500.0, 1000.0])
        b = np.array([300.0, 600.0, 1030.0])  # ends $30 apart, under the $50 floor
        (lead,) = lasting_leads({"a": a, "b": b})
        assert lead.near_tie and lead.gap == 30

    def test_cheaper_throughout_has_no_change_of_lead(self):
        (lead,) = lasting_leads({"a": np.array([0.0, 10, 20]), "b": np.array([100.0, 200, 300])})
        assert lead.since_day is None and not lead.near_tie

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.floats(0, 500), min_size=2, max_size=40), st.lists(st.floats(0, 500), min_size=2, max_size=40))
    def test_after_since_day_the_cheaper_plan_stays_cheaper(self, steps_a, steps_b):
        n = min(len(steps_a), len(steps_b))
        a, b = np.cumsum(steps_a[:n]), np.cumsum(steps_b[:n])
        (lead,) = lasting_leads({"a": a, "b": b})
        low, high = (a, b) if lead.cheaper == "a" else (b, a)
        assert low[-1] <= high[-1]
        if lead.since_day is not None:
            assert (low[lead.since_day :] < high[lead.since_day :]).all()
            assert lead.since_day == 0 or low[lead.since_day - 1] >= high[lead.since_day - 1]


def crossover_days_of(a, b):
    from kcost.model.crossover import crossover_days

    return crossover_days(a, b)[0]


def test_cheaper_when_on_the_shipped_file_names_the_order_and_lasting_changes_only():
    p = project(load_assumptions(), ["ketamine-iv", "ssri-generic", "ssri-cbt"], 104)
    sentences = cheaper_when_sentences(p)
    ordered = sorted(p.plans, key=lambda x: x.total_cost)
    assert sentences[0].startswith("Over 2 years, from least to most: " + ordered[0].label)
    assert all("week" in s or s is sentences[0] for s in sentences[1:] if "about the same" not in s)
    # Every lasting change named in words is one lasting_leads found, and no more.
    leads = lasting_leads({x.plan_id: x.cumulative_patient for x in p.plans})
    assert len(sentences) == 1 + sum(l.since_day is not None for l in leads) + sum(l.near_tie for l in leads)


class TestInHundred:
    @pytest.mark.parametrize(
        "share,words",
        [(0.8, "80 of 100"), (0.805, "81 of 100"), (0.003, "fewer than 1 of 100"), (0.998, "more than 99 of 100"),
         (0.0, "0 of 100"), (1.0, "100 of 100")],
    )
    def test_natural_frequencies(self, share, words):
        assert in_100(share) == words


class TestPerResponder:
    def test_shipped_rates_are_read_as_percent_not_fractions(self):
        # The defect: rates kept in percent (as in the file) formatted with :.0% read "6300% respond".
        # At-home rates 18/63/63: 63 among completers, 18 counting those who stopped as not helped.
        sim = simulate(load_assumptions(), ["ketamine-at-home"], 52, draws=200, seed=0)
        plan = sim.plans[0]
        text = per_responder_phrase(plan.label, plan.cost_per_responder(), plan.response_rate)
        assert plan.response_rate == (18, 63, 63)
        assert "63 of 100 respond" in text and "18 of 100 do" in text
        assert "%" not in text

    def test_base_rate_at_the_low_end(self):
        # median 1,000: / 0.8 = 1,250; / 0.4 = 2,500 for both base and low.
        text = per_responder_phrase("Plan A", (1250.0, 2500.0, 2500.0), (40, 40, 80))
        assert text == "Plan A: about $2,500 if 40 of 100 respond; $1,250 if 80 of 100 do"

    def test_base_rate_at_the_high_end(self):
        text = per_responder_phrase("Plan A", (1250.0, 1250.0, 2500.0), (40, 80, 80))
        assert text == "Plan A: about $1,250 if 80 of 100 respond; up to $2,500 if only 40 of 100 do"

    def test_base_rate_inside_the_range(self):
        text = per_responder_phrase("Plan A", (1250.0, 2000.0, 4000.0), (25, 50, 80))
        assert text == "Plan A: about $2,000 ($1,250 to $4,000, as 80 down to 25 of 100 respond)"

    def test_one_rate_gives_one_figure(self):
        assert per_responder_phrase("Plan A", (2000.0, 2000.0, 2000.0), (50, 50, 50)) == "Plan A: about $2,000"


# --- chances of costing less, one sentence per pair ---------------------------------------------------------


def _sim(weeks: int, **weekly):
    """A simulation of plans named by keyword, each with its weekly cumulative costs per draw (rows)."""
    import numpy as np

    from kcost.model.uncertainty import PlanSimulation, Simulation

    plans = [PlanSimulation(pid, pid.upper(), np.asarray(rows, float), None) for pid, rows in weekly.items()]
    return Simulation(horizon_weeks=weeks, draws=plans[0].weekly.shape[0], seed=0, plans=plans)


class TestChanceSentences:
    def test_each_pair_once_from_the_side_that_costs_less_more_often(self):
        import numpy as np

        # 4 draws over 26 weeks. A costs 10 a week; B costs 5 a week in draws 0-2 and 20 in draw 3, so B
        # is below A in 3 of 4 draws at every week: 75 of 100, said from B's side, once.
        weeks = np.arange(27)
        a = [10 * weeks] * 4
        b = [5 * weeks] * 3 + [20 * weeks]
        said = chance_sentences(_sim(26, a=a, b=b))
        assert said == ["B cost less than A in about 75 of 100 futures from week 4 to 6 months."]

    def test_ties_are_said_and_never_read_as_the_other_plans_share(self):
        import numpy as np

        # 2 draws over 12 weeks. At week 4: A below B in draw 0, equal in draw 1 → 50 of 100 less, 50 the same.
        # At week 12: A below B in both → 100 of 100, none the same.
        weeks = np.arange(13)
        a = [np.where(weeks < 12, weeks, 0), np.where(weeks < 12, weeks, 0)]
        b = [weeks + 1, np.where(weeks == 4, 4, weeks + 1)]
        said = chance_sentences(_sim(12, a=a, b=b))
        assert said == [
            "A cost less than B in about 50 of 100 futures by week 4 and 100 of 100 at 12 weeks. "
            "The two cost the same in about 50 of 100 futures by week 4 and 0 of 100 at 12 weeks."
        ]

    def test_shipped_default_pair_gives_one_sentence_not_two_rows(self):
        from kcost.model.uncertainty import simulate

        sim = simulate(load_assumptions(), ["ketamine-iv", "ssri-generic", "esketamine"], 52, draws=200)
        said = chance_sentences(sim)
        assert len(said) == 3  # 3 pairs, each once
        assert all(s.count(" cost less than ") == 1 and "futures" in s for s in said)


class TestCourseEnd:
    def test_cbt_alone_stops_after_its_14_week_course(self):
        # 14 weekly sessions from day 0: the last on day 91, in week 91 // 7 + 1 = 14.
        p = project(load_assumptions(), ["cbt-only"], 52).plans[0]
        assert p.monthly_cost_after_induction == 0  # the engine's figure is unchanged
        assert course_end(p) == ("CBT course", 14)
        assert course_end_sentence(p) == "Nothing more to pay after the CBT course ends in week 14."

    def test_iv_with_no_boosters_stops_after_the_induction_series(self):
        from kcost.model.assumptions import MainInputs

        # 6 infusions at 2 a week: days 0, 3, 7, 10, 14, 17 → week 17 // 7 + 1 = 3.
        p = project(load_assumptions(), ["ketamine-iv"], 52, inputs=MainInputs(booster_every_weeks=0)).plans[0]
        assert course_end_sentence(p) == "Nothing more to pay after the induction series ends in week 3."

    @pytest.mark.parametrize("plan", ["ketamine-iv", "ssri-generic", "ssri-cbt", "esketamine"])
    def test_plans_that_go_on_say_nothing(self, plan):
        # Boosters or maintenance, or a daily medicine (the SSRI plans, CBT or not), go on after the phases.
        assert course_end_sentence(project(load_assumptions(), [plan], 52).plans[0]) is None
