"""A comparison summed up in a few plain sentences, neutral in tone."""

from __future__ import annotations

from ..model.projection import PlanProjection, Projection
from .formats import days_phrase, money, per_100, percent

__all__ = [
    "comparison_sentences",
    "horizon_phrase",
    "maintenance_sentence",
    "outcome_sentences",
    "per_responder_phrase",
    "relief_sentence",
]

#: Said wherever a user picks no maintenance for a ketamine route.
NO_MAINTENANCE = (
    "With no maintenance doses, expect relief to fade. In the studies, relief from a single series "
    "faded within days to weeks."
)


def horizon_phrase(weeks: int) -> str:
    """A horizon as the app's horizon slider says it.

    Under 26 weeks, weeks; 26 weeks is 6 months; from 52 weeks, whole or half
    years when the weeks make them; anything else stays in weeks:
    ``4`` → ``"4 weeks"``, ``26`` → ``"6 months"``, ``52`` → ``"1 year"``,
    ``78`` → ``"1.5 years"``, ``104`` → ``"2 years"``, ``30`` → ``"30 weeks"``.
    """
    if weeks == 26:
        return "6 months"
    if weeks >= 52 and weeks % 26 == 0:
        years = weeks / 52
        return f"{years:g} year" + ("" if years == 1 else "s")
    return f"{weeks} week" + ("" if weeks == 1 else "s")


def _names(plans: list[PlanProjection]) -> str:
    """``A``, ``A and B``, ``A, B and C``; semicolons between labels when a label holds a comma."""
    labels = [p.label for p in plans]
    if len(labels) <= 2:
        return " and ".join(labels)
    if any("," in label for label in labels):
        return "; ".join(labels[:-1]) + "; and " + labels[-1]
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def comparison_sentences(projection: Projection) -> list[str]:
    """Sum up cost and time to onset across the projected plans: a cost paragraph, then an onset paragraph.

    The cost sentence names the cheapest and costliest plan at the horizon and,
    when their lines cross, when that happens; the onset sentences say which
    plans may bring relief soonest and when SSRIs reach full effect. Plans
    whose typical times read the same (``days_phrase``) are named together.
    Labels often hold parentheses, so a label is never put in parentheses.
    """
    plans = projection.plans
    if not plans:
        return []
    span = horizon_phrase(projection.horizon_weeks)
    ordered = sorted(plans, key=lambda p: p.total_cost)
    cheapest, costliest = ordered[0], ordered[-1]
    sentences = []
    if len(plans) == 1:
        sentences.append(f"Over {span}, {cheapest.label} would cost about {money(cheapest.total_cost)}.")
    else:
        sentences.append(
            f"Over {span}, the estimates run from about {money(cheapest.total_cost)} for {cheapest.label} "
            f"to about {money(costliest.total_cost)} for {costliest.label}."
        )
        last_cross = next(
            (
                c
                for c in reversed(projection.crossovers)
                if {c.now_costlier, c.now_cheaper} == {cheapest.plan_id, costliest.plan_id}
            ),
            None,
        )
        if last_cross is not None:
            sentences[-1] = sentences[-1][:-1] + (
                f"; {projection.plan(last_cross.now_costlier).label} becomes the costlier of the two in week "
                f"{last_cross.week}."
            )

    when = days_phrase(min(p.onset_days[1] for p in plans))
    soonest = [p for p in plans if days_phrase(p.onset_days[1]) == when]
    if len(plans) == 1:
        onset = f"Where relief comes, it may begin around {when} with {cheapest.label}."
    elif len(soonest) == len(plans):
        every = "both plans" if len(plans) == 2 else f"all {len(plans)} plans"
        onset = f"Where relief comes, it may begin around {when} with {every}."
    else:
        onset = f"Where relief comes, it may begin soonest, around {when}, with {_names(soonest)}."

    soonest_ids = {p.plan_id for p in soonest}
    later = [p for p in plans if p.full_effect_days is not None and p.plan_id not in soonest_ids]
    early_full = [p for p in soonest if p.full_effect_days is not None]
    if later:
        first, full = days_phrase(later[0].onset_days[1]), days_phrase(later[0].full_effect_days[1])  # type: ignore[index]
        alike = [
            p
            for p in later
            if days_phrase(p.onset_days[1]) == first and days_phrase(p.full_effect_days[1]) == full  # type: ignore[index]
        ]
        onset += f" With {_names(alike)}, first improvement is expected around {first} and the full effect around {full}."
    elif early_full:
        full = days_phrase(early_full[0].full_effect_days[1])  # type: ignore[index]
        alike = [p for p in early_full if days_phrase(p.full_effect_days[1]) == full]  # type: ignore[index]
        if len(alike) == len(plans):
            onset += f" The full effect is expected around {full}."
        else:
            onset += f" With {_names(alike)}, the full effect is expected around {full}."
    sentences.append(onset + " No option helps everyone, and these times are averages from limited evidence.")
    return sentences


