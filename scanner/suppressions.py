"""Inline `nhiguard: ignore[ID] reason` comments and per-file ignores from config.

Suppression is decided once, here, for every kind of file: a finding is never
dropped, only marked, so JSON and SARIF can still show what was accepted and why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from scanner.discovery import is_excluded
from scanner.masking import mask_reason
from scanner.model import Suppression

MAX_REASON = 200  # characters a report shows of a reason; it is prose, not a document

_INLINE = re.compile(
    r"(?:#|//|;|--|<!--)\s*nhiguard:\s*ignore\[(?P<ids>[A-Za-z0-9,\s]+)\](?P<reason>[^\n]*)"
)


def inline(
    lines: Sequence[str], line: int, rule_id: str, secrets: Iterable[str] = ()
) -> Suppression | None:
    """An ignore comment naming `rule_id` on the finding's line, or alone on the line above.

    A comment at the end of the line above belongs to that line's code: it
    accepts that line's findings, not the next line's. The reason is copied
    into every report, so it is masked as a snippet is (`secrets` are the
    values the file's findings mark) and cut to `MAX_REASON` characters.
    """
    for number in (line, line - 1):
        if not 1 <= number <= len(lines):
            continue
        text = lines[number - 1]
        match = _INLINE.search(text)
        if match is None or (number < line and text[: match.start()].strip()):
            continue
        ids = {part.strip().upper() for part in match.group("ids").split(",")}
        if rule_id in ids:
            reason = match.group("reason").strip().removesuffix("-->").strip()
            shown = mask_reason(reason, secrets, MAX_REASON)
            return Suppression(kind="inline", reason=shown or "no reason given")
    return None


def by_config(
    relpath: str, rule_id: str, per_file_ignores: Mapping[str, Sequence[str]]
) -> Suppression | None:
    for glob, ids in per_file_ignores.items():
        if rule_id in ids and is_excluded(relpath, (glob,)):
            return Suppression(kind="config", reason=f"per-file-ignores: {glob}")
    return None
