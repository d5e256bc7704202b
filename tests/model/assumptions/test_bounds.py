"""Bounds on every number (kcost.model.assumptions.bounds): one table by unit, used by the schema, the JSON
Schema and the engine, so that no accepted value makes kcost do more work than the horizon needs.

The four classes of input an outside test found harmful (a billion sessions, a price of 1e308, ``true``
where a number goes, a maintenance interval under a day) are refused with a message naming the YAML path
and line, within generous time and memory caps.
"""

from __future__ import annotations

import copy
import json
import time
import tracemalloc
import typing
from pathlib import Path

import jsonschema
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcost import AssumptionsError, Schedule, parse_assumptions, project
from kcost.model.assumptions import iter_quantities, load_assumptions, read_document
from kcost.model.assumptions.bounds import MIN_INTERVAL_WEEKS, UNIT_BOUNDS, bound_problem, number_from_text
from kcost.model.assumptions.json_schema import SCHEMA_FILE
from kcost.model.assumptions.schema import Quantity, Unit
from kcost.model.assumptions.validate import validate_data
from kcost.model.schedule import session_calendar, session_days

SHIPPED = Path(__file__).resolve().parents[3] / "data" / "pricing.yaml"
TEXT = SHIPPED.read_text(encoding="utf-8")
SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
# Built once: jsonschema.validate() re-checks the schema itself on every call, which dominated the run time.
SCHEMA_CHECK = jsonschema.Draft202012Validator(SCHEMA)
ASSUMPTIONS = load_assumptions()
# A decision point counted in sessions must fall inside its stream (validate's own tests cover that rule).
PATHS = [path for path, _ in iter_quantities(ASSUMPTIONS) if path[-2:] != ("decision_point", "sessions")]
UNIT_OF = {path: q.unit for path, q in iter_quantities(ASSUMPTIONS)}


def unit_bounds(path: tuple[str, ...]) -> tuple[float, float]:
    """The unit's bounds, narrowed where a model states a tighter rule of its own (and says so by name):
    a visit lasts at most 24 hours; a decision point lies at least 1 week in."""
    low, high = UNIT_BOUNDS[UNIT_OF[path]]
    if "billing" in path and path[-1] == "hours":
        high = 24.0
    if path[-2:] == ("decision_point", "weeks"):
        low = 1.0
    # A phase that a plan's decision point counts sessions in must hold at least that many sessions.
    if path[0] == "plans" and path[2] == "sessions" and path[-1] == "count":
        decision = ASSUMPTIONS.plans[path[1]].decision_point
        if decision is not None and getattr(decision, "stream", None) == path[3] and hasattr(decision, "sessions"):
            low = max(low, decision.sessions.bounds[2])
    return low, high
RAW = read_document().data  # plain data as read from YAML; with_value() copies it before each change
# Generous caps: a refusal must be bounded, not fast to the millisecond (speed is benchmarked elsewhere).
TIME_CAP_S = 5.0
MEMORY_CAP_BYTES = 50_000_000


def line_of(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle)) + 1


