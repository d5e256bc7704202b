"""Every control of the comparison page that a link can set, in one registry.

A :class:`Control` holds the URL key (also its session-state key), the default,
a check for a raw URL string, the plain-text label and how it draws itself. The
link notices, "Reset to defaults" and "Apply" in the assumptions workspace all
iterate :func:`registry_for`; nothing else lists keys or defaults.

Keys hold no personal data: plan ids, the words of a choice, and numbers.
"""

from __future__ import annotations

import math

from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from ...model.assumptions import Assumptions, Override, Quantity, main_input_path, quantity_at
from ...model.scenario import Insurance
from ...present.formats import label_text, money, plain
from ...present.names import COPAY_KIND_WORDS
from ...present.sentences import horizon_phrase

__all__ = [
    "BOOSTER_CHOICES",
    "COPAY_KINDS",
    "DEFAULT_PLANS",
    "HORIZON_OPTIONS",
    "INSURANCE",
    "MAX_LINK_VALUE",
    "MAX_PLANS",
    "PAY_CASH",
    "PAY_INSURANCE",
    "REFUSED_NUMBERS",
    "Control",
    "Registry",
    "refusal",
    "refused_numbers",
    "registry_for",
]

DEFAULT_PLANS = ["ketamine-iv", "ssri-generic"]
MAX_PLANS = 4
HORIZON_OPTIONS = [4, 8, 12, 26, 52, 78, 104, 156, 208, 260]
DEFAULT_WEEKS = 52
#: Longer than any label or number kcost writes into a link; anything longer is refused unread.
MAX_LINK_VALUE = 80
PRICE_RANGE = (100, 2000)
INDUCTION_RANGE = (1, 12)
#: The booster or renewal choices, as words (a link reads ``?ketamine-iv.booster=every+2+weeks``), in weeks.
BOOSTER_CHOICES = {"weekly": 1, "every 2 weeks": 2, "every 4 weeks": 4, "none": 0}
PAY_CASH, PAY_INSURANCE = "Cash", "Your insurance"


@dataclass(frozen=True)
class Control:
    """One control a link can set.

    ``draw`` draws the widget (bound to the URL under ``key``) and returns its
    value; ``to_overrides`` turns a value into engine overrides (most scenario-level
    controls give none: :func:`kcost.ui.compare.inputs.scenario_from_controls` reads them).
    ``valid`` says whether a raw URL string is usable; it is only ever given strings
    of at most :data:`MAX_LINK_VALUE` characters. ``from_file`` marks controls whose
    default comes from the assumptions: Apply clears them so they restart from the
    new defaults. ``plan_id`` is set for a plan's own controls.
    """

    key: str
    label: str
    default: Any
    valid: Callable[[str], bool]
    draw: Callable[["Control"], Any]
    to_overrides: Callable[[Any], list[Override]] = field(default=lambda value: [])
    help: str = ""
    plan_id: str | None = None
    from_file: bool = False
    many: bool = False  # several values under one key (the plan list)
    #: Reads one link value as a person may write it by hand (a plan's id, a number of weeks) or as the page
    #: writes it (the plan's label, "2 years"): text → the widget's value, or None. ``link_text`` gives the
    #: value back as the page writes it.
    spelled: Callable[[str], Any] | None = None
    link_text: Callable[[Any], str] | None = None

    def read_by_hand(self, text: str) -> Any:
        """The value ``text`` means when written the other way (see ``spelled``), or None."""
        if self.spelled is None or len(text) > MAX_LINK_VALUE:
            return None
        try:
            return self.spelled(text)
        except Exception:  # noqa: BLE001 - a link must never crash the page
            return None

    def accepts(self, text: str) -> bool:
        """``valid`` guarded: over-long text is refused unread and a check that fails says no."""
        if len(text) > MAX_LINK_VALUE:
            return False
        try:
            return bool(self.valid(text))
        except Exception:  # noqa: BLE001 - a link must never crash the page, whatever the check hits
            return False

    def overrides(self) -> list[Override]:
        """Overrides for the control's value in this session (none while at the default)."""
        value = st.session_state.get(self.key, self.default)
        return [] if value == self.default else self.to_overrides(value)

    def name(self, plan_label: str | None) -> str:
        """How a notice names the control: its label in quotes, as the page shows it, then the plan it sits under.

        ``“Price per session (USD)” under Ketamine IV infusions (clinic)``; ``“Deductible per plan year (USD)”``.
        """
        return f"“{self.label}” under {plan_label}" if plan_label else f"“{self.label}”"


