"""The comparison page, driven headless with Streamlit's AppTest.

Every figure on screen must be the engine's figure for the same inputs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kcost import load_assumptions, project
from kcost.model.assumptions import Override
from kcost.present.sentences import horizon_phrase
from kcost.present.formats import money
from kcost.ui.compare import _per_responder

APP = str(Path(__file__).resolve().parents[2] / "app.py")
LABELS = ("Until expected relief", "First 4 weeks", "First year", "Per month, ongoing")


def start(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def figures(at: AppTest) -> list[dict[str, str]]:
    """The four headline metrics of each plan, in the order the plans are shown."""
    values = [m.value for m in at.metric]
    labels = [m.label for m in at.metric]
    assert len(values) % 4 == 0
    return [dict(zip(labels[i : i + 4], values[i : i + 4])) for i in range(0, len(values), 4)]


def captions(at: AppTest) -> list[str]:
    """Caption texts as read on screen (without the Markdown escapes)."""
    return [c.value.replace("\\", "") for c in at.caption]


def engine_figures(plans, weeks=52, overrides=()):
    result = project(load_assumptions(), plans, weeks, overrides=list(overrides))
    return [
        {
            LABELS[0]: money(p.cost_until_onset),
            LABELS[1]: money(p.first_4_weeks_cost),
            LABELS[2]: money(p.first_year_cost),
            LABELS[3]: money(p.monthly_cost_after_induction),
        }
        for p in result.plans
    ]


IV_PRICE = ("plans", "ketamine-iv", "sessions", "infusions", "price")


class TestDefaultPage:
    def test_compares_iv_ketamine_with_a_generic_ssri_without_errors(self):
        at = start()
        assert not at.exception
        assert not at.error
        assert at.multiselect(key="plans").value == ["ketamine-iv", "ssri-generic"]
        assert figures(at) == engine_figures(["ketamine-iv", "ssri-generic"])

    def test_hand_checked_headline_for_iv(self):
        iv = figures(start())[0]
        # $250 consultation + 6 infusions x $550, all inside days 0-17.
        assert iv["First 4 weeks"] == "$3,550"
        # 30 infusions in 52 weeks (6 + boosters every 2 weeks on days 31, 45, ..., 353) + consultation: 250 + 30 x 550.
        assert iv["First year"] == "$16,750"

    def test_not_medical_advice_is_visible(self):
        at = start()
        assert any("Not medical advice" in i.value for i in at.info)


class TestMainInputs:
    def test_session_price_moves_only_the_ketamine_figures(self):
        at = start()
        at.slider(key="ketamine-iv.price").set_value(600).run()
        iv, ssri = figures(at)
        assert iv["First 4 weeks"] == "$3,850"  # 250 + 6 x 600
        assert figures(at) == engine_figures(["ketamine-iv", "ssri-generic"], overrides=[Override(IV_PRICE, 600)])
        assert ssri == engine_figures(["ssri-generic"])[0]

    def test_induction_sessions_change_the_first_month(self):
        at = start()
        at.slider(key="ketamine-iv.induction").set_value(8).run()
        iv = figures(at)[0]
        # 8 infusions at 2 a week fall on days 0..24, all inside the first 4 weeks: 250 + 8 x 550.
        assert iv["First 4 weeks"] == "$4,650"

    def test_booster_interval_sets_the_monthly_cost(self):
        at = start()
        at.select_slider(key="ketamine-iv.booster").set_value("8 weeks").run()
        iv = figures(at)[0]
        assert iv["Per month, ongoing"] == money(30.4375 * 550 / 56)  # $299

    def test_no_boosters_means_no_monthly_cost(self):
        at = start()
        at.select_slider(key="ketamine-iv.booster").set_value("no boosters").run()
        assert figures(at)[0]["Per month, ongoing"] == "$0"
        assert figures(at)[0]["First year"] == "$3,550"

    def test_ssri_daily_cost_changes_the_ssri_year(self):
        at = start()
        at.number_input(key="ssri_daily").set_value(1.0).run()
        ssri = figures(at)[1]
        # intake 350 + 6 visits x 150 (weeks 2, 6, 10, 22, 34, 46) + 13 fills of 30 days x $1.
        assert ssri["First year"] == money(350 + 6 * 150 + 13 * 30 * 1.0)

    def test_choosing_a_drug_prefills_its_daily_cost(self):
        at = start()
        at.selectbox(key="drug").set_value("venlafaxine-er").run()
        assert at.number_input(key="ssri_daily").value == pytest.approx(0.22)

    def test_horizon_changes_the_total_column(self):
        at = start()
        at.select_slider(key="weeks").set_value(104).run()
        table = at.table[0].value  # figures as rows, plans as columns, Markdown-escaped
        total = f"Total over {horizon_phrase(104)}"
        assert total in table.index
        result = project(load_assumptions(), ["ketamine-iv", "ssri-generic"], 104)
        assert [v.replace("\\", "") for v in table.loc[total]] == [money(p.total_cost) for p in result.plans]
        assert [c.replace("\\", "") for c in table.columns] == [p.label for p in result.plans]

    def test_up_to_four_plans(self):
        at = start()
        four = ["ketamine-iv", "esketamine", "ssri-cbt", "ketamine-at-home"]
        at.multiselect(key="plans").set_value(four).run()
        assert not at.exception
        shown = at.multiselect(key="plans").value
        assert sorted(shown) == sorted(four)
        assert figures(at) == engine_figures(shown)


class TestPlanDetails:
    def test_no_per_plan_payment_controls(self):
        # Insurance is one profile for the whole scenario (issue 8), not a share and copay per plan.
        at = start()
        keys = {w.key for w in at.number_input} | {w.key for w in at.radio}
        assert not {"ketamine-iv.payment", "ketamine-iv.share", "ketamine-iv.payment.copay"} & keys

    def test_one_plan_alone_invites_a_second(self):
        at = start({"plans": "Ketamine IV infusions (clinic)"})
        assert not at.exception
        assert any("Add a second plan" in c.value for c in at.caption)
        assert len(figures(at)) == 1

    def test_esketamine_dose_switches_the_drug_price(self):
        at = start({"plans": ["Esketamine nasal spray (Spravato)"]})
        at.radio(key="esketamine.dose").set_value("84 mg").run()
        # 8 sessions in weeks 1-4: first 590 + 7 x 885, plus 8 x $500 administration.
        assert figures(at)[0]["First 4 weeks"] == money(590 + 7 * 885 + 8 * 500)


class TestLinks:
    def test_url_parameters_seed_the_scenario(self):
        at = start({"ketamine-iv.price": "600", "weeks": "2 years"})
        assert at.slider(key="ketamine-iv.price").value == 600
        assert at.select_slider(key="weeks").value == 104
        assert figures(at)[0]["First 4 weeks"] == "$3,850"

    @pytest.mark.parametrize(
        "key,value",
        [("ketamine-iv.price", "-40"), ("ketamine-iv.price", "lots"), ("weeks", "forever"), ("plans", "<b>x</b>")],
    )
    def test_a_bad_url_value_gives_a_notice_not_an_exception(self, key, value):
        at = start({key: value})
        assert not at.exception
        assert any("could not be used as given" in c.value for c in at.caption)
        assert figures(at)  # the page still computes on the defaults

    def test_the_notice_names_the_field_as_the_page_does(self):
        at = start({"ketamine-iv.induction": "1.5"})
        notice = next(c for c in captions(at) if "could not be used" in c)
        assert "sessions in the first series" in notice and "Ketamine IV infusions" in notice
        # The control shows what is in use, whatever Streamlit made of the value.
        shown = at.slider(key="ketamine-iv.induction").value
        iv = engine_figures(["ketamine-iv", "ssri-generic"], overrides=[Override(("plans", "ketamine-iv", "sessions", "infusions", "phases", "induction", "count"), shown)])
        assert figures(at)[0]["First 4 weeks"] == iv[0]["First 4 weeks"]

    def test_a_setting_given_twice_is_not_used_and_said_so(self):
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["ketamine-iv.price"] = ["600", "700"]
        at.run()
        assert not at.exception
        assert any("more than once" in c.value for c in at.caption)

    def test_an_unknown_url_key_is_removed_from_the_address_with_a_notice(self):
        at = start({"name": "Jane Doe", "ketamine-iv.price": "600"})
        assert not at.exception
        assert any("does not use (name); it has been removed" in c for c in captions(at))
        assert "name" not in at.query_params
        assert at.query_params["ketamine-iv.price"] == "600"

    def test_reset_restores_the_defaults(self):
        at = start({"ketamine-iv.price": "900", "weeks": "5 years"})
        next(b for b in at.button if b.label == "Reset to defaults").click().run()
        assert at.slider(key="ketamine-iv.price").value == 550
        assert at.select_slider(key="weeks").value == 52
        assert figures(at) == engine_figures(["ketamine-iv", "ssri-generic"])


class TestEvidence:
    def test_sources_table_is_built_only_when_its_expander_is_opened(self):
        at = start()
        expander = next(e for e in at.expander if e.label == "Where every default comes from")
        assert len(expander.dataframe) == 0  # closed: nothing drawn, nothing computed
        at.session_state["sources_open"] = True
        at.run()
        expander = next(e for e in at.expander if e.label == "Where every default comes from")
        table = expander.dataframe[0].value
        price = table[table["path"] == "plans.ketamine-iv.sessions.infusions.price"].iloc[0]
        assert (price["base"], price["low"], price["high"]) == (550, 300, 1500)
        assert price["sources"]
        # Only the chosen plans' numbers (and the drugs they use) are listed.
        assert not table["path"].str.startswith("plans.esketamine").any()


class TestPrivacy:
    def test_assumptions_are_loaded_once_per_process(self):
        from kcost.ui.app import shipped_assumptions

        assert shipped_assumptions() is shipped_assumptions()


class TestCostPerResponderWording:
    """The range comes from the response rates; where the base rate is an end of it, say which end.

    Rates in the file's own unit, percent (40 means 40 %): fed fractions, these tests once hid the page
    saying "3300% respond" for the shipped 33 %.
    """

    class Plan:
        label = "Plan A"

        def __init__(self, per, rates):
            self._per, self.response_rate = per, rates

        def cost_per_responder(self):
            return self._per

    def test_base_rate_at_the_low_end(self):
        # median 1,000: ÷ 0.8 = 1,250; ÷ 0.4 = 2,500 for both base and low.
        text = _per_responder(self.Plan((1250.0, 2500.0, 2500.0), (40, 40, 80)))
        assert text == "Plan A about $2,500 if 40% respond; $1,250 if 80% do"

    def test_base_rate_at_the_high_end(self):
        text = _per_responder(self.Plan((1250.0, 1250.0, 2500.0), (40, 80, 80)))
        assert text == "Plan A about $1,250 if 80% respond; up to $2,500 if only 40% do"

    def test_base_rate_inside_the_range(self):
        text = _per_responder(self.Plan((1250.0, 2000.0, 4000.0), (25, 50, 80)))
        assert text == "Plan A about $2,000 ($1,250 to $4,000)"

    def test_one_rate_gives_one_figure(self):
        assert _per_responder(self.Plan((2000.0, 2000.0, 2000.0), (50, 50, 50))) == "Plan A about $2,000"


class TestSafetyContentOnThePage:
    """The safety facts are on the page as written in kcost.present.fixed_content (Markdown as rendered)."""

    def markdown(self, at: AppTest) -> str:
        return "\n".join(m.value for m in at.markdown)

    def test_every_safety_text_is_shown(self):
        from kcost.present import fixed_content

        text = self.markdown(start())
        for name in ("CRISIS_LINE", "WHO_SHOULD_NOT", "BOXED_WARNINGS", "SIDE_EFFECTS", "PRACTICALITIES",
                     "QUESTIONS_TO_ASK", "WHAT_MATTERS", "CAVEATS"):
            assert getattr(fixed_content, name).strip() in text, name

    def test_the_facts_the_issue_lists(self):
        text = self.markdown(start())
        for fact in (
            "call or text **988**",  # crisis line
            "under 25",  # the antidepressants' and esketamine's boxed warning
            "**Esketamine must not be used**",  # absolute contraindications stated as such
            "an aneurysm",
            "AV malformation",
            "bleeding in the brain",
            "allergic reaction to esketamine or ketamine",
            "pregnancy or while breastfeeding",
            "Blood pressure goes up",
            "jittery or more anxious",
            "sexual side effects",
            "Stopping all at once",
            "REMS",
            "at least 2 hours",
            "Do not drive until the next day",
            "another adult with you in the room",
        ):
            assert fact in text, fact

    def test_evidence_date_is_shown(self):
        assert any("Evidence last reviewed: 2026-11-22" in c for c in captions(start()))

    def test_outcome_words_are_on_the_page(self):
        text = self.markdown(start()).replace("\\", "")
        assert "About 33 of 100 people respond after the induction series." in text
        assert "Across everyone who tries, that averages about $7,906 a person." in text
        assert "relief from one dose lasted about 7 days" in text
