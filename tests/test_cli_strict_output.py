"""Strict output from every command and format: JSON that strict parsers accept (no NaN, no Infinity),
CSV with no stray values ("nan", "inf"), even when a figure does not exist.

The scenario that makes figures not exist: IV ketamine needing 1,000 infusions for relief, with no
boosters, never reaches relief (6 infusions only), so its onset day is infinite in the engine and the
cost until relief has no value; a response rate of 0 % leaves the cost per responder undefined.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from kcost.cli import main
from kcost.present.formats import csv_cell, strict_json

ROOT = Path(__file__).resolve().parents[1]
NEVER = ["--set", "plans.ketamine-iv.onset.sessions_needed=1000", "--booster-every-weeks", "0"]


def refuse_constant(name: str):
    raise ValueError(f"not strict JSON: {name}")


def run(capsys, *argv: str) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert (code, err) == (0, ""), err
    return out


def strict(text: str):
    """Parse as strict JSON: NaN, Infinity and -Infinity are refused."""
    return json.loads(text, parse_constant=refuse_constant)


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def no_stray_values(text: str) -> None:
    assert not {c.strip().lower() for c in cells(text)} & {"nan", "inf", "-inf", "infinity", "-infinity", "none"}


@pytest.fixture
def zero_response(tmp_path: Path) -> Path:
    text = (ROOT / "data" / "pricing.yaml").read_text(encoding="utf-8")
    old = "    response_rate:\n      base: 33\n"  # the first is ketamine-iv's (ketamine-im borrows the figure)
    assert text.count(old) >= 1 and text.index(old) < text.index("  ketamine-im:")
    path = tmp_path / "zero.yaml"
    path.write_text(text.replace(old, "    response_rate:\n      base: 0\n", 1), encoding="utf-8")
    return path


def test_project_json_when_relief_is_never_reached(capsys):
    body = strict(run(capsys, "project", "--plan", "ketamine-iv", "--weeks", "8", "--format", "json", *NEVER))
    iv = body["plans"][0]
    assert iv["onset_days"]["base"] is None and iv["cost_until_onset"] is None
    # 8 weeks: $250 consultation + 6 infusions × $550 = $3,550, reached by day 17 and then flat.
    assert iv["total_cost"] == 3550


def test_project_csv_and_table_when_relief_is_never_reached(capsys):
    no_stray_values(run(capsys, "project", "--plan", "ketamine-iv", "--weeks", "8", "--format", "csv", *NEVER))
    table = run(capsys, "project", "--plan", "ketamine-iv", "--weeks", "8", *NEVER)
    assert "not within reach" in table and "nan" not in table.lower() and "inf " not in table.lower()


def test_simulate_json_and_csv_with_a_zero_response_rate(capsys, zero_response):
    args = ("simulate", "--config", str(zero_response), "--plan", "ketamine-iv", "--plan", "ssri-generic",
            "--draws", "50", "--weeks", "8")  # fmt: skip
    body = strict(run(capsys, *args, "--format", "json"))
    assert next(p for p in body["plans"] if p["id"] == "ketamine-iv")["cost_per_responder"] is None
    no_stray_values(run(capsys, *args, "--format", "csv"))


def test_sensitivity_json_and_csv(capsys):
    strict(run(capsys, "sensitivity", "--plan", "ketamine-iv", "--outcome", "until-onset", "--format", "json"))
    no_stray_values(run(capsys, "sensitivity", "--plan", "ketamine-iv", "--format", "csv"))


def test_strict_json_turns_non_finite_numbers_into_null():
    import numpy as np

    text = strict_json({"a": float("inf"), "b": [1.5, float("nan"), np.float64("-inf")], "c": np.int64(3)})
    assert strict(text) == {"a": None, "b": [1.5, None, None], "c": 3}


def test_csv_cell_leaves_no_stray_value():
    assert [csv_cell(x) for x in (1.5, float("nan"), float("inf"), "x", 0)] == [1.5, "", "", "x", 0]
