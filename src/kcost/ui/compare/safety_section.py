"""Safety and evidence, on the comparison page without hunting for it."""

from __future__ import annotations

import streamlit as st

from ...model.assumptions import Assumptions
from ...model.assumptions.parameter_table import parameter_frame
from ...present import fixed_content

__all__ = ["render_safety", "render_sources"]


def render_safety() -> None:
    """Who should not use ketamine, side effects, practicalities and how far to trust the figures.

    WIRING POINT for issue 9: BOXED_WARNINGS and QUESTIONS_TO_ASK (and WHAT_MATTERS)
    from :mod:`kcost.present.fixed_content` go in this section.
    """
    st.subheader("Before you decide")
    left, right = st.columns(2)
    with left:
        st.markdown("**Who should not use ketamine without specialist care**")
        st.markdown(fixed_content.WHO_SHOULD_NOT)
        st.markdown("**Practicalities**")
        st.markdown(fixed_content.PRACTICALITIES)
    with right:
        st.markdown("**Common side effects**")
        st.markdown(fixed_content.SIDE_EFFECTS)
    st.markdown("**How far to trust these figures**")
    st.markdown(fixed_content.CAVEATS)


def render_sources(assumptions: Assumptions, chosen: list[str]) -> None:
    """The source of every default in use, drawn only while its expander is open (the page's largest table)."""
    sources = st.expander("Where every default comes from", expanded=False, key="sources_open", on_change="rerun")
    if not sources.open:
        return
    with sources:
        st.caption(
            "Strength: 'weak' marks small, open-label, sponsor-run or second-hand sources; 'unverified' a "
            "placeholder with no readable source; 'assumption' a modelling choice of kcost's. Population "
            "'depression' marks figures measured in depression, not anxiety."
        )
        frame = parameter_frame(assumptions, chosen)
        st.dataframe(
            frame[["path", "base", "low", "high", "unit", "strength", "population", "sources", "seen", "note"]],
            hide_index=True,
        )
