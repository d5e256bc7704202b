"""The committed JSON Schema is generated from the models and matches the shipped file."""

from __future__ import annotations

import json

import jsonschema

from kcost.model.assumptions import read_document
from kcost.model.assumptions.json_schema import SCHEMA_FILE, schema_text


def test_committed_schema_is_up_to_date():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "data/pricing.schema.json is out of date: run `kcost schema > data/pricing.schema.json`"
    )


def test_shipped_assumptions_validate_against_the_schema():
    jsonschema.validate(read_document().data, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def test_schema_rejects_a_typo_like_the_loader_does():
    data = read_document().data
    data["plans"]["ketamine-iv"]["sesions"] = data["plans"]["ketamine-iv"].pop("sessions")
    try:
        jsonschema.validate(data, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    except jsonschema.ValidationError as exc:
        assert "sesions" in exc.message
    else:  # pragma: no cover - the assertion below explains the failure
        raise AssertionError("the schema accepted an unknown key")


def test_yaml_file_points_editors_at_the_schema():
    first = (SCHEMA_FILE.parent / "pricing.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=pricing.schema.json"