def refused(text: str) -> tuple[list[str], float, int]:
    """Problems of ``text``, the seconds it took to refuse it, and the peak memory traced meanwhile."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(AssumptionsError) as caught:
            parse_assumptions(text)
    finally:
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return [str(p) for p in caught.value.problems], seconds, peak


def with_value(data: dict, path: tuple[str, ...], value: object) -> dict:
    """A deep copy of ``data`` whose quantity at ``path`` is ``value`` alone (no range)."""
    out = copy.deepcopy(data)
    node = out
    for part in path[:-1]:
        node = node[part]
    q = node[path[-1]]
    node[path[-1]] = {"base": value, "unit": q["unit"], "sources": q["sources"]}
    return out


class TestTheTable:
    def test_every_unit_of_the_schema_has_bounds(self):
        assert set(UNIT_BOUNDS) == set(typing.get_args(Unit))

    def test_the_bounds_are_the_stated_ones(self):
        assert UNIT_BOUNDS["USD/session"] == (0, 1_000_000)
        assert UNIT_BOUNDS["USD/day"] == (0, 10_000)
        assert UNIT_BOUNDS["sessions"] == (0, 1_000)
        assert UNIT_BOUNDS["per week"] == (0.1, 21)
        assert UNIT_BOUNDS["weeks"] == (0, 260)
        assert UNIT_BOUNDS["%"] == (0, 100)
        assert MIN_INTERVAL_WEEKS == pytest.approx(1 / 7)

    def test_bound_problem_messages(self):
        assert bound_problem(1_000_000, "USD") is None
        assert bound_problem(1_000_000.01, "USD") == "must be at most 1,000,000 USD"
        assert bound_problem(100.5, "%") == "must be at most 100%"
        assert bound_problem(0.05, "per week") == "must be at least 0.1 per week"
        assert bound_problem(-1, "hours") == "must be ≥ 0"
        assert bound_problem(True, "sessions") == "must be a number, not True"
        assert bound_problem(float("nan"), "days") == "must be a finite number"

    @pytest.mark.parametrize(
        ("text", "whole", "expected"),
        [("600", False, 600.0), (" 12 ", True, 12), ("1e3", False, 1000.0), ("1e308", False, None),
         ("nan", False, None), ("inf", False, None), ("2.5", True, None), ("²", True, None), ("١٢", True, None),
         ("9" * 41, True, None), ("", False, None), ("-0.5", False, None), ("true", False, None)],
    )  # fmt: skip
    def test_number_from_text_reads_ascii_numbers_in_range(self, text, whole, expected):
        assert number_from_text(text, 0, 1_000, whole=whole) == expected


class TestTheSchemaAppliesTheTable:
    """Every quantity of the shipped file, set to a value just inside and just outside its unit's bounds."""

    @settings(max_examples=20, deadline=None)
    @given(path=st.sampled_from(PATHS), data=st.data())
    def test_inside_accepted_outside_refused_by_pydantic_and_the_json_schema(self, path, data):
        low, high = unit_bounds(path)
        raw = RAW
        interval = path[-1] == "maintenance_every_weeks"
        inside = data.draw(
            st.floats(low, high).filter(lambda v: not (interval and 0 < v < MIN_INTERVAL_WEEKS)), label="inside"
        )
        outside = data.draw(
            st.one_of(st.floats(high, 1e308, exclude_min=True), st.floats(-1e308, low, exclude_max=True)),
            label="outside",
        )
        good = with_value(raw, path, inside)
        validate_data(good)
        SCHEMA_CHECK.validate(good)
        bad = with_value(raw, path, outside)
        with pytest.raises(AssumptionsError) as caught:
            validate_data(bad)
        # The unit's bound names the number (…base); a model's own tighter rule names the quantity or the
        # model that holds it (a charge's hours): one problem, on the way from the file's root to that number.
        (problem,) = caught.value.problems
        unit_low, unit_high = UNIT_BOUNDS[UNIT_OF[path]]
        if path[-1] == "count" and unit_low <= outside < low:
            # Inside the unit but under the sessions a decision point counts in this phase: that rule names the
            # decision point (e.g. cbt-only's course set to 0 sessions, when the decision comes after the 6th).
            assert problem.path == f"plans.{path[1]}.decision_point.sessions"
        else:
            assert ".".join((*path, "base")).startswith(problem.path)
        if not unit_low <= outside <= unit_high:  # the JSON Schema states the unit's bounds, not a model's own rule
            with pytest.raises(jsonschema.ValidationError):
                SCHEMA_CHECK.validate(bad)

    def test_true_is_not_a_number_in_the_json_schema_either(self):
        bad = with_value(RAW, PATHS[0], True)
        with pytest.raises(jsonschema.ValidationError):
            SCHEMA_CHECK.validate(bad)

    def test_a_quantity_declared_by_a_new_model_gets_the_bounds(self):
        # The bounds live on Quantity itself: any model holding one (payment, outcomes, …) inherits them.
        with pytest.raises(ValueError, match="must be at most 10,000 USD/day"):
            Quantity(base=20_000, unit="USD/day", sources=["x"])
        with pytest.raises(ValueError, match="float_type"):
            Quantity(base=True, unit="%", sources=["x"])


