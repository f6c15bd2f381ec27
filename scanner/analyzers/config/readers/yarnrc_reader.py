"""Yarn 1's `.yarnrc`: `key value` lines, each side a bare word or a JSON-quoted string.

Yarn 1 takes npm's registry credentials here too, under npm's names
(`_authToken`, `_auth`, `_password`, scoped as `"//host/:_authToken"`,
quoted since a bare word ends at `:`; a colon may follow any key), so the
entries go through the npm reader's decoding. Each line is read on its own:
a nested block's keys are judged by their own names. Lines starting with `#`
are comments.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence

from scanner.analyzers.base import Source
from scanner.analyzers.config.readers.npmrc_reader import REGISTRY_SYNTAX, registry_settings
from scanner.analyzers.config.setting import Reader, Setting
from scanner.file_format import FileFormat, Files
from scanner.model import FileKind, Location

_QUOTED = r'"(?:[^"\\]|\\.)*"'
# Yarn takes a colon after any key: `"//host/:_authToken": "<token>"`; a bare word keeps its own.
_ENTRY = re.compile(
    rf"^[ \t]*(?:(?P<quoted>{_QUOTED})(?:[ \t]*:)?[ \t]*|(?P<bare>[^\s\"#]+)[ \t]+)"
    rf"(?P<value>{_QUOTED}|[^\s\"#]\S*)[ \t]*(?:#.*)?$"
)

YARNRC = FileFormat(FileKind.NPMRC, REGISTRY_SYNTAX, "ini", (Files(names=(".yarnrc",)),))


def yarnrc_settings(lines: Sequence[str]) -> Iterator[Setting]:
    """Each `key value` line's value, without its quotes and with its escapes applied."""
    for number, line in enumerate(lines, 1):
        entry = _ENTRY.match(line)
        if entry is None:
            continue
        raw = entry["value"]
        quoted = raw.startswith('"')
        column = entry.start("value") + 1 + quoted
        text = raw[1:-1] if quoted else raw
        where = Location(number, column, number, column + len(text))
        key = _unquoted(entry["quoted"]) if entry["quoted"] else entry["bare"].rstrip(":")
        yield Setting((key,), _unquoted(raw), where)


def _unquoted(word: str) -> str:
    if not word.startswith('"'):
        return word
    try:
        return str(json.loads(word))
    except ValueError:
        return word[1:-1]


def read(source: Source) -> Iterator[list[Setting]]:
    yield list(registry_settings(yarnrc_settings(source.lines), source.lines))


READER = Reader("yarnrc", YARNRC, read)
