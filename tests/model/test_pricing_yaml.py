"""The shipped data/pricing.yaml: sourced numbers, the promised plans and drugs, honest labels."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kcost import load_assumptions
from kcost.model.assumptions import default_assumptions_path, iter_quantities

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "pricing.yaml"
TEXT = SHIPPED.read_text(encoding="utf-8")

PLANS = ["ketamine-iv", "ketamine-im", "ketamine-at-home", "esketamine", "ssri-generic", "ssri-cbt"]
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
        assert set(raw) == {"version", "currency", "plans", "programmes", "patient_time", "drugs", "evidence", "sources"}

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
        # whittaker-2021 backs the app's text ("no eligible GAD trial"), not a number
        assert set(assumptions.sources) - cited <= {"whittaker-2021"}


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
    def test_unverified_figures_are_exactly_the_placeholders(self, assumptions, quantities):
        unverified = {".".join(path) for path, q in quantities if q.strength == "unverified"}
        assert unverified == {
            "plans.ssri-cbt.sessions.cbt.phases.course.count",
            "drugs.escitalopram.daily_cost",
            "drugs.fluoxetine.daily_cost",
            "drugs.citalopram.daily_cost",
            "drugs.paroxetine.daily_cost",
            "patient_time.hourly_value",
        }
        for path, q in quantities:
            if q.strength == "unverified":
                assert q.note and "placeholder" in q.note.lower(), path

    def test_a_figure_citing_an_unverified_source_is_marked_unverified(self, assumptions, quantities):
        weak_sources = {sid for sid, s in assumptions.sources.items() if s.strength == "unverified"}
        assert weak_sources == {"cbt-course-length-blog", "kcost-unverified-placeholder", "bls-oews-wages"}
        for path, q in quantities:
            if set(q.sources) & weak_sources:
                assert q.strength == "unverified", path

    def test_esketamine_is_not_approved_for_anxiety(self, assumptions):
        assert assumptions.plans["esketamine"].approved_for_anxiety is False

    @pytest.mark.parametrize("plan_id", ["ketamine-iv", "ketamine-im", "ketamine-at-home"])
    def test_ketamine_is_off_label_for_anxiety(self, assumptions, plan_id):
        assert assumptions.plans[plan_id].approved_for_anxiety is False

    @pytest.mark.parametrize("plan_id", ["ssri-generic", "ssri-cbt"])
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
