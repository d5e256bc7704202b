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
    "Approvals",
    "Assumptions",
    "DecisionAfterPhase",
    "DecisionAfterSessions",
    "DecisionAfterWeeks",
    "DecisionPoint",
    "Drug",
    "Evidence",
    "MAIN_INPUTS",
    "Onset",
    "OnsetAfterSessions",
    "OnsetWeeksFromStart",
    "Billing",
    "ChargeTerms",
    "PatientTimeDefaults",
    "Programme",
    "Phase",
    "Plan",
    "Quantity",
    "ReliefDuration",
    "SessionStream",
    "Source",
]

#: The longest horizon kcost projects (5 years); a decision point must fall inside it.
MAX_HORIZON_WEEKS = 260

#: The app's and CLI's main controls; a plan's ``main_inputs`` maps each to one of its values.
MAIN_INPUTS = ("session_price", "induction_sessions", "booster_every_weeks", "ssri_daily_cost")

Unit = Literal[
    "USD",
    "USD/session",
    "USD/visit",
    "USD/day",
    "USD/hour",
    "USD/trip",
    "USD/month",
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
    price_options: dict[str, float] = Field(
        default_factory=dict,
        description="Named prices a user may choose between for `price` (e.g. one per dose), in USD/session.",
    )
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
        for name, value in self.price_options.items():
            if not 0 <= value <= 100_000:
                raise ValueError(f"price option {name!r} must be from 0 to 100,000 USD")
        if self.start_week is not None and self.starts_after is not None:
            raise ValueError("give start_week or starts_after, not both")
        if not self.phases and self.maintenance_every_weeks is None:
            raise ValueError("give at least one phase or a maintenance interval")
        return self


ChargeKind = Literal["visit", "session", "fill", "drug"]


class ChargeTerms(Strict):
    """How one charge component is billed, and how much of the patient's time it takes.

    ``kind`` picks the copay that applies: ``visit`` (intake, follow-ups,
    consultations), ``session`` (infusion, dosing, administration and
    observation), ``fill`` (a prescription fill: the daily medicine bought
    every 30 or 90 days) or ``drug`` (a session's drug component, which pays
    coinsurance). ``covered`` overrides the plan's default; ``programme`` names
    a manufacturer copay programme (under ``programmes``) that helps with this
    charge; ``benefit`` says whether a drug falls under the pharmacy or the
    medical benefit (kcost applies one deductible and out-of-pocket maximum to
    both, as integrated plans do). ``hours`` is time in the chair per
    occurrence; ``travel`` whether it needs a round trip; ``companion`` whether
    someone must drive the patient home afterwards.
    """

    kind: ChargeKind
    covered: bool | None = None
    programme: str | None = None
    benefit: Literal["pharmacy", "medical"] | None = None
    hours: Quantity | None = None
    travel: bool = False
    companion: bool = False

    @model_validator(mode="after")
    def _units(self) -> ChargeTerms:
        if self.hours is not None and self.hours.unit != "hours":
            raise ValueError("hours must be in hours")
        if self.hours is not None and self.hours.bounds[2] > 24:
            raise ValueError("hours must be at most 24 a visit")
        if self.programme is not None and self.kind != "drug":
            raise ValueError("a copay programme applies only to a drug charge (kind: drug)")
        return self


class Billing(Strict):
    """How a plan's charges are billed: the default coverage and each component's terms.

    ``charges`` maps each cost component of the plan to its terms, keyed by its
    path inside the plan: ``one_off.NAME``, ``daily.NAME``,
    ``sessions.STREAM.price`` (also the first session's price),
    ``sessions.STREAM.add_ons.NAME`` and ``drug``. Every component must be
    listed. ``superbill_pct`` is the share of each uncovered session or visit
    that an insured patient claims back with a superbill.
    """

    covered: bool
    superbill_pct: Quantity
    charges: dict[str, ChargeTerms]
    note: str | None = None

    @model_validator(mode="after")
    def _units(self) -> Billing:
        if self.superbill_pct.unit != "%":
            raise ValueError("superbill_pct must be in %")
        return self


class Programme(Strict):
    """A manufacturer copay programme: the patient pays ``copay`` a treatment, it pays the rest up to a yearly cap.

    ``commercial_only``: not available with government insurance (Medicare,
    Medicaid). It never pays charges other than the drug it is attached to.
    """

    label: str
    copay: Quantity
    yearly_cap: Quantity
    commercial_only: bool = True
    note: str | None = None

    @model_validator(mode="after")
    def _units(self) -> Programme:
        if self.copay.unit != "USD/session":
            raise ValueError("copay must be in USD/session")
        if self.yearly_cap.unit != "USD":
            raise ValueError("yearly_cap must be in USD")
        return self


class PatientTimeDefaults(Strict):
    """Defaults for valuing the patient's time: value per hour, travel time and cost per round trip."""

    hourly_value: Quantity
    travel_hours_per_trip: Quantity
    travel_cost_per_trip: Quantity

    @model_validator(mode="after")
    def _units(self) -> PatientTimeDefaults:
        for name, unit in [("hourly_value", "USD/hour"), ("travel_hours_per_trip", "hours"), ("travel_cost_per_trip", "USD/trip")]:
            if getattr(self, name).unit != unit:
                raise ValueError(f"{name} must be in {unit}")
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


class DecisionAfterPhase(Strict):
    """Decide once a phase of a session stream is over (ketamine: after the induction series)."""

    model: Literal["after_phase"]
    stream: str
    phase: str


class DecisionAfterWeeks(Strict):
    """Decide at the end of week ``weeks`` from the start (esketamine: 4; SSRI/SNRI: 8, range 6–12)."""

    model: Literal["after_weeks"]
    weeks: Quantity

    @field_validator("weeks")
    @classmethod
    def _weeks(cls, weeks: Quantity) -> Quantity:
        if weeks.unit != "weeks":
            raise ValueError("must be in weeks")
        low, _, high = weeks.bounds
        if low < 1:
            raise ValueError("the decision point must be at least 1 week in")
        if high > MAX_HORIZON_WEEKS:
            raise ValueError(
                f"the decision point ({high:g} weeks) lies beyond the longest horizon of {MAX_HORIZON_WEEKS} weeks"
            )
        return weeks


class DecisionAfterSessions(Strict):
    """Decide after the n-th session of a stream (CBT: after 6 sessions)."""

    model: Literal["after_sessions"]
    stream: str
    sessions: Quantity

    @field_validator("sessions")
    @classmethod
    def _sessions(cls, sessions: Quantity) -> Quantity:
        if sessions.unit != "sessions":
            raise ValueError("must be in sessions")
        if sessions.bounds[0] < 1:
            raise ValueError("the decision point must come after at least 1 session")
        return sessions


#: When a person who has not been helped would stop: cost of trying is everything up to that day.
DecisionPoint = Annotated[
    DecisionAfterPhase | DecisionAfterWeeks | DecisionAfterSessions, Field(discriminator="model")
]


class ReliefDuration(Strict):
    """How long relief lasted in the studies: ``days`` after ``after`` (one dose, a series), or no figure.

    ``days`` is absent when relief lasted as long as the treatment continued
    (``while taken``) or outlasted it (``beyond the course``); ``sources`` back the statement.
    """

    after: Literal["one dose", "a series", "while taken", "beyond the course"]
    days: Quantity | None = None
    sources: Annotated[list[str], Field(min_length=1, description="Sources for the statement itself.")]
    note: str | None = None

    @model_validator(mode="after")
    def _days(self) -> ReliefDuration:
        if self.after in ("while taken", "beyond the course") and self.days is not None:
            raise ValueError("give days only for 'one dose' or 'a series'")
        if self.after in ("one dose", "a series") and self.days is None:
            raise ValueError("give days for 'one dose' or 'a series'")
        if self.days is not None and self.days.unit != "days":
            raise ValueError("days must be in days")
        return self


class Plan(Strict):
    """One treatment option, priced from its components."""

    label: str
    kind: Literal["ketamine", "esketamine", "ssri", "therapy"]
    summary: str
    approved_for_anxiety: bool
    one_off: dict[str, Quantity] = Field(default_factory=dict)
    daily: dict[str, Quantity] = Field(default_factory=dict)
    drug: str | None = None
    sessions: dict[str, SessionStream] = Field(default_factory=dict)
    billing: Billing
    onset: Onset
    response_rate: Quantity | None = None
    placebo_response: Quantity | None = Field(
        default=None, description="Response in the study's comparison arm: what happened with no new treatment."
    )
    response_counts: str | None = Field(
        default=None,
        max_length=120,
        description="Whom the response rate counts, when not everyone who started (said beside the rate).",
    )
    decision_point: DecisionPoint | None = None
    relief_lasts: ReliefDuration | None = None
    main_inputs: dict[str, str] = Field(default_factory=dict)

    def charge_components(self) -> list[str]:
        """The key of every cost component, as ``billing.charges`` names it, in file order."""
        keys = [f"one_off.{name}" for name in self.one_off] + [f"daily.{name}" for name in self.daily]
        for name, stream in self.sessions.items():
            keys.append(f"sessions.{name}.price")
            keys += [f"sessions.{name}.add_ons.{add}" for add in stream.add_ons]
        if self.drug is not None:
            keys.append("drug")
        return keys

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
        for name in ("response_rate", "placebo_response"):
            q = getattr(self, name)
            if q is not None and q.unit != "%":
                raise ValueError(f"{name} must be in %")
        return self


AnxietyDisorder = Literal["GAD", "social anxiety", "panic", "PTSD", "OCD"]


class Approvals(Strict):
    """Which anxiety-related disorders a drug's FDA label approves it for (an empty list: none)."""

    disorders: list[AnxietyDisorder]
    sources: Annotated[list[str], Field(min_length=1)]
    strength: Strength = "moderate"
    note: str | None = None


class Drug(Strict):
    """A generic SSRI or SNRI: what a day of it costs, what it costs at the counter, what it is approved for.

    ``daily_cost`` is the pharmacy's acquisition cost of one tablet or capsule a
    day at the strength in ``label``; ``counter_price`` is a month's cash price a
    patient might see (discount-card prices), kept apart because it is another basis.
    """

    label: str
    class_: Literal["SSRI", "SNRI"] = Field(alias="class")
    daily_cost: Quantity
    counter_price: Quantity | None = None
    approved_for: Approvals | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _units(self) -> Drug:
        if self.daily_cost.unit != "USD/day":
            raise ValueError("daily_cost must be in USD/day")
        if self.counter_price is not None and self.counter_price.unit != "USD/month":
            raise ValueError("counter_price must be in USD/month")
        return self


class Evidence(Strict):
    """A clinical figure that is not a plan input but is shown to users."""

    label: str
    value: Quantity


class Assumptions(Strict):
    """The whole assumptions file."""

    version: Literal[1]
    currency: Literal["USD"]
    evidence_reviewed: str | None = Field(
        default=None,
        pattern=r"^\d{4}-\d{2}(-\d{2})?$",
        description="When the evidence behind the defaults was last reviewed (YYYY-MM or YYYY-MM-DD).",
    )
    sources: dict[Annotated[str, Field(pattern=ID_PATTERN)], Source]
    drugs: dict[Annotated[str, Field(pattern=ID_PATTERN)], Drug]
    evidence: dict[Annotated[str, Field(pattern=ID_PATTERN)], Evidence] = Field(default_factory=dict)
    plans: dict[Annotated[str, Field(pattern=ID_PATTERN)], Plan]
    programmes: dict[Annotated[str, Field(pattern=ID_PATTERN)], Programme] = Field(default_factory=dict)
    patient_time: PatientTimeDefaults

    @field_validator("version", mode="before")
    @classmethod
    def _version_is_a_number(cls, value: object) -> object:
        # Literal[1] alone would take `true` (True == 1); a version is never a yes/no.
        if isinstance(value, bool):
            raise ValueError(f"must be 1, not {value!r}")
        return value
