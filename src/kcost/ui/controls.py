"""The comparison page's controls, and how their values become engine overrides.

Every control is bound to a URL query parameter (``bind="query-params"``), so
a reload or a shared link reopens the same scenario; Streamlit drops a control's
parameter from the URL while the control is at its default. The parameter names
are listed here, in one place, and hold no personal data: only plan ids and
numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import streamlit as st

from ..model.assumptions import Assumptions, Override, Quantity, main_input_path, quantity_at
from ..model.assumptions.bounds import number_from_text
from ..present.sentences import horizon_phrase
from ..present.formats import money, plain

__all__ = [
    "BOOSTER_OPTIONS",
    "DEFAULT_PLANS",
    "HORIZON_OPTIONS",
    "Control",
    "controls_for",
    "horizon_label",
]

DEFAULT_PLANS = ["ketamine-iv", "ssri-generic"]
HORIZON_OPTIONS = [4, 8, 12, 26, 52, 78, 104, 156, 208, 260]
#: Options are the words shown, so that a link reads ``?ketamine-iv.booster=6+weeks``.
BOOSTER_OPTIONS = ["no boosters", "1 week", *(f"{n} weeks" for n in range(2, 14))]
PRICE_RANGE = (100, 2000)
INTERVALS = ["weekly", "every 2 weeks"]
INDUCTION_RANGE = (1, 12)


def booster_weeks(option: str) -> int:
    """``"6 weeks"`` → 6; ``"no boosters"`` → 0 (the engine's "none")."""
    return 0 if option == BOOSTER_OPTIONS[0] else int(option.split()[0])


def horizon_label(weeks: int) -> str:
    """The horizon slider's words for ``weeks``: the summary sentence's, so the two always agree."""
    return horizon_phrase(weeks)


@dataclass(frozen=True)
class Control:
    """One bound control: its URL key, default, valid values and the override it produces.

    ``to_overrides`` turns the control's current value into engine overrides;
    ``valid`` says whether a raw URL string is acceptable (for the notice shown
    when a link carries a value the control cannot take).
    """

    key: str
    label: str
    default: Any
    render: Callable[["Control"], Any]
    to_overrides: Callable[[Any], list[Override]]
    valid: Callable[[str], bool]
    help: str = ""


def _source_help(assumptions: Assumptions, q: Quantity, unit_money: bool = True) -> str:
    low, base, high = q.bounds
    fmt = money if unit_money else (lambda x: f"{x:g}")
    spread = f" (published range {fmt(low)}–{fmt(high)})" if q.ranged else ""
    cites = "; ".join(plain(assumptions.sources[s].citation) for s in q.sources if s in assumptions.sources)
    flags = []
    if q.strength in ("weak", "unverified"):
        flags.append(f"evidence: {q.strength}")
    if q.strength == "assumption":
        flags.append("a kcost assumption, not evidence")
    if q.population == "depression":
        flags.append("measured in depression")
    flag = f" [{'; '.join(flags)}]" if flags else ""
    return f"Default {fmt(base)}{spread}{flag}. Source: {cites}."


def _float_ok(lo: float, hi: float) -> Callable[[str], bool]:
    return lambda text: number_from_text(text, lo, hi) is not None


def _int_ok(lo: int, hi: int) -> Callable[[str], bool]:
    # number_from_text reads ASCII digits only: "²".isdigit() is true but int("²") raises, and a
    # 5,000-digit string raises too (Python's limit on converting long integers).
    return lambda text: number_from_text(text, lo, hi, whole=True) is not None


def _set(path: tuple[str, ...], origin: str) -> Callable[[Any], list[Override]]:
    return lambda value: [Override(path, value, origin)]


def controls_for(assumptions: Assumptions, plan_id: str) -> tuple[list[Control], list[Control]]:
    """The main controls and the detail controls of one plan."""
    plan = assumptions.plans[plan_id]
    main: list[Control] = []
    details: list[Control] = []

    price_path = main_input_path(assumptions, plan_id, "session_price")
    if price_path is not None:
        q = quantity_at(assumptions, price_path)
        default = int(round(q.base))
        main.append(
            Control(
                key=f"{plan_id}.price",
                label="Price per session (USD)",
                default=default,
                render=lambda c: st.slider(
                    plain(c.label), *PRICE_RANGE, value=c.default, step=5, key=c.key, help=c.help, bind="query-params"
                ),
                to_overrides=_set(price_path, "session price"),
                valid=_int_ok(*PRICE_RANGE),
                help=_source_help(assumptions, q),
            )
        )
    count_path = main_input_path(assumptions, plan_id, "induction_sessions")
    if count_path is not None:
        q = quantity_at(assumptions, count_path)
        main.append(
            Control(
                key=f"{plan_id}.induction",
                label="Sessions in the first series",
                default=int(round(q.base)),
                render=lambda c: st.slider(
                    plain(c.label), *INDUCTION_RANGE, value=c.default, step=1, key=c.key, help=c.help, bind="query-params"
                ),
                to_overrides=_set(count_path, "induction sessions"),
                valid=_int_ok(*INDUCTION_RANGE),
                help=_source_help(assumptions, q, unit_money=False),
            )
        )
    booster_path = main_input_path(assumptions, plan_id, "booster_every_weeks")
    if booster_path is not None:
        q = quantity_at(assumptions, booster_path)
        base = int(round(q.base))
        default = BOOSTER_OPTIONS[0] if base <= 0 else BOOSTER_OPTIONS[min(base, 13)]
        main.append(
            Control(
                key=f"{plan_id}.booster",
                label="Booster or renewal every",
                default=default,
                render=lambda c: st.select_slider(
                    plain(c.label),
                    options=BOOSTER_OPTIONS,
                    value=c.default,
                    key=c.key,
                    help=c.help,
                    bind="query-params",
                ),
                to_overrides=lambda v, p=booster_path: [Override(p, booster_weeks(v), "booster interval")],
                valid=lambda text: text in BOOSTER_OPTIONS,
                help=_source_help(assumptions, q, unit_money=False) + " 'No boosters' stops after the first series.",
            )
        )

    # Details: every charge the plan has, then who pays.
    root = ("plans", plan_id)
    for name, q in plan.one_off.items():
        details.append(_money_control(assumptions, plan_id, (*root, "one_off", name), q, name.replace("_", " ") + ", once"))
    for sname, stream in plan.sessions.items():
        sroot = (*root, "sessions", sname)
        if price_path != (*sroot, "price"):
            if plan.kind == "esketamine" and stream.price.ranged:
                details.append(_dose_control(assumptions, plan_id, sroot, stream.price))
            else:
                details.append(
                    _money_control(assumptions, plan_id, (*sroot, "price"), stream.price, f"{stream.label} price")
                )
        for add, q in stream.add_ons.items():
            details.append(
                _money_control(
                    assumptions, plan_id, (*sroot, "add_ons", add), q, f"{add.replace('_', ' ')}, per session"
                )
            )
        if plan.kind == "esketamine" and stream.maintenance_every_weeks is not None:
            details.append(_esketamine_interval(assumptions, plan_id, sroot, stream.maintenance_every_weeks))
    pay = plan.payment
    details.append(
        Control(
            key=f"{plan_id}.payment",
            label="Who pays",
            default=pay.mode,
            render=lambda c: st.radio(
                plain(c.label),
                ["cash", "insured"],
                index=["cash", "insured"].index(c.default),
                horizontal=True,
                key=c.key,
                help=c.help,
                bind="query-params",
            ),
            to_overrides=_set((*root, "payment", "mode"), "who pays"),
            valid=lambda text: text in ("cash", "insured"),
            help="Insured: you pay your share of each charge plus a copay per session or visit, never more than the charge.",
        )
    )
    details.append(
        Control(
            key=f"{plan_id}.share",
            label="Your share when insured (%)",
            default=float(pay.patient_share.base),
            render=_number_field(100.0, disabled=lambda: _paying_cash(plan_id, pay.mode)),
            to_overrides=_set((*root, "payment", "patient_share"), "share when insured"),
            valid=_float_ok(0, 100),
            help=_source_help(assumptions, pay.patient_share, unit_money=False),
        )
    )
    details.append(
        _money_control(
            assumptions,
            plan_id,
            (*root, "payment", "copay"),
            pay.copay,
            "copay per session or visit",
            disabled=lambda: _paying_cash(plan_id, pay.mode),
        )
    )
    return main, details


def _paying_cash(plan_id: str, default_mode: str) -> bool:
    """Whether the plan's "who pays" control (drawn just before) says cash: share and copay then do not apply."""
    return st.session_state.get(f"{plan_id}.payment", default_mode) == "cash"


def _number_field(top: float, disabled: Callable[[], bool] = lambda: False) -> Callable[[Control], Any]:
    """How a number control draws itself: 0 to ``top`` in steps of 5, bound to the link.

    ``disabled`` is asked on every draw, so a field can follow a control drawn before it.
    """
    return lambda c: st.number_input(
        plain(c.label),
        0.0,
        top,
        value=c.default,
        step=5.0,
        key=c.key,
        help=c.help,
        bind="query-params",
        disabled=disabled(),
    )


def _money_control(
    assumptions: Assumptions,
    plan_id: str,
    path: tuple[str, ...],
    q: Quantity,
    label: str,
    disabled: Callable[[], bool] = lambda: False,
) -> Control:
    return Control(
        key=f"{plan_id}.{'.'.join(path[2:])}",
        label=f"{label[:1].upper()}{label[1:]} (USD)",
        default=float(q.base),
        render=_number_field(100_000.0, disabled),
        to_overrides=_set(path, label),
        valid=_float_ok(0, 100_000),
        help=_source_help(assumptions, q),
    )


def _dose_control(assumptions: Assumptions, plan_id: str, sroot: tuple[str, ...], q: Quantity) -> Control:
    low, _, high = q.bounds
    options = {"56 mg": low, "84 mg": high}
    default = "56 mg" if q.base == low else "84 mg"
    return Control(
        key=f"{plan_id}.dose",
        label="Dose after the first session",
        default=default,
        render=lambda c: st.radio(
            plain(c.label),
            list(options),
            index=list(options).index(c.default),
            captions=[f"{money(v)} a session (2019 list price)" for v in options.values()],
            horizontal=True,
            key=c.key,
            help=c.help,
            bind="query-params",
        ),
        to_overrides=lambda v: [Override((*sroot, "price"), options[v], "dose")],
        valid=lambda text: text in options,
        help="The first session is always 56 mg. " + _source_help(assumptions, q),
    )


def _esketamine_interval(assumptions: Assumptions, plan_id: str, sroot: tuple[str, ...], q: Quantity) -> Control:
    return Control(
        key=f"{plan_id}.interval",
        label="From week 9",
        default=INTERVALS[1] if q.base >= 2 else INTERVALS[0],
        render=lambda c: st.radio(
            plain(c.label),
            INTERVALS,
            index=INTERVALS.index(c.default),
            horizontal=True,
            key=c.key,
            help=c.help,
            bind="query-params",
        ),
        to_overrides=lambda v: [Override((*sroot, "maintenance_every_weeks"), 1 + INTERVALS.index(v), "interval")],
        valid=lambda text: text in INTERVALS,
        help=_source_help(assumptions, q, unit_money=False),
    )
