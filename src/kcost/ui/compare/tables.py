"""The figures as tables: every headline figure per plan, the chart's numbers, and the session calendar."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ...model.projection import Projection
from ...present.formats import money, plain
from ...present.frames import calendar_frame, cost_frame, onset_frame, summary_frame

__all__ = ["EXPANDER", "TABS", "open_tab", "render_tab"]


TABS = ("Figures", "Chart as a table", "Session calendar")


#: The expander that holds the tables, closed until someone opens it.
EXPANDER = "The figures as tables: every figure, the chart's numbers, the sessions week by week"


def open_tab() -> tuple[str, DeltaGenerator] | None:
    """The tables' expander and, while it is open, its three tabs: the open tab's name and container, which
    :func:`render_tab` fills; None while the expander is closed.

    Closed, nothing inside it is drawn: the cards and the chart already give the figures, and a price moved
    by the slider then redraws no table (about 11 ms a change in Chromium, benchmarks/chromium_ab.py). Open,
    only the open tab is drawn (the others hold tables that cost time and no state).
    """
    tables = st.expander(EXPANDER, expanded=False, key="tables_open", on_change="rerun")
    if not tables.open:
        return None
    with tables:
        tabs = st.tabs(list(TABS), key="results_tab", on_change="rerun")
    return next((name, tab) for name, tab in zip(TABS, tabs) if tab.open)


def render_tab(projection: Projection, name: str) -> None:
    """The open tab's tables: every headline figure, the chart's numbers, or each plan's session calendar."""
    if name == "Figures":
        # A static table wraps instead of scrolling, so it fits a phone and prints whole. st.table renders
        # Markdown, so labels and values are escaped like all text from the file.
        st.table(_figures_table(projection))
    elif name == "Chart as a table":
        _chart_table(projection)
        onsets = onset_frame(projection)
        when = onsets[["plan", "milestone", "text"]].rename(columns={"plan": "Plan", "milestone": "What", "text": "When"})
        st.table(when.map(lambda v: plain(str(v))), hide_index=True)
    else:
        for p in projection.plans:
            st.markdown(f"**{plain(p.label)}**")
            sessions = calendar_frame(p)
            if sessions.empty:
                st.caption("No sessions in this time.")
                continue
            # Static, so the long "what" text wraps on a phone instead of running off a scrolling grid.
            st.table(
                pd.DataFrame(
                    {
                        "Week": sessions["week"].astype(int).astype(str),
                        "Sessions": sessions["sessions"].astype(int).astype(str),
                        "What": sessions["what"].map(plain),
                        "Cost": sessions["cost"].map(lambda c: plain(money(c))),
                    }
                ),
                hide_index=True,
            )


def _figures_table(projection: Projection) -> pd.DataFrame:
    """:func:`summary_frame` turned on its side, a column per plan, every label and value escaped.

    Built from the columns directly: transposing the frame and mapping it cell by cell took three times as long.
    """
    frame = summary_frame(projection)
    plans = frame.pop("Plan")
    table = pd.DataFrame(
        {plain(str(label)): [plain(str(v)) for v in row] for label, row in zip(plans, frame.itertuples(index=False, name=None))},
        index=pd.Index([plain(str(name)) for name in frame.columns]),
    )
    table.columns.name = "Plan"
    return table


#: Up to this many weeks (a year and a bit) the chart's numbers are a static table that wraps on a phone; a
#: longer horizon (up to 261 rows) stays a scrolling grid so the page does not grow by thousands of pixels.
STATIC_WEEKS = 60


def _chart_table(projection: Projection) -> None:
    """The chart's cumulative cost per plan and week, in whole dollars like the rest of the page."""
    costs = cost_frame(projection)
    order = [p.label for p in projection.plans]
    wide = costs.pivot(index="week", columns="plan", values="cumulative_cost")[order].reset_index()
    wide.columns.name = None
    if len(wide) <= STATIC_WEEKS:
        shown = wide.astype({"week": int}).astype({"week": str}).rename(columns={"week": "Weeks from start"})
        for label in order:
            shown[label] = shown[label].map(money)
        st.table(shown.rename(columns=plain).map(plain), hide_index=True)
        return
    # Rounded here because the grid's printf format would truncate: $799.60 must show as $800.
    st.dataframe(
        wide.round({label: 0 for label in order}),
        hide_index=True,
        column_config={
            "week": st.column_config.NumberColumn("Week", help="Weeks from the start", format="%d", pinned=True, width=56),
            **{label: st.column_config.NumberColumn(label, format="$%,d", width="small") for label in order},
        },
    )
