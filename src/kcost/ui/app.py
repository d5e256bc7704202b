"""Entry point of the Streamlit app: load the assumptions once, then draw the page."""

from __future__ import annotations

import streamlit as st

from ..assumptions import Assumptions, load_assumptions
from . import compare

__all__ = ["main", "shipped_assumptions"]


@st.cache_resource(show_spinner=False)
def shipped_assumptions() -> Assumptions:
    """The shipped ``data/pricing.yaml``, read and validated once per server process.

    Cached as a resource with no arguments: never keyed by anything a patient
    enters, and never mutated (the models are frozen).
    """
    return load_assumptions()


def main() -> None:
    compare.render(shipped_assumptions())
