"""A comparison summed up in a few plain sentences, neutral in tone."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

import numpy as np

from ..model.projection import PlanProjection, Projection
from .formats import days_phrase, money, per_100, percent
from .names import lower_first

if TYPE_CHECKING:
    from ..model.uncertainty import Simulation

__all__ = [
    "Lead",
    "NO_MAINTENANCE",
    "chance_sentences",
    "cheaper_when_sentences",
    "comparison_sentences",
    "course_end_sentence",
    "horizon_phrase",
    "in_100",
    "lasting_leads",
    "maintenance_sentence",
    "outcome_sentences",
    "per_responder_phrase",
    "placebo_share",
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
    if len({(days_phrase(p.onset_days[0]), days_phrase(p.onset_days[2])) for p in soonest}) == 1:
        # The range in plain view: the cards show the typical time only.
        low, high = days_phrase(soonest[0].onset_days[0]), days_phrase(soonest[0].onset_days[2])
        if low != high:
            onset += f" It can take from {low} to {high}."

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


def placebo_share(percent: float) -> str:
    """How many of 100 people responded to a placebo: ``38`` → ``"about 38 of 100"``, ``0`` → ``"none"``.

    "About 0 of 100" reads like a fault; a trial where nobody on placebo responded says "none".
    """
    n = per_100(percent)
    return "none" if n == "0" else f"about {n} of 100"


def outcome_sentences(p: PlanProjection, weeks: int) -> list[str]:
    """Whether the plan helps and what trying it costs, in natural frequencies (out of 100 people).

    Example (IV ketamine, defaults, 1 year): "About 33 of 100 people respond
    after the induction series." "With a placebo (a dummy treatment) instead, none did."
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
    if o.response_counts:
        said.append(f"That counts {o.response_counts}.")
    if o.placebo_response is not None:
        said.append(f"With a placebo (a dummy treatment) instead, {placebo_share(o.placebo_response[1])} did.")
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


# --- who is cheaper, and from when ------------------------------------------------------------------

#: Two totals closer than this many dollars, or this share of the larger, are "about the same".
NEAR_TIE_USD = 50.0
NEAR_TIE_SHARE = 0.02


@dataclass(frozen=True)
class Lead:
    """How a pair of plans ends up: which one costs less at the horizon, and since when.

    ``since_day`` is the first day from which ``cheaper`` stays below ``costlier``
    for good, or ``None`` when ``costlier`` never cost clearly less (by more than
    the near-tie margin) at any point. ``near_tie``: the two totals end within the
    margin, so neither is named cheaper (``cheaper``/``costlier`` then only keep
    the order of the totals). ``gap`` is the difference of the totals, ≥ 0.
    """

    cheaper: str
    costlier: str
    since_day: int | None
    gap: float
    near_tie: bool


def _margin(a: float, b: float) -> float:
    """The near-tie margin for totals ``a`` and ``b``: max($50, 2 % of the larger); 1,000 and 3,000 → $60."""
    return max(NEAR_TIE_USD, NEAR_TIE_SHARE * max(abs(a), abs(b)))


def lasting_leads(series: Mapping[str, np.ndarray]) -> list[Lead]:
    """One :class:`Lead` per pair of plans, from their cumulative costs (one value per day, same length).

    What a reader needs from crossings is who ends up cheaper and from when; a
    back-and-forth within a few dollars is noise. So for each pair, with ``d`` the
    costlier-at-the-end minus the cheaper-at-the-end on each day:

    * totals within the margin (:func:`_margin`) → a near tie;
    * otherwise, if ``d`` was at or below minus the margin on some day (the
      other plan then clearly cost less), ``since_day`` = 1 + the last day with
      ``d ≤ 0``: from then on the cheaper plan stays cheaper;
    * otherwise ``since_day`` is ``None``: it never clearly cost more.

    Example: A = 1,000 on day 0 then +10 a day, B = 0 then +30 a day, 100 days:
    B is clearly cheaper at first (by $1,000), equal on day 50 (1,500 each) and
    dearer after, ending 2,970 against 1,990 (gap 980 > margin 59.4): A cheaper
    since day 51.
    """
    leads = []
    for first, second in combinations(series, 2):
        a, b = np.asarray(series[first], float), np.asarray(series[second], float)
        cheaper, costlier = (first, second) if a[-1] <= b[-1] else (second, first)
        low, high = (a, b) if cheaper == first else (b, a)
        d = high - low
        margin = _margin(low[-1], high[-1])
        gap = float(d[-1])
        if gap < margin:
            leads.append(Lead(cheaper, costlier, None, gap, True))
            continue
        since = None
        if (d <= -margin).any():
            since = int(np.nonzero(d <= 0)[0][-1]) + 1
        leads.append(Lead(cheaper, costlier, since, gap, False))
    return leads


