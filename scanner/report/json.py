"""The JSON result: a versioned, documented schema with stable ordering.

`schema_version` changes its major number when a field is removed or changes
meaning; new fields only raise the minor number. See docs/json-schema.md.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from scanner import coverage
from scanner.escape import json_document
from scanner.model import Audit, Finding, Level, Location, NotificationKind, ScanResult

SCHEMA_VERSION = "1.1"


def _location(location: Location) -> dict[str, int]:
    return {
        "line": location.line,
        "column": location.column,
        "end_line": location.end_line or location.line,
        "end_column": location.end_column,
    }


def _finding(result: ScanResult, finding: Finding) -> dict[str, Any]:
    rule = result.rule(finding.rule_id)
    return {
        "rule_id": rule.id,
        "rule_name": rule.name,
        "level": result.level(finding).value,
        "score": result.score(finding),
        "path": finding.path,
        **_location(finding.location),
        "message": finding.message,
        "snippet": finding.snippet,
        "context": [{"line": number, "text": text} for number, text in finding.context],
        "fingerprint": finding.fingerprint,
        "change": result.change(finding) or None,
        "evidence": None
        if finding.evidence is None
        else {
            "masked": finding.evidence.masked,
            "length": finding.evidence.length,
            "digest": finding.evidence.digest or None,
        },
        "related": [
            {"path": r.path, **_location(r.location), "message": r.message} for r in finding.related
        ],
        "adjustment": None
        if finding.adjustment is None
        else {"score": finding.adjustment.score, "reason": finding.adjustment.reason},
        "suppression": None
        if finding.suppression is None
        else {"kind": finding.suppression.kind, "reason": finding.suppression.reason},
        **(
            {}
            if finding.commit is None
            else {"commit": {"sha": finding.commit.sha, "author_date": finding.commit.author_date}}
        ),
        "frameworks": {
            "owasp_nhi": list(rule.frameworks.owasp_nhi),
            "nist_csf": list(rule.frameworks.nist_csf),
            "cwe": [f"CWE-{c}" for c in rule.frameworks.cwe],
        },
    }


def audit_document(audit: Audit) -> dict[str, Any]:
    """The audit record as JSON; SARIF states the same facts under its own names."""
    settings = audit.settings
    changed: dict[str, dict[str, Any]] = {}
    for rule_id, name, value in settings.changed_parameters:
        changed.setdefault(rule_id, {})[name] = list(value) if isinstance(value, tuple) else value
    git = audit.provenance
    return {
        "requested_paths": list(audit.requested),
        "rule_catalog": audit.catalog,
        "git": None
        if git is None
        else {
            "commit": git.commit,
            "branch": git.branch,
            "dirty": git.dirty,
            "repository": git.repository,
        },
        "configuration": {
            "source": settings.source,
            "exclude": list(settings.exclude),
            "disabled_rules": list(settings.disabled_rules),
            "changed_parameters": changed,
            "fail_on_incomplete": list(settings.fail_on_incomplete),
            "inline_ignores": settings.inline_ignores,
            "max_file_size": settings.max_file_size,
            "baseline": settings.baseline,
        },
        "gate": {"fail_on": settings.fail_on, "result": audit.gate, "exit_code": audit.exit_code},
        "finished_at": audit.finished_at,
    }


def comparison_document(result: ScanResult) -> dict[str, Any] | None:
    """Counts against the compared scan, and the findings it had that this one has not."""
    if result.comparison is None:
        return None
    changes = Counter(result.change(f) for f in result.active)
    return {
        "compared_to": result.comparison.previous,
        "new": changes["new"],
        "unchanged": changes["unchanged"],
        "fixed": [
            {
                "rule_id": f.rule_id,
                "path": f.path,
                "line": f.location.line,
                "message": f.message,
                "fingerprint": f.fingerprint,
            }
            for f in result.comparison.fixed
        ],
    }


def to_document(result: ScanResult) -> dict[str, Any]:
    counts = Counter(result.level(f).value for f in result.active)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "nhiguard", "version": result.version},
        "scan": {
            "root": result.root,
            "started_at": result.started_at,
            "duration_seconds": result.duration_seconds,
            "files_scanned": result.files_scanned,
            "rules": [r.id for r in result.rules],
            "inputs": None
            if result.inputs is None
            else {kind.value: count for kind, count in result.inputs.items()},
            **({"revision": result.revision} if result.revision else {}),
        },
        "summary": {
            "findings": len(result.active),
            "suppressed": len(result.suppressed),
            "by_level": {level.value: counts[level.value] for level in Level},
            "files_not_fully_analysed": sum(
                1 for n in result.notifications if not n.about_acceptance
            ),
            "files_unscanned": sum(1 for n in result.notifications if n.unscanned),
            "ignores_unheeded": sum(1 for n in result.notifications if n.about_ignore),
            "files_skipped": sum(1 for n in result.notifications if n.skipped),
            "files_unreadable": sum(
                1 for n in result.notifications if n.kind is NotificationKind.UNREADABLE
            ),
            "controls": coverage.summary(result),
        },
        "audit": None if result.audit is None else audit_document(result.audit),
        "comparison": comparison_document(result),
        "findings": [_finding(result, f) for f in result.findings],
        "notifications": [
            {"path": n.path, "kind": n.kind.value, "detail": n.detail, "line": n.line}
            for n in result.notifications
        ],
    }


def render_json(result: ScanResult) -> str:
    """The document as UTF-8 JSON, with control and bidi characters as `\\u` escapes."""
    return json_document(json.dumps(to_document(result), indent=2, ensure_ascii=False)) + "\n"
