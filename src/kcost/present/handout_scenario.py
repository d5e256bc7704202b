"""The handout's scenario box and the link that reopens the scenario in the app.

Both read the assumptions *in force* (the file with the user's changes applied), so
they describe the values behind the figures, whichever way the changes came (CLI
flags, ``--set``, the app's controls).

The link uses the app's query keys (see :mod:`kcost.ui.controls` and
:mod:`kcost.ui.compare`): ``plans`` (repeated, the plans' labels), ``weeks`` (the
horizon slider's words), ``<plan>.price``, ``<plan>.induction``, ``<plan>.booster``
(``"4 weeks"`` or ``"no boosters"``), ``drug`` (``"Label (CLASS)"``) and
``ssri_daily``. A value the app's control could not take (a price of $3,000, a
horizon of 30 weeks) is left out of the link and named in ``left_out``, so the
reader knows the link reopens a nearby scenario, not this one. The base address is
checked to be http(s) with a host; every value after it is percent-encoded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence
from urllib.parse import quote, urlencode, urlsplit

from ..model.patient_time import time_terms
from ..model.scenario import Insurance, PatientTime
from ..model.assumptions import Assumptions, Override, main_input_path, quantity_at
from .formats import money
from .names import COPAY_KIND_WORDS, parameter_name
from .sentences import horizon_phrase

__all__ = [
    "DEFAULT_BASE_URL",
    "ScenarioFacts",
    "base_url_problem",
    "other_changes",
    "scenario_facts",
    "scenario_link",
]

DEFAULT_BASE_URL = "http://localhost:8501/"
#: The app's control ranges (kcost.ui.controls / kcost.ui.compare); tests hold these to the controls' own checks.
_HORIZONS = (4, 8, 12, 26, 52, 78, 104, 156, 208, 260)
_PRICE = (100, 2000)
_INDUCTION = (1, 12)
#: The booster intervals the app offers, in weeks (none, weekly, every 2 weeks, every 4 weeks).
_BOOSTER_CHOICES = (0, 1, 2, 4)
_SSRI_DAILY = (0.0, 50.0)
_MAX_URL = 900


@dataclass(frozen=True)
class ScenarioFacts:
    """The scenario as short lines of plain text for the handout, and what the link cannot carry."""

    lines: tuple[str, ...]
    left_out_of_link: tuple[str, ...] = ()
    #: The insurance and time terms: longer sentences the page prints across its full width.
    terms: tuple[str, ...] = ()


def base_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be the app's address (``None`` when it can): http or https, a host, no user or fragment."""
    if len(url) > 500:
        return "is longer than 500 characters"
    if any(ord(ch) < 33 or ord(ch) == 127 for ch in url):
        return "must not contain spaces or control characters"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        return "is not a valid address"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "must start with http:// or https:// and name a host"
    if parts.username or parts.password or parts.fragment or parts.query:
        return "must not carry a user name, password, query or #fragment"
    return None


def _main_value(assumptions: Assumptions, plan_id: str, name: str) -> float | None:
    path = main_input_path(assumptions, plan_id, name)
    return None if path is None else float(quantity_at(assumptions, path).base)


def _booster_phrase(assumptions: Assumptions, plan_id: str, weeks: float) -> str:
    """The interval in the words of the plan's own control: ``"renewals every 3 weeks"`` for the at-home plan,
    ``"boosters every 3 weeks"`` for IV (the stream's ``maintenance_label``, as the page labels the choice)."""
    path = main_input_path(assumptions, plan_id, "booster_every_weeks")
    stream = assumptions.plans[plan_id].sessions.get(path[3]) if path is not None and len(path) > 4 else None
    what = (stream.maintenance_label if stream is not None else None) or "booster"
    return f"no {what}s" if weeks <= 0 else f"{what}s every {weeks:g} weeks"


def _carried_paths(assumptions: Assumptions, plan_ids: Sequence[str]) -> set[tuple]:
    """Paths whose value the link (and the scenario lines) carry: main inputs, medicine and payment terms."""
    paths: set[tuple] = set()
    for pid in plan_ids:
        for name in ("session_price", "induction_sessions", "booster_every_weeks", "ssri_daily_cost"):
            path = main_input_path(assumptions, pid, name)
            if path is not None:
                paths.add(tuple(path))
        paths.add(("plans", pid, "drug"))
        paths.add(("plans", pid, "billing", "covered"))
    return paths


