"""Read a saved JSON result back into a ScanResult, so any format can be rendered later.

CI keeps the JSON as an artifact; `nhiguard report results.json --format html`
turns it into the audit report without scanning again. Rule metadata is
joined from this version's catalog by id, as every reporter does.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from scanner.errors import UsageError
from scanner.model import (
    Adjustment,
    Evidence,
    Finding,
    Location,
    Notification,
    NotificationKind,
    Related,
    Rule,
    ScanResult,
    Suppression,
)
from scanner.report.json import SCHEMA_VERSION


def load(text: str, origin: str, rules: Sequence[Rule]) -> ScanResult:
    try:
        document = json.loads(text)
        return _result(document, {r.id: r for r in rules})
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        problem = exc.__class__.__name__ if not isinstance(exc, UsageError) else str(exc)
        raise UsageError(f"{origin}: not an nhiguard JSON result ({problem})") from None


def _result(document: Mapping[str, Any], catalog: Mapping[str, Rule]) -> ScanResult:
    version = str(document["schema_version"])
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise ValueError(f"schema_version {version}")
    scan = document["scan"]
    unknown = sorted({f["rule_id"] for f in document["findings"]} - set(catalog))
    if unknown:
        raise KeyError(unknown[0])
    return ScanResult(
        root=str(scan["root"]),
        findings=tuple(_finding(f) for f in document["findings"]),
        notifications=tuple(
            Notification(
                str(n["path"]), NotificationKind(n["kind"]), str(n["detail"]), int(n["line"])
            )
            for n in document["notifications"]
        ),
        files_scanned=int(scan["files_scanned"]),
        rules=tuple(catalog[rule_id] for rule_id in scan["rules"] if rule_id in catalog),
        started_at=str(scan["started_at"]),
        duration_seconds=float(scan["duration_seconds"]),
        version=str(document["tool"]["version"]),
    )


def _location(raw: Mapping[str, Any]) -> Location:
    return Location(
        int(raw["line"]), int(raw["column"]), int(raw["end_line"]), int(raw["end_column"])
    )


def _finding(raw: Mapping[str, Any]) -> Finding:
    evidence = raw.get("evidence")
    adjustment = raw.get("adjustment")
    suppression = raw.get("suppression")
    return Finding(
        rule_id=str(raw["rule_id"]),
        path=str(raw["path"]),
        location=_location(raw),
        message=str(raw["message"]),
        snippet=str(raw["snippet"]),
        fingerprint=str(raw["fingerprint"]),
        evidence=None
        if evidence is None
        else Evidence(
            str(evidence["masked"]), int(evidence["length"]), str(evidence.get("digest") or "")
        ),
        related=tuple(
            Related(str(r["path"]), _location(r), str(r["message"])) for r in raw.get("related", ())
        ),
        adjustment=None
        if adjustment is None
        else Adjustment(float(adjustment["score"]), str(adjustment["reason"])),
        suppression=None
        if suppression is None
        else Suppression(str(suppression["kind"]), str(suppression["reason"])),
    )