def outcome_sentences(p: PlanProjection, weeks: int) -> list[str]:
    """Whether the plan helps and what trying it costs, in natural frequencies (out of 100 people).

    Example (IV ketamine, defaults, 1 year): "About 33 of 100 people respond
    after the induction series." "With a placebo instead, about 0 of 100 did."
    "Trying it up to then costs about $3,550. If it helps and you keep going, 1
    year costs about $16,750. Across everyone who tries, that averages about
    $7,906 a person." Empty when the plan declares no response rate.
    """
    o = p.outcome
    if o is None or o.response_rate is None:
        return []
    low, base, high = o.response_rate
    when = o.decision_phrase or "in the studies"
    if per_100(low) == per_100(high):
        said = [f"About {per_100(base)} of 100 people respond {when}."]
    else:
        said = [f"About {per_100(base)} of 100 people respond {when} (from {per_100(low)} to {per_100(high)} in the studies)."]
    if o.placebo_response is not None:
        said.append(f"With a placebo instead, about {per_100(o.placebo_response[1])} of 100 did.")
    if o.cost_of_trying is not None and o.expected_cost is not None:
        if o.within_horizon:
            said.append(f"Trying it up to then costs about {money(o.cost_of_trying)}.")
            said.append(
                f"If it helps and you keep going, {horizon_phrase(weeks)} costs about {money(o.cost_if_it_helps)}."
            )
            said.append(f"Across everyone who tries, that averages about {money(o.expected_cost[1])} a person.")
        else:
            said.append(
                f"You would decide {when}, which is past this time span, so everyone pays about "
                f"{money(o.cost_if_it_helps)} in it."
            )
    return said


def relief_sentence(p: PlanProjection) -> str:
    """How long relief lasted in the studies, said next to how soon it began.

    ``"In the studies, relief from one dose lasted about 7 days (1 day to 2 weeks)."``
    """
    relief = None if p.outcome is None else p.outcome.relief
    if relief is None:
        return "How long relief lasts has not been measured for anxiety."
    if relief.after == "while taken":
        return "In the studies, relief lasted while people kept taking it."
    if relief.after == "beyond the course":
        return "In the studies, relief lasted after the course ended."
    low, base, high = relief.days  # type: ignore[misc]
    return (
        f"In the studies, relief from {relief.after} lasted about {days_phrase(base)} "
        f"({days_phrase(low)} to {days_phrase(high)})."
    )


def maintenance_sentence(every_weeks: float) -> str:
    """What a maintenance choice means: ``0`` → the no-maintenance warning; ``2`` → "A dose every 2 weeks …"."""
    if every_weeks <= 0:
        return NO_MAINTENANCE
    if every_weeks == 1:
        return "A dose every week, as in the one anxiety study of maintenance."
    return f"A dose every {every_weeks:g} weeks. The one anxiety study of maintenance gave a dose every week."


def per_responder_phrase(label: str, cost: tuple[float, float, float], rates: tuple[float, float, float]) -> str:
    """One plan's cost per person who responds, in words; rates in percent (33 means 33 %).

    ``cost`` is ``(at the highest rate, at the base rate, at the lowest rate)``
    as :meth:`kcost.model.uncertainty.PlanSimulation.cost_per_responder` gives it.
    Example: ``("At home", (3000, 3000, 10000), (18, 63, 63))`` →
    ``"At home about $3,000 if 63% respond; up to $10,000 if only 18% do"``.
    """
    low, mid, high = (money(v) for v in cost)
    low_rate, base_rate, high_rate = rates
    if low == high:
        return f"{label} about {mid}"
    if mid == high:  # the base rate is the lowest reported one
        return f"{label} about {mid} if {percent(base_rate)} respond; {low} if {percent(high_rate)} do"
    if mid == low:  # the base rate is the highest reported one
        return f"{label} about {mid} if {percent(base_rate)} respond; up to {high} if only {percent(low_rate)} do"
    return f"{label} about {mid} ({low} to {high})"
