"""One scenario: every input a projection takes, checked once.

A :class:`Scenario` carries the plans, the horizon, the main inputs, any
overrides, which plans the patient's insurance covers, the insurance itself
(:class:`Insurance`) and how to count the patient's time (:class:`PatientTime`)
into :func:`kcost.model.projection.project`, :func:`kcost.model.uncertainty.simulate`,
:func:`kcost.model.sensitivity.one_way`, the command line and the app. It is
validated when it is built; nothing downstream checks its values again.

Default insurance terms (used when a plan is marked insured and the user gives
no figure of their own):

* deductible $1,787 a plan year: the average deductible for single coverage
  among covered workers with a general deductible, KFF Employer Health
  Benefits Survey 2024 (https://www.kff.org/health-costs/report/2024-employer-health-benefits-survey/);
* out-of-pocket maximum $9,200: the 2025 ACA limit on cost sharing for
  self-only coverage, the most a non-grandfathered plan may charge (HHS notice
  of benefit and payment parameters for 2025) — the ceiling, not a typical plan;
* coinsurance 20 %: a kcost modelling choice (KFF 2024 reports an average
  coinsurance of about 21 % for a hospital admission);
* no copays: every covered charge goes to the deductible, then coinsurance —
  a kcost modelling choice; enter your plan's copays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, model_validator

from .assumptions import MainInputs, Override

__all__ = ["Insurance", "PatientTime", "Scenario", "ChargeKindName", "MAX_WEEKS"]

MAX_WEEKS = 260

ChargeKindName = Literal["visit", "session", "fill", "drug"]

#: A number that is never a bool (pydantic's strict types refuse ``True`` for a float or an int).
Number = StrictFloat | StrictInt


def _bounded(low: float, high: float, description: str):
    return Annotated[Number, Field(ge=low, le=high, allow_inf_nan=False, description=description)]


Money = _bounded(0, 100_000, "US dollars")
Copay = Annotated[Number | None, Field(default=None, ge=0, le=10_000, allow_inf_nan=False)]


class Insurance(BaseModel):
    """The patient's insurance, shared by every plan the scenario marks as insured.

    Rules (applied charge by charge in day order, per plan year, by
    :mod:`kcost.model.payment`): a covered charge of a kind with a copay costs
    the copay (skipping the deductible for the kinds in
    ``copays_skip_deductible``); any other covered charge goes to the
    deductible, then ``coinsurance_pct`` of the rest; every payment counts
    toward ``oop_max``, after which covered care costs nothing until the plan
    year renews. The plan year renews ``renews_in_weeks`` after day 0, then
    every 52 weeks; ``deductible_met`` and ``oop_met`` apply to the first plan
    year only. What was paid toward the deductible was paid toward the limit
    too, so the first year's limit has at least ``deductible_met`` used
    (:attr:`paid_toward_limit`).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    deductible: Money = 1_787
    coinsurance_pct: _bounded(0, 100, "percent") = 20
    oop_max: Money = 9_200
    copay_visit: Copay = None
    copay_session: Copay = None
    copay_fill: Copay = None
    copays_skip_deductible: frozenset[ChargeKindName] = frozenset({"visit", "fill"})
    deductible_met: Money = 0
    oop_met: Money = 0
    renews_in_weeks: Annotated[StrictInt, Field(ge=1, le=52)] = 52
    fill_days: Literal[30, 90] = 30
    copay_programme: StrictBool = True
    programme_counts_toward_limits: StrictBool = True
    government: StrictBool = False
    discount_card: StrictBool = False
    superbill_pct: Annotated[Number | None, Field(default=None, ge=0, le=100, allow_inf_nan=False)] = None
    pre_tax_rate_pct: Annotated[Number | None, Field(default=None, ge=0, le=60, allow_inf_nan=False)] = None

    @model_validator(mode="after")
    def _limits_in_order(self) -> Insurance:
        if self.oop_max < self.deductible:
            raise ValueError(f"oop_max ({self.oop_max:g}) must be at least the deductible ({self.deductible:g})")
        if self.deductible_met > self.deductible:
            raise ValueError(f"deductible_met ({self.deductible_met:g}) must not exceed the deductible ({self.deductible:g})")
        if self.oop_met > self.oop_max:
            raise ValueError(f"oop_met ({self.oop_met:g}) must not exceed oop_max ({self.oop_max:g})")
        return self

    @property
    def paid_toward_limit(self) -> float:
        """Already paid toward this plan year's out-of-pocket maximum: ``max(oop_met, deductible_met)``.

        Deductible payments count toward the maximum, so $1,000 of the deductible met with nothing entered
        as paid toward the limit leaves $3,000 of a $4,000 maximum, not $4,000.
        """
        return float(max(self.oop_met, self.deductible_met))

    def copay(self, kind: str) -> float | None:
        """The copay for a kind of charge, or None when that kind pays the deductible then coinsurance."""
        return {"visit": self.copay_visit, "session": self.copay_session, "fill": self.copay_fill}.get(kind)


