"""Inline `nhiguard: ignore[ID] reason` comments and per-file ignores from config.

Suppression is decided once, here, for every kind of file: a finding is never
dropped, only marked, so JSON and SARIF can still show what was accepted and why.
A comment may name a rule by id (`JWT001`) or by name (`unverified-jwt-decode`);
one naming no rule, or suppressing nothing, is reported (`unheeded`), since an
ignore that silently does nothing is a gate that silently lets nothing through.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from scanner.discovery import is_excluded
from scanner.masking import mask_reason, shown
from scanner.model import Finding, Notification, NotificationKind, Suppression

MAX_REASON = 200  # characters a report shows of a reason; it is prose, not a document
# Notification kinds of ignore comments that do nothing: they fail the gate with --strict-ignores.
IGNORE_KINDS = tuple(k.value for k in NotificationKind if Notification("", k).about_ignore)

_INLINE = re.compile(
    r"(?:#|//|;|--|<!--)\s*nhiguard:\s*ignore\[(?P<ids>[A-Za-z0-9_,\s-]+)\](?P<reason>[^\n]*)"
)


@dataclass(frozen=True, slots=True)
class Ignore:
    """One inline ignore comment: its file and line, the lines it covers, the rules it names."""

    path: str
    line: int
    covers: tuple[int, ...]  # its own line, and the next one when it stands alone
    names: tuple[str, ...]


def inline(
    lines: Sequence[str], line: int, rule_id: str, secrets: Iterable[str] = (), name: str = ""
) -> Suppression | None:
    """An ignore comment naming the rule on the finding's line, or alone on the line above.

    A comment may name the rule by its id or its `name`, in any case.
    A comment at the end of the line above belongs to that line's code: it
    accepts that line's findings, not the next line's. The reason is copied
    into every report, so it is masked as a snippet is (`secrets` are the
    values the file's findings mark) and cut to `MAX_REASON` characters.
    """
    wanted = {rule_id.lower(), (name or rule_id).lower()}
    for number in (line, line - 1):
        if not 1 <= number <= len(lines):
            continue
        text = lines[number - 1]
        match = _INLINE.search(text)
        if match is None or (number < line and text[: match.start()].strip()):
            continue
        if wanted & {name.lower() for name in _names(match)}:
            reason = match.group("reason").strip().removesuffix("-->").strip()
            shown_reason = mask_reason(reason, secrets, MAX_REASON)
            return Suppression(kind="inline", reason=shown_reason or "no reason given")
    return None


def comments(path: str, text: str, lines: Sequence[str]) -> tuple[Ignore, ...]:
    """Every inline ignore comment of a file, for `unheeded` to judge once the scan is done.

    One quoted in backticks (documentation showing the syntax) is prose, not judged.
    """
    if "nhiguard:" not in text:  # the common case, decided without a line-by-line search
        return ()
    found = []
    for number, line in enumerate(lines, start=1):
        match = _INLINE.search(line)
        if match is None or line[: match.start()].endswith("`"):
            continue
        alone = not line[: match.start()].strip()
        covers = (number, number + 1) if alone else (number,)
        found.append(Ignore(path, number, covers, _names(match)))
    return tuple(found)


def unheeded(
    ignores: Sequence[Ignore],
    findings: Iterable[Finding],
    known: Mapping[str, str],
    enabled: Iterable[str],
) -> list[Notification]:
    """Ignores that name no rule, or name a rule that ran and suppress none of its findings.

    `known` maps every rule id and name, lowercased, to its id. An ignore of
    a rule that did not run (disabled, or not enabled) is not judged: it may
    well be needed where the rule runs. The name is shown masked, as any text
    of the scanned tree is.
    """
    by_line = {(ignore.path, ignore.line): ignore for ignore in ignores}
    used: set[tuple[str, int, str]] = set()
    for finding in findings:
        if finding.suppression is None or finding.suppression.kind != "inline":
            continue
        line = finding.location.line
        for number in (line, line - 1):
            ignore = by_line.get((finding.path, number))
            if ignore is not None and line in ignore.covers:
                ids = {known.get(name.lower()) for name in ignore.names}
                if finding.rule_id in ids:
                    used.add((finding.path, number, finding.rule_id))
                    break
    running = set(enabled)
    notes = []
    for ignore in ignores:
        for name in ignore.names:
            rule_id = known.get(name.lower())
            if rule_id is None:
                notes.append(
                    Notification(
                        ignore.path,
                        NotificationKind.UNKNOWN_IGNORE,
                        f"ignore[{shown(name)}] names no rule (`nhiguard rules` lists them)",
                        ignore.line,
                    )
                )
            elif rule_id in running and (ignore.path, ignore.line, rule_id) not in used:
                notes.append(
                    Notification(
                        ignore.path,
                        NotificationKind.UNUSED_IGNORE,
                        f"ignore[{name}] suppresses no finding of {rule_id} here",
                        ignore.line,
                    )
                )
    return notes


def by_config(
    relpath: str, rule_id: str, per_file_ignores: Mapping[str, Sequence[str]]
) -> Suppression | None:
    for glob, ids in per_file_ignores.items():
        if rule_id in ids and is_excluded(relpath, (glob,)):
            return Suppression(kind="config", reason=f"per-file-ignores: {glob}")
    return None


def _names(match: re.Match[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.strip() for p in match.group("ids").split(",") if p.strip()))
