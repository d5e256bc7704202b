"""Chart builders are pure: frames in, a Vega-Lite spec out, checked without a browser.

Every spec is checked against the Vega-Lite schema through altair, and its data against
the projection it was drawn from.
"""

from __future__ import annotations

import html
import json
import math
import re

import altair as alt
import pandas as pd
import pytest
import vl_convert

from kcost import load_assumptions, project
from kcost.present.charts import (
    PALETTE,
    as_altair,
    cost_chart,
    cost_spec,
    inline_data,
    onset_chart,
    onset_spec,
    tornado_chart,
    tornado_spec,
)
from kcost.present.frames import cost_frame, crossover_frame, lead_frame, onset_frame


@pytest.fixture(scope="module")
def assumptions():
    return load_assumptions()


@pytest.fixture(scope="module")
def projection(assumptions):
    return project(assumptions, ["ketamine-iv", "ssri-cbt", "ketamine-at-home"], 52)


def spec_of(p, bands=None):
    return cost_spec(cost_frame(p), onset_frame(p), crossover_frame(p), bands)


def layer(spec, mark):
    """The first drawn layer of that mark (the invisible hover targets are not drawn)."""
    return next(l for l in spec["layer"] if l["mark"]["type"] == mark and l["mark"].get("opacity") != 0)


def marks(spec):
    """The marks drawn, in layer order (the invisible hover targets left out)."""
    return [l["mark"]["type"] for l in spec["layer"] if l["mark"].get("opacity") != 0]


def data_of(spec, layer_spec) -> pd.DataFrame:
    return spec["datasets"][layer_spec["data"]["name"]]


def bands_for(p) -> pd.DataFrame:
    costs = cost_frame(p)
    return pd.DataFrame(
        {
            "plan": costs["plan"],
            "week": costs["week"],
            "p10": costs["cumulative_cost"] * 0.8,
            "p50": costs["cumulative_cost"],
            "p90": costs["cumulative_cost"] * 1.3,
        }
    )


class TestSchema:
    """altair's to_dict() validates against the Vega-Lite schema and raises on any mistake."""

    def test_cost_chart_with_crossovers_and_bands_is_valid_vega_lite(self, projection):
        p = projection
        chart = cost_chart(cost_frame(p), onset_frame(p), crossover_frame(p), bands_for(p))
        chart.to_dict()  # raises SchemaValidationError if invalid

    def test_cost_chart_without_crossovers_is_valid(self, assumptions):
        p = project(assumptions, ["ketamine-iv"], 12)
        cost_chart(cost_frame(p), onset_frame(p), crossover_frame(p)).to_dict()

    def test_onset_and_tornado_charts_are_valid(self, projection):
        onset_chart(onset_frame(projection)).to_dict()
        swings = pd.DataFrame({"parameter": ["a", "b"], "at_low": [1.0, 2.0], "at_high": [3.0, 9.0], "swing": [2.0, 7.0]})
        tornado_chart(swings, 2.5).to_dict()

    def test_everything_but_the_data_is_plain_json(self, projection):
        # Streamlit json.dumps the spec once the datasets are moved out as Arrow.
        for spec in (spec_of(projection, bands_for(projection)), onset_spec(onset_frame(projection))):
            json.dumps({k: v for k, v in spec.items() if k != "datasets"})
            assert all(isinstance(frame, pd.DataFrame) for frame in spec["datasets"].values())

    def test_every_layer_names_a_dataset_the_spec_carries(self, projection):
        spec = spec_of(projection, bands_for(projection))
        named = {l["data"]["name"] for l in spec["layer"]}
        assert named == set(spec["datasets"])


