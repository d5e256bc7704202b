"""Finding every number in the assumptions, with its path."""

from __future__ import annotations

from typing import Iterator

from pydantic import BaseModel

from .schema import Assumptions, Quantity

__all__ = ["iter_quantities", "quantity_at"]

Path = tuple[str, ...]


def iter_quantities(assumptions: Assumptions) -> Iterator[tuple[Path, Quantity]]:
    """Yield ``(path, quantity)`` for every number in the file, in file order.

    Paths use the YAML keys, e.g. ``("plans", "ketamine-iv", "sessions", "infusions", "price")``.
    """
    yield from _walk(assumptions, ())


def _walk(value: object, path: Path) -> Iterator[tuple[Path, Quantity]]:
    if isinstance(value, Quantity):
        yield path, value
    elif isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            key = field.alias or name
            yield from _walk(getattr(value, name), (*path, key))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, str(key)))


def quantity_at(assumptions: Assumptions, path: Path) -> Quantity | None:
    """The quantity at ``path``, or ``None`` if the path names none."""
    node: object = assumptions
    for part in path:
        if isinstance(node, BaseModel):
            fields = {f.alias or n: n for n, f in type(node).model_fields.items()}
            if part not in fields:
                return None
            node = getattr(node, fields[part])
        elif isinstance(node, dict):
            if part not in node:
                return None
            node = node[part]
        else:
            return None
    return node if isinstance(node, Quantity) else None
