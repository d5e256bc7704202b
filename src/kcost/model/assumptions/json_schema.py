"""The JSON Schema of the assumptions file, generated from the same models that validate it.

Editors with a YAML language server read it through the comment at the top of
``data/pricing.yaml`` and offer completion and inline errors while typing.
"""

from __future__ import annotations

import json
from ...shipped import schema_file
from .schema import Assumptions

__all__ = ["SCHEMA_FILE", "schema_text"]

#: The committed schema: the installed package's copy, or ``data/pricing.schema.json`` in a checkout.
SCHEMA_FILE = schema_file()


def schema_text() -> str:
    """The schema as pretty-printed JSON with a trailing newline (the committed file's exact content)."""
    schema = Assumptions.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "kcost assumptions (data/pricing.yaml)"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
