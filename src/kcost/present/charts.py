"""Charts: pure functions from the frames in :mod:`kcost.present.frames` to Vega-Lite.

Each chart exists in two forms built from one definition:

* ``*_spec(...)`` returns the Vega-Lite specification as a plain dict whose
  ``datasets`` are the frames themselves. ``st.vega_lite_chart`` takes it as it
  is and ships each frame to the browser as Arrow. The app draws these: building
  one takes about a millisecond, where altair's ``Chart.to_dict`` took tens
  of milliseconds per rerun (sanitising frames, deep-copying layers, hashing the
  frames' text to name datasets), most of a rerun's time.
* ``*_chart(...)`` wraps the same spec as an :class:`altair.LayerChart`, for
  notebooks, tests and anyone who wants to restyle it with altair. Its
  ``to_dict()`` checks the spec against the Vega-Lite schema.

No Streamlit here, so tests can inspect the specification directly.
Colours come from the Okabe–Ito palette, which stays distinguishable for the
common forms of colour blindness and reads on light and dark backgrounds; each
plan also gets its own dash pattern so colour is never the only cue.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

__all__ = [
    "PALETTE",
    "as_altair",
    "cost_chart",
    "cost_spec",
    "for_print",
    "inline_data",
    "onset_chart",
    "onset_spec",
    "tornado_chart",
    "tornado_spec",
]

#: Okabe & Ito (2008), without yellow and black, which vanish on white and dark themes.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]
_DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3]]
_GREY = "#888888"
_WEEKS_TITLE = "Weeks from the first day of treatment"
_USD = "$,.0f"
_ONSET_ROW_PX = 44  # a line of text above a 12 px bar, with air between rows
#: The cost chart's hover targets, one per week, carry their screen-reader label in this field.
WEEK_LABEL = "week_label"

Spec = dict[str, Any]


# --- encoding pieces ---------------------------------------------------------------------------


def _q(field: str, title: str | None = None, **extra: Any) -> dict:
    """A quantitative field; ``title`` is shown on the axis or in the tooltip."""
    channel = {"field": field, "type": "quantitative", **extra}
    if title is not None:
        channel["title"] = title
    return channel


def _n(field: str, title: str | None = None, **extra: Any) -> dict:
    """A nominal (text) field."""
    channel = {"field": field, "type": "nominal", **extra}
    if title is not None:
        channel["title"] = title
    return channel


def _colour(plans: list[str], legend: dict | None, slots: list[int] | None = None) -> dict:
    """Plan -> colour. ``slots`` (default 0, 1, 2, ...) picks each plan's place in the palette, so a plan
    keeps its colour when others are left out of the scale (and so out of the legend)."""
    return _n("plan", scale={"domain": plans, "range": _pick(PALETTE, range(len(plans)) if slots is None else slots)}, legend=legend)


def _dash(plans: list[str], legend: dict | None, slots: list[int] | None = None) -> dict:
    return _n("plan", scale={"domain": plans, "range": _pick(_DASHES, range(len(plans)) if slots is None else slots)}, legend=legend)


def _pick(values: list, slots) -> list:
    return [values[i % len(values)] for i in slots]


def _legend() -> dict:
    return {
        "orient": "bottom",
        "direction": "vertical",
        "title": None,
        "labelLimit": 400,
        "symbolType": "stroke",
        "symbolStrokeWidth": 3,
        "symbolOpacity": 1,
        "symbolSize": 300,
    }


def _layered(layers: list[dict], datasets: dict[str, pd.DataFrame], height: int | dict) -> Spec:
    """A layered spec as wide as its container; ``height`` is the plot's, axes and legend come on top."""
    return {
        "$schema": alt.SCHEMA_URL,
        "datasets": datasets,
        # Layers share encoding pieces while being built; a copy of each (one deepcopy of the list would keep
        # the sharing) keeps an edit to one layer from reaching the others.
        "layer": [copy.deepcopy(layer) for layer in layers],
        "height": height,
        "width": "container",
        # Streamlit would otherwise squeeze axes and legend into ``height`` ("fit"), shrinking the plot.
        "autosize": {"type": "fit-x", "contains": "padding"},
    }


# --- cost over time ----------------------------------------------------------------------------


