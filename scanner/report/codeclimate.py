"""GitLab Code Quality: the Code Climate issue format, as GitLab's MR widget reads it.

`artifacts:reports:codequality` takes a JSON array of Code Climate issues;
GitLab needs `description`, `check_name`, `fingerprint`, `severity` and
`location.path` with `location.lines.begin`, and matches an issue across
pipelines by its fingerprint (the engine's, which has no line number in it).
Descriptions are plain text there, made visible like every other channel.
Suppressed findings are left out; a file not fully analysed is an `info`
issue of check `nhiguard/<kind>` (binaries, which hold nothing nhiguard
reads, are left out).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from scanner.escape import json_document, visible
from scanner.model import Level, NotificationKind, ScanResult
from scanner.report.notes import described

_SEVERITY = {
    Level.CRITICAL: "blocker",
    Level.HIGH: "critical",
    Level.MEDIUM: "major",
    Level.LOW: "minor",
}


def to_codeclimate(result: ScanResult) -> list[dict[str, Any]]:
    issues = []
    for finding in result.active:
        rule = result.rule(finding.rule_id)
        issues.append(
            {
                "type": "issue",
                "engine_name": "nhiguard",
                "check_name": rule.id,
                "description": visible(
                    (f"[{result.change(finding)}] " if result.comparison else "")
                    + f"{rule.id} {rule.name}: {finding.message}"
                ),
                "content": {"body": rule.remediation},
                "categories": ["Security"],
                "severity": _SEVERITY[result.level(finding)],
                "fingerprint": finding.fingerprint,
                "location": {
                    "path": finding.path,
                    "lines": {
                        "begin": finding.location.line,
                        "end": finding.location.end_line or finding.location.line,
                    },
                },
            }
        )
    for note in result.notifications:
        if note.kind is NotificationKind.BINARY:
            continue  # holds nothing nhiguard reads: nothing was missed
        issues.append(
            {
                "type": "issue",
                "engine_name": "nhiguard",
                "check_name": f"nhiguard/{note.kind.value}",
                "description": visible(f"nhiguard: {described(note)}"),
                "categories": ["Bug Risk"],
                "severity": "info",
                # The detail tells apart two notes of a kind on one file (two unused ignores).
                "fingerprint": hashlib.sha256(
                    f"{note.kind.value}\0{note.path}\0{note.detail}".encode(
                        "utf-8", "surrogateescape"
                    )
                ).hexdigest()[:32],
                "location": {"path": note.path, "lines": {"begin": max(note.line, 1)}},
            }
        )
    return issues


def render_codeclimate(result: ScanResult) -> str:
    return json_document(json.dumps(to_codeclimate(result), indent=2, ensure_ascii=False)) + "\n"
