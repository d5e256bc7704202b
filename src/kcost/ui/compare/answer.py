"""The answer: each chosen plan's headline figures, the summary in words, and what the outcomes say."""

from __future__ import annotations

import streamlit as st

from ...model.assumptions import Assumptions
from ...model.projection import Projection
from ...present.formats import days_phrase, money, plain
from ...present.sentences import comparison_sentences, horizon_phrase

__all__ = ["FIRST_4_WEEKS", "MONTHLY", "RELIEF", "over_label", "render_answer", "render_outcomes"]

FIRST_4_WEEKS = "First 4 weeks"
MONTHLY = "Then per month"
RELIEF = "Relief may begin"


def over_label(weeks: int) -> str:
    """The total's card label: ``104`` → ``"Over 2 years"``."""
    return f"Over {horizon_phrase(weeks)}"


def render_answer(projection: Projection) -> None:
    """A card per plan with four figures (over the horizon, first 4 weeks, per month, relief), then the summary."""
    plans = projection.plans
    # Two cards a row, in plan order, so they read (and print) as the plans were picked.
    cards = []
    for _ in range(0, len(plans), 2):
        cards += st.columns(2) if len(plans) > 1 else [st.container()]
    for card, p in zip(cards, plans):
        with card.container(border=True, key=f"plan-{p.plan_id}"):
            st.markdown(f"**{plain(p.label)}**" + (" · with your insurance" if p.insured else ""))
            a, b = st.columns(2)
            a.metric(over_label(projection.horizon_weeks), money(p.total_cost), help="What you would pay in all, from the first day.")
            b.metric(FIRST_4_WEEKS, money(p.first_4_weeks_cost))
            c, d = st.columns(2)
            c.metric(
                MONTHLY,
                money(p.monthly_cost_after_induction),
                help="An average month once the first series or phase is over, at the steady rate.",
            )
            low, base, high = p.onset_days
            until = "" if p.cost_until_onset is None else f" By then you would have paid about {money(p.cost_until_onset)}."
            d.metric(
                RELIEF,
                days_phrase(base),
                help=f"Typical time; the range is {days_phrase(low)} to {days_phrase(high)}, and some people feel no relief.{until}",
            )
    for sentence in comparison_sentences(projection):
        st.write(plain(sentence))


def render_outcomes(assumptions: Assumptions, projection: Projection) -> None:
    """How many of 100 people respond to each plan, and how long relief lasts: the outcomes slot.

    Today: the response rate from the file, in natural frequencies. WIRING POINT for
    issue 9: when ``PlanProjection.outcome`` exists, show its ``response_rate``
    (low/base/high %), ``decision_day``, ``cost_of_trying``, ``cost_if_it_helps`` and
    ``expected_cost``, and ``relief_lasts_days``, here, one line or row per plan.
    """
    rows = []
    for p in projection.plans:
        rate = assumptions.plans[p.plan_id].response_rate
        if rate is None:
            rows.append(f"{p.label}: no response rate is given for this plan.")
            continue
        low, base, high = (f"{float(r):.0f}" for r in rate.bounds)
        spread = f"about {base} of 100 people" if low == high else f"about {base} of 100 people (reported {low} to {high})"
        weak = " The evidence is weak." if rate.strength in ("weak", "unverified") else ""
        where = " Measured in depression, not anxiety." if rate.population == "depression" else ""
        rows.append(f"{p.label}: {spread} respond.{weak}{where}")
    st.markdown("**How many people it helps**")
    for row in rows:
        st.write(plain(row))