def cost_spec(
    costs: pd.DataFrame,
    onsets: pd.DataFrame,
    crossings: pd.DataFrame,
    bands: pd.DataFrame | None = None,
    domain: list[str] | None = None,
    *,
    print_size: tuple[int, int] | None = None,
) -> Spec:
    """Cumulative cost over time, one line per plan, with the expected onset and crossovers marked.

    ``print_size`` (width, height in px, axes and legend included) makes the spec for paper instead
    of the screen: see :func:`for_print`.

    ``costs`` is :func:`kcost.present.frames.cost_frame` (with a ``with_time`` column, a thin faint line per
    plan shows the cost plus the value of the patient's time); ``onsets`` :func:`kcost.present.frames.onset_frame`
    (only the "first relief" rows are drawn: a shaded low–high band and a dashed rule at the
    base, both clipped to the horizon); ``crossings`` :func:`kcost.present.frames.crossover_frame`, of
    or :func:`kcost.present.frames.lead_frame`, each row a grey diamond with its text as
    tooltip; ``bands``, if given, the likely range of each plan from a simulation
    (columns ``plan, week, p10, p50, p90``), drawn under the lines. ``domain``, the
    labels of every plan in the comparison, keeps each plan's colour and dash when some
    lines are left out; the legend lists only the plans in ``costs``.

    The plot carries no text labels: text placed at data points overlaps wherever
    lines run close, so plans are named by the legend and crossovers in words beside
    the chart (:func:`kcost.present.sentences.cheaper_when_sentences`).
    """
    drawn = list(dict.fromkeys(costs["plan"]))
    everyone = drawn if domain is None else [*domain, *(p for p in drawn if p not in domain)]
    # The scale (and so the legend) lists only the plans drawn, each at its place in ``domain``.
    plans = [p for p in everyone if p in drawn]
    slots = [everyone.index(p) for p in plans]
    legend = _legend()
    colour = _colour(plans, legend, slots)
    cost_tooltip = [_n("plan", "Plan"), _q("week", "Week"), _q("cumulative_cost", "Cost so far", format=_USD)]
    datasets: dict[str, pd.DataFrame] = {"costs": costs[["plan", "week", "cumulative_cost"]]}
    layers: list[dict] = []

    horizon = float(costs["week"].max()) if len(costs) else 0.0
    if len(costs):
        datasets["weeks"] = _weeks_frame(costs, plans, horizon)
        layers.append(_week_targets(plans))
    relief = onsets[onsets["milestone"] == "first relief may begin"] if len(onsets) else onsets
    if len(relief):
        datasets["relief"] = pd.DataFrame(
            {
                "plan": relief["plan"].to_numpy(),
                "low": np.minimum(relief["low_weeks"].to_numpy(), horizon),
                "high": np.minimum(relief["high_weeks"].to_numpy(), horizon),
                "base": relief["base_weeks"].to_numpy(),
                "text": relief["text"].to_numpy(),
            }
        )
        relief_tooltip = [_n("plan", "Plan"), _n("text", "Relief may begin")]
        layers.append(
            {
                "data": {"name": "relief"},
                "mark": {"type": "rect", "opacity": 0.25},
                "encoding": {"x": _q("low"), "x2": {"field": "high"}, "color": colour, "tooltip": relief_tooltip},
            }
        )
        layers.append(
            {
                "data": {"name": "relief"},
                # A typical onset past the horizon would stretch the axis beyond the costs.
                "transform": [{"filter": {"field": "base", "lte": horizon}}],
                "mark": {"type": "rule", "strokeDash": [3, 3], "strokeWidth": 1.5},
                "encoding": {"x": _q("base"), "color": colour, "tooltip": relief_tooltip},
            }
        )

    if bands is not None and len(bands):
        datasets["bands"] = bands[["plan", "week", "p10", "p50", "p90"]]
        layers.append(
            {
                "data": {"name": "bands"},
                "mark": {"type": "area", "opacity": 0.25, "interpolate": "step-after"},
                "encoding": {
                    "x": _q("week"),
                    "y": _q("p10"),
                    "y2": {"field": "p90"},
                    "color": colour,
                    "tooltip": [
                        _n("plan", "Plan"),
                        _q("week", "Week"),
                        _q("p10", "Likely range, low end", format=_USD),
                        _q("p50", "Middle", format=_USD),
                        _q("p90", "Likely range, high end", format=_USD),
                    ],
                },
            }
        )

    if "with_time" in costs.columns:
        # The patient's time and travel as a layer of its own: thin, faint lines above the money, never in it.
        datasets["costs"] = costs[["plan", "week", "cumulative_cost", "with_time"]]
        layers.append(
            {
                "data": {"name": "costs"},
                "mark": {"type": "line", "interpolate": "step-after", "strokeWidth": 1.2, "opacity": 0.6},
                "encoding": {
                    "x": _q("week"),
                    "y": _q("with_time"),
                    "color": colour,
                    "strokeDash": _dash(plans, None, slots),
                    "tooltip": [*cost_tooltip, _q("with_time", "With your time's value", format=_USD)],
                },
            }
        )
    layers.append(
        {
            "data": {"name": "costs"},
            "mark": {"type": "line", "interpolate": "step-after", "strokeWidth": 2.5},
            "encoding": {
                # Exactly the horizon: a "nice" axis would run on to week 55 for a 52-week horizon.
                "x": _q("week", _WEEKS_TITLE, scale={"domain": [0, horizon], "nice": False}),
                "y": _q("cumulative_cost", "Cumulative cost (USD)", axis={"format": _USD}),
                "color": colour,
                "strokeDash": _dash(plans, legend, slots),
                "tooltip": cost_tooltip,
            },
        }
    )
    if len(crossings):
        datasets["crossings"] = crossings[["week", "cumulative_cost", "text"]]
        layers.append(
            {
                "data": {"name": "crossings"},
                "mark": {"type": "point", "shape": "diamond", "size": 90, "filled": True, "color": _GREY},
                "encoding": {
                    "x": _q("week"),
                    "y": _q("cumulative_cost"),
                    "tooltip": [_n("text", "Crossover")],
                },
            }
        )
    spec = _layered(layers, datasets, height=380)
    return spec if print_size is None else for_print(spec, print_size)