def cheaper_when_sentences(projection: Projection) -> list[str]:
    """Who costs less by when, in plain words: the final order, then each lasting change of lead.

    With three or more plans the first sentence gives the order at the horizon.
    Then, for each pair whose lead changed for good, "A costs less at first; from
    week N, B is the cheaper of the two" (earliest first), and for each pair that
    ends within the near-tie margin, "A and B end up about the same, within $X."
    Pairs that keep one order throughout add nothing: the order says it.
    """
    plans = projection.plans
    if len(plans) < 2:
        return []
    label = {p.plan_id: p.label for p in plans}
    sentences = []
    if len(plans) >= 3:
        ordered = sorted(plans, key=lambda p: p.total_cost)
        sentences.append(
            f"Over {horizon_phrase(projection.horizon_weeks)}, from least to most: "
            + "; ".join(f"{p.label} about {money(p.total_cost)}" for p in ordered)
            + "."
        )
    leads = lasting_leads({p.plan_id: p.cumulative_patient for p in plans})
    for lead in sorted((x for x in leads if x.since_day is not None), key=lambda x: x.since_day or 0):
        sentences.append(
            f"{label[lead.costlier]} costs less at first; from week {lead.since_day // 7 + 1}, "  # type: ignore[operator]
            f"{label[lead.cheaper]} is the cheaper of the two."
        )
    for lead in (x for x in leads if x.near_tie):
        sentences.append(
            f"{label[lead.cheaper]} and {label[lead.costlier]} end up about the same, within {money(max(lead.gap, 1))}."
        )
    return sentences


# --- chances and response, as natural frequencies -------------------------------------------------------


def in_100(share: float) -> str:
    """A share as "N of 100", never claiming certainty the simulation cannot give.

    ``0.8`` → ``"80 of 100"``; ``0.003`` → ``"fewer than 1 of 100"``; ``0.998`` → ``"more than 99 of 100"``;
    exactly 0 or 1 → ``"0 of 100"`` / ``"100 of 100"``.
    """
    n = int(np.floor(share * 100 + 0.5))
    if n == 0 and share > 0:
        return "fewer than 1 of 100"
    if n == 100 and share < 1:
        return "more than 99 of 100"
    return f"{n} of 100"


def per_responder_phrase(label: str, per: tuple[float, float, float], rates: tuple[float, float, float]) -> str:
    """One plan's cost per person who responds, in words; ``rates`` in percent (low, base, high), as in the file.

    ``per`` is :meth:`~kcost.model.uncertainty.PlanSimulation.cost_per_responder`
    (at the high, base and low rate). Where the base rate is an end of its range,
    say which end: rates 33/33/89 % and a median of $1,000 give
    ``per`` = (1,000/0.89, 1,000/0.33, 1,000/0.33) = ($1,124, $3,030, $3,030) and
    "Plan: about $3,030 if 33 of 100 respond; $1,124 if 89 of 100 do".
    """
    low, mid, high = (money(v) for v in per)
    low_rate, base_rate, high_rate = (f"{float(r):.0f}" for r in rates)
    if low == high:
        return f"{label}: about {mid}"
    if mid == high:  # the base rate is the lowest reported one
        return f"{label}: about {mid} if {base_rate} of 100 respond; {low} if {high_rate} of 100 do"
    if mid == low:  # the base rate is the highest reported one
        return f"{label}: about {mid} if {base_rate} of 100 respond; up to {high} if only {low_rate} of 100 do"
    return f"{label}: about {mid} ({low} to {high}, as {high_rate} down to {low_rate} of 100 respond)"


#: The weeks at which the chances of costing less are given (those below the horizon, then the horizon).
CHANCE_WEEKS = (4, 12, 26, 52, 104)


