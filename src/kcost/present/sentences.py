"""A comparison summed up in a few plain sentences, neutral in tone."""

from __future__ import annotations

from ..model.projection import PlanProjection, Projection
from .formats import days_phrase, money

__all__ = ["comparison_sentences", "horizon_phrase"]


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