def other_changes(assumptions: Assumptions, plan_ids: Sequence[str], changes: Sequence[Override]) -> list[Override]:
    """The changes neither the scenario lines nor the link carry (fees, add-ons, schedules set by path)."""
    carried = _carried_paths(assumptions, plan_ids)
    return [c for c in changes if tuple(c.path) not in carried]


def scenario_facts(
    assumptions: Assumptions,
    plan_ids: Sequence[str],
    weeks: int,
    changes: Sequence[Override] = (),
    left_out_of_link: Sequence[str] = (),
    insured: frozenset[str] = frozenset(),
    insurance: Insurance | None = None,
    time: PatientTime | None = None,
    not_covered: frozenset[str] = frozenset(),
) -> ScenarioFacts:
    """The inputs behind the figures: in ``lines`` the time span, one line per plan and any other changes; in
    ``terms`` the insurance and time terms.

    ``insured`` are the plans paid through the insurance; ``not_covered`` the plans the user named as insured
    whose charges the insurance does not cover (paid in cash). Example line: ``"Ketamine IV infusions
    (clinic): $600 a session; 6 in the first series; boosters every 4 weeks. Cash."``
    """
    lines = [f"Time span: {horizon_phrase(weeks)} from the first day of treatment."]
    for pid in plan_ids:
        plan = assumptions.plans[pid]
        bits = []
        price = _main_value(assumptions, pid, "session_price")
        if price is not None:
            bits.append(f"{money(price)} a session")
        count = _main_value(assumptions, pid, "induction_sessions")
        if count is not None:
            bits.append(f"{count:g} in the first series")
        booster = _main_value(assumptions, pid, "booster_every_weeks")
        if booster is not None:
            bits.append(_booster_phrase(assumptions, pid, booster))
        if plan.drug is not None:
            drug = assumptions.drugs[plan.drug]
            bits.append(f"{drug.label}, {money(float(drug.daily_cost.base))} a day")
        if pid in insured:
            paid = "With your insurance."
        elif pid in not_covered:
            paid = "Not covered by your insurance: cash."
        else:
            paid = "Cash."
        name = plan.label if len(plan.label) <= 70 else plan.label[:69] + "…"
        lines.append(f"{name}: {'; '.join(bits)}. {paid}" if bits else f"{name}: {paid}")
    terms: list[str] = []
    if (insured or not_covered) and insurance is not None:
        terms += insurance_lines(insurance)
    if time is not None and time.include:
        terms.append(time_line(assumptions, time))
    other = other_changes(assumptions, plan_ids, changes)
    if other:
        # Named as the page names them (kcost.present.names), not by their path in the file.
        shown = "; ".join(f"{parameter_name(assumptions, c.path)}, set to {_value_text(c.value)}" for c in other[:3])
        more = f" and {len(other) - 3} more" if len(other) > 3 else ""
        lines.append(f"Also changed: {shown}{more}.")
    return ScenarioFacts(tuple(lines), tuple(left_out_of_link), tuple(terms))


def _value_text(value: object) -> str:
    """A changed value as written: ``0.0`` → ``"0"``, ``550.5`` → ``"550.5"``, text as it is."""
    if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool)):
        return f"{value:g}"
    return str(value)


#: Each kind of copay, as the scenario text counts them ("Copays for visits ...").
_KIND_PLURAL = {"visit": "visits", "session": "sessions", "fill": "fills"}