class Registry(Mapping[str, Control]):
    """The page's link-bound controls by key, in the order the page draws them."""

    def __init__(self, assumptions: Assumptions, controls: list[Control]):
        self.assumptions = assumptions
        self._controls = {c.key: c for c in controls}

    def __getitem__(self, key: str) -> Control:
        return self._controls[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._controls)

    def __len__(self) -> int:
        return len(self._controls)

    def of_plan(self, plan_id: str) -> list[Control]:
        return [c for c in self._controls.values() if c.plan_id == plan_id]

    def defaults(self) -> dict[str, Any]:
        """Every key and its default: what "Reset to defaults" restores."""
        return {key: c.default for key, c in self._controls.items()}

    def draw(self, key: str) -> Any:
        control = self._controls[key]
        return control.draw(control)

    def value(self, key: str) -> Any:
        """The control's value in this session without drawing it (its default until it has been drawn once)."""
        return st.session_state.get(key, self._controls[key].default)

    def reset(self) -> None:
        """Put every control back to its default (which also drops its parameter from the URL, except for the
        insurance boxes that need a figure: see :func:`_typed_number_control`)."""
        for key, value in self.defaults().items():
            st.session_state[key] = value

    def forget_file_values(self) -> None:
        """Drop the session values of controls whose defaults come from the assumptions (for Apply)."""
        for key, control in self._controls.items():
            if control.from_file:
                st.session_state.pop(key, None)

    def link_notices(self, params: Mapping[str, list[str]]) -> tuple[list[str], list[str]]:
        """What to tell the user about a link, and which of its keys to remove from the address.

        ``params`` maps each key to all its values. Unknown keys are removed (someone
        may have added a name to the link), and so are refused or repeated values: the
        widget would otherwise read some of them its own way (``1e3`` as 1,000, ``700.5``
        as 700) after the notice said they were dropped. The page removes them before
        any widget is drawn, so the control starts from its default.
        """
        notices, remove = [], []
        labels = {pid: plan.label for pid, plan in self.assumptions.plans.items()}
        for key, values in params.items():
            control = self._controls.get(key)
            if control is None:
                remove.append(key)
                notices.append(f"the link had a setting kcost does not use ({key[:40]}); it has been removed")
                continue
            name = control.name(labels.get(control.plan_id or ""))
            if not control.many and len(values) > 1:
                remove.append(key)
                notices.append(f"the link gave {name} more than once, so neither value was used")
            elif not all(control.accepts(v) or control.read_by_hand(v) is not None for v in values):
                remove.append(key)
                notices.append(f"the link's value for {name} could not be used, so the default is shown instead")
            elif control.many and len(values) > MAX_PLANS:
                dropped = ", ".join(values[MAX_PLANS:])
                notices.append(
                    f"the link named {len(values)} plans; up to {MAX_PLANS} can be compared, so {dropped[:200]} was dropped"
                )
        return notices, remove

    def link_rewrites(self, params: Mapping[str, list[str]]) -> dict[str, Any]:
        """Keys whose link values were written by hand (``plans=esketamine``, ``weeks=104``), with the value meant.

        Only keys where every value is readable one way or the other, at least one of them the other way,
        and that :meth:`link_notices` keeps. The page sets these values and rewrites the address the way it
        writes it itself (``plans=Esketamine nasal spray (Spravato)``, ``weeks=2 years``).
        """
        rewrites: dict[str, Any] = {}
        for key, values in params.items():
            control = self._controls.get(key)
            if control is None or control.spelled is None or (not control.many and len(values) != 1):
                continue
            meant = [control.read_by_hand(v) for v in values]
            if all(control.accepts(v) for v in values) or any(m is None for m in meant):
                continue
            if control.many:
                meant = list(dict.fromkeys(meant))[:MAX_PLANS]
            rewrites[key] = meant if control.many else meant[0]
        return rewrites


# --- building the registry -----------------------------------------------------------------------


_CACHE: "OrderedDict[int, tuple[Assumptions, Registry]]" = OrderedDict()


def registry_for(assumptions: Assumptions) -> Registry:
    """The registry for ``assumptions``, built once per assumptions object (a few kept, newest last).

    Keyed by identity: the shipped assumptions are one cached object, and an applied
    edit is one object per Apply. The object itself is kept with its registry, so an
    id is never reused while its entry lives.
    """
    hit = _CACHE.get(id(assumptions))
    if hit is not None and hit[0] is assumptions:
        _CACHE.move_to_end(id(assumptions))
        return hit[1]
    registry = Registry(assumptions, _controls(assumptions))
    _CACHE[id(assumptions)] = (assumptions, registry)
    while len(_CACHE) > 8:
        _CACHE.popitem(last=False)
    return registry


def _controls(assumptions: Assumptions) -> list[Control]:
    return [
        *_scenario_controls(assumptions),
        *_insurance_controls(),
        *_time_controls(assumptions),
        *(c for pid in assumptions.plans for c in _plan_controls(assumptions, pid)),
        *_medicine_controls(assumptions),
        Control(
            key="uncertainty",
            label="Show the likely range",
            default=False,
            valid=lambda text: text.lower() in ("true", "false"),
            draw=lambda c: st.toggle(c.label, value=c.default, key=c.key, help=c.help, bind="query-params"),
            help="Every number with a published range is varied across 500 simulated futures; the shaded band holds "
            "the middle 80 of every 100.",
        ),
    ]


