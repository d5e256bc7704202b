"""The kcost command line: validate, plans, project; exit codes 0 (ok) and 2 (bad input), never a traceback.

Money figures are worked by hand in tests/test_engine.py; the ones used here:
ketamine-iv over 52 weeks = $250 + 30 infusions × $550 = $16,750 (6 induction + 24 boosters every 2 weeks
from day 17); ssri-generic = $350 + 6 visits × $150 + 13 fills × 30 days × $0.031 = $1,262.09.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kcost.cli import main

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "data" / "pricing.yaml"
TEXT = SHIPPED.read_text(encoding="utf-8")
PLANS = ["ketamine-iv", "ketamine-im", "ketamine-at-home", "esketamine", "ssri-generic", "ssri-cbt", "cbt-only"]
LABELS = {
    "ketamine-iv": "Ketamine IV infusions (clinic)",
    "ketamine-im": "Ketamine IM injections with psychotherapy (KAP)",
    "ketamine-at-home": "Ketamine at home, sublingual (telehealth)",
    "esketamine": "Esketamine nasal spray (Spravato)",
    "ssri-generic": "Generic SSRI or SNRI",
    "ssri-cbt": "Generic SSRI or SNRI with CBT",
    "cbt-only": "CBT (talk therapy) alone",
}
IN_PROCESS = "import sys; from kcost.cli import main; sys.exit(main())"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    return code, out, err


def run_json(capsys, *args: str) -> dict:
    code, out, err = run(capsys, "project", "--format", "json", *args)
    assert (code, err) == (0, "")
    return json.loads(out)


def totals(capsys, *args: str) -> dict[str, float]:
    return {p["id"]: p["total_cost"] for p in run_json(capsys, *args)["plans"]}


def edit(old: str, new: str) -> str:
    assert TEXT.count(old) == 1
    return TEXT.replace(old, new)


def line_of(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle)) + 1


def count_numbers(node) -> int:
    """Mappings with a ``base`` in plain YAML data: the numbers of the file."""
    if isinstance(node, dict):
        return 1 if "base" in node else sum(count_numbers(v) for v in node.values())
    return 0


# --- validate ------------------------------------------------------------------------------------


class TestValidate:
    def test_shipped_file_is_valid_with_a_one_line_summary(self, capsys):
        raw = yaml.safe_load(TEXT)
        numbers, sources = count_numbers(raw), len(raw["sources"])
        code, out, err = run(capsys, "validate")
        assert code == 0
        assert err == ""
        assert out == f"{SHIPPED}: valid — 7 plans, 7 drugs, {numbers} numbers, {sources} sources\n"

    def test_named_file(self, capsys, tmp_path):
        path = tmp_path / "mine.yaml"
        path.write_text(TEXT, encoding="utf-8")
        code, out, _ = run(capsys, "validate", str(path))
        assert code == 0
        assert out.startswith(f"{path}: valid — 7 plans, 7 drugs, ")
        assert out.count("\n") == 1

    def test_missing_file(self, capsys, tmp_path):
        code, out, err = run(capsys, "validate", str(tmp_path / "nope.yaml"))
        assert code == 2
        assert out == ""
        assert err.startswith("(file): cannot read ")
        assert "nope.yaml" in err


def _bad_file_cases():
    """(id, text of the file, expected stderr lines); expected lines come from the edited text."""
    iv_price = "        price:\n          base: 550\n          low: 300\n          high: 1500\n"
    price_path = "plans.ketamine-iv.sessions.infusions.price"
    cases = []

    bad = edit("maintenance_label: booster", "maintenence_label: booster")
    cases.append(("unknown-key", bad, [
        "plans.ketamine-iv.sessions.infusions.maintenence_label: unknown key 'maintenence_label'; "
        f"did you mean 'maintenance_label'? (line {line_of(bad, 'maintenence_label')})"
    ]))

    bad = edit(iv_price, iv_price.replace("base: 550", "base: lots"))
    cases.append(("wrong-type", bad, [f"{price_path}.base: must be a number, not 'lots' (line {line_of(bad, 'base: lots')})"]))

    bad = edit(iv_price, iv_price.replace("base: 550", "base: -550"))
    cases.append(("negative-price", bad, [f"{price_path}.base: must be ≥ 0 (line {line_of(bad, 'base: -550')})"]))

    bad = edit(iv_price, iv_price.replace("low: 300", "low: 2000"))
    cases.append(("low-above-high", bad, [
        f"{price_path}: low (2000) must not exceed high (1500) (line {line_of(bad, '        price:' + chr(10) + '          base: 550')})"
    ]))

    bad = edit("      base: 63\n      low: 18\n      high: 63\n", "      base: 63\n      low: 18\n      high: 163\n")
    cases.append(("rate-over-100", bad, [
        f"plans.ketamine-at-home.response_rate.high: must be at most 100% (line {line_of(bad, 'high: 163')})"
    ]))

    bad = edit("      base: 63\n      low: 18\n      high: 63\n", "      base: 63\n      low: -18\n      high: 63\n")
    cases.append(("rate-below-0", bad, [
        f"plans.ketamine-at-home.response_rate.low: must be ≥ 0 (line {line_of(bad, 'low: -18')})"
    ]))

    esk_weeks = "weeks: {base: 4, unit: weeks, sources: [spravato-label]"
    bad = edit(esk_weeks, esk_weeks.replace("base: 4", "base: 300"))
    cases.append(("decision-beyond-horizon", bad, [
        f"plans.esketamine.decision_point.weeks.base: must be at most 260 weeks (line {line_of(bad, 'base: 300')})"
    ]))

    bad = edit("      stream: infusions\n      phase: induction\n", "      stream: infusions\n      phase: inducton\n")
    cases.append(("decision-unknown-phase", bad, [
        "plans.ketamine-iv.decision_point.phase: stream 'infusions' has no phase 'inducton' (its phases: induction) "
        f"(line {line_of(bad, 'phase: inducton')})"
    ]))

    bad = edit("sources: [thervo-ketamine-cost, healingmaps-ketamine-cost]", "sources: []")
    cases.append(("missing-source", bad, [
        f"{price_path}.sources: must name at least one source (line {line_of(bad, 'sources: []')})"
    ]))

    bad = edit("sources: [thervo-ketamine-cost, healingmaps-ketamine-cost]", "sources: [thervo-ketamine-cost, healingmaps-ketamine-cots]")
    cases.append(("unknown-source", bad, [
        f"{price_path}.sources[1]: unknown source id 'healingmaps-ketamine-cots'; "
        f"did you mean 'healingmaps-ketamine-cost'? (line {line_of(bad, 'cots]')})"
    ]))

    first = "        maintenance_label: booster\n"
    bad = edit(first, first + first)
    cases.append(("duplicate-key", bad, [
        f"plans.ketamine-iv.sessions.infusions.maintenance_label: duplicate key (it appears twice) (line {line_of(TEXT, first) + 1})"
    ]))

    laughs = 'lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
        f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)
    )
    bad = TEXT + laughs
    cases.append(("alias-bomb", bad, [
        f"lol0: anchors (&name) are not allowed; write the value out (line {line_of(bad, 'lol0:')})"
    ]))

    bad = edit("label: Ketamine IV infusions (clinic)", "label: &iv Ketamine IV infusions (clinic)")
    cases.append(("anchor", bad, [
        f"plans.ketamine-iv.label: anchors (&name) are not allowed; write the value out (line {line_of(bad, '&iv')})"
    ]))

    bad = edit("currency: USD", "currency: " + "[" * 30000)
    deep_path = "currency" + "[0]" * 7  # the path where the limit is hit, cut to its first 8 parts
    cases.append(("deep-nesting", bad, [f"{deep_path}: nested more than 64 levels deep (line {line_of(bad, 'currency:')})"]))

    bad = edit("label: Ketamine IV infusions (clinic)", 'label: !!python/object/apply:os.system ["echo pwned"]')
    cases.append(("python-tag", bad, [
        "plans.ketamine-iv.label: not valid YAML: could not determine a constructor for the tag "
        f"'tag:yaml.org,2002:python/object/apply:os.system' (line {line_of(bad, '!!python')})"
    ]))
    return cases


class TestValidateBadFiles:
    @pytest.mark.parametrize(("text", "expected"), [c[1:] for c in _bad_file_cases()], ids=[c[0] for c in _bad_file_cases()])
    def test_one_line_per_problem_with_path_and_line(self, capsys, tmp_path, text, expected):
        path = tmp_path / "bad.yaml"
        path.write_text(text, encoding="utf-8")
        code, out, err = run(capsys, "validate", str(path))
        assert code == 2
        assert out == ""
        assert err.splitlines() == expected
        assert all("(line " in line for line in err.splitlines())

    def test_several_problems_give_several_lines(self, capsys, tmp_path):
        bad = TEXT.replace("maintenance_label: booster", "maintenence_label: booster").replace("base: 550", "base: -550")
        path = tmp_path / "bad.yaml"
        path.write_text(bad, encoding="utf-8")
        code, _, err = run(capsys, "validate", str(path))
        assert code == 2
        assert sorted(err.splitlines()) == sorted(
            [
                f"plans.ketamine-iv.sessions.infusions.price.base: must be ≥ 0 (line {line_of(bad, 'base: -550')})",
                "plans.ketamine-iv.sessions.infusions.maintenence_label: unknown key 'maintenence_label'; "
                f"did you mean 'maintenance_label'? (line {line_of(bad, 'maintenence_label')})",
            ]
        )

    def test_2_mb_file(self, capsys, tmp_path):
        path = tmp_path / "big.yaml"
        path.write_bytes(TEXT.encode() + b"#" * 2_000_000)
        size = len(TEXT.encode()) + 2_000_000
        code, _, err = run(capsys, "validate", str(path))
        assert code == 2
        assert err == f"(file): {path} is {size:,} bytes; the limit is 1,000,000 bytes\n"

    def test_non_utf8_file(self, capsys, tmp_path):
        path = tmp_path / "latin.yaml"
        path.write_bytes(TEXT.encode("cp1252"))  # "–" becomes 0x96; all before it is ASCII
        code, _, err = run(capsys, "validate", str(path))
        assert code == 2
        assert err == f"(file): not UTF-8 text (byte {TEXT.index('–')})\n"

    def test_empty_file(self, capsys, tmp_path):
        path = tmp_path / "empty.yaml"
        path.write_text("")
        code, _, err = run(capsys, "validate", str(path))
        assert (code, err) == (2, "(file): the file is empty\n")

    def test_bad_file_for_project_too(self, capsys, tmp_path):
        path = tmp_path / "bad.yaml"
        bad = TEXT.replace("base: 550", "base: -550")
        path.write_text(bad, encoding="utf-8")
        code, out, err = run(capsys, "project", "--config", str(path))
        assert (code, out) == (2, "")
        assert err == f"plans.ketamine-iv.sessions.infusions.price.base: must be ≥ 0 (line {line_of(bad, 'base: -550')})\n"


# --- plans ---------------------------------------------------------------------------------------


class TestPlans:
    def test_lists_ids_and_labels_in_file_order(self, capsys):
        code, out, err = run(capsys, "plans")
        assert (code, err) == (0, "")
        assert out.splitlines() == [f"{pid}\t{LABELS[pid]}" for pid in PLANS]

    def test_from_another_file(self, capsys, tmp_path):
        path = tmp_path / "renamed.yaml"
        path.write_text(TEXT.replace("label: Generic SSRI or SNRI\n", "label: Plain SSRI\n"), encoding="utf-8")
        code, out, _ = run(capsys, "plans", "--config", str(path))
        assert code == 0
        assert "ssri-generic\tPlain SSRI" in out.splitlines()


# --- project -------------------------------------------------------------------------------------


class TestProjectJson:
    def test_keys(self, capsys):
        data = run_json(capsys)
        assert {"horizon_weeks", "plans", "crossovers"} <= set(data)
        assert data["horizon_weeks"] == 52
        assert [p["id"] for p in data["plans"]] == PLANS
        for plan in data["plans"]:
            assert {
                "id",
                "label",
                "total_cost",
                "sessions",
                "first_4_weeks_cost",
                "monthly_cost_after_induction",
                "cost_until_onset",
                "onset_days",
                "cumulative_cost_by_week",
            } <= set(plan)
            assert set(plan["onset_days"]) == {"low", "base", "high"}
            assert len(plan["cumulative_cost_by_week"]) == 52
            assert plan["label"] == LABELS[plan["id"]]

    def test_ketamine_iv_figures(self, capsys):
        iv = run_json(capsys, "--plan", "ketamine-iv")["plans"][0]
        assert iv["total_cost"] == 16750.0  # 250 + 30 × 550
        assert iv["sessions"] == {"infusions": {"induction": 6, "booster": 24}}
        assert iv["first_4_weeks_cost"] == 3550.0  # 250 + 6 × 550
        assert iv["monthly_cost_after_induction"] == 1195.76  # 30.4375 × 550 ÷ 14 = 1195.758…
        assert iv["cost_of_trying"] == 3550.0  # the induction series: 250 + 6 × 550
        assert iv["cost_if_it_helps"] == 16750.0
        assert iv["expected_cost"] == {"low": 7906.0, "base": 7906.0, "high": 7906.0}  # 0.33 × 16 750 + 0.67 × 3 550
        assert iv["response_rate"] == {"low": 33.0, "base": 33.0, "high": 33.0}
        assert iv["cost_until_onset"] == 800.0  # 250 + 550 on day 0
        assert iv["onset_days"] == {"low": 0.04, "base": 0.17, "high": 8.0}  # 1/24, 4/24, day 7 + 24 h
        assert iv["cumulative_cost_by_week"][:3] == [1350.0, 2450.0, 3550.0]  # 250 + 2, 4, 6 infusions

    def test_ssri_rounds_to_cents(self, capsys):
        ssri = run_json(capsys, "--plan", "ssri-generic")["plans"][0]
        assert ssri["total_cost"] == 1262.09  # 350 + 900 + 13 × 0.93
        assert ssri["cost_until_onset"] == 500.93  # 350 + 150 + the day-0 fill of 30 × 0.031
        assert ssri["onset_days"] == {"low": 7.0, "base": 14.0, "high": 28.0}

    def test_crossovers(self, capsys):
        data = run_json(capsys, "--plan", "ketamine-at-home", "--plan", "ssri-generic")
        # day 7: 2 × 193 = 386 > 350 + 0.93
        assert data["crossovers"] == [
            {"day": 7, "week": 2, "overtaking_plan": "ketamine-at-home", "overtaken_plan": "ssri-generic"}
        ]


class TestProjectCsv:
    def test_one_row_per_plan_and_week(self, capsys):
        code, out, err = run(capsys, "project", "--format", "csv", "--weeks", "3", "--plan", "ketamine-iv", "--plan", "ssri-generic")
        assert (code, err) == (0, "")
        rows = list(csv.DictReader(io.StringIO(out)))
        assert list(rows[0]) == [
            "plan_id", "label", "week", "plan_year", "cumulative_cost", "cumulative_full_price", "cumulative_insurer",
            "cumulative_assistance", "cumulative_hours", "cumulative_time_value",
        ]
        assert {r["cumulative_time_value"] for r in rows} == {""}  # time not counted: left empty, never "nan"
        assert len(rows) == 6  # 2 plans × 3 weeks
        got = [(r["plan_id"], r["label"], int(r["week"]), float(r["cumulative_cost"])) for r in rows]
        assert got == [
            ("ketamine-iv", LABELS["ketamine-iv"], 1, 1350.0),  # 250 + 2 × 550
            ("ketamine-iv", LABELS["ketamine-iv"], 2, 2450.0),
            ("ketamine-iv", LABELS["ketamine-iv"], 3, 3550.0),
            ("ssri-generic", LABELS["ssri-generic"], 1, 350.93),  # 350 + a 30-day fill on day 0 (30 × 0.031)
            ("ssri-generic", LABELS["ssri-generic"], 2, 350.93),  # the next fill is on day 30
            ("ssri-generic", LABELS["ssri-generic"], 3, 500.93),  # + visit on day 14
        ]

    def test_who_pays_plan_years_and_hours_week_by_week(self, capsys):
        # Esketamine, insured, no deductible, 50 %, limit out of reach, plan year renewing in 3 weeks; time counted.
        # A week of 2 treatments: full price 2 x (590 drug + 500 observation) = 2,180; the insurer half, 1,090;
        # of the patient's drug share (295) the programme pays all but $10, 2 x 285 = 570; the patient
        # 2 x (10 + 250) = 520. Hours: 2 h observation + 1 h travel + 1 h a companion's ride = 4 a treatment;
        # value 8 x $31.48 + 2 trips x $10 = $271.84 a week.
        code, out, err = run(capsys, "project", "--format", "csv", "--weeks", "4", "--plan", "esketamine",
                             "--insured", "esketamine", "--deductible", "0", "--coinsurance", "50", "--oop-max", "100000",
                             "--plan-year-renews-in-weeks", "3", "--include-time")
        assert (code, err) == (0, "")
        rows = list(csv.DictReader(io.StringIO(out)))
        got = [tuple(float(r[k]) for k in ("plan_year", "cumulative_cost", "cumulative_insurer", "cumulative_assistance",
                                           "cumulative_full_price", "cumulative_hours", "cumulative_time_value"))
               for r in rows]
        assert got == [
            (1, 520.0, 1090.0, 570.0, 2180.0, 8.0, 271.84),
            (1, 1040.0, 2180.0, 1140.0, 4360.0, 16.0, 543.68),
            (1, 1560.0, 3270.0, 1710.0, 6540.0, 24.0, 815.52),
            (2, 2080.0, 4360.0, 2280.0, 8720.0, 32.0, 1087.36),  # week 4 ends on day 27, after the renewal on day 21
        ]

    def test_all_plans_52_weeks(self, capsys):
        code, out, _ = run(capsys, "project", "--format", "csv")
        assert code == 0
        rows = list(csv.DictReader(io.StringIO(out)))
        assert len(rows) == 7 * 52
        assert [r["plan_id"] for r in rows[::52]] == PLANS

    def test_label_with_a_comma_is_quoted(self, capsys):
        code, out, _ = run(capsys, "project", "--format", "csv", "--weeks", "1", "--plan", "ketamine-at-home")
        assert code == 0
        assert '"Ketamine at home, sublingual (telehealth)"' in out
        assert list(csv.DictReader(io.StringIO(out)))[0]["label"] == LABELS["ketamine-at-home"]


class TestProjectTable:
    def test_table(self, capsys):
        code, out, err = run(capsys, "project", "--plan", "ketamine-iv", "--plan", "ketamine-at-home", "--plan", "ssri-generic")
        assert (code, err) == (0, "")
        lines = out.splitlines()
        assert lines[0] == "Cumulative cost over 52 weeks (what the patient pays, USD)"
        iv = next(line for line in lines if line.startswith("ketamine-iv "))
        # total, first 4 weeks, per month after, onset 4 h (1 h – day 8), cost to onset, sessions
        for cell in ["$16,750", "$3,550", "$1,196", "4 hours (1 hour–8 days)", "$800", "30"]:
            assert cell in iv
        assert (
            "  ketamine-iv: about 33 of 100 respond after the induction series; trying $3,550, "
            "if it helps $16,750, expected $7,906"
        ) in lines
        assert "ssri-generic: full effect expected around 8 weeks" in out
        assert "  week 2 (day 7): ketamine-at-home overtakes ssri-generic" in lines
        assert lines[-1] == "Not medical advice: a decision aid to discuss with a licensed clinician."


class TestProjectFlags:
    def test_session_price(self, capsys):
        got = totals(capsys, "--session-price", "600")
        assert got["ketamine-iv"] == 18250  # 250 + 30 × 600
        assert got["ketamine-im"] == 22500  # 450 + 2 × 175 + 28 × (600 + 175)
        assert got["ketamine-at-home"] == 17400  # 29 × 600
        assert got["esketamine"] == 61040  # unchanged: 56 × (590 + 500)
        assert got["ssri-generic"] == 1262.09  # unchanged

    def test_induction_sessions(self, capsys):
        # 8 at 2 a week: last on day 24; boosters 24 + 14k ≤ 363 → 24; 250 + 32 × 550
        assert totals(capsys, "--plan", "ketamine-iv", "--induction-sessions", "8") == {"ketamine-iv": 17850}

    def test_booster_every_weeks(self, capsys):
        # 17 + 28k ≤ 363 → 12 boosters; 250 + 18 × 550
        assert totals(capsys, "--plan", "ketamine-iv", "--booster-every-weeks", "4") == {"ketamine-iv": 10150}

    def test_no_boosters(self, capsys):
        data = run_json(capsys, "--plan", "ketamine-iv", "--booster-every-weeks", "0")
        assert data["plans"][0]["total_cost"] == 3550  # 250 + 6 × 550
        assert data["plans"][0]["monthly_cost_after_induction"] == 0

    def test_ssri_daily_cost(self, capsys):
        got = totals(capsys, "--plan", "ssri-generic", "--plan", "ssri-cbt", "--plan", "ketamine-iv", "--ssri-daily-cost", "1")
        assert got == {
            "ssri-generic": 1640,  # 350 + 900 + 13 fills × 30 × 1
            "ssri-cbt": 3591.6,  # 350 + 900 + 14 × 139.4 + 13 × 30
            "ketamine-iv": 16750,  # unchanged
        }

    def test_zero_induction_sessions(self, capsys):
        got = totals(capsys, "--plan", "ketamine-iv", "--plan", "ketamine-im", "--induction-sessions", "0", "--booster-every-weeks", "0")
        assert got == {
            "ketamine-iv": 250,  # the consultation only
            "ketamine-im": 800,  # 250 + 200 + 2 preparation sessions × 175; no dosing session
        }

    def test_set_any_value(self, capsys):
        got = totals(capsys, "--plan", "ketamine-iv", "--set", "plans.ketamine-iv.one_off.consultation=0")
        assert got == {"ketamine-iv": 16500}  # 30 × 550

    def test_set_covered(self, capsys):
        # IV marked covered and insured with the default terms: deductible 1,787 then 20 %.
        # 250 + 550 + 550 = 1,350 of the deductible, then 437 of the next infusion and 20 % of its 113
        # (22.60), then 27 × 110 (30 infusions in all): 1,787 + 22.60 + 2,970 = 4,779.60
        got = totals(capsys, "--plan", "ketamine-iv", "--set", "plans.ketamine-iv.billing.covered=true",
                     "--insured", "ketamine-iv")
        assert got == {"ketamine-iv": 4779.6}

    def test_set_twice(self, capsys):
        code, out, err = run(
            capsys, "project", "--format", "json",
            "--plan", "ketamine-iv",
            "--set", "plans.ketamine-iv.billing.covered=true",
            "--set", "plans.ketamine-iv.billing.covered=false",
            "--insured", "ketamine-iv",
        )  # fmt: skip
        assert code == 0
        assert {p["id"]: p["total_cost"] for p in json.loads(out)["plans"]} == {"ketamine-iv": 16750}  # the last one wins
        # Named with --insured but not covered: paid in cash, and the note says so and how to change it.
        assert "ketamine-iv: none of its charges is covered" in err and "paid in cash" in err

    def test_terms_that_change_nothing_get_a_note_on_stderr(self, capsys):
        # Insurance terms with no plan named as insured, and time terms without --include-time: the figures are
        # the cash ones (250 + 30 x 550), and stderr says why; the JSON on stdout stays clean.
        code, out, err = run(capsys, "project", "--format", "json", "--plan", "ketamine-iv", "--deductible", "100",
                             "--hourly-value", "20")  # fmt: skip
        assert code == 0 and json.loads(out)["plans"][0]["total_cost"] == 250 + 30 * 550
        assert "kcost: note: the insurance terms apply only to the plans named with --insured" in err
        assert "kcost: note: the time and travel terms count only with --include-time" in err
        code, out, err = run(capsys, "project", "--format", "json", "--plan", "ketamine-iv")
        assert err == ""

    def test_set_wins_over_a_main_input(self, capsys):
        got = totals(
            capsys, "--plan", "ketamine-iv", "--session-price", "600", "--set", "plans.ketamine-iv.sessions.infusions.price=700"
        )
        assert got == {"ketamine-iv": 21250}  # 250 + 30 × 700

    def test_flags_combine(self, capsys):
        got = totals(capsys, "--plan", "ketamine-iv", "--session-price", "600", "--booster-every-weeks", "0")
        assert got == {"ketamine-iv": 3850}  # 250 + 6 × 600

    def test_plan_selects_and_orders(self, capsys):
        data = run_json(capsys, "--plan", "ssri-generic", "--plan", "ketamine-iv")
        assert [p["id"] for p in data["plans"]] == ["ssri-generic", "ketamine-iv"]

    def test_weeks(self, capsys):
        data = run_json(capsys, "--plan", "ketamine-iv", "--weeks", "12")
        assert data["horizon_weeks"] == 12
        assert data["plans"][0]["total_cost"] == 5750  # boosters 31, 45, 59, 73 → 250 + 10 × 550
        assert len(data["plans"][0]["cumulative_cost_by_week"]) == 12

    @pytest.mark.parametrize(("weeks", "total"), [("1", 1350), ("260", 73950)])
    def test_weeks_at_the_limits(self, capsys, weeks, total):
        # 1 week: days 0, 3 → 250 + 2 × 550; 260 weeks: 17 + 28k ≤ 1819 → 64 boosters → 250 + 70 × 550
        assert totals(capsys, "--plan", "ketamine-iv", "--weeks", weeks) == {"ketamine-iv": total}


# The bounds of the unit table (kcost.model.assumptions.bounds.UNIT_BOUNDS), as the flags state them.
WEEKS = "must be a whole number of weeks from 1 to 260"
PRICE = "must be a number from 0 to 1,000,000 USD/session"
SESSIONS = "must be a whole number from 0 to 1,000 sessions"
INTERVAL = "must be a number from 0 to 260 weeks (0 for none, otherwise at least 1 day = 0.15 weeks)"


class TestBadFlags:
    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--weeks", "0"], f"kcost: argument --weeks: {WEEKS}, not '0'"),
            (["--weeks", "261"], f"kcost: argument --weeks: {WEEKS}, not '261'"),
            (["--weeks", "x"], f"kcost: argument --weeks: {WEEKS}, not 'x'"),
            (["--weeks", "2.5"], f"kcost: argument --weeks: {WEEKS}, not '2.5'"),
            (["--session-price", "abc"], f"kcost: argument --session-price: {PRICE}, not 'abc'"),
            (["--session-price", "nan"], f"kcost: argument --session-price: {PRICE}, not 'nan'"),
            (["--session-price", "-5"], f"kcost: argument --session-price: {PRICE}, not '-5'"),
            (["--session-price", "1e308"], f"kcost: argument --session-price: {PRICE}, not '1e308'"),
            (["--session-price", "1000000.01"], f"kcost: argument --session-price: {PRICE}, not '1000000.01'"),
            (["--ssri-daily-cost", "inf"], "kcost: argument --ssri-daily-cost: must be a number from 0 to 10,000 USD/day, not 'inf'"),
            (["--induction-sessions", "2.5"], f"kcost: argument --induction-sessions: {SESSIONS}, not '2.5'"),
            (["--induction-sessions", "1000000000"], f"kcost: argument --induction-sessions: {SESSIONS}, not '1000000000'"),
            (["--induction-sessions", "9" * 5000], f"kcost: argument --induction-sessions: {SESSIONS}, not '{'9' * 39}…'"),
            (["--booster-every-weeks", "0.1"], f"kcost: argument --booster-every-weeks: {INTERVAL}, not '0.1'"),
            (["--booster-every-weeks", "261"], f"kcost: argument --booster-every-weeks: {INTERVAL}, not '261'"),
            (["--booster-every-weeks", "true"], f"kcost: argument --booster-every-weeks: {INTERVAL}, not 'true'"),
            (["--plan", "nosuch"], "kcost: unknown plan 'nosuch'; known plans: " + ", ".join(PLANS)),
        ],
    )
    def test_usage_errors(self, capsys, args, message):
        code, out, err = run(capsys, "project", *args)
        assert code == 2
        assert out == ""
        assert err.splitlines() == [message, "kcost: see 'kcost --help' or 'kcost COMMAND --help'"]

    def test_the_highest_price_the_flag_takes_is_used(self, capsys):
        # 1 week at 2 infusions a week: days 0 and 3 → $250 consultation + 2 × $1,000,000 = $2,000,250.
        assert totals(capsys, "--plan", "ketamine-iv", "--session-price", "1000000", "--weeks", "1") == {
            "ketamine-iv": 2_000_250
        }

    def test_negative_booster_interval(self, capsys):
        code, _, err = run(capsys, "project", "--plan", "ketamine-iv", "--booster-every-weeks", "-1")
        assert code == 2
        assert err.splitlines()[0] == f"kcost: argument --booster-every-weeks: {INTERVAL}, not '-1'"

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("-1", "must be ≥ 0"),
            ("0.1", "must be 0 (no maintenance) or at least 1 day (1/7 of a week)"),
            ("261", "must be at most 260 weeks"),
            ("true", "must be a number, not true"),
            ("1.0e+308", "must be at most 260 weeks"),
        ],
    )
    def test_set_on_an_interval_meets_the_same_bounds(self, capsys, value, message):
        path = "plans.ketamine-iv.sessions.infusions.maintenance_every_weeks"
        code, out, err = run(capsys, "project", "--plan", "ketamine-iv", "--set", f"{path}={value}")
        assert (code, out) == (2, "")
        where = path if message.startswith("must be 0") else path + ".base"
        # A base above the range widens it (see apply_overrides), so `high` may be named too, with the same bound.
        assert err.splitlines()[0] == f"{where}: {message} (from --set)"
        assert err.splitlines()[1:] in ([], [f"{path}.high: {message} (from --set)"])

    def test_set_without_equals(self, capsys):
        code, _, err = run(capsys, "project", "--set", "plans.ketamine-iv.payment.mode")
        assert code == 2
        assert err == "plans.ketamine-iv.payment.mode: expected DOTTED.PATH=VALUE (from --set)\n"

    def test_set_unknown_path(self, capsys):
        code, _, err = run(capsys, "project", "--set", "plans.ketamine-iv.sesions.infusions.price=600")
        assert code == 2
        assert err == "plans.ketamine-iv.sesions: no such key in the assumptions (from --set)\n"

    def test_set_unknown_leaf(self, capsys):
        code, _, err = run(capsys, "project", "--set", "plans.ketamine-iv.labl=x")
        assert code == 2
        assert err == "plans.ketamine-iv.labl: unknown key 'labl'; did you mean 'label'? (from --set)\n"

    def test_set_bad_value(self, capsys):
        code, _, err = run(capsys, "project", "--set", "plans.ketamine-iv.billing.covered=free")
        assert code == 2
        assert err == "plans.ketamine-iv.billing.covered: must be true or false (from --set)\n"

    def test_unknown_format(self, capsys):
        code, _, err = run(capsys, "project", "--format", "xml")
        assert code == 2
        assert err.startswith("kcost: argument --format: invalid choice: 'xml'")

    def test_no_command(self, capsys):
        code, out, err = run(capsys)
        assert (code, out) == (2, "")
        assert err.startswith("kcost: the following arguments are required: command")

    def test_unknown_command(self, capsys):
        code, _, err = run(capsys, "estimate")
        assert code == 2
        assert "invalid choice: 'estimate'" in err

    def test_help_exits_0(self, capsys):
        code, out, _ = run(capsys, "project", "--help")
        assert code == 0
        assert "--session-price USD" in out


# --- the installed command -----------------------------------------------------------------------


def subprocess_run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120)


class TestAsASubprocess:
    def test_project_json_from_another_directory(self, tmp_path):
        result = subprocess_run(
            [sys.executable, "-c", IN_PROCESS, "project", "--format", "json", "--plan", "ketamine-iv"], tmp_path
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        assert json.loads(result.stdout)["plans"][0]["total_cost"] == 16750.0  # 250 + 30 × 550

    def test_bad_file_exits_2_without_a_traceback(self, tmp_path):
        path = tmp_path / "bad.yaml"
        bad = TEXT.replace("base: 550", "base: -550")
        path.write_text(bad, encoding="utf-8")
        result = subprocess_run([sys.executable, "-c", IN_PROCESS, "validate", str(path)], tmp_path)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert result.stdout == ""
        assert result.stderr == (
            f"plans.ketamine-iv.sessions.infusions.price.base: must be ≥ 0 (line {line_of(bad, 'base: -550')})\n"
        )

    def test_bad_flag_exits_2_without_a_traceback(self, tmp_path):
        result = subprocess_run([sys.executable, "-c", IN_PROCESS, "project", "--weeks", "0"], tmp_path)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith(f"kcost: argument --weeks: {WEEKS}, not '0'")

    def test_installed_kcost_script(self, tmp_path):
        # `make test` installs the package (and so its entry point) into the venv that runs the tests.
        script = Path(sys.executable).parent / "kcost"
        assert script.exists(), f"no kcost script next to {sys.executable}: run `pip install -e .`"
        result = subprocess_run([str(script), "validate"], tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"{SHIPPED}: valid — 7 plans, 7 drugs, ")
        result = subprocess_run([str(script), "project", "--weeks", "x"], tmp_path)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr


class TestInsuranceFlags:
    """The scenario flags (issue 8), on project, simulate and sensitivity."""

    IV_1000 = ("--plan", "ketamine-iv", "--weeks", "104", "--session-price", "1000", "--booster-every-weeks", "1",
               "--set", "plans.ketamine-iv.one_off.consultation=0", "--set", "plans.ketamine-iv.billing.covered=true",
               "--insured", "ketamine-iv", "--deductible", "1500", "--coinsurance", "20", "--oop-max", "4000")

    def test_deductible_coinsurance_and_out_of_pocket_maximum(self, capsys):
        # As tests/model/test_payment.py: 4,000 in each plan year, insurer 107,000 − 8,000.
        iv = run_json(capsys, *self.IV_1000)["plans"][0]
        assert (iv["payment"], iv["total_cost"], iv["insurer_total"]) == ("insured", 8000.0, 99000.0)
        assert iv["patient_by_plan_year"] == [4000.0, 4000.0]

    def test_met_amounts_and_an_early_renewal(self, capsys):
        iv = run_json(capsys, *self.IV_1000, "--deductible-met", "1000", "--plan-year-renews-in-weeks", "10")["plans"][0]
        assert iv["patient_by_plan_year"] == [3000.0, 4000.0, 4000.0]

    def test_fill_copay_and_90_day_fills(self, capsys):
        # $1 a day: 30-day fills cost $30, above the $5 copay; intake and visits go to the deductible (1,250 < 1,787).
        args = ("--plan", "ssri-generic", "--ssri-daily-cost", "1", "--insured", "ssri-generic", "--copay-fill", "5")
        assert run_json(capsys, *args)["plans"][0]["total_cost"] == 1250 + 13 * 5
        assert run_json(capsys, *args, "--fill-days", "90")["plans"][0]["total_cost"] == 1250 + 5 * 5

    def test_which_copays_skip_the_deductible(self, capsys):
        # ssri-generic at $1 a day: intake $350 + 6 visits x $150 = $1,250 of visits (7 visits), 13 fills x $30 = $390;
        # $1,640 in all, under the $1,787 deductible. A $20 visit copay and a $5 fill copay.
        args = ("--plan", "ssri-generic", "--ssri-daily-cost", "1", "--insured", "ssri-generic",
                "--copay-visit", "20", "--copay-fill", "5")
        paid = lambda *more: run_json(capsys, *args, *more)["plans"][0]["total_cost"]  # noqa: E731
        assert paid() == 7 * 20 + 13 * 5 == 205  # by default visit and fill copays skip the deductible
        assert paid("--copays-skip-deductible", "fill", "visit") == 205
        assert paid("--copays-skip-deductible", "visit") == 7 * 20 + 390  # fills go to the deductible, paid in full
        assert paid("--copays-skip-deductible", "none") == 1640  # everything goes to the deductible

    def test_programme_switch(self, capsys):
        args = ("--plan", "esketamine", "--insured", "esketamine", "--deductible", "0", "--coinsurance", "50", "--oop-max", "100000")
        with_it = run_json(capsys, *args)["plans"][0]
        without = run_json(capsys, *args, "--no-copay-programme")["plans"][0]
        assert (with_it["total_cost"], with_it["assistance_total"]) == (23370.0, 7150.0)  # see test_payment.py
        assert (without["total_cost"], without["assistance_total"]) == (30520.0, 0.0)
        assert run_json(capsys, *args, "--government")["plans"][0]["total_cost"] == 30520.0

    def test_time_flags(self, capsys):
        args = ("--plan", "ketamine-iv", "--booster-every-weeks", "0")
        assert run_json(capsys, *args)["plans"][0]["time_and_travel_cost"] is None
        iv = run_json(capsys, *args, "--include-time", "--hourly-value", "40", "--travel-hours", "0.5", "--travel-cost", "0")["plans"][0]
        assert (iv["hours_total"], iv["time_and_travel_cost"]) == (19.5, 780.0)  # see test_patient_time.py

    def test_simulate_and_sensitivity_take_the_same_flags(self, capsys):
        code, out, err = run(capsys, "simulate", "--plan", "esketamine", "--draws", "20", "--format", "json",
                             "--insured", "esketamine", "--oop-max", "3000", "--deductible", "0")
        assert (code, err) == (0, "")
        # Never more than the 3,000 maximum in the one plan year of 52 weeks.
        assert json.loads(out)["plans"][0]["total_p90"] <= 3000
        code, out, err = run(capsys, "sensitivity", "--plan", "ketamine-iv", "--format", "json",
                             "--insured", "ketamine-iv", "--superbill-pct", "50")
        assert (code, err) == (0, "")
        assert json.loads(out)["base"] == 8375.0  # half of 250 + 30 × 550 = 16,750 refunded

    @pytest.mark.parametrize(
        ("flags", "message"),
        [
            (("--deductible", "-1"), "argument --deductible: must be an amount in USD from 0 to 100,000, not '-1'"),
            (("--coinsurance", "101"), "argument --coinsurance: must be a percentage from 0 to 100, not '101'"),
            (("--oop-max", "lots"), "argument --oop-max: must be an amount in USD from 0 to 100,000, not 'lots'"),
            (("--copay-visit", "nan"), "argument --copay-visit: must be an amount in USD from 0 to 10,000, not 'nan'"),
            (("--plan-year-renews-in-weeks", "53"), "argument --plan-year-renews-in-weeks: must be a whole number from 1 to 52, not '53'"),
            (("--fill-days", "60"), "argument --fill-days: must be 30 or 90, not '60'"),
            (("--copays-skip-deductible", "drug"),
             "argument --copays-skip-deductible: must be one of visit, session, fill, none, not 'drug'"),
            (("--copays-skip-deductible", "none", "visit"),
             "argument --copays-skip-deductible: 'none' cannot go with other kinds, not 'none visit'"),
            (("--hourly-value", "-5"), "argument --hourly-value: must be an amount in USD from 0 to 1,000, not '-5'"),
            (("--insured", "ketamine"), "argument --insured: unknown plan 'ketamine'"),
            (("--deductible", "5000", "--oop-max", "4000"), "--oop-max (4000) must be at least the --deductible (5000)"),
            (("--deductible-met", "2000"), "--deductible-met (2000) must not exceed the --deductible (1787)"),
        ],
    )
    def test_bad_values_exit_2_naming_the_flag(self, capsys, flags, message):
        for command in (("project",), ("simulate", "--draws", "5"), ("sensitivity", "--plan", "ketamine-iv")):
            code, out, err = run(capsys, *command, *flags)
            assert code == 2 and out == ""
            assert err.startswith(f"kcost: {message}"), err
