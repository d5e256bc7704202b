"""Charts: pure functions from the frames in :mod:`kcost.frames` to :class:`altair.Chart`.

No Streamlit here, so tests can inspect the chart specification directly.
Colours come from the Okabe–Ito palette, which stays distinguishable for the
common forms of colour blindness and reads on light and dark backgrounds; each
plan also gets its own dash pattern so colour is never the only cue.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

__all__ = ["PALETTE", "band_layer", "cost_chart", "onset_chart", "tornado_chart"]

#: Okabe & Ito (2008), without yellow and black, which vanish on white and dark themes.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]
_DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3]]


def _scales(plans: list[str]) -> tuple[alt.Scale, alt.Scale]:
    n = len(plans)
    return (
        alt.Scale(domain=plans, range=PALETTE[:n] + PALETTE[: max(0, n - len(PALETTE))]),
        alt.Scale(domain=plans, range=_DASHES[:n] + _DASHES[: max(0, n - len(_DASHES))]),
    )


def cost_chart(
    costs: pd.DataFrame, onsets: pd.DataFrame, crossings: pd.DataFrame, bands: pd.DataFrame | None = None
) -> alt.LayerChart:
    """Cumulative cost over time, one line per plan, with the expected onset and crossovers marked.

    ``costs`` is :func:`kcost.frames.cost_frame`; ``onsets`` :func:`kcost.frames.onset_frame`
    (only the "first relief" rows are drawn: a shaded low–high band and a rule at the base);
    ``crossings`` :func:`kcost.frames.crossover_frame`; ``bands``, if given, the
    P10–P90 band of each plan from a simulation (drawn under the lines).
    """
    plans = list(dict.fromkeys(costs["plan"]))
    colour, dash = _scales(plans)
    legend = alt.Legend(
        orient="bottom", direction="vertical", title=None, labelLimit=400,
        symbolType="stroke", symbolStrokeWidth=3, symbolOpacity=1, symbolSize=300,
    )
    base = alt.Chart(costs)
    lines = base.mark_line(interpolate="step-after", strokeWidth=2.5).encode(
        x=alt.X("week:Q", title="Weeks from the first day of treatment"),
        y=alt.Y("cumulative_cost:Q", title="Cumulative cost (USD)", axis=alt.Axis(format="$,.0f")),
        color=alt.Color("plan:N", scale=colour, legend=legend),
        strokeDash=alt.StrokeDash("plan:N", scale=dash, legend=legend),
        tooltip=[
            alt.Tooltip("plan:N", title="Plan"),
            alt.Tooltip("week:Q", title="Week"),
            alt.Tooltip("cumulative_cost:Q", title="Cost so far", format="$,.0f"),
        ],
    )
    points = base.mark_point(size=30, filled=True, opacity=0).encode(
        x=alt.X("week:Q"),
        y=alt.Y("cumulative_cost:Q"),
        tooltip=[
            alt.Tooltip("plan:N", title="Plan"),
            alt.Tooltip("week:Q", title="Week"),
            alt.Tooltip("cumulative_cost:Q", title="Cost so far", format="$,.0f"),
        ],
    )
    layers: list[alt.Chart] = [lines, points]
    if bands is not None and len(bands):
        layers.insert(0, band_layer(bands, plans, legend))

    relief = onsets[onsets["milestone"] == "first relief may begin"] if len(onsets) else onsets
    horizon = float(costs["week"].max())
    if len(relief):
        relief = relief.assign(
            low_clip=relief["low_weeks"].clip(upper=horizon), high_clip=relief["high_weeks"].clip(upper=horizon)
        )
        band = (
            alt.Chart(relief)
            .mark_rect(opacity=0.12)
            .encode(
                x=alt.X("low_clip:Q"),
                x2=alt.X2("high_clip:Q"),
                color=alt.Color("plan:N", scale=colour, legend=legend),
                tooltip=[alt.Tooltip("plan:N", title="Plan"), alt.Tooltip("text:N", title="Relief may begin")],
            )
        )
        rule = (
            alt.Chart(relief[relief["base_weeks"] <= horizon])
            .mark_rule(strokeDash=[3, 3], strokeWidth=1.5)
            .encode(
                x=alt.X("base_weeks:Q"),
                color=alt.Color("plan:N", scale=colour, legend=legend),
                tooltip=[alt.Tooltip("plan:N", title="Plan"), alt.Tooltip("text:N", title="Relief may begin")],
            )
        )
        layers = [band, rule, *layers]

    if len(crossings):
        marks = alt.Chart(crossings).mark_point(shape="diamond", size=90, filled=True, color="#888888")
        layers.append(
            marks.encode(
                x=alt.X("week:Q"),
                y=alt.Y("cumulative_cost:Q"),
                tooltip=[alt.Tooltip("text:N", title="Crossover")],
            )
        )
        layers.append(
            alt.Chart(crossings.head(3).assign(label="week " + (crossings.head(3)["day"] // 7 + 1).astype(str)))
            .mark_text(align="left", dx=6, dy=-8, fontSize=11, color="#888888")
            .encode(x=alt.X("week:Q"), y=alt.Y("cumulative_cost:Q"), text=alt.Text("label:N"))
        )
    return alt.layer(*layers).properties(height=380, width="container")


def onset_chart(onsets: pd.DataFrame) -> alt.LayerChart:
    """When relief may begin per plan: a bar from low to high and a tick at the base, in weeks.

    For SSRIs a second row shows when the full effect is expected.
    """
    plans = list(dict.fromkeys(onsets["plan"]))
    colour, _ = _scales(plans)
    data = onsets.assign(row=onsets["plan"] + " — " + onsets["milestone"])
    order = list(data["row"])
    y = alt.Y("row:N", title=None, sort=order, axis=alt.Axis(labelLimit=360))
    tooltip = [alt.Tooltip("plan:N", title="Plan"), alt.Tooltip("milestone:N", title="What"), alt.Tooltip("text:N", title="When")]
    bars = (
        alt.Chart(data)
        .mark_bar(height=14, opacity=0.55)
        .encode(
            x=alt.X("low_weeks:Q", title="Weeks from the first day of treatment"),
            x2=alt.X2("high_weeks:Q"),
            y=y,
            color=alt.Color("plan:N", scale=colour, legend=None),
            tooltip=tooltip,
        )
    )
    ticks = (
        alt.Chart(data)
        .mark_tick(thickness=3, size=22)
        .encode(x=alt.X("base_weeks:Q"), y=y, color=alt.Color("plan:N", scale=colour, legend=None), tooltip=tooltip)
    )
    return alt.layer(bars, ticks).properties(height=max(60, 40 * len(data)), width="container")


def tornado_chart(swings: pd.DataFrame, base: float) -> alt.LayerChart:
    """One-way sensitivity: a bar per parameter from its outcome at low to at high, largest on top.

    ``swings`` has columns ``parameter, at_low, at_high, swing``; ``base`` draws a rule at the base outcome.
    """
    order = list(swings.sort_values("swing", ascending=False)["parameter"])
    y = alt.Y("parameter:N", sort=order, title=None, axis=alt.Axis(labelLimit=420))
    bars = (
        alt.Chart(swings)
        .mark_bar(height=14, color=PALETTE[0])
        .encode(
            x=alt.X("at_low:Q", title="Outcome (USD)", axis=alt.Axis(format="$,.0f")),
            x2=alt.X2("at_high:Q"),
            y=y,
            tooltip=[
                alt.Tooltip("parameter:N"),
                alt.Tooltip("at_low:Q", title="At low", format="$,.0f"),
                alt.Tooltip("at_high:Q", title="At high", format="$,.0f"),
            ],
        )
    )
    rule = alt.Chart(pd.DataFrame({"base": [base]})).mark_rule(color="#888888", strokeDash=[4, 3]).encode(x=alt.X("base:Q"))
    return alt.layer(bars, rule).properties(height=max(80, 26 * len(swings)), width="container")


def band_layer(bands: pd.DataFrame, plans: list[str], legend: alt.Legend | None = None) -> alt.Chart:
    """P10–P90 band per plan (columns ``plan, week, p10, p50, p90``), coloured like the plan's line."""
    colour, _ = _scales(plans)
    return (
        alt.Chart(bands)
        .mark_area(opacity=0.18, interpolate="step-after")
        .encode(
            x=alt.X("week:Q"),
            y=alt.Y("p10:Q"),
            y2=alt.Y2("p90:Q"),
            color=alt.Color("plan:N", scale=colour, legend=legend),
            tooltip=[
                alt.Tooltip("plan:N", title="Plan"),
                alt.Tooltip("week:Q", title="Week"),
                alt.Tooltip("p10:Q", title="P10", format="$,.0f"),
                alt.Tooltip("p50:Q", title="Median", format="$,.0f"),
                alt.Tooltip("p90:Q", title="P90", format="$,.0f"),
            ],
        )
    )
