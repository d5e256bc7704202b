"""Plain-language durations and amounts: no more precision than the evidence behind them."""

from __future__ import annotations

import math

import pytest

from kcost.present.formats import days_phrase, money


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (1 / 24, "1 hour"),
        (4 / 24, "4 hours"),  # IV ketamine's typical onset
        (0.5, "12 hours"),
    ],
)
def test_under_a_day_is_in_hours(days, words):
    assert days_phrase(days) == words


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (1, "1 day"),
        (7, "7 days"),
        (8, "8 days"),
        (13.4, "13 days"),
        (15, "15 days"),  # was "2.1 weeks"
        (22, "22 days"),
        (27, "27 days"),
    ],
)
def test_under_4_weeks_is_in_days_unless_the_days_make_whole_weeks(days, words):
    assert days_phrase(days) == words


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (14, "2 weeks"),
        (14 + 4 / 24, "2 weeks"),  # KAP's typical onset: 14 days 4 hours rounds to 14 days
        (13.5, "2 weeks"),  # rounds up to 14 days
        (21, "3 weeks"),
    ],
)
def test_whole_weeks_from_2_weeks_on(days, words):
    assert days_phrase(days) == words


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (27.5, "4 weeks"),  # rounds up to 28 days
        (28, "4 weeks"),
        (29, "4 weeks"),  # 4.14 weeks; was "4.1 weeks"
        (31, "4 weeks"),  # 4.43 weeks
        (31.5, "5 weeks"),  # 4.5 weeks: halves round up
        (42, "6 weeks"),
        (56, "8 weeks"),  # an SSRI's typical full effect
        (60, "9 weeks"),  # 8.57 weeks
        (84, "12 weeks"),
    ],
)
def test_from_4_weeks_on_is_in_whole_weeks(days, words):
    assert days_phrase(days) == words


@pytest.mark.parametrize("days", [None, math.inf, math.nan])
def test_no_duration(days):
    assert days_phrase(days) == "not within reach"


class TestLabelText:
    """Widget labels: plain to a screen reader, inert as Markdown."""

    def test_kcost_labels_pass_unchanged(self):
        from kcost.present.formats import label_text

        for label in ("Price per session (USD)", "Your share of each bill (%)", "Consultation, once (USD)"):
            assert label_text(label) == label

    def test_links_images_and_emphasis_from_a_file_are_inert(self):
        from kcost.present.formats import label_text

        # A word holding an address is shown as code: never an image, never a link.
        assert label_text("![x](http://h/i.png)") == "`![x](http://h/i.png)`"
        assert label_text("![x](i.png)") == "!\\[x\\](i.png)"
        assert label_text("*big* _fee_ `x` <b>") == "\\*big\\* \\_fee\\_ \\`x\\` \\<b\\>"


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (1234.6, "$1,235"),  # whole dollars from $10 up
        (1234.5, "$1,234"),  # an exact half goes to the even dollar (Python rounding)
        (0.034, "$0.03"),  # cents below $10
        (16750, "$16,750"),
        (-5, "-$5"),  # the sign before the dollar sign, as a refused value is quoted back
        (-1234.6, "-$1,235"),
        (float("nan"), "—"),
        (None, "—"),
    ],
)
def test_money(amount, text):
    assert money(amount) == text
