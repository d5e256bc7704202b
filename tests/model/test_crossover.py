"""Crossovers: the day one cumulative-cost series overtakes another (ties carry the previous leader)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcost.model.crossover import Crossover, crossover_days, crossovers

PROPERTY = settings(max_examples=100, deadline=None)


def days_and_signs(a, b):
    days, signs = crossover_days(np.array(a, float), np.array(b, float))
    return days.tolist(), signs.tolist()


class TestCrossoverDays:
    def test_a_overtakes_b_once(self):
        # a − b: −9, −5, +1, +5 → a becomes the costlier on day 2
        assert days_and_signs([1, 5, 11, 15], [10, 10, 10, 10]) == ([2], [1])

    def test_b_overtakes_a(self):
        # a − b: +9, +5, −1 → b now costlier on day 2 (sign −1)
        assert days_and_signs([10, 10, 10], [1, 5, 11]) == ([2], [-1])

    def test_no_crossing_when_one_is_always_costlier(self):
        assert days_and_signs([5, 6, 7, 8], [1, 2, 3, 4]) == ([], [])

    def test_identical_series_never_cross(self):
        assert days_and_signs([1, 2, 3], [1, 2, 3]) == ([], [])

    def test_below_equal_above_is_one_crossover_on_the_first_day_above(self):
        # a − b: −1, 0, +1 → the tie carries "a below"; a is above on day 2
        assert days_and_signs([1, 2, 3], [2, 2, 2]) == ([2], [1])

    def test_several_tied_days_are_carried(self):
        # a − b: −1, 0, 0, 0, +2 → crossover on day 4
        assert days_and_signs([1, 2, 2, 2, 4], [2, 2, 2, 2, 2]) == ([4], [1])

    def test_touching_without_crossing_is_not_a_crossover(self):
        # a − b: −1, 0, 0, −1 → a is never above
        assert days_and_signs([1, 2, 2, 1], [2, 2, 2, 2]) == ([], [])

    def test_equal_start_then_diverging_is_not_a_crossover(self):
        # a − b: 0, 0, +1: there was no leader before day 2
        assert days_and_signs([0, 0, 1], [0, 0, 0]) == ([], [])

    def test_equal_start_then_two_changes(self):
        # a − b: 0, +1, −1 → the lead is set on day 1 and changes on day 2
        assert days_and_signs([0, 2, 2], [0, 1, 3]) == ([2], [-1])

    def test_multiple_crossings(self):
        # a − b: −1, +3, −1, −5, +8 → changes on days 1 (a above), 2 (b above), 4 (a above)
        assert days_and_signs([0, 5, 5, 5, 20], [1, 2, 6, 10, 12]) == ([1, 2, 4], [1, -1, 1])

    def test_crossing_through_a_tie_back_and_forth(self):
        # a − b: +1, 0, −1, 0, +1 → days 2 and 4
        assert days_and_signs([3, 3, 3, 4, 6], [2, 3, 4, 4, 5]) == ([2, 4], [-1, 1])

    def test_day_zero_is_never_a_crossover(self):
        assert days_and_signs([5], [1]) == ([], [])


class TestCrossovers:
    def test_every_pair_in_day_order(self):
        series = {
            "iv": np.array([800, 800, 800, 1350.0]),  # costliest from day 0
            "home": np.array([193, 193, 193, 386.0]),
            "ssri": np.array([350, 350, 350, 350.0]),  # home − ssri: −, −, −, + → home overtakes ssri on day 3
        }
        labels = {"iv": "IV", "home": "At home", "ssri": "SSRI"}
        assert crossovers(series, labels) == [Crossover(3, "home", "ssri", ("At home", "SSRI"))]

    def test_several_pairs_sorted_by_day_then_names(self):
        series = {
            "a": np.array([0, 10, 10, 10.0]),
            "b": np.array([1, 1, 20, 20.0]),  # a − b: −1, +9, −10, −10 → a overtakes b day 1, b overtakes a day 2
            "c": np.array([2, 2, 2, 30.0]),  # a − c: −, +, +, − → days 1 and 3; b − c: −, −, +, − → days 2, 3
        }
        got = [(c.day, c.now_costlier, c.now_cheaper) for c in crossovers(series)]
        assert got == [
            (1, "a", "b"),
            (1, "a", "c"),
            (2, "b", "a"),
            (2, "b", "c"),
            (3, "c", "a"),
            (3, "c", "b"),
        ]

    def test_labels_default_to_empty(self):
        got = crossovers({"x": np.array([0, 2.0]), "y": np.array([1, 1.0])})
        assert got == [Crossover(1, "x", "y", ("", ""))]

    def test_single_series_has_no_crossover(self):
        assert crossovers({"x": np.array([1, 2, 3.0])}) == []


class TestCrossoverRecord:
    @pytest.mark.parametrize(("day", "week"), [(0, 1), (6, 1), (7, 2), (13, 2), (14, 3), (363, 52)])
    def test_week_counts_from_one(self, day, week):
        assert Crossover(day, "a", "b").week == week  # day // 7 + 1

    def test_to_dict(self):
        assert Crossover(7, "ketamine-at-home", "ssri-generic").to_dict() == {
            "day": 7,
            "week": 2,
            "overtaking_plan": "ketamine-at-home",
            "overtaken_plan": "ssri-generic",
        }


series_pairs = st.integers(1, 60).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(-5, 5), min_size=n, max_size=n),
        st.lists(st.integers(-5, 5), min_size=n, max_size=n),
    )
)


class TestCrossoverProperties:
    @PROPERTY
    @given(series_pairs)
    def test_swapping_the_series_keeps_the_days_and_flips_the_leader(self, pair):
        a, b = pair
        days_ab, signs_ab = days_and_signs(a, b)
        days_ba, signs_ba = days_and_signs(b, a)
        assert days_ab == days_ba
        assert signs_ab == [-s for s in signs_ba]

    @PROPERTY
    @given(series_pairs)
    def test_matches_a_direct_walk_over_the_days(self, pair):
        a, b = pair
        # reference: remember the last strict leader; a change of strict leader is a crossover
        expected_days, expected_signs, leader = [], [], 0
        for day, (x, y) in enumerate(zip(a, b)):
            sign = (x > y) - (x < y)
            if sign != 0:
                if leader != 0 and sign != leader:
                    expected_days.append(day)
                    expected_signs.append(sign)
                leader = sign
        assert days_and_signs(a, b) == (expected_days, [float(s) for s in expected_signs])

    @PROPERTY
    @given(series_pairs, st.integers(-100, 100))
    def test_adding_the_same_amount_to_both_changes_nothing(self, pair, shift):
        a, b = pair
        assert days_and_signs(a, b) == days_and_signs([x + shift for x in a], [y + shift for y in b])

    @PROPERTY
    @given(series_pairs)
    def test_leaders_alternate(self, pair):
        _, signs = days_and_signs(*pair)
        assert all(s != t for s, t in zip(signs, signs[1:]))
        assert all(s in (-1, 1) for s in signs)