def horizon_label(weeks: int) -> str:
    """The horizon's words (the summary sentence's, so the two always agree); also what a link carries."""
    return horizon_phrase(weeks)


def _scenario_controls(assumptions: Assumptions) -> list[Control]:
    plans = assumptions.plans
    plan_labels = {p.label for p in plans.values()}
    horizon_words = {horizon_label(w) for w in HORIZON_OPTIONS}
    by_label = {p.label: pid for pid, p in plans.items()}
    by_words = {horizon_label(w): w for w in HORIZON_OPTIONS}
    return [
        Control(
            key="plans",
            label=f"Plans to compare (up to {MAX_PLANS})",
            default=[p for p in DEFAULT_PLANS if p in plans],
            valid=lambda text: text in plan_labels,
            draw=lambda c: st.multiselect(
                c.label,
                list(plans),
                default=c.default,
                format_func=lambda pid: plans[pid].label,  # options are plain text, not Markdown
                max_selections=MAX_PLANS,
                # "Select all" picks every plan past the limit of 4 and keeps the first four without a word.
                select_all=False,
                key=c.key,
                help=c.help,
                bind="query-params",
            ),
            help="Pick the treatments you want to put side by side.",
            many=True,
            from_file=True,
            spelled=lambda text: text if text in plans else by_label.get(text),
            link_text=lambda pid: plans[pid].label,
        ),
        Control(
            key="weeks",
            label="Over how long",
            default=DEFAULT_WEEKS,
            valid=lambda text: text in horizon_words,
            draw=lambda c: st.select_slider(
                c.label,
                options=HORIZON_OPTIONS,
                value=c.default,
                format_func=horizon_label,
                key=c.key,
                help=c.help,
                bind="query-params",
            ),
            help="How far ahead to add up the costs: 4 weeks to 5 years.",
            spelled=lambda text: int(text) if text.isdigit() and int(text) in HORIZON_OPTIONS else by_words.get(text),
            link_text=horizon_label,
        ),
        Control(
            key="pay",
            label="How will you pay?",
            default=PAY_CASH,
            valid=lambda text: text in (PAY_CASH, PAY_INSURANCE),
            draw=lambda c: st.radio(
                c.label,
                [PAY_CASH, PAY_INSURANCE],
                index=[PAY_CASH, PAY_INSURANCE].index(c.default),
                horizontal=True,
                key=c.key,
                help=c.help,
                bind="query-params",
            ),
            help="Cash: you pay every charge in full. Your insurance: you pay your share under the terms you set.",
        ),
    ]


# --- insurance ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class InsuranceField:
    """One term of the scenario's insurance profile: its name in ``Insurance`` and how it is entered."""

    name: str
    label: str
    default: float | bool | int | frozenset | None
    top: float = 0.0
    step: float = 1.0
    help: str = ""
    choices: tuple = ()
    bottom: float = 0.0
    #: Another switch (a term's name) that makes this one meaningless while it is on: this one is then greyed
    #: out, keeping its value for when that switch is turned off again. Drawn after that switch.
    off_while: str | None = None


