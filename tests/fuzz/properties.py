"""What must hold for any input: positions inside the file, no raw secret, reports render.

Each check raises AssertionError naming the broken property, so a failing
example reads as the property it breaks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from scanner.analyzers.lines import BOM, split_lines
from scanner.model import Finding, Location, Notification, Rule, ScanResult
from scanner.report.html import render_html
from scanner.report.json import render_json
from scanner.report.load import load
from scanner.report.sarif import render_sarif
from scanner.report.text import render_text

# Exceptions a reader or analyzer may raise on hostile input: none. Add one only with a
# strict xfail in tests/test_fuzz_findings.py pinning the input that raises it.
TOLERATED: tuple[type[Exception], ...] = ()


def engine_lines(data: bytes) -> tuple[str, ...]:
    """The file's lines as the engine numbers them (what a finding's line refers to)."""
    return split_lines(data.decode("utf-8", "replace").removeprefix(BOM))


def check_location(where: Location, lines: Sequence[str], what: str) -> None:
    """1-based, inside the file, and the span never runs backwards or past a line's end."""
    assert 1 <= where.line <= len(lines), f"{what}: line {where.line} of {len(lines)}"
    assert 1 <= where.column <= len(lines[where.line - 1]) + 1, f"{what}: column {where}"
    if where.end_line:
        assert where.line <= where.end_line <= len(lines), f"{what}: end line {where}"
        last = lines[where.end_line - 1]
        if where.end_column:
            assert 1 <= where.end_column <= len(last) + 1, f"{what}: end column {where}"
        if where.end_line == where.line and where.end_column:
            assert where.end_column >= where.column, f"{what}: backwards span {where}"


def check_findings(
    findings: Iterable[Finding], notes: Iterable[Notification], lines: Sequence[str]
) -> None:
    for finding in findings:
        check_location(finding.location, lines, finding.rule_id)
        for related in finding.related:
            if related.path == finding.path:
                check_location(related.location, lines, f"{finding.rule_id} related")
    for note in notes:
        assert 0 <= note.line <= len(lines), f"notification {note.kind.value} on line {note.line}"


def check_no_raw_secret(secret: str, findings: Iterable[Finding]) -> None:
    """The secret never shows in a snippet, message, evidence or related note."""
    for finding in findings:
        shown = [finding.snippet, finding.message, *(r.message for r in finding.related)]
        if finding.evidence is not None:
            shown.append(finding.evidence.masked)
        for text in shown:
            assert secret not in text, (
                f"{finding.rule_id} on line {finding.location.line}: {text!r}"
            )


def result_of(
    findings: Sequence[Finding], notes: Sequence[Notification], rules: Sequence[Rule]
) -> ScanResult:
    return ScanResult(
        root="/repo",
        findings=tuple(sorted(findings, key=Finding.sort_key)),
        notifications=tuple(notes),
        files_scanned=1,
        rules=tuple(rules),
        started_at="2026-01-01T00:00:00+00:00",
        duration_seconds=0.0,
        version="0.0.0",
    )


def rendered(result: ScanResult, html: bool = True) -> dict[str, str]:
    """Every report format of the result; the JSON must also load back to the same result."""
    outputs = {
        "text": render_text(result),
        "text-color": render_text(result, color=True),
        "json": render_json(result),
        "sarif": render_sarif(result),
    }
    if html:
        outputs["html"] = render_html(result)
    again = render_json(load(outputs["json"], "fuzz.json", result.rules))
    assert again == outputs["json"], "the JSON report does not load back to itself"
    return outputs
