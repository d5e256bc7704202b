"""The shipped data/pricing.yaml: sourced numbers, the promised plans and drugs, honest labels."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kcost import load_assumptions
from kcost.model.assumptions import default_assumptions_path, iter_quantities

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "pricing.yaml"
TEXT = SHIPPED.read_text(encoding="utf-8")

PLANS = ["ketamine-iv", "ketamine-im", "ketamine-at-home", "esketamine", "ssri-generic", "ssri-cbt", "cbt-only"]
DRUGS = ["sertraline", "escitalopram", "fluoxetine", "citalopram", "paroxetine", "venlafaxine-er", "duloxetine"]


@pytest.fixture(scope="module")
def assumptions():
    return load_assumptions()


@pytest.fixture(scope="module")
def quantities(assumptions):
    return list(iter_quantities(assumptions))


@pytest.fixture(scope="module")
def raw():
    return yaml.load(TEXT, Loader=yaml.SafeLoader)


def raw_quantities(node, path=()):
    """Every mapping with a ``base`` in the plain YAML data (independent of kcost's walker)."""
    if isinstance(node, dict):
        if "base" in node:
            yield path, node
        else:
            for key, value in node.items():
                yield from raw_quantities(value, (*path, key))


class TestTheFileItself:
    def test_default_path_is_the_shipped_file(self):
        assert default_assumptions_path() == SHIPPED

    def test_loads_with_the_plain_safe_loader(self, raw):
        assert isinstance(raw, dict)
        assert set(raw) == {
            "version", "currency", "evidence_reviewed", "plans", "programmes", "patient_time", "drugs", "evidence", "sources"
        }

    def test_has_no_tags_anchors_or_aliases(self):
        for event in yaml.parse(TEXT, Loader=yaml.SafeLoader):
            assert not isinstance(event, yaml.AliasEvent)
            assert getattr(event, "anchor", None) is None
            if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                assert event.tag is None or event.tag == "!", event

    def test_is_utf8_and_under_the_size_limit(self):
        raw_bytes = SHIPPED.read_bytes()
        raw_bytes.decode("utf-8")
        assert len(raw_bytes) < 1_000_000


class TestEveryNumberIsSourced:
    def test_every_number_names_at_least_one_source(self, quantities):
        assert quantities, "the walker found no numbers"
        unsourced = [path for path, q in quantities if not q.sources]
        assert unsourced == []

    def test_every_source_id_exists(self, assumptions, quantities):
        missing = [(path, s) for path, q in quantities for s in q.sources if s not in assumptions.sources]
        assert missing == []

    def test_the_walker_finds_every_number_in_the_yaml(self, raw, quantities):
        found = {path for path, _ in quantities}
        in_yaml = {path for path, _ in raw_quantities(raw)}
        assert found == in_yaml

    def test_every_number_in_the_yaml_has_sources(self, raw):
        for path, node in raw_quantities(raw):
            assert node.get("sources"), path
            assert all(s in raw["sources"] for s in node["sources"]), path

    def test_every_source_is_cited(self, assumptions, quantities):
        cited = {s for _, q in quantities for s in q.sources}
        cited |= {s for d in assumptions.drugs.values() if d.approved_for for s in d.approved_for.sources}
        cited |= {s for p in assumptions.plans.values() if p.relief_lasts for s in p.relief_lasts.sources}
        # these back the app's fixed text (no eligible GAD trial; the boxed warning; the crisis line), not a number
        assert set(assumptions.sources) - cited == {"whittaker-2021", "antidepressant-boxed-warning", "lifeline-988"}

    def test_every_source_has_an_address_or_doi(self, assumptions):
        # kcost's own modelling choice is not evidence and has nowhere to point
        missing = [
            sid for sid, s in assumptions.sources.items() if not (s.url or s.doi) and s.strength != "assumption"
        ]
        assert missing == []
        assert [sid for sid, s in assumptions.sources.items() if s.strength == "assumption"] == ["kcost-modelling-choice"]

    def test_every_source_shows_its_date_and_when_kcost_read_it(self, assumptions):
        for sid, s in assumptions.sources.items():
            assert s.published, sid
            assert s.seen == "2026-11-22", sid

    def test_evidence_review_date(self, assumptions):
        assert assumptions.evidence_reviewed == "2026-11-22"


class TestPlansAndDrugs:
    @pytest.mark.parametrize("plan_id", PLANS)
    def test_plan_of_the_issue_exists(self, assumptions, plan_id):
        assert plan_id in assumptions.plans

    def test_exactly_these_plans(self, assumptions):
        assert list(assumptions.plans) == PLANS

    def test_drug_list(self, assumptions):
        assert set(DRUGS) <= set(assumptions.drugs)

    @pytest.mark.parametrize(
        ("drug", "drug_class"),
        [("sertraline", "SSRI"), ("escitalopram", "SSRI"), ("fluoxetine", "SSRI"), ("citalopram", "SSRI"),
         ("paroxetine", "SSRI"), ("venlafaxine-er", "SNRI"), ("duloxetine", "SNRI")],
    )
    def test_drug_class(self, assumptions, drug, drug_class):
        assert assumptions.drugs[drug].class_ == drug_class

    def test_ssri_plans_take_a_listed_drug(self, assumptions):
        for plan_id in ("ssri-generic", "ssri-cbt"):
            assert assumptions.plans[plan_id].drug in assumptions.drugs


class TestHonestLabels:
    def test_nothing_is_left_unverified(self, assumptions, quantities):
        assert [".".join(path) for path, q in quantities if q.strength == "unverified"] == []
        assert [sid for sid, s in assumptions.sources.items() if s.strength == "unverified"] == []
        assert "unverified" not in TEXT
        assert "placeholder" not in TEXT.lower()

    def test_response_rates_come_from_treated_arms(self, assumptions):
        # the placebo arms are context ("with no new treatment"), never a low end
        rates = {pid: p.response_rate.bounds for pid, p in assumptions.plans.items()}
        assert rates["ketamine-iv"] == (33, 33, 33)  # Taylor 2018, LSAS; the 89 % visual scale is left out
        assert rates["ketamine-at-home"] == (18, 63, 63)  # completers 63 %; dropouts counted as not helped ~18 %
        assert rates["esketamine"] == (69, 69, 69)  # TRANSFORM-2; its 52 % placebo arm is no low end
        assert rates["ssri-generic"] == (58, 58, 68)  # Davidson 2004 LOCF and completers; placebo 38 % is no low end
        for pid, plan in assumptions.plans.items():
            assert plan.response_rate is not None, pid
            assert plan.decision_point is not None, pid
            if plan.placebo_response is not None:
                assert plan.placebo_response.bounds[2] <= plan.response_rate.bounds[0], pid

    def test_glue_2020_is_weak_and_never_called_iv(self, assumptions):
        glue = assumptions.sources["glue-2020"]
        assert glue.strength == "weak"
        assert glue.doi == "10.1177/0269881119874457"
        assert "under the skin" in glue.note and "not IV" in glue.note

    @pytest.mark.parametrize("plan_id", ["ketamine-iv", "ketamine-im", "ketamine-at-home"])
    def test_maintenance_range_reaches_weekly(self, assumptions, plan_id):
        plan = assumptions.plans[plan_id]
        stream = plan.sessions[plan.onset.stream]
        low, base, _ = stream.maintenance_every_weeks.bounds
        assert low == 1
        assert base > 0  # a maintenance default that follows the evidence, not none
        assert "glue-2018" in stream.maintenance_every_weeks.sources

    def test_drug_costs_share_one_basis(self, assumptions):
        for did, drug in assumptions.drugs.items():
            assert drug.daily_cost.unit == "USD/day", did
            assert "acquisition cost" in drug.daily_cost.note.lower(), did
            assert " mg" in drug.label, did  # the strength is stated
            assert drug.counter_price is not None and drug.counter_price.strength == "weak", did

    def test_anxiety_approvals(self, assumptions):
        approvals = {did: d.approved_for.disorders for did, d in assumptions.drugs.items()}
        assert "GAD" not in approvals["sertraline"]
        assert approvals["citalopram"] == []
        for did in ("escitalopram", "paroxetine", "venlafaxine-er", "duloxetine"):
            assert "GAD" in approvals[did], did

    def test_esketamine_doses_are_selectable(self, assumptions):
        stream = assumptions.plans["esketamine"].sessions["treatments"]
        assert stream.price_options == {"56 mg": 590, "84 mg": 885}
        now = assumptions.evidence["esketamine-session-price-now"].value
        assert now.base == 1050 and "spravato-cost-guide-2025" in now.sources

    def test_cbt_course_follows_nice(self, assumptions):
        for pid in ("ssri-cbt", "cbt-only"):
            course = assumptions.plans[pid].sessions["cbt"].phases["course"].count
            assert course.bounds == (12, 14, 15)
            assert course.sources == ["nice-cg113"]

    def test_esketamine_is_not_approved_for_anxiety(self, assumptions):
        assert assumptions.plans["esketamine"].approved_for_anxiety is False

    @pytest.mark.parametrize("plan_id", ["ketamine-iv", "ketamine-im", "ketamine-at-home"])
    def test_ketamine_is_off_label_for_anxiety(self, assumptions, plan_id):
        assert assumptions.plans[plan_id].approved_for_anxiety is False

    @pytest.mark.parametrize("plan_id", ["ssri-generic", "ssri-cbt", "cbt-only"])
    def test_ssri_is_a_first_line_treatment(self, assumptions, plan_id):
        assert assumptions.plans[plan_id].approved_for_anxiety is True

    def test_modelling_choices_cite_the_modelling_choice_source(self, quantities):
        for path, q in quantities:
            if q.strength == "assumption":
                assert "kcost-modelling-choice" in q.sources, path

    def test_esketamine_list_prices_are_the_2019_figures(self, assumptions):
        stream = assumptions.plans["esketamine"].sessions["treatments"]
        assert stream.price.bounds == (590, 590, 885)  # $590 for 56 mg, $885 for 84 mg
        assert stream.first_session_price.base == 590  # always 56 mg first
        assert "stat-2019-spravato-price" in stream.price.sources
