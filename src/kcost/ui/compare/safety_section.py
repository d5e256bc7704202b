"""Safety and evidence, on the comparison page without hunting for it."""

from __future__ import annotations

import streamlit as st

from ...model.assumptions import Assumptions
from ...model.assumptions.parameter_table import parameter_frame
from ...present import fixed_content
from ...present.formats import paragraphs, plain

__all__ = ["render_safety", "render_sources"]


def render_safety(assumptions: Assumptions) -> None:
    """The crisis line, who must not use ketamine or esketamine, label warnings, side effects,
    practicalities, how far to trust the figures (with the evidence date), what matters to you and
    questions to ask a clinician: all fixed text from :mod:`kcost.present.fixed_content`."""
    st.subheader("Before you decide")
    st.markdown(fixed_content.CRISIS_LINE)
    if assumptions.evidence_reviewed:
        st.caption(f"Evidence last reviewed: {plain(assumptions.evidence_reviewed)}.")
    # Fewer elements: every element on the page costs the browser time whenever the figures above change,
    # even when it is not redrawn (benchmarks/app_speed.py, issue 10). Texts are joined only where a list
    # ends or a paragraph follows a paragraph: a list right after a paragraph in the same element would sit
    # 2 px higher than it does as an element of its own, and two lists in a row would merge into one.
    left, right = st.columns(2)
    with left:
        st.markdown(
            paragraphs(["**Who should not use ketamine or esketamine**", fixed_content.WHO_SHOULD_NOT, "**Practicalities**"])
        )
        st.markdown(fixed_content.PRACTICALITIES)
    with right:
        st.markdown("**Warnings on the label**")
        st.markdown(paragraphs([fixed_content.BOXED_WARNINGS, "**Common side effects**", fixed_content.SIDE_EFFECTS]))
    st.markdown("**How far to trust these figures**")
    st.markdown(fixed_content.CAVEATS)
    st.markdown(
        paragraphs(
            [
                fixed_content.EVIDENCE_STRENGTH,
                "**What matters most to you**",
                fixed_content.WHAT_MATTERS,
                "**Questions to ask a clinician**",
            ]
        )
    )
    st.markdown(fixed_content.QUESTIONS_TO_ASK)


def render_sources(assumptions: Assumptions, chosen: list[str]) -> None:
    """The source of every default in use, drawn only while its expander is open (the page's largest table)."""
    sources = st.expander("Where every default comes from", expanded=False, key="sources_open", on_change="rerun")
    if not sources.open:
        return
    with sources:
        st.caption(
            "Strength: 'weak' marks small studies, studies with no comparison group, studies run by the seller, "
            "and figures read second-hand. 'Assumption' marks a choice kcost made. Population 'depression' "
            "marks figures measured in depression, not anxiety."
        )
        frame = parameter_frame(assumptions, chosen)
        st.dataframe(
            frame[["path", "base", "low", "high", "unit", "strength", "population", "sources", "seen", "note"]],
            hide_index=True,
        )
