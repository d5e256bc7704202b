"""The comparison page, driven headless with Streamlit's AppTest.

Every figure on screen must be the engine's figure for the same inputs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kcost import load_assumptions, project
from kcost.assumptions import Override
from kcost.text import money

APP = str(Path(__file__).resolve().parents[2] / "app.py")
LABELS = ("Until expected relief", "First 4 weeks", "First year", "Per month after the first phase")


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
        # 18 infusions in 52 weeks (6 + boosters on days 45, 73, ..., 353) + consultation.
        assert iv["First year"] == "$10,150"

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
        assert iv["Per month after the first phase"] == money(30.4375 * 550 / 56)  # $299

    def test_no_boosters_means_no_monthly_cost(self):
        at = start()
        at.select_slider(key="ketamine-iv.booster").set_value("no boosters").run()
        assert figures(at)[0]["Per month after the first phase"] == "$0"
        assert figures(at)[0]["First year"] == "$3,550"

    def test_ssri_daily_cost_changes_the_ssri_year(self):
        at = start()
        at.number_input(key="ssri_daily").set_value(1.0).run()
        ssri = figures(at)[1]
        # intake 350 + 6 visits x 150 (weeks 2, 6, 10, 22, 34, 46) + 364 days x $1.
        assert ssri["First year"] == money(350 + 6 * 150 + 364 * 1.0)

    def test_choosing_a_drug_prefills_its_daily_cost(self):
        at = start()
        at.selectbox(key="drug").set_value("venlafaxine-er").run()
        assert at.number_input(key="ssri_daily").value == pytest.approx(0.22)

    def test_horizon_changes_the_total_column(self):
        at = start()
        at.select_slider(key="weeks").set_value(104).run()
        table = at.dataframe[0].value
        assert "Total over 104 weeks" in table.columns
        result = project(load_assumptions(), ["ketamine-iv", "ssri-generic"], 104)
        assert list(table["Total over 104 weeks"]) == [money(p.total_cost) for p in result.plans]

    def test_up_to_four_plans(self):
        at = start()
        four = ["ketamine-iv", "esketamine", "ssri-cbt", "ketamine-at-home"]
        at.multiselect(key="plans").set_value(four).run()
        assert not at.exception
        shown = at.multiselect(key="plans").value
        assert sorted(shown) == sorted(four)
        assert figures(at) == engine_figures(shown)


class TestPlanDetails:
    def test_insured_payment_uses_the_patient_share(self):
        at = start()
        at.radio(key="ketamine-iv.payment").set_value("insured").run()
        iv = figures(at)[0]
        # 20 % of every charge, no copay: 0.2 x 3,550.
        assert iv["First 4 weeks"] == "$710"

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
        assert any("ignored a value in the link" in c.value for c in at.caption)
        assert figures(at)  # the page still computes on the defaults

    def test_an_unknown_url_key_is_ignored_with_a_notice(self):
        at = start({"utm_source": "x"})
        assert not at.exception
        assert any("unknown setting" in c.value for c in at.caption)

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
