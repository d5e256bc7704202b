"""Differences between two sets of assumptions."""

from kcost import load_assumptions
from kcost.model.assumptions import Override, with_overrides
from kcost.model.assumptions.diff import differences


def test_no_differences_with_itself():
    a = load_assumptions()
    assert differences(a, a) == []


def test_a_changed_price_shows_path_old_and_new():
    a = load_assumptions()
    b = with_overrides(a, [Override(("plans", "ketamine-iv", "sessions", "infusions", "price"), 600)])
    assert differences(a, b) == [("plans.ketamine-iv.sessions.infusions.price.base", 550.0, 600.0)]


def test_widening_a_range_shows_both_changes():
    a = load_assumptions()
    b = with_overrides(a, [Override(("plans", "ketamine-iv", "sessions", "infusions", "price"), 2000)])
    assert differences(a, b) == [
        ("plans.ketamine-iv.sessions.infusions.price.base", 550.0, 2000.0),
        ("plans.ketamine-iv.sessions.infusions.price.high", 1500.0, 2000.0),
    ]
