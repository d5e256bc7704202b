"""Changing values of the assumptions by path: ``--set``, the main inputs, the app's controls.

Overrides work on plain data (as read from YAML) and the result is validated
again, so an override can never slip past the rules the file obeys.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any, Iterable

from .problems import AssumptionsError, PathPart, Problem, format_path
from .schema import MAIN_INPUTS, Assumptions
from .validate import main_input_path
from .yaml_reader import read_yaml

__all__ = ["MainInputs", "Override", "apply_overrides", "main_input_overrides", "parse_set"]


@dataclass(frozen=True)
class Override:
    """Set the value at ``path``; ``origin`` names who asked (shown in error messages)."""

    path: tuple[PathPart, ...]
    value: Any
    origin: str = "--set"


@dataclass(frozen=True)
class MainInputs:
    """The app's and CLI's main controls. ``None`` leaves the file's value in place.

    ``booster_every_weeks = 0`` means no boosters at all.
    """

    session_price: float | None = None
    induction_sessions: int | None = None
    booster_every_weeks: float | None = None
    ssri_daily_cost: float | None = None


# The schema's list of main inputs and these fields must name the same controls.
assert tuple(f.name for f in fields(MainInputs)) == MAIN_INPUTS


_FLAG_NAMES = {
    "session_price": "--session-price",
    "induction_sessions": "--induction-sessions",
    "booster_every_weeks": "--booster-every-weeks",
    "ssri_daily_cost": "--ssri-daily-cost",
}


def main_input_overrides(
    assumptions: Assumptions, inputs: MainInputs, plan_ids: Iterable[str] | None = None
) -> list[Override]:
    """Overrides that carry ``inputs`` to every plan that declares the input in ``main_inputs``."""
    out: list[Override] = []
    ids = list(assumptions.plans) if plan_ids is None else list(plan_ids)
    for name in MAIN_INPUTS:
        value = getattr(inputs, name)
        if value is None:
            continue
        for plan_id in ids:
            path = main_input_path(assumptions, plan_id, name)
            if path is not None:
                out.append(Override(path, value, _FLAG_NAMES[name]))
    return out


def parse_set(text: str) -> Override:
    """Parse ``DOTTED.PATH=VALUE`` (VALUE read as a YAML scalar, so ``600``, ``insured``, ``null``)."""
    if "=" not in text:
        raise AssumptionsError([Problem(text, "expected DOTTED.PATH=VALUE", origin="--set")])
    key, _, raw_value = text.partition("=")
    key = key.strip()
    if not key or any(not part for part in key.split(".")):
        raise AssumptionsError([Problem(key, "the path is empty or has an empty part", origin="--set")])
    try:
        value = read_yaml(raw_value, max_bytes=10_000).data if raw_value.strip() else None
    except AssumptionsError as exc:
        raise AssumptionsError(
            [Problem(key, f"value {_cut(raw_value)}: {p.message}", origin="--set") for p in exc.problems]
        ) from None
    if isinstance(value, (dict, list)):
        raise AssumptionsError([Problem(key, "the value must be a single number or word", origin="--set")])
    path: tuple[PathPart, ...] = tuple(int(p) if p.isdigit() else p for p in key.split("."))
    return Override(path, value, "--set")


def _cut(text: str) -> str:
    """A value as a message quotes it: at most 40 characters, so a long one cannot flood the output."""
    return repr(text) if len(text) <= 40 else repr(text[:39] + "…")


def apply_overrides(data: dict, overrides: Iterable[Override]) -> dict:
    """Return a copy of ``data`` with each override applied; ``data`` itself is never changed.

    Setting a number on a quantity (a mapping with ``base``) sets its base;
    setting a ``base`` outside the quantity's low–high range widens the range to
    include it, so a user's own clinic price is never rejected for lying outside
    the published spread. Example: price {low 300, base 550, high 1500} set to
    2000 becomes {low 300, base 2000, high 2000}.

    Only the mappings and lists along each override's path are copied; the rest
    is shared with ``data``. The app applies its controls on every rerun, and a
    deep copy of the whole file cost more than the projection itself.
    """
    out = dict(data)
    copied = {id(out)}
    for override in overrides:
        _apply_one(out, override, copied)
    return out


def _joined_keys(data: dict, path: tuple[PathPart, ...]) -> tuple[PathPart, ...]:
    """``path`` with runs of parts joined where the file's key itself holds dots.

    ``billing.charges`` keys name cost components by their own dotted path, so
    ``plans.esketamine.billing.charges.sessions.treatments.price.benefit`` means the key
    ``sessions.treatments.price`` under ``charges``: at each mapping the longest run of parts that is one
    of its keys is taken. A path that needs no joining is returned as it is.
    """
    out: list[PathPart] = []
    node: Any = data
    i = 0
    while i < len(path):
        part = path[i]
        if isinstance(node, dict):
            for j in range(len(path), i + 1, -1):  # the longest run of parts that is a key, if any
                joined = ".".join(str(p) for p in path[i:j])
                if joined in node:
                    part, i = joined, j - 1
                    break
        out.append(part)
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return tuple(out) + tuple(path[i + 1:])
        i += 1
    return tuple(out)


def _apply_one(data: dict, override: Override, copied: set[int]) -> None:
    *parents, last = _joined_keys(data, override.path)
    node: Any = data
    walked: list[PathPart] = []
    for part in parents:
        walked.append(part)
        if isinstance(node, dict) and part in node:
            node = _own(node, part, copied)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = _own(node, part, copied)
        else:
            raise AssumptionsError(
                [Problem(format_path(walked), "no such key in the assumptions", origin=override.origin)]
            )
    if not isinstance(node, dict):
        raise AssumptionsError(
            [Problem(format_path(override.path), "cannot set a key inside a single value", origin=override.origin)]
        )
    value = override.value
    target = node.get(last)
    if isinstance(target, dict) and "base" in target:
        if isinstance(value, dict) or isinstance(value, list):
            raise AssumptionsError(
                [Problem(format_path(override.path), "give a number for a quantity", origin=override.origin)]
            )
        node = _own(node, last, copied)
        last = "base"
    node[last] = value
    if last == "base" and _is_number(value) and value >= 0:
        if node.get("low") is not None and _is_number(node["low"]) and value < node["low"]:
            node["low"] = value
        if node.get("high") is not None and _is_number(node["high"]) and value > node["high"]:
            node["high"] = value


def _own(parent: dict | list, part: PathPart, copied: set[int]) -> Any:
    """``parent[part]``, replaced first by a shallow copy of itself unless this call already made it."""
    child = parent[part]  # type: ignore[index]
    if isinstance(child, (dict, list)) and id(child) not in copied:
        child = dict(child) if isinstance(child, dict) else list(child)
        parent[part] = child  # type: ignore[index]
        copied.add(id(child))
    return child


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
