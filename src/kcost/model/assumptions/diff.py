"""What differs between two sets of assumptions: path, old value, new value."""

from __future__ import annotations

from typing import Any

from .schema import Assumptions

__all__ = ["differences"]


def _flatten(value: Any, path: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{path}.{key}" if path else str(key), out)
    elif isinstance(value, list):
        out[path] = value
    else:
        out[path] = value


def differences(old: Assumptions, new: Assumptions) -> list[tuple[str, Any, Any]]:
    """Every leaf whose value differs, in path order; a leaf only one side has shows ``None`` on the other.

    Example: raising the IV price gives
    ``("plans.ketamine-iv.sessions.infusions.price.base", 550.0, 600.0)``.
    """
    a: dict[str, Any] = {}
    b: dict[str, Any] = {}
    _flatten(old.model_dump(by_alias=True), "", a)
    _flatten(new.model_dump(by_alias=True), "", b)
    return [(path, a.get(path), b.get(path)) for path in sorted(set(a) | set(b)) if a.get(path) != b.get(path)]
