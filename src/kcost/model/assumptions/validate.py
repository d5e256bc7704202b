"""Turning plain data into :class:`Assumptions`, with every problem named by path and line."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, Mapping

from pydantic import BaseModel, ValidationError

from .problems import AssumptionsError, PathPart, Problem, format_path
from .schema import Assumptions, DecisionAfterPhase, DecisionAfterSessions, OnsetAfterSessions, Plan
from .paths import iter_quantities, quantity_at
from .yaml_reader import YamlDocument

__all__ = ["main_input_path", "validate_data"]

Origins = Mapping[tuple[PathPart, ...], str]


def validate_data(
    data: Any,
    document: YamlDocument | None = None,
    origins: Origins | None = None,
) -> Assumptions:
    """Validate ``data`` (as read from YAML) into :class:`Assumptions` or raise :class:`AssumptionsError`.

    ``document`` supplies line numbers; ``origins`` marks paths whose value came
    from somewhere other than the file (``--set``, an app control), so their
    problems name that origin instead of a line.
    """
    origins = origins or {}
    if not isinstance(data, dict):
        raise AssumptionsError([Problem("", "the file must be a mapping of keys to values")])
    try:
        assumptions = Assumptions.model_validate(data)
    except ValidationError as exc:
        problems = [_problem_from_error(err, data, document, origins) for err in exc.errors(include_url=False)]
        raise AssumptionsError(_unique(problems)) from None
    problems = _reference_problems(assumptions, document, origins)
    if problems:
        raise AssumptionsError(problems)
    return assumptions


def main_input_path(assumptions: Assumptions, plan_id: str, name: str) -> tuple[str, ...] | None:
    """Where main input ``name`` (e.g. ``session_price``) lands for plan ``plan_id``, if anywhere.

    A plan's ``main_inputs`` maps the input to a path inside the plan; the word
    ``drug`` means the daily cost of the plan's drug in the ``drugs`` list.
    """
    plan = assumptions.plans[plan_id]
    target = plan.main_inputs.get(name)
    if target is None:
        return None
    if target == "drug":
        return None if plan.drug is None else ("drugs", plan.drug, "daily_cost")
    return ("plans", plan_id, *target.split("."))


def _make_problem(
    path: tuple[PathPart, ...], message: str, document: YamlDocument | None, origins: Origins
) -> Problem:
    origin = next((o for p, o in origins.items() if path[: len(p)] == p), None)
    line = None if document is None or origin else document.line_of(path)
    return Problem(format_path(path), message, line, origin)


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[str] = set()
    out = []
    for p in problems:
        if str(p) not in seen:
            seen.add(str(p))
            out.append(p)
    return out


def _data_path(loc: tuple[Any, ...], data: Any) -> tuple[tuple[PathPart, ...], bool]:
    """Map a pydantic ``loc`` onto keys that exist in ``data``.

    Pydantic adds entries of its own (a union's tag, ``[key]`` for a bad dict
    key); those are dropped. Returns the path and whether the error is about a
    dict key rather than a value.
    """
    path: list[PathPart] = []
    node = data
    about_key = False
    for i, part in enumerate(loc):
        if part == "[key]":
            about_key = True
            continue
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif i == len(loc) - 1:
            path.append(part)
        # else: a tag pydantic inserted for a union member; not part of the YAML.
    return tuple(path), about_key


def _problem_from_error(err: Mapping[str, Any], data: Any, document: YamlDocument | None, origins: Origins) -> Problem:
    path, about_key = _data_path(tuple(err["loc"]), data)
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if about_key:
        message = f"{path[-1]!r} is not a valid id: use lower-case letters, digits, '-' and '_'"
    elif kind == "missing":
        message = "required, but missing"
    elif kind == "extra_forbidden":
        message = f"unknown key {path[-1]!r}"
        known = _known_keys(tuple(err["loc"][:-1]))
        close = difflib.get_close_matches(str(path[-1]), known, n=1)
        if close:
            message += f"; did you mean {close[0]!r}?"
        elif known:
            message += f" (allowed: {', '.join(sorted(known))})"
    elif kind in ("float_parsing", "float_type", "int_parsing", "int_type"):
        given = err.get("input")
        if isinstance(given, int) and not isinstance(given, bool):
            message = "is far too large a number"
        else:
            message = f"must be a number, not {_shown(given)}"
    elif kind in ("string_type",):
        message = "must be text"
    elif kind in ("dict_type", "model_type", "model_attributes_type"):
        message = "must be a mapping of keys to values"
    elif kind == "list_type":
        message = "must be a list"
    elif kind == "bool_type" or kind == "bool_parsing":
        message = "must be true or false"
    elif kind == "literal_error":
        message = f"must be one of {ctx.get('expected')}, not {_shown(err.get('input'))}"
    elif kind == "too_short":
        message = "must not be empty" if path[-1:] != ("sources",) else "must name at least one source"
    elif kind == "value_error":
        message = str(err["msg"]).removeprefix("Value error, ")
    elif kind == "union_tag_invalid":
        message = f"model must be one of {ctx.get('expected_tags')}"
    elif kind == "union_tag_not_found":
        message = "needs a 'model' key (after_sessions or weeks_from_start)"
    else:
        message = str(err["msg"])
    return _make_problem(path, message, document, origins)


def _shown(value: Any) -> str:
    """``value`` as a message shows it: its repr, cut to 40 characters so a long value cannot flood the output."""
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]  # as YAML spells them
    text = repr(value) if isinstance(value, (str, int, float)) else f"a {type(value).__name__}"
    return text if len(text) <= 40 else text[:39] + "…"


def _known_keys(loc: tuple[Any, ...]) -> list[str]:
    """Field names allowed at ``loc`` (a pydantic loc), following the schema's types."""
    current: Any = Assumptions
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = next((f for n, f in current.model_fields.items() if (f.alias or n) == part), None)
            if field is None:
                return []
            current = field.annotation
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        elif isinstance(current, list):  # union members: pick by discriminator tag
            current = next((m for m in current if _tag(m) == part), None)
            if current is None:
                return []
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, list):
        return []
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


