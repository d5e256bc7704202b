"""The comparison page, driven headless with Streamlit's AppTest.

Every figure on screen must be the engine's figure for the same inputs.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kcost import load_assumptions, project
from kcost.model.assumptions import Override
from kcost.present.sentences import horizon_phrase
from kcost.present.formats import days_phrase, money
from kcost.ui.compare.registry import MAX_LINK_VALUE, registry_for

APP = str(Path(__file__).resolve().parents[2] / "app.py")
LABELS = ("Over 1 year", "First 4 weeks", "Then per month", "Relief may begin")


def start(params: dict | None = None, tables: bool = False) -> AppTest:
    """The compare page opened with ``params`` in its link; ``tables`` opens the figures-as-tables expander."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if tables:
        at.session_state["tables_open"] = True
    return at.run()


def figures(at: AppTest) -> list[dict[str, str]]:
    """The four headline metrics of each plan, in the order the plans are shown."""
    values = [m.value for m in at.metric]
    labels = [m.label for m in at.metric]
    assert len(values) % 4 == 0
    return [dict(zip(labels[i : i + 4], values[i : i + 4])) for i in range(0, len(values), 4)]


def paragraphs(at: AppTest) -> list[str]:
    """Every paragraph of the page's Markdown as read on screen (a run of sentences is one element, a paragraph each)."""
    return [para for m in at.markdown for para in m.value.replace("\\", "").split("\n\n")]


def captions(at: AppTest) -> list[str]:
    """Caption texts as read on screen (without the Markdown escapes)."""
    return [c.value.replace("\\", "") for c in at.caption]


def caption_paragraphs(at: AppTest) -> list[str]:
    """Each paragraph of every caption (a card's small print is one caption, a paragraph a line)."""
    return [para for text in captions(at) for para in text.split("\n\n")]


