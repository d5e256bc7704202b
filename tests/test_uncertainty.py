"""Probabilistic projection: draws of every ranged number through the same engine."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcost import load_assumptions, project
from kcost.assumptions import Quantity, iter_quantities, read_document, validate_data
from kcost.uncertainty import sample_quantity, simulate

PLANS = ["ketamine-iv", "ssri-cbt", "esketamine", "ketamine-at-home"]


@pytest.fixture(scope="module")
def assumptions():
    return load_assumptions()


def collapsed():
    """The shipped assumptions with every range collapsed onto its base."""
    data = read_document().data

    def walk(node):
        if isinstance(node, dict):
            if "base" in node and "unit" in node:
                node["low"] = node["high"] = node["base"]
            for value in node.values():
                walk(value)

    walk(data)
    return validate_data(data)


class TestSimulate:
    def test_collapsed_ranges_reproduce_the_deterministic_projection(self):
        a = collapsed()
        sim = simulate(a, PLANS, 52, draws=50, seed=3)
        det = project(a, PLANS, 52)
        for p in det.plans:
            weekly = sim.plan(p.plan_id).weekly
            expected = np.concatenate([[p.cumulative_patient[0]], p.cumulative_by_week])
            assert np.allclose(weekly, expected[None, :])

    def test_same_seed_same_numbers(self, assumptions):
        a = simulate(assumptions, PLANS, 26, draws=300, seed=7)
        b = simulate(assumptions, PLANS, 26, draws=300, seed=7)
        for p, q in zip(a.plans, b.plans):
            assert np.array_equal(p.weekly, q.weekly)

    def test_a_plans_draws_do_not_depend_on_the_other_plans(self, assumptions):
        alone = simulate(assumptions, ["ketamine-iv"], 26, draws=200, seed=1)
        together = simulate(assumptions, ["ssri-generic", "ketamine-iv"], 26, draws=200, seed=1)
        assert np.array_equal(alone.plan("ketamine-iv").weekly, together.plan("ketamine-iv").weekly)

    def test_other_seed_other_numbers(self, assumptions):
        a = simulate(assumptions, ["ketamine-iv"], 26, draws=200, seed=1)
        b = simulate(assumptions, ["ketamine-iv"], 26, draws=200, seed=2)
        assert not np.array_equal(a.plan("ketamine-iv").weekly, b.plan("ketamine-iv").weekly)

    def test_blocks_do_not_change_the_result(self, assumptions):
        whole = simulate(assumptions, PLANS, 26, draws=250, seed=5, block=250)
        pieces = simulate(assumptions, PLANS, 26, draws=250, seed=5, block=64)
        for p, q in zip(whole.plans, pieces.plans):
            assert np.array_equal(p.weekly, q.weekly)

    def test_percentiles_are_ordered(self, assumptions):
        sim = simulate(assumptions, PLANS, 52, draws=500, seed=0)
        for p in sim.plans:
            p10, p50, p90 = p.percentiles()
            assert np.all(p10 <= p50) and np.all(p50 <= p90)

    def test_probability_cheaper_is_a_direct_count(self, assumptions):
        sim = simulate(assumptions, ["ketamine-at-home", "ssri-cbt"], 52, draws=400, seed=11)
        a = sim.plan("ketamine-at-home").weekly
        b = sim.plan("ssri-cbt").weekly
        for week in (4, 26, 52):
            count = sum(1 for i in range(400) if a[i, week] < b[i, week])
            assert sim.probability_cheaper("ketamine-at-home", "ssri-cbt", week) == count / 400
        assert sim.probability_cheaper("ketamine-at-home", "ssri-cbt") == sim.probability_cheaper(
            "ketamine-at-home", "ssri-cbt", 52
        )

    def test_cost_per_responder_divides_the_median_by_the_response_rate(self, assumptions):
        sim = simulate(assumptions, ["ssri-generic", "ssri-cbt"], 52, draws=300, seed=2)
        p = sim.plan("ssri-generic")
        median = float(np.median(p.totals))
        # Response 38 / 58 / 68 %: the best rate gives the lowest cost per responder.
        assert p.cost_per_responder() == pytest.approx((median / 0.68, median / 0.58, median / 0.38))
        assert sim.plan("ssri-cbt").cost_per_responder() is None  # no response rate in the file

    def test_bad_requests(self, assumptions):
        for kwargs in ({"draws": 0}, {"weeks": 0}, {"weeks": 261}):
            with pytest.raises(ValueError):
                simulate(assumptions, ["ketamine-iv"], **{"weeks": 4, **kwargs})


class TestSampleQuantity:
    @settings(max_examples=60, deadline=None)
    @given(
        low=st.floats(0, 1000),
        spread=st.floats(0.01, 1000),
        where=st.floats(0, 1),
        kind=st.sampled_from(["pert", "triangular"]),
    )
    def test_draws_stay_within_the_range(self, low, spread, where, kind):
        high = low + spread
        q = Quantity(base=low + where * spread, low=low, high=high, unit="USD", sources=["x"], distribution=kind)
        x = sample_quantity(q, 500, np.random.default_rng(0))
        assert np.all(x >= low) and np.all(x <= high)

    def test_pert_mean(self):
        q = Quantity(base=550, low=300, high=1500, unit="USD/session", sources=["x"])
        x = sample_quantity(q, 200_000, np.random.default_rng(0))
        assert x.mean() == pytest.approx((300 + 4 * 550 + 1500) / 6, rel=0.01)

    def test_triangular_mean(self):
        q = Quantity(base=550, low=300, high=1500, unit="USD/session", sources=["x"], distribution="triangular")
        x = sample_quantity(q, 200_000, np.random.default_rng(0))
        assert x.mean() == pytest.approx((300 + 550 + 1500) / 3, rel=0.01)

    def test_no_range_no_spread(self):
        q = Quantity(base=500, unit="USD/session", sources=["x"])
        assert np.all(sample_quantity(q, 10, np.random.default_rng(0)) == 500)


def test_every_ranged_quantity_names_a_known_distribution(assumptions):
    assert {q.distribution for _, q in iter_quantities(assumptions)} <= {"pert", "triangular"}


class TestNoMaintenanceStaysNone:
    def test_a_base_of_zero_is_never_drawn_into_tiny_intervals(self, assumptions):
        # ketamine-im has maintenance 0 (none) with a 0-6 week range; drawing near 0 would mean
        # near-daily sessions (and, before this rule, arrays of tens of thousands of sessions).
        sim = simulate(assumptions, ["ketamine-im"], 52, draws=500, seed=0)
        det = project(assumptions, ["ketamine-im"], 52).plan("ketamine-im")
        assert sim.plan("ketamine-im").totals.max() <= det.total_cost * 3

    def test_intervals_under_a_day_count_as_daily(self):
        from kcost.schedule import Schedule, session_days

        days, valid, _ = session_days(Schedule.build([], maintenance_weeks=1e-6), 10)
        assert days[valid].tolist() == list(range(10))
