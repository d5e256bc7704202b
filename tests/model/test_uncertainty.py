"""Probabilistic projection: draws of every ranged number through the same engine."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcost import load_assumptions, project
from kcost.model.assumptions import Quantity, iter_quantities, read_document, validate_data
from kcost.model.uncertainty import PlanSimulation, sample_quantity, simulate

PLANS = ["ketamine-iv", "ssri-cbt", "esketamine", "ketamine-at-home"]


@pytest.fixture(scope="module")
def assumptions():
    return load_assumptions()


@pytest.fixture
def drawn(monkeypatch) -> list[tuple[str, ...]]:
    """The paths of the quantities simulate draws, in the order asked (each pick is recorded)."""
    import kcost.model.uncertainty as uncertainty

    paths: list[tuple[str, ...]] = []
    real_pick = uncertainty.sampling_pick

    def recording_pick(draws, seed):
        pick = real_pick(draws, seed)
        return lambda path, q: (paths.append(path), pick(path, q))[1]

    monkeypatch.setattr(uncertainty, "sampling_pick", recording_pick)
    return paths


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
        # Response 58 / 58 / 68 %: the best rate gives the lowest cost per responder.
        assert p.cost_per_responder() == pytest.approx((median / 0.68, median / 0.58, median / 0.58))

    def test_a_cost_simulation_draws_only_what_cost_depends_on(self, assumptions, drawn):
        """Onset and the patient's hours change no dollar: simulate leaves them undrawn (they were a tenth
        of a 10,000-draw run). A deterministic projection still works them out from the same quantities."""
        simulate(assumptions, PLANS, 52, draws=20, seed=1)
        assert any(path[-1] == "price" for path in drawn)  # the recording works
        assert not [path for path in drawn if "onset" in path or path[-1] == "hours"]
        projection = project(assumptions, PLANS, 52)
        assert all(p.onset_days[0] <= p.onset_days[1] <= p.onset_days[2] for p in projection.plans)

    def test_a_superbill_is_drawn_only_for_a_plan_with_uncovered_visits_or_sessions(self, assumptions, drawn):
        """Esketamine's charges are all covered: its superbill share would refund nothing, so it is not drawn.
        IV ketamine is off-label and uncovered: an insured patient may claim a share back, so it is drawn."""
        from kcost.model.scenario import Insurance, Scenario

        plans = ("esketamine", "ketamine-iv")
        insurance = Insurance(deductible=1500, coinsurance_pct=20, oop_max=4000)
        simulate(assumptions, Scenario(plans=plans, weeks=52, insured=frozenset(plans), insurance=insurance), draws=20)
        superbills = {path[1] for path in drawn if path[-1] == "superbill_pct"}
        assert superbills == {"ketamine-iv"}

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
        from kcost.model.schedule import Schedule, session_days

        days, valid, _ = session_days(Schedule.build([], maintenance_weeks=1e-6), 10)
        assert days[valid].tolist() == list(range(10))


def synthetic(totals, rate):
    """A plan whose draws end at ``totals`` (weekly column 0 is day 0, all zero)."""
    totals = np.asarray(totals, dtype=float)
    weekly = np.column_stack([np.zeros_like(totals), totals])
    return PlanSimulation("x", "X", weekly, rate)


class TestCostPerResponder:
    # The four cases of the docstring's worked example: totals 600/900/1100/1400 → median 1000.
    TOTALS = [1400, 600, 1100, 900]  # unsorted on purpose: the median must not depend on order

    @pytest.mark.parametrize(
        ("rate", "expected"),
        [
            ((25.0, 50.0, 80.0), (1250.0, 2000.0, 4000.0)),
            ((40.0, 40.0, 80.0), (1250.0, 2500.0, 2500.0)),  # base = low: middle = top
            ((40.0, 80.0, 80.0), (1250.0, 1250.0, 2500.0)),  # base = high: middle = bottom
            ((50.0, 50.0, 50.0), (2000.0, 2000.0, 2000.0)),  # no range: one figure
        ],
    )
    def test_worked_example(self, rate, expected):
        assert synthetic(self.TOTALS, rate).cost_per_responder() == pytest.approx(expected)

    def test_odd_number_of_draws_uses_the_middle_draw(self):
        # median of 300, 100, 200 is 200; 200 / 0.5 = 400, 200 / 0.25 = 800, 200 / 0.2 = 1000.
        assert synthetic([300, 100, 200], (20.0, 25.0, 50.0)).cost_per_responder() == pytest.approx((400, 800, 1000))

    def test_only_the_last_week_counts(self):
        weekly = np.array([[0.0, 5000.0, 100.0], [0.0, 5000.0, 300.0]])  # totals 100 and 300 → median 200
        p = PlanSimulation("x", "X", weekly, (50.0, 50.0, 50.0))
        assert p.cost_per_responder() == pytest.approx((400, 400, 400))

    def test_the_range_is_the_rate_range_not_a_cost_percentile(self):
        # Costs spread from 0 to 1,000,000: the three figures still share one median cost.
        p = synthetic([0, 1, 1000, 999_999, 1_000_000], (40.0, 40.0, 80.0))
        low, mid, high = p.cost_per_responder()
        assert (low, mid, high) == pytest.approx((1250, 2500, 2500))
        assert high == mid  # exactly: the same division

    def test_none_without_a_usable_rate(self):
        assert synthetic(self.TOTALS, None).cost_per_responder() is None
        assert synthetic(self.TOTALS, (0.0, 30.0, 60.0)).cost_per_responder() is None

    def test_the_audited_caption_is_ketamine_iv_with_its_33_33_89_rate(self, assumptions):
        # The audit's "about $33,260 ($12,332–$33,260)": the app's call at 52 weeks, 2000 draws, seed 0.
        # With the rate 33 / 33 / 89 %, M / 0.33 is both the middle and the top figure.
        for plans in (["ketamine-iv", "ssri-generic"], list(assumptions.plans)):
            p = simulate(assumptions, plans, 52, 2000, seed=0).plan("ketamine-iv")
            median = float(np.median(p.totals))
            low_rate, base_rate, high_rate = p.response_rate
            c = p.cost_per_responder()
            assert c == (median / (high_rate / 100), median / (base_rate / 100), median / (low_rate / 100))
            assert (c[1] == c[2]) == (base_rate == low_rate)
            if p.response_rate == (33.0, 33.0, 89.0):  # the shipped figures
                assert round(c[0]) == 12_332 and round(c[1]) == round(c[2]) == 33_260

    def test_every_shipped_plan_follows_the_formula_at_every_horizon(self, assumptions):
        for weeks in (4, 26, 104):
            for p in simulate(assumptions, list(assumptions.plans), weeks, 300, seed=4).plans:
                c = p.cost_per_responder()
                if p.response_rate is None:
                    assert c is None
                    continue
                low_rate, base_rate, high_rate = p.response_rate
                median = float(np.median(p.totals))
                assert c == (median / (high_rate / 100), median / (base_rate / 100), median / (low_rate / 100))
                assert c[0] <= c[1] <= c[2]
                assert (c[0] == c[1]) == (base_rate == high_rate)
                assert (c[1] == c[2]) == (base_rate == low_rate)

    @settings(max_examples=200, deadline=None)
    @given(
        totals=st.lists(st.floats(0, 1e7, allow_nan=False), min_size=1, max_size=40),
        rates=st.lists(st.floats(0.01, 100), min_size=3, max_size=3).map(sorted),
        base_at=st.sampled_from(["middle", "low", "high"]),
    )
    def test_low_le_middle_le_high(self, totals, rates, base_at):
        low_rate, base_rate, high_rate = rates
        base_rate = {"middle": base_rate, "low": low_rate, "high": high_rate}[base_at]
        c = synthetic(totals, (low_rate, base_rate, high_rate)).cost_per_responder()
        assert c[0] <= c[1] <= c[2]
        median = float(np.median(totals))
        assert c[1] == pytest.approx(median / (base_rate / 100))
        # Each figure is at least the median cost: nobody responds more than 100 % of the time.
        assert c[0] >= median * (1 - 1e-12)
        if base_at == "low":
            assert c[1] == c[2]
        if base_at == "high":
            assert c[0] == c[1]