IV_COUNT = "            label: Induction series\n            count:\n              base: 6\n              low: 4\n              high: 8\n"
IV_PRICE = "        price:\n          base: 550\n          low: 300\n          high: 1500\n"
# The first plan is ketamine-iv: its booster interval is the first of three with the same lines, so the
# note line before it makes the edit unique.
IV_BOOSTER = "spread 6 over 2–3 weeks.\n        maintenance_every_weeks:\n          base: 2\n          low: 1\n"


def edit(old: str, new: str) -> str:
    assert TEXT.count(old) == 1
    return TEXT.replace(old, new)


class TestTheFourHarmfulClasses:
    def test_a_billion_sessions(self):
        bad = edit(IV_COUNT, IV_COUNT.replace("base: 6", "base: 1000000000").replace("high: 8", "high: 1000000000"))
        problems, seconds, peak = refused(bad)
        path = "plans.ketamine-iv.sessions.infusions.phases.induction.count"
        assert problems == [
            f"{path}.base: must be at most 1,000 sessions (line {line_of(bad, 'base: 1000000000')})",
            f"{path}.high: must be at most 1,000 sessions (line {line_of(bad, 'high: 1000000000')})",
        ]
        assert seconds < TIME_CAP_S and peak < MEMORY_CAP_BYTES

    @pytest.mark.parametrize("spelling", ["1.0e+308", "1.7976931348623157e+308", ".inf", "1" + "0" * 39])
    def test_a_price_of_1e308(self, spelling):
        bad = edit(IV_PRICE, IV_PRICE.replace("base: 550", f"base: {spelling}").replace("high: 1500", f"high: {spelling}"))
        problems, seconds, peak = refused(bad)
        message = "must be a finite number" if spelling == ".inf" else "must be at most 1,000,000 USD/session"
        path = "plans.ketamine-iv.sessions.infusions.price"
        assert problems == [
            f"{path}.base: {message} (line {line_of(bad, 'base: ' + spelling)})",
            f"{path}.high: {message} (line {line_of(bad, 'high: ' + spelling)})",
        ]
        assert seconds < TIME_CAP_S and peak < MEMORY_CAP_BYTES

    def test_a_longer_integer_is_refused_while_reading(self):
        bad = edit(IV_PRICE, IV_PRICE.replace("base: 550", "base: " + "9" * 5000))
        problems, seconds, peak = refused(bad)
        assert problems == [
            "plans.ketamine-iv.sessions.infusions.price.base: a number of more than 40 characters "
            f"(line {line_of(bad, 'base: 999')})"
        ]
        assert seconds < TIME_CAP_S and peak < MEMORY_CAP_BYTES

    @pytest.mark.parametrize("word", ["true", "false", "yes", "on"])
    def test_true_where_a_number_goes(self, word):
        # YAML 1.1 (PyYAML's SafeLoader) reads true/yes/on as true and false/no/off as false: never a number.
        bad = edit(IV_PRICE, IV_PRICE.replace("base: 550", f"base: {word}"))
        problems, _, _ = refused(bad)
        shown = "false" if word == "false" else "true"
        assert problems == [
            f"plans.ketamine-iv.sessions.infusions.price.base: must be a number, not {shown} "
            f"(line {line_of(bad, 'base: ' + word)})"
        ]

    def test_true_as_the_version(self):
        bad = edit("version: 1\n", "version: true\n")
        assert refused(bad)[0] == [f"version: must be 1, not True (line {line_of(bad, 'version: true')})"]

    @pytest.mark.parametrize("weeks", ["0.01", "0.1", "1.0e-300"])
    def test_an_interval_under_a_day(self, weeks):
        bad = edit(IV_BOOSTER, IV_BOOSTER.replace("low: 1", f"low: {weeks}"))
        problems, seconds, peak = refused(bad)
        assert problems == [
            "plans.ketamine-iv.sessions.infusions.maintenance_every_weeks: must be 0 (no maintenance) or at least "
            f"1 day (1/7 of a week) (line {line_of(bad, IV_BOOSTER.splitlines()[1])})"
        ]
        assert seconds < TIME_CAP_S and peak < MEMORY_CAP_BYTES

    def test_an_interval_of_exactly_one_day_is_daily(self):
        # 1/7 week = 1 day: boosters on every day after the 6th infusion (day 17), through day 27 → 10 boosters.
        text = edit(IV_BOOSTER, "spread 6 over 2–3 weeks.\n        maintenance_every_weeks:\n          base: 0.14285714285714285\n          low: 0.14285714285714285\n")
        p = project(parse_assumptions(text), ["ketamine-iv"], weeks=4).plan("ketamine-iv")
        assert p.sessions["infusions"] == {"induction": 6, "booster": 10}
        assert p.total_cost == 250 + 16 * 550


