"""The `# expect: ID` / `# ok: ID reason` grammar shared by rule examples and fixtures.

An `expect` comment names the rules reported on the next line that is not
itself an annotation; `ok` marks a deliberate negative and expects nothing.
"""

from __future__ import annotations

import re

_ANNOTATION = re.compile(
    r"(?:#|//)\s*(?P<verb>expect|ok):\s*(?P<ids>[A-Z]+\d{3}(?:\s*,\s*[A-Z]+\d{3})*)"
)


def expected(text: str) -> set[tuple[int, str]]:
    """(line, rule id) pairs the annotations in `text` ask for."""
    lines = text.splitlines()
    wanted: set[tuple[int, str]] = set()
    for index, line in enumerate(lines):
        match = _ANNOTATION.search(line)
        if match is None or match.group("verb") != "expect" or line.strip()[0] not in "#/":
            continue
        target = index + 1
        while (
            target < len(lines)
            and _ANNOTATION.search(lines[target])
            and lines[target].strip()[0] in "#/"
        ):
            target += 1
        for rule_id in re.split(r"\s*,\s*", match.group("ids")):
            wanted.add((target + 1, rule_id))
    return wanted
