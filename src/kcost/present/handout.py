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

from ..model.assumptions import Assumptions, Override, main_input_overrides, with_overrides
from ..model.projection import Projection
from ..model.scenario import Scenario
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
    scenario: Scenario | Sequence[Override] = (),
    *,
    page: Literal["letter", "a4"] = "letter",
    base_url: str | None = DEFAULT_BASE_URL,
    today: date | None = None,
) -> bytes:
    """The handout for ``projection = project(assumptions, scenario)``.

    ``assumptions`` are the file's (before the scenario's changes); ``scenario`` the
    :class:`~kcost.model.scenario.Scenario` behind the projection (or, for a cash scenario, just its
    overrides). ``base_url`` is the app's address for the link (checked: http or https;
    ``ValueError`` otherwise); ``None`` leaves the link out. ``today`` defaults to the local date.
    """
    plan_ids = [p.plan_id for p in projection.plans]
    weeks = projection.horizon_weeks
    if isinstance(scenario, Scenario):
        changes = list(scenario.overrides)
        if scenario.inputs is not None:
            changes = main_input_overrides(assumptions, scenario.inputs, plan_ids) + changes
        insured, insurance, time = scenario.insured, scenario.insurance, scenario.time
    else:
        changes, insured, insurance, time = list(scenario), frozenset(), None, None
    in_force = with_overrides(assumptions, changes) if changes else assumptions
    link, left_out = (None, [])
    if base_url is not None:
        link, left_out = scenario_link(
            base_url, in_force, plan_ids, weeks, other_changes(in_force, plan_ids, changes), defaults=assumptions,
            insurance=insurance if insured else None, time=time,
        )
    # Paid through the insurance: the plans it covers in the file in force (off-label ketamine usually is not).
    through = frozenset(p.plan_id for p in projection.plans if p.insured)
    facts = scenario_facts(
        in_force, plan_ids, weeks, changes, left_out, through, insurance, time, not_covered=frozenset(insured) - through
    )
    return handout_pdf(projection, in_force, facts, page=page, link=link, today=today or date.today())
