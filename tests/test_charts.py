"""Chart builders are pure: a DataFrame in, an altair spec out, checked without a browser."""

from __future__ import annotations

import pytest

from kcost import load_assumptions, project
from kcost.charts import PALETTE, cost_chart, onset_chart
from kcost.frames import cost_frame, crossover_frame, onset_frame


@pytest.fixture(scope="module")
def projection():
    return project(load_assumptions(), ["ketamine-iv", "ssri-cbt", "ketamine-at-home"], 52)


def layers(chart):
    return chart.to_dict()["layer"]


def marks(chart):
    return [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in layers(chart)]


class TestCostChart:
    def test_one_line_per_plan_with_week_and_cost_tooltips(self, projection):
        chart = cost_chart(cost_frame(projection), onset_frame(projection), crossover_frame(projection))
        spec = chart.to_dict()
        line = next(l for l in spec["layer"] if l["mark"]["type"] == "line")
        assert line["encoding"]["x"]["field"] == "week"
        assert line["encoding"]["y"]["field"] == "cumulative_cost"
        assert {t["field"] for t in line["encoding"]["tooltip"]} == {"plan", "week", "cumulative_cost"}
        data = spec["datasets"][line["data"]["name"]]
        assert {row["plan"] for row in data} == {p.label for p in projection.plans}

    def test_marks_expected_onset_as_band_and_rule(self, projection):
        chart = cost_chart(cost_frame(projection), onset_frame(projection), crossover_frame(projection))
        kinds = marks(chart)
        assert "rect" in kinds and "rule" in kinds

    def test_crossovers_are_labelled(self, projection):
        crossings = crossover_frame(projection)
        assert len(crossings) > 0  # IV starts dear; at-home and CBT cross it and each other in a year
        kinds = marks(cost_chart(cost_frame(projection), onset_frame(projection), crossings))
        assert "text" in kinds and kinds.count("point") == 2

    def test_no_crossover_layer_without_crossovers(self):
        p = project(load_assumptions(), ["ketamine-iv"], 12)
        kinds = marks(cost_chart(cost_frame(p), onset_frame(p), crossover_frame(p)))
        assert "text" not in kinds

    def test_colours_come_from_the_colour_blind_safe_palette(self, projection):
        spec = cost_chart(cost_frame(projection), onset_frame(projection), crossover_frame(projection)).to_dict()
        line = next(l for l in spec["layer"] if l["mark"]["type"] == "line")
        assert line["encoding"]["color"]["scale"]["range"] == PALETTE[:3]
        assert "strokeDash" in line["encoding"]  # colour is never the only cue


class TestOnsetChart:
    def test_ssri_rows_show_first_improvement_and_full_effect(self, projection):
        spec = onset_chart(onset_frame(projection)).to_dict()
        data = spec["datasets"][spec["layer"][0]["data"]["name"]] if "data" in spec["layer"][0] else next(
            iter(spec["datasets"].values())
        )
        milestones = {(row["plan_id"], row["milestone"]) for row in data}
        assert ("ssri-cbt", "full effect expected") in milestones
        assert ("ketamine-iv", "full effect expected") not in milestones
        ssri_full = next(r for r in data if r["plan_id"] == "ssri-cbt" and r["milestone"] == "full effect expected")
        assert (ssri_full["low_weeks"], ssri_full["base_weeks"], ssri_full["high_weeks"]) == (6, 8, 12)
