"""A comparison summed up in one or two plain sentences, neutral in tone."""

from __future__ import annotations

from .engine import Projection
from .text import days_phrase, money

__all__ = ["comparison_sentences", "horizon_phrase"]


def horizon_phrase(weeks: int) -> str:
    """``52`` → ``"1 year"``, ``26`` → ``"26 weeks"``, ``104`` → ``"2 years"``."""
    if weeks % 52 == 0:
        years = weeks // 52
        return f"{years} year" + ("" if years == 1 else "s")
    return f"{weeks} weeks"


def comparison_sentences(projection: Projection) -> list[str]:
    """Sum up cost and time to onset across the projected plans.

    The cost sentence names the cheapest and costliest plan at the horizon and,
    when their lines cross, when that happens; the onset sentence says which
    plan may bring relief soonest and when SSRIs reach full effect.
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
            f"Over {span}, the estimates run from about {money(cheapest.total_cost)} ({cheapest.label}) "
            f"to about {money(costliest.total_cost)} ({costliest.label})."
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
    soonest = min(plans, key=lambda p: p.onset_days[1])
    onset = f"Where relief comes, it may begin soonest with {soonest.label} (around {days_phrase(soonest.onset_days[1])})"
    ssri = next((p for p in plans if p.full_effect_days is not None and p is not soonest), None)
    if ssri is not None:
        onset += (
            f"; with {ssri.label}, first improvement is expected around {days_phrase(ssri.onset_days[1])} "
            f"and the full effect around {days_phrase(ssri.full_effect_days[1])}"  # type: ignore[index]
        )
    sentences.append(onset + ". No option helps everyone, and these times are averages from limited evidence.")
    return sentences
