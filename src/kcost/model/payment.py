"""One payment pass: who pays each charge of the ledger — the patient, the insurer, or a copay programme.

For every charge of a :class:`~kcost.model.ledger.Ledger`, in day order, the
pass splits the full amount ``a`` into ``patient + insurer + assistance = a``
(exactly, by construction).

**Cash plan** (not in the scenario's ``insured``): the patient pays ``a``.

**Insured plan**, charge not covered (off-label ketamine, or a fill bought
with a discount card): the patient pays ``a``; a superbill may bring back
``superbill_pct`` of each uncovered visit or session from the insurer
(never a fill). Nothing counts toward the deductible or the out-of-pocket
maximum.

**Insured plan**, covered charge, in plan year ``y``:

1. a kind with a copay that skips the deductible (by default visits and
   fills) costs ``raw = min(a, copay)``;
2. any other charge first pays toward what is left of the deductible,
   ``d = min(a, deductible left)``, then either its copay or the coinsurance
   on the rest: ``raw = d + min(a − d, copay)`` or ``raw = d + c·(a − d)``;
3. the out-of-pocket maximum caps it: ``share = min(raw, oop left)``; the
   insurer pays ``a − share``;
4. a copay programme attached to the charge (the esketamine drug) pays
   ``min(max(share − programme copay, 0), cap left)`` of the share, so the
   patient pays the programme copay a treatment until the programme's yearly
   cap is spent. It is off with government insurance or when the scenario
   turns it off, and never pays another charge (such as the observation fee);
5. the share counts toward the deductible and the out-of-pocket maximum; with
   ``programme_counts_toward_limits = False`` (an accumulator plan) only what
   the patient paid themselves counts.

**Plan years.** The first plan year ends ``renews_in_weeks`` weeks after day
0, each later one lasts 52 weeks (364 days). At each renewal the deductible,
the out-of-pocket maximum and the programme's cap start afresh;
``deductible_met`` and ``oop_met`` apply to the first plan year only (the
deductible met counts as paid toward the maximum too). The
programme's cap is counted per plan year too (the programme's own year is the
calendar year; kcost aligns it with the plan year).

Worked example: $1,000 infusions, $1,500 deductible, 20 % coinsurance, $4,000
out-of-pocket maximum. Infusion 1: d = 1,000, raw = 1,000. Infusion 2: d = 500,
raw = 500 + 0.2 × 500 = 600. Each later infusion: 200, until the patient has
paid 4,000 (after infusion 14: 1,600 + 12 × 200 = 4,000); then 0 until renewal.

Vectorised over draws: one walk over the ledger's columns (charge events),
never over days. Each step works on one contiguous row of draws, which stays
in the processor's cache; when every column holds one kind of charge (a
ledger that needed no sort) the kind's rule is picked once per column.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .ledger import KINDS, Ledger
from .priced_plan import PricedProgramme
from .scenario import Insurance

__all__ = ["DAYS_PER_PLAN_YEAR", "Payments", "copay_terms", "pay", "plan_year_of_day", "programme_may_pay"]

DAYS_PER_PLAN_YEAR = 364


@dataclass(frozen=True)
class Payments:
    """Who pays each charge of a ledger, shape ``(draws, E)``; ``plan_year`` counts from 0."""

    ledger: Ledger
    patient: np.ndarray
    insurer: np.ndarray
    assistance: np.ndarray
    superbill: np.ndarray
    plan_year: np.ndarray

    def totals(self) -> dict[str, np.ndarray]:
        """Totals per draw: ``patient``, ``insurer``, ``assistance``, ``superbill`` and ``full``."""
        return {
            "patient": self.patient.sum(axis=1),
            "insurer": self.insurer.sum(axis=1),
            "assistance": self.assistance.sum(axis=1),
            "superbill": self.superbill.sum(axis=1),
            "full": self.ledger.amount.sum(axis=1),
        }

    def patient_by_plan_year(self, years: int) -> np.ndarray:
        """What the patient pays in each plan year 0..years−1, shape ``(draws, years)``."""
        draws = self.patient.shape[0]
        index = np.arange(draws)[:, None] * years + np.minimum(self.plan_year, years - 1)
        return np.bincount(index.ravel(), self.patient.ravel(), minlength=draws * years).reshape(draws, years)


def plan_year_of_day(day: np.ndarray, renews_in_weeks: int) -> np.ndarray:
    """Plan year (0, 1, …) of each day: day < 7·renews → 0, then one more every 364 days.

    Example: renewing in 10 weeks → days 0–69 are year 0, 70–433 year 1, 434–797 year 2.
    """
    renew = 7 * int(renews_in_weeks)
    day = np.asarray(day)
    return np.where(day < renew, 0, 1 + (day - renew) // DAYS_PER_PLAN_YEAR)


def pay(
    ledger: Ledger,
    insured: bool,
    insurance: Insurance | None = None,
    superbill_pct: np.ndarray | float = 0.0,
) -> Payments:
    """Split every charge of ``ledger`` into patient, insurer and programme amounts (rules in the module docstring)."""
    insurance = insurance or Insurance()
    amount = ledger.amount
    year = plan_year_of_day(ledger.day, insurance.renews_in_weeks)
    zeros = np.zeros_like(amount)
    if not insured or amount.shape[1] == 0:
        return Payments(ledger, amount.copy(), zeros, zeros.copy(), zeros.copy(), year)

    fill = ledger.kind == KINDS.index("fill")
    covered = ledger.covered & ~(fill & insurance.discount_card)
    uncovered = np.where(covered, 0.0, amount)
    superbill_share = np.asarray(superbill_pct if insurance.superbill_pct is None else insurance.superbill_pct, float)
    superbill = np.where(fill, 0.0, uncovered * (np.reshape(superbill_share, (-1, 1)) / 100.0))

    share, assistance = _covered_shares(ledger, np.where(covered, amount, 0.0), year, insurance)
    patient = uncovered - superbill + share - assistance
    insurer = amount - uncovered - share + superbill
    return Payments(ledger, patient, insurer, assistance, superbill, year)


def programme_may_pay(programme: PricedProgramme, insurance: Insurance) -> bool:
    """A programme pays when the scenario turns programmes on and government insurance does not bar it."""
    return insurance.copay_programme and not (insurance.government and programme.commercial_only)


def _active_programmes(ledger: Ledger, insurance: Insurance) -> dict:
    """The ledger's programmes that may pay (see :func:`programme_may_pay`)."""
    return {i: p for i, p in enumerate(ledger.programmes) if programme_may_pay(p, insurance)}


