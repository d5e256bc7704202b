"""The Streamlit app: two pages over one engine, with the assumptions chosen per session."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from .session import shipped_assumptions

__all__ = ["PAGES", "main", "shipped_assumptions"]

_HERE = Path(__file__).resolve().parent / "pages"
PAGES = {"compare": _HERE / "compare_page.py", "assumptions": _HERE / "assumptions_page.py"}


def main() -> None:
    pages = [
        st.Page(PAGES["compare"], title="Compare", url_path="compare", default=True),
        st.Page(PAGES["assumptions"], title="Assumptions", url_path="assumptions"),
    ]
    st.navigation(pages, position="top").run()