def engine_figures(plans, weeks=52, overrides=()):
    result = project(load_assumptions(), plans, weeks, overrides=list(overrides))
    return [
        {
            f"Over {horizon_phrase(weeks)}": money(p.total_cost),
            LABELS[1]: money(p.first_4_weeks_cost),
            LABELS[2]: money(p.monthly_cost_after_induction),
            LABELS[3]: days_phrase(p.onset_days[1]),
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
        # 30 infusions in 52 weeks (6 + 24 boosters every 2 weeks on days 31, 45, ..., 353) + consultation.
        assert iv["Over 1 year"] == money(250 + 30 * 550)
        # A booster every 2 weeks: 30.4375 x 550 / 14.
        assert iv["Then per month"] == money(30.4375 * 550 / 14)
        assert iv["Relief may begin"] == "4 hours"

    def test_the_relief_range_is_in_plain_view_not_behind_a_help_icon(self):
        at = start()
        # IV: relief from 1 hour to 8 days (the file's low and high), in the sentences under the cards.
        said = " ".join(m.value for m in at.markdown).replace("\\", "")
        assert ("it may begin soonest, around 4 hours, with Ketamine IV infusions (clinic). It can take from 1 hour "
                "to 8 days.") in said
        assert all(not m.proto.help for m in at.metric)  # each help icon cost the browser a redraw per change
        assert "“Then per month”: an average month once the first series or phase is over, at the steady rate." in (
            captions(at)
        )

    def test_not_medical_advice_and_the_crisis_line_are_at_the_top(self):
        at = start()
        top = at.caption[0].value
        assert "Not medical advice" in top and "988" in top

    def test_cards_name_the_horizon(self):
        at = start({"weeks": "2 years"})
        assert [m.label for m in at.metric][0] == "Over 2 years"
        assert figures(at) == engine_figures(["ketamine-iv", "ssri-generic"], 104)


class TestMainInputs:
    def test_the_plan_picker_has_no_select_all(self):
        # "Select all" would pick all 8 plans past the limit of 4 and silently keep the first four.
        at = start()
        assert at.multiselect(key="plans").proto.select_all == 0  # Streamlit's code for "never show it"

    def test_price_can_be_typed_and_the_slider_follows(self):
        at = start()
        typed = lambda: next(n for n in at.number_input if n.key.startswith("ketamine-iv.price.typed"))  # noqa: E731
        assert typed().label == "Type the price per session (USD)" and typed().value == 550
        typed().set_value(612)
        next(b for b in at.button if b.label == "Set").click().run()
        assert at.slider(key="ketamine-iv.price").value == 612
        assert figures(at)[0]["First 4 weeks"] == money(250 + 6 * 612)  # $3,922
        at.slider(key="ketamine-iv.price").set_value(700).run()
        assert typed().value == 700
        low, high = at.slider(key="ketamine-iv.price").min, at.slider(key="ketamine-iv.price").max
        assert f"Drag, or type a price from {money(low)} to {money(high)}." in [c.value for c in at.caption]

    def test_a_typed_price_out_of_range_keeps_the_price_and_says_so(self):
        # The box has no range of its own (the browser refused such a price with only a red outline, not naming
        # the box): the page keeps $550, leaves the figures, and says why under the price.
        at = start()
        before = figures(at)
        typed = lambda: next(n for n in at.number_input if n.key.startswith("ketamine-iv.price.typed"))  # noqa: E731
        for price, said in ((5000, "$5,000 is outside that range"), (-5, "-$5 is outside that range")):
            typed().set_value(price)
            next(b for b in at.button if b.label == "Set").click().run()
            assert not at.exception
            assert at.slider(key="ketamine-iv.price").value == 550 and figures(at) == before
            assert typed().value == 550  # the box shows the price in force again
            assert [w.value.replace("\\", "") for w in at.warning] == [
                f"“Price per session (USD)”: type a number from $100 to $2,000. {said}, so $550 is kept."
            ]

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

    def test_booster_choices_are_the_four_intervals(self):
        at = start()
        assert at.radio(key="ketamine-iv.booster").options == ["weekly", "every 2 weeks", "every 4 weeks", "none"]
        assert at.radio(key="ketamine-iv.booster").value == "every 2 weeks"

    def test_booster_interval_sets_the_monthly_cost(self):
        at = start()
        at.radio(key="ketamine-iv.booster").set_value("every 4 weeks").run()
        iv = figures(at)[0]
        assert iv["Then per month"] == money(30.4375 * 550 / 28)  # $598

    def test_no_boosters_means_no_monthly_cost_said_in_words(self):
        at = start()
        at.radio(key="ketamine-iv.booster").set_value("none").run()
        # Not "$0 a month": the plan stops. 6 infusions at 2 a week end on day 17, in week 3.
        assert figures(at)[0]["Then per month"] == "Nothing"
        assert "Nothing more to pay after the induction series ends in week 3." in caption_paragraphs(at)
        assert figures(at)[0]["Over 1 year"] == "$3,550"

    def test_cbt_alone_says_nothing_after_its_course_and_the_ssri_keeps_its_monthly_cost(self):
        at = start({"plans": ["CBT (talk therapy) alone", "Generic SSRI or SNRI"]})
        cbt, ssri = figures(at)
        # 14 weekly sessions from day 0: the last on day 91, in week 14.
        assert cbt["Then per month"] == "Nothing"
        assert "Nothing more to pay after the CBT course ends in week 14." in caption_paragraphs(at)
        assert ssri["Then per month"].startswith("$")

    def test_ssri_daily_cost_changes_the_ssri_year(self):
        at = start()
        at.number_input(key="ssri_daily").set_value(1.0).run()
        ssri = figures(at)[1]
        # intake 350 + 6 visits x 150 (weeks 2, 6, 10, 22, 34, 46) + 13 fills of 30 days x $1.
        assert ssri["Over 1 year"] == money(350 + 6 * 150 + 13 * 30 * 1.0)

    def test_choosing_a_drug_prefills_its_daily_cost(self):
        at = start()
        at.selectbox(key="drug").set_value("venlafaxine-er").run()
        assert at.number_input(key="ssri_daily").value == pytest.approx(0.22)

    def test_horizon_changes_the_total_column(self):
        at = start(tables=True)
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


class TestHowYouPay:
    def test_how_you_pay_is_on_the_first_screen_and_cash_by_default(self):
        at = start()
        assert at.radio(key="pay").label == "How will you pay?"
        assert at.radio(key="pay").value == "Cash"
        # The insurance terms appear only when insurance is chosen.
        assert not [n for n in at.number_input if n.key == "ins.coinsurance_pct"]

    ESKETAMINE = "Esketamine nasal spray (Spravato)"
    IV = "Ketamine IV infusions (clinic)"
    SSRI = "Generic SSRI or SNRI"

    def test_you_can_say_your_insurance_covers_off_label_iv_ketamine(self):
        """The insurance terms list each chosen plan with a switch, on where the file says it is usually covered.

        IV ketamine (off-label) starts off: cash, 250 + 6 x 550 = 3,550 in the first 4 weeks. Turned on, with the
        default terms ($1,787 deductible, then 20 %): 1,787 + 0.2 x (3,550 - 1,787) = 2,139.60, shown as $2,140.
        """
        at = start({"pay": "Your insurance", "plans": [self.IV, self.SSRI]})
        assert not at.exception
        switches = {t.key: t.value for t in at.toggle if t.key.endswith(".covered")}
        assert switches == {"ketamine-iv.covered": False, "ssri-generic.covered": True}
        assert figures(at)[0]["First 4 weeks"] == money(3550)
        at.toggle(key="ketamine-iv.covered").set_value(True).run()
        assert not at.exception
        assert figures(at)[0]["First 4 weeks"] == money(1787 + 0.2 * (3550 - 1787))
        # A link can say it too.
        linked = start({"pay": "Your insurance", "plans": [self.IV, self.SSRI], "ketamine-iv.covered": "true"})
        assert figures(linked)[0]["First 4 weeks"] == money(1787 + 0.2 * (3550 - 1787))
        # Paying cash, the switches are not shown and change nothing.
        at.radio(key="pay").set_value("Cash").run()
        assert not [t for t in at.toggle if t.key.endswith(".covered")]
        assert figures(at)[0]["First 4 weeks"] == money(3550)

    def test_a_limit_below_the_deductible_keeps_the_last_figures_that_worked(self):
        """An acceptance check found the page dropping to the full cash price here while "Your insurance" stayed
        chosen. Esketamine and the SSRI, insured, $1,500 deductible: the figures shown are kept when the limit is
        then set to $100 (below the deductible), and the message names both fields."""
        at = start({"pay": "Your insurance", "plans": [self.ESKETAMINE, self.SSRI], "ins.deductible": "1500"})
        assert not at.exception
        before = figures(at)
        at.number_input(key="ins.oop_max").set_value(100).run()
        assert not at.exception
        error = " ".join(e.value for e in at.error)
        assert "your last values that worked stay in force" in error
        said = " ".join(m.value for m in at.markdown).replace("\\", "")
        assert "Out-of-pocket limit per plan year (USD)" in said and "Deductible per plan year (USD)" in said
        assert figures(at) == before
        assert "with your insurance" in " ".join(m.value for m in at.markdown)

    def test_insurance_counts_the_deductible_share_and_copay_programme(self):
        # No deductible, 50 % coinsurance, a limit out of reach. Esketamine, 8 sessions in the first 4 weeks:
        # the drug's share 0.5 x 590 = 295 falls to the $10 programme copay (the programme pays 285),
        # the observation fee's share 0.5 x 500 = 250 is never helped: 8 x (10 + 250) = 2,080.
        # IV ketamine is off-label and not covered: cash, 250 + 6 x 550 = 3,550.
        at = start({"pay": "Your insurance", "plans": [self.ESKETAMINE, self.IV],
                    "ins.deductible": "0", "ins.coinsurance_pct": "50", "ins.oop_max": "100000"}, tables=True)
        assert not at.exception
        esk, iv = figures(at)
        assert esk["First 4 weeks"] == money(8 * (10 + 250))
        assert iv["First 4 weeks"] == money(250 + 6 * 550)
        table = at.table[0].value
        # Off-label IV has no covered charge: with insurance chosen it is still a cash plan, and says so.
        assert [v.replace("\\", "") for v in table.loc["How it is paid"]] == ["With your insurance", "Cash"]

    def test_copays_apply_to_covered_visits_and_fills_only(self):
        # Visit copay $15 and fill copay $5 skip the deductible. SSRI, first 4 weeks: intake 15 + the
        # day-14 visit 15 + one 30-day fill min(30 x 0.031, 5) = 0.93 → 30.93. IV stays cash whatever
        # the session copay: 3,550.
        at = start({"pay": "Your insurance", "plans": [self.IV, self.SSRI]})
        at.number_input(key="ins.copay_session").set_value(40.0)
        at.number_input(key="ins.copay_fill").set_value(5.0)
        at.number_input(key="ins.copay_visit").set_value(15.0).run()
        iv, ssri = figures(at)
        assert ssri["First 4 weeks"] == money(15 + 15 + 30 * 0.031)
        assert iv["First 4 weeks"] == "$3,550"

    def test_terms_that_contradict_each_other_get_a_message_not_a_crash(self):
        at = start({"pay": "Your insurance", "ins.deductible": "5000", "ins.oop_max": "4000"})
        assert not at.exception
        text = " ".join(e.value for e in at.error) + " ".join(m.value for m in at.markdown)
        assert "Out-of-pocket limit per plan year" in text.replace("\\", "")

    def test_the_insurance_terms_are_in_the_link_and_registry(self):
        registry = registry_for(load_assumptions())
        keys = [k for k in registry if k.startswith("ins.")]
        assert {"ins.deductible", "ins.coinsurance_pct", "ins.oop_max", "ins.copay_visit", "ins.copay_session",
                "ins.copay_fill", "ins.copay_programme", "ins.fill_days"} <= set(keys)


class TestPatientTime:
    def test_time_is_off_by_default_and_counted_apart_from_money(self):
        at = start({"plans": ["Ketamine IV infusions (clinic)"], "ketamine-iv.booster": "none", "time.include": "true",
                    "time.hourly_value": "40", "time.travel_cost_per_trip": "0"})
        assert not at.exception
        # Consultation 1 h + 6 infusions x 2 h; 7 trips and 6 companion trips of 1 h: 26 hours, 26 x $40 = $1,040.
        text = " ".join([m.value for m in at.markdown] + [c.value for c in at.caption]).replace("\\", "")
        # "Time it takes", not "your time": the hours include the companion's.
        assert "Time it takes: about 26 hours with travel (6 of them for someone to take you home)" in text
        assert "$1,040" in text
        assert figures(at)[0]["Over 1 year"] == "$3,550"  # money unchanged: 250 + 6 x 550


class TestPlanDetails:
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

    def test_a_link_written_by_hand_with_plan_ids_and_weeks_works(self):
        # A counsellor types ?plans=esketamine&plans=ssri-generic&weeks=104: the page reads ids and a number of
        # weeks, says nothing is wrong, and writes the address back the way it writes links itself.
        at = start({"plans": ["esketamine", "ssri-generic"], "weeks": "104"})
        assert not at.exception
        assert at.multiselect(key="plans").value == ["esketamine", "ssri-generic"]
        assert at.select_slider(key="weeks").value == 104
        assert figures(at) == engine_figures(["esketamine", "ssri-generic"], 104)
        assert not [c.value for c in at.caption if c.value.startswith("Note:")]
        assert at.query_params["plans"] == ["Esketamine nasal spray (Spravato)", "Generic SSRI or SNRI"]
        assert at.query_params["weeks"] == "2 years"

    def test_a_link_mixing_an_id_and_a_label_works_and_a_wrong_one_still_gets_a_notice(self):
        mixed = start({"plans": ["cbt-only", "Generic SSRI or SNRI"]})
        assert mixed.multiselect(key="plans").value == ["cbt-only", "ssri-generic"]
        wrong = start({"plans": ["esketamine", "no-such-plan"], "weeks": "105"})
        notes = " ".join(c.value for c in wrong.caption if c.value.startswith("Note:"))
        assert "Plans to compare" in notes and "Over how long" in notes
        assert wrong.multiselect(key="plans").value == ["ketamine-iv", "ssri-generic"]  # the defaults

    @pytest.mark.parametrize(
        "key,value",
        [("ketamine-iv.price", "-40"), ("ketamine-iv.price", "lots"), ("weeks", "forever"), ("plans", "<b>x</b>"),
         # Values the widget itself would read its own way: they must not be used after a notice says so.
         ("ketamine-iv.price", "1e3"), ("ketamine-iv.price", "700.5")],
    )
    def test_a_bad_url_value_gives_a_notice_not_an_exception(self, key, value):
        at = start({key: value})
        assert not at.exception
        assert any("could not be used, so the default is shown instead" in c.value for c in at.caption)
        assert figures(at) == engine_figures(["ketamine-iv", "ssri-generic"])  # the defaults, nothing of the value

    def test_the_notice_names_the_field_as_the_page_does(self):
        at = start({"ketamine-iv.induction": "1.5"})
        notice = next(c for c in captions(at) if "could not be used" in c)
        # The label as the page shows it, in quotes, and the plan it sits under.
        assert "“Sessions in the first series” under Ketamine IV infusions (clinic)" in notice
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

    @pytest.mark.parametrize("value", ["9" * 10_000, "9" * (MAX_LINK_VALUE + 1), "1e400", "nan", "12.5"])
    def test_an_over_long_or_unparsable_number_is_dropped_with_a_notice(self, value):
        at = start({"ketamine-iv.price": value})
        assert not at.exception
        assert any("“Price per session (USD)” under Ketamine IV infusions (clinic) could not be used" in c for c in captions(at))
        assert "ketamine-iv.price" not in at.query_params
        assert at.slider(key="ketamine-iv.price").value == 550
        # A reload of the same link (a new session) behaves the same.
        again = start({"ketamine-iv.price": value})
        assert not again.exception and figures(again) == figures(at)

    @pytest.mark.parametrize(
        "key,value,name",
        [
            # Acronyms and capitals as the page writes them ("cBT" and "medicare" before), quoted, with the plan.
            ("cbt-only.sessions.cbt.price", "-5", "“CBT session price (USD)” under CBT (talk therapy) alone"),
            ("ins.government", "maybe", "“Medicare, Medicaid or another government plan”"),
            ("ketamine-at-home.booster", "monthly", "“Renewals after the first series” under Ketamine at home, sublingual (telehealth)"),
        ],
    )
    def test_each_notice_names_the_field_by_its_label_and_plan(self, key, value, name):
        at = start({key: value})
        assert f"the link's value for {name} could not be used" in " ".join(captions(at))

    def test_a_link_naming_five_plans_says_which_was_dropped(self):
        five = [
            "Ketamine IV infusions (clinic)",
            "Generic SSRI or SNRI",
            "Esketamine nasal spray (Spravato)",
            "Generic SSRI or SNRI with CBT",
            "Ketamine at home, sublingual (telehealth)",
        ]
        at = start({"plans": five})
        assert not at.exception
        assert len(at.multiselect(key="plans").value) == 4
        notice = next(c for c in captions(at) if "named 5 plans" in c)
        assert "Ketamine at home, sublingual (telehealth) was dropped" in notice

    def test_reset_restores_every_registered_default(self):
        at = start({"ketamine-iv.price": "900", "weeks": "5 years", "pay": "Your insurance", "uncertainty": "true"})
        next(b for b in at.button if b.label == "Reset to defaults").click().run()
        defaults = registry_for(load_assumptions()).defaults()
        for key in ("ketamine-iv.price", "weeks", "pay", "uncertainty"):
            assert at.session_state[key] == defaults[key]
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


class TestScreenReaderNames:
    def test_labels_are_plain_text_without_markdown_escapes(self):
        at = start()
        names = [w.label for w in [*at.slider, *at.number_input, *at.radio, *at.multiselect, *at.select_slider]]
        assert "Price per session (USD)" in names
        assert not [n for n in names if "\\" in n]


class TestRegistry:
    def test_every_link_bound_widget_on_the_page_is_registered_with_its_default(self):
        at = start({"pay": "Your insurance"})
        registry = registry_for(load_assumptions())
        widgets = [*at.slider, *at.number_input, *at.radio, *at.multiselect, *at.select_slider, *at.selectbox, *at.toggle, *at.checkbox]
        # Not in the link, on purpose: the typed-price boxes, the chart's shown lines and the handout's paper size.
        unbound = ("chart_lines", "handout_paper")
        bound = {w.key for w in widgets if w.key and ".typed." not in w.key and not w.key.startswith(unbound)}
        assert bound <= set(registry), bound - set(registry)
        fresh = start()
        for w in [*fresh.slider, *fresh.number_input, *fresh.radio, *fresh.select_slider]:
            if w.key in registry:
                assert w.value == registry[w.key].default, w.key


class TestUncertaintyWords:
    def test_the_likely_range_is_in_plain_words_with_one_sentence_per_pair(self):
        at = start({"uncertainty": "true"}, tables=True)
        assert not at.exception
        assert at.table  # the figures table is drawn, so the check below that it has no chances row can fail
        text = " ".join([c.value for c in at.caption] + [m.value for m in at.markdown])
        assert "likely range" in text and "80 of 100" in text
        assert "P10" not in text and "draws" not in text
        # One sentence for the one pair, not a row for each direction.
        chances = [para for para in paragraphs(at) if " cost less than " in para]
        # The SSRI's highest total is far below IV's lowest first 4 weeks, so it costs less in every future.
        assert chances == ["Generic SSRI or SNRI cost less than Ketamine IV infusions (clinic) in 100 of 100 futures from week 4 to 1 year."]
        assert not any("costs less than" in str(i) for t in at.table for i in t.value.index)
        # Cost per person helped reads the shipped percent as natural frequencies, never "3300%".
        assert "**What it costs for each person it helps**" in paragraphs(at)
        per = next(para for para in paragraphs(at) if para.startswith("Generic SSRI or SNRI: about"))
        assert "58 of 100 respond" in per and "%" not in per  # the SSRI's shipped 58 %


class TestEditedAssumptions:
    def test_compare_says_edited_assumptions_are_in_use_and_a_link_will_not_carry_them(self):
        from kcost.ui.app import PAGES

        root = Path(APP).parent
        shipped = (root / "data" / "pricing.yaml").read_text(encoding="utf-8")
        at = AppTest.from_file(APP, default_timeout=60).run()
        at.switch_page(str(PAGES["assumptions"].relative_to(root))).run()
        at.text_area(key="yaml_text").set_value(shipped.replace("base: 550", "base: 600")).run()
        next(b for b in at.button if b.label == "Apply to this session").click().run()
        at.switch_page(str(PAGES["compare"].relative_to(root))).run()
        notice = " ".join(i.value for i in at.info)
        assert "edited assumptions" in notice and "link" in notice and "does not carry" in notice
        assert figures(at)[0]["First 4 weeks"] == money(250 + 6 * 600)


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


class TestHandoutDownload:
    def test_the_page_offers_the_handout_of_what_it_shows(self):
        import shutil
        import subprocess
        import tempfile

        from kcost.ui.compare.inputs import PageScenario
        from kcost.ui.compare.share import handout_bytes

        at = start()
        assert not at.exception
        labels = [e.proto.label for e in at.get("download_button")]
        assert "One-page handout (PDF)" in labels
        # What the button makes for the page's default scenario: one page, with the totals the cards show.
        assumptions = load_assumptions()
        scenario = PageScenario(("ketamine-iv", "ssri-generic"), 52, (), False)
        projection = project(assumptions, scenario.to_scenario())
        pdf = handout_bytes(projection, assumptions, scenario, "letter")
        assert pdf.startswith(b"%PDF")
        pdftotext = shutil.which("pdftotext")
        if pdftotext is None:
            assert os.environ.get("CI") != "true", "CI needs poppler-utils (pdftotext)"
            pytest.skip("pdftotext is not installed")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(pdf)
            f.flush()
            text = " ".join(subprocess.run([pdftotext, f.name, "-"], capture_output=True, text=True, check=True).stdout.split())
        for card in figures(at):
            assert f"Over 1 year: {card['Over 1 year']}" in text
        assert "call or text 988" in text


class TestTimeToRelief:
    def test_how_soon_is_shown_with_how_long(self):
        at = start()
        text = " ".join(c.value for c in at.caption).replace("\\", "")
        # IV: onset 4 hours after the first infusion; one dose's relief lasted about 7 days (1 day to 2 weeks).
        assert "Ketamine IV infusions (clinic): relief may begin around 4 hours. In the studies, relief from one dose " \
               "lasted about 7 days (1 day to 2 weeks)." in text
        assert "Generic SSRI or SNRI: relief may begin around 2 weeks. In the studies, relief lasted while people " \
               "kept taking it." in text
