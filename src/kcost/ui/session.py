"""Which assumptions this browser session uses: the shipped file, or an analyst's applied edit.

An applied edit lives in this session's state only; nothing is written on the
server and no other session sees it.
"""

from __future__ import annotations

import streamlit as st

from ..model.assumptions import Assumptions, default_assumptions_path, load_assumptions

__all__ = ["active_assumptions", "apply_assumptions", "shipped_assumptions", "shipped_text", "using_edited"]

_APPLIED = "applied_assumptions"
_APPLIED_TEXT = "applied_assumptions_text"


@st.cache_resource(show_spinner=False)
def shipped_assumptions() -> Assumptions:
    """The shipped ``data/pricing.yaml``, read and validated once per server process.

    Cached as a resource with no arguments: never keyed by anything a user
    enters, and never mutated (the models are frozen).
    """
    return load_assumptions()


@st.cache_resource(show_spinner=False)
def shipped_text() -> str:
    return default_assumptions_path().read_text(encoding="utf-8")


def active_assumptions() -> Assumptions:
    return st.session_state.get(_APPLIED) or shipped_assumptions()


def active_text() -> str:
    return st.session_state.get(_APPLIED_TEXT) or shipped_text()


def using_edited() -> bool:
    return _APPLIED in st.session_state


def apply_assumptions(assumptions: Assumptions | None, text: str | None) -> None:
    """Switch this session to ``assumptions`` (``None``: back to the shipped file).

    The comparison page's per-plan controls are reset, so they start from the
    new defaults instead of holding values chosen under the old ones.
    """
    plan_ids = set(active_assumptions().plans) | (set(assumptions.plans) if assumptions else set())
    for key in list(st.session_state.keys()):
        if key == "ssri_daily" or any(str(key).startswith(f"{pid}.") for pid in plan_ids):
            del st.session_state[key]
    if assumptions is None:
        st.session_state.pop(_APPLIED, None)
        st.session_state.pop(_APPLIED_TEXT, None)
    else:
        st.session_state[_APPLIED] = assumptions
        st.session_state[_APPLIED_TEXT] = text
