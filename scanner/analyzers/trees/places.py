"""Where a value of a tree node is on its line: trees keep lines, findings point at characters."""

from __future__ import annotations

from scanner.analyzers.base import Source
from scanner.model import Location

_SEARCHED_LINES = 20  # a start tag or a directive written over several lines


def place(source: Source, line: int, needle: str = "") -> Location:
    """The first `needle` on `line` (the line's text without its indent when it is not there)."""
    if not 1 <= line <= len(source.lines):
        return Location(max(line, 1))
    text = source.lines[line - 1]
    found = text.find(needle) if needle else -1
    if found >= 0:
        return Location(line, found + 1, line, found + 1 + len(needle))
    start = len(text) - len(text.lstrip())
    return Location(line, start + 1, line, len(text.rstrip()) + 1)


def place_from(source: Source, line: int, needle: str) -> Location:
    """The first `needle` on `line` or a few lines below it; `line` itself when none has it."""
    last = min(line + _SEARCHED_LINES, len(source.lines))
    for number in range(max(line, 1), last + 1):
        if needle in source.lines[number - 1]:
            return place(source, number, needle)
    return place(source, line)
