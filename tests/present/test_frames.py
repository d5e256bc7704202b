"""The tables behind charts and the app's text alternatives."""

from __future__ import annotations

from kcost import load_assumptions, project
from kcost.present.frames import AVERAGE, TRYING, calendar_frame, cost_frame, crossover_frame, onset_frame, summary_frame


def test_cost_frame_starts_at_week_zero_with_day_zero_charges():
    p = project(load_assumptions(), ["ketamine-iv"], 4)
    frame = cost_frame(p)
    assert list(frame["week"]) == [0, 1, 2, 3, 4]
    # Day 0: consultation $250 + first infusion $550. End of week 1 (day 6): + infusion on day 3.
    assert list(frame["cumulative_cost"]) == [800, 1350, 2450, 3550, 3550]


def test_cost_frame_has_one_block_of_weeks_per_plan_in_plan_order():
    p = project(load_assumptions(), ["ketamine-iv", "ssri-generic"], 4)
    frame = cost_frame(p)
    assert list(frame["plan_id"]) == ["ketamine-iv"] * 5 + ["ssri-generic"] * 5
    assert list(frame["week"]) == [0, 1, 2, 3, 4] * 2
    iv = frame[frame["plan_id"] == "ketamine-iv"]
    assert list(iv["cumulative_cost"]) == [800, 1350, 2450, 3550, 3550]
    ssri = p.plan("ssri-generic")
    assert list(frame[frame["plan_id"] == "ssri-generic"]["cumulative_cost"]) == [
        round(float(ssri.cumulative_patient[d]), 2) for d in (0, 6, 13, 20, 27)
    ]


def test_calendar_groups_sessions_by_week_with_their_cost():
    p = project(load_assumptions(), ["esketamine"], 10)
    cal = calendar_frame(p.plan("esketamine"))
    first = cal.iloc[0]
    assert (first["week"], first["sessions"]) == (1, 2)
    # Days 0 and 3: $590 drug + $500 administration each.
    assert first["cost"] == 2 * 1090
    assert cal["sessions"].sum() == 8 + 4 + 2  # induction, weeks 5-8, then weekly on days 56 and 63


def test_onset_frame_in_weeks_and_words():
    p = project(load_assumptions(), ["ssri-generic"], 12)
    rows = onset_frame(p)
    first = rows[rows["milestone"] == "first relief may begin"].iloc[0]
    assert (first["low_weeks"], first["base_weeks"], first["high_weeks"]) == (1, 2, 4)
    assert first["text"] == "around 2 weeks (range 7 days to 4 weeks)"


def test_crossover_frame_reports_the_overtaking_cost():
    p = project(load_assumptions(), ["ketamine-at-home", "ssri-generic"], 4)
    rows = crossover_frame(p)
    # Day 0: at-home $193 vs SSRI $350.03; day 7 the second at-home session makes $386 > $350.27.
    assert list(rows["day"]) == [7]
    assert rows["cumulative_cost"].iloc[0] == 386


def test_summary_frame_has_one_row_per_plan():
    p = project(load_assumptions(), ["ketamine-iv", "ssri-generic"], 52)
    table = summary_frame(p)
    assert list(table["Plan"]) == [x.label for x in p.plans]
    assert list(table["First 4 weeks"]) == ["$3,550", "$501"]


def test_summary_frame_gives_the_outcome_aware_figures_not_the_cost_until_relief():
    p = project(load_assumptions(), ["ketamine-iv", "cbt-only"], 52)
    table = summary_frame(p).set_index("Plan")
    assert "Cost until expected relief" not in table.columns
    iv, cbt = table.loc["Ketamine IV infusions (clinic)"], table.loc["CBT (talk therapy) alone"]
    # IV: the decision comes after the induction series, $250 + 6 × $550 = $3,550 to try; 33 of 100 respond, so
    # the average is 0.33 × $16,750 (the year) + 0.67 × $3,550 = $5,527.50 + $2,378.50 = $7,906.
    assert iv[TRYING] == "$3,550"
    assert iv[AVERAGE] == "$7,906"
    # A plan that stops says so rather than "$0" a month (its last weekly session is in week 14).
    assert cbt["Then per month"] == "Nothing more to pay after the CBT course ends in week 14."
    assert iv["Then per month"] == "$1,196"  # 30.4375 × $550 ÷ 14


