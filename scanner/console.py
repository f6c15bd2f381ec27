"""What a scan says on stderr besides its report: a progress bar, and a summary when -o is used.

A CI log shows stderr: with the report written to a file, one line there
says whether the gate failed and why (findings per rule, files not read in full),
so nobody has to download the artifact to learn it. The bar is drawn only
on a terminal, and only for scans long enough to need one; in a CI log it
would be noise.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any

import click

from scanner.model import Level, ScanResult

PROGRESS_MIN_FILES = 500  # fewer files take a second or two: no bar needed


def summary(result: ScanResult, output: str) -> str:
    """One line: findings by level and by rule, suppressed, files not read in full, where the report is."""
    active = result.active
    levels = Counter(result.level(f) for f in active)
    by_level = ", ".join(f"{levels[level]} {level.value}" for level in Level if levels[level])
    by_rule = ", ".join(
        f"{rule} {n}" for rule, n in sorted(Counter(f.rule_id for f in active).items())
    )
    parts = [f"{len(active)} findings" + (f" ({by_level}; {by_rule})" if active else "")]
    parts.append(f"{len(result.suppressed)} suppressed")
    unscanned = sum(1 for n in result.notifications if n.unscanned)
    partly = sum(1 for n in result.notifications if not n.unscanned and not n.about_acceptance)
    ignores = sum(1 for n in result.notifications if n.about_ignore)
    if unscanned:
        parts.append(f"{unscanned} files not read in full")
    if partly:
        parts.append(f"{partly} files not fully analysed")
    if ignores:
        parts.append(f"{ignores} ignore comments that do nothing")
    return f"nhiguard: {result.files_scanned} files: {', '.join(parts)}; report in {output}"


class Progress(AbstractContextManager["Progress"]):
    """A bar on stderr counting files analysed, drawn only when `start` judges it worth it."""

    def __init__(self, enabled: bool) -> None:
        self._enabled = enabled
        self._bar: Any = None

    def start(self, files: Sequence[object]) -> None:
        if self._enabled and len(files) >= PROGRESS_MIN_FILES and sys.stderr.isatty():
            self._bar = click.progressbar(
                length=len(files), label="scanning", file=sys.stderr, show_pos=True
            )
            self._bar.__enter__()

    def advance(self, files: int) -> None:
        if self._bar is not None:
            self._bar.update(files)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, error, trace)
            self._bar = None


_EXIT_MEANING = {
    0: "the gate passed",
    1: "findings (or files not analysed) at the gate",
    2: "nhiguard failed: see the job log",
}


def markdown_summary(result: ScanResult | None, exit_code: int) -> str:
    """A GitHub job summary: counts and findings per rule, in markdown.

    It holds rule ids, rule names and numbers only, nothing from the scanned
    tree (no path, no snippet), so nothing in it needs escaping or masking.
    """
    meaning = _EXIT_MEANING.get(exit_code, "unexpected exit code")
    if result is None:
        return f"### nhiguard\n\nNo result was written (exit code {exit_code}: {meaning}).\n"
    active = result.active
    levels = Counter(result.level(f) for f in active)
    by_level = ", ".join(f"{levels[level]} {level.value}" for level in Level if levels[level])
    lines = [
        f"### nhiguard: {len(active)} findings" + (f" ({by_level})" if active else ""),
        "",
        f"Exit code {exit_code}: {meaning}.",
        "",
    ]
    per_rule = Counter(f.rule_id for f in active)
    if per_rule:
        lines += ["| rule | name | level | findings |", "|---|---|---|---|"]
        for rule_id, count in sorted(per_rule.items()):
            rule = result.rule(rule_id)
            lines.append(f"| {rule.id} | {rule.name} | {rule.level.value} | {count} |")
        lines.append("")
    unscanned = sum(1 for n in result.notifications if n.unscanned)
    partly = sum(1 for n in result.notifications if not n.unscanned and not n.about_acceptance)
    ignores = sum(1 for n in result.notifications if n.about_ignore)
    lines.append(
        f"{result.files_scanned} files scanned in {result.duration_seconds:.2f}s; "
        f"{len(result.suppressed)} suppressed; {unscanned} files not read in full (too large or "
        f"unreadable); {partly} files not fully analysed; {ignores} ignore comments that do nothing."
    )
    return "\n".join(lines) + "\n"