def _futures(shares: list[tuple[int, float]], horizon: int) -> str:
    """``[(4, 0.03), (12, 0.0), (26, 0.0)]`` at a 26-week horizon → "about 3 of 100 futures by week 4 and
    0 of 100 from week 12 to 6 months": weeks in a row with the same figure are said once."""
    runs: list[tuple[int, int, str]] = []  # (first week, last week, figure)
    for week, share in shares:
        said = in_100(share)
        if runs and runs[-1][2] == said:
            runs[-1] = (runs[-1][0], week, said)
        else:
            runs.append((week, week, said))

    def when(week: int) -> str:
        return horizon_phrase(week) if week == horizon else f"week {week}"

    parts = []
    for i, (first, last, said) in enumerate(runs):
        if first == last:
            span = f"at {when(first)}" if first == horizon else f"by week {first}"
        else:
            span = f"from week {first} to {when(last)}"
        about = "about " if i == 0 and said[0].isdigit() and said not in ("0 of 100", "100 of 100") else ""
        parts.append(f"{about}{said}{' futures' if i == 0 else ''} {span}")
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def chance_sentences(sim: Simulation) -> list[str]:
    """How often each plan cost less than each other in the simulated futures: one sentence per pair.

    The pair is said once, from the side of the plan that costs less more often at the horizon (the
    other way round is then the rest of the futures, so it is not repeated), at each week of
    :data:`CHANCE_WEEKS` below the horizon and at the horizon. Where the two cost exactly the same in
    some futures (both at an out-of-pocket limit, say), a second sentence says how often, so the rest
    is never taken for the other plan's share. Example, 2 draws over 26 weeks, A below B in both at
    week 4, in one at week 12 and 26: "A cost less than B in 100 of 100 futures by week 4 and 50 of 100
    from week 12 to 6 months."
    """
    weeks = [w for w in CHANCE_WEEKS if w < sim.horizon_weeks] + [sim.horizon_weeks]
    sentences = []
    for a, b in combinations(sim.plans, 2):
        if sim.probability_cheaper(b.plan_id, a.plan_id) > sim.probability_cheaper(a.plan_id, b.plan_id):
            a, b = b, a
        less = [(w, sim.probability_cheaper(a.plan_id, b.plan_id, w)) for w in weeks]
        said = f"{a.label} cost less than {b.label} in {_futures(less, sim.horizon_weeks)}."
        # Counted, not 1 minus the two shares: that difference leaves float dust read as "fewer than 1 of 100".
        same = [(w, float(np.mean(a.weekly[:, w] == b.weekly[:, w]))) for w in weeks]
        if any(in_100(share) != "0 of 100" for _, share in same):
            said += f" The two cost the same in {_futures(same, sim.horizon_weeks)}."
        sentences.append(said)
    return sentences


# --- what a plan costs once its course is over ------------------------------------------------------


def course_end(p: PlanProjection) -> tuple[str, int] | None:
    """``(what ends, week)`` when the plan charges nothing once its phases are over, else ``None``.

    A plan stops when it has no daily medicine and no stream has maintenance
    (every ``maintenance_weeks`` ≤ 0), so its monthly cost after the phases is
    $0 because nothing is bought, not because it is cheap. ``what`` is the
    label of the phase that ends last (as the file names it) and ``week`` the
    week of its last session (day ``d`` is in week ``d // 7 + 1``). Example:
    CBT alone, 14 weekly sessions from day 0 → last on day 91 →
    ``("CBT course", 14)``.
    """
    priced = p.priced
    if priced is None or not priced.streams:
        return None
    if priced.daily is not None and float(np.max(priced.daily.amount)) > 0:
        return None
    if any(float(np.max(s.schedule.maintenance_weeks)) > 0 for s in priced.streams):
        return None
    last_day, what = -1.0, ""
    for stream in priced.streams:
        held = [phase for phase in stream.schedule.phases if float(phase.count[0]) > 0]
        if not held:
            continue
        day = float(stream.schedule.last_phase_session_day()[0])
        if day >= last_day:
            last_day, what = day, stream.phase_labels.get(held[-1].name) or held[-1].name.replace("_", " ")
    if last_day < 0:
        return None
    return what, int(last_day) // 7 + 1


def course_end_sentence(p: PlanProjection) -> str | None:
    """What a plan that stops costs once it is over, in words, or ``None`` for a plan that goes on.

    ``"Nothing more to pay after the CBT course ends in week 14."`` (see :func:`course_end`).
    """
    end = course_end(p)
    if end is None:
        return None
    what, week = end
    return f"Nothing more to pay after the {lower_first(what)} ends in week {week}."