def test_summary_frame_gives_the_first_year_only_when_it_differs_from_the_total():
    # Over 1 year the first year is the total ($250 + 30 × $550 = $16,750): one row, not two with the same figure.
    one_year = summary_frame(project(load_assumptions(), ["ketamine-iv"], 52)).set_index("Plan")
    assert "First year" not in one_year.columns
    assert one_year["Total over 1 year"].iloc[0] == "$16,750"
    # Over 2 years both stay: the first year $16,750, then 26 more boosters: 16,750 + 26 × 550 = $31,050.
    two_years = summary_frame(project(load_assumptions(), ["ketamine-iv"], 104)).set_index("Plan")
    assert two_years["First year"].iloc[0] == "$16,750"
    assert two_years["Total over 2 years"].iloc[0] == "$31,050"


def test_summary_frame_adds_who_pays_after_tax_and_time_when_the_scenario_asks():
    from kcost.model.scenario import Insurance, PatientTime, Scenario

    a = load_assumptions()
    plain = summary_frame(project(a, ["esketamine", "ketamine-iv"], 52))
    assert not {"Your insurance pays", "After tax (HSA or FSA)", "Hours with travel"} & set(plain.columns)
    # Esketamine insured, no deductible, 50 %, limit out of reach (tests/model/test_payment.py): the plan pays
    # 56 x 545 = $30,520, the programme its $7,150 cap, of a $61,040 full price; at 20 % tax the patient's
    # $23,370 costs 23,370 x 0.8 = $18,696. Off-label IV stays cash: dashes. Time: 56 treatments x (2 h + 1 h
    # travel + 1 h a companion's ride) = 224 hours, x $10 an hour + 56 trips x $10 = $2,800.
    scenario = Scenario(
        plans=("esketamine", "ketamine-iv"), insured=frozenset({"esketamine", "ketamine-iv"}),
        insurance=Insurance(deductible=0, coinsurance_pct=50, oop_max=100_000, pre_tax_rate_pct=20),
        time=PatientTime(include=True, hourly_value=10),
    )
    table = summary_frame(project(a, scenario)).set_index("Plan")
    esk, iv = table.loc["Esketamine nasal spray (Spravato)"], table.loc["Ketamine IV infusions (clinic)"]
    assert (esk["Your insurance pays"], esk["Maker's programme pays"], esk["Full price"]) == ("$30,520", "$7,150", "$61,040")
    assert esk["After tax (HSA or FSA)"] == "$18,696"
    assert (esk["Hours with travel"], esk["Value of that time (not added)"]) == ("224", "$2,800")
    assert (iv["Your insurance pays"], iv["Maker's programme pays"]) == ("—", "—")


def test_cost_frame_with_time_adds_the_time_value_apart_from_the_cost():
    from kcost.model.assumptions import MainInputs
    from kcost.model.scenario import PatientTime, Scenario

    # IV, no boosters, time at $40 an hour, 1 h and $10 a round trip (the file's trip figures).
    # Day 0: consultation 1 h + 1 h travel, first infusion 2 h + 1 h travel + 1 h a companion's ride = 6 h,
    # 2 trips: 6 x 40 + 2 x 10 = $260 on top of $800. End of week 1 (day 6): one more infusion on day 3,
    # 4 h and a trip: 10 h x 40 + 3 x 10 = $430 on top of $1,350.
    scenario = Scenario(plans=("ketamine-iv",), weeks=2, inputs=MainInputs(booster_every_weeks=0),
                        time=PatientTime(include=True, hourly_value=40))
    frame = cost_frame(project(load_assumptions(), scenario), with_time=True)
    assert list(frame["cumulative_cost"][:2]) == [800, 1350]
    assert list(frame["with_time"][:2]) == [800 + 260, 1350 + 430]
    # Not asked for, or time not counted: no such column.
    assert "with_time" not in cost_frame(project(load_assumptions(), scenario))
    assert "with_time" not in cost_frame(project(load_assumptions(), ["ketamine-iv"], 2), with_time=True)