#: The insurance profile's terms, in the order the panel shows them. ``name`` is the field of the
#: scenario's :class:`~kcost.model.scenario.Insurance`, whose defaults these are; the URL key is
#: ``ins.<name>``. A copay left empty means "none": that kind of charge goes to the deductible, then
#: the coinsurance (a copay of $0 would mean the visit is free). Ranges are the engine's bounds.
_DEFAULT_INSURANCE = Insurance()
INSURANCE = [
    InsuranceField("coinsurance_pct", "Your share of each bill (%)", float(_DEFAULT_INSURANCE.coinsurance_pct), 100.0, 5.0,
                   "Coinsurance: the part of each covered charge you pay once the deductible is met."),
    InsuranceField("deductible", "Deductible per plan year (USD)", float(_DEFAULT_INSURANCE.deductible), 100_000.0, 100.0,
                   "What you pay in full each plan year before insurance shares the cost. The default is the 2024 "
                   "average for single cover at work (KFF)."),
    InsuranceField("oop_max", "Out-of-pocket limit per plan year (USD)", float(_DEFAULT_INSURANCE.oop_max), 100_000.0, 100.0,
                   "The most you pay for covered care in a plan year. The default is the 2025 legal top for one person."),
    InsuranceField("copay_visit", "Copay per doctor or therapy visit (USD)", None, 10_000.0, 5.0,
                   "A fixed amount per visit, if your plan has one. Leave empty if not."),
    InsuranceField("copay_session", "Copay per treatment session (USD)", None, 10_000.0, 5.0,
                   "A fixed amount per infusion, dosing or observation session, if your plan has one. Leave empty if not."),
    InsuranceField("copay_fill", "Copay per prescription fill (USD)", None, 10_000.0, 5.0,
                   "A fixed amount each time you fill a prescription. Leave empty if not."),
    InsuranceField("copays_skip_deductible", "Copays you pay before the deductible is met",
                   _DEFAULT_INSURANCE.copays_skip_deductible,
                   help="Many plans take only the copay for a visit or a prescription fill, even before you have paid "
                   "the deductible. For a kind you leave out, you pay the full bill until the deductible is met, then "
                   "the copay. It matters only for the copays you entered above."),
    InsuranceField("deductible_met", "Deductible already paid this plan year (USD)", 0.0, 100_000.0, 100.0),
    InsuranceField("oop_met", "Already paid toward this year's limit (USD)", 0.0, 100_000.0, 100.0,
                   "Counts your deductible payments too: kcost never uses less than the deductible already paid."),
    InsuranceField("renews_in_weeks", "Plan year starts again in (weeks)", int(_DEFAULT_INSURANCE.renews_in_weeks), 52, 1,
                   "Whole weeks, 1 to 52, until your deductible and limit start again; 52 means a year from now.",
                   bottom=1),
    InsuranceField("fill_days", "Medicine filled for", int(_DEFAULT_INSURANCE.fill_days), choices=(30, 90)),
    InsuranceField("superbill_pct", "Share of cash visits and sessions your insurer pays back (%)", None, 100.0, 5.0,
                   "Some plans pay back part of the visits and sessions of an off-label treatment you paid in cash, if you send a superbill. "
                   "Leave empty if yours does not."),
    InsuranceField("pre_tax_rate_pct", "Paid from an HSA or FSA at tax rate (%)", None, 60.0, 1.0,
                   "Money from an HSA or FSA is not taxed. Enter your tax rate to see what you pay after tax."),
    InsuranceField("government", "Medicare, Medicaid or another government plan", _DEFAULT_INSURANCE.government,
                   help="Makers' copay programmes are not open to people with government plans."),
    InsuranceField("copay_programme", "Use the maker's copay programme (esketamine)", _DEFAULT_INSURANCE.copay_programme,
                   help="Only with private insurance. It pays toward the drug, never the observation fee.",
                   off_while="government"),
    InsuranceField("programme_counts_toward_limits", "Programme payments count toward my deductible and limit",
                   _DEFAULT_INSURANCE.programme_counts_toward_limits,
                   help="Some plans do not count them (an 'accumulator' plan).", off_while="government"),
    InsuranceField("discount_card", "Buy the medicine with a discount card", _DEFAULT_INSURANCE.discount_card,
                   help="You pay the cash price per fill; it does not count toward your deductible."),
]
#: The terms the panel shows first; the rest sit under "More about your plan".
INSURANCE_FIRST = ("deductible", "coinsurance_pct", "oop_max", "copay_visit", "copay_session", "copay_fill")


def _insurance_controls() -> list[Control]:
    controls = []
    for f in INSURANCE:
        key = f"ins.{f.name}"
        if isinstance(f.default, bool):
            controls.append(
                Control(
                    key=key, label=f.label, default=f.default, help=f.help,
                    valid=lambda text: text.lower() in ("true", "false"),
                    draw=lambda c, off=f.off_while: st.checkbox(
                        c.label, value=c.default, key=c.key, help=c.help, bind="query-params",
                        disabled=bool(off and st.session_state.get(f"ins.{off}", False)),
                    ),
                )
            )  # fmt: skip
        elif isinstance(f.default, frozenset):
            controls.append(_copay_kinds_control(key, f))
        elif f.choices:
            words = {f"{n} days": n for n in f.choices}
            controls.append(
                Control(
                    key=key, label=f.label, default=f.default, help=f.help,
                    valid=lambda text, words=words: text in words,
                    draw=lambda c, words=words: st.radio(
                        c.label, list(words.values()), index=list(words.values()).index(c.default),
                        format_func=lambda n: f"{n} days", horizontal=True, key=c.key, help=c.help,
                        bind="query-params",
                    ),
                )
            )  # fmt: skip
        else:
            controls.append(_typed_number_control(key, f))
    return controls


#: The kinds of charge a copay can skip the deductible for, in the words of the copay boxes (a drug has no copay).
COPAY_KINDS = COPAY_KIND_WORDS


def _copay_kinds_control(key: str, f: InsuranceField) -> Control:
    """Which copays skip the deductible: several kinds under one key, written in the link as the page's words.

    A link may name a kind as the engine and the command line do (``ins.copays_skip_deductible=visit``).
    """
    kinds = list(COPAY_KINDS)
    by_words = {words: kind for kind, words in COPAY_KINDS.items()}
    return Control(
        key=key,
        label=f.label,
        default=[k for k in kinds if k in f.default],
        help=f.help,
        # Streamlit writes an empty choice as ``ins.copays_skip_deductible=`` (no kind skips the deductible).
        valid=lambda text: text in by_words or text == "",
        draw=lambda c: st.multiselect(
            c.label, kinds, default=c.default, format_func=COPAY_KINDS.__getitem__, key=c.key, help=c.help,
            placeholder="None: every copay waits for the deductible", bind="query-params",
        ),
        many=True,
        spelled=lambda text: text if text in COPAY_KINDS else by_words.get(text),
        link_text=COPAY_KINDS.__getitem__,
    )  # fmt: skip