def _weeks_frame(costs: pd.DataFrame, plans: list[str], horizon: float) -> pd.DataFrame:
    """One row per week for the hover targets: the week's span on the axis, each plan's cost so far (``c0``,
    ``c1``, … in the order of ``plans``) and the same words for screen readers in :data:`WEEK_LABEL`.

    Week w spans [w, w + 1) (the step the lines draw after point w); the last spans its final half week.
    Example: "Week 4: Ketamine IV infusions (clinic) $3,550; Generic SSRI or SNRI $535".
    """
    wide = costs.pivot(index="week", columns="plan", values="cumulative_cost")[plans]
    weeks = wide.index.to_numpy(float)
    frame = pd.DataFrame({"week": weeks, "from": np.minimum(weeks, horizon - 0.5), "to": np.minimum(weeks + 1, horizon)})
    for i, plan in enumerate(plans):
        frame[f"c{i}"] = wide[plan].to_numpy()
    frame[WEEK_LABEL] = [
        f"Week {week:g}: " + "; ".join(f"{plan} ${cost:,.0f}" for plan, cost in zip(plans, row))
        for week, row in zip(weeks, wide.itertuples(index=False, name=None))
    ]
    return frame


def _week_targets(plans: list[str]) -> dict:
    """Invisible full-height targets, one per week, whose tooltip gives every plan's cost so far that week.

    A line alone answers only on its own path. One target per week (not one per plan and week) keeps the
    marks Vega updates on a price change few: keyed by week, each target keeps its place and only its
    words change (benchmarks/chromium_ab.py, issue 10). Drawn first, under everything else, so the lines,
    the relief band and the crossovers keep their own tooltips where they are.
    """
    return {
        "data": {"name": "weeks"},
        "mark": {"type": "rect", "opacity": 0},
        "encoding": {
            "x": _q("from"),
            "x2": {"field": "to"},
            "tooltip": [_q("week", "Week"), *(_q(f"c{i}", plan, format=_USD) for i, plan in enumerate(plans))],
            "key": {"field": "week"},
            "description": {"field": WEEK_LABEL},
        },
    }


