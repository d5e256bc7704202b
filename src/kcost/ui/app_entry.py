"""The script Streamlit runs: ``streamlit run app.py`` in a checkout, ``kcost app`` when installed.

Streamlit executes this file as ``__main__`` on every rerun, so the work is in
:func:`run`, called at the bottom; the checkout's ``app.py`` calls the same function.
"""

from __future__ import annotations

import streamlit as st

__all__ = ["run"]

PAGE_TITLE = "kcost: ketamine or SSRI, cost and time to relief"


def run() -> None:
    """Set up the page and draw the app (``set_page_config`` must be Streamlit's first call)."""
    # Absolute imports: Streamlit runs this file as a script (__main__), outside its package.
    st.set_page_config(page_title=PAGE_TITLE, layout="wide")
    from kcost.ui.app import main
    from kcost.ui.guard import guarded, install_log_filter

    install_log_filter()
    guarded(main)


if __name__ == "__main__":
    run()
