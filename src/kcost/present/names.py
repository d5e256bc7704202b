"""Readable names for the numbers in the assumptions file, built from the file's own labels.

A parameter's path (``plans.ketamine-iv.sessions.infusions.price``) is exact but
reads like code. :func:`parameter_name` names it the way the page does: the
label of what it belongs to (a plan, a medicine, a copay programme), then the
field in words, using the labels the file gives its streams and phases
(``"Ketamine IV infusions (clinic): price per infusion"``). Nothing here is keyed
on a plan id: the words come from the field names of the schema and the labels
in the data, so a new plan is named without a change here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..model.assumptions import Assumptions

__all__ = ["COPAY_KIND_WORDS", "lower_first", "parameter_name", "parameter_names"]

#: The kinds of charge a copay applies to, in the page's words (its choice of copays paid before the
#: deductible, and the handout's link to it). A session's drug pays coinsurance, never a copay.
COPAY_KIND_WORDS = {"visit": "Doctor or therapy visits", "session": "Treatment sessions", "fill": "Prescription fills"}

#: Field names of the schema in words, where replacing "_" by a space does not read well.
_FIELD_WORDS = {
    "superbill_pct": "share paid back with a superbill (%)",
    "sessions_needed": "sessions before relief may begin",
    "hours_after_dose": "hours from a dose to relief",
    "first_improvement_weeks": "weeks to first improvement",
    "full_effect_weeks": "weeks to full effect",
    "response_rate": "response rate (%)",
    "placebo_response": "response with a placebo (%)",
    "daily_cost": "cost a day",
    "counter_price": "price at the counter, a month",
    "copay": "copay per treatment",
    "yearly_cap": "yearly cap",
    "hourly_value": "value of an hour of your time",
    "travel_hours_per_trip": "hours of travel per round trip",
    "travel_cost_per_trip": "travel cost per round trip",
}


def _words(key: str) -> str:
    return _FIELD_WORDS.get(key, key.replace("_", " ").replace("-", " "))


def lower_first(text: str) -> str:
    """``"Infusion"`` → ``"infusion"``; ``"IM dosing session"`` and ``"CBT session"`` keep an acronym's case."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _plan_field(plan, rest: Sequence[str]) -> str:
    """A plan's field in words, from the path inside the plan (``sessions.infusions.price`` → "price per infusion")."""
    if len(rest) == 2 and rest[0] == "one_off":
        return f"{_words(rest[1])}, once"
    if len(rest) == 2 and rest[0] == "daily":
        return f"{_words(rest[1])}, a day"
    if len(rest) >= 3 and rest[0] == "sessions" and rest[1] in plan.sessions:
        stream = plan.sessions[rest[1]]
        one = lower_first(stream.label)
        tail = tuple(rest[2:])
        if tail == ("price",):
            return f"price per {one}"
        if tail == ("first_session_price",):
            return f"price of the first {one}"
        if tail == ("start_week",):
            return f"week the {one}s start"
        if tail == ("maintenance_every_weeks",):
            return f"weeks between {stream.maintenance_label}s"
        if len(tail) == 2 and tail[0] == "add_ons":
            return f"{_words(tail[1])}, per {one}"
        if len(tail) == 3 and tail[0] == "phases" and tail[1] in stream.phases:
            phase = stream.phases[tail[1]]
            what = lower_first(phase.label or _words(tail[1]))
            unit = phase.count.unit  # sessions or visits
            return f"{what}, number of {unit}" if tail[2] == "count" else f"{what}, {unit} a week"
        return f"{one}s: " + ", ".join(_words(k) for k in tail)
    if len(rest) == 4 and rest[:2] == ("billing", "charges") and rest[3] == "hours":
        return f"hours for {_charge_words(plan, rest[2])}"
    return ", ".join(_words(k) for k in rest if k not in ("billing", "onset"))


def _charge_words(plan, key: str) -> str:
    """A billing key (``sessions.infusions.price``, ``one_off.consultation``) as the thing it bills."""
    parts = key.split(".")
    if parts[0] == "sessions" and len(parts) >= 2 and parts[1] in plan.sessions:
        one = lower_first(plan.sessions[parts[1]].label)
        return f"each {one}" if parts[-1] == "price" else f"{_words(parts[-1])} with each {one}"
    return _words(parts[-1])


def parameter_name(assumptions: Assumptions, path: str | Sequence[str]) -> str:
    """A readable name for the number at ``path`` (dotted or a tuple of YAML keys).

    The owner's label, a colon, then the field: ``plans.ketamine-iv.sessions.infusions.price``
    → ``"Ketamine IV infusions (clinic): price per infusion"``;
    ``plans.ketamine-iv.sessions.infusions.phases.induction.count`` → ``"Ketamine IV infusions
    (clinic): induction series, number of sessions"``; ``drugs.sertraline.daily_cost`` → the
    medicine's label, ``": cost a day"``. A path the file does not hold, or of a kind not named
    here, falls back to its keys in words, so it never fails.
    """
    keys = tuple(path.split(".")) if isinstance(path, str) else tuple(map(str, path))
    if len(keys) >= 3 and keys[0] == "plans" and keys[1] in assumptions.plans:
        plan = assumptions.plans[keys[1]]
        return f"{plan.label}: {_plan_field(plan, keys[2:])}"
    if len(keys) >= 3 and keys[0] == "drugs" and keys[1] in assumptions.drugs:
        return f"{assumptions.drugs[keys[1]].label}: " + ", ".join(_words(k) for k in keys[2:])
    if len(keys) >= 3 and keys[0] == "programmes" and keys[1] in assumptions.programmes:
        return f"{assumptions.programmes[keys[1]].label}: " + ", ".join(_words(k) for k in keys[2:])
    if len(keys) >= 2 and keys[0] == "patient_time":
        return "Your time: " + ", ".join(_words(k) for k in keys[1:])
    return ", ".join(_words(k) for k in keys)


def parameter_names(assumptions: Assumptions, paths: Iterable[str]) -> list[str]:
    """:func:`parameter_name` of each path, with the path added in brackets to any name that would repeat
    (a chart draws one bar per distinct name, so two parameters must never share one)."""
    paths = list(paths)
    names = [parameter_name(assumptions, p) for p in paths]
    return [f"{n} [{p}]" if names.count(n) > 1 else n for n, p in zip(names, paths)]