def for_print(spec: Spec, size: tuple[int, int]) -> Spec:
    """``spec`` adapted for a printed page: a fixed ``size`` (width, height in px, axes and legend
    included), nothing interactive (no tooltips, no invisible hover targets), dark text on white
    whatever the app's theme, text at 10 px, and no y-axis title (the page titles the chart).
    """
    width, height = size
    # Two columns of plan names under the plot: four plans take two rows, so the plot keeps its height.
    legend = {"orient": "bottom", "direction": "horizontal", "columns": 2, "labelLimit": width // 2 - 22,
              "labelColor": "#222222", "labelFontSize": 9, "symbolSize": 150, "rowPadding": 0, "offset": 6,
              "padding": 0}
    layers = []
    for layer in spec["layer"]:
        if layer["mark"].get("opacity") == 0:
            continue  # hover targets only
        layer = copy.deepcopy(layer)
        layer["encoding"].pop("tooltip", None)
        for channel in layer["encoding"].values():
            if isinstance(channel, dict) and isinstance(channel.get("legend"), dict):
                channel["legend"].update(legend)
        if "title" in layer["encoding"].get("y", {}):
            # The page names the chart; a rotated axis title would need a plot at least as tall as itself.
            layer["encoding"]["y"]["title"] = None
        layers.append(layer)
    return {
        **spec,
        "layer": layers,
        "width": width,
        "height": height,
        "autosize": {"type": "fit", "contains": "padding"},
        "background": "white",
        "config": {
            "font": "Helvetica",
            "axis": {"labelColor": "#222222", "titleColor": "#222222", "labelFontSize": 10, "titleFontSize": 10,
                     "gridColor": "#dddddd"},
            "view": {"stroke": "#bbbbbb"},
        },
    }


def cost_chart(
    costs: pd.DataFrame, onsets: pd.DataFrame, crossings: pd.DataFrame, bands: pd.DataFrame | None = None
) -> alt.LayerChart:
    """:func:`cost_spec` as an altair chart."""
    return as_altair(cost_spec(costs, onsets, crossings, bands))


# --- time to onset -----------------------------------------------------------------------------


def onset_spec(onsets: pd.DataFrame) -> Spec:
    """When relief may begin per plan: a bar from low to high and a tick at the base, in weeks.

    ``onsets`` is :func:`kcost.present.frames.onset_frame`; for SSRIs a second row shows when the
    full effect is expected. Each row is named by a line of text above its bar rather than by
    an axis label, so long plan names take the chart's whole width instead of squeezing the
    bars on a phone.
    """
    plans = list(dict.fromkeys(onsets["plan"]))
    rows = onsets["plan"] + " — " + onsets["milestone"]
    data = pd.DataFrame(
        {
            "plan": onsets["plan"].to_numpy(),
            "milestone": onsets["milestone"].to_numpy(),
            "row": rows.to_numpy(),
            "low": onsets["low_weeks"].to_numpy(),
            "base": onsets["base_weeks"].to_numpy(),
            "high": onsets["high_weeks"].to_numpy(),
            "text": onsets["text"].to_numpy(),
        }
    )
    # The row names are the y axis's labels, turned to start at the plot's left edge and sit above
    # their bars: axis labels take the page's light or dark theme colours, where a text mark would not.
    y = _n(
        "row",
        None,
        sort=list(rows),
        axis={
            "title": None,
            "domain": False,
            "ticks": False,
            "labelAlign": "left",
            "labelBaseline": "bottom",
            "labelPadding": 0,
            "labelOffset": -1,
            "labelLimit": 0,
            "labelFontSize": 12,
        },
    )
    colour = _colour(plans, None)
    tooltip = [_n("plan", "Plan"), _n("milestone", "What"), _n("text", "When")]
    layers = [
        {
            "data": {"name": "onsets"},
            "mark": {"type": "bar", "height": 12, "yOffset": 7, "opacity": 0.6},
            "encoding": {
                "x": _q("low", _WEEKS_TITLE, scale={"domainMin": 0}, axis={"format": "~g", "tickMinStep": 1}),
                "x2": {"field": "high"},
                "y": y,
                "color": colour,
                "tooltip": tooltip,
            },
        },
        {
            "data": {"name": "onsets"},
            "mark": {"type": "tick", "thickness": 3, "size": 20, "yOffset": 7},
            "encoding": {"x": _q("base"), "y": y, "color": colour, "tooltip": tooltip},
        },
    ]
    spec = _layered(layers, {"onsets": data}, height={"step": _ONSET_ROW_PX})
    return spec


