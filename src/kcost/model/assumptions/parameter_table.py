"""Every parameter of the assumptions as one table, with its evidence: for the app and for review."""

from __future__ import annotations

import pandas as pd

from .schema import Assumptions
from .paths import iter_quantities

__all__ = ["parameter_frame"]


def parameter_frame(assumptions: Assumptions, plan_ids: list[str] | None = None) -> pd.DataFrame:
    """One row per number: ``path, plan, low, base, high, unit, population, strength, sources, links, seen``.

    ``plan_ids`` keeps the rows of those plans plus the rows shared by every
    plan (drugs, general evidence); ``None`` keeps everything.
    """
    rows = []
    for path, q in iter_quantities(assumptions):
        plan = path[1] if path[0] == "plans" else ""
        if plan_ids is not None and plan and plan not in plan_ids:
            continue
        if plan_ids is not None and path[0] == "drugs":
            drug_in_use = any(assumptions.plans[p].drug == path[1] for p in plan_ids if p in assumptions.plans)
            if not drug_in_use:
                continue
        low, base, high = q.bounds
        cited = [assumptions.sources[s] for s in q.sources if s in assumptions.sources]
        rows.append(
            {
                "path": ".".join(path),
                "plan": plan,
                "low": low,
                "base": base,
                "high": high,
                "unit": q.unit,
                "population": q.population,
                "strength": q.strength,
                "sources": "; ".join(s.citation for s in cited),
                # Only validated http(s) addresses (Source.link): a file cannot put any other link here.
                "links": " ".join(s.link for s in cited if s.link is not None),
                "seen": ", ".join(sorted({s.seen for s in cited})),
                "note": q.note or "",
            }
        )
    return pd.DataFrame(rows)
