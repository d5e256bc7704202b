"""Readable names for the numbers in the assumptions file, from the file's own labels."""

from __future__ import annotations

import pytest

from kcost import load_assumptions
from kcost.model.assumptions import iter_quantities
from kcost.present.names import parameter_name, parameter_names


@pytest.fixture(scope="module")
def assumptions():
    return load_assumptions()


@pytest.mark.parametrize(
    "path, name",
    [
        # The stream's label ("Infusion") names what the price is per.
        ("plans.ketamine-iv.sessions.infusions.price", "Ketamine IV infusions (clinic): price per infusion"),
        ("plans.ketamine-iv.sessions.infusions.maintenance_every_weeks", "Ketamine IV infusions (clinic): weeks between boosters"),
        ("plans.ketamine-iv.sessions.infusions.phases.induction.count",
         "Ketamine IV infusions (clinic): induction series, number of sessions"),
        ("plans.ketamine-iv.one_off.consultation", "Ketamine IV infusions (clinic): consultation, once"),
        # An acronym keeps its case; the at-home plan's maintenance is its renewals.
        ("plans.ketamine-im.sessions.dosing.price", "Ketamine IM injections with psychotherapy (KAP): price per IM dosing session"),
        ("plans.ketamine-at-home.sessions.programme.maintenance_every_weeks",
         "Ketamine at home, sublingual (telehealth): weeks between renewals"),
        ("plans.cbt-only.sessions.cbt.phases.course.count", "CBT (talk therapy) alone: CBT course, number of sessions"),
        ("plans.ssri-generic.billing.superbill_pct", "Generic SSRI or SNRI: share paid back with a superbill (%)"),
        ("drugs.sertraline.daily_cost", "Sertraline 25 mg: cost a day"),
        ("programmes.spravato-withme.yearly_cap", "SPRAVATO withMe savings programme (Janssen): yearly cap"),
    ],
)  # fmt: skip
def test_names_come_from_the_files_labels(assumptions, path, name):
    assert parameter_name(assumptions, path) == name
    assert parameter_name(assumptions, tuple(path.split("."))) == name


def test_a_new_plans_label_is_used_without_any_change_here(assumptions):
    plans = dict(assumptions.plans)
    plans["ketamine-iv"] = plans["ketamine-iv"].model_copy(update={"label": "My clinic"})
    renamed = assumptions.model_copy(update={"plans": plans})
    assert parameter_name(renamed, "plans.ketamine-iv.sessions.infusions.price") == "My clinic: price per infusion"


def test_every_number_in_the_shipped_file_gets_a_name_without_its_path(assumptions):
    paths = [".".join(p) for p, _ in iter_quantities(assumptions)]
    names = parameter_names(assumptions, paths)
    assert len(set(names)) == len(names)  # a chart draws one bar per name
    for path, name in zip(paths, names):
        assert path not in name and "_" not in name, (path, name)


def test_an_unknown_path_falls_back_to_its_keys_in_words(assumptions):
    assert parameter_name(assumptions, "plans.no-such-plan.some_field") == "plans, no such plan, some field"


def test_repeated_names_carry_their_paths(assumptions):
    path = "plans.ketamine-iv.sessions.infusions.price"
    assert parameter_names(assumptions, [path, path]) == [
        f"Ketamine IV infusions (clinic): price per infusion [{path}]"
    ] * 2
