"""The analyst commands: kcost schema, sensitivity and simulate."""

from __future__ import annotations

import json

import numpy as np

from kcost import load_assumptions
from kcost.model.assumptions.json_schema import schema_text
from kcost.cli import main
from kcost.model.uncertainty import simulate


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class TestSchema:
    def test_prints_the_committed_schema(self, capsys):
        code, out, _ = run(capsys, "schema")
        assert code == 0 and out == schema_text()


class TestSensitivity:
    def test_json_lists_the_price_swing_first(self, capsys):
        code, out, _ = run(capsys, "sensitivity", "--plan", "ketamine-iv", "--format", "json")
        body = json.loads(out)
        assert code == 0 and body["base"] == 16750  # 250 + 30 × 550
        top = body["parameters"][0]
        assert top["parameter"] == "plans.ketamine-iv.sessions.infusions.price"
        assert (top["outcome_at_low"], top["outcome_at_high"], top["swing"]) == (9250, 45250, 36000)  # 250 + 30 × 300, 250 + 30 × 1500

    def test_difference_needs_a_second_plan(self, capsys):
        code, _, err = run(capsys, "sensitivity", "--plan", "ketamine-iv", "--outcome", "difference")
        assert code == 2 and "--against" in err

    def test_csv_has_one_row_per_parameter(self, capsys):
        code, out, _ = run(capsys, "sensitivity", "--plan", "ssri-generic", "--format", "csv")
        lines = out.strip().splitlines()
        assert code == 0 and lines[0].startswith("parameter,low,high")
        assert len(lines) - 1 == len(json.loads(run(capsys, "sensitivity", "--plan", "ssri-generic", "--format", "json")[1])["parameters"])


class TestSimulate:
    def test_json_matches_the_python_api_for_the_same_seed(self, capsys):
        code, out, _ = run(
            capsys, "simulate", "--plan", "ketamine-iv", "--plan", "ssri-generic", "--draws", "300", "--seed", "4",
            "--at-week", "12", "--format", "json",
        )
        body = json.loads(out)
        sim = simulate(load_assumptions(), ["ketamine-iv", "ssri-generic"], 52, 300, 4)
        iv = body["plans"][0]
        assert code == 0 and (body["draws"], body["seed"]) == (300, 4)
        assert iv["total_median"] == round(float(np.median(sim.plan("ketamine-iv").totals)), 2)
        pair = body["probability_cheaper_at_horizon"][1]
        assert pair["by_week"]["12"] == round(sim.probability_cheaper("ssri-generic", "ketamine-iv", 12), 4)

    def test_same_seed_same_output(self, capsys):
        first = run(capsys, "simulate", "--plan", "esketamine", "--draws", "200", "--seed", "9")[1]
        second = run(capsys, "simulate", "--plan", "esketamine", "--draws", "200", "--seed", "9")[1]
        assert first == second

    def test_csv_rows_are_plan_and_week(self, capsys):
        code, out, _ = run(capsys, "simulate", "--plan", "ketamine-iv", "--weeks", "4", "--draws", "50", "--format", "csv")
        lines = out.strip().splitlines()
        assert code == 0 and lines[0] == "plan_id,week,p10,median,p90" and len(lines) == 1 + 5

    def test_bad_values_exit_2(self, capsys):
        for argv in (["--draws", "0"], ["--draws", "many"], ["--at-week", "60"], ["--plan", "nope"], ["--seed", "x"]):
            code, out, err = run(capsys, "simulate", *argv)
            assert code == 2 and out == "" and "Traceback" not in err
