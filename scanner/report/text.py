"""Plain text for a terminal or a CI log: grouped by file, most severe first.

Every piece of scanned text (paths, messages, snippets) goes through
`escape.visible`: a newline in a file name must not start a CI log line.
"""

from __future__ import annotations

from collections import Counter
from itertools import groupby

import click

from scanner.escape import visible
from scanner.model import Level, ScanResult

_COLORS = {Level.CRITICAL: "magenta", Level.HIGH: "red", Level.MEDIUM: "yellow", Level.LOW: "cyan"}


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
            out.append(f"  {where:>8}  {tag} {rule.id} {rule.name}: {message}")
            if finding.snippet:
                out.append(f"            {paint(visible(finding.snippet), dim=True)}")
            if finding.commit is not None:
                commit = finding.commit
                out.append(f"            introduced in {commit.sha[:12]} ({commit.author_date})")
            out.append(f"            fix: {_first_sentence(rule.remediation)}")
        out.append("")
    counts = Counter(result.level(f) for f in active)
    summary = ", ".join(f"{counts[level]} {level.value}" for level in Level)
    skipped = [n for n in result.notifications if not n.about_ignore]
    ignores = [n for n in result.notifications if n.about_ignore]
    unscanned = sum(1 for n in skipped if n.unscanned)
    out.append(
        f"Scanned {result.files_scanned} files in {result.duration_seconds:.2f}s: "
        f"{len(active)} findings ({summary}), {len(result.suppressed)} suppressed, "
        f"{len(skipped)} files not fully analysed"
        + (f" ({unscanned} not read in full: too large or unreadable)" if unscanned else "")
        + (f", {len(ignores)} ignore comments that do nothing" if ignores else "")
        + "."
    )
    for label, notes in (("not fully analysed", skipped), ("ignore comment", ignores)):
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
    return "\n".join(out) + "\n"


def _first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + ("." if dot else "")
