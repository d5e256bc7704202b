"""The handout's grid: one column per plan, one row per question a patient asks.

:func:`columns_from` is the only place that reads the projection and the
assumptions; every row is a small function from one :class:`HandoutColumn` to
plain text (no Markdown, no HTML), so a new figure in the engine is wired in by
filling one more field there and reading it in one row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..model.assumptions import Assumptions
from ..model.projection import PlanProjection, Projection
from . import fixed_content
from .formats import days_phrase, money
from .sentences import course_end_sentence, horizon_phrase, placebo_share, relief_sentence

__all__ = ["ROWS", "SHORTENED_ROWS", "HandoutColumn", "columns_from"]

Range = tuple[float, float, float]


@dataclass(frozen=True)
class HandoutColumn:
    """What the handout says about one plan: figures from the projection, facts from the assumptions.

    Money in US dollars; durations in days as (low, base, high); ``respond_per_100`` is the
    response rate as a count out of 100 people (the file's percent), as (low, base, high), and
    ``no_treatment_per_100`` the comparison arm's. ``relief_lasts`` is the projection's sentence
    on how long relief lasted in the studies. A figure the file does not give stays ``None`` and
    its sentence is left out rather than guessed. ``course_end`` is
    :func:`~kcost.present.sentences.course_end_sentence` (``None`` for a plan that goes on).
    """

    plan_id: str
    label: str
    kind: str
    horizon_weeks: int
    relief_days: Range
    full_effect_days: Range | None
    relief_lasts: str | None
    sessions: tuple[tuple[str, int], ...]
    first_4_weeks_cost: float
    first_year_cost: float
    total_cost: float
    monthly_cost_after_induction: float
    insured: bool
    total_full_price: float
    insurer_total: float
    assistance_total: float
    patient_by_plan_year: tuple[float, ...]
    respond_per_100: Range | None
    respond_population: str | None
    respond_strength: str | None
    no_treatment_per_100: Range | None = None
    decision_phrase: str | None = None
    cost_of_trying: float | None = None
    expected_cost: float | None = None
    #: Said instead of a monthly cost when the plan charges nothing once its course is over.
    course_end: str | None = None
    #: What the patient pays, in after-tax income, when paid from an HSA or FSA (None: not asked).
    patient_after_tax: float | None = None
    #: Hours with travel (the companion's included) and their dollar value (None: time not counted).
    hours_total: float = 0.0
    companion_hours_total: float = 0.0
    time_and_travel_cost: float | None = None


def columns_from(projection: Projection, assumptions: Assumptions) -> list[HandoutColumn]:
    """One column per projected plan, in the projection's order.

    ``assumptions`` must be the ones in force for ``projection`` (after the user's changes),
    so that the payment terms and response rates printed are the ones behind the figures.
    """
    return [_column(p, assumptions) for p in projection.plans]


def _column(p: PlanProjection, assumptions: Assumptions) -> HandoutColumn:
    plan = assumptions.plans[p.plan_id]
    rate = plan.response_rate
    outcome = p.outcome
    return HandoutColumn(
        plan_id=p.plan_id,
        label=p.label,
        kind=p.kind,
        horizon_weeks=p.horizon_weeks,
        relief_days=p.onset_days,
        full_effect_days=p.full_effect_days,
        relief_lasts=None if outcome is None or outcome.relief is None else relief_sentence(p),
        sessions=_session_counts(p, assumptions),
        first_4_weeks_cost=p.first_4_weeks_cost,
        first_year_cost=p.first_year_cost,
        total_cost=p.total_cost,
        monthly_cost_after_induction=p.monthly_cost_after_induction,
        insured=p.insured,
        total_full_price=p.total_full_price,
        insurer_total=p.insurer_total,
        assistance_total=p.assistance_total,
        patient_by_plan_year=tuple(p.patient_by_plan_year),
        respond_per_100=None if rate is None else rate.bounds,
        respond_population=None if rate is None else rate.population,
        respond_strength=None if rate is None else rate.strength,
        no_treatment_per_100=None if outcome is None else outcome.placebo_response,
        decision_phrase=None if outcome is None else outcome.decision_phrase,
        cost_of_trying=None if outcome is None or not outcome.within_horizon else outcome.cost_of_trying,
        expected_cost=None if outcome is None or outcome.expected_cost is None else outcome.expected_cost[1],
        course_end=course_end_sentence(p),
        patient_after_tax=p.patient_after_tax,
        hours_total=p.hours_total,
        companion_hours_total=p.companion_hours_total,
        time_and_travel_cost=p.time_and_travel_cost,
    )


def _session_counts(p: PlanProjection, assumptions: Assumptions) -> tuple[tuple[str, int], ...]:
    """(what, how many) for each phase and the maintenance of each stream, named as the file names them."""
    plan = assumptions.plans[p.plan_id]
    out = []
    for stream_name, counts in p.sessions.items():
        stream = plan.sessions[stream_name]
        for name, n in counts.items():
            phase = stream.phases.get(name)
            what = phase.label if phase is not None and phase.label else name.replace("_", " ")
            if n:
                out.append((what[:1].upper() + what[1:], int(n)))
    return tuple(out)


# --- the rows ----------------------------------------------------------------------------------


def _span(days: Range) -> str:
    low, base, high = days
    if days_phrase(low) == days_phrase(high):
        return f"about {days_phrase(base)}"
    return f"about {days_phrase(base)} ({days_phrase(low)} to {days_phrase(high)})"


def relief(c: HandoutColumn) -> str:
    """How soon relief may begin, when the full effect is expected, and how long it may last."""
    parts = [f"Relief may begin in {_span(c.relief_days)}."]
    if c.full_effect_days is not None:
        parts.append(f"Full effect in {_span(c.full_effect_days)}.")
    if c.relief_lasts is not None:
        parts.append(c.relief_lasts)
    return " ".join(parts)


def visits(c: HandoutColumn) -> str:
    """Sessions or visits over the horizon, by phase."""
    if not c.sessions:
        return f"No sessions or visits in {horizon_phrase(c.horizon_weeks)}."  # and so no time taken
    total = sum(n for _, n in c.sessions)
    lines = [f"{total} in {horizon_phrase(c.horizon_weeks)}:"]
    lines += [f"{what}: {n}" for what, n in c.sessions]
    if c.time_and_travel_cost is not None:
        lines.append(_time_taken(c))
    return "\n".join(lines)


def _time_taken(c: HandoutColumn) -> str:
    """The hours the visits take with travel, and their value; kept out of the money rows.

    Example: "Time: 26 hours with travel, worth $1,040." The hours include a companion's ride home.
    """
    return f"Time: {c.hours_total:,.0f} hours with travel, worth {money(c.time_and_travel_cost)}."


def costs(c: HandoutColumn) -> str:
    """What you pay in the first 4 weeks, the first year and over the horizon, then a month once settled."""
    lines = [f"First 4 weeks: {money(c.first_4_weeks_cost)}"]
    if c.horizon_weeks != 52:
        lines.append(f"First year: {money(c.first_year_cost)}")
    lines.append(f"Over {horizon_phrase(c.horizon_weeks)}: {money(c.total_cost)}")
    if c.course_end is not None:
        lines.append(c.course_end)
    else:
        lines.append(f"After the first weeks: about {money(c.monthly_cost_after_induction)} a month")
    return "\n".join(lines)


def insurance(c: HandoutColumn) -> str:
    """What the patient pays with their insurance terms, beside the full price, and after tax from an HSA or FSA."""
    after_tax = "" if c.patient_after_tax is None else f" From an HSA or FSA: about {money(c.patient_after_tax)} after tax."
    return _who_pays(c) + after_tax


def _who_pays(c: HandoutColumn) -> str:
    if not c.insured:
        return f"Paid in cash here: you pay the full price, {money(c.total_cost)}. Ask if your plan covers any of it."
    if c.insurer_total <= 0 and c.assistance_total <= 0:
        return f"Covered, but you pay it all, {money(c.total_cost)}: the costs stay under your deductible."
    parts = [f"You pay {money(c.total_cost)} of the {money(c.total_full_price)} full price."]
    parts.append(f"Your plan pays {money(c.insurer_total)}.")
    if c.assistance_total > 0:
        parts.append(f"The maker's programme pays {money(c.assistance_total)}.")
    years = c.patient_by_plan_year
    if len(years) > 3:
        # Five or six figures do not fit a column: the range says what a patient budgets for.
        parts.append(f"Each plan year: {money(min(years))} to {money(max(years))}.")
    elif len(years) > 1:
        parts.append("By plan year: " + ", ".join(money(x) for x in years) + ".")
    return " ".join(parts)


def response(c: HandoutColumn) -> str:
    """How many of 100 people respond, with the no-new-treatment figure when the file gives one."""
    if c.respond_per_100 is None:
        return "No study figure for this plan."
    low, base, high = (round(x) for x in c.respond_per_100)
    spread = "" if low == high else f" (studies: {low} to {high})"
    when = f" {c.decision_phrase}" if c.decision_phrase else ""
    parts = [f"About {base} of 100 people{when}{spread}."]
    if c.no_treatment_per_100 is not None:
        parts.append(f"With a placebo instead: {placebo_share(c.no_treatment_per_100[1])}.")
    if c.cost_of_trying is not None and c.expected_cost is not None:
        parts.append(f"Cost to try: {money(c.cost_of_trying)}. Average: {money(c.expected_cost)}.")
    if c.respond_population == "depression":
        parts.append("From studies of depression, not anxiety.")
    if c.respond_strength in ("weak", "unverified"):
        parts.append("Weak evidence.")
    return " ".join(parts)


def _by_kind(row: str) -> Callable[[HandoutColumn], str]:
    def text(c: HandoutColumn) -> str:
        return fixed_content.HANDOUT_BY_KIND.get(c.kind, {}).get(row, "Ask your clinician.")

    text.__doc__ = f"The fixed words for the plan's kind: {row.replace('_', ' ')}."
    return text


#: The handout's rows: the question as printed, and the function that answers it for one plan.
ROWS: tuple[tuple[str, Callable[[HandoutColumn], str]], ...] = (
    ("How soon might I feel better, and for how long?", relief),
    ("How many visits or sessions?", visits),
    ("What does it cost?", costs),
    ("What do I pay with my insurance?", insurance),
    ("How many of 100 people respond?", response),
    ("Common side effects", _by_kind("side_effects")),
    ("Who should not use it", _by_kind("who_should_not")),
    ("Practicalities", _by_kind("practicalities")),
)

#: The rows that may lose lines on a crowded page. The others (visits and time, money, side effects, who
#: should not use it, practicalities) are always printed whole.
SHORTENED_ROWS = frozenset({"How soon might I feel better, and for how long?", "How many of 100 people respond?"})
