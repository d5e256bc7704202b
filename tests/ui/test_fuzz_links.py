"""Fuzzing the comparison page's link: random query parameters through AppTest, never an exception.

The keys come from the page itself: every widget the page draws has its key as its link name (the
controls are bound to query parameters), so the test reads them from a first, plain run — no internals —
and mixes in junk keys. Values are huge digit strings, unicode, empty, numbers out of every range, words,
repeated keys and more than five plans. Whatever the link, the page draws without an exception element,
and a key kcost does not use gets a notice instead of being silently kept.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from kcost.ui.guard import MESSAGE

APP = str(Path(__file__).resolve().parents[2] / "app.py")
WIDGETS = ("slider", "select_slider", "number_input", "radio", "multiselect", "selectbox", "toggle", "checkbox", "text_input")
TIME_CAP_S = 60.0


def page_keys() -> tuple[list[str], list[str]]:
    """The link names of the page's controls, and the plans' labels (how a link names plans)."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    keys = set()
    for kind in WIDGETS:
        for widget in getattr(at, kind, []):
            if widget.key and not widget.key.startswith("$$"):
                keys.add(widget.key)
    plans = next(w for w in at.multiselect if w.key == "plans")
    return sorted(keys), list(plans.options)


KEYS, PLAN_LABELS = page_keys()
JUNK_KEYS = ["name", "email", "x" * 300, "plans.", "ketamine-iv.", "__proto__", "<script>", "ключ", ""]

values = st.one_of(
    st.sampled_from(["", " ", "0", "-1", "1e308", "nan", "inf", "true", "insured", "cash", "5 years", "1 week",
                     "9" * 5000, "1" + "0" * 400, "²", "١٢", "0x10", "1_000", "550.5", "%00", "\u202e", "🙂"]),  # fmt: skip
    st.sampled_from(PLAN_LABELS),
    st.text(max_size=30),
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
one_value_or_more = st.one_of(values, st.lists(values, min_size=2, max_size=3))


@st.composite
def links(draw) -> dict[str, str | list[str]]:
    params: dict[str, str | list[str]] = {}
    for key in draw(st.lists(st.sampled_from(KEYS + JUNK_KEYS) | st.text(max_size=12), max_size=6)):
        params[key] = draw(one_value_or_more)
    if draw(st.booleans()):
        # More plans than the page takes (it compares at most four or five), some repeated.
        params["plans"] = draw(st.lists(st.sampled_from(PLAN_LABELS), min_size=6, max_size=8))
    return params


# KCOST_FUZZ_EXAMPLES=100 for a deeper run; 8 keeps the suite fast.
@settings(max_examples=int(os.environ.get("KCOST_FUZZ_EXAMPLES", 8)), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=links())
@example(params={"ketamine-iv.induction": "²"})
@example(params={"ketamine-iv.price": "9" * 5000, "weeks": "١٢"})
def test_any_link_draws_the_page_with_notices_and_no_exception(params):
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    start = time.perf_counter()
    at.run()
    assert time.perf_counter() - start < TIME_CAP_S
    assert not at.exception, [e.value for e in at.exception]
    # Nor did the app's last-resort guard have to catch an internal error (it would hide one from this test).
    assert MESSAGE not in [e.value for e in at.error]
    shown = " ".join(c.value.replace("\\", "") for c in at.caption)
    for key in params:
        if key not in KEYS and key != "plans":
            assert "does not use" in shown, (key, shown)
            break
    # The page drew its results or asked for plans: it did not stop half-way.
    assert at.metric or any("plan" in w.value.lower() for w in at.warning)
