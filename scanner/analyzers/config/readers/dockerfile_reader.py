"""Dockerfile `ENV` and `ARG` instructions as Docker reads them: pairs, legacy form, continuations.

Every key defines an environment variable (or a build argument) that code
may read by name as a signing key, so the reader is registered as an environment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from scanner.analyzers.base import Source
from scanner.analyzers.config.setting import Reader, Setting
from scanner.file_format import FileFormat, Files, Syntax
from scanner.model import FileKind, Location

_INSTRUCTION = re.compile(r"^[ \t]*(?P<word>ENV|ARG)[ \t]+", re.IGNORECASE)
_DOCKER_PAIR = re.compile(
    r"""(?P<key>[A-Za-z_][A-Za-z0-9_.\-]*)=(?P<value>"(?:\\.|[^"\\])*"|'[^']*'|(?:\\.|[^\s"'\\])*)"""
)


def dockerfile_settings(lines: Sequence[str]) -> Iterator[Setting]:
    """`ENV K=V K2="V 2"`, legacy `ENV K value with spaces`, `ARG K=default`, `\\` continuations."""
    index = 0
    while index < len(lines):
        match = _INSTRUCTION.match(lines[index])
        if match is None:
            index += 1
            continue
        text, places = _logical_line(lines, index, match.end())
        index += max(1, len({line for line, _ in places}))
        yield from _instruction(match["word"].upper(), text, places)


def _logical_line(
    lines: Sequence[str], first: int, column: int
) -> tuple[str, list[tuple[int, int]]]:
    """An instruction joined over `\\` continuations, with each character's (line, column)."""
    chars: list[str] = []
    places: list[tuple[int, int]] = []
    number = first
    start = column
    while number < len(lines):
        line = lines[number]
        body = line[start:]
        continued = body.rstrip().endswith("\\")
        if continued:
            body = body.rstrip()[:-1]
        for offset, char in enumerate(body):
            chars.append(char)
            places.append((number + 1, start + offset + 1))
        number += 1
        start = 0
        if not continued:
            break
        while number < len(lines) and lines[number].lstrip().startswith("#"):
            number += 1  # comment lines inside a continued instruction are dropped by Docker
    if not places:
        places.append((first + 1, column + 1))
    return "".join(chars), places


def _instruction(word: str, text: str, places: list[tuple[int, int]]) -> Iterator[Setting]:
    body = text.strip()
    first_token = body.split(None, 1)[0] if body else ""
    if word == "ENV" and "=" not in first_token:
        parts = body.split(None, 1)  # legacy form: the rest of the instruction is the value
        if len(parts) == 2:
            start = len(text) - len(text.lstrip()) + body.index(parts[1], len(parts[0]))
            yield _docker_setting(parts[0], parts[1].rstrip(), start, places)
        return
    for pair in _DOCKER_PAIR.finditer(text):
        yield _docker_setting(pair["key"], pair["value"], pair.start("value"), places)


def _docker_setting(key: str, raw: str, start: int, places: list[tuple[int, int]]) -> Setting:
    """The value with its quotes and escapes removed; the location spans its raw characters."""
    value = raw
    if len(raw) >= 2 and raw[0] in "'\"" and raw[-1] == raw[0]:
        value = raw[1:-1]
        start += 1
        if raw[0] == "'":
            return _placed(key, value, start, len(value), places)
    return _placed(key, re.sub(r"\\(.)", r"\1", value), start, len(value), places)


def _placed(key: str, value: str, start: int, size: int, places: list[tuple[int, int]]) -> Setting:
    last = len(places) - 1
    line, column = places[min(start, last)]
    if size == 0:
        return Setting((key,), value, Location(line, column, line, column))
    end_line, end_column = places[min(start + size - 1, last)]
    return Setting((key,), value, Location(line, column, end_line, end_column + 1))


def read(source: Source) -> Iterator[list[Setting]]:
    yield list(dockerfile_settings(source.lines))


DOCKERFILE = FileFormat(
    FileKind.DOCKERFILE,
    Syntax(("#",), "=", shell=True),
    "dockerfile",
    (Files(names=("dockerfile",), prefixes=("dockerfile.",), suffixes=(".dockerfile",)),),
)
READER = Reader("dockerfile", DOCKERFILE, read, environment=True)
