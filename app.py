"""kcost in the browser: `streamlit run app.py` (or `make run`)."""

import streamlit as st

st.set_page_config(page_title="kcost: ketamine or SSRI, cost and time to relief", layout="wide")

from kcost.ui.app import main  # noqa: E402  (set_page_config must come first)

main()
