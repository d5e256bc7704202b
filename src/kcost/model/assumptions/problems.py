"""Problems found in an assumptions file, each tied to a YAML path and line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

__all__ = ["AssumptionsError", "Problem", "format_path"]

PathPart = str | int


def format_path(parts: Iterable[PathPart]) -> str:
    """Render ``("plans", "ketamine-iv", "sessions", 0)`` as ``plans.ketamine-iv.sessions[0]``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the assumptions, phrased for the person who wrote them.

    ``origin`` says where the value came from when it was not the file itself
    (for example ``--set`` or an app control), so a line number is not shown
    for a value the file never contained.
    """

    path: str
    message: str
    line: int | None = None
    origin: str | None = None

    def __str__(self) -> str:
        where = self.path or "(file)"
        if self.origin:
            return f"{where}: {self.message} (from {self.origin})"
        if self.line is not None:
            return f"{where}: {self.message} (line {self.line})"
        return f"{where}: {self.message}"


class AssumptionsError(ValueError):
    """Raised when assumptions cannot be read or do not validate; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
