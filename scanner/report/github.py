"""GitHub Actions workflow commands: one annotation per unsuppressed finding.

Printed by a step (`nhiguard scan --format github`), each line becomes an
annotation on the file and line in the pull request's diff, without a SARIF
upload. A file not fully analysed is a warning on that file (binaries, which
hold nothing nhiguard reads, are left out). The runner decodes `%25`, `%0D`, `%0A` in the message and also
`%3A`, `%2C` in properties, and a raw newline would end the command and let
the next line be read as another one: scanned text is encoded for that
(`escape.workflow_data`, `escape.workflow_property`).
"""

from __future__ import annotations

from scanner.escape import workflow_data, workflow_property
from scanner.model import Level, NotificationKind, ScanResult
from scanner.report.notes import described

_COMMAND = {
    Level.CRITICAL: "error",
    Level.HIGH: "error",
    Level.MEDIUM: "warning",
    Level.LOW: "notice",
}


def render_github(result: ScanResult) -> str:
    lines = []
    for finding in result.active:
        rule = result.rule(finding.rule_id)
        level = result.level(finding)
        start = finding.location
        properties = {
            "file": finding.path,
            "line": str(start.line),
            "col": str(start.column),
            "endLine": str(start.end_line or start.line),
            "title": f"{rule.id} {rule.name} ({level.value}"
            + (f", {result.change(finding)})" if result.comparison else ")"),
        }
        joined = ",".join(f"{key}={workflow_property(value)}" for key, value in properties.items())
        lines.append(f"::{_COMMAND[level]} {joined}::{workflow_data(finding.message)}")
    for note in result.notifications:
        if note.kind is NotificationKind.BINARY:
            continue  # not a file of the kinds nhiguard reads: nothing was missed
        where = f"file={workflow_property(note.path)}" + (f",line={note.line}" if note.line else "")
        lines.append(f"::warning {where},title=nhiguard::{workflow_data(described(note))}")
    return "".join(line + "\n" for line in lines)
