"""The OASIS SARIF 2.1.0 schema check shared by the SARIF and `report` tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import validators

SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


def schema_errors(document: Any) -> list[str]:
    """Every place where `document` breaks the schema, as `json/path: message`."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    return sorted(
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in validator.iter_errors(document)
    )