# --- number boxes that say what they did with a value they could not use ------------------------

#: Session-state keys: the last value each checked number box gave (what is kept when a typed value cannot be
#: used), and the notices about values just refused, by control key.
KEPT_NUMBERS = "kept_numbers"
REFUSED_NUMBERS = "refused_numbers"


def _typed_number_control(key: str, f: InsuranceField) -> Control:
    """A number box for one insurance term that never changes a value silently.

    Streamlit 1.67 in Chromium: given a range, the box refuses a typed value outside it with only a red
    outline and a message on hover that does not name the box, sends nothing, and keeps showing the refused
    value while the figures use the old one. An empty box, or text that is not a number (``abc``, ``1e400``,
    which the browser reads as empty), is sent as "no value", which a box with a default turns into that
    default without a word; and a whole-number box reads ``2.5`` as 2. So every box here is a float box with
    no range and no Streamlit default (``value=None``: its starting value is put in session state instead),
    and :func:`_check_typed` sees what was really sent: a value outside the range, "no value" where the term
    needs one, or a fraction where it needs whole weeks puts the last value back and leaves a notice naming
    the box. A copay and the other terms that may be left empty take "no value" as "none", and say so when
    that empties a box that held a figure (the page cannot tell a cleared box from unreadable text).

    The price of a box without a Streamlit default: whenever it is drawn again after being hidden (paying
    cash, then insurance again) or after Reset, Streamlit writes its value into the address even when it is
    kcost's default (``ins.deductible=1787.0``). Such a link still reopens the same figures.
    """
    whole = isinstance(f.default, int)
    low, high = float(f.bottom), float(f.top)
    can_be_empty = f.default is None
    return Control(
        key=key, label=f.label, default=float(f.default) if whole else f.default, help=f.help,
        valid=_float_ok(low, high, whole=whole),
        # The insurance panel shows the notices under each group of boxes (kcost.ui.compare.inputs).
        draw=lambda c: checked_number(c, low, high, float(f.step), whole=whole, can_be_empty=can_be_empty,
                                      notice_below=False),
    )  # fmt: skip


def checked_number(
    c: Control,
    low: float,
    high: float,
    step: float,
    *,
    whole: bool = False,
    can_be_empty: bool = False,
    number_format: str | None = None,
    notice_below: bool = True,
) -> float | None:
    """Draw ``c`` as a number box that never changes a value silently (see :func:`_typed_number_control`).

    The box has no Streamlit default; its starting value (``c.default``, or the link's) is put in session state.
    A value it cannot use is put back by :func:`_check_typed`, which leaves a notice naming the box; with
    ``notice_below`` the notice shows right under the box, else the caller shows it (:func:`refused_numbers`).
    """
    state = st.session_state
    if c.key not in state and c.key not in st.query_params:
        state[c.key] = c.default  # the starting value; a link's value seeds the box itself
    # A term that needs a figure sits in a container whose key the page's CSS uses to hide the box's
    # "clear" button (Streamlit shows one on every box without a default).
    with st.container(key=f"figure-{c.key}") if not can_be_empty else nullcontext():
        # No range for the browser to enforce: it would refuse a value without a word (see above); the range is
        # checked by _check_typed, which names the box.
        value = st.number_input(
            label_text(c.label), None, None, value=None, step=step, format=number_format or ("%g" if whole else None),
            key=c.key, help=c.help, placeholder="none" if can_be_empty else None, on_change=_check_typed,
            args=(c, low, high, whole, can_be_empty), bind="query-params",
        )
    if value is not None or can_be_empty:
        state.setdefault(KEPT_NUMBERS, {})[c.key] = value
    if notice_below:
        for notice in refused_numbers([c.key]):
            st.warning(plain(notice))
    return value


def _check_typed(c: Control, low: float, high: float, whole: bool, can_be_empty: bool) -> None:
    """Before the rerun a box's new value causes: put the last value back, with a notice, if the new one cannot be used.

    ``None`` is what the browser sends for an empty box and for text that is not a number; a fraction
    can only come from a box that needs whole weeks. Example: the deductible held $1,500 and ``-5`` is typed:
    the box shows $1,500 again, under "“Deductible per plan year (USD)”: type a number from $0 to $100,000.
    -$5 is outside that range, so $1,500 is kept."
    """
    state = st.session_state
    value = state.get(c.key)
    kept = state.get(KEPT_NUMBERS, {}).get(c.key, c.default)
    refused = state.setdefault(REFUSED_NUMBERS, {})
    notice = None if value is None and can_be_empty else refusal(c, value, low, high, kept, whole=whole)
    if notice is not None:
        state[c.key] = kept
        refused[c.key] = notice
    elif value is None and kept is not None:
        # Emptied on purpose or by text the browser could not read: "none" either way, but never silently.
        refused[c.key] = (
            f"{c.name(None)} is now empty, which means none (it was {_number_text(c.label, kept)}). "
            "If you meant a number, type it again using digits only."
        )
    else:
        refused.pop(c.key, None)


