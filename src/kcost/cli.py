"""The ``kcost`` command line: validate assumptions, list plans, project costs.

Exit codes: 0 success, 2 bad input (flags, values or the assumptions file),
1 an unexpected internal error. No Python traceback reaches the user.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

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
from .model.assumptions.bounds import MAX_DRAWS, MAX_SEED, MIN_INTERVAL_WEEKS, UNIT_BOUNDS, number_from_text
from .model.assumptions.json_schema import schema_text
from pydantic import ValidationError

from .present.handout import DEFAULT_BASE_URL, handout
from .present.handout_scenario import base_url_problem

from .model.projection import MAX_WEEKS, Projection, project
from .model.scenario import Insurance, PatientTime, Scenario
from .model.sensitivity import OUTCOMES, one_way
from .present.formats import csv_cell, money, strict_json
from .present.names import COPAY_KIND_WORDS
from .present.project_table import project_table
from .model.uncertainty import DEFAULT_DRAWS, simulate

__all__ = ["add_scenario_arguments", "main", "scenario_from_args"]


#: The handout's grid has room for this many plan columns.
MAX_HANDOUT_PLANS = 4


class UsageError(Exception):
    """A flag or value the user gave is wrong."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # noqa: D401 - argparse's hook
        raise UsageError(message)


def _weeks(text: str) -> int:
    value = number_from_text(text, 1, MAX_WEEKS, whole=True)
    if value is None:
        raise argparse.ArgumentTypeError(f"must be a whole number of weeks from 1 to {MAX_WEEKS}, not {_shown(text)}")
    return int(value)


def _in_unit(unit: str, *, whole: bool = False, interval: bool = False) -> Callable[[str], float]:
    """An argparse type: a number within ``unit``'s bounds (the table in :mod:`kcost.model.assumptions.bounds`).

    ``interval``: 0 (none) or at least one day, as for a maintenance interval.
    """
    low, high = UNIT_BOUNDS[unit]

    def read(text: str) -> float:
        value = number_from_text(text, low, high, whole=whole)
        if value is None or (interval and 0 < value < MIN_INTERVAL_WEEKS):
            kind = "a whole number" if whole else "a number"
            extra = " (0 for none, otherwise at least 1 day = 0.15 weeks)" if interval else ""
            raise argparse.ArgumentTypeError(
                f"must be {kind} from {low:,.10g} to {high:,.10g} {unit}{extra}, not {_shown(text)}"
            )
        return value

    return read


def _whole(low: int, high: int) -> Callable[[str], int]:
    def read(text: str) -> int:
        value = number_from_text(text, low, high, whole=True)
        if value is None:
            raise argparse.ArgumentTypeError(f"must be a whole number from {low:,} to {high:,}, not {_shown(text)}")
        return int(value)

    return read


def _shown(text: str) -> str:
    """A flag's value as an error message quotes it: cut to 40 characters."""
    return repr(text) if len(text) <= 40 else repr(text[:39] + "…")


def _bounded(low: float, high: float, what: str = "a number") -> Callable[[str], float]:
    """An argparse type: a finite number from ``low`` to ``high`` (read like every other flag, see ``number_from_text``)."""

    def parse(text: str) -> float:
        value = number_from_text(text, low, high)
        if value is None:
            raise argparse.ArgumentTypeError(f"must be {what} from {low:,.10g} to {high:,.10g}, not {_shown(text)}")
        return value

    return parse


#: The kinds of charge that can carry a copay (a session's drug pays coinsurance, never a copay), and "none".
_COPAY_KINDS = (*COPAY_KIND_WORDS, "none")


def _copay_kind(text: str) -> str:
    if text.strip() not in _COPAY_KINDS:
        raise argparse.ArgumentTypeError(f"must be one of {', '.join(_COPAY_KINDS)}, not {text!r}")
    return text.strip()


def _fill_days(text: str) -> int:
    if text.strip() not in ("30", "90"):
        raise argparse.ArgumentTypeError(f"must be 30 or 90, not {text!r}")
    return int(text)


