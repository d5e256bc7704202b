"""Plain-language formatting of money and durations, shared by the CLI and the app."""

from __future__ import annotations

import math

__all__ = ["days_phrase", "money", "plain"]


def money(amount: float | None) -> str:
    """``1234.5`` → ``"$1,235"``; cents only below ten dollars (``0.034`` → ``"$0.03"``)."""
    if amount is None or not math.isfinite(amount):
        return "—"
    if abs(amount) < 10 and amount != round(amount):
        return f"${amount:,.2f}"
    return f"${amount:,.0f}"


def days_phrase(days: float | None) -> str:
    """A duration in days as people say it: ``0.17`` → ``"4 hours"``, ``8`` → ``"8 days"``, ``56`` → ``"8 weeks"``."""
    if days is None or not math.isfinite(days):
        return "not within reach"
    if days < 1:
        hours = round(days * 24)
        return f"{hours} hour" + ("" if hours == 1 else "s")
    if days < 14:
        d = round(days)
        return f"{d} day" + ("" if d == 1 else "s")
    weeks = days / 7
    if abs(weeks - round(weeks)) < 0.05:
        w = round(weeks)
        return f"{w} weeks"
    return f"{weeks:.1f} weeks"


_MARKDOWN_SPECIALS = set("\\`*_{}[]()<>#+-.!|~$:")


def plain(text: str) -> str:
    """Escape ``text`` so that Streamlit's Markdown shows it literally.

    Text from the assumptions file (labels, citations, notes) goes through this
    before any Markdown-rendering call, so a file cannot inject links, images
    (which would fetch from another host) or formatting. Example:
    ``plain("![x](http://h/i.png)")`` renders as the literal characters.
    """
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in text)
