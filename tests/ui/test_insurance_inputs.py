"""The insurance panel's inputs: which copays skip the deductible, and typed values the page cannot use.

Figures by hand from data/pricing.yaml. The generic SSRI plan is covered by default: a $350 psychiatric
intake (a visit) on day 0, a 30-day fill of sertraline at $0.031 a day on day 0 (30 x 0.031 = $0.93), and
the first follow-up visit ($150) on day 14; the next fill (day 30) falls after the first 4 weeks. The
default deductible is $1,787, far above what these charges add up to.
"""

from __future__ import annotations

from kcost import load_assumptions
from kcost.present.formats import money
from kcost.ui.compare.registry import registry_for

from .test_compare_page import captions, figures, start

INSURED_SSRI = {"pay": "Your insurance", "plans": ["Generic SSRI or SNRI"]}
SKIP = "ins.copays_skip_deductible"
SKIP_LABEL = "“Copays you pay before the deductible is met”"
INTAKE, FOLLOW_UP, FILL = 350, 150, 30 * 0.031


def warnings(at) -> list[str]:
    return [w.value.replace("\\", "") for w in at.warning]


class TestCopaysThatSkipTheDeductible:
    def test_default_is_visits_and_fills_as_in_the_engine(self):
        at = start({"pay": "Your insurance"})
        assert at.multiselect(key=SKIP).value == ["visit", "fill"]
        assert at.multiselect(key=SKIP).label == "Copays you pay before the deductible is met"
        assert registry_for(load_assumptions())[SKIP].default == ["visit", "fill"]

    def test_a_visit_copay_that_skips_the_deductible_costs_the_copay_else_the_visit_goes_to_the_deductible(self):
        # A $15 visit copay. Skipping the deductible (the default): intake 15 + day-14 follow-up 15 + the fill,
        # which has no copay and goes to the deductible in full (0.93): 30.93 in the first 4 weeks.
        at = start({**INSURED_SSRI, "ins.copay_visit": "15"})
        assert not at.exception
        assert figures(at)[0]["First 4 weeks"] == money(15 + 15 + FILL)  # $31
        # Visits taken off the list: each visit pays toward the deductible first, and the $1,787 deductible is
        # never met in 4 weeks, so the patient pays both visits in full: 350 + 150 + 0.93 = 500.93.
        at.multiselect(key=SKIP).unselect("visit").run()
        assert not at.exception
        assert at.multiselect(key=SKIP).value == ["fill"]
        assert figures(at)[0]["First 4 weeks"] == money(INTAKE + FOLLOW_UP + FILL)  # $501
        # And back: the copay again.
        at.multiselect(key=SKIP).select("visit").run()
        assert figures(at)[0]["First 4 weeks"] == money(15 + 15 + FILL)

    def test_a_link_carries_the_choice_in_words_or_as_the_engine_names_the_kinds(self):
        in_words = start({**INSURED_SSRI, "ins.copay_visit": "15", SKIP: "Prescription fills"})
        assert in_words.multiselect(key=SKIP).value == ["fill"]
        assert figures(in_words)[0]["First 4 weeks"] == money(INTAKE + FOLLOW_UP + FILL)
        assert not [c for c in captions(in_words) if c.startswith("Note:")]
        # Written by hand as the command line names them: used, and written back the way the page writes it.
        by_hand = start({**INSURED_SSRI, "ins.copay_visit": "15", SKIP: ["fill", "visit"]})
        assert sorted(by_hand.multiselect(key=SKIP).value) == ["fill", "visit"]
        assert figures(by_hand)[0]["First 4 weeks"] == money(15 + 15 + FILL)
        assert sorted(by_hand.query_params[SKIP]) == ["Doctor or therapy visits", "Prescription fills"]

    def test_an_empty_choice_in_the_link_means_no_kind_skips_the_deductible(self):
        # Streamlit writes an emptied choice as "ins.copays_skip_deductible=" (seen in Chromium); reopening it
        # must not be refused.
        at = start({**INSURED_SSRI, "ins.copay_visit": "15", SKIP: ""})
        assert not at.exception
        assert not [c for c in captions(at) if c.startswith("Note:")]
        assert at.multiselect(key=SKIP).value == []
        assert figures(at)[0]["First 4 weeks"] == money(INTAKE + FOLLOW_UP + FILL)

    def test_a_bad_link_value_is_dropped_with_the_usual_notice(self):
        at = start({**INSURED_SSRI, "ins.copay_visit": "15", SKIP: ["Doctor or therapy visits", "dental"]})
        assert not at.exception
        assert f"the link's value for {SKIP_LABEL} could not be used, so the default is shown instead" in " ".join(captions(at))
        assert SKIP not in at.query_params
        assert at.multiselect(key=SKIP).value == ["visit", "fill"]
        assert figures(at)[0]["First 4 weeks"] == money(15 + 15 + FILL)

    def test_reset_puts_the_default_back(self):
        at = start({**INSURED_SSRI, SKIP: "Treatment sessions"})
        assert at.multiselect(key=SKIP).value == ["session"]
        next(b for b in at.button if b.label == "Reset to defaults").click().run()
        assert at.session_state[SKIP] == ["visit", "fill"]


