"""kcost in the browser: `streamlit run app.py` (or `make run`; `kcost app` when installed)."""

from kcost.ui.app_entry import run

run()
