"""Streamlit user interface. The only part of kcost that imports Streamlit."""