#: Insurance and time fields, and the flag that sets each (for messages that name the flag).
_FLAGS = {
    "deductible": "--deductible",
    "coinsurance_pct": "--coinsurance",
    "oop_max": "--oop-max",
    "copay_visit": "--copay-visit",
    "copay_session": "--copay-session",
    "copay_fill": "--copay-fill",
    "copays_skip_deductible": "--copays-skip-deductible",
    "deductible_met": "--deductible-met",
    "oop_met": "--oop-met",
    "renews_in_weeks": "--plan-year-renews-in-weeks",
    "fill_days": "--fill-days",
    "copay_programme": "--copay-programme",
    "programme_counts_toward_limits": "--accumulator",
    "government": "--government",
    "discount_card": "--discount-card",
    "superbill_pct": "--superbill-pct",
    "pre_tax_rate_pct": "--pre-tax-rate",
    "hourly_value": "--hourly-value",
    "travel_hours_per_trip": "--travel-hours",
    "travel_cost_per_trip": "--travel-cost",
    "include": "--include-time",
}


def add_scenario_arguments(parser: argparse.ArgumentParser, main_inputs: bool = True) -> None:
    """The flags of one scenario: main inputs and ``--set``, the patient's insurance, and their time.

    Shared by ``project``, ``simulate``, ``sensitivity`` (and any later command); read back with
    :func:`scenario_from_args`.
    """
    if main_inputs:
        parser.add_argument(
            "--session-price", type=_in_unit("USD/session"), metavar="USD", help="price of one ketamine dosing session"
        )
        parser.add_argument(
            "--induction-sessions", type=_in_unit("sessions", whole=True), metavar="N", help="sessions in the induction series"
        )
        parser.add_argument(
            "--booster-every-weeks", type=_in_unit("weeks", interval=True), metavar="N",
            help="weeks between boosters or renewals (0: none)",
        )
        parser.add_argument("--ssri-daily-cost", type=_in_unit("USD/day"), metavar="USD", help="daily cost of the SSRI/SNRI")
        parser.add_argument(
            "--set", action="append", default=[], metavar="DOTTED.PATH=VALUE", help="override any value of the file"
        )
    money, pct = _bounded(0, 100_000, "an amount in USD"), _bounded(0, 100, "a percentage")
    copay = _bounded(0, 10_000, "an amount in USD")
    ins = parser.add_argument_group("insurance (applies to the plans named with --insured)")
    ins.add_argument("--insured", nargs="+", action="extend", default=[], metavar="PLAN",
                     help="plans your insurance covers (the others are paid in cash)")
    ins.add_argument("--deductible", type=money, metavar="USD", help="deductible per plan year (default 1787)")
    ins.add_argument("--coinsurance", type=pct, metavar="PCT", help="your share after the deductible, %% (default 20)")
    ins.add_argument("--oop-max", type=money, metavar="USD", help="out-of-pocket maximum per plan year (default 9200)")
    ins.add_argument("--copay-visit", type=copay, metavar="USD", help="copay per office visit (default: none)")
    ins.add_argument("--copay-session", type=copay, metavar="USD", help="copay per session or procedure (default: none)")
    ins.add_argument("--copay-fill", type=copay, metavar="USD", help="copay per prescription fill (default: none)")
    ins.add_argument("--copays-skip-deductible", nargs="+", type=_copay_kind, metavar="KIND",
                     help="kinds whose copay you pay even before the deductible is met: visit, session, fill, "
                          "or none (default: visit fill)")
    ins.add_argument("--deductible-met", type=money, metavar="USD", help="deductible already met this plan year")
    ins.add_argument("--oop-met", type=money, metavar="USD", help="out-of-pocket already paid this plan year (at least --deductible-met, which counts too)")
    ins.add_argument("--plan-year-renews-in-weeks", type=_whole(1, 52), metavar="N",
                     help="weeks until your plan year renews, 1–52 (default 52)")
    ins.add_argument("--fill-days", type=_fill_days, metavar="30|90", help="days of medicine per fill (default 30)")
    ins.add_argument("--copay-programme", action=argparse.BooleanOptionalAction, default=None,
                     help="use the manufacturer's copay programme where one applies (default: yes)")
    ins.add_argument("--accumulator", action="store_true", default=None,
                     help="programme payments do not count toward your deductible and out-of-pocket maximum")
    ins.add_argument("--government", action="store_true", default=None,
                     help="Medicare or Medicaid: no manufacturer copay programme")
    ins.add_argument("--discount-card", action="store_true", default=None,
                     help="buy prescription fills at the cash price outside insurance")
    ins.add_argument("--superbill-pct", type=pct, metavar="PCT",
                     help="share of each uncovered visit and session your insurer refunds on a superbill (never a fill)")
    ins.add_argument("--pre-tax-rate", type=_bounded(0, 60, "a percentage"), metavar="PCT",
                     help="pay from an HSA/FSA at this marginal tax rate; adds an after-tax figure")
    time = parser.add_argument_group("your time (kept apart from money)")
    time.add_argument("--include-time", action="store_true", default=None, help="value your time and travel in dollars")
    time.add_argument("--hourly-value", type=_bounded(0, 1_000, "an amount in USD"), metavar="USD",
                      help="value of one hour of your time (default: the file's wage figure)")
    time.add_argument("--travel-hours", type=_bounded(0, 24, "a number of hours"), metavar="H",
                      help="hours of one round trip to a visit")
    time.add_argument("--travel-cost", type=copay, metavar="USD", help="cost of one round trip to a visit")


