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

from ..model.assumptions import Assumptions, Override, main_input_path, quantity_at
from .formats import money
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
_BOOSTER_WEEKS = (0, 13)
_SSRI_DAILY = (0.0, 50.0)
_MAX_URL = 900


@dataclass(frozen=True)
class ScenarioFacts:
    """The scenario as short lines of plain text for the handout, and what the link cannot carry."""

    lines: tuple[str, ...]
    left_out_of_link: tuple[str, ...] = ()


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


def _booster_phrase(weeks: float) -> str:
    return "no boosters" if weeks <= 0 else f"every {weeks:g} weeks"


def _carried_paths(assumptions: Assumptions, plan_ids: Sequence[str]) -> set[tuple]:
    """Paths whose value the link (and the scenario lines) carry: main inputs, medicine and payment terms."""
    paths: set[tuple] = set()
    for pid in plan_ids:
        for name in ("session_price", "induction_sessions", "booster_every_weeks", "ssri_daily_cost"):
            path = main_input_path(assumptions, pid, name)
            if path is not None:
                paths.add(tuple(path))
        paths.add(("plans", pid, "drug"))
        paths |= {("plans", pid, "payment", k) for k in ("mode", "patient_share", "copay")}
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
) -> ScenarioFacts:
    """The inputs behind the figures, one line per plan plus the time span and any other changes.

    Example line: ``"Ketamine IV infusions (clinic): $600 a session; 6 in the first series;
    boosters every 4 weeks. Cash."``
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
            bits.append(f"boosters {_booster_phrase(booster)}")
        if plan.drug is not None:
            drug = assumptions.drugs[plan.drug]
            bits.append(f"{drug.label}, {money(float(drug.daily_cost.base))} a day")
        pay = plan.payment
        if pay.mode == "insured":
            copay = f" + {money(float(pay.copay.base))} a visit" if pay.copay.base else ""
            paid = f"Insured: you pay {float(pay.patient_share.base):g}%{copay}."
        else:
            paid = "Cash."
        name = plan.label if len(plan.label) <= 70 else plan.label[:69] + "…"
        lines.append(f"{name}: {'; '.join(bits)}. {paid}" if bits else f"{name}: {paid}")
    other = other_changes(assumptions, plan_ids, changes)
    if other:
        shown = ", ".join(f"{'.'.join(map(str, c.path))} = {c.value}" for c in other[:3])
        more = f" and {len(other) - 3} more" if len(other) > 3 else ""
        lines.append(f"Also changed: {shown}{more}.")
    return ScenarioFacts(tuple(lines), tuple(left_out_of_link))


def _in(value: float, bounds: tuple[float, float], whole: bool = True) -> bool:
    return bounds[0] <= value <= bounds[1] and (not whole or value == int(value))


def scenario_link(
    base_url: str,
    assumptions: Assumptions,
    plan_ids: Sequence[str],
    weeks: int,
    other_changes: Sequence[Override] = (),
    defaults: Assumptions | None = None,
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
    if defaults is not None:
        shipped = dict(_query(defaults, [p for p in plan_ids if p in defaults.plans])[0])
        query = [(k, v) for k, v in query if k == "plans" or shipped.get(k) != v]
    if weeks in _HORIZONS:
        query.insert(len(plan_ids), ("weeks", horizon_phrase(weeks)))
    else:
        left_out.insert(0, f"the time span of {horizon_phrase(weeks)} (the app offers {', '.join(map(str, _HORIZONS))} weeks)")
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
            if _in(booster, _BOOSTER_WEEKS):
                words = "no boosters" if booster == 0 else f"{booster:.0f} week" + ("" if booster == 1 else "s")
                query.append((f"{pid}.booster", words))
            else:
                left_out.append(f"boosters {_booster_phrase(booster)} for {plan.label}")
        pay = plan.payment
        query.append((f"{pid}.payment", pay.mode))
        if pay.mode == "insured":
            query.append((f"{pid}.share", f"{float(pay.patient_share.base):g}"))
            query.append((f"{pid}.payment.copay", f"{float(pay.copay.base):g}"))
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