class TestTypedValuesThePageCannotUse:
    """What Chromium sends (seen with Streamlit 1.67): for an empty box, and for text the browser cannot read
    as a number (``abc``, ``1e400``), the box sends "no value" (None here); before this change a box with a
    default turned that into the default without a word."""

    def test_an_emptied_deductible_keeps_the_last_value_and_says_so(self):
        at = start({**INSURED_SSRI, "ins.deductible": "200", "ins.copay_visit": "15"})
        # A $200 deductible, visits skip it: the fill (0.93) goes to the deductible, 15 + 15 + 0.93.
        before = figures(at)
        assert before[0]["First 4 weeks"] == money(15 + 15 + FILL)
        at.number_input(key="ins.deductible").set_value(None).run()
        assert not at.exception
        assert warnings(at) == [
            "“Deductible per plan year (USD)”: type a number from $0 to $100,000. The box was empty or did not "
            "hold a number, so $200 is kept."
        ]
        assert at.number_input(key="ins.deductible").value == 200
        assert figures(at) == before
        # The notice is said once: the next change of another input drops it.
        at.number_input(key="ins.deductible").set_value(300).run()
        assert warnings(at) == [] and at.number_input(key="ins.deductible").value == 300

    def test_every_box_with_a_figure_behaves_the_same(self):
        at = start({"pay": "Your insurance"})
        kept = {"ins.coinsurance_pct": "20%", "ins.oop_max": "$9,200", "ins.deductible_met": "$0", "ins.oop_met": "$0"}
        for key, shown in kept.items():
            at.number_input(key=key).set_value(None).run()
            assert not at.exception
            said = " ".join(warnings(at))
            assert f"{registry_for(load_assumptions())[key].name(None)}: type a number from" in said, key
            assert f"so {shown} is kept" in said, key
            assert at.number_input(key=key).value == registry_for(load_assumptions())[key].default

    def test_an_empty_copay_still_means_none_and_the_page_says_what_it_held(self):
        # A copay may be left empty on purpose (no copay), and the visit goes back to the deductible. Text the
        # browser cannot read arrives the same way, so the page says what the box held.
        at = start({**INSURED_SSRI, "ins.copay_visit": "15"})
        at.number_input(key="ins.copay_visit").set_value(None).run()
        assert warnings(at) == [
            "“Copay per doctor or therapy visit (USD)” is now empty, which means none (it was $15). "
            "If you meant a number, type it again using digits only."
        ]
        assert at.number_input(key="ins.copay_visit").value is None
        assert figures(at)[0]["First 4 weeks"] == money(INTAKE + FOLLOW_UP + FILL)


class TestWholeWeeks:
    def test_a_fraction_of_a_week_is_refused_with_a_notice_not_rounded(self):
        # The command line refuses --plan-year-renews-in-weeks 2.5; the page says so too and keeps the last value.
        at = start({"pay": "Your insurance"})
        box = at.number_input(key="ins.renews_in_weeks")
        assert "Whole weeks" in box.help
        box.set_value(10.0).run()
        before = figures(at)
        at.number_input(key="ins.renews_in_weeks").set_value(2.5).run()
        assert not at.exception
        assert warnings(at) == [
            "“Plan year starts again in (weeks)”: type whole weeks from 1 to 52. 2.5 is not a whole number of "
            "weeks, so 10 weeks is kept."
        ]
        assert at.number_input(key="ins.renews_in_weeks").value == 10
        assert figures(at) == before

    def test_whole_weeks_as_streamlit_writes_them_back_into_a_link_are_read(self):
        # After a refused value the page puts "10.0" into the address (seen in Chromium); reopening it works.
        at = start({"pay": "Your insurance", "ins.renews_in_weeks": "10.0"})
        assert not [c for c in captions(at) if c.startswith("Note:")]
        assert at.number_input(key="ins.renews_in_weeks").value == 10
        refused = start({"pay": "Your insurance", "ins.renews_in_weeks": "2.5"})
        assert any("“Plan year starts again in (weeks)” could not be used" in c for c in captions(refused))


