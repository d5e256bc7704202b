"""The Figures area's "Chart as a table" and "Session calendar" tabs, driven with AppTest.

Both must read on a 400 px phone: short tables are static (they wrap), money is in whole dollars.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
WHOLE_DOLLARS = re.compile(r"^\$\d{1,3}(,\d{3})*$")


def open_tab(tab: str, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.session_state["tables_open"] = True
    at.session_state["results_tab"] = tab
    return at.run()


def unescaped(frame):
    return frame.map(lambda v: str(v).replace("\\", "")).rename(columns=lambda c: c.replace("\\", ""))


class TestSessionCalendar:
    def test_each_plan_has_a_static_table_with_readable_headers_and_whole_dollars(self):
        at = open_tab("Session calendar")
        assert not at.exception
        assert not at.dataframe  # no scrolling grid: a grid cut the "What" text off on a phone
        iv, ssri = (unescaped(t.value) for t in at.table)
        assert list(iv.columns) == ["Week", "Sessions", "What", "Cost"]
        # Induction: 2 infusions a week at $550 each = $1,100 in each of weeks 1-3.
        assert list(iv.iloc[0]) == ["1", "2", "Infusion: Induction series", "$1,100"]
        assert list(iv["Cost"].iloc[:3]) == ["$1,100"] * 3
        # 6 induction infusions + 24 boosters every 2 weeks (days 31, 45, ..., 353) = 30 infusions in a year.
        assert sum(int(n) for n in iv["Sessions"]) == 30
        # The SSRI plan's follow-up visits at $150 each, from week 3 (day 14).
        assert list(ssri.iloc[0][["Week", "Sessions", "Cost"]]) == ["3", "1", "$150"]
        assert all(WHOLE_DOLLARS.match(c) for c in [*iv["Cost"], *ssri["Cost"]])

    def test_text_from_the_file_is_escaped(self):
        at = open_tab("Session calendar")
        what = at.table[0].value["What"].iloc[0]
        assert what == "Infusion\\: Induction series"  # the colon escaped like all text shown as Markdown


class TestChartAsATable:
    def test_a_year_is_a_static_table_in_whole_dollars(self):
        at = open_tab("Chart as a table")
        assert not at.exception
        assert not at.dataframe
        costs, onsets = (unescaped(t.value) for t in at.table)
        assert list(costs.columns) == ["Weeks from start", "Ketamine IV infusions (clinic)", "Generic SSRI or SNRI"]
        assert len(costs) == 53  # week 0 and the end of weeks 1-52
        iv = costs["Ketamine IV infusions (clinic)"]
        # Week 0: $250 consultation + first $550 infusion; then 2 infusions a week.
        assert list(iv.iloc[:3]) == ["$800", f"${250 + 2 * 550:,}", f"${250 + 4 * 550:,}"]
        assert iv.iloc[-1] == f"${250 + 30 * 550:,}"  # $16,750, as on the card
        assert all(WHOLE_DOLLARS.match(v) for v in [*iv, *costs["Generic SSRI or SNRI"]])
        assert list(onsets.columns) == ["Plan", "What", "When"]
        assert onsets["When"].iloc[0].startswith("around 4 hours")

    def test_five_years_is_a_grid_with_the_week_pinned_and_whole_dollars(self):
        at = open_tab("Chart as a table", {"weeks": "5 years"})
        assert not at.exception
        grid = at.dataframe[0]
        frame = grid.value
        assert len(frame) == 261  # week 0 and the end of weeks 1-260
        money = frame.drop(columns="week")
        assert (money == money.round(0)).all().all()  # whole dollars: the grid's "$%,d" would truncate cents
        assert frame["Ketamine IV infusions (clinic)"].iloc[0] == 800  # 250 + 550
        config = json.loads(grid.proto.columns)
        assert config["week"]["pinned"] is True  # stays in view while the plan columns scroll on a phone
        assert config["Ketamine IV infusions (clinic)"]["type_config"]["format"] == "$%,d"


class TestTheTablesWaitUntilOpened:
    def test_closed_by_default_no_table_is_drawn(self):
        """The cards and the chart give the figures; the tables' expander starts closed and holds nothing."""
        at = AppTest.from_file(APP, default_timeout=60).run()
        assert not at.exception
        assert [e.label for e in at.expander if e.label.startswith("The figures as tables")] == [
            "The figures as tables: every figure, the chart's numbers, the sessions week by week"
        ]
        assert not at.tabs
        assert not at.table

    def test_opened_it_shows_the_figures_tab_first(self):
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state["tables_open"] = True
        at.run()
        assert [t.label for t in at.tabs] == ["Figures", "Chart as a table", "Session calendar"]
        figures = unescaped(at.table[0].value)
        assert list(figures.columns) == ["Ketamine IV infusions (clinic)", "Generic SSRI or SNRI"]
