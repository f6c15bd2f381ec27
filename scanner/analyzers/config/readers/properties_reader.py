"""Java `.properties` as `java.util.Properties` reads them: separators, escapes, continuations.

Spring Boot's `application.properties` is one of these; its unit
conventions are the lifetime judge's business, not the reader's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from scanner.analyzers.base import Source
from scanner.analyzers.config.readers.ini_reader import INI_SYNTAX
from scanner.analyzers.config.setting import Reader, Setting
from scanner.file_format import FileFormat, Files
from scanner.model import FileKind, Location

_PROPERTIES_KEY = re.compile(
    r"^[ \t\f]*(?P<key>(?:\\.|[^\s=:\\])+)(?:[ \t\f]*[=:][ \t\f]*|[ \t\f]+)"
)
_PROPERTIES_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}


def properties_settings(lines: Sequence[str]) -> Iterator[Setting]:
    """Java `.properties`: `key=value`, `key: value`, `key value`, `\\` continuations, `#`/`!`."""
    index = 0
    while index < len(lines):
        line = lines[index]
        number = index + 1
        index += 1
        stripped = line.lstrip(" \t\f")
        if not stripped or stripped[0] in "#!":
            continue
        match = _PROPERTIES_KEY.match(line)
        if match is None:
            continue
        key = _properties_unescape(match["key"])
        pieces = [line[match.end() :]]
        last = line
        while _continued(pieces[-1]) and index < len(lines):
            pieces[-1] = pieces[-1][:-1]
            last = lines[index]
            pieces.append(last.lstrip(" \t\f"))
            index += 1
        location = Location(number, match.end() + 1, index, len(last) + 1)
        yield Setting((key,), _properties_unescape("".join(pieces)), location)


def _continued(raw: str) -> bool:
    """An odd number of trailing backslashes continues the value on the next line."""
    return (len(raw) - len(raw.rstrip("\\"))) % 2 == 1


def _properties_unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        if match[1]:
            return chr(int(match[1], 16))
        return _PROPERTIES_ESCAPES.get(match[2], match[2])

    return re.sub(r"\\u([0-9a-fA-F]{4})|\\(.)", one, text)


def read(source: Source) -> Iterator[list[Setting]]:
    yield list(properties_settings(source.lines))


PROPERTIES = FileFormat(FileKind.INI, INI_SYNTAX, "ini", (Files(suffixes=(".properties",)),))
READER = Reader("properties", PROPERTIES, read)
