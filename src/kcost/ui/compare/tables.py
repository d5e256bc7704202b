"""The figures as tables: every headline figure per plan, the chart's numbers, and the session calendar."""

from __future__ import annotations

import streamlit as st

from ...model.projection import Projection
from ...present.formats import plain
from ...present.frames import calendar_frame, cost_frame, onset_frame, summary_frame

__all__ = ["render_tables"]


def render_tables(projection: Projection) -> None:
    """Three tabs; only the open one is drawn (the others hold tables that cost time and no state)."""
    figures, chart_table, calendar = st.tabs(
        ["Figures", "Chart as a table", "Session calendar"], key="results_tab", on_change="rerun"
    )
    if figures.open:
        with figures:
            # A static table wraps instead of scrolling, so it fits a phone and prints whole. st.table renders
            # Markdown, so labels and values are escaped like all text from the file.
            table = summary_frame(projection).set_index("Plan").T
            st.table(table.rename(index=plain, columns=plain).map(lambda v: plain(str(v))))
    if chart_table.open:
        with chart_table:
            costs = cost_frame(projection)
            order = [p.label for p in projection.plans]
            wide = costs.pivot(index="week", columns="plan", values="cumulative_cost")[order].reset_index()
            st.dataframe(
                wide,
                hide_index=True,
                column_config={
                    "week": st.column_config.NumberColumn("Weeks from start", format="%d"),
                    **{label: st.column_config.NumberColumn(label, format="dollar") for label in order},
                },
            )
            onsets = onset_frame(projection)
            st.dataframe(
                onsets[["plan", "milestone", "text"]].rename(columns={"plan": "Plan", "milestone": "What", "text": "When"}),
                hide_index=True,
            )
    if calendar.open:
        with calendar:
            for p in projection.plans:
                st.markdown(f"**{plain(p.label)}**")
                st.dataframe(
                    calendar_frame(p),
                    hide_index=True,
                    column_config={
                        "week": "Week",
                        "sessions": "Sessions",
                        "what": "What",
                        "cost": st.column_config.NumberColumn("Cost (USD)", format="dollar"),
                    },
                )