def refusal(c: Control, value: float | None, low: float, high: float, kept: float | None, whole: bool = False) -> str | None:
    """The notice for a value that box ``c`` cannot use (empty or unreadable, outside ``low``–``high``, or a fraction
    where ``whole`` weeks are needed), saying that ``kept`` stays in force; None when the value can be used.

    Example: ``refusal(price, 5000, 100, 2000, 550)`` → "“Price per session (USD)”: type a number from $100 to
    $2,000. $5,000 is outside that range, so $550 is kept."
    """
    if value is None or not math.isfinite(value):
        problem = "the box was empty or did not hold a number"
    elif not low <= value <= high:
        problem = f"{_number_text(c.label, value)} is outside that range"
    elif whole and not float(value).is_integer():
        problem = f"{value:g} is not a whole number of weeks"
    else:
        return None
    allowed = f"whole weeks from {low:g} to {high:g}" if whole else f"a number from {_number_text(c.label, low)} to {_number_text(c.label, high)}"
    kept_text = "none" if kept is None else _number_text(c.label, kept)
    return f"{c.name(None)}: type {allowed}. {problem[:1].upper()}{problem[1:]}, so {kept_text} is kept."


def _number_text(label: str, value: float) -> str:
    """A term's value in its unit, as its label gives it: ``$2,000``, ``$2,500.50``, ``$0.0312``, ``20%``,
    ``10 weeks``; ``-5`` in dollars is ``-$5``."""
    if value < 0:
        return "-" + _number_text(label, -value)
    if label.endswith("(USD)"):
        if 0 < abs(value) < 1:
            return f"${value:.4g}"  # a medicine's daily cost: $0.0312, not $0.03
        return "$" + f"{value:,.2f}".removesuffix(".00")
    if label.endswith("(%)"):
        return f"{value:g}%"
    if label.endswith("(weeks)"):
        return f"{value:g} weeks"
    return f"{value:,g}"


def refused_numbers(keys: list[str]) -> list[str]:
    """The notices about values just refused in the boxes ``keys``, each said once (the next full run drops them)."""
    refused = st.session_state.get(REFUSED_NUMBERS, {})
    return [refused.pop(key) for key in keys if key in refused]


# --- the patient's own time -----------------------------------------------------------------------------


def _time_controls(assumptions: Assumptions) -> list[Control]:
    """Whether to count the patient's time, and its terms; defaults from the file's ``patient_time`` block."""
    terms = assumptions.patient_time
    controls = [
        Control(
            key="time.include",
            label="Count my time and travel",
            default=False,
            valid=lambda text: text.lower() in ("true", "false"),
            draw=lambda c: st.toggle(c.label, value=c.default, key=c.key, help=c.help, bind="query-params"),
            help="Hours in the chair, travel, and a companion's ride home, shown apart from what you pay.",
        )
    ]
    for name, label, top, step in (
        ("hourly_value", "Value of an hour of your time (USD)", 1_000.0, 1.0),
        ("travel_hours_per_trip", "Hours of travel per round trip", 24.0, 0.25),
        ("travel_cost_per_trip", "Travel cost per round trip (USD)", 10_000.0, 1.0),
    ):
        q = getattr(terms, name)
        controls.append(
            Control(
                key=f"time.{name}",
                label=label,
                default=float(q.base),
                valid=_float_ok(0, top),
                draw=lambda c, top=top, step=step: checked_number(c, 0.0, top, step),
                help=_source_help(assumptions, q, unit_money=name != "travel_hours_per_trip"),
                from_file=True,
            )
        )
    return controls


# --- the medicine ---------------------------------------------------------------------------------


def drug_label(assumptions: Assumptions, drug_id: str) -> str:
    drug = assumptions.drugs[drug_id]
    return f"{drug.label} ({drug.class_})"


def _medicine_controls(assumptions: Assumptions) -> list[Control]:
    drug_ids = list(assumptions.drugs)
    if not drug_ids:
        return []
    first_ssri = next((p for p in assumptions.plans.values() if p.drug is not None), None)
    default_drug = first_ssri.drug if first_ssri is not None and first_ssri.drug in drug_ids else drug_ids[0]
    words = {drug_label(assumptions, d) for d in drug_ids}

    def prefill() -> None:
        st.session_state["ssri_daily"] = float(assumptions.drugs[st.session_state["drug"]].daily_cost.base)

    return [
        Control(
            key="drug",
            label="Medicine",
            default=default_drug,
            valid=lambda text: text in words,
            draw=lambda c: st.selectbox(
                c.label,
                drug_ids,
                index=drug_ids.index(c.default),
                format_func=lambda d: drug_label(assumptions, d),
                key=c.key,
                on_change=prefill,
                help=c.help,
                bind="query-params",
            ),
            help="Choosing a medicine fills in its daily cost.",
            from_file=True,
        ),
        Control(
            key="ssri_daily",
            label="Daily cost of the medicine (USD)",
            default=float(assumptions.drugs[default_drug].daily_cost.base),
            valid=_float_ok(0, 50),
            draw=lambda c: checked_number(c, 0.0, 50.0, 0.01, number_format="%.3f"),
            help="Defaults are pharmacy acquisition costs (CMS NADAC); what you pay at the counter is usually higher.",
            from_file=True,
        ),
    ]


