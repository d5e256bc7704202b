"""The speed baseline (benchmarks/bare_app.py) must keep every widget the compare page shows on its defaults.

benchmarks/app_speed.py compares the compare page's speed to this bare page's; the goal is only meaningful if
the two draw the same widgets. The baseline once fell behind the page (no handout button, paper choice or
time-and-travel toggle), which made the page look slower than it was.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("multiselect", "select_slider", "slider", "number_input", "radio", "toggle", "selectbox", "button",
         "download_button", "button_group", "expander")  # fmt: skip


def widgets(script: Path) -> set[tuple[str, str | None, str]]:
    """Every widget on the page's first screen run: (kind, key, label without Markdown escapes)."""
    at = AppTest.from_file(str(script), default_timeout=60).run()
    assert not at.exception
    found = set()
    for kind in KINDS:
        for w in at.get(kind):
            label = getattr(w, "label", None) or w.proto.label
            found.add((kind, getattr(w, "key", None), label.replace("\\", "")))
    return found


def test_the_bare_page_has_every_widget_of_the_compare_page():
    page, bare = widgets(ROOT / "app.py"), widgets(ROOT / "benchmarks" / "bare_app.py")
    assert len(page) > 20  # the widgets were found at all
    assert page - bare == set()
