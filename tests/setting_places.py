"""What a config reader's tests compare: each setting's key path, value and characters."""

from __future__ import annotations

from collections.abc import Iterable

from scanner.analyzers.config.setting import Setting

Place = tuple[tuple[str, ...], str, tuple[int, int, int, int]]


def places(settings: Iterable[Setting]) -> list[Place]:
    """(path, value, (line, column, end line, end column)) of each setting, in order."""
    return [
        (
            s.path,
            s.value,
            (s.location.line, s.location.column, s.location.end_line, s.location.end_column),
        )
        for s in settings
    ]
