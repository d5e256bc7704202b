"""The plain-text report of ``kcost project`` (its default ``--format table``).

Sections, each printed only when it says something:

1. the main table: what the patient pays over the horizon, in the first 4
   weeks and a month after the first phase, when relief may begin;
2. the fuller effect of the daily medicines;
3. whether it helps: response, the cost of trying and the expected cost;
4. who pays (with ``--insured`` or a superbill): the patient, by plan year,
   the insurer, a maker's copay programme, and the full price;
5. the after-tax figure (with ``--pre-tax-rate``);
6. the patient's time and travel (with ``--include-time``), never added to money;
7. crossovers, then the not-advice line.
"""

from __future__ import annotations

from ..model.projection import PlanProjection, Projection
from .formats import days_phrase, money, per_100

__all__ = ["project_table"]

NOT_ADVICE = "Not medical advice: a decision aid to discuss with a licensed clinician."


def project_table(result: Projection) -> str:
    """The whole report as text, one line per list item, ending in a newline."""
    lines = [f"Cumulative cost over {result.horizon_weeks} weeks (what the patient pays, USD)", ""]
    lines += _grid(
        ["plan", "total", "first 4 weeks", "per month after", "onset (base, range)", "cost to onset", "sessions"],
        [_main_row(p) for p in result.plans],
    )
    for p in result.plans:
        if p.full_effect_days is not None:
            lines.append(f"\n{p.plan_id}: full effect expected around {days_phrase(p.full_effect_days[1])}")
    lines += _outcome_lines(result)
    lines += _who_pays_lines(result)
    lines += _after_tax_lines(result)
    lines += _time_lines(result)
    if result.crossovers:
        lines.append("\nCrossovers (one plan's cumulative cost overtakes another's):")
        for c in result.crossovers:
            lines.append(f"  week {c.week} (day {c.day}): {c.now_costlier} overtakes {c.now_cheaper}")
    lines.append("\n" + NOT_ADVICE)
    return "\n".join(lines) + "\n"


def _grid(headers: list[str], rows: list[list[str]]) -> list[str]:
    """Columns padded to their widest cell; the first column left-aligned, the others right-aligned."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths)), "  ".join("-" * w for w in widths)]
    for r in rows:
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
    return lines


def _main_row(p: PlanProjection) -> list[str]:
    low, base, high = p.onset_days
    return [
        p.plan_id,
        money(p.total_cost),
        money(p.first_4_weeks_cost),
        money(p.monthly_cost_after_induction),
        f"{days_phrase(base)} ({days_phrase(low)}–{days_phrase(high)})",
        "—" if p.cost_until_onset is None else money(p.cost_until_onset),
        str(p.total_sessions),
    ]


def _outcome_lines(result: Projection) -> list[str]:
    outcomes = [p for p in result.plans if p.outcome is not None and p.outcome.expected_cost is not None]
    if not outcomes:
        return []
    lines = ["\nIf it helps or not (trying = paid up to the decision point; expected = averaged over everyone):"]
    for p in outcomes:
        o = p.outcome
        lines.append(
            f"  {p.plan_id}: about {per_100(o.response_rate[1])} of 100 respond {o.decision_phrase}; "
            f"trying {money(o.cost_of_trying)}, if it helps {money(o.cost_if_it_helps)}, "
            f"expected {money(o.expected_cost[1])}"
        )
    return lines


def _who_pays_lines(result: Projection) -> list[str]:
    """Who pays what over the horizon, when at least one plan goes through insurance.

    Per plan: the patient's total, the patient's share in each plan year,
    the insurer (superbill refunds included), the maker's copay programme and
    the full price, where patient + insurer + programme = full price. A plan
    paid in cash shows "cash" and dashes. Example (IV at $1,000, 6 + weekly,
    covered, $1,500 deductible, 20 %, $4,000 limit, 104 weeks):
    ``ketamine-iv  $8,000  $4,000 + $4,000  $99,000  —  $107,000``.
    """
    if not any(p.insured for p in result.plans):
        return []
    rows = []
    for p in result.plans:
        if p.insured:
            years = " + ".join(money(x) for x in p.patient_by_plan_year)
            programme = money(p.assistance_total) if p.assistance_total > 0 else "—"
            rows.append([p.plan_id, money(p.total_cost), years, money(p.insurer_total), programme, money(p.total_full_price)])
        else:
            rows.append([p.plan_id, money(p.total_cost), "cash", "—", "—", money(p.total_full_price)])
    return [f"\nWho pays over {result.horizon_weeks} weeks (USD):", ""] + _grid(
        ["plan", "you pay", "by plan year", "insurer", "copay programme", "full price"], rows
    )


def _after_tax_lines(result: Projection) -> list[str]:
    """What the patient's payments cost in after-tax income when paid from an HSA or FSA."""
    taxed = [p for p in result.plans if p.patient_after_tax is not None]
    if not taxed:
        return []
    lines = ["\nPaid from an HSA or FSA (pre-tax money), what it costs you after tax:"]
    lines += [f"  {p.plan_id}: {money(p.patient_after_tax)} (of {money(p.total_cost)} paid)" for p in taxed]
    return lines


def _time_lines(result: Projection) -> list[str]:
    """Hours, trips and their dollar value per plan, kept apart from what the patient pays.

    Example (IV, 6 infusions of 2 h and a 1 h consultation, 1 h a round trip, a companion each infusion,
    $40 an hour, no trip cost): ``ketamine-iv: 26 hours (6 of them a companion's), 7 trips, worth about $1,040``.
    """
    timed = [p for p in result.plans if p.time_and_travel_cost is not None]
    if not timed:
        return []
    lines = ["\nYour time and travel (not added to what you pay):"]
    for p in timed:
        companion = f" ({_hours(p.companion_hours_total)} of them a companion's)" if p.companion_hours_total else ""
        trips = f"{p.trips} trip" + ("" if p.trips == 1 else "s")
        lines.append(
            f"  {p.plan_id}: {_hours(p.hours_total)} hours{companion}, {trips}, worth about {money(p.time_and_travel_cost)}"
        )
    return lines


def _hours(hours: float) -> str:
    """Hours to the tenth, without a trailing ".0": 26.0 → "26", 19.5 → "19.5", 1234.25 → "1,234.2"."""
    return f"{hours:,.1f}".removesuffix(".0")
