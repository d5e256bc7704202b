"""Changing values by path (kcost.model.assumptions.overrides): --set, the main inputs, re-validation."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from kcost import AssumptionsError, MainInputs, Override, load_assumptions, parse_assumptions
from kcost.model.assumptions import apply_overrides, main_input_overrides, parse_set, with_overrides

SHIPPED = Path(__file__).resolve().parents[3] / "data" / "pricing.yaml"
TEXT = SHIPPED.read_text(encoding="utf-8")

PRICE = ("plans", "ketamine-iv", "sessions", "infusions", "price")


def quantity(**kw):
    return {"base": 550, "low": 300, "high": 1500, "unit": "USD/session", "sources": ["s"], **kw}


def errors(call) -> list[str]:
    with pytest.raises(AssumptionsError) as caught:
        call()
    return [str(p) for p in caught.value.problems]


@pytest.fixture(scope="module")
def assumptions():
    return load_assumptions()


class TestApplyOverrides:
    def test_a_number_on_a_quantity_sets_its_base(self):
        out = apply_overrides({"price": quantity()}, [Override(("price",), 600)])
        assert out["price"] == quantity(base=600)

    def test_base_above_high_widens_the_range(self):
        # docstring: {low 300, base 550, high 1500} set to 2000 → {low 300, base 2000, high 2000}
        out = apply_overrides({"price": quantity()}, [Override(("price",), 2000)])
        assert (out["price"]["low"], out["price"]["base"], out["price"]["high"]) == (300, 2000, 2000)

    def test_base_below_low_widens_the_range(self):
        out = apply_overrides({"price": quantity()}, [Override(("price",), 100)])
        assert (out["price"]["low"], out["price"]["base"], out["price"]["high"]) == (100, 100, 1500)

    def test_setting_base_by_its_own_path_widens_too(self):
        out = apply_overrides({"price": quantity()}, [Override(("price", "base"), 2000)])
        assert (out["price"]["low"], out["price"]["base"], out["price"]["high"]) == (300, 2000, 2000)

    def test_setting_a_bound_leaves_the_rest(self):
        out = apply_overrides({"price": quantity()}, [Override(("price", "low"), 400)])
        assert out["price"] == quantity(low=400)

    def test_negative_value_is_left_for_validation_to_refuse(self):
        out = apply_overrides({"price": quantity()}, [Override(("price",), -5)])
        assert (out["price"]["low"], out["price"]["base"], out["price"]["high"]) == (300, -5, 1500)

    def test_missing_bounds_stay_missing(self):
        out = apply_overrides({"fee": {"base": 500, "unit": "USD/session"}}, [Override(("fee",), 0)])
        assert out["fee"] == {"base": 0, "unit": "USD/session"}

    def test_plain_value_is_replaced(self):
        out = apply_overrides({"payment": {"mode": "cash"}}, [Override(("payment", "mode"), "insured")])
        assert out == {"payment": {"mode": "insured"}}

    def test_later_override_wins(self):
        out = apply_overrides({"price": quantity()}, [Override(("price",), 600), Override(("price",), 700)])
        assert out["price"]["base"] == 700

    def test_the_input_is_not_changed(self):
        data = {"price": quantity(), "nested": {"a": [1, 2]}}
        before = copy.deepcopy(data)
        apply_overrides(data, [Override(("price",), 2000), Override(("nested", "a"), 5)])
        assert data == before

    def test_the_input_is_not_changed_by_overrides_inside_lists_and_quantities(self):
        data = {"a": [{"b": 1, "q": quantity()}, {"b": 2}], "other": {"x": 1}}
        before = copy.deepcopy(data)
        out = apply_overrides(data, [Override(("a", 0, "q"), 2000), Override(("a", 1, "b"), 4), Override(("a", 0, "b"), 3)])
        assert data == before
        assert out["a"] == [{"b": 3, "q": quantity(base=2000, high=2000)}, {"b": 4}]

    def test_branches_no_override_touches_are_shared_not_copied(self):
        data = {"price": quantity(), "other": {"x": [1, 2]}}
        out = apply_overrides(data, [Override(("price",), 600)])
        assert out["other"] is data["other"]
        assert out["price"] is not data["price"]

    def test_list_items_by_index(self):
        out = apply_overrides({"a": [{"b": 1}, {"b": 2}]}, [Override(("a", 1, "b"), 3)])
        assert out == {"a": [{"b": 1}, {"b": 3}]}

    def test_a_key_with_dots_is_found_by_joining_parts(self):
        # billing.charges names each component by its own dotted path: "a.b" under "charges".
        data = {"charges": {"a.b": {"covered": True}, "a": {"x": 1}}}
        out = apply_overrides(data, [Override(("charges", "a", "b", "covered"), False)])
        assert out["charges"]["a.b"] == {"covered": False}
        # The longest run that is a key is taken; "a.x" is none, so "a" then "x".
        assert apply_overrides(data, [Override(("charges", "a", "x"), 2)])["charges"]["a"] == {"x": 2}

    def test_a_shipped_charge_term_set_by_its_full_path(self, assumptions):
        # plans.esketamine.billing.charges has the key "sessions.treatments.price" (the drug).
        override = parse_set("plans.esketamine.billing.charges.sessions.treatments.price.benefit=pharmacy")
        changed = with_overrides(assumptions, [override])
        assert changed.plans["esketamine"].billing.charges["sessions.treatments.price"].benefit == "pharmacy"
        assert assumptions.plans["esketamine"].billing.charges["sessions.treatments.price"].benefit == "medical"

    def test_unknown_key_on_the_way_names_the_path_walked(self):
        assert errors(lambda: apply_overrides({"plans": {"x": {}}}, [Override(("plans", "nosuch", "price"), 1)])) == [
            "plans.nosuch: no such key in the assumptions (from --set)"
        ]

    def test_index_past_the_end_of_a_list(self):
        assert errors(lambda: apply_overrides({"a": [{"b": 1}]}, [Override(("a", 3, "b"), 1)])) == [
            "a[3]: no such key in the assumptions (from --set)"
        ]

    def test_key_inside_a_single_value(self):
        assert errors(lambda: apply_overrides({"version": 1}, [Override(("version", "x"), 1)])) == [
            "version.x: cannot set a key inside a single value (from --set)"
        ]

    @pytest.mark.parametrize("value", [{"base": 1}, [1, 2]])
    def test_a_quantity_takes_a_number_not_a_structure(self, value):
        assert errors(lambda: apply_overrides({"price": quantity()}, [Override(("price",), value)])) == [
            "price: give a number for a quantity (from --set)"
        ]

    def test_origin_is_named(self):
        override = Override(("plans", "nosuch", "price"), 1, "the session price control")
        assert errors(lambda: apply_overrides({"plans": {}}, [override])) == [
            "plans.nosuch: no such key in the assumptions (from the session price control)"
        ]


class TestParseSet:
    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("plans.ketamine-iv.sessions.infusions.price=600", 600),
            ("plans.ketamine-iv.sessions.infusions.price=612.5", 612.5),
            ("plans.ketamine-iv.sessions.infusions.price= 600 ", 600),
            ("plans.ketamine-iv.sessions.infusions.price=null", None),
            ("plans.ketamine-iv.sessions.infusions.price=", None),
            ("plans.ketamine-iv.sessions.infusions.price=   ", None),
            ("plans.ketamine-iv.sessions.infusions.price=true", True),
            ("plans.ketamine-iv.sessions.infusions.price='600'", "600"),
        ],
    )
    def test_value_is_read_as_a_yaml_scalar(self, text, value):
        assert parse_set(text) == Override(PRICE, value, "--set")

    def test_word_value(self):
        assert parse_set("plans.ketamine-iv.payment.mode=insured") == Override(
            ("plans", "ketamine-iv", "payment", "mode"), "insured", "--set"
        )

    def test_spaces_around_the_path_are_ignored(self):
        assert parse_set("  plans.ketamine-iv.payment.mode =insured").path == ("plans", "ketamine-iv", "payment", "mode")

    def test_only_the_first_equals_sign_splits(self):
        assert parse_set("plans.ketamine-iv.label=a=b").value == "a=b"

    def test_digit_parts_are_list_indexes(self):
        assert parse_set("a.0.b=1").path == ("a", 0, "b")

    def test_without_equals_sign(self):
        assert errors(lambda: parse_set("plans.ketamine-iv.sessions.infusions.price")) == [
            "plans.ketamine-iv.sessions.infusions.price: expected DOTTED.PATH=VALUE (from --set)"
        ]

    @pytest.mark.parametrize("text", ["=5", "a..b=1", ".a=1", "a.=1", " =1"])
    def test_empty_path_or_part(self, text):
        (problem,) = errors(lambda: parse_set(text))
        assert problem.endswith(": the path is empty or has an empty part (from --set)")

    @pytest.mark.parametrize("text", ["a.b=[1, 2]", "a.b={base: 1}", "a.b=- 1"])
    def test_value_must_be_a_single_number_or_word(self, text):
        assert errors(lambda: parse_set(text)) == ["a.b: the value must be a single number or word (from --set)"]

    def test_unsafe_value_is_refused(self):
        (problem,) = errors(lambda: parse_set("a.b=!!python/object/apply:os.system [ls]"))
        assert problem.startswith("a.b: value '!!python/object/apply:os.system [ls]': not valid YAML")
        assert problem.endswith("(from --set)")

    def test_anchor_in_a_value_is_refused(self):
        assert errors(lambda: parse_set("a.b=&x 1")) == [
            "a.b: value '&x 1': anchors (&name) are not allowed; write the value out (from --set)"
        ]

    def test_overlong_value_is_refused(self):
        (problem,) = errors(lambda: parse_set("a.b=" + "9" * 10_001))
        assert "the limit is 10,000 bytes" in problem


class TestMainInputOverrides:
    def test_nothing_given_changes_nothing(self, assumptions):
        assert main_input_overrides(assumptions, MainInputs()) == []

    def test_session_price_reaches_the_three_ketamine_plans(self, assumptions):
        assert main_input_overrides(assumptions, MainInputs(session_price=600)) == [
            Override(("plans", "ketamine-iv", "sessions", "infusions", "price"), 600, "--session-price"),
            Override(("plans", "ketamine-im", "sessions", "dosing", "price"), 600, "--session-price"),
            Override(("plans", "ketamine-at-home", "sessions", "programme", "price"), 600, "--session-price"),
        ]

    def test_induction_and_boosters(self, assumptions):
        got = main_input_overrides(assumptions, MainInputs(induction_sessions=8, booster_every_weeks=2), ["ketamine-iv"])
        assert got == [
            Override(("plans", "ketamine-iv", "sessions", "infusions", "phases", "induction", "count"), 8, "--induction-sessions"),
            Override(("plans", "ketamine-iv", "sessions", "infusions", "maintenance_every_weeks"), 2, "--booster-every-weeks"),
        ]

    def test_ssri_daily_cost_reaches_the_plans_drug(self, assumptions):
        got = main_input_overrides(assumptions, MainInputs(ssri_daily_cost=0.5), ["ssri-generic"])
        assert got == [Override(("drugs", "sertraline", "daily_cost"), 0.5, "--ssri-daily-cost")]

    def test_plans_that_do_not_declare_an_input_are_left_alone(self, assumptions):
        everything = MainInputs(session_price=1, induction_sessions=1, booster_every_weeks=1, ssri_daily_cost=1)
        assert main_input_overrides(assumptions, everything, ["esketamine"]) == []
        assert main_input_overrides(assumptions, MainInputs(session_price=1), ["ssri-generic", "ssri-cbt"]) == []


class TestOverridesAreValidatedLikeTheFile:
    def test_override_applies_before_validation(self):
        a = load_assumptions(overrides=[Override(PRICE, 2000)])
        assert a.plans["ketamine-iv"].sessions["infusions"].price.bounds == (300, 2000, 2000)

    def test_parse_with_overrides(self):
        a = parse_assumptions(TEXT, [Override(("plans", "ketamine-iv", "billing", "covered"), True)])
        assert a.plans["ketamine-iv"].billing.covered is True

    def test_bad_override_names_its_origin_not_a_line(self):
        assert errors(lambda: load_assumptions(overrides=[Override(PRICE, -5, "--session-price")])) == [
            "plans.ketamine-iv.sessions.infusions.price.base: must be ≥ 0 (from --session-price)"
        ]

    def test_unknown_key_by_override(self):
        assert errors(lambda: load_assumptions(overrides=[Override(("plans", "ketamine-iv", "labl"), "x")])) == [
            "plans.ketamine-iv.labl: unknown key 'labl'; did you mean 'label'? (from --set)"
        ]

    def test_wrong_word_by_override(self):
        path = ("plans", "ketamine-iv", "billing", "charges", "sessions.infusions.price", "kind")
        (problem,) = errors(lambda: load_assumptions(overrides=[Override(path, "free")]))
        assert problem.startswith("plans.ketamine-iv.billing.charges.sessions.infusions.price.kind: must be one of")
        assert problem.endswith("not 'free' (from --set)")

    def test_file_problems_keep_their_lines_next_to_override_problems(self):
        bad = TEXT.replace("maintenance_label: booster", "maintenence_label: booster")
        line = TEXT.count("\n", 0, TEXT.index("maintenance_label: booster")) + 1
        problems = errors(lambda: parse_assumptions(bad, [Override(("plans", "ketamine-im", "sessions", "dosing", "price"), -1)]))
        assert sorted(problems) == sorted(
            [
                "plans.ketamine-im.sessions.dosing.price.base: must be ≥ 0 (from --set)",
                "plans.ketamine-iv.sessions.infusions.maintenence_label: unknown key 'maintenence_label'; "
                f"did you mean 'maintenance_label'? (line {line})",
            ]
        )

    def test_overrides_on_a_file_that_is_not_a_mapping(self):
        assert errors(lambda: parse_assumptions("- a\n", [Override(("x",), 1)])) == [
            "(file): the file must be a mapping of keys to values"
        ]


class TestWithOverrides:
    def test_no_overrides_returns_the_same_object(self, assumptions):
        assert with_overrides(assumptions, []) is assumptions

    def test_returns_a_changed_copy(self, assumptions):
        changed = with_overrides(assumptions, [Override(PRICE, 600)])
        assert changed.plans["ketamine-iv"].sessions["infusions"].price.base == 600
        assert assumptions.plans["ketamine-iv"].sessions["infusions"].price.base == 550

    def test_round_trip_keeps_everything_else(self, assumptions):
        changed = with_overrides(assumptions, [Override(PRICE, 550)])
        assert changed == assumptions

    def test_invalid_result_is_refused(self, assumptions):
        assert errors(lambda: with_overrides(assumptions, [Override(("plans", "ketamine-iv", "onset", "stream"), "nope")])) == [
            "plans.ketamine-iv.onset.stream: no session stream called 'nope' (from --set)"
        ]
