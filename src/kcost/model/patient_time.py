"""The patient's own time and travel, counted apart from money.

Each charge component in ``data/pricing.yaml`` declares the hours a visit or
session takes in the chair (``hours``), whether it needs a round trip
(``travel``) and whether someone must drive the patient home
(``companion``). Over the horizon:

    patient hours   = Σ chair hours + trips × travel_hours_per_trip
    companion hours = companion trips × travel_hours_per_trip
    hours_total     = patient hours + companion hours
    time_and_travel_cost = hours_total × hourly_value + trips × travel_cost_per_trip

The companion is counted for one round trip (collecting the patient and
bringing them home), a kcost modelling choice. Example: 6 IV infusions of 2 h
each, 1 h of travel a trip, a companion each time, $31.48 an hour and $10 a
trip: hours 6 × (2 + 1) + 6 × 1 = 24; value 24 × 31.48 + 6 × 10 = $815.52.
None of it is ever added to what the patient pays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .assumptions import Assumptions
from .ledger import Ledger
from .scenario import PatientTime

__all__ = ["TimeTerms", "TimeUse", "time_per_charge", "time_terms", "time_use"]


@dataclass(frozen=True)
class TimeTerms:
    """Value of an hour and the time and cost of one round trip, resolved from the scenario and the file."""

    hourly_value: float
    travel_hours_per_trip: float
    travel_cost_per_trip: float


@dataclass(frozen=True)
class TimeUse:
    """Hours and trips over the horizon, per draw; ``cost`` is the dollar value of both."""

    chair_hours: np.ndarray
    trips: np.ndarray
    companion_trips: np.ndarray
    hours_total: np.ndarray
    cost: np.ndarray


def time_terms(assumptions: Assumptions, time: PatientTime) -> TimeTerms:
    """The scenario's figures, each falling back to the base value in ``patient_time`` of the file."""
    defaults = assumptions.patient_time
    pick = lambda mine, q: float(q.base if mine is None else mine)  # noqa: E731
    return TimeTerms(
        pick(time.hourly_value, defaults.hourly_value),
        pick(time.travel_hours_per_trip, defaults.travel_hours_per_trip),
        pick(time.travel_cost_per_trip, defaults.travel_cost_per_trip),
    )


def time_use(ledger: Ledger, terms: TimeTerms, through_day: int | None = None) -> TimeUse:
    """Hours, trips and their value for the charges of ``ledger`` on or before ``through_day`` (default: all).

    ``ledger`` must be built with ``with_time=True``. Hours and cost are :func:`time_per_charge` summed.
    """
    hours_each, value_each = time_per_charge(ledger, terms)
    inside = ledger.day <= (ledger.horizon_days - 1 if through_day is None else through_day)
    chair = np.where(inside, ledger.hours, 0.0).sum(axis=1)
    trips = (ledger.trip & inside).sum(axis=1).astype(float)
    companion = (ledger.companion & inside).sum(axis=1).astype(float)
    hours = np.where(inside, hours_each, 0.0).sum(axis=1)
    cost = np.where(inside, value_each, 0.0).sum(axis=1)
    return TimeUse(chair, trips, companion, hours, cost)


def time_per_charge(ledger: Ledger, terms: TimeTerms) -> tuple[np.ndarray, np.ndarray]:
    """Hours and their dollar value for each charge of ``ledger`` (built with ``with_time=True``), shape of the ledger.

    hours = chair hours + (trip + companion trip) × travel_hours_per_trip;
    value = hours × hourly_value + trip × travel_cost_per_trip.
    Summed over the charges through the horizon they give :func:`time_use`'s totals. Example: an IV infusion of
    2 h with travel and a companion, 1 h a round trip, $31.48 an hour and $10 a trip: 2 + 1 + 1 = 4 hours,
    4 × 31.48 + 10 = $135.92.
    """
    if ledger.hours is None or ledger.trip is None or ledger.companion is None:
        raise ValueError("the ledger was built without time (with_time=False)")
    hours = ledger.hours + (ledger.trip.astype(float) + ledger.companion) * terms.travel_hours_per_trip
    return hours, hours * terms.hourly_value + ledger.trip * terms.travel_cost_per_trip
