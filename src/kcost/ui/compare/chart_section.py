"""Cost over time: the chart (with lines that can be hidden), who is cheaper by when, and the likely range."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from ...model.projection import Projection
from ...model.uncertainty import Simulation
from ...present.charts import cost_spec, inline_data, onset_spec
from ...present.formats import days_phrase, paragraphs, plain
from ...present.frames import cost_frame, lead_frame, onset_frame
from ...present.sentences import chance_sentences, cheaper_when_sentences, per_responder_phrase, relief_sentence
from .kept import Kept
from .registry import Registry

__all__ = [
    "band_frame",
    "chart_controls",
    "chart_lines",
    "likely_range",
    "lines_shown",
    "render_chart",
    "render_onset",
]


def chart_controls(registry: Registry) -> None:
    """The likely-range switch and the section's heading (drawn by the full run: they do not move with a price)."""
    registry.draw("uncertainty")
    st.subheader("Cost over time")


def _lines_key(plan_ids: list[str]) -> str:
    # Keyed by the plans, so a new choice of plans starts with every line shown.
    return "chart_lines:" + "|".join(plan_ids)


def chart_lines(plans: dict[str, str]) -> None:
    """With two plans or more, the pills that hide a plan's line (``plans``: id → label, in page order)."""
    if len(plans) > 1:
        labels = list(plans.values())
        st.pills(
            "Lines on the chart (hide one to see the others more closely)",
            labels,
            selection_mode="multi",
            default=labels,
            key=_lines_key(list(plans)),
        )


def lines_shown(projection: Projection) -> list[str]:
    """The labels of the plans whose lines the reader keeps on the chart (all of them with one plan)."""
    labels = [p.label for p in projection.plans]
    if len(labels) < 2:
        return labels
    return st.session_state.get(_lines_key([p.plan_id for p in projection.plans]), labels) or []


def render_chart(projection: Projection, bands: pd.DataFrame | None, shown: list[str]) -> None:
    """The cumulative-cost chart of the ``shown`` plans, then the crossovers in words."""
    labels = [p.label for p in projection.plans]
    if not shown:
        st.caption("Pick at least one line to draw the chart.")
    else:
        keep = set(shown)
        costs, onsets, leads = cost_frame(projection, with_time=True), _onsets(projection), lead_frame(projection)
        if keep != set(labels):  # a line hidden: its rows go (filtering copies every frame, so only then)
            costs = costs[costs["plan"].isin(keep)]
            onsets = onsets[onsets["plan"].isin(keep)] if len(onsets) else onsets
            leads = leads[leads["plans"].map(lambda pair: set(pair) <= keep)] if len(leads) else leads
            bands = None if bands is None else bands[bands["plan"].isin(keep)]
        # The relief strips do not move with a price: written into the spec, they are neither converted nor resent.
        spec = inline_data(cost_spec(costs, onsets, leads, bands, domain=labels), ["relief"])
        st.vega_lite_chart(spec=spec, width="stretch", alt=_cost_alt(projection, keep), key="cost-chart")
        st.caption(
            "Lines: what you would have paid by each week. Shaded strips and dashed lines: when relief may begin "
            "(range and typical). Diamonds: from here on, one plan stays cheaper than another."
            + (" Shaded around each line: the likely range." if bands is not None else "")
            + (" Thin faint lines: what you pay plus the value of your time and travel (not added to the figures)."
               if "with_time" in costs.columns else "")
        )
    # One element for all the sentences: each element costs the browser more to redraw than its words.
    said = cheaper_when_sentences(projection)
    if said:
        st.markdown(paragraphs([plain(sentence) for sentence in said]))


def likely_range(sim: Simulation) -> None:
    """What the likely range means, the chances of costing less, and the cost per person helped."""
    st.caption(
        f"The likely range: kcost varied every number that has a published range and worked out {sim.draws:,} "
        "possible futures. In 80 of 100 of them the cost stayed inside the shaded band."
    )
    # One sentence per pair (kcost.present.sentences.chance_sentences): it reads in one go on a phone and in print.
    said = ["**How often one plan cost less, out of 100 simulated futures**", *(plain(s) for s in chance_sentences(sim))]
    costs = [(p, p.cost_per_responder()) for p in sim.plans]  # each a median over the draws: once per plan
    per = [plain(per_responder_phrase(p.label, cost, p.response_rate)) + "." for p, cost in costs if cost is not None]
    if per:
        said += ["**What it costs for each person it helps**", *per]
    st.markdown(paragraphs(said))
    if per:
        st.caption(
            "How we get this: the typical cost in the simulated futures, divided by how many of 100 people respond. "
            "So it can differ a little from the card. The range comes from the lowest and highest response seen in "
            "studies. These response figures are thin and mostly from depression, so take them as a rough size only."
        )


