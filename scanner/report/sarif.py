"""SARIF 2.1.0 for GitHub code scanning, built with sarif-om.

sarif-om ships no type hints and no serialiser, so this is the only module
that imports it; `_to_json` turns its attrs classes into the schema's
property names and leaves out what is unset.
"""

from __future__ import annotations

import json
from typing import Any

import attr
import sarif_om as om

from scanner import ruledoc
from scanner.model import Finding, Level, Location, Notification, Rule, ScanResult

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/nhiguard/nhiguard"
SRCROOT = "%SRCROOT%"
_LEVELS = {Level.CRITICAL: "error", Level.HIGH: "error", Level.MEDIUM: "warning", Level.LOW: "note"}


def _tags(rule: Rule) -> list[str]:
    tags = ["security", *(f"external/cwe/cwe-{c}" for c in rule.frameworks.cwe)]
    tags += [f"owasp-nhi/{i}" for i in rule.frameworks.owasp_nhi]
    tags += [f"nist-csf/{i}" for i in rule.frameworks.nist_csf]
    return tags[:20]


def _descriptor(rule: Rule) -> om.ReportingDescriptor:
    return om.ReportingDescriptor(
        id=rule.id,
        name=rule.name,
        short_description=om.MultiformatMessageString(text=rule.title),
        full_description=om.MultiformatMessageString(text=rule.description),
        help=om.MultiformatMessageString(
            text=ruledoc.render_text(rule), markdown=ruledoc.render_markdown(rule)
        ),
        help_uri=ruledoc.help_uri(rule),
        default_configuration=om.ReportingConfiguration(level=_LEVELS[rule.level]),
        properties={
            "tags": _tags(rule),
            "precision": rule.precision,
            "security-severity": f"{rule.severity:.1f}",
        },
    )


def _region(location: Location) -> om.Region:
    region = om.Region(start_line=location.line, start_column=location.column)
    if location.end_line:
        region.end_line = location.end_line
    if location.end_column:
        region.end_column = location.end_column
    return region


def _physical(path: str, location: Location) -> om.Location:
    return om.Location(
        physical_location=om.PhysicalLocation(
            artifact_location=om.ArtifactLocation(uri=path, uri_base_id=SRCROOT),
            region=_region(location),
        )
    )


def _result(finding: Finding, index: dict[str, int], result: ScanResult) -> om.Result:
    level = result.level(finding)
    sarif = om.Result(
        rule_id=finding.rule_id,
        rule_index=index[finding.rule_id],
        level=_LEVELS[level],
        message=om.Message(text=finding.message),
        locations=[_physical(finding.path, finding.location)],
        partial_fingerprints={"nhiguard/v1": finding.fingerprint},
    )
    if finding.snippet:
        region = sarif.locations[0].physical_location.region
        region.snippet = om.ArtifactContent(text=finding.snippet)
    if finding.related:
        sarif.related_locations = [
            _related(i, r.path, r.location, r.message) for i, r in enumerate(finding.related)
        ]
    if finding.suppression is not None:
        sarif.suppressions = [
            om.Suppression(
                kind="inSource" if finding.suppression.kind == "inline" else "external",
                justification=finding.suppression.reason,
            )
        ]
    properties: dict[str, Any] = {}
    if finding.evidence is not None:
        properties["evidence"] = {
            "masked": finding.evidence.masked,
            "length": finding.evidence.length,
        }
    if finding.adjustment is not None:
        properties["security-severity"] = f"{finding.adjustment.score:.1f}"
        properties["adjustment"] = finding.adjustment.reason
    if properties:
        sarif.properties = properties
    return sarif


def _related(index: int, path: str, location: Location, message: str) -> om.Location:
    related = _physical(path, location)
    related.id = index
    related.message = om.Message(text=message)
    return related


def _notification(note: Notification) -> om.Notification:
    text = f"{note.path}: {note.kind.value}" + (f" ({note.detail})" if note.detail else "")
    location = _physical(note.path, Location(note.line or 1))
    return om.Notification(
        message=om.Message(text=text),
        level="warning" if note.skipped else "note",
        descriptor=om.ReportingDescriptorReference(id=f"nhiguard/{note.kind.value}"),
        locations=[location],
    )


def to_sarif(result: ScanResult) -> dict[str, Any]:
    index = {rule.id: i for i, rule in enumerate(result.rules)}
    root_uri = "file://" + result.root.rstrip("/") + "/"
    run = om.Run(
        tool=om.Tool(
            driver=om.ToolComponent(
                name="nhiguard",
                version=result.version,
                semantic_version=result.version,
                information_uri=INFORMATION_URI,
                rules=[_descriptor(rule) for rule in result.rules],
            )
        ),
        automation_details=om.RunAutomationDetails(id="nhiguard/"),
        original_uri_base_ids={SRCROOT: om.ArtifactLocation(uri=root_uri)},
        invocations=[
            om.Invocation(
                execution_successful=True,
                tool_execution_notifications=[_notification(n) for n in result.notifications],
            )
        ],
        results=[_result(f, index, result) for f in result.findings if f.rule_id in index],
        column_kind="unicodeCodePoints",
    )
    log = om.SarifLog(version="2.1.0", schema_uri=SCHEMA_URI, runs=[run])
    document: dict[str, Any] = _to_json(log)
    return document


def render_sarif(result: ScanResult) -> str:
    return json.dumps(to_sarif(result), indent=2, ensure_ascii=False) + "\n"


def _to_json(value: Any) -> Any:
    if attr.has(type(value)):
        out = {}
        for field in attr.fields(type(value)):
            item = getattr(value, field.name)
            if item is None or (field.default is not attr.NOTHING and item == field.default):
                continue
            out[field.metadata.get("schema_property_name", field.name)] = _to_json(item)
        return out
    if isinstance(value, dict):
        return {key: _to_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_json(item) for item in value]
    return value
