"""The ``kcost`` command line: validate assumptions, list plans, project costs.

Exit codes: 0 success, 2 bad input (flags, values or the assumptions file),
1 an unexpected internal error. No Python traceback reaches the user.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path
from typing import Sequence

from .model.assumptions import (
    Assumptions,
    AssumptionsError,
    MainInputs,
    default_assumptions_path,
    Override,
    iter_quantities,
    load_assumptions,
    main_input_overrides,
    parse_set,
)
from .model.assumptions.json_schema import schema_text
from .model.projection import MAX_WEEKS, Projection, project
from .model.sensitivity import OUTCOMES, one_way
from .present.formats import days_phrase, money
from .present.handout import DEFAULT_BASE_URL, handout
from .present.handout_scenario import base_url_problem
from .model.uncertainty import DEFAULT_DRAWS, MAX_DRAWS, simulate

__all__ = ["main"]


#: The handout's grid has room for this many plan columns.
MAX_HANDOUT_PLANS = 4


class UsageError(Exception):
    """A flag or value the user gave is wrong."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # noqa: D401 - argparse's hook
        raise UsageError(message)


def _weeks(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number of weeks, not {text!r}") from None
    if not 1 <= value <= MAX_WEEKS:
        raise argparse.ArgumentTypeError(f"must be from 1 to {MAX_WEEKS}, not {value}")
    return value


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, not {text!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"must be a finite number, not {text!r}")
    return value


def _count(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kcost",
        description=(
            "Compare the cumulative cost and expected time to onset of ketamine therapy and "
            "SSRI/SNRI treatment. Not medical advice."
        ),
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    validate = sub.add_parser("validate", help="check an assumptions file")
    validate.add_argument("file", nargs="?", type=Path, help="YAML file (default: the shipped data/pricing.yaml)")

    plans = sub.add_parser("plans", help="list the plan ids and their labels")
    plans.add_argument("--config", type=Path, help="assumptions file (default: the shipped one)")

    proj = sub.add_parser("project", help="project cumulative cost and onset for plans")
    add_scenario_arguments(proj)
    proj.add_argument("--format", choices=("table", "csv", "json"), default="table")

    hand = sub.add_parser(
        "handout",
        help="write the one-page PDF handout for 1 to 4 plans",
        description="Write the one-page handout (PDF) for the scenario: the same flags as 'project'. "
        "An existing file is not replaced unless you add --force; the file is written whole or not at all.",
    )
    add_scenario_arguments(hand)
    hand.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="where to write the PDF")
    hand.add_argument("--page", choices=("letter", "a4"), default="letter", help="paper size (default letter)")
    hand.add_argument(
        "--base-url", default=DEFAULT_BASE_URL, metavar="URL",
        help=f"the app's address, for the printed link that reopens the scenario (default {DEFAULT_BASE_URL})",
    )
    hand.add_argument("--force", action="store_true", help="replace FILE.pdf if it exists")

    sub.add_parser("schema", help="print the JSON Schema of the assumptions file")

    sens = sub.add_parser("sensitivity", help="one-way sensitivity: swing each ranged number low to high")
    sens.add_argument("--config", type=Path, help="assumptions file (default: the shipped one)")
    sens.add_argument("--plan", required=True, metavar="ID", help="the plan to study")
    sens.add_argument("--outcome", choices=OUTCOMES, default="total", help="total, until-onset or difference")
    sens.add_argument("--against", metavar="ID", help="the second plan, for --outcome difference")
    sens.add_argument("--weeks", type=_weeks, default=52, help=f"horizon in weeks, 1–{MAX_WEEKS} (default 52)")
    sens.add_argument("--format", choices=("table", "csv", "json"), default="table")

    sim = sub.add_parser("simulate", help="probabilistic projection over draws of every ranged number")
    sim.add_argument("--config", type=Path, help="assumptions file (default: the shipped one)")
    sim.add_argument("--plan", action="append", metavar="ID", help="a plan id; repeat for more (default: all)")
    sim.add_argument("--weeks", type=_weeks, default=52, help=f"horizon in weeks, 1–{MAX_WEEKS} (default 52)")
    sim.add_argument("--draws", type=_draws, default=DEFAULT_DRAWS, help=f"number of draws (default {DEFAULT_DRAWS})")
    sim.add_argument("--seed", type=_count, default=0, help="random seed (default 0); same seed, same numbers")
    sim.add_argument(
        "--at-week", action="append", type=_weeks, default=[], metavar="W",
        help="also give the chance of being cheaper by week W (repeatable)",
    )
    sim.add_argument("--format", choices=("table", "csv", "json"), default="table")
    return parser


def add_scenario_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags that describe a scenario (assumptions file, plans, horizon, main inputs, overrides).

    Shared by ``project`` and ``handout`` so both read a scenario the same way; see :func:`_scenario`.
    """
    parser.add_argument("--config", type=Path, help="assumptions file (default: the shipped one)")
    parser.add_argument("--plan", action="append", metavar="ID", help="a plan id; repeat for more (default: all)")
    parser.add_argument("--weeks", type=_weeks, default=52, help=f"horizon in weeks, 1–{MAX_WEEKS} (default 52)")
    parser.add_argument("--session-price", type=_number, metavar="USD", help="price of one ketamine dosing session")
    parser.add_argument("--induction-sessions", type=_count, metavar="N", help="sessions in the induction series")
    parser.add_argument(
        "--booster-every-weeks", type=_number, metavar="N", help="weeks between boosters or renewals (0: none)"
    )
    parser.add_argument("--ssri-daily-cost", type=_number, metavar="USD", help="daily cost of the SSRI/SNRI")
    parser.add_argument(
        "--set", action="append", default=[], metavar="DOTTED.PATH=VALUE", help="override any value of the file"
    )


def _scenario(args: argparse.Namespace) -> tuple[Assumptions, list[str], list[Override]]:
    """The file's assumptions, the plan ids and every change the flags make (main inputs first, then --set)."""
    assumptions = load_assumptions(args.config)
    plan_ids = args.plan or list(assumptions.plans)
    _known_plans(assumptions, plan_ids)
    inputs = MainInputs(
        session_price=args.session_price,
        induction_sessions=args.induction_sessions,
        booster_every_weeks=args.booster_every_weeks,
        ssri_daily_cost=args.ssri_daily_cost,
    )
    changes = main_input_overrides(assumptions, inputs, plan_ids) + [parse_set(text) for text in args.set]
    return assumptions, plan_ids, changes


def _draws(text: str) -> int:
    value = _count(text)
    if not 1 <= value <= MAX_DRAWS:
        raise argparse.ArgumentTypeError(f"must be from 1 to {MAX_DRAWS}, not {value}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (the ``kcost`` script exits with it)."""
    out = io.StringIO()
    try:
        code = _run(list(sys.argv[1:] if argv is None else argv), out)
    except UsageError as exc:
        print(f"kcost: {exc}", file=sys.stderr)
        print("kcost: see 'kcost --help' or 'kcost COMMAND --help'", file=sys.stderr)
        return 2
    except AssumptionsError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        print(f"kcost: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    try:
        sys.stdout.write(out.getvalue())
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    return code


def _run(argv: list[str], out: io.StringIO) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        return _validate(args.file, out)
    if args.command == "plans":
        assumptions = load_assumptions(args.config)
        for plan_id, plan in assumptions.plans.items():
            out.write(f"{plan_id}\t{plan.label}\n")
        return 0
    if args.command == "schema":
        out.write(schema_text())
        return 0
    if args.command == "sensitivity":
        return _sensitivity(args, out)
    if args.command == "simulate":
        return _simulate(args, out)
    if args.command == "handout":
        return _handout(args, out)
    return _project(args, out)


def _known_plans(assumptions: Assumptions, plan_ids: list[str]) -> None:
    unknown = [p for p in plan_ids if p not in assumptions.plans]
    if unknown:
        raise UsageError(f"unknown plan {unknown[0]!r}; known plans: {', '.join(assumptions.plans)}")


def _sensitivity(args: argparse.Namespace, out: io.StringIO) -> int:
    assumptions = load_assumptions(args.config)
    if args.outcome == "difference" and not args.against:
        raise UsageError("--outcome difference needs --against ID")
    _known_plans(assumptions, [args.plan] + ([args.against] if args.against else []))
    base, swings = one_way(assumptions, args.plan, args.weeks, args.outcome, args.against)
    rows = [
        {
            "parameter": s.path,
            "low": s.low_value,
            "high": s.high_value,
            "outcome_at_low": round(s.outcome_at_low, 2),
            "outcome_at_high": round(s.outcome_at_high, 2),
            "swing": round(s.width, 2),
        }
        for s in swings
    ]
    if args.format == "json":
        json.dump({"plan": args.plan, "outcome": args.outcome, "against": args.against,
                   "horizon_weeks": args.weeks, "base": round(base, 2), "parameters": rows}, out, indent=2)
        out.write("\n")
    elif args.format == "csv":
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["parameter"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        what = {"total": f"total over {args.weeks} weeks", "until-onset": "cost until expected relief",
                "difference": f"difference from {args.against} over {args.weeks} weeks"}[args.outcome]
        out.write(f"{args.plan}: {what}, base {money(base)}\n\n")
        width = max([len(r["parameter"]) for r in rows] + [9])
        out.write(f"{'parameter'.ljust(width)}  {'low':>10}  {'high':>10}  {'at low':>10}  {'at high':>10}  {'swing':>10}\n")
        for r in rows:
            out.write(
                f"{r['parameter'].ljust(width)}  {r['low']:>10g}  {r['high']:>10g}  {money(r['outcome_at_low']):>10}  "
                f"{money(r['outcome_at_high']):>10}  {money(r['swing']):>10}\n"
            )
    return 0


def _simulate(args: argparse.Namespace, out: io.StringIO) -> int:
    assumptions = load_assumptions(args.config)
    plan_ids = args.plan or list(assumptions.plans)
    _known_plans(assumptions, plan_ids)
    bad = [w for w in args.at_week if w > args.weeks]
    if bad:
        raise UsageError(f"--at-week {bad[0]} lies beyond the horizon of {args.weeks} weeks")
    sim = simulate(assumptions, plan_ids, args.weeks, args.draws, args.seed)
    summary = []
    for p in sim.plans:
        p10, p50, p90 = p.percentiles()[:, -1]
        per_responder = p.cost_per_responder()
        summary.append(
            {
                "id": p.plan_id,
                "label": p.label,
                "total_p10": round(float(p10), 2),
                "total_median": round(float(p50), 2),
                "total_p90": round(float(p90), 2),
                "cost_per_responder": None
                if per_responder is None
                else dict(zip(("low", "base", "high"), (round(x, 2) for x in per_responder))),
            }
        )
    pairs = [
        {
            "cheaper": a.plan_id,
            "than": b.plan_id,
            "probability": round(sim.probability_cheaper(a.plan_id, b.plan_id), 4),
            "by_week": {str(w): round(sim.probability_cheaper(a.plan_id, b.plan_id, w), 4) for w in args.at_week},
        }
        for a in sim.plans
        for b in sim.plans
        if a is not b
    ]
    if args.format == "json":
        body = {"horizon_weeks": sim.horizon_weeks, "draws": sim.draws, "seed": sim.seed, "plans": summary,
                "probability_cheaper_at_horizon": pairs,
                "note": "Cost per responder rests on limited, mostly depression-derived response rates."}
        json.dump(body, out, indent=2)
        out.write("\n")
    elif args.format == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["plan_id", "week", "p10", "median", "p90"])
        for p in sim.plans:
            pct = p.percentiles()
            for week in range(pct.shape[1]):
                writer.writerow([p.plan_id, week, *(round(float(x), 2) for x in pct[:, week])])
    else:
        out.write(f"{sim.draws} draws, seed {sim.seed}, {sim.horizon_weeks} weeks (what the patient pays)\n\n")
        for row in summary:
            out.write(f"{row['id']}: median {money(row['total_median'])}, 80% of draws between "
                      f"{money(row['total_p10'])} and {money(row['total_p90'])}\n")
            if row["cost_per_responder"]:
                c = row["cost_per_responder"]
                out.write(f"  per person who responds: about {money(c['base'])} (range {money(c['low'])}–{money(c['high'])});"
                          " limited, mostly depression-derived evidence\n")
        out.write("\n")
        for pair in pairs:
            by_week = "".join(f", by week {w}: {p:.0%}" for w, p in pair["by_week"].items())
            out.write(f"P({pair['cheaper']} costs less than {pair['than']}) = {pair['probability']:.0%} at the horizon{by_week}\n")
    return 0


def _validate(file: Path | None, out: io.StringIO) -> int:
    assumptions = load_assumptions(file)
    numbers = sum(1 for _ in iter_quantities(assumptions))
    name = file if file is not None else default_assumptions_path()
    out.write(
        f"{name}: valid — {len(assumptions.plans)} plans, {len(assumptions.drugs)} drugs, "
        f"{numbers} numbers, {len(assumptions.sources)} sources\n"
    )
    return 0


def _project(args: argparse.Namespace, out: io.StringIO) -> int:
    assumptions, plan_ids, changes = _scenario(args)
    result = project(assumptions, plan_ids, args.weeks, overrides=changes)
    if args.format == "json":
        json.dump(result.to_dict(), out, indent=2)
        out.write("\n")
    elif args.format == "csv":
        out.write(result.to_csv())
    else:
        out.write(_table(result))
    return 0


def _handout(args: argparse.Namespace, out: io.StringIO) -> int:
    problem = base_url_problem(args.base_url)
    if problem is not None:
        raise UsageError(f"--base-url {problem}")
    target: Path = args.out
    if target.exists() and not args.force:
        raise UsageError(f"--out: {target} exists; add --force to replace it")
    if not target.parent.is_dir():
        raise UsageError(f"--out: the folder {target.parent} does not exist")
    assumptions, plan_ids, changes = _scenario(args)
    if not 1 <= len(plan_ids) <= MAX_HANDOUT_PLANS:
        raise UsageError(f"--plan: the handout shows 1 to {MAX_HANDOUT_PLANS} plans, not {len(plan_ids)}; name them with --plan")
    result = project(assumptions, plan_ids, args.weeks, overrides=changes)
    pdf = handout(result, assumptions, changes, page=args.page, base_url=args.base_url)
    # Written beside the target and renamed: a failure never leaves half a PDF or spoils an existing file.
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_bytes(pdf)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UsageError(f"--out: cannot write {target}: {exc.strerror or exc}") from None
    out.write(f"wrote {target} ({len(result.plans)} plans, {args.weeks} weeks, {args.page})\n")
    return 0


def _table(result: Projection) -> str:
    headers = ["plan", "total", "first 4 weeks", "per month after", "onset (base, range)", "cost to onset", "sessions"]
    rows = []
    for p in result.plans:
        low, base, high = p.onset_days
        rows.append(
            [
                p.plan_id,
                money(p.total_cost),
                money(p.first_4_weeks_cost),
                money(p.monthly_cost_after_induction),
                f"{days_phrase(base)} ({days_phrase(low)}–{days_phrase(high)})",
                "—" if p.cost_until_onset is None else money(p.cost_until_onset),
                str(p.total_sessions),
            ]
        )
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = [f"Cumulative cost over {result.horizon_weeks} weeks (what the patient pays, USD)", ""]
    lines.append("  ".join(h.ljust(w) for h, w in zip(headers, widths)))
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
    for p in result.plans:
        if p.full_effect_days is not None:
            lines.append(f"\n{p.plan_id}: full effect expected around {days_phrase(p.full_effect_days[1])}")
    if result.crossovers:
        lines.append("\nCrossovers (one plan's cumulative cost overtakes another's):")
        for c in result.crossovers:
            lines.append(f"  week {c.week} (day {c.day}): {c.now_costlier} overtakes {c.now_cheaper}")
    lines.append("\nNot medical advice: a decision aid to discuss with a licensed clinician.")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

