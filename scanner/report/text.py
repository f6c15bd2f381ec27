"""Plain text for a terminal or a CI log: grouped by file, most severe first.

Each finding is one line and its masked snippet; how to fix a rule is said
once, in a short section at the end, however many findings the rule has.
Files skipped because they hold no text (binaries) are counted, not listed:
they are not files the scan failed on.

Every piece of scanned text (paths, messages, snippets) goes through
`escape.visible`: a newline in a file name must not start a CI log line.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from itertools import groupby

import click

from scanner.escape import visible
from scanner.model import Level, NotificationKind, ScanResult

_COLORS = {Level.CRITICAL: "magenta", Level.HIGH: "red", Level.MEDIUM: "yellow", Level.LOW: "cyan"}
WIDTH = 100


def counted(count: int, noun: str) -> str:
    """`1 file`, `2 files`: a count and its noun in the right number."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _do(count: int) -> str:
    return "does" if count == 1 else "do"


def render_text(result: ScanResult, color: bool = False) -> str:
    def paint(text: str, **style: object) -> str:
        return click.style(text, **style) if color else text  # type: ignore[arg-type]

    out: list[str] = []
    active = result.active
    for path, group in groupby(active, key=lambda f: f.path):
        out.append(paint(visible(path), bold=True, underline=True))
        for finding in group:
            rule = result.rule(finding.rule_id)
            level = result.level(finding)
            where = f"{finding.location.line}:{finding.location.column}"
            tag = paint(f"{level.value.upper():8}", fg=_COLORS[level], bold=True)
            message = visible(finding.message)
            change = f"[{result.change(finding)}] " if result.comparison else ""
            out.append(f"  {where:>8}  {tag} {change}{rule.id} {rule.name}: {message}")
            if finding.snippet:
                out.append(f"            {paint(visible(finding.snippet), dim=True)}")
            if finding.commit is not None:
                commit = finding.commit
                out.append(f"            introduced in {commit.sha[:12]} ({commit.author_date})")
        out.append("")
    per_rule = Counter(f.rule_id for f in active)
    if per_rule:
        out.append(paint("How to fix", bold=True))
        for rule in result.rules:
            if per_rule[rule.id]:
                out.append(f"  {rule.id} {rule.name} ({counted(per_rule[rule.id], 'finding')}):")
                out.extend(
                    textwrap.wrap(
                        rule.remediation, WIDTH, initial_indent="    ", subsequent_indent="    "
                    )
                )
        out.append("")
    out.extend(_summary(result, per_rule))
    return "\n".join(out) + "\n"


def _summary(result: ScanResult, per_rule: Counter[str]) -> list[str]:
    active = result.active
    counts = Counter(result.level(f) for f in active)
    levels = ", ".join(f"{counts[level]} {level.value}" for level in Level)
    ignores = [n for n in result.notifications if n.about_ignore]
    binary = [n for n in result.notifications if n.kind is NotificationKind.BINARY]
    stale = [n for n in result.notifications if n.kind is NotificationKind.STALE_BASELINE]
    noted = [
        n
        for n in result.notifications
        if not n.about_acceptance and n.kind is not NotificationKind.BINARY
    ]
    unscanned = sum(1 for n in noted if n.unscanned)
    out = [
        f"Scanned {counted(result.files_scanned, 'file')} in {result.duration_seconds:.2f}s: "
        f"{counted(len(active), 'finding')} ({levels}), {len(result.suppressed)} suppressed, "
        f"{counted(len(noted), 'file')} not fully analysed"
        + (f" ({unscanned} not read in full: too large or unreadable)" if unscanned else "")
        + (f", {counted(len(binary), 'binary file')} skipped" if binary else "")
        + (
            f", {counted(len(ignores), 'ignore comment')} that {_do(len(ignores))} nothing"
            if ignores
            else ""
        )
        + (
            f", {len(stale)} stale baseline {'entry' if len(stale) == 1 else 'entries'}"
            if stale
            else ""
        )
        + "."
    ]
    if result.comparison is not None:
        changes = Counter(result.change(f) for f in active)
        fixed = result.comparison.fixed
        out.append(
            f"Compared to {visible(result.comparison.previous)}: {changes['new']} new, "
            f"{changes['unchanged']} unchanged, {len(fixed)} fixed."
        )
        for finding in fixed:
            where = f"{visible(finding.path)}:{finding.location.line}"
            out.append(f"  fixed: {where} {finding.rule_id}: {visible(finding.message)}")
    if per_rule:
        ranked = sorted(per_rule.items(), key=lambda item: (-item[1], item[0]))
        out.append("Findings per rule: " + ", ".join(f"{rule} {count}" for rule, count in ranked))
    listed = (("not fully analysed", noted), ("ignore comment", ignores), ("baseline", stale))
    for label, notes in listed:
        for note in notes:
            line = f":{note.line}" if note.line else ""
            detail = f"{note.kind.value}: {visible(note.detail)}"
            out.append(f"  {label}: {visible(note.path)}{line} ({detail})")
    if active:
        first = active[0].rule_id
        out.append(
            f"Explain a rule with `nhiguard explain {first}`; accept a finding with "
            f"`# nhiguard: ignore[{first}] reason` on its line."
        )
    return out
