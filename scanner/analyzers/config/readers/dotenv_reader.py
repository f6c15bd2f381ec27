"""`.env` files as dotenv loaders read them: `KEY=value`, `export`, quotes over several lines.

Every key defines an environment variable, which code may read by name as
a signing key, so the reader is registered as an environment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from scanner.analyzers.base import Source
from scanner.analyzers.config.setting import Reader, Setting, before_comment
from scanner.file_format import FileFormat, Files, Syntax
from scanner.model import FileKind, Location

_DOTENV_KEY = re.compile(r"^[ \t]*(?:export[ \t]+)?(?P<key>[A-Za-z_][A-Za-z0-9_.\-]*)[ \t]*=[ \t]*")
_DOTENV_COMMENT = re.compile(r"[ \t]#")
_DOTENV_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\", "$": "$"}


def dotenv_settings(lines: Sequence[str]) -> Iterator[Setting]:
    """`KEY=value`, `export KEY="value"`, quoted values over several lines, `#` comments."""
    index = 0
    while index < len(lines):
        line = lines[index]
        match = _DOTENV_KEY.match(line)
        index += 1
        if match is None:
            continue
        start = match.end()
        quote = line[start : start + 1]
        if quote in ("'", '"', "`"):
            value, end_index = _quoted(lines, index - 1, start + 1, quote)
            location = _span(index, start + 2, value)
            if quote == '"':
                value = re.sub(r"\\(.)", lambda m: _DOTENV_ESCAPES.get(m[1], m[0]), value)
            index = end_index + 1
        else:
            value = before_comment(line[start:], _DOTENV_COMMENT)
            location = Location(index, start + 1, index, start + 1 + len(value))
        yield Setting((match["key"],), value, location)


def _quoted(lines: Sequence[str], first: int, column: int, quote: str) -> tuple[str, int]:
    """The raw text up to the closing quote (escaped quotes kept), and the line it ends on."""
    pieces = []
    number = first
    position = column
    while number < len(lines):
        line = lines[number]
        cursor = position
        while cursor < len(line):
            char = line[cursor]
            if char == "\\" and quote == '"':
                cursor += 2
                continue
            if char == quote:
                pieces.append(line[position:cursor])
                return "\n".join(pieces), number
            cursor += 1
        pieces.append(line[position:])
        number += 1
        position = 0
    return "\n".join(pieces), len(lines) - 1  # unterminated: the rest of the file


def _span(line: int, column: int, text: str) -> Location:
    """The location of `text` written at 1-based (line, column), across its newlines."""
    parts = text.split("\n")
    if len(parts) == 1:
        return Location(line, column, line, column + len(text))
    return Location(line, column, line + len(parts) - 1, len(parts[-1]) + 1)


def read(source: Source) -> Iterator[list[Setting]]:
    yield list(dotenv_settings(source.lines))


DOTENV = FileFormat(
    FileKind.DOTENV,
    Syntax(("#",), "=", shell=True),
    "sh",
    (Files(names=(".env",), prefixes=(".env.",), suffixes=(".env",)),),
)
READER = Reader("dotenv", DOTENV, read, environment=True)
