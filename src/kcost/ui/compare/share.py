"""Save or share: the link, the downloads, the handout, and reset."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import streamlit as st

from ...model.assumptions import Assumptions
from ...model.projection import Projection
from ...present.formats import strict_json
from ...present.handout import DEFAULT_BASE_URL, handout
from ...present.handout_scenario import base_url_problem
from .inputs import PageScenario
from .registry import Registry

__all__ = ["ShownResults", "render_share", "scenario_json", "shown_results"]


@dataclass
class ShownResults:
    """What the page shows now: its scenario and projection, set by every run that draws the figures.

    The share section is drawn by the full run, and a price moved since then reruns only the figures;
    the download buttons therefore make their files from this, when pressed, not from the projection
    of the run that drew them.
    """

    #: Set in one assignment, so a file made in another thread never mixes two runs' scenario and projection.
    now: tuple[Projection, PageScenario] | None = None

    def update(self, projection: Projection, scenario: PageScenario) -> None:
        self.now = (projection, scenario)

    def csv(self) -> str:
        projection, _ = self.now
        return projection.to_csv()

    def scenario_json(self) -> str:
        _, scenario = self.now
        return scenario_json(scenario)


def shown_results() -> ShownResults:
    """This session's :class:`ShownResults` (one per browser session, in its session state)."""
    return st.session_state.setdefault("shown_results", ShownResults())


def render_share(shown: ShownResults, registry: Registry) -> None:
    """The link, the one-page handout, the two data files and reset; the files hold what ``shown`` holds when pressed."""
    st.subheader("Save or share")
    st.caption(
        "The address in your browser's bar reopens this comparison: copy it to share. "
        "It holds only plan names and numbers, nothing about you."
    )
    paper = st.radio("Paper for the handout", ["Letter", "A4"], horizontal=True, key="handout_paper")
    # One wrapping row, not st.columns(4): four fewer blocks for the browser to redraw on every price change, and
    # on a phone the buttons wrap two or three a line instead of stacking one a line.
    row = st.container(horizontal=True, key="share_buttons")
    # Callables: the files are made when a button is pressed, not on every rerun.
    row.download_button(
        "One-page handout (PDF)",
        # The address is read now, in the script run: the file itself is made later, outside it.
        _Handout(shown, registry.assumptions, paper.lower(), _app_address()),
        file_name="kcost-handout.pdf",
        mime="application/pdf",
        type="primary",
        help="The plans side by side on one page, with the chart, your inputs, the date and the link.",
        on_click="ignore",
    )
    row.download_button(
        "Weekly costs (CSV)",
        shown.csv,
        file_name="kcost-weekly-costs.csv",
        mime="text/csv",
        help="Cumulative cost of each plan at the end of every week, as a spreadsheet file.",
        # A download changes nothing on the page; a rerun would only race a second click.
        on_click="ignore",
    )
    row.download_button(
        "Scenario inputs (JSON)",
        shown.scenario_json,
        file_name="kcost-scenario.json",
        mime="application/json",
        help="The plans, horizon, how you pay and every value you changed from the defaults.",
        on_click="ignore",
    )
    row.button("Reset to defaults", on_click=registry.reset, help="Put every input back to the shipped defaults.")


@dataclass(frozen=True)
class _Handout:
    """The handout of what ``shown`` holds when the button is pressed, on ``page`` paper, its link at ``base_url``."""

    shown: ShownResults
    assumptions: Assumptions
    page: str
    base_url: str

    def __call__(self) -> bytes:
        projection, scenario = self.shown.now
        return handout_bytes(projection, self.assumptions, scenario, self.page, self.base_url)


def handout_bytes(
    projection: Projection, assumptions: Assumptions, scenario: PageScenario, page: str, base_url: str = DEFAULT_BASE_URL
) -> bytes:
    """The one-page handout of what the page shows (:func:`kcost.present.handout.handout`), its link at ``base_url``."""
    return handout(projection, assumptions, scenario.to_scenario(), page=page, base_url=base_url)


def _app_address() -> str:
    """This app's own address for the printed link: the scheme, host and port of the page's address when
    they pass :func:`~kcost.present.handout_scenario.base_url_problem` (path and query dropped: the handout
    builds its own query from the scenario), else the local default. Only readable during a script run."""
    try:
        parts = urlsplit(st.context.url or "")
        base = f"{parts.scheme}://{parts.netloc}/"
    except (AttributeError, ValueError):
        return DEFAULT_BASE_URL
    return base if base_url_problem(base) is None else DEFAULT_BASE_URL


def scenario_json(scenario: PageScenario) -> str:
    """The scenario's inputs as JSON: plans, horizon, how you pay and every value changed from the defaults."""
    return strict_json(
        {
            "plans": list(scenario.plans),
            "horizon_weeks": scenario.weeks,
            "payment": "insurance" if scenario.insured else "cash",
            "insurance": {name: _listed(value) for name, value in scenario.insurance} if scenario.insured else None,
            "changes": [
                {"path": ".".join(map(str, o.path)), "value": o.value, "set_by": o.origin} for o in scenario.overrides
            ],
        }
    )


def _listed(value: object) -> object:
    """A term as JSON holds it: a set of choices (the copays paid before the deductible) as a sorted list."""
    return sorted(value) if isinstance(value, (set, frozenset)) else value
