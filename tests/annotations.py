"""The `# expect: ID` / `# ok: ID reason` grammar shared by rule examples and fixtures.

An `expect` comment names the rules reported on the next line that is not
itself an annotation; `ok` marks a deliberate negative: the rules it names
must not be reported on that line.
"""

from __future__ import annotations

import re

_ANNOTATION = re.compile(
    r"(?:#|//)\s*(?P<verb>expect|ok):\s*(?P<ids>[A-Z][A-Z0-9]*?\d{3}(?:\s*,\s*[A-Z][A-Z0-9]*?\d{3})*)"
)


def _is_annotation(line: str) -> bool:
    return bool(_ANNOTATION.search(line)) and line.strip()[0] in "#/"


def _annotated(text: str, verb: str) -> set[tuple[int, str]]:
    """(line, rule id) pairs named by every `verb` comment, aimed at its target line."""
    lines = text.splitlines()
    pairs: set[tuple[int, str]] = set()
    for index, line in enumerate(lines):
        match = _ANNOTATION.search(line)
        if match is None or match.group("verb") != verb or line.strip()[0] not in "#/":
            continue
        target = index + 1
        while target < len(lines) and _is_annotation(lines[target]):
            target += 1
        for rule_id in re.split(r"\s*,\s*", match.group("ids")):
            pairs.add((target + 1, rule_id))
    return pairs


def expected(text: str) -> set[tuple[int, str]]:
    """(line, rule id) pairs the annotations in `text` ask for."""
    return _annotated(text, "expect")


def deliberate_negatives(text: str) -> set[tuple[int, str]]:
    """(line, rule id) pairs that `# ok: ID reason` comments say must stay silent."""
    return _annotated(text, "ok")