def band_frame(labels: list[str], percentiles: list[np.ndarray]) -> pd.DataFrame:
    """Each plan's likely range by week, from its 10th, 50th and 90th percentiles of the simulated costs
    (:meth:`~kcost.model.uncertainty.PlanSimulation.percentiles`, shape ``(3, W + 1)``), plans in ``labels`` order."""
    if not labels:
        return pd.DataFrame(columns=["plan", "week", "p10", "p50", "p90"])
    pct = np.concatenate(percentiles, axis=1)  # 3 x (plans x weeks)
    weeks = pct.shape[1] // len(labels)
    # One frame from whole columns: a frame per plan and a concat took longer than the percentiles.
    return pd.DataFrame(
        {
            "plan": np.repeat(labels, weeks),
            "week": np.tile(np.arange(weeks), len(labels)),
            "p10": pct[0],
            "p50": pct[1],
            "p90": pct[2],
        }
    )


def render_onset(projection: Projection) -> None:
    """When relief may begin, as a chart, and for each plan how soon and how long in words (no price changes it)."""
    st.markdown("**Time to relief**")
    spec, alt = _onset_chart(_onset_key(projection), projection)
    st.vega_lite_chart(spec=spec, width="stretch", alt=alt, key="onset-chart")
    # How soon is never shown without how long: a 4-hour onset sits beside relief that lasted about a week.
    st.caption(
        paragraphs(
            [plain(f"{p.label}: relief may begin around {days_phrase(p.onset_days[1])}. {relief_sentence(p)}") for p in projection.plans]
        )
    )


def _onset_key(projection: Projection) -> tuple:
    """Everything the time-to-relief chart shows (:func:`onset_frame`): the same for every price."""
    return tuple((p.plan_id, p.label, tuple(p.onset_days), p.full_effect_days and tuple(p.full_effect_days))
                 for p in projection.plans)


_ONSET_FRAMES: Kept[pd.DataFrame] = Kept(32)
_ONSET_CHARTS: Kept[tuple[dict, str]] = Kept(32)


def _onsets(projection: Projection) -> pd.DataFrame:
    """:func:`onset_frame`, made once per :func:`_onset_key` (shared, never changed: filtering makes a copy)."""
    return _ONSET_FRAMES.get(_onset_key(projection), lambda: onset_frame(projection))


def _onset_chart(key: tuple, projection: Projection) -> tuple[dict, str]:
    """The time-to-relief spec, its rows written in (:func:`inline_data`), and alt text, built once per ``key``."""
    return _ONSET_CHARTS.get(key, lambda: (inline_data(onset_spec(_onsets(projection))), _onset_alt(projection)))


def _cost_alt(projection: Projection, shown: set[str]) -> str:
    """The chart's accessible name: what it shows, not the figures, which the cards above give.

    No cost in it on purpose: Streamlit's frontend counts the alt text as part of the chart's spec,
    so a text that changed with every price would make the browser build the chart anew (compile,
    parse, first render) instead of updating its data (benchmarks/app_speed.py, issue 10).
    """
    parts = [f"{p.label}, relief may begin around {days_phrase(p.onset_days[1])}" for p in projection.plans if p.label in shown]
    timed = any(p.time_and_travel_cost is not None for p in projection.plans)
    return (
        f"Line chart of what each plan has cost by each week, over {projection.horizon_weeks} weeks: "
        + "; ".join(parts)
        + (". Thin lines add the value of your time and travel" if timed else "")
        + ". Each plan's total is on its card above; the tab “Chart as a table” lists the cost week by week."
    )


def _onset_alt(projection: Projection) -> str:
    parts = []
    for p in projection.plans:
        part = f"{p.label}: relief may begin from {days_phrase(p.onset_days[0])} to {days_phrase(p.onset_days[2])}"
        if p.full_effect_days is not None:
            low, _, high = p.full_effect_days
            part += f", full effect from {days_phrase(low)} to {days_phrase(high)}"
        parts.append(part)
    return "Bar chart of when relief may begin. " + "; ".join(parts) + "."