class TestCostChart:
    def test_one_line_per_plan_with_week_and_cost_tooltips(self, projection):
        spec = spec_of(projection)
        line = layer(spec, "line")
        assert line["encoding"]["x"]["field"] == "week"
        assert line["encoding"]["y"]["field"] == "cumulative_cost"
        assert {t["field"] for t in line["encoding"]["tooltip"]} == {"plan", "week", "cumulative_cost"}
        assert set(data_of(spec, line)["plan"]) == {p.label for p in projection.plans}

    def test_each_week_has_one_hover_target_naming_every_plans_cost(self, projection):
        # Rendered by Vega (vl-convert): one invisible full-height target per week, under every drawn layer;
        # its tooltip lists each plan by name with its cost so far, and its screen-reader label says the same
        # in words, e.g. "Week 52: Ketamine IV infusions (clinic) $16,750; Generic SSRI or SNRI $1,262".
        spec = spec_of(projection)
        target = spec["layer"][0]
        assert target["mark"] == {"type": "rect", "opacity": 0} and target["data"] == {"name": "weeks"}
        assert target["encoding"]["key"] == {"field": "week"}
        titles = [t["title"] for t in target["encoding"]["tooltip"]]
        assert titles == ["Week", *(p.label for p in projection.plans)]
        svg = vl_convert.vegalite_to_svg(inline_data(spec))
        labels = [html.unescape(label) for label in re.findall(r'aria-label="(Week [^"]*)"', svg)]
        assert len(labels) == 53  # weeks 0..52
        costs = spec["datasets"]["costs"]
        for week in (0, 26, 52):
            at = costs[costs["week"] == week].set_index("plan")["cumulative_cost"]
            words = "; ".join(f"{p.label} ${at[p.label]:,.0f}" for p in projection.plans)
            assert f"Week {week}: {words}" in labels
        # The last week's figures are each plan's total, as on its card.
        assert labels[-1].endswith(f"${projection.plans[-1].total_cost:,.0f}")

    def test_line_ends_at_each_plans_total(self, projection):
        data = data_of(spec_of(projection), layer(spec_of(projection), "line"))
        for p in projection.plans:
            rows = data[data["plan"] == p.label]
            assert rows["week"].max() == 52
            assert rows.loc[rows["week"].idxmax(), "cumulative_cost"] == pytest.approx(p.total_cost, abs=0.01)

    def test_marks_expected_onset_as_band_and_rule(self, projection):
        spec = spec_of(projection)
        relief = data_of(spec, layer(spec, "rect"))
        assert "rule" in marks(spec)
        iv = projection.plan("ketamine-iv")
        row = relief[relief["plan"] == iv.label].iloc[0]
        assert (row["low"], row["base"], row["high"]) == pytest.approx(tuple(d / 7 for d in iv.onset_days))

    def test_onset_band_is_clipped_to_the_horizon_and_rule_hidden_beyond_it(self, assumptions):
        # One week: the SSRI's relief range (1 to 4 weeks, typically 2) runs past the end of the chart.
        p = project(assumptions, ["ketamine-iv", "ssri-generic"], 1)
        ssri = p.plan("ssri-generic")
        assert ssri.onset_days[1] / 7 > 1  # the case under test: typical onset after the horizon
        spec = spec_of(p)
        relief = data_of(spec, layer(spec, "rect"))
        row = relief[relief["plan"] == ssri.label].iloc[0]
        assert row["high"] == 1 and row["low"] == pytest.approx(ssri.onset_days[0] / 7)
        rule_filter = layer(spec, "rule")["transform"][0]["filter"]
        drawn = relief[relief[rule_filter["field"]] <= rule_filter["lte"]]
        assert list(drawn["plan"]) == [p.plan("ketamine-iv").label]

    def test_lasting_lead_changes_get_diamonds_and_the_plot_has_no_text_to_overlap(self, assumptions):
        p = project(assumptions, list(assumptions.plans), 104)
        leads = lead_frame(p)
        assert len(crossover_frame(p)) > len(leads) > 0  # back-and-forth crossings are not all marked
        spec = cost_spec(cost_frame(p), onset_frame(p), leads)
        assert "text" not in marks(spec) and marks(spec).count("point") == 1
        diamonds = data_of(spec, next(l for l in spec["layer"] if l["mark"].get("shape") == "diamond"))
        assert list(diamonds["text"]) == list(leads["text"])
        as_altair(spec).to_dict()  # valid Vega-Lite

    def test_hiding_a_line_keeps_every_plans_colour_and_drops_it_from_the_legend(self, projection):
        labels = [pl.label for pl in projection.plans]
        costs = cost_frame(projection)
        onsets = onset_frame(projection)
        # Hide the middle plan: the first keeps slot 0, the third keeps slot 2 (not 1).
        kept = costs[costs["plan"] != labels[1]]
        spec = cost_spec(kept, onsets[onsets["plan"] != labels[1]], lead_frame(projection).iloc[0:0], domain=labels)
        line = layer(spec, "line")["encoding"]
        assert line["color"]["scale"] == {"domain": [labels[0], labels[2]], "range": [PALETTE[0], PALETTE[2]]}
        assert line["strokeDash"]["scale"]["domain"] == [labels[0], labels[2]]
        assert line["strokeDash"]["scale"]["range"] == [[1, 0], [2, 2]]  # the first and third dash patterns
        # Every layer coloured by plan shares the scale, so no legend entry or colour is left for the hidden plan.
        for each in spec["layer"]:
            if "color" in each["encoding"] and "scale" in each["encoding"]["color"]:
                assert labels[1] not in each["encoding"]["color"]["scale"]["domain"]
        assert labels[1] not in set(data_of(spec, layer(spec, "line"))["plan"])
        as_altair(spec).to_dict()  # valid Vega-Lite

    def test_legend_lists_exactly_the_plans_shown_in_their_page_order(self, projection):
        labels = [pl.label for pl in projection.plans]
        costs = cost_frame(projection)
        only_last = costs[costs["plan"] == labels[2]]
        spec = cost_spec(only_last, onset_frame(projection).iloc[0:0], lead_frame(projection).iloc[0:0], domain=labels)
        assert layer(spec, "line")["encoding"]["color"]["scale"] == {"domain": [labels[2]], "range": [PALETTE[2]]}
        # Reversed rows do not reorder the legend: the page's order of plans does.
        reversed_rows = costs.iloc[::-1]
        spec = cost_spec(reversed_rows, onset_frame(projection).iloc[0:0], lead_frame(projection).iloc[0:0], domain=labels)
        assert layer(spec, "line")["encoding"]["color"]["scale"]["domain"] == labels

    def test_no_crossover_layers_without_crossovers(self, assumptions):
        p = project(assumptions, ["ketamine-iv"], 12)
        spec = spec_of(p)
        assert "text" not in marks(spec) and "crossings" not in spec["datasets"]

    def test_uncertainty_band_drawn_under_the_lines(self, projection):
        spec = spec_of(projection, bands_for(projection))
        kinds = marks(spec)
        assert kinds.index("area") < kinds.index("line")
        area = layer(spec, "area")
        assert (area["encoding"]["y"]["field"], area["encoding"]["y2"]["field"]) == ("p10", "p90")

    def test_colours_come_from_the_colour_blind_safe_palette(self, projection):
        line = layer(spec_of(projection), "line")
        assert line["encoding"]["color"]["scale"]["range"] == PALETTE[:3]
        assert line["encoding"]["color"]["scale"]["domain"] == [p.label for p in projection.plans]
        assert "strokeDash" in line["encoding"]  # colour is never the only cue
        dashes = line["encoding"]["strokeDash"]["scale"]["range"]
        assert len({tuple(d) for d in dashes}) == 3

    def test_more_plans_than_colours_reuse_the_palette(self):
        costs = pd.DataFrame({"plan": [f"p{i}" for i in range(8)], "week": 0, "cumulative_cost": 0.0})
        empty = pd.DataFrame(columns=["milestone"])
        spec = cost_spec(costs, empty, pd.DataFrame())
        assert layer(spec, "line")["encoding"]["color"]["scale"]["range"] == PALETTE + PALETTE[:2]


