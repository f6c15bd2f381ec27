"""Helpers for the gateway and cross-file tests: files scanned by the real engine."""

from __future__ import annotations

from pathlib import Path

from scanner import catalog
from scanner.configuration import Config
from scanner.engine import scan, scan_text
from scanner.model import ScanResult

RULES = catalog.load()


def reported(
    path: str, text: str, **parameters: dict[str, object]
) -> set[tuple[str, int, str | None]]:
    """Every finding of every rule, with no file left unanalysed."""
    outcome = scan_text(path, text, Config(rule_parameters=parameters), RULES)
    assert not outcome.notifications, outcome.notifications
    return {
        (f.rule_id, f.location.line, f.evidence.masked if f.evidence else None)
        for f in outcome.findings
    }


def scan_written(files: dict[str, str], root: Path) -> ScanResult:
    """A scan of `files` (relpath -> text) written under `root`, every rule on."""
    for relpath, text in files.items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(text)
    return scan([root], Config(), RULES, jobs=1)


def scanned(files: dict[str, str], root: Path) -> set[tuple[str, str, int]]:
    """(path, rule, line) of every finding of a scan of `files` written under `root`."""
    result = scan_written(files, root)
    assert not result.notifications, result.notifications
    return {(f.path, f.rule_id, f.location.line) for f in result.findings}


def messages(path: str, text: str) -> dict[tuple[str, int], str]:
    outcome = scan_text(path, text, Config(), RULES)
    return {(f.rule_id, f.location.line): f.message for f in outcome.findings}
