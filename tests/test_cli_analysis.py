"""The analyst commands: kcost schema, sensitivity and simulate."""

from __future__ import annotations

import json

import numpy as np
import pytest

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


class TestSimulateBounds:
    @pytest.mark.parametrize(
        ("flag", "value", "message"),
        [
            ("--seed", "-1", "must be a whole number from 0 to 4,294,967,295, not '-1'"),
            ("--seed", "4294967296", "must be a whole number from 0 to 4,294,967,295, not '4294967296'"),
            ("--seed", "9" * 5000, f"must be a whole number from 0 to 4,294,967,295, not '{'9' * 39}…'"),
            ("--draws", "100001", "must be a whole number from 1 to 100,000, not '100001'"),
            ("--draws", "true", "must be a whole number from 1 to 100,000, not 'true'"),
        ],
    )
    def test_out_of_range_is_a_usage_error(self, capsys, flag, value, message):
        code, out, err = run(capsys, "simulate", "--plan", "esketamine", flag, value)
        assert (code, out) == (2, "")
        assert err.splitlines()[0] == f"kcost: argument {flag}: {message}"

    def test_the_highest_seed_works(self, capsys):
        code, out, _ = run(capsys, "simulate", "--plan", "esketamine", "--draws", "10", "--seed", "4294967295", "--format", "json")
        assert code == 0 and json.loads(out)["seed"] == 4294967295

    def test_a_long_set_value_is_refused_and_cut_in_the_message(self, capsys):
        code, out, err = run(capsys, "project", "--set", "plans.ketamine-iv.one_off.consultation=" + "9" * 5000)
        assert (code, out) == (2, "")
        assert err == (
            f"plans.ketamine-iv.one_off.consultation: value '{'9' * 39}…': a number of more than 40 characters"
            " (from --set)\n"
        )
