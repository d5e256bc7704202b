"""Which assumptions this browser session uses: the shipped file, or an analyst's applied edit.

An applied edit lives in this session's state only; nothing is written on the
server and no other session sees it.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from ..model.assumptions import Assumptions, default_assumptions_path, load_assumptions

__all__ = [
    "active_assumptions",
    "apply_assumptions",
    "assumptions_token",
    "shipped_assumptions",
    "shipped_text",
    "using_edited",
]

_APPLIED = "applied_assumptions"
_APPLIED_TEXT = "applied_assumptions_text"
_APPLIED_TOKEN = "applied_assumptions_token"


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


def assumptions_token() -> str:
    """A short name for the assumptions in use, for cache keys: ``"shipped"``, or a hash of the applied text.

    Two sessions that applied the same text share results; the text itself is never a key.
    """
    return st.session_state.get(_APPLIED_TOKEN, "shipped")


def apply_assumptions(assumptions: Assumptions | None, text: str | None) -> None:
    """Switch this session to ``assumptions`` (``None``: back to the shipped file).

    The comparison page's controls whose defaults come from the file (the
    registry's ``from_file`` ones, under the old and the new assumptions) are
    cleared, so they start from the new defaults instead of holding values chosen
    under the old ones.
    """
    from .compare.registry import registry_for  # the registry draws widgets; only needed here

    for old_or_new in (active_assumptions(), assumptions):
        if old_or_new is not None:
            registry_for(old_or_new).forget_file_values()
    if assumptions is None:
        for key in (_APPLIED, _APPLIED_TEXT, _APPLIED_TOKEN):
            st.session_state.pop(key, None)
    else:
        st.session_state[_APPLIED] = assumptions
        st.session_state[_APPLIED_TEXT] = text
        st.session_state[_APPLIED_TOKEN] = "edited-" + hashlib.sha256((text or "").encode()).hexdigest()[:32]
