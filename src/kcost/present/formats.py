"""Plain-language formatting of money and durations, shared by the CLI and the app."""

from __future__ import annotations

import math

__all__ = ["days_phrase", "label_text", "money", "per_100", "percent", "plain"]


def money(amount: float | None) -> str:
    """``1234.5`` → ``"$1,235"``; cents only below ten dollars (``0.034`` → ``"$0.03"``)."""
    if amount is None or not math.isfinite(amount):
        return "—"
    if abs(amount) < 10 and amount != round(amount):
        return f"${amount:,.2f}"
    return f"${amount:,.0f}"


def percent(value: float | None) -> str:
    """A value already in percent, as text: ``33`` → ``"33%"``, ``49.5`` → ``"49.5%"``.

    kcost keeps rates in percent (33 means 33 %), so this never multiplies by
    100 the way Python's ``:.0%`` format does (which turns 33 into "3300%").
    """
    if value is None or not math.isfinite(value):
        return "—"
    return f"{value:.1f}".rstrip("0").rstrip(".") + "%"


def per_100(value: float) -> str:
    """A percent as a whole number of people in 100: ``33`` → ``"33"``, ``49.5`` → ``"50"``."""
    return str(_half_up(value))


def _half_up(x: float) -> int:
    """Round half away from zero for the non-negative values used here: 2.5 → 3 (Python's ``round`` gives 2)."""
    return math.floor(x + 0.5)


def days_phrase(days: float | None) -> str:
    """A duration in days as people say it, without false precision.

    Under a day, whole hours: ``0.17`` → ``"4 hours"``. Under 4 weeks, whole
    days, or whole weeks from 2 weeks on when the days make whole weeks:
    ``8`` → ``"8 days"``, ``15`` → ``"15 days"``, ``14.17`` (14 days 4 hours)
    → ``"2 weeks"``. From 4 weeks on, whole weeks: ``29`` → ``"4 weeks"``,
    ``56`` → ``"8 weeks"``. The figures behind these durations are averages
    from limited evidence, so half a week more or less never matters to what a
    reader should take from them. Halves round up (``31.5`` → ``"5 weeks"``).
    """
    if days is None or not math.isfinite(days):
        return "not within reach"
    if days < 1:
        hours = _half_up(days * 24)
        return f"{hours} hour" + ("" if hours == 1 else "s")
    d = _half_up(days)
    if d < 14 or (d < 28 and d % 7):
        return f"{d} day" + ("" if d == 1 else "s")
    return f"{_half_up(days / 7)} weeks"


_MARKDOWN_SPECIALS = set("\\`*_{}[]()<>#+-.!|~$:")


def plain(text: str) -> str:
    """Escape ``text`` so that Streamlit's Markdown shows it literally.

    Text from the assumptions file (labels, citations, notes) goes through this
    before any Markdown-rendering call, so a file cannot inject links, images
    (which would fetch from another host) or formatting. Example:
    ``plain("![x](http://h/i.png)")`` renders as the literal characters.
    """
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in text)


# Characters that start Markdown constructs inside a single-line widget label: emphasis, code, links and
# images, HTML, strikethrough, tables, maths and escapes. Parentheses, full stops and hyphens only act
# together with these (a link needs "]("), so they stay as they are.
_LABEL_SPECIALS = set("\\`*_[]<>~|$")


def label_text(text: str) -> str:
    """A widget label that shows ``text`` literally and reads the same to a screen reader.

    Streamlit renders widget labels as a small Markdown subset (emphasis, code,
    links, images) and gives the same string to screen readers as the control's
    name. Only the characters that can start such a construct are escaped, so
    kcost's own labels pass unchanged: ``"Price per session (USD)"`` stays as it
    is, where :func:`plain` would give ``"Price per session \\(USD\\)"``;
    ``"![x](http://h/i.png)"`` becomes ``"!\\[x\\](http://h/i.png)"``, which
    draws no image and fetches nothing.
    """
    return "".join("\\" + ch if ch in _LABEL_SPECIALS else ch for ch in text)