def scenario_from_args(
    args: argparse.Namespace, plans: list[str] | None, weeks: int, known_plans: Sequence[str]
) -> Scenario:
    """The :class:`Scenario` the flags of :func:`add_scenario_arguments` describe; a bad value raises UsageError."""
    kinds = args.copays_skip_deductible
    if kinds is not None and "none" in kinds and len(set(kinds)) > 1:
        raise UsageError(f"argument --copays-skip-deductible: 'none' cannot go with other kinds, not {' '.join(kinds)!r}")
    unknown = [p for p in args.insured if p not in known_plans]
    if unknown:
        raise UsageError(f"argument --insured: unknown plan {unknown[0]!r}; known plans: {', '.join(known_plans)}")
    given = {
        "deductible": args.deductible,
        "coinsurance_pct": args.coinsurance,
        "oop_max": args.oop_max,
        "copay_visit": args.copay_visit,
        "copay_session": args.copay_session,
        "copay_fill": args.copay_fill,
        "copays_skip_deductible": None
        if args.copays_skip_deductible is None
        else frozenset(k for k in args.copays_skip_deductible if k != "none"),
        "deductible_met": args.deductible_met,
        "oop_met": args.oop_met,
        "renews_in_weeks": args.plan_year_renews_in_weeks,
        "fill_days": args.fill_days,
        "copay_programme": args.copay_programme,
        "programme_counts_toward_limits": None if args.accumulator is None else not args.accumulator,
        "government": args.government,
        "discount_card": args.discount_card,
        "superbill_pct": args.superbill_pct,
        "pre_tax_rate_pct": args.pre_tax_rate,
    }
    timing = {
        "include": args.include_time,
        "hourly_value": args.hourly_value,
        "travel_hours_per_trip": args.travel_hours,
        "travel_cost_per_trip": args.travel_cost,
    }
    try:
        insurance = Insurance(**{k: v for k, v in given.items() if v is not None})
        time = PatientTime(**{k: v for k, v in timing.items() if v is not None})
    except ValidationError as exc:
        raise UsageError(_insurance_message(exc)) from None
    # Terms that would change nothing are said, not silently dropped (on stderr: the output stays clean).
    if not args.insured and any(v is not None for v in given.values()):
        _note("the insurance terms apply only to the plans named with --insured, and none was named: all plans are paid in cash")
    if not args.include_time and any(v is not None for k, v in timing.items() if k != "include"):
        _note("the time and travel terms count only with --include-time")
    main = MainInputs(
        session_price=getattr(args, "session_price", None),
        induction_sessions=getattr(args, "induction_sessions", None),
        booster_every_weeks=getattr(args, "booster_every_weeks", None),
        ssri_daily_cost=getattr(args, "ssri_daily_cost", None),
    )
    overrides = tuple(parse_set(text) for text in getattr(args, "set", []))
    return Scenario(
        plans=None if plans is None else tuple(plans),
        weeks=weeks,
        inputs=main,
        overrides=overrides,
        insured=frozenset(args.insured),
        insurance=insurance,
        time=time,
    )