# --- each plan's controls ---------------------------------------------------------------------------


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


def _float_ok(lo: float, hi: float, whole: bool = False) -> Callable[[str], bool]:
    """A check for a float box's link value; ``whole`` also asks for a whole number (``10`` or ``10.0``, as
    Streamlit writes a float box's value back into the address)."""

    def ok(text: str) -> bool:
        try:
            value = float(text)
        except ValueError:
            return False
        return lo <= value <= hi and (not whole or value.is_integer())

    return ok


def _int_ok(lo: int, hi: int) -> Callable[[str], bool]:
    # The length cap in Control.accepts keeps int() far from Python's digit limit.
    return lambda text: text.strip().lstrip("-").isdigit() and lo <= int(text) <= hi


def _set(path: tuple[str, ...], origin: str) -> Callable[[Any], list[Override]]:
    return lambda value: [Override(path, value, origin)]


def booster_choices(base_weeks: float) -> dict[str, int]:
    """The booster choices, with the file's own interval added in order when it is none of them.

    ``4`` → weekly, every 2 weeks, every 4 weeks, none; ``6`` → …, every 4 weeks, every 6 weeks, none.
    """
    choices = dict(BOOSTER_CHOICES)
    weeks = int(round(base_weeks))
    if weeks > 0 and weeks not in choices.values():
        items = [(w, n) for w, n in choices.items() if n] + [(f"every {weeks} weeks", weeks)]
        choices = {w: n for w, n in sorted(items, key=lambda item: item[1])} | {"none": 0}
    return choices


def coverage_key(plan_id: str) -> str:
    """The key of a plan's "your insurance covers it" switch (drawn with the insurance terms, not the details)."""
    return f"{plan_id}.covered"


def _plan_controls(assumptions: Assumptions, plan_id: str) -> list[Control]:
    plan = assumptions.plans[plan_id]
    controls: list[Control] = [
        # The file says whether a plan is usually covered (off-label ketamine usually is not); a patient whose
        # plan does cover it says so here, which sets the plan's billing.covered for this scenario.
        Control(
            key=coverage_key(plan_id),
            label=plan.label,
            default=bool(plan.billing.covered),
            valid=lambda text: text.lower() in ("true", "false"),
            draw=lambda c: st.toggle(label_text(c.label), value=c.default, key=c.key, help=c.help, bind="query-params"),
            to_overrides=_set(("plans", plan_id, "billing", "covered"), "your insurance covers it"),
            help="On: your insurance covers this plan's visits and sessions. Off: you pay them in cash.",
            plan_id=plan_id,
            from_file=True,
        )
    ]

    price_path = main_input_path(assumptions, plan_id, "session_price")
    if price_path is not None:
        controls.append(
            _slider_control(assumptions, plan_id, "price", "Price per session (USD)", price_path, PRICE_RANGE, 5, "session price")
        )
    count_path = main_input_path(assumptions, plan_id, "induction_sessions")
    if count_path is not None:
        controls.append(
            _slider_control(
                assumptions, plan_id, "induction", "Sessions in the first series", count_path, INDUCTION_RANGE, 1,
                "induction sessions", unit_money=False,
            )
        )
    booster_path = main_input_path(assumptions, plan_id, "booster_every_weeks")
    if booster_path is not None:
        q = quantity_at(assumptions, booster_path)
        choices = booster_choices(q.base)
        default = next(w for w, n in choices.items() if n == int(round(q.base)))
        stream = plan.sessions.get(booster_path[3]) if len(booster_path) > 4 else None
        what = (stream.maintenance_label if stream is not None else None) or "booster"
        controls.append(
            Control(
                key=f"{plan_id}.booster",
                label=f"{what[:1].upper()}{what[1:]}s after the first series",
                default=default,
                valid=lambda text, choices=choices: text in choices,
                draw=lambda c, choices=choices: st.radio(
                    c.label, list(choices), index=list(choices).index(c.default), horizontal=True, key=c.key,
                    help=c.help, bind="query-params",
                ),
                to_overrides=lambda v, p=booster_path, choices=choices: [Override(p, choices[v], "booster interval")],
                help=_source_help(assumptions, q, unit_money=False) + " 'none' stops after the first series.",
                plan_id=plan_id,
                from_file=True,
            )
        )  # fmt: skip

    root = ("plans", plan_id)
    for name, q in plan.one_off.items():
        controls.append(_money_control(assumptions, plan_id, (*root, "one_off", name), q, name.replace("_", " ") + ", once"))
    for sname, stream in plan.sessions.items():
        sroot = (*root, "sessions", sname)
        if price_path != (*sroot, "price"):
            if stream.price_options:
                controls.append(_dose_control(assumptions, plan_id, sroot, stream.price, stream.price_options))
            else:
                controls.append(
                    _money_control(assumptions, plan_id, (*sroot, "price"), stream.price, f"{stream.label} price")
                )
        for add, q in stream.add_ons.items():
            controls.append(
                _money_control(assumptions, plan_id, (*sroot, "add_ons", add), q, f"{add.replace('_', ' ')}, per session")
            )
        if stream.maintenance_every_weeks is not None and booster_path != (*sroot, "maintenance_every_weeks"):
            interval = _interval_control(assumptions, plan_id, sroot, stream.maintenance_label, stream.maintenance_every_weeks)
            if interval is not None:
                controls.append(interval)
    return controls