def insurance_lines(insurance: Insurance) -> list[str]:
    """The insurance profile in a few short lines, each printed whole on the handout.

    Example (the defaults)::

        Insurance: $1,787 deductible, then you pay 20% of each covered charge, up to $9,200 a plan year.
        No copays; 30-day fills.
        The maker's copay programme where one applies.
    """
    lines = [
        f"Insurance: {money(float(insurance.deductible))} deductible, then you pay "
        f"{float(insurance.coinsurance_pct):g}% of each covered charge, up to {money(float(insurance.oop_max))} a plan year."
    ]
    set_copays = [
        (kind, float(v))
        for kind, v in (("visit", insurance.copay_visit), ("session", insurance.copay_session), ("fill", insurance.copay_fill))
        if v is not None
    ]
    fills = "discount card for medicine" if insurance.discount_card else f"{insurance.fill_days}-day fills"
    if set_copays:
        skipping = [_KIND_PLURAL[kind] for kind, _ in set_copays if kind in insurance.copays_skip_deductible]
        if not skipping:
            when = "all after the deductible"
        elif len(skipping) == len(set_copays):
            when = "even before the deductible"
        else:
            when = f"{' and '.join(skipping)} even before the deductible"
        copays = ", ".join(f"{money(v)} a {kind}" for kind, v in set_copays)
        lines.append(f"Copays: {copays} ({when}); {fills}.")
    else:
        lines.append(f"No copays; {fills}.")
    already = []
    if insurance.renews_in_weeks != 52:
        already.append(f"Plan year starts again in {insurance.renews_in_weeks} weeks")
    if insurance.deductible_met or insurance.oop_met:
        already.append(
            f"paid so far: {money(float(insurance.deductible_met))} of the deductible, "
            f"{money(insurance.paid_toward_limit)} toward the limit"
        )
    if already:
        text = "; ".join(already)
        lines.append(text[:1].upper() + text[1:] + ".")
    extra = []
    if insurance.government:
        extra.append("a government plan (no maker's copay programme)")
    elif insurance.copay_programme:
        counts = "" if insurance.programme_counts_toward_limits else ", not counted toward your limits"
        extra.append(f"the maker's copay programme where one applies{counts}")
    else:
        extra.append("no maker's copay programme")
    if insurance.superbill_pct:
        extra.append(f"{float(insurance.superbill_pct):g}% of cash visits and sessions paid back")
    if insurance.pre_tax_rate_pct is not None:
        extra.append(f"HSA or FSA at {float(insurance.pre_tax_rate_pct):g}% tax")
    text = "; ".join(extra)
    lines.append(text[:1].upper() + text[1:] + ".")
    return lines


def time_line(assumptions: Assumptions, time: PatientTime) -> str:
    """The terms behind the time figures, from the scenario or the file's defaults.

    Example (the shipped defaults): "Your time: $31.48 an hour; 1 hour and $10 a round trip; not added to
    what you pay."
    """
    terms = time_terms(assumptions, time)
    hourly, hours, cost = terms.hourly_value, terms.travel_hours_per_trip, terms.travel_cost_per_trip
    unit = "hour" if hours == 1 else "hours"
    return (
        f"Your time: {money(hourly) if hourly == int(hourly) else f'${hourly:,.2f}'} an hour; {hours:g} {unit} and "
        f"{money(cost)} a round trip; not added to what you pay."
    )


def _in(value: float, bounds: tuple[float, float], whole: bool = True) -> bool:
    return bounds[0] <= value <= bounds[1] and (not whole or value == int(value))


def scenario_link(
    base_url: str,
    assumptions: Assumptions,
    plan_ids: Sequence[str],
    weeks: int,
    other_changes: Sequence[Override] = (),
    defaults: Assumptions | None = None,
    insurance: Insurance | None = None,
    time: PatientTime | None = None,
) -> tuple[str, list[str]]:
    """The app address that reopens this scenario, and what it had to leave out (in words).

    ``base_url`` must pass :func:`base_url_problem` (``ValueError`` otherwise). With ``defaults``
    (the shipped assumptions the app starts from), a value equal to its default is left out, as
    the app itself does. Example:
    ``scenario_link("http://localhost:8501/", a, ["ketamine-iv", "ssri-generic"], 52)`` →
    ``"http://localhost:8501/?plans=Ketamine%20IV…&plans=Generic%20SSRI%20or%20SNRI&weeks=1%20year&ketamine-iv.price=550&…"``.
    """
    problem = base_url_problem(base_url)
    if problem is not None:
        raise ValueError(f"base URL {problem}")
    query, left_out = _query(assumptions, plan_ids)
    if insurance is not None:
        query += _coverage_query(assumptions, plan_ids)
    if defaults is not None:
        known = [p for p in plan_ids if p in defaults.plans]
        shipped = dict(_query(defaults, known)[0] + _coverage_query(defaults, known))
        query = [(k, v) for k, v in query if k == "plans" or shipped.get(k) != v]
    if weeks in _HORIZONS:
        query.insert(len(plan_ids), ("weeks", horizon_phrase(weeks)))
    else:
        left_out.insert(0, f"the time span of {horizon_phrase(weeks)} (the app offers {', '.join(map(str, _HORIZONS))} weeks)")
    if insurance is not None:
        query += _insurance_query(insurance)
    if time is not None and time.include:
        query += _time_query(time)
    if other_changes:
        left_out.append(f"{len(other_changes)} other change{'s' if len(other_changes) > 1 else ''} (listed above)")
    url = base_url + ("&" if "?" in base_url else "?") + urlencode(query, quote_via=quote)
    if len(url) > _MAX_URL:
        # Labels come from the file; a file with very long labels must not make an unusable link.
        url = base_url
        left_out = ["everything: the link would be too long"]
    return url, left_out


