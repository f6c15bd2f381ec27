"""Annotated gateway cases: the (line, rule id) of every finding, to compare with `# expect:`."""

from __future__ import annotations

from gateway_scan import reported


def found(path: str, text: str) -> set[tuple[int, str]]:
    """(line, rule id) of every finding in the file, scanned by the real engine."""
    return {(line, rule_id) for rule_id, line, _ in reported(path, text)}
