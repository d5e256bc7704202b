"""Save or share: the link, the downloads, the handout, and reset."""

from __future__ import annotations

import json
from functools import partial

import streamlit as st

from ...model.projection import Projection
from .inputs import PageScenario
from .registry import Registry

__all__ = ["render_share", "scenario_json"]


def render_share(projection: Projection, scenario: PageScenario, registry: Registry) -> None:
    st.subheader("Save or share")
    st.caption(
        "The address in your browser's bar reopens this comparison: copy it to share. "
        "It holds only plan names and numbers, nothing about you."
    )
    # HANDOUT SLOT: the one-page PDF (kcost.present.handout, issue 10) gets its download button here,
    # as a callable (made on click) with on_click="ignore", like the two below.
    a, b, c = st.columns(3)
    # Callables: the files are made when a button is pressed, not on every rerun.
    a.download_button(
        "Weekly costs (CSV)",
        projection.to_csv,
        file_name="kcost-weekly-costs.csv",
        mime="text/csv",
        help="Cumulative cost of each plan at the end of every week, as a spreadsheet file.",
        # A download changes nothing on the page; a rerun would only race a second click.
        on_click="ignore",
    )
    b.download_button(
        "Scenario inputs (JSON)",
        partial(scenario_json, scenario),
        file_name="kcost-scenario.json",
        mime="application/json",
        help="The plans, horizon, how you pay and every value you changed from the defaults.",
        on_click="ignore",
    )
    c.button("Reset to defaults", on_click=registry.reset, help="Put every input back to the shipped defaults.")


def scenario_json(scenario: PageScenario) -> str:
    """The scenario's inputs as JSON: plans, horizon, how you pay and every value changed from the defaults."""
    return json.dumps(
        {
            "plans": list(scenario.plans),
            "horizon_weeks": scenario.weeks,
            "payment": "insurance" if scenario.insured else "cash",
            "insurance": dict(scenario.insurance) if scenario.insured else None,
            "changes": [
                {"path": ".".join(map(str, o.path)), "value": o.value, "set_by": o.origin} for o in scenario.overrides
            ],
        },
        indent=2,
    )
