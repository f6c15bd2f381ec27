"""TOML through `tomllib`, with positions found again in the text.

`tomllib` decodes values exactly but keeps no positions. After it has
accepted the document, a small scanner walks the text statement by
statement (table headers, `key = value` lines, skipping over strings,
arrays and inline tables as whole values) and records where each key's
value starts under its table. A value inside an inline table
(`db = { password = "..." }`) or in an array of inline tables is recorded
in the same pass, under the path tomllib gives it. The scan only ever runs
on a document `tomllib` accepted, so it never has to recover from bad syntax.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator, Mapping
from typing import Any

from scanner import numbers
from scanner.analyzers.base import Source, Unparsable
from scanner.analyzers.config.setting import Reader, Setting
from scanner.analyzers.lines import LineIndex
from scanner.file_format import FileFormat, Files, Syntax
from scanner.model import FileKind, Location

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

_BARE_KEY = re.compile(r"[A-Za-z0-9_\-]+")
_WHERE = re.compile(r"line (\d+)")
MAX_DEPTH = 100
_LONG_INTEGER = re.compile(
    rf"([=\[,{{]\s*[+-]?)(\d[\d_]{{{numbers.MAX_DIGITS},}})(?=\s*(?:[\],}}#\r\n]|$))"
)

Path = tuple[str, ...]


def read(source: Source) -> Iterator[list[Setting]]:
    yield list(toml_settings(source.text, source.index))


TOML = FileFormat(FileKind.TOML, Syntax(("#",), "="), "toml", (Files(suffixes=(".toml",)),))
READER = Reader("toml", TOML, read)


def toml_settings(text: str, lines: LineIndex | None = None) -> Iterator[Setting]:
    try:
        document = _loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = _WHERE.search(str(exc))  # only the number is kept, never the message
        raise Unparsable("TOML syntax error", int(where.group(1)) if where else 0) from None
    except RecursionError:
        raise Unparsable("TOML nested too deeply") from None
    index = _Index(text, lines or LineIndex.of(text))
    for path, value in _scalars(document, ()):
        location = index.locate(path)
        if location is not None:
            yield Setting(path, value, location)


def _loads(text: str) -> dict[str, Any]:
    """The document; an integer too long to convert reads as an infinite float.

    tomllib has no hook for integers and raises ValueError past CPython's
    4,300-digit limit, which would lose every other value of the file. Such
    integers are rewritten in place, keeping every offset, as a float exponent
    (`9e999...`), which no rule reads as a secret, lifetime or version.
    """
    try:
        document: dict[str, Any] = tomllib.loads(text)
    except ValueError as exc:
        if isinstance(exc, tomllib.TOMLDecodeError):
            raise
        tamed = _LONG_INTEGER.sub(lambda m: m[1] + "9e" + "9" * (len(m[2]) - 2), text)
        document = tomllib.loads(tamed)
    return document


def _scalars(table: Mapping[str, Any], path: Path) -> Iterator[tuple[Path, str]]:
    """(key path, text) of every string, number and boolean; arrays of tables get `[n]`."""
    if len(path) > MAX_DEPTH:
        return
    for key, value in table.items():
        here = (*path, key)
        if isinstance(value, dict):
            yield from _scalars(value, here)
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for number, item in enumerate(value):
                yield from _scalars(item, (*here, f"[{number}]"))
        elif isinstance(value, bool):
            yield here, "true" if value else "false"
        elif isinstance(value, (str, int, float)):
            yield here, str(value)


class _Index:
    """Where each value of the document starts, by full key path, found in one pass."""

    def __init__(self, text: str, lines: LineIndex) -> None:
        self.text = text
        self.lines = lines
        self.values: dict[Path, int] = {}  # key path -> offset of its value
        # A construct the scanner does not know ends the scan; keys found so far keep their places.
        with contextlib.suppress(ValueError, IndexError, tomllib.TOMLDecodeError):
            self._scan()

    def locate(self, path: Path) -> Location | None:
        offset = self.values.get(path)
        return None if offset is None else self._value_location(offset)

    def _value_location(self, offset: int) -> Location:
        text = self.text
        end = _skip_value(text, offset)
        for quote in ('"""', "'''", '"', "'"):
            if text.startswith(quote, offset):
                start = offset + len(quote)
                if len(quote) == 3 and text.startswith("\n", start):
                    start += 1
                elif len(quote) == 3 and text.startswith("\r\n", start):
                    start += 2
                return self._span(start, max(start, end - len(quote)))
        return self._span(offset, end)

    def _span(self, start: int, end: int) -> Location:
        return self.lines.location(start, end)

    def _scan(self) -> None:
        text = self.text
        table: Path = ()
        arrays: dict[Path, int] = {}
        offset = 0
        while offset < len(text):
            offset = _skip_blank(text, offset)
            if offset >= len(text):
                break
            if text.startswith("[[", offset):
                keys, offset = _keys(text, offset + 2)
                base = _resolve(tuple(keys), arrays)
                arrays[base] = arrays.get(base, -1) + 1
                table = (*base, f"[{arrays[base]}]")
                offset = text.index("]]", offset) + 2
            elif text.startswith("[", offset):
                keys, offset = _keys(text, offset + 1)
                table = _resolve(tuple(keys), arrays)
                offset = text.index("]", offset) + 1
            else:
                keys, offset = _keys(text, offset)
                offset = _skip_spaces(text, text.index("=", offset) + 1)
                offset = self._value(offset, table + tuple(keys), 0)
            offset = _line_end(text, offset)

    def _value(self, offset: int, path: Path, depth: int) -> int:
        """Record the value at `offset` and the values inside it; the offset after it."""
        self.values[path] = offset
        if depth < MAX_DEPTH and self.text.startswith("{", offset):
            return self._inline_table(offset + 1, path, depth + 1)
        if depth < MAX_DEPTH and self.text.startswith("[", offset):
            return self._array(offset + 1, path, depth + 1)
        return _skip_value(self.text, offset)

    def _inline_table(self, offset: int, path: Path, depth: int) -> int:
        text = self.text
        while True:
            offset = _skip_blank(text, offset)
            if text.startswith("}", offset):
                return offset + 1
            if text.startswith(",", offset):
                offset += 1
                continue
            keys, offset = _keys(text, offset)
            offset = _skip_spaces(text, text.index("=", offset) + 1)
            offset = self._value(offset, path + tuple(keys), depth)

    def _array(self, offset: int, path: Path, depth: int) -> int:
        """An array's inline tables are `[n]` elements, as tomllib's lists of tables are."""
        text = self.text
        number = 0
        while True:
            offset = _skip_blank(text, offset)
            if text.startswith("]", offset):
                return offset + 1
            if text.startswith(",", offset):
                offset += 1
                number += 1
            elif text.startswith("{", offset):
                offset = self._inline_table(offset + 1, (*path, f"[{number}]"), depth + 1)
            else:
                before, offset = offset, _skip_value(text, offset)
                if offset == before:
                    raise ValueError("no progress")  # never on a document tomllib accepted


