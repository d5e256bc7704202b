"""The Streamlit app: two pages over one engine, with the assumptions chosen per session."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from .session import shipped_assumptions

__all__ = ["PAGE_CSS", "PAGES", "main", "shipped_assumptions"]

_HERE = Path(__file__).resolve().parent / "pages"
PAGES = {"compare": _HERE / "compare_page.py", "assumptions": _HERE / "assumptions_page.py"}

#: Our own fixed CSS for every page (no user or file text; the app's only st.html): less empty space above
#: the title, so the compare page's answer fits the first screen; card figures that fit a six-digit total;
#: a printout of the compare page keeps the scenario, figures, charts and cautions, and leaves out the
#: collapsed details, the buttons and the uncertainty switch.
PAGE_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
[data-testid="stMetricValue"] { font-size: 1.75rem; }
/* A card's four figures: two a row, in one wrapping row container (fewer blocks to redraw than two column rows). */
[class*="st-key-card-figures-"] > div { flex: 1 1 40% !important; min-width: 7rem; }
/* The first insurance terms: two boxes a line, in the panel's order; one a line on a phone. */
.st-key-insurance_first > div { flex: 1 1 40% !important; min-width: 9rem; }
@media (max-width: 640px) { h1 { font-size: 2rem !important; } .st-key-insurance_first > div { flex-basis: 100% !important; } }
/* An insurance term that needs a figure has no "clear" button: an empty box is refused (registry.py). */
[class*="st-key-figure-"] [data-testid="stNumberInputClearButton"] { display: none; }
@media print {
  .st-key-details, .st-key-share, .st-key-sources_open, .st-key-uncertainty, .st-key-insurance_more { display: none !important; }
  [data-testid="stTabs"] [role="tablist"] { display: none !important; }
}
</style>"""


def main() -> None:
    pages = [
        st.Page(PAGES["compare"], title="Compare", url_path="compare", default=True),
        st.Page(PAGES["assumptions"], title="Assumptions", url_path="assumptions"),
    ]
    page = st.navigation(pages, position="top")
    st.html(PAGE_CSS)
    page.run()