def onset_chart(onsets: pd.DataFrame) -> alt.LayerChart:
    """:func:`onset_spec` as an altair chart."""
    return as_altair(onset_spec(onsets))


# --- one-way sensitivity -----------------------------------------------------------------------


def tornado_spec(swings: pd.DataFrame, base: float) -> Spec:
    """One-way sensitivity: a bar per parameter from its outcome at low to at high, largest on top.

    ``swings`` has columns ``parameter, at_low, at_high, swing``; ``base`` draws a rule at the base outcome.
    """
    order = list(swings.sort_values("swing", ascending=False)["parameter"])
    y = _n("parameter", None, sort=order, axis={"labelLimit": 420, "title": None})
    layers = [
        {
            "data": {"name": "swings"},
            "mark": {"type": "bar", "height": 14, "color": PALETTE[0]},
            "encoding": {
                "x": _q("at_low", "Outcome (USD)", axis={"format": _USD}),
                "x2": {"field": "at_high"},
                "y": y,
                "tooltip": [
                    _n("parameter", "Parameter"),
                    _q("at_low", "At low", format=_USD),
                    _q("at_high", "At high", format=_USD),
                ],
            },
        },
        {
            "data": {"name": "base"},
            "mark": {"type": "rule", "color": _GREY, "strokeDash": [4, 3]},
            "encoding": {"x": _q("base")},
        },
    ]
    datasets = {"swings": swings[["parameter", "at_low", "at_high", "swing"]], "base": pd.DataFrame({"base": [base]})}
    return _layered(layers, datasets, height=max(80, 26 * len(swings)))


def tornado_chart(swings: pd.DataFrame, base: float) -> alt.LayerChart:
    """:func:`tornado_spec` as an altair chart."""
    return as_altair(tornado_spec(swings, base))


# --- altair ------------------------------------------------------------------------------------


def as_altair(spec: Spec) -> alt.LayerChart:
    """The spec as an altair layer chart of ordinary ``alt.Chart`` layers, each with its data inline.

    Built layer by layer so that the result combines and restyles like any altair chart
    (``alt.vconcat``, ``&``, ``.properties``); altair gathers the data into named datasets
    again when it writes the spec. Missing values become ``null`` (JSON has no NaN).
    """
    records = {name: _records(frame) for name, frame in spec["datasets"].items()}
    layers = [
        alt.Chart.from_dict({**layer, "data": {"values": records[layer["data"]["name"]]}}, validate=False)
        for layer in spec["layer"]
    ]
    return alt.layer(*layers).properties(height=spec["height"], width=spec["width"])


def inline_data(spec: Spec, names: Iterable[str] | None = None) -> Spec:
    """The same chart with the rows of the named datasets (default: all) written into the layers that use
    them (``{"values": [...]}``), and those datasets gone from ``datasets``.

    For data that stays the same from run to run (time to relief, the relief strips on the cost chart):
    Streamlit converts each named dataset to Arrow on every call (about half a millisecond each) and the
    browser replaces it in the chart, where rows written in the spec cost neither.
    """
    inline = set(spec["datasets"] if names is None else names) & set(spec["datasets"])
    records = {name: _records(spec["datasets"][name]) for name in inline}
    layers = [
        {**layer, "data": {"values": records[layer["data"]["name"]]}} if layer["data"].get("name") in inline else layer
        for layer in spec["layer"]
    ]
    datasets = {name: frame for name, frame in spec["datasets"].items() if name not in inline}
    out = {**{k: v for k, v in spec.items() if k != "datasets"}, "layer": layers}
    return {**out, "datasets": datasets} if datasets else out


def _records(frame: pd.DataFrame) -> list[dict]:
    """The frame's rows as plain Python values, a missing value as ``None`` (JSON has no NaN).

    Column by column (``tolist`` gives Python numbers): a cell-by-cell conversion took longer than
    Streamlit's Arrow conversion of the same frame.
    """
    columns = {name: [None if _missing(v) else v for v in frame[name].tolist()] for name in frame.columns}
    return [dict(zip(columns, row)) for row in zip(*columns.values())]


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, (str, list, tuple, dict)) and bool(pd.isna(value)))
