"""The speed baseline (benchmarks/bare_app.py) must keep every widget the compare page shows on its defaults.

benchmarks/app_speed.py compares the compare page's speed to this bare page's; the goal is only meaningful if
the two draw the same widgets. The baseline once fell behind the page (no handout button, paper choice or
time-and-travel toggle), which made the page look slower than it was.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from kcost.ui.compare.registry import INSURANCE

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("multiselect", "select_slider", "slider", "number_input", "radio", "toggle", "selectbox", "button",
         "download_button", "button_group", "expander", "checkbox")  # fmt: skip


def widgets(script: Path, params: dict[str, str] | None = None) -> set[tuple[str, str | None, str]]:
    """Every widget on the page's first run with ``params`` in its link: (kind, key, label without Markdown escapes)."""
    at = AppTest.from_file(str(script), default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
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


def test_with_insurance_the_bare_page_has_every_widget_of_the_insurance_panel():
    params = {"pay": "Your insurance"}
    page, bare = widgets(ROOT / "app.py", params), widgets(ROOT / "benchmarks" / "bare_app.py", params)
    assert ("multiselect", "ins.copays_skip_deductible", "Copays you pay before the deductible is met") in page
    # Every insurance term is on the page (the panel was found at all).
    assert {w[1] for w in page if (w[1] or "").startswith("ins.")} == {f"ins.{f.name}" for f in INSURANCE}
    assert page - bare == set()
