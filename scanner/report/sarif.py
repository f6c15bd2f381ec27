"""SARIF 2.1.0 for GitHub code scanning, built with sarif-om.

sarif-om ships no type hints and no serialiser, so this is the only module
that imports it; `_to_json` turns its attrs classes into the schema's
property names and leaves out what is unset or at its schema default.

What GitHub code scanning needs, and where it is made here:
- URIs relative to the repository root, percent-encoded (`_uri`), with
  `uriBaseId` %SRCROOT%; `originalUriBaseIds` describes %SRCROOT% but gives
  it no `uri`, so the log names no absolute path of the machine that made it
  (SARIF then resolves the base externally: the checkout it is uploaded from);
- `partialFingerprints` that survive unrelated edits (the engine's
  fingerprint has no line number in it, and no salt: it hashes the masked
  line); upload-sarif adds its own `primaryLocationLineHash` beside ours;
- suppressions with `status: accepted` (SARIF 2.1.0's name for what the
  issue called `state`): GitHub closes an alert only then;
- per rule `shortDescription`, `fullDescription`, `help` (text and
  markdown), `security-severity` and at most 20 `tags`; GitHub rejects a
  file over its hard limits (20 tags per rule, 1,000 locations per result);
- every result's `level` written out: an absent level means "the rule's
  default", which is wrong for a finding whose score was adjusted;
- files not fully analysed as `toolExecutionNotifications`, each pointing at
  a notification descriptor of the driver;
- scanned text (paths, keys, snippets, reasons) in plain-text messages made
  visible and with `[`/`]` escaped (`escape.sarif_message`): a viewer must
  neither render a bidi override nor turn a YAML key into a link.

`tests/test_sarif.py` checks the output against the OASIS schema and
Microsoft's SARIF Multitool with GitHub's ingestion rules.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

import attr
import sarif_om as om

from scanner import coverage, ruledoc
from scanner.escape import json_document, sarif_message, visible
from scanner.frameworks import CATALOGS, Catalog, Framework, mapped_ids
from scanner.model import (
    Finding,
    Level,
    Location,
    Notification,
    NotificationKind,
    Related,
    Rule,
    ScanResult,
)
from scanner.report.json import audit_document, comparison_document

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/nhiguard/nhiguard"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "nhiguard/v1"
MAX_TAGS = 20  # GitHub's hard limit per rule (it shows the first 10)
MAX_RELATED = 100  # GitHub keeps 100 locations per result and rejects over 1,000
MAX_RESULTS = 25_000  # GitHub rejects a run with more results
_LEVELS = {Level.CRITICAL: "error", Level.HIGH: "error", Level.MEDIUM: "warning", Level.LOW: "note"}

# One descriptor per kind of notification: (level, what happened, what it means).
_NOTIFICATIONS: dict[NotificationKind, tuple[str, str, str]] = {
    NotificationKind.TOO_LARGE: (
        "warning",
        "skipped, too large",
        "The file is larger than the configured maximum size and was not read.",
    ),
    NotificationKind.BINARY: (
        "warning",
        "skipped, binary",
        "The file holds binary data and was not analysed.",
    ),
    NotificationKind.NOT_UTF8: (
        "note",
        "partly analysed, not valid UTF-8",
        "The file is not valid UTF-8; undecodable bytes were replaced and the rest analysed.",
    ),
    NotificationKind.PARSE_ERROR: (
        "warning",
        "not analysed, could not be parsed",
        "The file could not be parsed, so the rules that need its syntax tree did not run on it.",
    ),
    NotificationKind.UNREADABLE: (
        "warning",
        "skipped, unreadable",
        "The file could not be read: it is missing or permission was denied.",
    ),
    NotificationKind.SYMLINK_OUTSIDE_ROOT: (
        "warning",
        "skipped, symbolic link out of the repository",
        "The path is a symbolic link to a place outside the scanned repository.",
    ),
    NotificationKind.ANALYZER_ERROR: (
        "error",
        "not analysed, analyzer error",
        "An nhiguard analyzer failed on this file; the scan went on. Please report it.",
    ),
    NotificationKind.GIT_REFUSED: (
        "warning",
        "walked without git",
        "Git refused the repository (another user owns it), so nhiguard did not trust it: "
        "it walked the folder with its default excludes, and .gitignore was not applied.",
    ),
    NotificationKind.ANALYZER_CRASH: (
        "error",
        "not analysed, analyzer crash",
        "The process analysing this file crashed; the scan went on. Please report it.",
    ),
    NotificationKind.UNKNOWN_IGNORE: (
        "warning",
        "ignore comment names no rule",
        "An inline nhiguard: ignore comment names no rule id or name, so it accepts nothing.",
    ),
    NotificationKind.UNUSED_IGNORE: (
        "note",
        "ignore comment suppresses nothing",
        "An inline nhiguard: ignore comment names a rule that ran, and no finding of that rule "
        "is on its line (or on the next, when it stands alone): it is stale or misplaced.",
    ),
    NotificationKind.STALE_BASELINE: (
        "note",
        "baseline entry no longer found",
        "The baseline accepts a finding in this file that the scan no longer reports: "
        "the next `nhiguard baseline` drops the entry.",
    ),
}
_NOTIFICATION_INDEX = {kind: i for i, kind in enumerate(_NOTIFICATIONS)}


def _tags(rule: Rule) -> list[str]:
    tags = ["security", *(f"external/cwe/cwe-{c}" for c in rule.frameworks.cwe)]
    tags += [f"owasp-nhi/{i}" for i in rule.frameworks.owasp_nhi]
    tags += [f"nist-csf/{i}" for i in rule.frameworks.nist_csf]
    return tags[:MAX_TAGS]


_TAXONOMY_VERSIONS = {Framework.OWASP_NHI: "2025", Framework.NIST_CSF: "2.0", Framework.CWE: "4.16"}


def _taxonomy(catalog: Catalog) -> om.ToolComponent:
    """A framework as a SARIF taxonomy: each control a taxon, linked from the rules."""
    return om.ToolComponent(
        name=catalog.name,
        version=_TAXONOMY_VERSIONS[catalog.framework],
        information_uri=catalog.uri,
        short_description=om.MultiformatMessageString(text=catalog.name),
        taxa=[
            om.ReportingDescriptor(
                id=control.id,
                short_description=om.MultiformatMessageString(text=control.title),
                help_uri=control.uri or None,
            )
            for control in catalog.controls
        ],
    )


def _relationships(rule: Rule) -> list[om.ReportingDescriptorRelationship]:
    related = []
    for component, catalog in enumerate(CATALOGS):
        positions = {control.id: i for i, control in enumerate(catalog.controls)}
        for control_id in mapped_ids(rule.frameworks, catalog.framework):
            if control_id not in positions:
                continue
            related.append(
                om.ReportingDescriptorRelationship(
                    target=om.ReportingDescriptorReference(
                        id=control_id,
                        index=positions[control_id],
                        tool_component=om.ToolComponentReference(
                            name=catalog.name, index=component
                        ),
                    ),
                    kinds=["relevant"],
                )
            )
    return related


def _descriptor(rule: Rule) -> om.ReportingDescriptor:
    return om.ReportingDescriptor(
        relationships=_relationships(rule),
        id=rule.id,
        name=rule.name,
        short_description=om.MultiformatMessageString(text=rule.title),
        full_description=om.MultiformatMessageString(text=rule.description),
        help=om.MultiformatMessageString(
            text=ruledoc.render_text(rule), markdown=ruledoc.render_markdown(rule, complete=False)
        ),
        help_uri=ruledoc.help_uri(rule),
        default_configuration=om.ReportingConfiguration(level=_LEVELS[rule.level]),
        properties={
            "tags": _tags(rule),
            "precision": rule.precision,
            "security-severity": f"{rule.severity:.1f}",
        },
    )


def _notification_descriptor(kind: NotificationKind) -> om.ReportingDescriptor:
    level, status, meaning = _NOTIFICATIONS[kind]
    return om.ReportingDescriptor(
        id=kind.value,
        name="File" + "".join(part.capitalize() for part in kind.value.split("-")),
        short_description=om.MultiformatMessageString(text=f"File {status}"),
        full_description=om.MultiformatMessageString(text=meaning),
        help=om.MultiformatMessageString(text=meaning),
        default_configuration=om.ReportingConfiguration(level=level),
    )


def _uri(path: str) -> str:
    """A repo-relative path as an RFC 3986 relative reference (`a b#1.py` -> `a%20b%231.py`)."""
    return quote(PurePosixPath(path).as_posix(), safe="/")


def _is_relative(path: str) -> bool:
    posix = PurePosixPath(path)
    return bool(path) and not posix.is_absolute() and ".." not in posix.parts


def _artifact(path: str) -> om.ArtifactLocation:
    if _is_relative(path):
        return om.ArtifactLocation(uri=_uri(path), uri_base_id=SRCROOT)
    if PurePosixPath(path).is_absolute():
        return om.ArtifactLocation(uri=Path(path).as_uri())
    return om.ArtifactLocation(uri=_uri(path))


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
            artifact_location=_artifact(path), region=_region(location)
        )
    )


def _primary(finding: Finding) -> om.Location:
    """The finding's span, and around it its (masked) source line as context.

    The engine's snippet is the whole first line of the finding, stripped and
    with secrets masked, so it is the text of the line (`contextRegion`), not
    of the span (`region.snippet`). A span over several lines gets no snippet.
    """
    location = _physical(finding.path, finding.location)
    start = finding.location
    if finding.snippet and start.end_line in (0, start.line):
        location.physical_location.context_region = om.Region(
            start_line=start.line, snippet=om.ArtifactContent(text=visible(finding.snippet))
        )
    return location


def _related(index: int, related: Related) -> om.Location:
    location = _physical(related.path, related.location)
    location.id = index
    location.message = om.Message(text=sarif_message(related.message))
    return location


def _result(finding: Finding, index: dict[str, int], result: ScanResult) -> om.Result:
    sarif = om.Result(
        rule_id=finding.rule_id,
        rule_index=index[finding.rule_id],
        level=_LEVELS[result.level(finding)],
        message=om.Message(text=sarif_message(finding.message)),
        locations=[_primary(finding)],
        partial_fingerprints={FINGERPRINT_KEY: finding.fingerprint},
        baseline_state=result.change(finding) or None,
    )
    properties: dict[str, Any] = {}
    if finding.related:
        shown = finding.related[:MAX_RELATED]
        sarif.related_locations = [_related(i, r) for i, r in enumerate(shown)]
        if len(finding.related) > len(shown):
            properties["relatedLocationsOmitted"] = len(finding.related) - len(shown)
    if finding.suppression is not None:
        # SARIF 2.1.0 names it `status`; sarif-om only knows a draft's `state`.
        sarif.suppressions = [
            {
                "kind": "inSource" if finding.suppression.kind == "inline" else "external",
                "status": "accepted",
                "justification": visible(finding.suppression.reason),
            }
        ]
    if finding.evidence is not None:
        properties["evidence"] = {
            "masked": finding.evidence.masked,
            "length": finding.evidence.length,
        }
    if finding.commit is not None:
        properties["commit"] = finding.commit.sha
        properties["authorDate"] = finding.commit.author_date
    if finding.adjustment is not None:
        properties["security-severity"] = f"{finding.adjustment.score:.1f}"
        properties["adjustment"] = visible(finding.adjustment.reason)
    if properties:
        sarif.properties = properties
    return sarif


def _notification(note: Notification) -> om.Notification:
    level, status, _ = _NOTIFICATIONS[note.kind]
    text = f"{note.path}: {status}" + (f" ({note.detail})" if note.detail else "") + "."
    location = om.Location(
        physical_location=om.PhysicalLocation(artifact_location=_artifact(note.path))
    )
    if note.line > 0:
        location.physical_location.region = om.Region(start_line=note.line)
    return om.Notification(
        message=om.Message(text=sarif_message(text)),
        level=level,
        descriptor=om.ReportingDescriptorReference(
            id=note.kind.value, index=_NOTIFICATION_INDEX[note.kind]
        ),
        locations=[location],
    )


def _within_limit(result: ScanResult, limit: int) -> tuple[list[Finding], list[om.Notification]]:
    """At most `limit` findings, the most severe first kept, and a notification of the rest."""
    findings = list(result.findings)
    if len(findings) <= limit:
        return findings, []
    kept = sorted(findings, key=lambda f: (-result.score(f), f.sort_key()))[:limit]
    text = (
        f"{len(findings) - limit} of {len(findings)} results left out: GitHub accepts "
        f"{limit} per run; the most severe were kept. Use --format json for all of them."
    )
    note = om.Notification(message=om.Message(text=text), level="warning")
    return sorted(kept, key=Finding.sort_key), [note]


def _utc(moment: str) -> str | None:
    """An ISO 8601 time as SARIF writes it (UTC, `Z`); None when it is not one."""
    try:
        parsed = datetime.fromisoformat(moment)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return None
    return parsed.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _invocation(result: ScanResult, overflow: list[om.Notification]) -> om.Invocation:
    """The run of the tool: when, with what exit code, and what it could not analyse."""
    invocation = om.Invocation(
        execution_successful=True,
        start_time_utc=_utc(result.started_at),
        tool_execution_notifications=[*(_notification(n) for n in result.notifications), *overflow],
    )
    if result.audit is not None:
        invocation.end_time_utc = _utc(result.audit.finished_at)
        invocation.exit_code = result.audit.exit_code
    return invocation


def to_sarif(result: ScanResult, max_results: int = MAX_RESULTS) -> dict[str, Any]:
    index = {rule.id: i for i, rule in enumerate(result.rules)}
    findings, overflow = _within_limit(result, max_results)
    run = om.Run(
        tool=om.Tool(
            driver=om.ToolComponent(
                name="nhiguard",
                version=result.version,
                semantic_version=result.version,
                information_uri=INFORMATION_URI,
                rules=[_descriptor(rule) for rule in result.rules],
                notifications=[_notification_descriptor(kind) for kind in _NOTIFICATIONS],
                supported_taxonomies=[
                    om.ToolComponentReference(name=c.name, index=i) for i, c in enumerate(CATALOGS)
                ],
            )
        ),
        taxonomies=[_taxonomy(c) for c in CATALOGS],
        automation_details=om.RunAutomationDetails(id="nhiguard/"),
        original_uri_base_ids={
            SRCROOT: om.ArtifactLocation(
                description=om.Message(text="The root of the scanned repository.")
            )
        },
        invocations=[_invocation(result, overflow)],
        results=[_result(f, index, result) for f in findings],
        column_kind="unicodeCodePoints",
        properties={"controls": coverage.summary(result)},
    )
    if result.comparison is not None:
        # Fixed findings are counted here, not written as `absent` results: code
        # scanning would open an alert for each.
        run.properties["comparison"] = comparison_document(result)
    if result.audit is not None:
        run.properties["audit"] = audit_document(result.audit)
        git = result.audit.provenance
        if git is not None and git.repository:  # SARIF requires the repository's URI
            run.version_control_provenance = [
                om.VersionControlDetails(
                    repository_uri=git.repository,
                    revision_id=git.commit,
                    branch=git.branch or None,
                    mapped_to=om.ArtifactLocation(uri_base_id=SRCROOT),
                )
            ]
    log = om.SarifLog(version="2.1.0", schema_uri=SCHEMA_URI, runs=[run])
    document: dict[str, Any] = _to_json(log)
    return document


def render_sarif(result: ScanResult) -> str:
    return json_document(json.dumps(to_sarif(result), indent=2, ensure_ascii=False)) + "\n"


def _to_json(value: Any) -> Any:
    """sarif-om objects as SARIF JSON, without unset values and schema defaults.

    `level` is always written: where it is absent SARIF falls back to the
    rule's or notification's default configuration, not to the schema default.
    """
    if attr.has(type(value)):
        out = {}
        for field in attr.fields(type(value)):
            item = getattr(value, field.name)
            if item is None or (field.name != "level" and item == _default(field)):
                continue
            out[field.metadata.get("schema_property_name", field.name)] = _to_json(item)
        return out
    if isinstance(value, dict):
        return {key: _to_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_json(item) for item in value]
    return value


def _default(field: Any) -> Any:
    default = field.default
    if isinstance(default, attr.Factory):  # type: ignore[arg-type]
        return default.factory()
    return default
