"""The shape of ``data/pricing.yaml``: pydantic v2 models that validate it.

Every number in the file is a :class:`Quantity`: a base value, optionally a
low/high range where sources disagree, a unit, and the ids of the sources it
came from. Plans are built from a handful of cost components (one-off, daily,
session streams) so that one engine can price every treatment.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal
from urllib.parse import quote, urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from .bounds import MIN_INTERVAL_WEEKS, UNIT_BOUNDS, StrictNumber, bound_problem

__all__ = [
    "Assumptions",
    "Drug",
    "Evidence",
    "MAIN_INPUTS",
    "Onset",
    "OnsetAfterSessions",
    "OnsetWeeksFromStart",
    "Payment",
    "Phase",
    "Plan",
    "Quantity",
    "SessionStream",
    "Source",
]

#: The app's and CLI's main controls; a plan's ``main_inputs`` maps each to one of its values.
MAIN_INPUTS = ("session_price", "induction_sessions", "booster_every_weeks", "ssri_daily_cost")

Unit = Literal[
    "USD",
    "USD/session",
    "USD/visit",
    "USD/day",
    "sessions",
    "visits",
    "per week",
    "weeks",
    "days",
    "hours",
    "%",
]

#: How far a figure can be trusted. ``assumption`` marks a modelling choice of
#: kcost's (not evidence), ``unverified`` a placeholder no readable source backs.
Strength = Literal["moderate", "weak", "unverified", "assumption"]

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"

#: A DOI: "10." then a registrant code, "/", and a suffix without spaces or characters that end a URL.
DOI_PATTERN = re.compile(r"10\.\d{4,9}/[^\s\"'<>\\`]{1,200}")
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+")


def _is_web_address(text: str) -> bool:
    """An absolute ``http``/``https`` address with a host name, no credentials and nothing that ends a URL early."""
    if len(text) > 2_000 or not text.isascii() or re.search(r"[\s\"'<>\\`\x00-\x1f\x7f]", text):
        return False
    try:
        parts = urlsplit(text)
        port = parts.port  # raises ValueError for a port that is not a number
    except ValueError:
        return False
    del port
    return (
        parts.scheme in ("http", "https")
        and parts.hostname is not None
        and _HOST.fullmatch(parts.hostname) is not None
        and "@" not in parts.netloc
    )


class Strict(BaseModel):
    """Base for every model: unknown keys are typos, so they are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _unit_bounds_schema(schema: dict) -> None:
    """State the unit's bounds in the JSON Schema: one ``if unit is U then base/low/high within U's range``."""
    rules = []
    for unit, (low, high) in UNIT_BOUNDS.items():
        within = {"type": "number", "minimum": low, "maximum": high}
        rules.append(
            {
                "if": {"properties": {"unit": {"const": unit}}, "required": ["unit"]},
                "then": {"properties": {"base": within, "low": within, "high": within}},
            }
        )
    schema["allOf"] = rules


_LOWEST = min(low for low, _ in UNIT_BOUNDS.values())
_HIGHEST = max(high for _, high in UNIT_BOUNDS.values())
_NUMBER_SCHEMA = {"minimum": _LOWEST, "maximum": _HIGHEST}


#: 0 (none) or at least one day: how the JSON Schema states the maintenance interval's own rule.
_INTERVAL_SCHEMA = {"anyOf": [{"const": 0}, {"minimum": MIN_INTERVAL_WEEKS}, {"type": "null"}]}