def _note(text: str) -> None:
    """A note to the user on stderr, for a flag that changes nothing."""
    print(f"kcost: note: {text}.", file=sys.stderr)


def _cash_anyway_notes(result: Projection, insured: frozenset[str]) -> None:
    """Note each plan named with --insured that is still paid in cash because none of its charges is covered."""
    for p in result.plans:
        if p.plan_id in insured and not p.insured:
            _note(
                f"{p.plan_id}: none of its charges is covered in the assumptions (off-label use is usually paid "
                f"in cash), so it is paid in cash; to treat it as covered, add "
                f"--set plans.{p.plan_id}.billing.covered=true"
            )


def _insurance_message(exc: ValidationError) -> str:
    """One line naming the flag(s) behind the first problem pydantic found."""
    error = exc.errors(include_url=False)[0]
    field = str(error["loc"][0]) if error["loc"] else ""
    text = str(error["msg"]).removeprefix("Value error, ")
    if field:
        return f"argument {_FLAGS.get(field, field)}: {text}"
    names = "|".join(sorted(_FLAGS, key=len, reverse=True))
    return re.sub(rf"\b({names})\b", lambda m: _FLAGS[m.group(1)], text)


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
    proj.add_argument("--config", type=Path, help="assumptions file (default: the shipped one)")
    proj.add_argument("--plan", action="append", metavar="ID", help="a plan id; repeat for more (default: all)")
    proj.add_argument("--weeks", type=_weeks, default=52, help=f"horizon in weeks, 1–{MAX_WEEKS} (default 52)")
    add_scenario_arguments(proj)
    proj.add_argument("--format", choices=("table", "csv", "json"), default="table")

    hand = sub.add_parser(
        "handout",
        help="write the one-page PDF handout for 1 to 4 plans",
        description="Write the one-page handout (PDF) for the scenario: the same flags as 'project'. "
        "An existing file is not replaced unless you add --force; the file is written whole or not at all.",
    )
    hand.add_argument("--config", type=Path, help="assumptions file (default: the shipped one)")
    hand.add_argument("--plan", action="append", metavar="ID", help="a plan id; repeat for more (1 to 4)")
    hand.add_argument("--weeks", type=_weeks, default=52, help=f"horizon in weeks, 1–{MAX_WEEKS} (default 52)")
    add_scenario_arguments(hand)
    hand.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="where to write the PDF")
    hand.add_argument("--page", choices=("letter", "a4"), default="letter", help="paper size (default letter)")
    hand.add_argument(
        "--base-url", default=DEFAULT_BASE_URL, metavar="URL",
        help=f"the app's address, for the printed link that reopens the scenario (default {DEFAULT_BASE_URL})",
    )
    hand.add_argument("--force", action="store_true", help="replace FILE.pdf if it exists")

    sub.add_parser("schema", help="print the JSON Schema of the assumptions file")

    app = sub.add_parser("app", help="serve the app in the browser (Streamlit), with kcost's settings")
    app.add_argument("--port", type=_whole(1, 65_535), default=8501, help="port to listen on (default 8501)")
    app.add_argument(
        "--address", default="127.0.0.1",
        help="address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 for every interface)",
    )

    sens = sub.add_parser("sensitivity", help="one-way sensitivity: swing each ranged number low to high")
    sens.add_argument("--config", type=Path, help="assumptions file (default: the shipped one)")
    sens.add_argument("--plan", required=True, metavar="ID", help="the plan to study")
    sens.add_argument("--outcome", choices=OUTCOMES, default="total", help="total, until-onset or difference")
    sens.add_argument("--against", metavar="ID", help="the second plan, for --outcome difference")
    sens.add_argument("--weeks", type=_weeks, default=52, help=f"horizon in weeks, 1–{MAX_WEEKS} (default 52)")
    sens.add_argument("--format", choices=("table", "csv", "json"), default="table")
    add_scenario_arguments(sens)

    sim = sub.add_parser("simulate", help="probabilistic projection over draws of every ranged number")
    sim.add_argument("--config", type=Path, help="assumptions file (default: the shipped one)")
    sim.add_argument("--plan", action="append", metavar="ID", help="a plan id; repeat for more (default: all)")
    sim.add_argument("--weeks", type=_weeks, default=52, help=f"horizon in weeks, 1–{MAX_WEEKS} (default 52)")
    sim.add_argument("--draws", type=_whole(1, MAX_DRAWS), default=DEFAULT_DRAWS, help=f"number of draws (default {DEFAULT_DRAWS})")
    sim.add_argument(
        "--seed", type=_whole(0, MAX_SEED), default=0,
        help=f"random seed, 0 to {MAX_SEED:,} (default 0); same seed, same numbers",
    )
    sim.add_argument(
        "--at-week", action="append", type=_weeks, default=[], metavar="W",
        help="also give the chance of being cheaper by week W (repeatable)",
    )
    sim.add_argument("--format", choices=("table", "csv", "json"), default="table")
    add_scenario_arguments(sim)
    return parser


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
        # Only the type: the exception's text may hold values from the file or the flags.
        print(f"kcost: internal error ({type(exc).__name__}); please report it with the command you ran", file=sys.stderr)
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
    if args.command == "app":
        from .serve import serve

        sys.stdout.flush()
        serve(args.port, args.address)
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
    scenario = scenario_from_args(args, None, args.weeks, list(assumptions.plans))
    base, swings = one_way(assumptions, args.plan, args.weeks, args.outcome, args.against, scenario=scenario)
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
        _write_json({"plan": args.plan, "outcome": args.outcome, "against": args.against,
                     "horizon_weeks": args.weeks, "base": round(base, 2), "parameters": rows}, out)
    elif args.format == "csv":
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["parameter"], lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
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
    scenario = scenario_from_args(args, plan_ids, args.weeks, list(assumptions.plans))
    sim = simulate(assumptions, scenario, draws=args.draws, seed=args.seed)
    summary = []
    for p in sim.plans:
        p10, p50, p90 = p.percentiles()[:, -1]
        per_responder = p.cost_per_responder()
        expected = p.expected_percentiles()
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
                "expected_cost": None
                if expected is None
                else dict(zip(("p10", "median", "p90"), (round(float(x), 2) for x in expected))),
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
        _write_json(body, out)
    elif args.format == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["plan_id", "week", "p10", "median", "p90"])
        for p in sim.plans:
            pct = p.percentiles()
            for week in range(pct.shape[1]):
                writer.writerow([p.plan_id, week, *(csv_cell(round(float(x), 2)) for x in pct[:, week])])
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
    assumptions = load_assumptions(args.config)
    plan_ids = args.plan or list(assumptions.plans)
    _known_plans(assumptions, plan_ids)
    scenario = scenario_from_args(args, plan_ids, args.weeks, list(assumptions.plans))
    result = project(assumptions, scenario)
    _cash_anyway_notes(result, scenario.insured)
    if args.format == "json":
        _write_json(result.to_dict(), out)
    elif args.format == "csv":
        out.write(result.to_csv())
    else:
        out.write(project_table(result))
    return 0


