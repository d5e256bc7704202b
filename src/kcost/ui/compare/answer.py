"""The answer: each chosen plan's headline figures, the summary in words, and what the outcomes say."""

from __future__ import annotations

import streamlit as st

from ...model.assumptions import Assumptions
from ...model.projection import Projection
from ...present.formats import days_phrase, money, paragraphs, plain
from ...present.sentences import (
    NO_MAINTENANCE,
    comparison_sentences,
    course_end_sentence,
    horizon_phrase,
    outcome_sentences,
    relief_sentence,
)

__all__ = [
    "FIRST_4_WEEKS",
    "MONTHLY",
    "NOTHING",
    "RELIEF",
    "monthly_note",
    "outcomes_heading",
    "over_label",
    "render_answer",
    "render_outcomes",
]

FIRST_4_WEEKS = "First 4 weeks"
MONTHLY = "Then per month"
#: The per-month figure of a plan that charges nothing once its course is over.
NOTHING = "Nothing"
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
            ends = course_end_sentence(p)
            # One wrapping row of four figures, two a row (PAGE_CSS), rather than two rows of st.columns: fewer
            # blocks for the browser to redraw on each price change (chromium_ab.py: 46 messages, not 56), and a
            # phone keeps two figures a row where columns stacked them one a row.
            # No help icons on the figures: each is a tooltip the browser redraws on every price change (7 ms for
            # six in benchmarks/chromium_ab.py). The relief range is in the sentences under the cards and in the
            # "Time to relief" chart; what "Then per month" means is said once under the cards.
            with st.container(horizontal=True, key=f"card-figures-{p.plan_id}"):
                st.metric(over_label(projection.horizon_weeks), money(p.total_cost))
                st.metric(FIRST_4_WEEKS, money(p.first_4_weeks_cost))
                # A plan that stops costs $0 a month because nothing is bought: say that, not "$0".
                st.metric(MONTHLY, NOTHING if ends else money(p.monthly_cost_after_induction))
                st.metric(RELIEF, days_phrase(p.onset_days[1]))
            small_print = ([ends] if ends else []) + _paid_by_whom(p, projection.horizon_weeks)
            if small_print:
                # One element, a paragraph a line: the browser redraws each element of the answer on every change.
                st.caption(paragraphs([plain(line) for line in small_print]))
    said = comparison_sentences(projection)
    if said:
        st.markdown(paragraphs([plain(sentence) for sentence in said]))


def monthly_note() -> str:
    """What "Then per month" means, said once under the cards (it does not change with a price)."""
    return f"“{MONTHLY}”: an average month once the first series or phase is over, at the steady rate."


def _paid_by_whom(p, weeks: int) -> list[str]:
    """The card's small print: who else pays (insured), each plan year's share, the after-tax figure, and time.

    Example (esketamine, insured): "Your insurance pays $30,520; the maker's programme pays $7,150."
    """
    lines = []
    if p.insured:
        helped = f"Your insurance pays {money(p.insurer_total)}"
        if p.assistance_total > 0:
            helped += f"; the maker's programme pays {money(p.assistance_total)}"
        lines.append(helped + ".")
        if len(p.patient_by_plan_year) > 1:
            lines.append("You pay by plan year: " + ", ".join(money(x) for x in p.patient_by_plan_year) + ".")
    if p.patient_after_tax is not None:
        lines.append(f"Paid from an HSA or FSA, that is about {money(p.patient_after_tax)} after tax.")
    if p.time_and_travel_cost is not None:
        hours = f"{p.hours_total:,.0f} hours"
        # hours_total already holds the companion's trips; say how many are theirs.
        companion = f" ({p.companion_hours_total:,.0f} of them for someone to take you home)" if p.companion_hours_total else ""
        lines.append(
            f"Time it takes: about {hours} with travel{companion}, worth about {money(p.time_and_travel_cost)} "
            "(not added above)."
        )
    return lines


def outcomes_heading() -> None:
    st.markdown("**Whether it helps, and what trying costs**")


def render_outcomes(assumptions: Assumptions, projection: Projection) -> None:
    """Per plan, out of 100 people: how many respond and by when (with the comparison arm, "with a placebo
    instead"), what trying costs up to the decision point, the full course if it helps, the average across
    everyone who tries, and how long relief lasted in the studies. The same denominator for every plan.
    Under :func:`outcomes_heading`; each plan's name and words are one element."""
    columns = st.columns(2) if len(projection.plans) > 1 else [st.container()]
    for i, p in enumerate(projection.plans):
        plan = assumptions.plans[p.plan_id]
        with columns[i % len(columns)]:
            said = outcome_sentences(p, projection.horizon_weeks) or ["No response rate is given for this plan."]
            said.append(relief_sentence(p))
            if _maintenance_stopped(plan, p):
                said.append(NO_MAINTENANCE)
            rate = plan.response_rate
            if rate is not None and rate.strength in ("weak", "assumption"):
                said.append("The evidence for this figure is weak.")
            if rate is not None and rate.population == "depression":
                said.append("It was measured in depression, not anxiety.")
            st.markdown(paragraphs([f"**{plain(p.label)}**", plain(" ".join(said))]))


def _maintenance_stopped(plan, p) -> bool:
    """Whether the plan offers maintenance (a booster main input) and it is set to none in this projection."""
    path = plan.main_inputs.get("booster_every_weeks")
    if path is None or p.priced is None:
        return False
    stream = path.split(".")[1] if path.startswith("sessions.") else None
    return any(s.name == stream and float(s.schedule.maintenance_weeks.max()) <= 0 for s in p.priced.streams)
