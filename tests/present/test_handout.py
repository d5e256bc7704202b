"""The one-page handout: rows from the projection, text safe for the core fonts, and the PDF as poppler sees it.

The PDF tests read the file with poppler (``pdfinfo``, ``pdftotext``, ``pdftoppm``): they are skipped
on a workstation without poppler-utils and fail in CI (CI=true), where a missing tool must not pass.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcost import load_assumptions, project
from kcost.model.assumptions import MainInputs, Override, main_input_overrides, with_overrides
from kcost.present import fixed_content
from kcost.present.formats import money
from kcost.present.handout import handout
from kcost.present.handout_pdf import MIN_BODY_PT, evidence_reviewed, pdf_text
from kcost.present.handout_scenario import base_url_problem, other_changes, scenario_facts, scenario_link
from kcost.present.handout_table import ROWS, columns_from, costs, insurance, response, visits

TODAY = date(2026, 11, 20)
PLAN_SETS = {
    2: ["ketamine-iv", "ssri-generic"],
    3: ["ketamine-im", "esketamine", "ssri-cbt"],
    4: ["ketamine-iv", "ketamine-at-home", "esketamine", "ssri-cbt"],
}


@pytest.fixture(scope="module")
def assumptions():
    return load_assumptions()


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} (poppler-utils) is not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true, so this is a failure, not a skip)", pytrace=False)
        pytest.skip(message)
    return path


def pdf_pages(pdf: Path) -> tuple[int, tuple[float, float]]:
    info = subprocess.run([poppler("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    w, h = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M).groups()
    return pages, (float(w), float(h))


def pdf_words(pdf: Path) -> str:
    """The PDF's text with every run of whitespace made one space (cells wrap anywhere)."""
    text = subprocess.run([poppler("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


# --- rows --------------------------------------------------------------------------------------


def test_cost_row_iv_one_year(assumptions):
    # IV over 52 weeks at the shipped figures: $250 consultation + 30 infusions × $550 = $16,750;
    # first 4 weeks: $250 + 6 × $550 = $3,550; boosters every 2 weeks: 30.4375 × 550 ÷ 14 = $1,195.76 a month.
    (iv,) = columns_from(project(assumptions, ["ketamine-iv"], 52), assumptions)
    assert costs(iv).split("\n") == [
        "First 4 weeks: $3,550",
        "Over 1 year: $16,750",
        "After the first weeks: about $1,196 a month",
    ]
    # 30 infusions: 6 in the induction series, then a booster every 2 weeks from day 31 to day 353 → 24.
    assert visits(iv).split("\n") == ["30 in 1 year:", "Induction series: 6", "Booster: 24"]


def test_cost_row_names_the_first_year_when_the_horizon_is_not_a_year(assumptions):
    (iv,) = columns_from(project(assumptions, ["ketamine-iv"], 104), assumptions)
    lines = costs(iv).split("\n")
    # First year: $16,750 as above; 2 years: boosters on days 31 + 14k ≤ 727 → 50; $250 + 56 × $550 = $31,050.
    assert lines[1] == "First year: $16,750"
    assert lines[2] == "Over 2 years: $31,050"


def test_response_row_is_a_natural_frequency_with_its_caveats(assumptions):
    cols = {c.plan_id: c for c in columns_from(project(assumptions, ["ketamine-iv", "esketamine", "ssri-cbt"], 52), assumptions)}
    # ketamine-iv: 33 % (weak, anxiety), placebo 0 %, decided after the induction series: trying $3,550,
    # if it helps $16,750, on average 0.33 × 16,750 + 0.67 × 3,550 = $7,906.
    assert response(cols["ketamine-iv"]) == (
        "About 33 of 100 people after the induction series. With a placebo instead: none. "
        "Cost to try: $3,550. Average: $7,906. Weak evidence."
    )
    # esketamine: 69 % (placebo arm 52 %), measured in depression, decided after 4 weeks: trying 8 × 1,090 =
    # $8,720; if it helps 56 × 1,090 = $61,040; on average 0.69 × 61,040 + 0.31 × 8,720 = $44,821.
    assert response(cols["esketamine"]) == (
        "About 69 of 100 people after 4 weeks. With a placebo instead: about 52 of 100. "
        "Cost to try: $8,720. Average: $44,821. From studies of depression, not anxiety. "
        "Weak evidence."  # a sponsor-run trial
    )
    # ssri-cbt borrows the SSRI's 58 % (58–68). Trying through day 55: 350 + 2 visits × 150 + 8 CBT × 139.4 +
    # 2 fills × 0.93 = 1,767.06; if it helps 3,213.69; on average 0.58 × 3,213.69 + 0.42 × 1,767.06 = $2,606.
    assert response(cols["ssri-cbt"]).startswith(
        "About 58 of 100 people after 8 weeks (studies: 58 to 68). With a placebo instead: about 38 of 100. "
        "Cost to try: $1,767. Average: $2,606."
    )


def test_insurance_row_follows_the_payment_terms(assumptions):
    from kcost.model.scenario import Insurance, Scenario

    # Esketamine insured with no deductible, 50 % coinsurance and a limit out of reach (56 sessions in 52 weeks):
    # the drug's share 295 falls to $10 for 25 sessions, $270 for the 26th, then 295: 9,370; the observation
    # fee's share 56 × 250 = 14,000 → you pay 23,370; the programme 7,150; the plan 56 × 545 = 30,520.
    terms = Insurance(deductible=0, coinsurance_pct=50, oop_max=100_000)
    scenario = Scenario(plans=("esketamine", "ketamine-iv"), insured=frozenset({"esketamine", "ketamine-iv"}), insurance=terms)
    esk, iv = columns_from(project(assumptions, scenario), assumptions)
    assert insurance(esk) == (
        "You pay $23,370 of the $61,040 full price. Your plan pays $30,520. The maker's programme pays $7,150."
    )
    # Off-label IV is declared not covered: in the insured set or not, it is a cash plan.
    assert insurance(iv).startswith("Paid in cash here: you pay the full price, $16,750.")
    # The SSRI is covered, but with the default $1,787 deductible a year of it (1,262.09) never reaches the plan.
    (ssri,) = columns_from(project(assumptions, Scenario(plans=("ssri-generic",), insured=frozenset({"ssri-generic"}))), assumptions)
    assert insurance(ssri) == "Covered, but you pay it all, $1,262: the costs stay under your deductible."
    (cash,) = columns_from(project(assumptions, ["ketamine-iv"], 52), assumptions)
    assert insurance(cash).startswith("Paid in cash here: you pay the full price, $16,750.")


def test_time_and_after_tax_figures_when_asked(assumptions):
    from kcost.model.scenario import Insurance, PatientTime, Scenario

    no_boosters = main_input_overrides(assumptions, MainInputs(booster_every_weeks=0), ["ketamine-iv"])
    # IV with no boosters, cash: $250 + 6 x $550 = $3,550; from an HSA or FSA at 22 %: 3,550 x 0.78 = $2,769.
    # Time: a 1 h consultation + 6 infusions of 2 h, 7 round trips of 0.5 h, a companion's 0.5 h after each
    # infusion: 13 + 3.5 + 3 = 19.5 h, shown as 20, x $40 = $780.
    scenario = Scenario(
        plans=("ketamine-iv",), overrides=tuple(no_boosters), insured=frozenset({"ketamine-iv"}),
        insurance=Insurance(pre_tax_rate_pct=22),
        time=PatientTime(include=True, hourly_value=40, travel_hours_per_trip=0.5, travel_cost_per_trip=0),
    )
    (iv,) = columns_from(project(assumptions, scenario), with_overrides(assumptions, no_boosters))
    assert insurance(iv).endswith(" From an HSA or FSA: about $2,769 after tax.")
    assert visits(iv).split("\n")[-1] == "Time: 20 hours with travel, worth $780."
    # Not asked: neither line.
    (plain_iv,) = columns_from(project(assumptions, ["ketamine-iv"], 52), assumptions)
    assert "after tax" not in insurance(plain_iv) and "Time:" not in visits(plain_iv)


def test_every_kind_in_the_schema_has_the_fixed_rows():
    from typing import get_args

    from kcost.model.assumptions.schema import Plan

    kinds = get_args(Plan.model_fields["kind"].annotation)
    for kind in kinds:
        for row in ("side_effects", "who_should_not", "practicalities"):
            assert fixed_content.HANDOUT_BY_KIND[kind][row], (kind, row)
    assert len(ROWS) == 8


def _syllables(word: str) -> int:
    """Vowel groups, less a silent final e: close enough to a dictionary count for a grade estimate."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    n = len(re.findall(r"[aeiouy]+", w))
    if w.endswith("e") and not w.endswith(("le", "ee")) and n > 1:
        n -= 1
    return max(n, 1)


def _grade(text: str) -> float:
    """Flesch–Kincaid grade of ``text`` read as one sentence: 0.39·words/sentence + 11.8·syllables/word − 15.59."""
    words = [w for w in re.findall(r"[A-Za-z'’]+", text)]
    return 0.39 * len(words) + 11.8 * sum(map(_syllables, words)) / len(words) - 15.59


def test_grade_estimate_matches_a_hand_count():
    # "The cat sat on the mat." 6 words, 6 syllables: 0.39·6 + 11.8·1 − 15.59 = −1.45.
    assert _grade("The cat sat on the mat.") == pytest.approx(-1.45)


def test_handout_words_are_plain(assumptions):
    """Every sentence of the grid and the crisis line reads at grade 8 or lower (Flesch–Kincaid), on average."""
    cols = columns_from(project(assumptions, list(PLAN_SETS[4]) + ["ssri-generic"], 52), assumptions)
    sentences = []
    for question, answer in ROWS:
        for c in cols:
            sentences += [s for s in re.split(r"(?<=[.])\s+|\n", answer(c)) if len(s.split()) >= 5]
    crisis = fixed_content.CRISIS_LINE.replace("**", "")
    sentences += [s for s in re.split(r"(?<=[.?])\s+", crisis) if s]
    grades = [_grade(s) for s in sentences]
    assert sum(grades) / len(grades) <= 8, sorted(zip(grades, sentences))[-5:]
    # No single sentence far above it (medical words like "dissociation" lift a short sentence).
    assert max(grades) <= 12, max(zip(grades, sentences))


# --- text for the core fonts -------------------------------------------------------------------


def test_pdf_text_keeps_windows_1252_and_spells_the_rest():
    assert pdf_text("IV – 2×/week, ≥ 56 mg → “ok” café") == "IV – 2×/week, >= 56 mg -> “ok” café"
    assert pdf_text("a\x00b\x07c\u200bd\ufeff") == "abcd"
    assert pdf_text("日本") == "??"
    assert pdf_text("Ketamine – at home…", latin1=True) == "Ketamine - at home..."
    assert pdf_text("x" * 500, 70) == "x" * 69 + "…"
    assert pdf_text("line one\nline two") == "line one line two"
    assert pdf_text("line one\nline two", keep_newlines=True) == "line one\nline two"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.integers(min_value=2, max_value=200))
def test_pdf_text_always_encodes_and_respects_the_limit(text, limit):
    out = pdf_text(text, limit)
    out.encode("cp1252")
    assert len(out) <= limit
    assert not any(ord(ch) < 32 for ch in out)
    pdf_text(text, limit, latin1=True).encode("latin-1")


def test_evidence_date_is_the_latest_source_seen(assumptions):
    latest = max(s.seen[:7] for s in assumptions.sources.values())
    year, month = map(int, latest.split("-"))
    assert evidence_reviewed(assumptions) == date(year, month, 1).strftime("%B %Y")


# --- link and scenario -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, ok",
    [
        ("http://localhost:8501/", True),
        ("https://kcost.example.org/app", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("http://user:pw@host/", False),
        ("http://host/ x", False),
        ("http://host/#frag", False),
        ("http://host:99999/", False),
        ("http://", False),
    ],
)
def test_base_url_is_checked(url, ok):
    assert (base_url_problem(url) is None) is ok


def test_link_uses_the_apps_keys_and_values_its_controls_accept(assumptions):
    """Every key and value of the link is one the app's own control registry accepts, insurance terms included."""
    from urllib.parse import parse_qsl, urlsplit

    from kcost.model.scenario import Insurance
    from kcost.ui.compare.registry import registry_for

    plans = ["ketamine-iv", "ketamine-at-home", "ssri-generic"]
    changes = main_input_overrides(
        assumptions, MainInputs(session_price=600, induction_sessions=4, booster_every_weeks=4, ssri_daily_cost=0.5), plans
    )
    in_force = with_overrides(assumptions, changes)
    terms = Insurance(deductible=500, coinsurance_pct=30, copay_fill=5, fill_days=90, copay_programme=False,
                      copays_skip_deductible=frozenset({"session", "fill"}))
    url, left_out = scenario_link("http://localhost:8501/", in_force, plans, 104, insurance=terms)
    assert left_out == []
    pairs = parse_qsl(urlsplit(url).query)
    registry = registry_for(assumptions)
    for key, value in pairs:
        assert key in registry, key
        assert registry[key].accepts(value), (key, value)
    d = dict(pairs)
    assert d["ketamine-iv.price"] == "600" and d["ketamine-at-home.price"] == "600"
    assert d["ketamine-iv.booster"] == "every 4 weeks" and d["weeks"] == "2 years" and d["ssri_daily"] == "0.5"
    assert (d["pay"], d["ins.deductible"], d["ins.coinsurance_pct"], d["ins.copay_fill"], d["ins.fill_days"]) == (
        "Your insurance", "500", "30", "5", "90 days"
    )
    assert d["ins.copay_programme"] == "false"
    assert [v for k, v in pairs if k == "ins.copays_skip_deductible"] == ["Treatment sessions", "Prescription fills"]


def test_link_carries_coverage_and_time_as_the_apps_controls_take_them(assumptions):
    from urllib.parse import parse_qsl, urlsplit

    from kcost.model.assumptions import Override
    from kcost.model.scenario import Insurance, PatientTime
    from kcost.ui.compare.registry import registry_for

    covered = [Override(("plans", "ketamine-iv", "billing", "covered"), True)]
    time = PatientTime(include=True, hourly_value=40, travel_hours_per_trip=0.5)
    url, left_out = scenario_link(
        "http://localhost:8501/", with_overrides(assumptions, covered), ["ketamine-iv", "esketamine"], 52,
        other_changes(with_overrides(assumptions, covered), ["ketamine-iv", "esketamine"], covered),
        defaults=assumptions, insurance=Insurance(), time=time,
    )
    assert left_out == []  # the coverage switch is carried, not "1 other change"
    pairs = parse_qsl(urlsplit(url).query)
    registry = registry_for(assumptions)
    assert all(key in registry and registry[key].accepts(value) for key, value in pairs), pairs
    d = dict(pairs)
    # IV switched on (the file says off-label IV is not covered); esketamine is covered in the file: left out.
    assert d["ketamine-iv.covered"] == "true" and "esketamine.covered" not in d
    assert (d["time.include"], d["time.hourly_value"], d["time.travel_hours_per_trip"]) == ("true", "40", "0.5")
    assert "time.travel_cost_per_trip" not in d  # not set: the app's own default
    # Without insurance the switches mean nothing and the link leaves them out.
    cash_url, _ = scenario_link("http://localhost:8501/", with_overrides(assumptions, covered), ["ketamine-iv"], 52)
    assert ".covered" not in cash_url


def test_scenario_lines_name_every_insurance_and_time_term_whole(assumptions):
    from kcost.model.scenario import Insurance, PatientTime

    terms = Insurance(copay_visit=20, copay_session=40, copays_skip_deductible=frozenset({"visit", "fill"}),
                      deductible_met=500, oop_met=900, renews_in_weeks=20, programme_counts_toward_limits=False,
                      pre_tax_rate_pct=22)
    facts = scenario_facts(
        assumptions, ["ketamine-iv", "esketamine"], 52, insured=frozenset({"esketamine"}), insurance=terms,
        time=PatientTime(include=True), not_covered=frozenset({"ketamine-iv"}),
    )
    assert facts.lines[1].endswith("boosters every 2 weeks. Not covered by your insurance: cash.")
    assert facts.lines[2] == "Esketamine nasal spray (Spravato): With your insurance."
    assert facts.lines[3:] == ()  # the terms are printed across the page, apart from the narrow box
    assert facts.terms == (
        "Insurance: $1,787 deductible, then you pay 20% of each covered charge, up to $9,200 a plan year.",
        # The fill copay is not set, so only the visit copay is named as skipping the deductible.
        "Copays: $20 a visit, $40 a session (visits even before the deductible); 30-day fills.",
        "Plan year starts again in 20 weeks; paid so far: $500 of the deductible, $900 toward the limit.",
        "The maker's copay programme where one applies, not counted toward your limits; HSA or FSA at 22% tax.",
        # The shipped patient_time block: $31.48 an hour, 1 hour and $10 a round trip.
        "Your time: $31.48 an hour; 1 hour and $10 a round trip; not added to what you pay.",
    )
    # Nothing long enough for the handout to cut (pdf_text's limits: 220 a box line, 1,000 for the terms).
    assert max(len(line) for line in facts.lines) < 220 and len(" ".join(facts.terms)) < 1_000


def test_link_leaves_out_what_the_app_cannot_take_and_says_so(assumptions):
    changes = main_input_overrides(assumptions, MainInputs(session_price=3000), ["ketamine-iv"])
    in_force = with_overrides(assumptions, changes)
    url, left_out = scenario_link("http://localhost:8501/", in_force, ["ketamine-iv"], 30)
    assert "price" not in url and "weeks=" not in url
    assert left_out[0].startswith("the time span of 30 weeks")
    assert left_out[1] == "the price of $3,000 a session for Ketamine IV infusions (clinic)"


def test_link_skips_defaults_when_given_them(assumptions):
    changes = main_input_overrides(assumptions, MainInputs(session_price=600), ["ketamine-iv"])
    url, _ = scenario_link(
        "http://localhost:8501/", with_overrides(assumptions, changes), ["ketamine-iv", "ssri-generic"], 52,
        defaults=assumptions,
    )
    assert url == (
        "http://localhost:8501/?plans=Ketamine%20IV%20infusions%20%28clinic%29&plans=Generic%20SSRI%20or%20SNRI"
        "&weeks=1%20year&ketamine-iv.price=600"
    )


def test_scenario_lines_show_the_values_in_force(assumptions):
    changes = main_input_overrides(assumptions, MainInputs(session_price=600, booster_every_weeks=0), ["ketamine-iv"])
    changes.append(Override(("plans", "ketamine-iv", "one_off", "consultation"), 0, "--set"))
    facts = scenario_facts(with_overrides(assumptions, changes), ["ketamine-iv"], 52, changes)
    assert facts.lines == (
        "Time span: 1 year from the first day of treatment.",
        "Ketamine IV infusions (clinic): $600 a session; 6 in the first series; no boosters. Cash.",
        # Named from the file's labels, as the page names it, not by its path.
        "Also changed: Ketamine IV infusions (clinic): consultation, once, set to 0.",
    )


def test_link_names_a_left_out_interval_as_the_plans_control_does(assumptions):
    # The at-home plan's interval is its renewals (the page: "Renewals after the first series"); 3 weeks is
    # none of the app's choices, so the link leaves it out and says so in those words.
    changes = main_input_overrides(assumptions, MainInputs(booster_every_weeks=3), ["ketamine-at-home"])
    _, left_out = scenario_link("http://localhost:8501/", with_overrides(assumptions, changes), ["ketamine-at-home"], 52)
    assert left_out == ["renewals every 3 weeks for Ketamine at home, sublingual (telehealth)"]


def test_cost_row_of_a_plan_that_stops_says_so_instead_of_0_a_month(assumptions):
    # CBT alone: 14 weekly sessions from day 0 (days 0, 7, ..., 91), then nothing: week 91 // 7 + 1 = 14.
    (cbt,) = columns_from(project(assumptions, ["cbt-only"], 52), assumptions)
    assert costs(cbt).split("\n")[-1] == "Nothing more to pay after the CBT course ends in week 14."
    assert "$0 a month" not in costs(cbt)


# --- the PDF -----------------------------------------------------------------------------------


@pytest.mark.parametrize("page, size_pt", [("letter", (612, 792)), ("a4", (595.28, 841.89))])
@pytest.mark.parametrize("n", [2, 3, 4])
def test_one_page_with_every_total_and_the_fixed_lines(assumptions, tmp_path, n, page, size_pt):
    weeks = 104 if n == 4 else 52
    result = project(assumptions, PLAN_SETS[n], weeks)
    pdf = tmp_path / "h.pdf"
    pdf.write_bytes(handout(result, assumptions, page=page, today=TODAY))
    pages, (w, h) = pdf_pages(pdf)
    assert pages == 1
    assert (round(w), round(h)) == tuple(round(x) for x in size_pt)
    words = pdf_words(pdf)
    for p in result.plans:
        assert f"{money(p.total_cost)}" in words, p.plan_id
        assert " ".join(p.label.split()) in words
    assert "call or text 988" in words
    assert "Not medical advice." in words
    assert "20 November 2026" in words
    assert f"Evidence last reviewed: {evidence_reviewed(assumptions)}" in words
    assert "http://localhost:8501/?plans=" in words.replace(" ", "")


def test_odd_and_long_labels_neither_crash_nor_overflow(assumptions, tmp_path):
    """A label of 300 characters with Markdown, emoji, control characters and CJK: one page, cut, drawn as text."""
    odd = "**Bold?** <b>x</b> 🙂 ≥ 日本 \x07 " + "Supercalifragilistic" * 14
    # Labels are not numbers, so no override sets them: a copy of the model takes the odd label.
    plans = dict(assumptions.plans)
    plans["ketamine-iv"] = plans["ketamine-iv"].model_copy(update={"label": odd})
    odd_assumptions = assumptions.model_copy(update={"plans": plans})
    result = project(odd_assumptions, ["ketamine-iv", "ssri-generic", "esketamine", "ssri-cbt"], 260)
    pdf = tmp_path / "odd.pdf"
    pdf.write_bytes(handout(result, odd_assumptions, page="a4", today=TODAY))
    assert pdf_pages(pdf)[0] == 1
    words = pdf_words(pdf)
    assert "**Bold?** <b>x</b>" in words  # drawn literally, not as markup
    assert ">= ??" in words
    # Cut to 70 characters with an ellipsis wherever it is shown as a name (the link carries it whole, encoded).
    shown = words.split("Open this comparison again")[0]
    assert "Supercalifragilistic" * 14 not in shown.replace(" ", "")
    assert "%07" in words  # the control character reaches the link only percent-encoded
    # Every glyph inside the page: no text box beyond the right margin.
    bbox = subprocess.run([poppler("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', bbox).group(1))
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox)]
    assert max(right_edges) <= width - 20  # 11 mm margin = 31 pt; allow a little for the chart's own padding


@pytest.mark.parametrize("page", ["letter", "a4"])
def test_every_insurance_and_time_term_fits_on_the_one_page(assumptions, tmp_path, page):
    """The most crowded case: 4 plans over 5 years, every insurance term set, time counted."""
    from kcost.model.scenario import Insurance, PatientTime, Scenario

    terms = Insurance(copay_visit=20, copay_session=40, copay_fill=5, deductible_met=500, oop_met=900,
                      renews_in_weeks=20, programme_counts_toward_limits=False, superbill_pct=30, pre_tax_rate_pct=22)
    scenario = Scenario(plans=tuple(PLAN_SETS[4]), weeks=260, insured=frozenset(PLAN_SETS[4]), insurance=terms,
                        time=PatientTime(include=True, hourly_value=40))
    result = project(assumptions, scenario)
    pdf = tmp_path / "h.pdf"
    pdf.write_bytes(handout(result, assumptions, scenario, page=page, today=TODAY))
    assert pdf_pages(pdf)[0] == 1
    words = pdf_words(pdf)
    box = words.split("Your scenario")[1].split("Open this comparison again")[0]
    assert "…" not in box and "..." not in box  # no scenario line or term cut short
    for said in ("paid so far: $500 of the deductible, $900 toward the limit.", "HSA or FSA at 22% tax.",
                 "Your time: $40 an hour"):
        assert said in box, said
    for p in result.plans:
        assert f"worth {money(p.time_and_travel_cost)}" in words, p.plan_id
        assert f"about {money(p.patient_after_tax)} after tax" in words, p.plan_id
    link = words.split("Open this comparison again")[1].replace(" ", "")
    assert "time.include=true" in link and "time.hourly_value=40" in link
    assert overlapping_words(pdf) == []


def overlapping_words(pdf: Path) -> list[tuple[str, str]]:
    """Pairs of words whose boxes (``pdftotext -bbox``) overlap by more than a hair: text drawn over text."""
    bbox = subprocess.run([poppler("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    boxes = sorted(
        (float(y0), float(y1), float(x0), float(x1), w)
        for x0, y0, x1, y1, w in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', bbox)
    )
    hair = 0.6  # pt: neighbouring lines' boxes touch
    found = []
    for i, (y0, y1, x0, x1, w) in enumerate(boxes):
        for v0, v1, u0, u1, other in boxes[i + 1:]:
            if v0 >= y1 - hair:
                break
            if min(x1, u1) - max(x0, u0) > hair and min(y1, v1) - max(y0, v0) > hair:
                found.append((w, other))
    return found


@pytest.mark.parametrize("n", [2, 3, 4])
def test_no_text_drawn_over_other_text(assumptions, tmp_path, n):
    from kcost.model.scenario import Insurance, PatientTime, Scenario

    for weeks, scenario in (
        (52, Scenario(plans=tuple(PLAN_SETS[n]))),
        (260, Scenario(plans=tuple(PLAN_SETS[n]), weeks=260, insured=frozenset(PLAN_SETS[n]),
                       insurance=Insurance(copay_visit=20, deductible_met=100, renews_in_weeks=9, pre_tax_rate_pct=30),
                       time=PatientTime(include=True))),
    ):
        for page in ("letter", "a4"):
            pdf = tmp_path / f"h{weeks}{page}.pdf"
            pdf.write_bytes(handout(project(assumptions, scenario), assumptions, scenario, page=page, today=TODAY))
            assert pdf_pages(pdf)[0] == 1
            assert overlapping_words(pdf) == [], (weeks, page)


def test_body_text_is_at_least_the_minimum_size(assumptions, tmp_path):
    result = project(assumptions, PLAN_SETS[4], 260)
    pdf = tmp_path / "h.pdf"
    pdf.write_bytes(handout(result, assumptions, page="letter", today=TODAY))
    # pdftotext -bbox gives each word's box; a word's height is about its font size.
    bbox = subprocess.run([poppler("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    heights = [float(b) - float(a) for a, b in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', bbox)]
    # poppler's box for a Helvetica word is 0.925 × its size (7.5 pt → 6.94 pt); the chart's text is included.
    assert min(heights) >= MIN_BODY_PT * 0.92


def test_renders_to_an_image(assumptions, tmp_path):
    result = project(assumptions, PLAN_SETS[2], 52)
    pdf = tmp_path / "h.pdf"
    pdf.write_bytes(handout(result, assumptions, page="letter", today=TODAY))
    subprocess.run([poppler("pdftoppm"), "-png", "-r", "40", str(pdf), str(tmp_path / "page")], check=True)
    pngs = sorted(tmp_path.glob("page*.png"))
    assert len(pngs) == 1 and pngs[0].stat().st_size > 5_000


def test_no_link_when_base_url_is_none(assumptions, tmp_path):
    pdf = tmp_path / "h.pdf"
    pdf.write_bytes(handout(project(assumptions, PLAN_SETS[2], 52), assumptions, base_url=None, today=TODAY))
    assert "http" not in pdf_words(pdf)


def test_bad_base_url_is_refused(assumptions):
    with pytest.raises(ValueError, match="base URL"):
        handout(project(assumptions, PLAN_SETS[2], 52), assumptions, base_url="javascript:alert(1)", today=TODAY)


def test_print_form_of_the_cost_chart_is_static_and_fixed(assumptions):
    from kcost.present.charts import cost_spec
    from kcost.present.frames import cost_frame, crossover_frame, onset_frame

    p = project(assumptions, PLAN_SETS[3], 52)
    frames = (cost_frame(p), onset_frame(p), crossover_frame(p))
    screen = cost_spec(*frames)
    paper = cost_spec(*frames, print_size=(400, 220))
    assert (paper["width"], paper["height"]) == (400, 220) and paper["autosize"]["type"] == "fit"
    assert all("tooltip" not in layer["encoding"] for layer in paper["layer"])
    # Only the invisible hover targets are dropped; every drawn layer stays.
    drawn = [layer["mark"]["type"] for layer in screen["layer"] if layer["mark"].get("opacity") != 0]
    assert [layer["mark"]["type"] for layer in paper["layer"]] == drawn
    assert paper["datasets"] is screen["datasets"] or set(paper["datasets"]) == set(screen["datasets"])
    assert screen["width"] == "container"  # the screen form is unchanged


def test_the_chart_legend_prints_every_plan_name_whole(assumptions, tmp_path):
    # Each label is printed three times: the grid's column head, the scenario box and the chart's legend.
    # Vega-lite's legend cut the two longest to "Ketamine IV infusio…" and "Esketamine nasal sp…" (two only).
    result = project(assumptions, ["ketamine-iv", "esketamine", "ssri-generic", "cbt-only"], 52)
    pdf = tmp_path / "h.pdf"
    pdf.write_bytes(handout(result, assumptions, page="letter", today=TODAY))
    assert pdf_pages(pdf)[0] == 1
    words = pdf_words(pdf)
    for p in result.plans:
        assert words.count(p.label) == 3, p.label


def test_legend_entries_follow_the_charts_scales(assumptions):
    from kcost.present.charts import PALETTE
    from kcost.present.handout_pdf import legend_entries

    result = project(assumptions, ["ketamine-iv", "esketamine"], 52)
    entries = legend_entries(result)
    assert [(label, colour) for label, colour, _ in entries] == [
        ("Ketamine IV infusions (clinic)", PALETTE[0]), ("Esketamine nasal spray (Spravato)", PALETTE[1])
    ]
    assert entries[0][2] != entries[1][2]  # the lines differ in dashes too, for print in grey


def test_legend_takes_one_column_when_a_name_does_not_fit_half_the_width():
    from kcost.present.handout_pdf import _Handout, _legend_columns

    pdf = _Handout("letter")
    pdf.add_page()
    # At 8 pt Helvetica "Generic SSRI or SNRI" is about 28 mm; 120 mm / 2 - 7 - 3 = 50 mm of room per column.
    assert _legend_columns(pdf, ["Generic SSRI or SNRI", "CBT (talk therapy) alone"], 120) == 2
    assert _legend_columns(pdf, ["Generic SSRI or SNRI", "Ketamine IM injections with psychotherapy (KAP), long"], 120) == 1


def test_legend_line_samples_follow_the_dash_pattern():
    from kcost.present.handout_pdf import _CHART_PX_PER_MM, _dashes

    assert _dashes([1, 0], 7.0) == [(0.0, 7.0)]
    # [8, 3, 2, 3] px at 2.55 px/mm: 3.137 on, 1.176 off, 0.784 on, 1.176 off, then again from 6.275 mm.
    mm = [x / _CHART_PX_PER_MM for x in (8, 3, 2, 3)]
    got = [x for stretch in _dashes([8, 3, 2, 3], 7.0) for x in stretch]
    assert got == pytest.approx([0.0, mm[0], mm[0] + mm[1], mm[0] + mm[1] + mm[2], sum(mm), 7.0])