def _unwrap(tp: Any) -> Any:
    """Strip ``Annotated`` and ``Optional``; a union of models becomes a list of them."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(members) == 1:
                tp = members[0]
            else:
                return members
        else:
            return tp


def _tag(model: Any) -> str | None:
    field = getattr(model, "model_fields", {}).get("model")
    if field is None:
        return None
    args = typing.get_args(field.annotation)
    return args[0] if args else None


def _reference_problems(assumptions: Assumptions, document: YamlDocument | None, origins: Origins) -> list[Problem]:
    problems: list[Problem] = []
    known = set(assumptions.sources)
    for path, quantity in iter_quantities(assumptions):
        for i, source_id in enumerate(quantity.sources):
            if source_id not in known:
                close = difflib.get_close_matches(source_id, sorted(known), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                problems.append(
                    _make_problem((*path, "sources", i), f"unknown source id {source_id!r}{hint}", document, origins)
                )
    # Statements that are not numbers (approvals, how long relief lasts) cite sources too.
    cited: list[tuple[tuple[PathPart, ...], list[str]]] = [
        (("drugs", drug_id, "approved_for"), drug.approved_for.sources)
        for drug_id, drug in assumptions.drugs.items()
        if drug.approved_for is not None
    ] + [
        (("plans", plan_id, "relief_lasts"), plan.relief_lasts.sources)
        for plan_id, plan in assumptions.plans.items()
        if plan.relief_lasts is not None
    ]
    for path, sources in cited:
        for i, source_id in enumerate(sources):
            if source_id not in known:
                problems.append(_make_problem((*path, "sources", i), f"unknown source id {source_id!r}", document, origins))
    for plan_id, plan in assumptions.plans.items():
        problems.extend(_plan_problems(assumptions, plan_id, plan, document, origins))
    return problems


def _plan_problems(
    assumptions: Assumptions, plan_id: str, plan: Plan, document: YamlDocument | None, origins: Origins
) -> list[Problem]:
    problems = []
    base = ("plans", plan_id)
    if plan.kind == "ssri" and plan.drug is None:
        problems.append(_make_problem((*base, "drug"), "an SSRI plan needs a drug", document, origins))
    if plan.drug is not None and plan.drug not in assumptions.drugs:
        problems.append(
            _make_problem(
                (*base, "drug"),
                f"unknown drug {plan.drug!r} (known: {', '.join(assumptions.drugs)})",
                document,
                origins,
            )
        )
        # The SSRI main input points into this drug too; one message for one mistake is enough.
        return problems
    if isinstance(plan.onset, OnsetAfterSessions) and plan.onset.stream not in plan.sessions:
        problems.append(
            _make_problem((*base, "onset", "stream"), f"no session stream called {plan.onset.stream!r}", document, origins)
        )
    decision = plan.decision_point
    if isinstance(decision, (DecisionAfterPhase, DecisionAfterSessions)):
        stream = plan.sessions.get(decision.stream)
        if stream is None:
            problems.append(
                _make_problem(
                    (*base, "decision_point", "stream"),
                    f"no session stream called {decision.stream!r}",
                    document,
                    origins,
                )
            )
        elif isinstance(decision, DecisionAfterPhase) and decision.phase not in stream.phases:
            problems.append(
                _make_problem(
                    (*base, "decision_point", "phase"),
                    f"stream {decision.stream!r} has no phase {decision.phase!r} "
                    f"(its phases: {', '.join(stream.phases) or 'none'})",
                    document,
                    origins,
                )
            )
        elif (
            isinstance(decision, DecisionAfterSessions)
            and not (stream.maintenance_every_weeks is not None and stream.maintenance_every_weeks.bounds[2] > 0)
            and decision.sessions.bounds[2] > sum(p.count.bounds[2] for p in stream.phases.values())
        ):
            problems.append(
                _make_problem(
                    (*base, "decision_point", "sessions"),
                    f"the decision point never comes: stream {decision.stream!r} has at most "
                    f"{sum(p.count.bounds[2] for p in stream.phases.values()):g} sessions",
                    document,
                    origins,
                )
            )
    earlier: list[str] = []
    for name, stream in plan.sessions.items():
        if stream.starts_after is not None and stream.starts_after not in earlier:
            problems.append(
                _make_problem(
                    (*base, "sessions", name, "starts_after"),
                    f"{stream.starts_after!r} must be a session stream listed before this one",
                    document,
                    origins,
                )
            )
        earlier.append(name)
    problems.extend(_billing_problems(assumptions, plan_id, plan, document, origins))
    for name, target in plan.main_inputs.items():
        path = main_input_path(assumptions, plan_id, name)
        if path is None or quantity_at(assumptions, path) is None:
            problems.append(
                _make_problem(
                    (*base, "main_inputs", name), f"{target!r} does not name a number in this plan", document, origins
                )
            )
    return problems


def _billing_problems(
    assumptions: Assumptions, plan_id: str, plan: Plan, document: YamlDocument | None, origins: Origins
) -> list[Problem]:
    """Every cost component has billing terms, every terms entry names a component, fills are daily medicine."""
    base = ("plans", plan_id, "billing", "charges")
    components = plan.charge_components()
    declared = plan.billing.charges
    problems = []
    for key, terms in declared.items():
        if key not in components:
            close = difflib.get_close_matches(key, components, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(_make_problem((*base, key), f"no cost component called {key!r} in this plan{hint}", document, origins))
            continue
        daily = key == "drug" or key.startswith("daily.")
        if daily != (terms.kind == "fill"):
            message = "the daily medicine is bought in fills (kind: fill)" if daily else "only the daily medicine is a fill"
            problems.append(_make_problem((*base, key, "kind"), message, document, origins))
        if terms.programme is not None and terms.programme not in assumptions.programmes:
            known = ", ".join(assumptions.programmes) or "none"
            problems.append(
                _make_problem((*base, key, "programme"), f"unknown programme {terms.programme!r} (known: {known})", document, origins)
            )
    missing = [key for key in components if key not in declared]
    if missing:
        problems.append(
            _make_problem(base, f"give billing terms for {', '.join(repr(k) for k in missing)}", document, origins)
        )
    return problems