def _write_json(body: Any, out: io.StringIO) -> None:
    """Strict JSON (RFC 8259): a number that is not finite is written as ``null``, never ``NaN``/``Infinity``."""
    out.write(strict_json(body))
    out.write("\n")
def _handout(args: argparse.Namespace, out: io.StringIO) -> int:
    problem = base_url_problem(args.base_url)
    if problem is not None:
        raise UsageError(f"--base-url {problem}")
    target: Path = args.out
    if target.exists() and not args.force:
        raise UsageError(f"--out: {target} exists; add --force to replace it")
    if not target.parent.is_dir():
        raise UsageError(f"--out: the folder {target.parent} does not exist")
    assumptions = load_assumptions(args.config)
    plan_ids = args.plan or list(assumptions.plans)
    _known_plans(assumptions, plan_ids)
    if not 1 <= len(plan_ids) <= MAX_HANDOUT_PLANS:
        raise UsageError(f"--plan: the handout shows 1 to {MAX_HANDOUT_PLANS} plans, not {len(plan_ids)}; name them with --plan")
    scenario = scenario_from_args(args, plan_ids, args.weeks, list(assumptions.plans))
    result = project(assumptions, scenario)
    pdf = handout(result, assumptions, scenario, page=args.page, base_url=args.base_url)
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