def _slider_control(
    assumptions: Assumptions,
    plan_id: str,
    name: str,
    label: str,
    path: tuple[str, ...],
    bounds: tuple[int, int],
    step: int,
    origin: str,
    unit_money: bool = True,
) -> Control:
    """A whole-number slider for one of a plan's main inputs (``<plan>.<name>`` in the link), default from the file."""
    q = quantity_at(assumptions, path)
    return Control(
        key=f"{plan_id}.{name}",
        label=label,
        default=int(round(q.base)),
        valid=_int_ok(*bounds),
        draw=lambda c: st.slider(c.label, *bounds, value=c.default, step=step, key=c.key, help=c.help, bind="query-params"),
        to_overrides=_set(path, origin),
        help=_source_help(assumptions, q, unit_money=unit_money),
        plan_id=plan_id,
        from_file=True,
    )


def _money_control(assumptions: Assumptions, plan_id: str, path: tuple[str, ...], q: Quantity, label: str) -> Control:
    return Control(
        key=f"{plan_id}.{'.'.join(path[2:])}",
        label=f"{label[:1].upper()}{label[1:]} (USD)",
        default=float(q.base),
        valid=_float_ok(0, 100_000),
        draw=lambda c: checked_number(c, 0.0, 100_000.0, 5.0),
        to_overrides=_set(path, label),
        help=_source_help(assumptions, q),
        plan_id=plan_id,
        from_file=True,
    )


def _dose_control(
    assumptions: Assumptions, plan_id: str, sroot: tuple[str, ...], q: Quantity, options: dict[str, float]
) -> Control:
    """A choice between the prices the file lists for a stream (``price_options``, e.g. by dose)."""
    names = list(options)
    default = next((n for n, v in options.items() if v == q.base), names[0])
    return Control(
        key=f"{plan_id}.dose",
        label="Dose after the first session",
        default=default,
        valid=lambda text: text in options,
        draw=lambda c: st.radio(
            c.label,
            names,
            index=names.index(c.default),
            captions=[f"{money(v)} a session" for v in options.values()],
            horizontal=True,
            key=c.key,
            help=c.help,
            bind="query-params",
        ),
        to_overrides=lambda v: [Override((*sroot, "price"), options[v], "dose")],
        help=_source_help(assumptions, q),
        plan_id=plan_id,
        from_file=True,
    )


def _interval_control(
    assumptions: Assumptions, plan_id: str, sroot: tuple[str, ...], what: str, q: Quantity
) -> Control | None:
    """How often a stream's maintenance comes, among the booster choices inside the file's range.

    Esketamine's label allows weekly or every 2 weeks from week 9 (range 1–2): those two
    choices. ``None`` when the range allows only one choice.
    """
    low, base, high = q.bounds
    choices = {w: n for w, n in BOOSTER_CHOICES.items() if low <= n <= high}
    if int(round(base)) not in choices.values():
        choices = booster_choices(base) if low <= 0 else choices | {f"every {int(round(base))} weeks": int(round(base))}
    if len(choices) < 2:
        return None
    default = next(w for w, n in choices.items() if n == int(round(base)))
    label = f"{what[:1].upper()}{what[1:]}s, once the first phases end"
    return Control(
        key=f"{plan_id}.interval",
        label=label,
        default=default,
        valid=lambda text: text in choices,
        draw=lambda c: st.radio(
            c.label, list(choices), index=list(choices).index(c.default), horizontal=True, key=c.key, help=c.help,
            bind="query-params",
        ),
        to_overrides=lambda v: [Override((*sroot, "maintenance_every_weeks"), choices[v], "interval")],
        help=_source_help(assumptions, q, unit_money=False),
        plan_id=plan_id,
        from_file=True,
    )  # fmt: skip