class Quantity(Strict):
    """One number with its evidence: ``base`` and, where sources disagree, ``low``/``high``.

    ``population`` says whom the figure was measured in (anxiety, depression, or
    not a clinical figure at all); ``strength`` is ``weak`` for sponsor-run,
    open-label, small or secondary sources, ``unverified`` for placeholders
    that no readable source backs, and ``assumption`` for kcost's own
    modelling choices.

    ``base``, ``low`` and ``high`` are numbers (never ``true``/``false`` or
    text) within the bounds of the unit (:data:`~kcost.model.assumptions.bounds.UNIT_BOUNDS`):
    every model that holds a Quantity gets those bounds, in validation and in
    the JSON Schema. ``unit`` is declared first so the bounds can be checked
    per field, and a problem names ``...price.base`` rather than ``...price``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_unit_bounds_schema)

    unit: Unit
    base: Annotated[StrictNumber, Field(json_schema_extra=_NUMBER_SCHEMA)]
    low: Annotated[StrictNumber | None, Field(json_schema_extra=_NUMBER_SCHEMA)] = None
    high: Annotated[StrictNumber | None, Field(json_schema_extra=_NUMBER_SCHEMA)] = None
    sources: Annotated[list[str], Field(min_length=1)]
    population: Literal["anxiety", "depression", "not clinical"] = "not clinical"
    strength: Strength = "moderate"
    distribution: Literal["pert", "triangular"] = "pert"
    note: str | None = None

    @field_validator("base", "low", "high")
    @classmethod
    def _within_unit_bounds(cls, value: float | None, info: ValidationInfo) -> float | None:
        if value is None:
            return value
        unit = info.data.get("unit")
        if unit is None:  # the unit itself is wrong or missing; that is the problem reported
            if value != value or value in (float("inf"), float("-inf")):
                raise ValueError("must be a finite number")
            return value
        problem = bound_problem(value, unit)
        if problem is not None:
            raise ValueError(problem)
        return float(value)

    @model_validator(mode="after")
    def _ordered(self) -> Quantity:
        low = self.base if self.low is None else self.low
        high = self.base if self.high is None else self.high
        if low > high:
            raise ValueError(f"low ({_num(low)}) must not exceed high ({_num(high)})")
        if not low <= self.base <= high:
            raise ValueError(f"base ({_num(self.base)}) must lie between low ({_num(low)}) and high ({_num(high)})")
        return self

    @property
    def ranged(self) -> bool:
        """True when sources disagree, i.e. the figure has a low–high spread."""
        return (self.low is not None and self.low != self.base) or (
            self.high is not None and self.high != self.base
        )

    @property
    def bounds(self) -> tuple[float, float, float]:
        """``(low, base, high)`` with a missing bound taken as the base."""
        return (
            self.base if self.low is None else self.low,
            self.base,
            self.base if self.high is None else self.high,
        )


def _num(value: float) -> str:
    return f"{value:g}"


class Source(Strict):
    """Where a figure came from."""

    citation: str
    url: Annotated[str | None, Field(json_schema_extra={"pattern": r"^https?://[A-Za-z0-9][^\s\"'<>\\`@]*$"})] = None
    doi: Annotated[str | None, Field(json_schema_extra={"pattern": "^" + DOI_PATTERN.pattern + "$"})] = None
    published: str = Field(description="Date the source shows, or 'undated'.")
    seen: str = Field(description="Date kcost recorded the figure (YYYY-MM or YYYY-MM-DD).")
    strength: Strength = "moderate"
    note: str | None = None

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not _is_web_address(value):
            raise ValueError("must be an http(s) address, such as https://example.org/page")
        return value

    @field_validator("doi")
    @classmethod
    def _doi(cls, value: str | None) -> str | None:
        if value is not None and not DOI_PATTERN.fullmatch(value):
            raise ValueError("must be a DOI such as 10.1016/j.biopsych.2012.06.022")
        return value

    @property
    def link(self) -> str | None:
        """The address to cite: ``url``, else ``https://doi.org/<doi>``; both validated, so never anything else."""
        if self.url is not None:
            return self.url
        if self.doi is not None:
            return "https://doi.org/" + quote(self.doi, safe="/.-_()")
        return None


class Phase(Strict):
    """A block of sessions: ``count`` sessions at ``per_week`` sessions a week."""

    label: str | None = None
    count: Quantity
    per_week: Quantity

    @model_validator(mode="after")
    def _units(self) -> Phase:
        if self.count.unit not in ("sessions", "visits"):
            raise ValueError("count must be in sessions or visits")
        if self.per_week.unit != "per week":
            raise ValueError("per_week must have unit 'per week'")
        if min(self.per_week.bounds) <= 0:
            raise ValueError("per_week must be > 0")
        return self


class SessionStream(Strict):
    """Sessions or visits on one calendar: phases in turn, then optional maintenance.

    ``price`` is charged per session, plus each ``add_ons`` entry; if
    ``first_session_price`` is given it replaces ``price`` for the very first
    session only (esketamine always starts at 56 mg). A stream starts on
    ``start_week``, or when the phases of stream ``starts_after`` end.
    """

    label: str
    start_week: Quantity | None = None
    starts_after: str | None = Field(
        default=None, description="Start when this other stream's phases end (instead of start_week)."
    )
    price: Quantity
    first_session_price: Quantity | None = None
    add_ons: dict[str, Quantity] = Field(default_factory=dict)
    phases: dict[str, Phase] = Field(default_factory=dict)
    maintenance_every_weeks: Annotated[
        Quantity | None,
        Field(
            description="Weeks between maintenance sessions: 0 for none, otherwise at least 1 day (1/7 week).",
            json_schema_extra={"properties": {k: _INTERVAL_SCHEMA for k in ("base", "low", "high")}},
        ),
    ] = None
    maintenance_label: str = "maintenance"

    @field_validator("maintenance_every_weeks")
    @classmethod
    def _none_or_a_day_at_least(cls, q: Quantity | None) -> Quantity | None:
        if q is not None and any(0 < x < MIN_INTERVAL_WEEKS for x in q.bounds):
            raise ValueError("must be 0 (no maintenance) or at least 1 day (1/7 of a week)")
        return q

    @model_validator(mode="after")
    def _units(self) -> SessionStream:
        for name, q in [("price", self.price), ("first_session_price", self.first_session_price)]:
            if q is not None and q.unit not in ("USD/session", "USD/visit"):
                raise ValueError(f"{name} must be in USD/session or USD/visit")
        for name, q in self.add_ons.items():
            if q.unit not in ("USD/session", "USD/visit"):
                raise ValueError(f"add-on {name!r} must be in USD/session or USD/visit")
        if self.maintenance_every_weeks is not None:
            if self.maintenance_every_weeks.unit != "weeks":
                raise ValueError("maintenance_every_weeks must be in weeks")
        if self.start_week is not None and self.start_week.unit != "weeks":
            raise ValueError("start_week must be in weeks")
        if self.start_week is not None and self.starts_after is not None:
            raise ValueError("give start_week or starts_after, not both")
        if not self.phases and self.maintenance_every_weeks is None:
            raise ValueError("give at least one phase or a maintenance interval")
        return self


