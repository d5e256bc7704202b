"""The schedule rule (see the docstring of :mod:`kcost.model.schedule`).

Day 0 is the first day of treatment; a horizon of W weeks covers days 0..7W−1.
Inside a phase of c sessions at r a week, session i (from 0) falls on
``phase_start + floor(7·i ÷ r)``; the phase lasts ``round(7·c ÷ r)`` days and
the next phase starts when it ends. Maintenance every w weeks: the k-th
maintenance session falls on ``last phase session + floor(7·w·k)``.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kcost import Schedule
from kcost.model.schedule import (
    day_of_session,
    first_column_on_or_after,
    session_blocks,
    session_calendar,
    session_columns,
    session_days,
    sessions_through,
)

PROPERTY = settings(max_examples=80, deadline=None)


def days_of(schedule: Schedule, horizon_days: int) -> list[int]:
    return [day for day, _ in session_calendar(schedule, horizon_days)]


def count_through(schedule: Schedule, day: int) -> int:
    """Total sessions on or before ``day`` (draw 0), all phases and maintenance."""
    return int(sum(v[0, 0] for v in sessions_through(schedule, np.array([day])).values()))


class TestSessionDaysInsideAPhase:
    def test_twice_a_week_falls_on_days_0_3_7_10_14_17(self):
        # floor(7·i/2) for i = 0..5 = 0, 3.5→3, 7, 10.5→10, 14, 17.5→17
        schedule = Schedule.build([("induction", 6, 2)])
        assert session_calendar(schedule, 365) == [
            (0, "induction"),
            (3, "induction"),
            (7, "induction"),
            (10, "induction"),
            (14, "induction"),
            (17, "induction"),
        ]

    def test_once_every_four_weeks_falls_on_days_0_28_56(self):
        # r = 0.25 a week: floor(7·i/0.25) = 28·i
        schedule = Schedule.build([("reviews", 3, 0.25)])
        assert days_of(schedule, 365) == [0, 28, 56]

    def test_three_a_week_falls_on_days_0_2_4_7_9_11(self):
        # floor(7·i/3) for i = 0..5 = 0, 2.33→2, 4.67→4, 7, 9.33→9, 11.67→11
        schedule = Schedule.build([("series", 6, 3)])
        assert days_of(schedule, 365) == [0, 2, 4, 7, 9, 11]

    def test_weekly_falls_on_multiples_of_seven(self):
        schedule = Schedule.build([("weekly", 4, 1)])
        assert days_of(schedule, 365) == [0, 7, 14, 21]

    def test_counts_through_each_day_follow_the_calendar(self):
        # Sessions on days 0, 3, 7, 10, 14, 17: through day 2 → 1, day 3 → 2, day 7 → 3 (docstring example)
        schedule = Schedule.build([("induction", 6, 2)])
        counts = sessions_through(schedule, np.array([0, 2, 3, 6, 7, 9, 10, 16, 17, 100]))["induction"][0]
        assert counts.tolist() == [1, 1, 2, 2, 3, 3, 4, 5, 6, 6]

    def test_a_phase_of_zero_sessions_has_no_session(self):
        schedule = Schedule.build([("none", 0, 2)])
        assert session_calendar(schedule, 365) == []
        assert count_through(schedule, 364) == 0

    def test_count_is_rounded_to_whole_sessions(self):
        # 5.6 sessions → 6
        schedule = Schedule.build([("induction", 5.6, 2)])
        assert days_of(schedule, 365) == [0, 3, 7, 10, 14, 17]


class TestPhasesRunOneAfterAnother:
    def test_next_phase_starts_when_the_previous_one_ends(self):
        # 6 at 2 a week lasts 6 ÷ 2 = 3 weeks = 21 days; the weekly phase starts on day 21
        schedule = Schedule.build([("induction", 6, 2), ("weekly", 4, 1)])
        assert [s[0] for s in schedule.phase_starts()] == [0, 21]
        assert session_calendar(schedule, 365) == [
            (0, "induction"),
            (3, "induction"),
            (7, "induction"),
            (10, "induction"),
            (14, "induction"),
            (17, "induction"),
            (21, "weekly"),
            (28, "weekly"),
            (35, "weekly"),
            (42, "weekly"),
        ]

    def test_phases_end_the_day_after_the_last_phase(self):
        # 21 days + 4 ÷ 1 weeks = 28 days → day 49
        schedule = Schedule.build([("induction", 6, 2), ("weekly", 4, 1)])
        assert schedule.phases_end_day()[0] == 49

    def test_esketamine_label_schedule(self):
        # 8 at 2 a week (weeks 1–4): 0,3,7,10,14,17,21,24; then 4 weekly from day 8·7/2 = 28: 28,35,42,49
        schedule = Schedule.build([("induction", 8, 2), ("weekly", 4, 1)])
        assert days_of(schedule, 365) == [0, 3, 7, 10, 14, 17, 21, 24, 28, 35, 42, 49]

    def test_phase_length_is_rounded_to_whole_days(self):
        # 1 at 3 a week lasts 7/3 = 2.33 → 2 days; 2 at 3 a week lasts 14/3 = 4.67 → 5 days
        assert Schedule.build([("a", 1, 3), ("b", 1, 1)]).phase_starts()[1][0] == 2
        assert Schedule.build([("a", 2, 3), ("b", 1, 1)]).phase_starts()[1][0] == 5

    def test_an_empty_phase_takes_no_time(self):
        # 0 sessions last 0 weeks: the weekly phase starts on day 0
        schedule = Schedule.build([("skipped", 0, 2), ("weekly", 2, 1)])
        assert days_of(schedule, 365) == [0, 7]

    def test_each_phase_is_counted_under_its_own_name(self):
        # through day 30: induction 6 (0..17), weekly 2 (21, 28)
        schedule = Schedule.build([("induction", 6, 2), ("weekly", 4, 1)])
        counts = sessions_through(schedule, np.array([30]))
        assert {k: int(v[0, 0]) for k, v in counts.items()} == {"induction": 6, "weekly": 2}


class TestMaintenance:
    def test_first_booster_one_interval_after_the_last_induction_session(self):
        # last induction session day 17; boosters every 4 weeks: 17 + 28 = 45, 73, 101
        schedule = Schedule.build([("induction", 6, 2)], maintenance_weeks=4, maintenance_name="booster")
        assert [e for e in session_calendar(schedule, 105) if e[1] == "booster"] == [
            (45, "booster"),
            (73, "booster"),
            (101, "booster"),
        ]

    def test_boosters_are_counted_only_inside_the_horizon(self):
        # 52 weeks = days 0..363: boosters at 17 + 28k ≤ 363 → k ≤ 12.36 → 12 boosters (last on day 353)
        schedule = Schedule.build([("induction", 6, 2)], maintenance_weeks=4, maintenance_name="booster")
        calendar = session_calendar(schedule, 7 * 52)
        boosters = [d for d, name in calendar if name == "booster"]
        assert len(boosters) == 12
        assert boosters[-1] == 353  # 17 + 12·28
        counts = sessions_through(schedule, np.array([363]))
        assert int(counts["booster"][0, 0]) == 12

    def test_horizon_of_w_weeks_stops_on_day_7w_minus_1(self):
        # one session on day 0, weekly maintenance: 7, 14; horizon 2 weeks covers days 0..13 → day 14 is outside
        schedule = Schedule.build([("first", 1, 1)], maintenance_weeks=1)
        assert days_of(schedule, 14) == [0, 7]
        assert days_of(schedule, 15) == [0, 7, 14]
        assert count_through(schedule, 13) == 2
        assert count_through(schedule, 14) == 3

    def test_maintenance_zero_means_none(self):
        schedule = Schedule.build([("induction", 6, 2)], maintenance_weeks=0)
        assert "maintenance" not in sessions_through(schedule, np.arange(364))
        assert days_of(schedule, 364) == [0, 3, 7, 10, 14, 17]
        assert day_of_session(schedule, np.array(7.0))[0] == np.inf

    def test_fractional_interval_is_floored_from_the_last_phase_session(self):
        # last session day 0; every 1.5 weeks = 10.5 days: floor(10.5·k) = 10, 21, 31, 42
        schedule = Schedule.build([("first", 1, 1)], maintenance_weeks=1.5)
        assert days_of(schedule, 43) == [0, 10, 21, 31, 42]

    def test_interval_is_measured_from_the_last_session_of_the_last_phase(self):
        # induction 0,3,7,10,14,17; weekly from day 21: 21,28,35,42 → last 42; every 2 weeks: 56, 70
        schedule = Schedule.build([("induction", 6, 2), ("weekly", 4, 1)], maintenance_weeks=2)
        assert [d for d, n in session_calendar(schedule, 71) if n == "maintenance"] == [56, 70]

    def test_trailing_empty_phase_does_not_move_the_last_session(self):
        # 3 weekly: 0, 7, 14; an empty phase afterwards; weekly maintenance from 14 + 7 = 21
        schedule = Schedule.build([("weekly", 3, 1), ("empty", 0, 1)], maintenance_weeks=1)
        assert days_of(schedule, 29) == [0, 7, 14, 21, 28]

    def test_no_phases_maintenance_starts_on_the_start_day(self):
        # start day 0, every 2 weeks: 0, 14, 28
        schedule = Schedule.build([], maintenance_weeks=2)
        assert days_of(schedule, 29) == [0, 14, 28]
        assert count_through(schedule, 0) == 1

    def test_no_phases_maintenance_starts_on_a_later_start_day(self):
        # start_week 1 → day 7; every 2 weeks: 7, 21, 35
        schedule = Schedule.build([], maintenance_weeks=2, start_week=1)
        assert days_of(schedule, 36) == [7, 21, 35]
        assert count_through(schedule, 6) == 0
        assert count_through(schedule, 7) == 1

    def test_only_empty_phases_maintenance_starts_on_the_start_day(self):
        # induction of 0 sessions; boosters every 4 weeks from the first day: 0, 28
        schedule = Schedule.build([("induction", 0, 2)], maintenance_weeks=4)
        assert days_of(schedule, 29) == [0, 28]

    def test_no_phases_fractional_interval_counts_from_the_start_day(self):
        # the first maintenance session is on the start day (day 0) and each later one an
        # interval of 1.5 weeks = 10.5 days after it: floor(10.5·k) for k = 0..3 = 0, 10, 21, 31
        schedule = Schedule.build([], maintenance_weeks=1.5)
        assert days_of(schedule, 32) == [0, 10, 21, 31]


class TestStartWeek:
    def test_start_week_moves_every_session(self):
        # start week 2 → day 14; reviews every 4 weeks: 14, 42, 70
        schedule = Schedule.build([("early_reviews", 3, 0.25)], start_week=2)
        assert days_of(schedule, 365) == [14, 42, 70]

    def test_start_week_is_rounded_to_a_day(self):
        # 7 × 0.3 = 2.1 → day 2; 7 × 0.6 = 4.2 → day 4; 7 × 0.9 = 6.3 → day 6
        assert days_of(Schedule.build([("a", 1, 1)], start_week=0.3), 30) == [2]
        assert days_of(Schedule.build([("a", 1, 1)], start_week=0.6), 30) == [4]
        assert days_of(Schedule.build([("a", 1, 1)], start_week=0.9), 30) == [6]

    def test_start_day_wins_over_start_week(self):
        schedule = Schedule.build([("a", 2, 1)], start_week=5, start_day=np.array([3.0]))
        assert days_of(schedule, 30) == [3, 10]

    def test_nothing_happens_before_the_start(self):
        schedule = Schedule.build([("early_reviews", 3, 0.25)], maintenance_weeks=12, start_week=2)
        assert count_through(schedule, 13) == 0
        assert count_through(schedule, 14) == 1

    def test_sessions_after_the_horizon_are_left_out(self):
        # stream starting in week 10 (day 70) with a 4-week horizon: no session at all
        schedule = Schedule.build([("a", 3, 1)], maintenance_weeks=1, start_week=10)
        assert session_calendar(schedule, 28) == []
        assert count_through(schedule, 27) == 0


class TestDayOfSession:
    def test_third_infusion_at_two_a_week_falls_on_day_7(self):
        schedule = Schedule.build([("induction", 6, 2)])
        assert day_of_session(schedule, np.array(3.0))[0] == 7

    def test_counts_across_phases_then_maintenance(self):
        # induction 6 (0..17), weekly 4 (21,28,35,42), boosters every 2 weeks from 42: 56, 70
        schedule = Schedule.build([("induction", 6, 2), ("weekly", 4, 1)], maintenance_weeks=2)
        got = [day_of_session(schedule, np.array(float(k)))[0] for k in range(1, 13)]
        assert got == [0, 3, 7, 10, 14, 17, 21, 28, 35, 42, 56, 70]

    def test_beyond_the_last_session_without_maintenance_is_never(self):
        schedule = Schedule.build([("induction", 6, 2)])
        assert day_of_session(schedule, np.array(7.0))[0] == np.inf

    def test_with_a_start_week(self):
        # 2nd review: 14 + 28 = 42
        schedule = Schedule.build([("early_reviews", 3, 0.25)], start_week=2)
        assert day_of_session(schedule, np.array(2.0))[0] == 42


class TestVectorisedOverDraws:
    # draw 0: 6 at 2 a week, boosters every 4 weeks; draw 1: 4 at 3 a week, boosters every 2 weeks
    PHASES = [("induction", np.array([6, 4]), np.array([2, 3]))]
    MAINTENANCE = np.array([4, 2])

    def test_each_draw_follows_its_own_parameters(self):
        schedule = Schedule.build(self.PHASES, maintenance_weeks=self.MAINTENANCE, start_week=np.array([0, 0]))
        # draw 0 through day 27: 6 induction (0..17), first booster on 17 + 28 = 45 → 0 boosters
        # draw 1: induction 0, 2, 4, 7 (last 7), boosters every 14 days: 21 → 4 + 1 booster
        counts = sessions_through(schedule, np.array([27]))
        assert counts["induction"][:, 0].tolist() == [6, 4]
        assert counts["maintenance"][:, 0].tolist() == [0, 1]
        assert day_of_session(schedule, np.array([5.0, 5.0])).tolist() == [14, 21]
        assert session_calendar(schedule, 28, draw=1) == [
            (0, "induction"),
            (2, "induction"),
            (4, "induction"),
            (7, "induction"),
            (21, "maintenance"),
        ]

    def test_calendar_of_a_later_draw_when_the_start_is_shared(self):
        # Schedule.build turns a plain start_week into shape (1,), as price_plan does for streams
        # without a start_week; the rest of the module broadcasts it over draws, so must the calendar.
        schedule = Schedule.build(self.PHASES, maintenance_weeks=self.MAINTENANCE)
        assert sessions_through(schedule, np.array([27]))["maintenance"][:, 0].tolist() == [0, 1]
        assert session_calendar(schedule, 28, draw=1) == [
            (0, "induction"),
            (2, "induction"),
            (4, "induction"),
            (7, "induction"),
            (21, "maintenance"),
        ]


# --- properties ------------------------------------------------------------------------------

RATES = st.sampled_from([0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 7.0]) | st.floats(0.1, 7.0, allow_nan=False)
PHASES = st.lists(st.tuples(st.integers(0, 20), RATES), min_size=0, max_size=3)
INTERVALS = st.sampled_from([0.0, 1.0, 2.0, 4.0, 12.0]) | st.floats(0.2, 13.0, allow_nan=False)


def _build(phases, maintenance, start_week):
    return Schedule.build(
        [(f"phase{i}", c, r) for i, (c, r) in enumerate(phases)], maintenance_weeks=maintenance, start_week=start_week
    )


class TestCalendarAgreesWithCounts:
    @PROPERTY
    @given(
        phases=PHASES,
        maintenance=INTERVALS,
        start_week=st.sampled_from([0.0, 1.0, 2.0]) | st.floats(0.0, 10.0),
        weeks=st.integers(1, 260),
    )
    def test_session_calendar_agrees_with_sessions_through(self, phases, maintenance, start_week, weeks):
        if not phases and maintenance == 0:
            maintenance = 1.0
        schedule = _build(phases, maintenance, start_week)
        horizon = 7 * weeks
        days = np.arange(horizon)
        counts = sessions_through(schedule, days)
        calendar = session_calendar(schedule, horizon)
        assert all(0 <= d < horizon for d, _ in calendar)
        for name, through in counts.items():
            on_day = np.bincount([d for d, n in calendar if n == name], minlength=horizon)
            np.testing.assert_array_equal(through[0], np.cumsum(on_day), err_msg=name)
        assert {n for _, n in calendar} <= set(counts)

    @PROPERTY
    @given(phases=PHASES, maintenance=INTERVALS, start_week=st.floats(0.0, 10.0), weeks=st.integers(1, 104))
    def test_counts_never_decrease_and_phases_never_exceed_their_count(self, phases, maintenance, start_week, weeks):
        schedule = _build(phases, maintenance, start_week)
        counts = sessions_through(schedule, np.arange(7 * weeks))
        for through in counts.values():
            assert np.all(np.diff(through[0]) >= 0)
        for i, (c, _) in enumerate(phases):
            assert counts[f"phase{i}"][0, -1] <= c

    @PROPERTY
    @given(phases=PHASES.filter(lambda p: any(c > 0 for c, _ in p)), maintenance=INTERVALS)
    def test_first_maintenance_session_is_one_interval_after_the_last_phase_session(self, phases, maintenance):
        schedule = _build(phases, maintenance, 0.0)
        calendar = session_calendar(schedule, 7 * 260)
        phase_days = [d for d, n in calendar if n != "maintenance"]
        booster_days = [d for d, n in calendar if n == "maintenance"]
        if maintenance == 0:
            assert booster_days == []
        elif booster_days:
            assert booster_days[0] == phase_days[-1] + int(np.floor(7 * maintenance + 1e-9))
            assert booster_days[0] > phase_days[-1]


class TestDayOfSessionInvertsSessionsThrough:
    @PROPERTY
    @given(phases=PHASES, maintenance=INTERVALS, start_week=st.floats(0.0, 10.0), k=st.integers(1, 60))
    def test_kth_session_is_counted_on_its_day_and_not_the_day_before(self, phases, maintenance, start_week, k):
        schedule = _build(phases, maintenance, start_week)
        day = day_of_session(schedule, np.array(float(k)))[0]
        total_phase = sum(c for c, _ in phases)
        if maintenance == 0 and k > total_phase:
            assert day == np.inf
            return
        assert np.isfinite(day)
        assert day == int(day)
        assert count_through(schedule, int(day)) >= k
        assert count_through(schedule, int(day) - 1) < k

    @PROPERTY
    @given(phases=PHASES, maintenance=INTERVALS, start_week=st.floats(0.0, 5.0), weeks=st.integers(1, 60))
    def test_calendar_lists_sessions_in_the_order_day_of_session_numbers_them(self, phases, maintenance, start_week, weeks):
        schedule = _build(phases, maintenance, start_week)
        calendar = session_calendar(schedule, 7 * weeks)
        for k, (day, _) in enumerate(calendar, start=1):
            assert day_of_session(schedule, np.array(float(k)))[0] == day


@pytest.mark.parametrize("k", [0, -1])
def test_day_of_session_zero_or_less_is_the_start_day(k):
    schedule = Schedule.build([("a", 3, 1)], start_week=2)
    assert day_of_session(schedule, np.array(float(k)))[0] == 14


class TestSessionColumns:
    @settings(max_examples=150, deadline=None)
    @given(
        phases=st.lists(PHASES, min_size=1, max_size=4),
        maintenance=st.lists(INTERVALS | st.just(0.0), min_size=1, max_size=4),
        start_week=st.floats(0.0, 10.0),
        weeks=st.integers(1, 104),
    )
    def test_columns_one_at_a_time_are_session_days(self, phases, maintenance, start_week, weeks):
        """Draw k takes phases[k] and maintenance[k] (cycled): per-draw counts, rates and intervals."""
        n = max(len(phases), len(maintenance))
        shape = max((len(p) for p in phases), default=0)
        per_draw = [[(c, r) for c, r in phases[k % len(phases)]] + [(0, 1.0)] * (shape - len(phases[k % len(phases)]))
                    for k in range(n)]
        schedule = Schedule.build(
            [(f"p{i}", np.array([d[i][0] for d in per_draw], float), np.array([d[i][1] for d in per_draw], float))
             for i in range(shape)],
            maintenance_weeks=np.array([maintenance[k % len(maintenance)] for k in range(n)]),
            start_week=start_week,
        )
        days, valid, first = session_days(schedule, 7 * weeks)
        columns = list(session_columns(schedule, 7 * weeks))
        assert len(columns) == days.shape[1]
        for s, (day, ok) in enumerate(columns):
            ok = np.broadcast_to(ok, (n,))
            assert np.array_equal(ok, valid[:, s])
            assert np.array_equal(np.broadcast_to(day, (n,))[ok], days[ok, s])


class TestFirstColumnOnOrAfter:
    """Where a plan year's sessions begin in a block of columns: the first column on or after a day, per draw."""

    def test_boosters_every_two_weeks_after_day_17_first_on_or_after_day_70_is_column_3(self):
        # 6 infusions at 2 a week fall on days 0, 3, 7, 10, 14, 17; boosters every 14 days: 17 + 14·k = 31, 45, 59, 73, …
        # Columns 0, 1, 2 (days 31, 45, 59) come before day 70; column 3 (day 73) is the first on or after it.
        schedule = Schedule.build([("induction", 6, 2)], maintenance_weeks=2)
        boosters = session_blocks(schedule, 7 * 52)[-1]
        assert boosters.columns(0, 4)[0][:, 0].tolist() == [31, 45, 59, 73]
        assert first_column_on_or_after(boosters, 70).tolist() == [3]
        assert first_column_on_or_after(boosters, 73).tolist() == [3]  # on the day itself
        assert first_column_on_or_after(boosters, 74).tolist() == [4]  # day 87

    def test_a_day_past_every_column_gives_the_width(self):
        # Weekly for 3 sessions: days 0, 7, 14. Nothing falls on or after day 15.
        block = session_blocks(Schedule.build([("weekly", 3, 1)]), 7 * 52)[0]
        assert block.width == 3
        assert first_column_on_or_after(block, 15).tolist() == [3]

    def test_each_draw_gets_its_own_column(self):
        # Boosters every 1 and every 3 weeks after a single session on day 0: days 7k and 21k.
        # On or after day 40: 7·6 = 42 → column 5; 21·2 = 42 → column 1.
        schedule = Schedule.build([("first", 1, 1)], maintenance_weeks=np.array([1.0, 3.0]))
        boosters = session_blocks(schedule, 7 * 52)[-1]
        assert first_column_on_or_after(boosters, 40).tolist() == [5, 1]

    @settings(max_examples=300, deadline=None)
    @given(
        phases=st.lists(st.tuples(st.integers(1, 20), RATES), min_size=1, max_size=2),
        maintenance=INTERVALS,
        start_week=st.floats(0.0, 10.0),
        weeks=st.integers(1, 260),
        day=st.integers(0, 7 * 260) | st.floats(0.0, 7 * 260.0),
    )
    def test_columns_before_it_fall_before_the_day_and_the_column_itself_on_or_after(
        self, phases, maintenance, start_week, weeks, day
    ):
        """Checked against the block's own columns, one by one (the same arithmetic as the walk's days)."""
        blocks = session_blocks(_build(phases, maintenance, start_week), 7 * weeks)
        assume(blocks)  # a start after the horizon leaves no columns
        block = blocks[-1]
        column = int(first_column_on_or_after(block, day)[0])
        days = block.columns(0, block.width + 1)[0][:, 0]
        assert 0 <= column <= block.width
        assert all(d < day for d in days[:column])
        assert column == block.width or days[column] >= day

    def test_per_draw_columns_are_the_same_floats_as_shared_ones(self):
        # columns_at with each draw's own column index gives what columns() gives for that index.
        schedule = Schedule.build([("induction", 6, 2.5)], maintenance_weeks=np.array([0.7, 1.3, 4.1]))
        boosters = session_blocks(schedule, 7 * 260)[-1]
        shared_days, shared_valid = boosters.columns(0, 40)
        column = np.array([[3.0, 17.0, 39.0]])
        days, valid = boosters.columns_at(column)
        assert days[0].tolist() == [shared_days[3, 0], shared_days[17, 1], shared_days[39, 2]]
        assert valid[0].tolist() == [shared_valid[3, 0], shared_valid[17, 1], shared_valid[39, 2]]
