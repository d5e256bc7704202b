"""Tables built from a projection: the data behind every chart and table the app shows.

Pure functions from :class:`~kcost.model.projection.Projection` to :class:`pandas.DataFrame`;
charts take these frames, and the app shows the same frames as tables, so a
chart and its text alternative always carry the same numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..model.projection import PlanProjection, Projection
from ..model.schedule import session_calendar
from .sentences import course_end_sentence, horizon_phrase, lasting_leads
from .formats import days_phrase, money

__all__ = ["calendar_frame", "cost_frame", "crossover_frame", "lead_frame", "onset_frame", "summary_frame"]


def cost_frame(projection: Projection, with_time: bool = False) -> pd.DataFrame:
    """Cumulative cost per plan at week 0 (after day 0's charges) and at the end of each week.

    Columns: ``plan_id, plan, week, cumulative_cost, full_price``; with ``with_time`` and the patient's time
    counted, also ``with_time``: the cost plus the dollar value of the time and travel so far (the chart's
    thin lines; never added to ``cumulative_cost``).
    """
    if not projection.plans:
        return pd.DataFrame(columns=["plan_id", "plan", "week", "cumulative_cost", "full_price"])
    n_days = len(projection.plans[0].cumulative_patient)
    days = np.concatenate([[0], np.arange(6, n_days, 7)])
    weeks = np.arange(len(days))
    # One frame built from whole columns: a frame per plan and a concat cost more than the projection.
    columns = {
        "plan_id": np.repeat([p.plan_id for p in projection.plans], len(days)),
        "plan": np.repeat([p.label for p in projection.plans], len(days)),
        "week": np.tile(weeks, len(projection.plans)),
        "cumulative_cost": np.round(np.concatenate([p.cumulative_patient[days] for p in projection.plans]), 2),
        "full_price": np.round(np.concatenate([p.cumulative_full[days] for p in projection.plans]), 2),
    }
    if with_time and all(p.cumulative_time_value is not None for p in projection.plans):
        columns["with_time"] = np.round(
            np.concatenate([p.cumulative_patient[days] + p.cumulative_time_value[days] for p in projection.plans]), 2
        )
    return pd.DataFrame(columns)


def onset_frame(projection: Projection) -> pd.DataFrame:
    """When relief may begin (and, for SSRIs, the full effect), per plan, in weeks and words.

    Columns: ``plan_id, plan, milestone, low_weeks, base_weeks, high_weeks, text``.
    """
    rows = []
    for p in projection.plans:
        milestones = [("first relief may begin", p.onset_days)]
        if p.full_effect_days is not None:
            milestones.append(("full effect expected", p.full_effect_days))
        for milestone, (low, base, high) in milestones:
            rows.append(
                {
                    "plan_id": p.plan_id,
                    "plan": p.label,
                    "milestone": milestone,
                    "low_weeks": low / 7,
                    "base_weeks": base / 7,
                    "high_weeks": high / 7,
                    "text": f"around {days_phrase(base)} (range {days_phrase(low)} to {days_phrase(high)})",
                }
            )
    return pd.DataFrame(rows)


def crossover_frame(projection: Projection) -> pd.DataFrame:
    """Each crossover with the cost at which it happens.

    Columns: ``week, day, cumulative_cost, text``.
    """
    rows = []
    for c in projection.crossovers:
        cost = projection.plan(c.now_costlier).cumulative_patient[c.day]
        costlier, cheaper = projection.plan(c.now_costlier).label, projection.plan(c.now_cheaper).label
        rows.append(
            {
                "week": c.day / 7,
                "day": c.day,
                "cumulative_cost": round(float(cost), 2),
                "text": f"Week {c.week}: {costlier} overtakes {cheaper}",
            }
        )
    return pd.DataFrame(rows, columns=["week", "day", "cumulative_cost", "text"])


def lead_frame(projection: Projection) -> pd.DataFrame:
    """Each lasting change of lead (:func:`kcost.present.sentences.lasting_leads`): where one plan becomes
    cheaper than another for good, at the new cheaper plan's cost that day.

    Columns: ``week, day, cumulative_cost, text, plans`` (``plans``: the pair's labels).
    """
    label = {p.plan_id: p.label for p in projection.plans}
    rows = []
    for lead in lasting_leads({p.plan_id: p.cumulative_patient for p in projection.plans}):
        if lead.since_day is None:
            continue
        day = min(lead.since_day, len(projection.plans[0].cumulative_patient) - 1)
        rows.append(
            {
                "week": day / 7,
                "day": day,
                "cumulative_cost": round(float(projection.plan(lead.cheaper).cumulative_patient[day]), 2),
                "text": f"From week {day // 7 + 1}, {label[lead.cheaper]} costs less than {label[lead.costlier]}",
                "plans": (label[lead.cheaper], label[lead.costlier]),
            }
        )
    return pd.DataFrame(rows, columns=["week", "day", "cumulative_cost", "text", "plans"])


#: The summary's outcome-aware rows, in the words of :func:`kcost.present.sentences.outcome_sentences`.
TRYING = "Trying it, up to when you would decide"
AVERAGE = "Average across everyone who tries"


def summary_frame(projection: Projection) -> pd.DataFrame:
    """The headline figures per plan, formatted for reading.

    The outcome-aware figures (what trying costs up to the decision point, and the
    average across everyone who tries) stand where a "cost until expected relief"
    once stood: that figure (the projection's ``cost_until_onset``, still in the
    CLI's JSON) ignored that many people are not helped, and read as a cheaper
    way to the same relief. A plan that stops says so instead of "$0" a month.
    """
    rows = []
    for p in projection.plans:
        o = p.outcome
        trying = "—"
        if o is not None and o.cost_of_trying is not None:
            trying = money(o.cost_of_trying) if o.within_horizon else "past this time span"
        row = {
            "Plan": p.label,
            "How it is paid": "With your insurance" if p.insured else "Cash",
            "First 4 weeks": money(p.first_4_weeks_cost),
            "First year": money(p.first_year_cost),
            "Then per month": course_end_sentence(p) or money(p.monthly_cost_after_induction),
            f"Total over {horizon_phrase(projection.horizon_weeks)}": money(p.total_cost),
            TRYING: trying,
            AVERAGE: "—" if o is None or o.expected_cost is None else money(o.expected_cost[1]),
            "Sessions and visits": p.total_sessions,
            "Relief may begin": days_phrase(p.onset_days[1]),
        }
        if projection.horizon_weeks == 52:
            del row["First year"]  # the same figure as the total over 1 year, one row below
        row.update(_paid_and_time(projection, p))
        rows.append(row)
    return pd.DataFrame(rows)


def _paid_and_time(projection: Projection, p: PlanProjection) -> dict[str, str]:
    """The columns a scenario asks for: who else pays (any plan insured), the after-tax figure (an HSA or FSA
    rate given) and the time (time counted). A plan they do not apply to shows a dash."""
    plans = projection.plans
    row = {}
    if any(q.insured for q in plans):
        row["Your insurance pays"] = money(p.insurer_total) if p.insured else "—"
        if any(q.assistance_total > 0 for q in plans):
            row["Maker's programme pays"] = money(p.assistance_total) if p.assistance_total > 0 else "—"
        row["Full price"] = money(p.total_full_price)
    if any(q.patient_after_tax is not None for q in plans):
        row["After tax (HSA or FSA)"] = money(p.patient_after_tax)
    if any(q.time_and_travel_cost is not None for q in plans):
        row["Hours with travel"] = f"{p.hours_total:,.0f}"
        row["Value of that time (not added)"] = money(p.time_and_travel_cost)
    return row


def calendar_frame(plan: PlanProjection) -> pd.DataFrame:
    """A plan's session calendar: per week with sessions, how many, of what, and what they cost the patient.

    Columns: ``week, sessions, what, cost``.
    """
    priced = plan.priced
    payments = plan.payments
    if priced is None or payments is None or payments.ledger.component is None:
        return pd.DataFrame(columns=["week", "sessions", "what", "cost"])
    horizon_days = len(plan.cumulative_patient)
    ledger = payments.ledger
    day, component, patient = ledger.day[0], ledger.component[0], payments.patient[0]
    first_component = len(priced.one_off) + (priced.daily is not None)
    rows = []
    for stream in priced.streams:
        mine = np.isin(component, np.arange(first_component, first_component + len(stream.charges)))
        first_component += len(stream.charges)
        for session_day, phase in session_calendar(stream.schedule, horizon_days):
            # What the patient pays for this session: every component of it, after insurance.
            cost = float(patient[mine & (day == session_day)].sum())
            rows.append({"week": session_day // 7 + 1, "what": f"{stream.label}: {stream.phase_labels.get(phase, phase)}", "cost": cost})
    if not rows:
        return pd.DataFrame(columns=["week", "sessions", "what", "cost"])
    df = pd.DataFrame(rows)
    grouped = (
        df.groupby(["week", "what"], sort=True)
        .agg(sessions=("cost", "size"), cost=("cost", "sum"))
        .reset_index()[["week", "sessions", "what", "cost"]]
    )
    grouped["cost"] = grouped["cost"].round(2)
    return grouped
