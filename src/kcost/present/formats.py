"""Plain-language formatting of money and durations, shared by the CLI and the app."""

from __future__ import annotations

import json
import math
import re

__all__ = ["csv_cell", "days_phrase", "finite_or_none", "label_text", "money", "paragraphs", "per_100", "percent", "plain", "strict_json"]


def money(amount: float | None) -> str:
    """``1234.6`` → ``"$1,235"`` (an exact half goes to the even dollar); cents only below ten dollars (``0.034`` → ``"$0.03"``); ``-5`` → ``"-$5"``."""
    if amount is None or not math.isfinite(amount):
        return "—"
    if amount < 0:
        return "-" + money(-amount)
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


_MARKDOWN_SPECIALS = set("\\`*_{}[]()<>#+-.!|~$:&")
_ESCAPE_MARKDOWN = str.maketrans({ch: "\\" + ch for ch in _MARKDOWN_SPECIALS})

#: A run of text that GitHub-flavoured Markdown would turn into a link: a bare
#: ``http://``/``https://`` address, ``www.``, or an e-mail address (``@``).
_AUTOLINK = re.compile(r"https?://|www\.|@", re.IGNORECASE)


def plain(text: str) -> str:
    """Escape ``text`` so that Streamlit's Markdown shows it literally, and never as a link.

    Text from the assumptions file (labels, citations, notes) goes through this
    before any Markdown-rendering call, so a file cannot inject links, images
    (which would fetch from another host) or formatting. Example:
    ``plain("![x](http://h/i.png)")`` renders as the literal characters.

    Backslash escapes alone do not stop GFM's *autolinks*: Streamlit's Markdown
    finds bare addresses (``https://…``, ``www.…``, ``name@host.org``) in the
    text after escapes are decoded (remark-gfm's autolink-literal transform), so
    ``http\\:\\/\\/h\\.org`` still became a link. A word holding such an
    address is therefore shown as inline code instead, which Markdown never
    links: ``plain("see www.x.org now")`` → ``"see `www.x.org` now"``. The
    reader sees every character of the address, in a code font.
    """
    if not _AUTOLINK.search(text):
        # No word holds an address (the pattern has no anchors and no spaces): escape the whole text at once.
        return text.translate(_ESCAPE_MARKDOWN)
    return "".join(
        _code_span(word) if _AUTOLINK.search(word) else word.translate(_ESCAPE_MARKDOWN)
        for word in re.split(r"(\s+)", text)
    )


def paragraphs(texts: list[str]) -> str:
    """Markdown texts, already escaped, as one Markdown text with a paragraph each (joined by a blank line).

    The page draws a run of sentences as one element: the browser's cost of redrawing a page grows with
    its number of elements far more than with their words (benchmarks/app_speed.py, issue 10).
    """
    return "\n\n".join(texts)


def _code_span(word: str) -> str:
    """``word`` (no whitespace in it) as a Markdown code span, fenced by more backticks than it holds."""
    longest = max((len(run) for run in re.findall(r"`+", word)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if word.startswith("`") or word.endswith("`") else ""
    return f"{fence}{pad}{word}{pad}{fence}"


def csv_cell(value: object) -> object:
    """A value as a CSV cell: a number that is not finite becomes an empty cell, never ``nan`` or ``inf``."""
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    return value


def finite_or_none(value: object) -> object:
    """``value`` with every float that is not finite replaced by ``None``, through dicts, lists and tuples."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite_or_none(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite_or_none(v) for v in value]
    return value


def strict_json(value: object) -> str:
    """``value`` as strict JSON (RFC 8259), indented by 2: numbers that are not finite become ``null``.

    ``json.dumps`` writes ``NaN`` and ``Infinity`` by default, which strict
    parsers (JavaScript's ``JSON.parse``, jq) refuse. Here they are replaced by
    ``null`` first (a day never reached, a share with nothing to share), and
    ``allow_nan=False`` makes any that slipped through an error, not bad output.
    NumPy numbers are written as plain numbers.
    """
    return json.dumps(finite_or_none(value), indent=2, allow_nan=False, default=_plain_number)


def _plain_number(value: object) -> object:
    import numpy as np

    if isinstance(value, np.generic):
        return finite_or_none(value.item())
    raise TypeError(f"{type(value).__name__} is not JSON")


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
    draws no image and fetches nothing. A word holding a bare address is shown as
    code, as in :func:`plain`, so it never becomes a link.
    """
    return "".join(
        _code_span(word) if _AUTOLINK.search(word) else "".join("\\" + ch if ch in _LABEL_SPECIALS else ch for ch in word)
        for word in re.split(r"(\s+)", text)
    )

