"""GitLab security reports: secret detection and SAST, schema version 15.2.1.

GitLab's security dashboard and merge-request widget read
`artifacts:reports:secret_detection` and `artifacts:reports:sast`. A finding
that carries masked evidence is a leaked secret and goes to the secret
detection report; every other finding goes to the SAST report, so a pipeline
that publishes both shows each finding once. Suppressed findings are left
out: they were accepted in the repository.

GitLab matches a vulnerability across pipelines by its first identifier and
location, and keys it by `id`: the id is a UUID derived from the finding's
fingerprint, so it stays when lines move. Description and solution are
rendered as Markdown there, so scanned text in them is escaped
(`escape.markdown_text`); the schema's `raw_source_code_extract` is never
written (it would be the unmasked line).
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from typing import Any

from scanner import ruledoc
from scanner.escape import json_document, markdown_text, visible
from scanner.frameworks import cwe_uri
from scanner.model import Finding, Level, ScanResult
from scanner.report.notes import described

SCHEMA_VERSION = "15.2.1"
SCHEMA_URI = (
    "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/"
    f"v{SCHEMA_VERSION}/dist/{{kind}}-report-format.json"
)
_NAMESPACE = uuid.UUID("6f1c1a4e-3a55-4e0b-9d8e-6e68f5b1f2a7")  # nhiguard's, for uuid5 ids
_SEVERITY = {
    Level.CRITICAL: "Critical",
    Level.HIGH: "High",
    Level.MEDIUM: "Medium",
    Level.LOW: "Low",
}
NO_COMMIT = "0000000"  # what GitLab's own analyzers write when the scan is not of a commit


def is_secret(finding: Finding) -> bool:
    """A finding about a secret value: it carries the value's masked evidence."""
    return finding.evidence is not None


def _time(moment: str) -> str:
    """`yyyy-mm-ddThh:mm:ss` in UTC, the only form the schema accepts."""
    try:
        parsed = datetime.fromisoformat(moment)
    except ValueError:
        parsed = datetime.fromtimestamp(0, timezone.utc)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc)
    return parsed.strftime("%Y-%m-%dT%H:%M:%S")


def _vulnerability(result: ScanResult, finding: Finding, secrets: bool) -> dict[str, Any]:
    rule = result.rule(finding.rule_id)
    identifiers = [
        {
            "type": "nhiguard_rule_id",
            "name": f"nhiguard {rule.id} {rule.name}",
            "value": rule.id,
            "url": ruledoc.help_uri(rule),
        },
        *(
            {"type": "cwe", "name": f"CWE-{c}", "value": str(c), "url": cwe_uri(c)}
            for c in rule.frameworks.cwe
        ),
    ]
    location: dict[str, Any] = {
        "file": finding.path,
        "start_line": finding.location.line,
        "end_line": finding.location.end_line or finding.location.line,
    }
    if secrets:
        git = result.audit.provenance if result.audit is not None else None
        if finding.commit is not None:  # a history finding: the commit that introduced it
            location["commit"] = {"sha": finding.commit.sha}
        else:
            location["commit"] = {"sha": git.commit if git is not None else NO_COMMIT}
    description = f"{markdown_text(finding.message)}\n\n{rule.description}"
    if finding.evidence is not None:
        evidence = finding.evidence
        description += f"\n\nEvidence (masked, {evidence.length} characters): `{evidence.masked}`"
    details = {}
    if result.comparison is not None:
        details["nhiguard_change"] = {
            "name": visible(f"Compared to {result.comparison.previous}"),
            "type": "text",
            "value": result.change(finding),
        }
    return {
        **({"details": details} if details else {}),
        "id": str(uuid.uuid5(_NAMESPACE, finding.fingerprint)),
        "name": rule.title[:255],
        "description": description,
        "severity": _SEVERITY[result.level(finding)],
        "solution": rule.remediation[:7000],
        "identifiers": identifiers,
        "links": [
            {"url": url} for url in rule.references if url.startswith(("http://", "https://"))
        ],
        "location": location,
    }


def to_gitlab(result: ScanResult, secrets: bool) -> dict[str, Any]:
    kind = "secret-detection" if secrets else "sast"
    tool = {
        "id": "nhiguard",
        "name": "nhiguard",
        "version": result.version,
        "vendor": {"name": "nhiguard"},
        "url": "https://github.com/nhiguard/nhiguard",
    }
    finished = result.audit.finished_at if result.audit is not None else result.started_at
    return {
        "version": SCHEMA_VERSION,
        "schema": SCHEMA_URI.format(kind=kind),
        "scan": {
            "analyzer": tool,
            "scanner": tool,
            "type": "secret_detection" if secrets else "sast",
            "start_time": _time(result.started_at),
            "end_time": _time(finished),
            "status": "success",
            "messages": [
                {"level": "warn", "value": visible(f"{n.path}: {described(n)}")}
                for n in result.notifications
            ],
        },
        "vulnerabilities": [
            _vulnerability(result, f, secrets) for f in result.active if is_secret(f) == secrets
        ],
    }


def render_gitlab_secrets(result: ScanResult) -> str:
    return json_document(json.dumps(to_gitlab(result, True), indent=2, ensure_ascii=False)) + "\n"


def render_gitlab_sast(result: ScanResult) -> str:
    return json_document(json.dumps(to_gitlab(result, False), indent=2, ensure_ascii=False)) + "\n"