def _query(assumptions: Assumptions, plan_ids: Sequence[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """The link's (key, value) pairs for the plans and their inputs, and what no control could take."""
    query: list[tuple[str, str]] = [("plans", assumptions.plans[pid].label) for pid in plan_ids]
    left_out: list[str] = []
    drug_done = False
    for pid in plan_ids:
        plan = assumptions.plans[pid]
        price = _main_value(assumptions, pid, "session_price")
        if price is not None:
            if _in(price, _PRICE):
                query.append((f"{pid}.price", f"{price:.0f}"))
            else:
                left_out.append(f"the price of {money(price)} a session for {plan.label}")
        count = _main_value(assumptions, pid, "induction_sessions")
        if count is not None:
            if _in(count, _INDUCTION):
                query.append((f"{pid}.induction", f"{count:.0f}"))
            else:
                left_out.append(f"{count:g} sessions in the first series for {plan.label}")
        booster = _main_value(assumptions, pid, "booster_every_weeks")
        if booster is not None:
            if booster in _BOOSTER_CHOICES:
                query.append((f"{pid}.booster", booster_words(booster)))
            else:
                left_out.append(f"{_booster_phrase(assumptions, pid, booster)} for {plan.label}")
        if plan.drug is not None and not drug_done:
            drug_done = True
            drug = assumptions.drugs[plan.drug]
            query.append(("drug", f"{drug.label} ({drug.class_})"))
            daily = float(drug.daily_cost.base)
            if _in(daily, _SSRI_DAILY, whole=False):
                query.append(("ssri_daily", f"{daily:g}"))
            else:
                left_out.append(f"the medicine's daily cost of {money(daily)}")
    return query, left_out


def _coverage_query(assumptions: Assumptions, plan_ids: Sequence[str]) -> list[tuple[str, str]]:
    """Each plan's "your insurance covers it" switch (the app's ``<plan>.covered``), as the file in force sets it."""
    return [(f"{pid}.covered", "true" if assumptions.plans[pid].billing.covered else "false") for pid in plan_ids]


def _time_query(time: PatientTime) -> list[tuple[str, str]]:
    """The app's link keys for counting the patient's time: ``time.include`` and each term the user set."""
    query = [("time.include", "true")]
    for name in ("hourly_value", "travel_hours_per_trip", "travel_cost_per_trip"):
        value = getattr(time, name)
        if value is not None:
            query.append((f"time.{name}", f"{float(value):g}"))
    return query


def booster_words(weeks: float) -> str:
    """The app's words for a booster interval: ``0`` → ``"none"``, ``1`` → ``"weekly"``, ``6`` → ``"every 6 weeks"``."""
    if weeks == 0:
        return "none"
    return "weekly" if weeks == 1 else f"every {weeks:.0f} weeks"


def _insurance_query(insurance: Insurance) -> list[tuple[str, str]]:
    """The app's link keys for paying with insurance: ``pay`` and each term that differs from the default."""
    default = Insurance()
    query = [("pay", "Your insurance")]
    for name in type(insurance).model_fields:
        value = getattr(insurance, name)
        if value == getattr(default, name) or value is None:
            continue
        if isinstance(value, (set, frozenset)):
            # A choice of kinds: the key once per kind in the page's words, as its multiselect writes them
            # (none: one empty value).
            words = [COPAY_KIND_WORDS[kind] for kind in COPAY_KIND_WORDS if kind in value]
            query += [(f"ins.{name}", w) for w in words] or [(f"ins.{name}", "")]
            continue
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif name == "fill_days":
            text = f"{value} days"  # the app's radio shows (and links) its words
        else:
            text = f"{value:g}"
        query.append((f"ins.{name}", text))
    return query
