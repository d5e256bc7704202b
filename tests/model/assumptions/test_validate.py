"""Validating the assumptions (kcost.model.assumptions.validate and .schema): one test per class of bad input.

Every bad file is the shipped data/pricing.yaml with one edit; each problem must
name the YAML path and the line of the edit, found in the edited text itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kcost import AssumptionsError, load_assumptions, parse_assumptions
from kcost.model.assumptions import Problem
from kcost.model.assumptions.problems import format_path
from kcost.model.assumptions.validate import validate_data

SHIPPED = Path(__file__).resolve().parents[3] / "data" / "pricing.yaml"
TEXT = SHIPPED.read_text(encoding="utf-8")

IV_PRICE = "        price:\n          base: 550\n          low: 300\n          high: 1500\n"
IV_PRICE_PATH = "plans.ketamine-iv.sessions.infusions.price"


def edit(old: str, new: str, text: str = TEXT) -> str:
    assert text.count(old) == 1, f"{old!r} must occur exactly once"
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    """1-based line on which ``needle`` starts."""
    return text.count("\n", 0, text.index(needle)) + 1


def caught_problems(text: str) -> list[Problem]:
    with pytest.raises(AssumptionsError) as caught:
        parse_assumptions(text)
    return caught.value.problems


def problems_of(text: str) -> list[str]:
    with pytest.raises(AssumptionsError) as caught:
        parse_assumptions(text)
    return [str(p) for p in caught.value.problems]


class TestShippedFile:
    def test_is_valid(self):
        assumptions = load_assumptions()
        assert list(assumptions.plans) == [
            "ketamine-iv",
            "ketamine-im",
            "ketamine-at-home",
            "esketamine",
            "ssri-generic",
            "ssri-cbt",
            "cbt-only",
        ]

    def test_text_and_file_give_the_same_assumptions(self):
        assert parse_assumptions(TEXT) == load_assumptions(SHIPPED)


class TestUnknownKey:
    def test_typo_names_the_key_and_suggests_the_right_one(self):
        bad = edit("maintenance_label: booster", "maintenence_label: booster")
        line = line_of(bad, "maintenence_label")
        assert problems_of(bad) == [
            "plans.ketamine-iv.sessions.infusions.maintenence_label: unknown key 'maintenence_label'; "
            f"did you mean 'maintenance_label'? (line {line})"
        ]

    def test_typo_in_a_quantity(self):
        bad = edit(IV_PRICE, IV_PRICE.replace("high: 1500", "hihg: 1500"))
        line = line_of(bad, "hihg")
        assert problems_of(bad) == [f"{IV_PRICE_PATH}.hihg: unknown key 'hihg'; did you mean 'high'? (line {line})"]

    def test_no_close_match_lists_the_allowed_keys(self):
        bad = edit(IV_PRICE, IV_PRICE + "          xyzzy: 1\n")
        line = line_of(bad, "xyzzy")
        assert problems_of(bad) == [
            f"{IV_PRICE_PATH}.xyzzy: unknown key 'xyzzy' "
            "(allowed: base, distribution, high, low, note, population, sources, strength, unit) "
            f"(line {line})"
        ]

    def test_unknown_top_level_key(self):
        bad = edit("currency: USD\n", "currency: USD\ncurrencies: [USD]\n")
        line = line_of(bad, "currencies")
        assert problems_of(bad) == [f"currencies: unknown key 'currencies'; did you mean 'currency'? (line {line})"]


class TestWrongType:
    def test_text_where_a_number_belongs(self):
        bad = edit(IV_PRICE, IV_PRICE.replace("base: 550", "base: fivehundred"))
        line = line_of(bad, "fivehundred")
        assert problems_of(bad) == [f"{IV_PRICE_PATH}.base: must be a number, not 'fivehundred' (line {line})"]

    def test_number_where_a_quantity_belongs(self):
        start = TEXT.index(IV_PRICE)
        end = TEXT.index("        add_ons:\n          integration_therapy:")
        bad = TEXT[:start] + "        price: 550\n" + TEXT[end:]  # the whole price block becomes one number
        line = line_of(bad, "price: 550")
        assert problems_of(bad) == [f"{IV_PRICE_PATH}: must be a mapping of keys to values (line {line})"]

    def test_word_where_true_or_false_belongs(self):
        bad = edit(
            "      first series, then booster doses. Used off-label for anxiety.\n    approved_for_anxiety: false\n",
            "      first series, then booster doses. Used off-label for anxiety.\n    approved_for_anxiety: maybe\n",
        )
        line = line_of(bad, "approved_for_anxiety: maybe")
        assert problems_of(bad) == [f"plans.ketamine-iv.approved_for_anxiety: must be true or false (line {line})"]

    def test_single_id_where_a_list_of_sources_belongs(self):
        bad = edit(
            "          sources: [thervo-ketamine-cost, healingmaps-ketamine-cost]\n",
            "          sources: thervo-ketamine-cost\n",
        )
        line = line_of(bad, "sources: thervo-ketamine-cost\n")
        assert problems_of(bad) == [f"{IV_PRICE_PATH}.sources: must be a list (line {line})"]

    def test_value_outside_a_fixed_choice(self):
        bad = edit("    label: Ketamine IV infusions (clinic)\n    kind: ketamine\n", "    label: Ketamine IV infusions (clinic)\n    kind: ketamin\n")
        line = line_of(bad, "kind: ketamin\n")
        (problem,) = problems_of(bad)
        assert problem.startswith("plans.ketamine-iv.kind: must be one of ")
        assert "'ketamine'" in problem and "'esketamine'" in problem and "'ssri'" in problem
        assert problem.endswith(f"not 'ketamin' (line {line})")

    def test_unknown_unit(self):
        bad = edit(IV_PRICE + "          unit: USD/session\n", IV_PRICE + "          unit: dollars\n")
        line = line_of(bad, "unit: dollars")
        (problem,) = problems_of(bad)
        assert problem.startswith(f"{IV_PRICE_PATH}.unit: must be one of ")
        assert problem.endswith(f"not 'dollars' (line {line})")

    def test_wrong_unit_for_a_session_price(self):
        bad = edit(IV_PRICE + "          unit: USD/session\n", IV_PRICE + "          unit: USD/day\n")
        line = line_of(bad, "      infusions:")
        assert problems_of(bad) == [
            f"plans.ketamine-iv.sessions.infusions: price must be in USD/session or USD/visit (line {line})"
        ]

    def test_not_a_number_is_refused(self):
        bad = edit(IV_PRICE, IV_PRICE.replace("base: 550", "base: .nan"))
        line = line_of(bad, ".nan")
        assert problems_of(bad) == [f"{IV_PRICE_PATH}.base: must be a finite number (line {line})"]

    def test_infinity_is_refused(self):
        bad = edit(IV_PRICE, IV_PRICE.replace("high: 1500", "high: .inf"))
        line = line_of(bad, ".inf")
        assert problems_of(bad) == [f"{IV_PRICE_PATH}.high: must be a finite number (line {line})"]


class TestNegativeNumbers:
    def test_negative_price(self):
        bad = edit(IV_PRICE, IV_PRICE.replace("base: 550", "base: -550"))
        line = line_of(bad, "base: -550")
        assert problems_of(bad) == [
            f"plans.ketamine-iv.sessions.infusions.price.base: must be ≥ 0 (line {line})"
        ]

    def test_negative_low_in_a_flow_mapping(self):
        old = "count: {base: 6, unit: sessions, sources: [vice-2022-mindbloom, mindbloom-help-centre]}"
        bad = edit(old, old.replace("base: 6,", "base: 6, low: -1,"))
        line = line_of(bad, "low: -1")
        assert problems_of(bad) == [
            f"plans.ketamine-at-home.sessions.programme.phases.first_programme.count.low: must be ≥ 0 (line {line})"
        ]


class TestRange:
    def test_low_above_high(self):
        bad = edit(IV_PRICE, IV_PRICE.replace("low: 300", "low: 2000"))
        line = line_of(bad, IV_PRICE.splitlines()[0] + "\n          base: 550\n          low: 2000")
        assert problems_of(bad) == [f"{IV_PRICE_PATH}: low (2000) must not exceed high (1500) (line {line})"]

    def test_base_outside_low_high(self):
        bad = edit(IV_PRICE, IV_PRICE.replace("base: 550", "base: 250"))
        line = line_of(bad, "        price:\n          base: 250")
        assert problems_of(bad) == [
            f"{IV_PRICE_PATH}: base (250) must lie between low (300) and high (1500) (line {line})"
        ]

    def test_rate_over_100_percent(self):
        old = "      base: 63\n      low: 18\n      high: 63\n"  # ketamine-at-home's response rate
        bad = edit(old, old.replace("high: 63", "high: 163"))
        line = line_of(bad, "high: 163")
        assert problems_of(bad) == [f"plans.ketamine-at-home.response_rate.high: must be at most 100% (line {line})"]

    def test_negative_response_rate(self):
        old = "      base: 63\n      low: 18\n      high: 63\n"
        bad = edit(old, old.replace("low: 18", "low: -5"))
        line = line_of(bad, "low: -5")
        assert problems_of(bad) == [f"plans.ketamine-at-home.response_rate.low: must be ≥ 0 (line {line})"]

    def test_decision_point_beyond_the_longest_horizon(self):
        old = "weeks: {base: 8, low: 6, high: 12, unit: weeks, sources: [trivedi-2006, davidson-2004], note:"
        bad = edit(old, old.replace("high: 12", "high: 300"))
        line = line_of(bad, "high: 300")
        # The unit's bound (weeks ≤ 260, the longest horizon) names the number that is too far out.
        assert problems_of(bad) == [f"plans.ssri-generic.decision_point.weeks.high: must be at most 260 weeks (line {line})"]

    def test_decision_point_after_more_sessions_than_the_course_has(self):
        old = "sessions: {base: 6, unit: sessions, sources: [kcost-modelling-choice]"
        bad = edit(old, old.replace("base: 6", "base: 20"))
        line = line_of(bad, "sessions: {base: 20")
        assert problems_of(bad) == [
            "plans.cbt-only.decision_point.sessions: the decision point never comes: stream 'cbt' has at most "
            f"15 sessions (line {line})"
        ]

    def test_superbill_share_over_100_percent(self):
        old = "      superbill_pct: {base: 0, low: 0, high: 100,"
        bad = TEXT.replace(old, "      superbill_pct: {base: 120, low: 0, high: 120,", 1)
        line = line_of(bad, "base: 120")
        # Both numbers over 100 are named, each on the flow-style line that holds them.
        assert problems_of(bad) == [
            f"plans.ketamine-iv.billing.superbill_pct.base: must be at most 100% (line {line})",
            f"plans.ketamine-iv.billing.superbill_pct.high: must be at most 100% (line {line})",
        ]

    def test_every_charge_needs_billing_terms(self):
        bad = edit("        sessions.infusions.add_ons.integration_therapy: {kind: visit}\n", "")
        line = line_of(bad, "      charges:\n        one_off.consultation")
        assert problems_of(bad) == [
            "plans.ketamine-iv.billing.charges: give billing terms for "
            f"'sessions.infusions.add_ons.integration_therapy' (line {line})"
        ]

    def test_billing_terms_name_a_real_charge(self):
        bad = edit("        sessions.infusions.add_ons.integration_therapy: {kind: visit}\n",
                   "        sessions.infusions.add_ons.integration_therapy: {kind: visit}\n"
                   "        sessions.infusions.add_ons.integration: {kind: visit}\n")
        line = line_of(bad, "sessions.infusions.add_ons.integration: ")
        assert problems_of(bad) == [
            "plans.ketamine-iv.billing.charges.sessions.infusions.add_ons.integration: no cost component called "
            "'sessions.infusions.add_ons.integration' in this plan; did you mean "
            f"'sessions.infusions.add_ons.integration_therapy'? (line {line})"
        ]

    def test_the_daily_medicine_is_a_fill(self):
        bad = TEXT.replace("        drug: {kind: fill}\n", "        drug: {kind: visit}\n", 1)  # ssri-generic's
        line = line_of(bad, "drug: {kind: visit}")
        assert problems_of(bad) == [
            f"plans.ssri-generic.billing.charges.drug.kind: the daily medicine is bought in fills (kind: fill) (line {line})"
        ]

    def test_programme_must_exist(self):
        bad = edit("programme: spravato-withme}", "programme: spravato}")
        line = line_of(bad, "programme: spravato}")
        assert problems_of(bad) == [
            "plans.esketamine.billing.charges.sessions.treatments.price.programme: unknown programme 'spravato' "
            f"(known: spravato-withme) (line {line})"
        ]

    def test_zero_sessions_a_week(self):
        old = "            per_week:\n              base: 2\n              low: 2\n"
        bad = edit(old, old.replace("low: 2", "low: 0"))
        line = line_of(bad, "              low: 0")
        assert problems_of(bad) == [
            f"plans.ketamine-iv.sessions.infusions.phases.induction.per_week.low: must be at least 0.1 per week (line {line})"
        ]


class TestSources:
    def test_missing_sources_key(self):
        bad = edit(
            IV_PRICE + "          unit: USD/session\n          sources: [thervo-ketamine-cost, healingmaps-ketamine-cost]\n",
            IV_PRICE + "          unit: USD/session\n",
        )
        line = line_of(bad, IV_PRICE)  # the key is missing, so the quantity's own line
        assert problems_of(bad) == [f"{IV_PRICE_PATH}.sources: required, but missing (line {line})"]

    def test_empty_source_list(self):
        bad = edit("sources: [thervo-ketamine-cost, healingmaps-ketamine-cost]", "sources: []")
        line = line_of(bad, "sources: []")
        assert problems_of(bad) == [f"{IV_PRICE_PATH}.sources: must name at least one source (line {line})"]

    def test_unknown_source_id_with_a_hint(self):
        bad = edit(
            "sources: [thervo-ketamine-cost, healingmaps-ketamine-cost]",
            "sources: [thervo-ketamine-cots, healingmaps-ketamine-cost]",
        )
        line = line_of(bad, "thervo-ketamine-cots")
        assert problems_of(bad) == [
            f"{IV_PRICE_PATH}.sources[0]: unknown source id 'thervo-ketamine-cots'; "
            f"did you mean 'thervo-ketamine-cost'? (line {line})"
        ]

    def test_unknown_source_id_in_a_block_list(self):
        old = "          sources: [thervo-ketamine-cost, healingmaps-ketamine-cost]\n"
        bad = edit(old, "          sources:\n            - thervo-ketamine-cost\n            - qqqq\n")
        line = line_of(bad, "- qqqq")
        assert problems_of(bad) == [f"{IV_PRICE_PATH}.sources[1]: unknown source id 'qqqq' (line {line})"]

    def test_removing_a_cited_source_reports_every_citation(self):
        start = TEXT.index("  taylor-2018:\n")
        end = TEXT.index("  hull-2022:\n")
        bad = TEXT[:start] + TEXT[end:]
        line = line_of(bad, "      sources: [taylor-2018]")
        problems = problems_of(bad)
        # the IV trial backs the IV and IM response rates and their placebo arms
        assert [p.split(":")[0] for p in problems] == [
            "plans.ketamine-iv.response_rate.sources[0]",
            "plans.ketamine-iv.placebo_response.sources[0]",
            "plans.ketamine-im.response_rate.sources[0]",
            "plans.ketamine-im.placebo_response.sources[0]",
        ]
        assert all("unknown source id 'taylor-2018'" in p for p in problems)
        assert problems[0].endswith(f"(line {line})")

    def test_source_address_must_be_http(self):
        bad = edit("url: https://thervo.com/costs/ketamine-therapy-cost", "url: thervo.com/costs")
        line = line_of(bad, "url: thervo.com")
        assert problems_of(bad) == [
            f"sources.thervo-ketamine-cost.url: must be an http(s) address, such as https://example.org/page (line {line})"
        ]

    @pytest.mark.parametrize(
        "url",
        [
            "javascript:alert(1)",
            "https://",
            "https://user:pass@evil.example/",
            "https://evil.example/\"onmouseover=x",
            "https://evil.example/<b>",
            "https://localhost/",  # no dot: not a public host name
            "https://evil.example:99999/",
            "https://exаmple.org/",  # a Cyrillic 'а' in the host
            "https://evil.example/`x`",
        ],
    )
    def test_only_plain_web_addresses_become_links(self, url):
        # The earlier check (^https?://[^\s]+$) let all but the first two through; a link is built only from these.
        bad = edit("url: https://thervo.com/costs/ketamine-therapy-cost", f"url: '{url}'")
        assert [p.path for p in caught_problems(bad)] == ["sources.thervo-ketamine-cost.url"]

    @pytest.mark.parametrize("doi", ["10.1/x", "doi:10.1016/j.x", "10.1016/a b", "10.1016/<script>", "javascript:alert(1)"])
    def test_a_doi_must_look_like_one(self, doi):
        bad = edit("doi: 10.1016/j.biopsych.2012.06.022", f"doi: '{doi}'")
        assert [p.path for p in caught_problems(bad)] == ["sources.murrough-2013.doi"]

    def test_links_are_the_validated_address_or_a_doi_link(self):
        from kcost.model.assumptions.parameter_table import parameter_frame

        frame = parameter_frame(load_assumptions())
        links = {link for cell in frame["links"] for link in cell.split()}
        assert "https://doi.org/10.1016/j.biopsych.2012.06.022" in links
        assert all(link.startswith("https://") for link in links)


class TestMissingAndMalformedKeys:
    def test_required_key_missing_points_at_its_parent(self):
        bad = edit("    label: Ketamine IV infusions (clinic)\n    kind: ketamine\n", "    label: Ketamine IV infusions (clinic)\n")
        line = line_of(bad, "  ketamine-iv:")
        assert problems_of(bad) == [f"plans.ketamine-iv.kind: required, but missing (line {line})"]

    def test_plan_id_must_be_lower_case(self):
        bad = edit("  ketamine-iv:\n", "  Ketamine-IV:\n")
        line = line_of(bad, "Ketamine-IV:")
        assert problems_of(bad) == [
            f"plans.Ketamine-IV: 'Ketamine-IV' is not a valid id: use lower-case letters, digits, '-' and '_' (line {line})"
        ]

    def test_unknown_onset_model(self):
        bad = edit("      model: after_sessions\n      stream: infusions\n", "      model: after_dose\n      stream: infusions\n")
        line = line_of(bad, "    onset:\n      model: after_dose")
        (problem,) = problems_of(bad)
        assert problem.startswith("plans.ketamine-iv.onset: model must be one of")
        assert "after_sessions" in problem and "weeks_from_start" in problem
        assert problem.endswith(f"(line {line})")

    def test_wrong_version(self):
        bad = edit("version: 1", "version: 2")
        line = line_of(bad, "version: 2")
        assert problems_of(bad) == [f"version: must be one of 1, not 2 (line {line})"]


class TestReferencesBetweenParts:
    def test_onset_stream_must_exist(self):
        bad = edit("      model: after_sessions\n      stream: infusions\n", "      model: after_sessions\n      stream: infusion\n")
        line = line_of(bad, "stream: infusion\n")
        assert problems_of(bad) == [f"plans.ketamine-iv.onset.stream: no session stream called 'infusion' (line {line})"]

    def test_starts_after_must_name_an_earlier_stream(self):
        bad = edit("        starts_after: preparation\n", "        starts_after: prep\n")
        line = line_of(bad, "starts_after: prep")
        assert problems_of(bad) == [
            f"plans.ketamine-im.sessions.dosing.starts_after: 'prep' must be a session stream listed before this one (line {line})"
        ]

    def test_drug_must_exist(self):
        bad = TEXT.replace("    drug: sertraline\n", "    drug: sertralin\n", 1)  # ssri-generic's
        line = line_of(bad, "drug: sertralin\n")
        assert problems_of(bad) == [
            "plans.ssri-generic.drug: unknown drug 'sertralin' (known: sertraline, escitalopram, fluoxetine, "
            f"citalopram, paroxetine, venlafaxine-er, duloxetine) (line {line})"
        ]

    def test_main_input_must_name_a_number_of_the_plan(self):
        bad = edit("      session_price: sessions.infusions.price\n", "      session_price: sessions.infusions.prize\n")
        line = line_of(bad, "session_price: sessions.infusions.prize")
        assert problems_of(bad) == [
            f"plans.ketamine-iv.main_inputs.session_price: 'sessions.infusions.prize' does not name a number in this plan (line {line})"
        ]

    def test_main_input_name_must_be_known(self):
        bad = edit("      session_price: sessions.infusions.price\n", "      sesion_price: sessions.infusions.price\n")
        line = line_of(bad, "  ketamine-iv:")
        (problem,) = problems_of(bad)
        assert problem.startswith("plans.ketamine-iv: main_inputs: unknown input 'sesion_price' (known: session_price")
        assert problem.endswith(f"(line {line})")


class TestSeveralProblems:
    def test_every_problem_is_listed_once_with_its_own_line(self):
        bad = edit(IV_PRICE, IV_PRICE.replace("base: 550", "base: -550"))
        bad = edit("maintenance_label: booster", "maintenence_label: booster", bad)
        bad = edit("      note: KAP is usually paid in cash.\n      superbill_pct: {base: 0,", "      note: KAP is usually paid in cash.\n      superbill_pct: {base: twenty,", bad)
        problems = problems_of(bad)
        assert sorted(problems) == sorted(
            [
                f"{IV_PRICE_PATH}.base: must be ≥ 0 (line {line_of(bad, 'base: -550')})",
                "plans.ketamine-iv.sessions.infusions.maintenence_label: unknown key 'maintenence_label'; "
                f"did you mean 'maintenance_label'? (line {line_of(bad, 'maintenence_label')})",
                f"plans.ketamine-im.billing.superbill_pct.base: must be a number, not 'twenty' (line {line_of(bad, 'base: twenty')})",
            ]
        )


class TestValidateData:
    def test_plain_data_without_a_document_has_no_lines(self):
        import yaml

        data = yaml.safe_load(TEXT.replace("base: 550", "base: -550"))
        for source in data["sources"].values():  # safe_load turns dates into date objects
            source["published"] = str(source["published"])
            source["seen"] = str(source["seen"])
        with pytest.raises(AssumptionsError) as caught:
            validate_data(data)
        assert [str(p) for p in caught.value.problems] == [f"{IV_PRICE_PATH}.base: must be ≥ 0"]

    @pytest.mark.parametrize("data", [None, [], "text", 3])
    def test_data_must_be_a_mapping(self, data):
        with pytest.raises(AssumptionsError, match=r"^\(file\): the file must be a mapping of keys to values$"):
            validate_data(data)


class TestProblemText:
    def test_with_a_line(self):
        assert str(Problem("plans.x.price", "must be ≥ 0", 12)) == "plans.x.price: must be ≥ 0 (line 12)"

    def test_origin_replaces_the_line(self):
        assert str(Problem("plans.x.price", "must be ≥ 0", 12, "--set")) == "plans.x.price: must be ≥ 0 (from --set)"

    def test_without_path_or_line(self):
        assert str(Problem("", "the file is empty")) == "(file): the file is empty"

    def test_error_lists_every_problem_on_its_own_line(self):
        error = AssumptionsError([Problem("a", "one", 1), Problem("b", "two", 2)])
        assert str(error) == "a: one (line 1)\nb: two (line 2)"
        assert isinstance(error, ValueError)

    def test_format_path(self):
        assert format_path(("plans", "ketamine-iv", "sources", 0)) == "plans.ketamine-iv.sources[0]"
        assert format_path(()) == ""
