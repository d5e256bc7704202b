"""The one-page handout a counsellor hands over: plans as columns, the patient's questions as rows.

Two entry points:

* :func:`handout` — everything from what the app or the CLI already holds (the shipped
  assumptions, the projection, the changes the user made): it applies the changes to
  know the values in force, writes the scenario lines and the link, and lays out the page.
  The app's download button calls this one.
* :func:`handout_pdf` — the layout alone, from the assumptions in force and ready-made
  scenario facts and link.

The pieces: :mod:`kcost.present.handout_table` (the rows), :mod:`kcost.present.handout_scenario`
(the scenario lines and the link), :mod:`kcost.present.handout_pdf` (the page).
"""

from __future__ import annotations

from datetime import date
from typing import Literal, Sequence

from ..model.assumptions import Assumptions, Override, with_overrides
from ..model.projection import Projection
from .handout_pdf import layout_pdf
from .handout_scenario import DEFAULT_BASE_URL, ScenarioFacts, other_changes, scenario_facts, scenario_link

__all__ = ["DEFAULT_BASE_URL", "ScenarioFacts", "handout", "handout_pdf"]


def handout_pdf(
    projection: Projection,
    assumptions: Assumptions,
    scenario_facts: ScenarioFacts,
    *,
    page: Literal["letter", "a4"] = "letter",
    link: str | None = None,
    today: date,
) -> bytes:
    """The handout as PDF bytes, one page.

    ``assumptions`` are the ones in force for ``projection`` (the user's changes applied);
    ``link`` is printed as text and made clickable: pass only a link built by
    :func:`kcost.present.handout_scenario.scenario_link` (a checked base address and
    percent-encoded values), never text from a file or a request.
    """
    return layout_pdf(projection, assumptions, scenario_facts, page=page, link=link, today=today)


def handout(
    projection: Projection,
    assumptions: Assumptions,
    changes: Sequence[Override] = (),
    *,
    page: Literal["letter", "a4"] = "letter",
    base_url: str | None = DEFAULT_BASE_URL,
    today: date | None = None,
) -> bytes:
    """The handout for a projection made by ``project(assumptions, plans, weeks, overrides=changes)``.

    ``assumptions`` are the file's (before the changes); ``changes`` every override behind the
    projection (main inputs included: the CLI passes ``main_input_overrides(...) + --set``, the app
    its controls' overrides). ``base_url`` is the app's address for the link (checked: http or
    https; ``ValueError`` otherwise); ``None`` leaves the link out. ``today`` defaults to the
    local date.
    """
    in_force = with_overrides(assumptions, changes) if changes else assumptions
    plan_ids = [p.plan_id for p in projection.plans]
    weeks = projection.horizon_weeks
    link, left_out = (None, [])
    if base_url is not None:
        link, left_out = scenario_link(
            base_url, in_force, plan_ids, weeks, other_changes(in_force, plan_ids, changes), defaults=assumptions
        )
    facts = scenario_facts(in_force, plan_ids, weeks, changes, left_out)
    return handout_pdf(projection, in_force, facts, page=page, link=link, today=today or date.today())