def _resolve(keys: Path, arrays: Mapping[Path, int]) -> Path:
    """`[a.b]` after `[[a]]` means the latest element of the `a` array."""
    resolved: list[str] = []
    for key in keys:
        resolved.append(key)
        current = tuple(resolved)
        if current in arrays and current != keys:
            resolved.append(f"[{arrays[current]}]")
    return tuple(resolved)


def _keys(text: str, offset: int) -> tuple[list[str], int]:
    """A dotted key (`a."b.c".d`) starting at `offset`, and the offset after it."""
    keys: list[str] = []
    while True:
        offset = _skip_spaces(text, offset)
        char = text[offset : offset + 1]
        if char == '"':
            end = _basic_string_end(text, offset + 1)
            keys.append(tomllib.loads(f"k = {text[offset:end]}")["k"])
            offset = end
        elif char == "'":
            end = text.index("'", offset + 1) + 1
            keys.append(text[offset + 1 : end - 1])
            offset = end
        else:
            match = _BARE_KEY.match(text, offset)
            if match is None:
                return keys, offset
            keys.append(match.group())
            offset = match.end()
        offset = _skip_spaces(text, offset)
        if not text.startswith(".", offset):
            return keys, offset
        offset += 1


def _skip_value(text: str, offset: int) -> int:
    """The offset just after the value starting at `offset`."""
    for quote in ('"""', "'''"):
        if text.startswith(quote, offset):
            end = text.index(quote, offset + 3) + 3
            while text.startswith(quote[0], end):  # up to two quotes may end the content
                end += 1
            return end
    char = text[offset : offset + 1]
    if char == '"':
        return _basic_string_end(text, offset + 1)
    if char == "'":
        return text.index("'", offset + 1) + 1
    if char in ("[", "{"):
        return _skip_brackets(text, offset)
    end = offset
    while end < len(text) and text[end] not in ",]}#\n\r":
        end += 1
    while end > offset and text[end - 1] in " \t":
        end -= 1
    return end


def _skip_brackets(text: str, offset: int) -> int:
    depth = 0
    while offset < len(text):
        char = text[offset]
        if char in "[{":
            depth += 1
            offset += 1
        elif char in "]}":
            depth -= 1
            offset += 1
            if depth == 0:
                return offset
        elif char in "\"'":
            offset = _skip_value(text, offset)
        elif char == "#":
            offset = _line_end(text, offset)
        else:
            offset += 1
    return offset


def _basic_string_end(text: str, offset: int) -> int:
    while offset < len(text):
        char = text[offset]
        if char == "\\":
            offset += 2
        elif char == '"':
            return offset + 1
        else:
            offset += 1
    return offset


def _skip_blank(text: str, offset: int) -> int:
    while offset < len(text):
        if text[offset] in " \t\r\n":
            offset += 1
        elif text[offset] == "#":
            offset = _line_end(text, offset)
        else:
            break
    return offset


def _skip_spaces(text: str, offset: int) -> int:
    while offset < len(text) and text[offset] in " \t":
        offset += 1
    return offset


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end + 1