class TestEveryOtherNumberBox:
    """The same check on every number box outside the insurance panel: the time and travel terms, each plan's
    fees and the medicine's daily cost. The notice sits right under the box."""

    def test_an_emptied_fee_keeps_its_value_and_the_figures(self):
        at = start()
        key = "ketamine-iv.one_off.consultation"
        before = figures(at)
        at.number_input(key=key).set_value(None).run()
        assert not at.exception
        # The file's $250 consultation is kept: IV over 1 year is still $250 + 30 x $550 = $16,750.
        assert at.number_input(key=key).value == 250
        assert figures(at) == before and figures(at)[0]["Over 1 year"] == "$16,750"
        assert any("type a number from $0 to $100,000" in w and "so $250 is kept" in w for w in warnings(at)), warnings(at)

    def test_time_and_medicine_boxes_say_so_too(self):
        at = start({"time.include": "true"})
        at.number_input(key="time.hourly_value").set_value(None).run()
        assert at.number_input(key="time.hourly_value").value == 31.48  # the file's wage figure
        assert any("“Value of an hour of your time (USD)”" in w and "so $31.48 is kept" in w for w in warnings(at))
        at.number_input(key="ssri_daily").set_value(None).run()
        assert not at.exception
        # The shipped sertraline figure, $0.031 a day, said to its own precision (not "$0.03").
        assert at.number_input(key="ssri_daily").value == 0.031
        assert any("“Daily cost of the medicine (USD)”" in w and "so $0.031 is kept" in w for w in warnings(at))

    def test_a_number_out_of_range_keeps_the_last_value_and_names_the_box(self):
        # The boxes have no range of their own (the browser refused such a value without naming the box and
        # kept showing it while the figures used the old one): the page checks the range and says so.
        at = start({"pay": "Your insurance", "time.include": "true"})
        cases = {
            # key: (typed, what the notice says of it, the range, what is kept)
            "ins.deductible": (-5, "-$5", "from $0 to $100,000", "$1,787"),
            "ins.coinsurance_pct": (1500, "1500%", "from 0% to 100%", "20%"),
            "ketamine-iv.one_off.consultation": (99_999_999, "$99,999,999", "from $0 to $100,000", "$250"),
            "time.hourly_value": (-1, "-$1", "from $0 to $1,000", "$31.48"),
        }
        before = figures(at)
        for key, (typed, said, allowed, kept) in cases.items():
            default = at.number_input(key=key).value
            at.number_input(key=key).set_value(typed).run()
            assert not at.exception, key
            assert at.number_input(key=key).value == default, key
            assert any(f"type a number {allowed}. {said} is outside that range, so {kept} is kept." in w for w in warnings(at)), (key, warnings(at))
        assert figures(at) == before


class TestGovernmentPlans:
    def test_the_copay_programme_switches_are_greyed_out_with_a_government_plan_and_keep_their_values(self):
        at = start({"pay": "Your insurance"})
        switches = ("ins.copay_programme", "ins.programme_counts_toward_limits")
        assert not any(at.checkbox(key=k).disabled for k in switches)
        at.checkbox(key="ins.government").check().run()
        assert all(at.checkbox(key=k).disabled and at.checkbox(key=k).value for k in switches)
        at.checkbox(key="ins.government").uncheck().run()
        assert not any(at.checkbox(key=k).disabled for k in switches)


class TestTheScenarioFile:
    def test_the_scenario_inputs_download_holds_the_insurance_terms(self):
        # The file is made when its button is pressed, from what the page shows. It failed with insurance on:
        # the copays paid before the deductible are a set, which JSON has no word for; they are a sorted list.
        import json

        at = start({**INSURED_SSRI, "ins.copay_visit": "15"})
        scenario = json.loads(at.session_state["shown_results"].scenario_json())
        assert scenario["payment"] == "insurance" and scenario["plans"] == ["ssri-generic"]
        assert scenario["insurance"]["copays_skip_deductible"] == ["fill", "visit"]
        assert scenario["insurance"]["copay_visit"] == 15
        assert scenario["insurance"]["deductible"] == 1787