class TestTheEngineIsSizedByTheHorizon:
    """Even called directly, without the schema, the schedule never builds more columns than the horizon needs."""

    def traced(self, fn):
        tracemalloc.start()
        try:
            result = fn()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        return result, peak

    def test_a_billion_sessions_at_two_a_week_take_104_columns_in_a_year(self):
        # Sessions on days floor(7i/2) < 364 → i < 104.
        (days, valid, _), peak = self.traced(lambda: session_days(Schedule.build([("x", 1e9, 2)]), 364))
        assert days.shape == (1, 104) and int(valid.sum()) == 104
        assert peak < 1_000_000

    def test_a_rate_near_zero_gives_one_session(self):
        with np.errstate(over="ignore"):  # the phase's length, 7 × 1e9 ÷ 1e-300 days, is infinite
            (days, valid, _), peak = self.traced(lambda: session_days(Schedule.build([("x", 1e9, 1e-300)]), 364))
        assert days[valid].tolist() == [0]
        assert peak < 1_000_000

    def test_an_interval_near_zero_is_daily(self):
        # No phases, maintenance every 1e-9 weeks → once a day from day 0: 364 sessions in 52 weeks.
        (days, valid, _), peak = self.traced(
            lambda: session_days(Schedule.build([], maintenance_weeks=1e-9), 364)
        )
        assert int(valid.sum()) == 364 and days.shape[1] <= 366
        assert peak < 5_000_000

    def test_a_huge_interval_gives_at_most_one_session(self):
        (days, valid, _), _ = self.traced(lambda: session_days(Schedule.build([], maintenance_weeks=1e300), 364))
        assert days[valid].tolist() == [0]

    def test_the_calendar_is_bounded_the_same_way(self):
        events, peak = self.traced(lambda: session_calendar(Schedule.build([("x", 1e9, 2)]), 14))
        assert [d for d, _ in events] == [0, 3, 7, 10]
        assert peak < 1_000_000


@settings(max_examples=12, deadline=None)
@given(path=st.sampled_from(PATHS), where=st.sampled_from(["low", "high"]))
def test_any_value_within_bounds_projects_to_finite_figures_within_the_caps(path, where):
    """Each quantity at the low or high edge of its unit's bounds: five years of every plan, finite and bounded."""
    low, high = unit_bounds(path)
    value = low if where == "low" else high
    if path[-1] == "maintenance_every_weeks" and 0 < value < MIN_INTERVAL_WEEKS:
        value = MIN_INTERVAL_WEEKS
    assumptions = validate_data(with_value(RAW, path, value))
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result = project(assumptions, weeks=260)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - start < TIME_CAP_S
    assert peak < 200_000_000
    for p in result.plans:
        assert np.isfinite(p.cumulative_patient).all() and np.isfinite(p.cumulative_full).all()
