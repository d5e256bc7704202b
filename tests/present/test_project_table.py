"""The text report of ``kcost project``: who pays, the after-tax figure and the patient's time appear
when the scenario asks for them, with figures worked by hand from the shipped data/pricing.yaml."""

from __future__ import annotations

import pytest

from kcost import load_assumptions, project
from kcost.model.assumptions import Override
from kcost.model.scenario import Insurance, PatientTime, Scenario
from kcost.present.project_table import NOT_ADVICE, project_table

IV = ("plans", "ketamine-iv")
# IV at $1,000 a session, 6 induction sessions then weekly boosters, no consultation fee, covered.
IV_1000 = (
    Override((*IV, "sessions", "infusions", "price"), 1000),
    Override((*IV, "one_off", "consultation"), 0),
    Override((*IV, "sessions", "infusions", "maintenance_every_weeks"), 1),
    Override((*IV, "billing", "covered"), True),
)
TERMS = Insurance(deductible=1500, coinsurance_pct=20, oop_max=4000)


@pytest.fixture(scope="module")
def assumptions():
    return load_assumptions()


def report(assumptions, **scenario) -> list[str]:
    return project_table(project(assumptions, Scenario(**scenario))).splitlines()


def row(lines: list[str], heading: str, plan: str) -> list[str]:
    """The cells of ``plan``'s row in the grid under ``heading`` (cells are separated by two spaces or more)."""
    start = lines.index(heading)
    line = next(x for x in lines[start:] if x.startswith(plan + " "))
    return [cell.strip() for cell in line.split("  ") if cell.strip()]


class TestWhoPays:
    def test_two_plan_years_capped_at_the_out_of_pocket_maximum(self, assumptions):
        # 104 weeks: 6 induction sessions (days 0–16) then weekly boosters, 107 sessions = $107,000 full price.
        # Each plan year: $1,500 deductible, then 20 % until the $4,000 maximum: the patient pays 4,000 + 4,000,
        # the insurer 107,000 − 8,000 = 99,000. No programme helps with IV ketamine.
        lines = report(assumptions, plans=("ketamine-iv",), weeks=104, overrides=IV_1000,
                       insured=frozenset({"ketamine-iv"}), insurance=TERMS)
        assert "Who pays over 104 weeks (USD):" in lines
        assert row(lines, "Who pays over 104 weeks (USD):", "ketamine-iv") == [
            "ketamine-iv", "$8,000", "$4,000 + $4,000", "$99,000", "—", "$107,000"
        ]

    def test_a_cash_plan_beside_an_insured_one_says_cash(self, assumptions):
        # ketamine-iv is off-label and not covered in the shipped file: $250 + 30 × $550 = $16,750, all in cash.
        lines = report(assumptions, plans=("ketamine-iv", "esketamine"), insured=frozenset({"ketamine-iv", "esketamine"}))
        assert row(lines, "Who pays over 52 weeks (USD):", "ketamine-iv") == [
            "ketamine-iv", "$16,750", "cash", "—", "—", "$16,750"
        ]

    def test_the_copay_programme_has_its_own_column(self, assumptions):
        # Esketamine, no deductible, 50 % coinsurance, limit out of reach (as tests/model/test_payment.py):
        # the programme pays its whole $7,150 yearly cap; the patient pays $23,370.
        terms = Insurance(deductible=0, coinsurance_pct=50, oop_max=100_000)
        lines = report(assumptions, plans=("esketamine",), insured=frozenset({"esketamine"}), insurance=terms)
        cells = row(lines, "Who pays over 52 weeks (USD):", "esketamine")
        assert (cells[1], cells[2], cells[4]) == ("$23,370", "$23,370", "$7,150")
        # you + insurer + programme = full price, to the dollar as printed.
        dollars = [int(c.strip("$").replace(",", "")) for c in cells[1:] if c.startswith("$")]
        you, _, insurer, programme, full = dollars
        assert abs(you + insurer + programme - full) <= 1

    def test_absent_when_nothing_is_insured(self, assumptions):
        lines = report(assumptions, plans=("ketamine-iv", "ssri-generic"))
        assert not any(x.startswith("Who pays") for x in lines)
        assert lines[-1] == NOT_ADVICE


class TestAfterTaxAndTime:
    def test_after_tax_figure(self, assumptions):
        # IV with no boosters, cash: $250 + 6 × $550 = $3,550; at a 22 % tax rate it costs 3,550 × 0.78 = $2,769.
        lines = report(assumptions, plans=("ketamine-iv",), overrides=(Override((*IV, "sessions", "infusions",
                       "maintenance_every_weeks"), 0),), insured=frozenset({"ketamine-iv"}),
                       insurance=Insurance(pre_tax_rate_pct=22))
        assert "  ketamine-iv: $2,769 (of $3,550 paid)" in lines

    def test_hours_trips_and_their_value_apart_from_money(self, assumptions):
        # IV with no boosters: a 1 h consultation and 6 infusions of 2 h = 13 h in the chair; 7 round trips of
        # 0.5 h = 3.5 h; a companion's round trip after each infusion, 6 × 0.5 = 3 h. Total 19.5 h × $40 = $780.
        no_boosters = (Override((*IV, "sessions", "infusions", "maintenance_every_weeks"), 0),)
        time = PatientTime(include=True, hourly_value=40, travel_hours_per_trip=0.5, travel_cost_per_trip=0)
        lines = report(assumptions, plans=("ketamine-iv",), overrides=no_boosters, time=time)
        assert "Your time and travel (not added to what you pay):" in lines
        assert "  ketamine-iv: 19.5 hours (3 of them a companion's), 7 trips, worth about $780" in lines
        # The money table is unchanged by the time terms.
        assert "$3,550" in row(lines, "Cumulative cost over 52 weeks (what the patient pays, USD)", "ketamine-iv")

    def test_no_time_section_unless_asked(self, assumptions):
        lines = report(assumptions, plans=("ketamine-iv",), time=PatientTime(hourly_value=40))
        assert not any("time and travel" in x for x in lines)
