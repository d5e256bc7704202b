"""``kcost handout``: writes one page whose figures are the ones ``kcost project`` prints; bad flags exit 2."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from kcost.cli import main
from kcost.present.formats import money

FLAGS = ["--plan", "ketamine-iv", "--plan", "ssri-generic", "--plan", "esketamine", "--weeks", "104",
         "--session-price", "600", "--booster-every-weeks", "4"]


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} (poppler-utils) is missing (CI=true, so this is a failure)", pytrace=False)
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return path


def test_handout_carries_the_totals_of_project(tmp_path, capsys):
    assert main(["project", *FLAGS, "--format", "json"]) == 0
    projected = json.loads(capsys.readouterr().out)
    out = tmp_path / "h.pdf"
    assert main(["handout", *FLAGS, "--out", str(out), "--page", "a4"]) == 0
    assert capsys.readouterr().out == f"wrote {out} (3 plans, 104 weeks, a4)\n"
    info = subprocess.run([poppler("pdfinfo"), str(out)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info
    words = " ".join(subprocess.run([poppler("pdftotext"), str(out), "-"], capture_output=True, text=True,
                                    check=True).stdout.split())
    for plan in projected["plans"]:
        assert f"Over 2 years: {money(plan['total_cost'])}" in words, plan["id"]
    # IV at $600 with a booster every 4 weeks: the link carries both (the app's own keys and words).
    link = words.replace(" ", "")
    assert "ketamine-iv.price=600" in link and "ketamine-iv.booster=every%204%20weeks" in link
    assert "call or text 988" in words


def test_refuses_to_replace_a_file_without_force(tmp_path, capsys):
    out = tmp_path / "h.pdf"
    out.write_bytes(b"keep me")
    assert main(["handout", "--plan", "ketamine-iv", "--out", str(out)]) == 2
    assert "--out" in capsys.readouterr().err
    assert out.read_bytes() == b"keep me"
    assert main(["handout", "--plan", "ketamine-iv", "--out", str(out), "--force"]) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert not list(tmp_path.glob(".*partial"))


@pytest.mark.parametrize(
    "flags, named",
    [
        (["--base-url", "javascript:alert(1)"], "--base-url"),
        (["--base-url", "http://user:pw@host/"], "--base-url"),
        (["--page", "a3"], "--page"),
        (["--weeks", "0"], "--weeks"),
        (["--session-price", "abc"], "--session-price"),
        (["--plan", "nope"], "nope"),
    ],
)
def test_bad_values_exit_2_naming_the_flag(tmp_path, capsys, flags, named):
    out = tmp_path / "h.pdf"
    args = ["handout", "--out", str(out), *flags]
    if "--plan" not in flags:
        args += ["--plan", "ketamine-iv"]
    assert main(args) == 2
    assert named in capsys.readouterr().err
    assert not out.exists()


def test_more_plans_than_the_grid_holds(tmp_path, capsys):
    assert main(["handout", "--out", str(tmp_path / "h.pdf")]) == 2  # all seven plans
    assert "1 to 4 plans, not 7" in capsys.readouterr().err


def test_missing_folder(tmp_path, capsys):
    assert main(["handout", "--plan", "ketamine-iv", "--out", str(tmp_path / "no" / "h.pdf")]) == 2
    assert "does not exist" in capsys.readouterr().err
