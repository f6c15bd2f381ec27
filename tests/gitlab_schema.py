"""The constraints of GitLab's security report schema 15.2.1 that nhiguard's reports meet.

GitLab publishes its secret detection and SAST report schemas (MIT) and
validates every uploaded report against the version it names. The upstream
files could not be vendored here (this workplace keeps fetched repository
content out of commits), so this is a restatement, written for these tests,
of what those two 15.2.1 schemas require of a report: the required fields at
every level, their types, patterns and enumerations. Where the two schemas
differ it is in `scan.type` and in `location` (secret detection requires a
`commit` with a `sha`), and `kind` selects that.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft7Validator

VERSION = "15.2.1"
_TIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$"}
_TEXT = {"type": "string", "minLength": 1}
_URL = {"type": "string", "pattern": "^(https?|ftp)://.+"}
_TOOL = {
    "type": "object",
    "required": ["id", "name", "version", "vendor"],
    "properties": {
        "id": _TEXT,
        "name": _TEXT,
        "version": _TEXT,
        "url": {"type": "string"},
        "vendor": {"type": "object", "required": ["name"], "properties": {"name": _TEXT}},
    },
}
_IDENTIFIER = {
    "type": "object",
    "required": ["type", "name", "value"],
    "properties": {"type": _TEXT, "name": _TEXT, "value": _TEXT, "url": _URL},
}


def _schema(kind: str) -> dict[str, Any]:
    location: dict[str, Any] = {
        "type": "object",
        "properties": {
            "file": {"type": "string"},
            "start_line": {"type": "number"},
            "end_line": {"type": "number"},
            "class": {"type": "string"},
            "method": {"type": "string"},
        },
    }
    if kind == "secret_detection":
        location["required"] = ["commit"]
        location["properties"]["commit"] = {
            "type": "object",
            "required": ["sha"],
            "properties": {"sha": _TEXT, "author": {"type": "string"}, "date": {"type": "string"}},
        }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "required": ["scan", "version", "vulnerabilities"],
        "properties": {
            "version": {"type": "string", "pattern": r"^[0-9]+\.[0-9]+\.[0-9]+$"},
            "schema": {"type": "string", "pattern": "^https?://.+"},
            "scan": {
                "type": "object",
                "required": ["analyzer", "end_time", "scanner", "start_time", "status", "type"],
                "properties": {
                    "analyzer": {
                        **_TOOL,
                        "properties": {
                            **_TOOL["properties"],
                            "url": {"type": "string", "pattern": "^https?://.+"},
                        },
                    },
                    "scanner": _TOOL,
                    "start_time": _TIME,
                    "end_time": _TIME,
                    "status": {"enum": ["success", "failure"]},
                    "type": {"enum": [kind]},
                    "messages": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["level", "value"],
                            "properties": {
                                "level": {"enum": ["info", "warn", "fatal"]},
                                "value": _TEXT,
                            },
                        },
                    },
                },
            },
            "vulnerabilities": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "identifiers", "location"],
                    "properties": {
                        "id": _TEXT,
                        "name": {"type": "string", "maxLength": 255},
                        "description": {"type": "string", "maxLength": 1048576},
                        "severity": {
                            "enum": ["Info", "Unknown", "Low", "Medium", "High", "Critical"]
                        },
                        "solution": {"type": "string", "maxLength": 7000},
                        "identifiers": {"type": "array", "minItems": 1, "items": _IDENTIFIER},
                        "links": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["url"],
                                "properties": {"name": {"type": "string"}, "url": _URL},
                            },
                        },
                        "location": location,
                    },
                },
            },
        },
    }


def gitlab_errors(document: Any, kind: str) -> list[str]:
    """Every place `document` breaks the 15.2.1 report schema of `kind`, as `path: message`."""
    validator = Draft7Validator(_schema(kind))
    return sorted(
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in validator.iter_errors(document)
    )