class PatientTime(BaseModel):
    """How to count the patient's time and travel; ``None`` takes the default in ``data/pricing.yaml``.

    Hours and their dollar value are reported apart from money and are never
    added to what the patient pays. ``include`` asks for the dollar value
    (hours are always counted).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    include: StrictBool = False
    hourly_value: Annotated[Number | None, Field(default=None, ge=0, le=1_000, allow_inf_nan=False)] = None
    travel_hours_per_trip: Annotated[Number | None, Field(default=None, ge=0, le=24, allow_inf_nan=False)] = None
    travel_cost_per_trip: Annotated[Number | None, Field(default=None, ge=0, le=10_000, allow_inf_nan=False)] = None


@dataclass(frozen=True)
class Scenario:
    """Every input into a projection, simulation or sensitivity run.

    ``plans``: plan ids (None: every plan); ``weeks``: the horizon, 1–260;
    ``inputs``: the main controls; ``overrides``: values set by path;
    ``insured``: the plans the patient's ``insurance`` covers (the others are
    paid in cash); ``time``: how to count the patient's time.

    >>> Scenario(plans=("ketamine-iv",), weeks=26, insured=frozenset({"ketamine-iv"})).weeks
    26
    """

    plans: tuple[str, ...] | None = None
    weeks: int = 52
    inputs: MainInputs | None = None
    overrides: tuple[Override, ...] = ()
    insured: frozenset[str] = frozenset()
    insurance: Insurance = field(default_factory=Insurance)
    time: PatientTime = field(default_factory=PatientTime)

    def __post_init__(self) -> None:
        weeks = self.weeks
        if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
            raise ValueError(f"weeks must be a whole number from 1 to {MAX_WEEKS}, not {weeks!r}")
        if self.plans is not None:
            if isinstance(self.plans, str):
                raise TypeError("plans must be a sequence of plan ids, not one string")
            object.__setattr__(self, "plans", tuple(dict.fromkeys(self.plans)))
        if isinstance(self.insured, str):
            raise TypeError("insured must be a set of plan ids, not one string")
        object.__setattr__(self, "insured", frozenset(self.insured))
        object.__setattr__(self, "overrides", tuple(self.overrides))
        if not isinstance(self.insurance, Insurance):
            raise TypeError("insurance must be an Insurance")
        if not isinstance(self.time, PatientTime):
            raise TypeError("time must be a PatientTime")

    @classmethod
    def of(
        cls,
        plans: Iterable[str] | None = None,
        weeks: int = 52,
        inputs: MainInputs | None = None,
        overrides: Iterable[Override] = (),
        **rest,
    ) -> Scenario:
        """Build from the older call form ``(plans, weeks, inputs, overrides)``."""
        return cls(None if plans is None else tuple(plans), weeks, inputs, tuple(overrides), **rest)