class TestOnsetChart:
    def test_ssri_rows_show_first_improvement_and_full_effect(self, projection):
        spec = onset_spec(onset_frame(projection))
        data = spec["datasets"]["onsets"]
        cbt = projection.plan("ssri-cbt").label
        iv = projection.plan("ketamine-iv").label
        rows = set(zip(data["plan"], data["milestone"]))
        assert (cbt, "full effect expected") in rows
        assert (iv, "full effect expected") not in rows
        full = data[(data["plan"] == cbt) & (data["milestone"] == "full effect expected")].iloc[0]
        assert (full["low"], full["base"], full["high"]) == (6, 8, 12)

    def test_rows_keep_plan_order_and_are_named_above_each_bar(self, projection):
        onsets = onset_frame(projection)
        spec = onset_spec(onsets)
        rows = list(onsets["plan"] + " — " + onsets["milestone"])
        bar = layer(spec, "bar")
        assert bar["encoding"]["y"]["sort"] == rows
        # The names start at the plot's left edge and sit above their bars (labels eating the width on a
        # phone squeezed the bars); as axis labels they take the page theme's text colour.
        axis = bar["encoding"]["y"]["axis"]
        assert (axis["labelAlign"], axis["labelPadding"], axis["labelBaseline"]) == ("left", 0, "bottom")
        assert bar["mark"]["yOffset"] > 0
        assert "text" not in marks(spec)
        assert list(spec["datasets"]["onsets"]["row"]) == rows
        # Height grows by a fixed step per row, and the axes come on top of it rather than out of it.
        assert spec["height"] == {"step": 44}
        assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}