def copay_terms(insurance: Insurance, kind: str) -> tuple[bool, float, bool]:
    """For one charge kind: whether it has a copay, the copay (0 without), and whether the copay skips the deductible."""
    copay = insurance.copay(kind)
    if copay is None:
        return False, 0.0, False
    return True, float(copay), kind in insurance.copays_skip_deductible


def _copay_tables(insurance: Insurance) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per charge kind: whether it has a copay, the copay, and whether the copay skips the deductible."""
    has_copay, copay, skips = zip(*(copay_terms(insurance, k) for k in KINDS))
    return np.array(has_copay), np.array(copay), np.array(skips)


def _covered_shares(
    ledger: Ledger, amount: np.ndarray, year: np.ndarray, insurance: Insurance
) -> tuple[np.ndarray, np.ndarray]:
    """The patient's share of each covered charge (before the programme) and the programme's part of it.

    Steps 1–5 of the module docstring, charge event by charge event.
    """
    draws, width = amount.shape
    has_copay_by_kind, copay_by_kind, skips_by_kind = _copay_tables(insurance)
    coins = insurance.coinsurance_pct / 100.0
    deductible, oop_max = float(insurance.deductible), float(insurance.oop_max)
    active = _active_programmes(ledger, insurance)
    cap_left = {i: np.broadcast_to(p.yearly_cap, (draws,)).astype(float) for i, p in active.items()}
    prog_copay = {i: np.broadcast_to(p.copay, (draws,)) for i, p in active.items()}
    counts_all = insurance.programme_counts_toward_limits

    # Columns first, so each charge event is one contiguous row of draws.
    a_t = np.ascontiguousarray(amount.T)
    year_t = np.ascontiguousarray(year.T)
    by_column = ledger.by_column
    if by_column:
        kinds, covered, progs = ledger.kind[0], ledger.covered[0], ledger.programme[0]
    else:
        kind_t = ledger.kind.T
        has_copay_t, copay_t, skips_t = has_copay_by_kind[kind_t], copay_by_kind[kind_t], skips_by_kind[kind_t]
        prog_t = np.ascontiguousarray(ledger.programme.T)

    share_t = np.zeros_like(a_t)
    assist_t = np.zeros_like(a_t)
    ded_left = np.full(draws, deductible - float(insurance.deductible_met))
    oop_left = np.full(draws, oop_max - insurance.paid_toward_limit)
    current = np.zeros(draws, dtype=year.dtype)
    for e in range(width):
        if by_column and not covered[e]:
            continue  # the whole column is outside insurance: no share, nothing counts
        a = a_t[e]
        y = year_t[e]
        renewed = y != current
        if renewed.any():
            ded_left = np.where(renewed, deductible, ded_left)
            oop_left = np.where(renewed, oop_max, oop_left)
            for i, p in active.items():
                cap_left[i] = np.where(renewed, np.broadcast_to(p.yearly_cap, (draws,)), cap_left[i])
            current = y
        if by_column:
            k = kinds[e]
            if skips_by_kind[k]:
                d = None  # a copay that skips the deductible
                raw = np.minimum(a, copay_by_kind[k])
            else:
                d = np.minimum(a, ded_left)
                rest = a - d
                raw = d + (np.minimum(rest, copay_by_kind[k]) if has_copay_by_kind[k] else coins * rest)
        else:
            d = np.where(skips_t[e], 0.0, np.minimum(a, ded_left))
            rest = a - d
            raw = d + np.where(has_copay_t[e], np.minimum(rest, copay_t[e]), coins * rest)
        share = np.minimum(raw, oop_left)
        counted = share
        helpers = ([progs[e]] if progs[e] in active else []) if by_column else [i for i in active if (prog_t[e] == i).any()]
        if helpers:
            helped_total = np.zeros(draws)
            for i in helpers:
                wanted = np.maximum(share - prog_copay[i], 0.0)
                if not by_column:
                    wanted = np.where(prog_t[e] == i, wanted, 0.0)
                helped = np.minimum(wanted, cap_left[i])
                cap_left[i] = cap_left[i] - helped
                helped_total = helped_total + helped
            assist_t[e] = helped_total
            if not counts_all:
                counted = share - helped_total
        if d is not None:
            ded_left = ded_left - np.minimum(d, counted)
        oop_left = oop_left - counted
        share_t[e] = share
    return share_t.T, assist_t.T