class Payment(Strict):
    """Who pays: ``cash`` (the patient pays everything) or ``insured``.

    When insured, the patient pays ``patient_share`` of each charge plus a
    ``copay`` per session or visit, never more than the charge itself.
    """

    mode: Literal["cash", "insured"] = "cash"
    patient_share: Quantity
    copay: Quantity

    @model_validator(mode="after")
    def _units(self) -> Payment:
        if self.patient_share.unit != "%":
            raise ValueError("patient_share must be in %")
        if self.copay.unit not in ("USD/session", "USD/visit"):
            raise ValueError("copay must be in USD/session or USD/visit")
        return self


class OnsetAfterSessions(Strict):
    """Ketamine-style onset: relief some hours after the n-th dosing session."""

    model: Literal["after_sessions"]
    stream: str
    sessions_needed: Quantity
    hours_after_dose: Quantity


class OnsetWeeksFromStart(Strict):
    """SSRI-style onset: first improvement and full effect, in weeks from the start."""

    model: Literal["weeks_from_start"]
    first_improvement_weeks: Quantity
    full_effect_weeks: Quantity


Onset = Annotated[OnsetAfterSessions | OnsetWeeksFromStart, Field(discriminator="model")]


class Plan(Strict):
    """One treatment option, priced from its components."""

    label: str
    kind: Literal["ketamine", "esketamine", "ssri"]
    summary: str
    approved_for_anxiety: bool
    one_off: dict[str, Quantity] = Field(default_factory=dict)
    daily: dict[str, Quantity] = Field(default_factory=dict)
    drug: str | None = None
    sessions: dict[str, SessionStream] = Field(default_factory=dict)
    payment: Payment
    onset: Onset
    response_rate: Quantity | None = None
    main_inputs: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> Plan:
        for name, q in self.one_off.items():
            if q.unit not in ("USD", "USD/visit", "USD/session"):
                raise ValueError(f"one-off {name!r} must be in USD")
        for name, q in self.daily.items():
            if q.unit != "USD/day":
                raise ValueError(f"daily {name!r} must be in USD/day")
        for key in self.main_inputs:
            if key not in MAIN_INPUTS:
                raise ValueError(f"main_inputs: unknown input {key!r} (known: {', '.join(MAIN_INPUTS)})")
        if self.response_rate is not None and self.response_rate.unit != "%":
            raise ValueError("response_rate must be in %")
        return self


class Drug(Strict):
    """A generic SSRI or SNRI and what a day of it costs."""

    label: str
    class_: Literal["SSRI", "SNRI"] = Field(alias="class")
    daily_cost: Quantity

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Evidence(Strict):
    """A clinical figure that is not a plan input but is shown to users."""

    label: str
    value: Quantity


class Assumptions(Strict):
    """The whole assumptions file."""

    version: Literal[1]
    currency: Literal["USD"]
    sources: dict[Annotated[str, Field(pattern=ID_PATTERN)], Source]
    drugs: dict[Annotated[str, Field(pattern=ID_PATTERN)], Drug]
    evidence: dict[Annotated[str, Field(pattern=ID_PATTERN)], Evidence] = Field(default_factory=dict)
    plans: dict[Annotated[str, Field(pattern=ID_PATTERN)], Plan]

    @field_validator("version", mode="before")
    @classmethod
    def _version_is_a_number(cls, value: object) -> object:
        # Literal[1] alone would take `true` (True == 1); a version is never a yes/no.
        if isinstance(value, bool):
            raise ValueError(f"must be 1, not {value!r}")
        return value