class TestCostAxis:
    def test_x_axis_runs_exactly_to_the_horizon(self, projection):
        x = layer(spec_of(projection), "line")["encoding"]["x"]
        assert x["scale"] == {"domain": [0, 52.0], "nice": False}


class TestTornadoChart:
    def test_largest_swing_on_top_and_a_rule_at_the_base(self):
        swings = pd.DataFrame(
            {"parameter": ["small", "large", "mid"], "at_low": [9.0, 0.0, 5.0], "at_high": [11.0, 30.0, 20.0],
             "swing": [2.0, 30.0, 15.0]}
        )
        spec = tornado_spec(swings, 10.0)
        assert spec["layer"][0]["encoding"]["y"]["sort"] == ["large", "mid", "small"]
        assert list(spec["datasets"]["base"]["base"]) == [10.0]


class TestAsAltair:
    def test_missing_values_become_null_and_numbers_stay_numbers(self):
        spec = {
            "datasets": {"d": pd.DataFrame({"x": [1.5, math.nan], "label": ["a", None], "n": [1, 2]})},
            "layer": [{"data": {"name": "d"}, "mark": {"type": "point"}, "encoding": {"x": {"field": "x", "type": "quantitative"}}}],
            "height": 100,
            "width": "container",
        }
        [rows] = as_altair(spec).to_dict()["datasets"].values()
        assert rows == [{"x": 1.5, "label": "a", "n": 1}, {"x": None, "label": None, "n": 2}]
        assert all(type(r["n"]) is int for r in rows)

    def test_charts_combine_and_restyle_like_any_altair_chart(self, projection):
        cost = cost_chart(cost_frame(projection), onset_frame(projection), crossover_frame(projection))
        onset = onset_chart(onset_frame(projection))
        combined = alt.vconcat(cost.properties(width=500), onset.properties(width=500)).to_dict()
        assert len(combined["vconcat"]) == 2
        assert (cost & onset).to_dict()["vconcat"][0]["height"] == 380
        cost.interactive().to_dict()

    def test_same_numbers_as_the_spec_the_app_draws(self, projection):
        spec = spec_of(projection)
        chart = cost_chart(cost_frame(projection), onset_frame(projection), crossover_frame(projection)).to_dict()
        line = layer(chart, "line")
        rows = chart["datasets"][line["data"]["name"]]
        expected = data_of(spec, layer(spec, "line"))
        assert [r["cumulative_cost"] for r in rows] == list(expected["cumulative_cost"])
        assert line["encoding"] == layer(spec, "line")["encoding"]


class TestSpecLayersAreIndependent:
    def test_editing_one_layers_encoding_leaves_the_others_alone(self, projection):
        spec = spec_of(projection)
        layer(spec, "line")["encoding"]["color"]["scale"]["range"][0] = "#000000"
        assert layer(spec, "rect")["encoding"]["color"]["scale"]["range"][0] == PALETTE[0]
