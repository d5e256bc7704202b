"""The analyst's assumptions page, driven with AppTest."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kcost.model.assumptions import MAX_BYTES
from kcost.ui.app import PAGES
from kcost.ui.workspace import read_upload

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
SHIPPED = (ROOT / "data" / "pricing.yaml").read_text(encoding="utf-8")
WORKSPACE = str(PAGES["assumptions"].relative_to(ROOT))
COMPARE = str(PAGES["compare"].relative_to(ROOT))


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def open_workspace() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    return at.switch_page(WORKSPACE).run()


def table_with(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def problems(at: AppTest):
    """The problems table as read on screen (Markdown escapes and code spans removed), with short column names."""
    table = next(t.value for t in at.table if "Problem" in t.value.columns)
    shown = table.map(lambda v: str(v).replace("\\", "").replace("`", ""))
    return shown.rename(columns={"Where in the file": "path", "Line": "line", "Problem": "problem"})


BAD_EDITS = [
    # (description, edit, expected path, needle locating the expected line, message fragment)
    ("negative price", ("base: 550", "base: -550"), "plans.ketamine-iv.sessions.infusions.price.base", "base: -550", "must be ≥ 0"),
    ("typo'd key", ("        price:\n          base: 550", "        prise:\n          base: 550"), "plans.ketamine-iv.sessions.infusions.prise", "prise:", "did you mean 'price'"),
    ("wrong type", ("base: 550", "base: lots"), "plans.ketamine-iv.sessions.infusions.price.base", "base: lots", "must be a number"),
    ("low above high", ("          low: 300\n          high: 1500", "          low: 3000\n          high: 1500"), "plans.ketamine-iv.sessions.infusions.price", "        price:", "must not exceed high"),
    ("unknown source", ("sources: [thervo-ketamine-cost, healingmaps-ketamine-cost]\n          strength: weak\n          note: Undated", "sources: [thervo-ketamine-cots, healingmaps-ketamine-cost]\n          strength: weak\n          note: Undated"), "plans.ketamine-iv.sessions.infusions.price.sources[0]", "thervo-ketamine-cots", "unknown source id"),
    ("alias", ("version: 1", "version: &v 1\nother: *v"), "version", "&v", "anchors"),
]


class TestPage:
    def test_not_advice_and_the_crisis_line_are_on_this_page_too(self):
        from kcost.present import fixed_content

        shown = " ".join(c.value for c in open_workspace().caption)
        assert fixed_content.NOT_ADVICE in shown and fixed_content.CRISIS_LINE in shown

    def test_it_gets_the_same_fixed_page_style_as_compare(self):
        # The style's smaller top margin was only on Compare: the Assumptions title sat under 90 px of blank.
        from kcost.ui.app import PAGE_CSS

        at = open_workspace()
        assert [h.proto.body for h in at.get("html")] == [PAGE_CSS]


class TestEditor:
    def test_the_editor_starts_with_the_shipped_file(self):
        at = open_workspace()
        assert not at.exception
        assert at.text_area(key="yaml_text").value == SHIPPED

    @pytest.mark.parametrize("name,edit,path,needle,fragment", BAD_EDITS, ids=[b[0] for b in BAD_EDITS])
    def test_each_bad_edit_names_path_and_line_and_keeps_the_text(self, name, edit, path, needle, fragment):
        at = open_workspace()
        bad = SHIPPED.replace(*edit, 1)
        assert bad != SHIPPED
        at.text_area(key="yaml_text").set_value(bad).run()
        assert not at.exception
        assert any("keeps using the last valid assumptions" in e.value for e in at.error)
        table = problems(at)
        row = table[table["path"] == (path or "(file)")]
        assert len(row) >= 1, table
        assert fragment in row["problem"].iloc[0]
        assert int(row["line"].iloc[0]) == line_of(bad, needle)
        assert at.text_area(key="yaml_text").value == bad  # never discarded

    def test_previous_results_stay_on_the_compare_page(self):
        at = open_workspace()
        at.text_area(key="yaml_text").set_value(SHIPPED.replace("base: 550", "base: -1")).run()
        at.switch_page(COMPARE).run()
        assert [m.value for m in at.metric][:2] == ["$16,750", "$3,550"]  # 250 + 30 x 550; 250 + 6 x 550

    def test_a_valid_edit_lists_what_differs(self):
        at = open_workspace()
        at.text_area(key="yaml_text").set_value(SHIPPED.replace("base: 550", "base: 600")).run()
        assert any("Valid. 1 value differs from" in s.value for s in at.success)
        diff = table_with(at, "edited")
        assert list(diff.iloc[0]) == ["plans.ketamine-iv.sessions.infusions.price.base", "550.0", "600.0"]


class TestApply:
    def test_apply_changes_this_session_only(self):
        at = open_workspace()
        at.text_area(key="yaml_text").set_value(SHIPPED.replace("base: 550", "base: 600")).run()
        next(b for b in at.button if b.label == "Apply to this session").click().run()
        at.switch_page(COMPARE).run()
        assert [m.value for m in at.metric][:2] == ["$18,250", "$3,850"]  # over 1 year 250 + 30 x 600; 250 + 6 x 600
        other = AppTest.from_file(APP, default_timeout=60).run()
        assert [m.value for m in other.metric][:2] == ["$16,750", "$3,550"]  # 250 + 30 x 550; 250 + 6 x 550

    def test_going_back_to_the_shipped_file(self):
        at = open_workspace()
        at.text_area(key="yaml_text").set_value(SHIPPED.replace("base: 550", "base: 600")).run()
        next(b for b in at.button if b.label == "Apply to this session").click().run()
        next(b for b in at.button if b.label == "Go back to the shipped assumptions").click().run()
        at.switch_page(COMPARE).run()
        assert [m.value for m in at.metric][:2] == ["$16,750", "$3,550"]  # 250 + 30 x 550; 250 + 6 x 550


@dataclass
class FakeUpload:
    size: int
    data: bytes

    def getvalue(self) -> bytes:
        return self.data


class TestUpload:
    def test_an_upload_over_the_cap_is_refused_before_reading(self):
        class Unreadable(FakeUpload):
            def getvalue(self) -> bytes:
                raise AssertionError("read an oversized upload")

        text, problem = read_upload(Unreadable(MAX_BYTES + 1, b""))
        assert text is None and "limit is 1,000,000 bytes" in problem

    def test_non_utf8_is_refused(self):
        text, problem = read_upload(FakeUpload(3, b"\xff\xfe\x00"))
        assert text is None and "UTF-8" in problem

    def test_a_good_upload_fills_the_editor_whatever_its_name(self):
        assert read_upload(FakeUpload(len(SHIPPED.encode()), SHIPPED.encode())) == (SHIPPED, None)


class TestSensitivitySection:
    def test_tornado_and_table_for_the_default_plan(self):
        at = open_workspace()
        assert not at.exception
        table = table_with(at, "swing")
        # Named from the file's labels (the plan, the stream's "Infusion"); the path stays beside it.
        # The plan is the one picked above the chart, so its name is not repeated before every bar.
        assert table["parameter"].iloc[0] == "Price per infusion"
        assert table["path"].iloc[0] == "plans.ketamine-iv.sessions.infusions.price"
        assert not table["parameter"].str.contains("plans.", regex=False).any()

    def test_a_difference_names_the_plan_of_each_parameter(self):
        at = open_workspace()
        at.selectbox(key="sens_outcome").set_value("difference").run()
        at.selectbox(key="sens_against").set_value("ssri-generic").run()
        table = table_with(at, "swing")
        assert "Ketamine IV infusions (clinic): price per infusion" in set(table["parameter"])
        assert "Generic SSRI or SNRI: price per medication follow-up visit" in set(table["parameter"])
        assert table["swing"].iloc[0] == 30 * 1200  # 30 infusions a year, price 300 to 1,500


class TestDraftSurvivesPageSwitch:
    def test_the_editor_keeps_the_users_text_across_compare_and_back(self):
        at = open_workspace()
        draft = SHIPPED.replace("base: 550", "base: 610") + "\n# my note\n"
        at.text_area(key="yaml_text").set_value(draft).run()
        at.switch_page(COMPARE).run()
        assert not at.exception
        at.switch_page(WORKSPACE).run()
        assert at.text_area(key="yaml_text").value == draft


HARMFUL = [
    # (class, edit of the shipped file, path named, message fragment)
    ("a billion sessions", ("              base: 6\n              low: 4\n              high: 8", "              base: 1000000000\n              low: 4\n              high: 1000000000"),
     "plans.ketamine-iv.sessions.infusions.phases.induction.count.base", "must be at most 1,000 sessions"),
    ("a price of 1e308", ("base: 550\n          low: 300\n          high: 1500", "base: 1.0e+308\n          low: 300\n          high: 1.0e+308"),
     "plans.ketamine-iv.sessions.infusions.price.base", "must be at most 1,000,000 USD/session"),
    ("true as a number", ("base: 550", "base: true"), "plans.ketamine-iv.sessions.infusions.price.base", "must be a number, not true"),
    ("an interval under a day", ("        maintenance_every_weeks:\n          base: 2\n          low: 1", "        maintenance_every_weeks:\n          base: 0.01\n          low: 0.01"),
     "plans.ketamine-iv.sessions.infusions.maintenance_every_weeks", "at least 1 day"),
]  # fmt: skip


class TestHarmfulEditsKeepTheLastValidAssumptions:
    """Each class of input that once hung or crashed kcost: refused with a message, and the session keeps the
    assumptions it last applied (here the shipped file with a $600 infusion)."""

    @pytest.mark.parametrize("name,edit,path,fragment", HARMFUL, ids=[h[0] for h in HARMFUL])
    def test_refused_with_a_message_and_the_applied_edit_stays(self, name, edit, path, fragment):
        at = open_workspace()
        at.text_area(key="yaml_text").set_value(SHIPPED.replace("base: 550", "base: 600", 1)).run()
        next(b for b in at.button if b.label == "Apply to this session").click().run()
        bad = SHIPPED.replace(*edit, 1)
        assert bad != SHIPPED
        at.text_area(key="yaml_text").set_value(bad).run()
        assert not at.exception
        assert any("keeps using the last valid assumptions" in e.value for e in at.error)
        table = problems(at)
        assert fragment in table[table["path"] == path]["problem"].iloc[0]
        assert not [b for b in at.button if b.label == "Apply to this session"]
        at.switch_page(COMPARE).run()
        assert not at.exception
        assert [m.value for m in at.metric][:2] == ["$18,250", "$3,850"]  # over 1 year 250 + 30 × 600; 250 + 6 × 600


class TestReadableMessages:
    def test_one_problem_is_singular_and_a_yaml_syntax_error_is_shown_whole(self):
        at = open_workspace()
        bad = SHIPPED.replace("version: 1", "version: [1", 1)  # an unclosed flow sequence: a YAML syntax error
        at.text_area(key="yaml_text").set_value(bad).run()
        assert not at.exception
        assert any(e.value.startswith("1 problem;") for e in at.error)
        assert not any("(s)" in e.value for e in at.error)
        assert not at.dataframe or not any("Problem" in d.value.columns for d in at.dataframe)  # no grid
        table = problems(at)
        assert len(table) == 1
        assert len(table["problem"].iloc[0]) > 60  # the parser's whole text, which a grid column cut off

    def test_two_problems_and_two_values_are_plural(self):
        at = open_workspace()
        two_bad = SHIPPED.replace("base: 550", "base: -550", 1).replace("base: 250", "base: -250", 1)
        assert two_bad.count("base: -") == 2
        at.text_area(key="yaml_text").set_value(two_bad).run()
        assert any(e.value.startswith("2 problems;") for e in at.error)
        two_changes = SHIPPED.replace("base: 550", "base: 600", 1).replace("base: 250", "base: 300", 1)
        at.text_area(key="yaml_text").set_value(two_changes).run()
        assert any("Valid. 2 values differ from" in s.value for s in at.success)

    def test_sensitivity_headers_are_words(self):
        at = open_workspace()
        grid = next(d for d in at.dataframe if "swing" in d.value.columns)
        labels = {k: v.get("label") for k, v in json.loads(grid.proto.columns).items()}
        assert labels["at_low"] == "Result at low"
        assert labels["at_high"] == "Result at high"
        assert labels["swing"] == "Swing"
        assert labels["path"] == "Path in the file"
