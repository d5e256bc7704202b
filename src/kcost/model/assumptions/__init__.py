"""Loading and validating kcost's assumptions file (``data/pricing.yaml``)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ...shipped import assumptions_file
from .overrides import MainInputs, Override, apply_overrides, main_input_overrides, parse_set
from .problems import AssumptionsError, Problem
from .schema import MAIN_INPUTS, Assumptions, Plan, Quantity, Source
from .validate import main_input_path, validate_data
from .paths import iter_quantities, quantity_at
from .yaml_reader import MAX_BYTES, YamlDocument, read_yaml

__all__ = [
    "MAIN_INPUTS",
    "Assumptions",
    "AssumptionsError",
    "MainInputs",
    "Override",
    "Plan",
    "Problem",
    "Quantity",
    "Source",
    "YamlDocument",
    "apply_overrides",
    "default_assumptions_path",
    "iter_quantities",
    "load_assumptions",
    "main_input_overrides",
    "main_input_path",
    "parse_assumptions",
    "parse_set",
    "quantity_at",
    "read_document",
    "with_overrides",
]


def default_assumptions_path() -> Path:
    """The shipped ``pricing.yaml``: the installed package's copy, or ``data/pricing.yaml`` in a checkout."""
    return assumptions_file()


def read_document(path: str | Path | None = None) -> YamlDocument:
    """Read an assumptions file as YAML (size-checked, safe loader), without validating it."""
    file = Path(path) if path is not None else default_assumptions_path()
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise AssumptionsError([Problem("", f"{file} is {size:,} bytes; the limit is {MAX_BYTES:,} bytes")])
        with file.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise AssumptionsError([Problem("", f"cannot read {file}: {exc.strerror or exc}")]) from None
    return read_yaml(raw)


def parse_assumptions(text: str | bytes, overrides: Iterable[Override] = ()) -> Assumptions:
    """Validate assumptions given as YAML text, after applying ``overrides``."""
    return _validated(read_yaml(text), list(overrides))


def load_assumptions(path: str | Path | None = None, overrides: Iterable[Override] = ()) -> Assumptions:
    """Load and validate an assumptions file; the shipped defaults when ``path`` is ``None``.

    Raises :class:`AssumptionsError` listing every problem with its YAML path and line.
    """
    return _validated(read_document(path), list(overrides))


def with_overrides(assumptions: Assumptions, overrides: Iterable[Override]) -> Assumptions:
    """A copy of already valid ``assumptions`` with ``overrides`` applied and re-validated."""
    overrides = list(overrides)
    if not overrides:
        return assumptions
    data = assumptions.model_dump(by_alias=True)
    return validate_data(apply_overrides(data, overrides), None, {o.path: o.origin for o in overrides})


def _validated(document: YamlDocument, overrides: list[Override]) -> Assumptions:
    data = document.data
    if overrides:
        if not isinstance(data, dict):
            raise AssumptionsError([Problem("", "the file must be a mapping of keys to values")])
        data = apply_overrides(data, overrides)
    return validate_data(data, document, {o.path: o.origin for o in overrides})
