"""Line-based config formats read as their own tools read them: `.env`, `.properties`/`.ini`, Dockerfile.

Each reader yields `Setting` records: the keys that lead to a value, the
value as the application would see it (quotes removed, escapes applied),
and where its characters are in the file, so a finding can point at them
and a snippet can mask them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import Enum

from scanner.model import Location


class Role(str, Enum):
    """What the file says about a value beyond its key name."""

    PLAIN = "plain"
    SECRET_STRING = "secret-string"  # Kubernetes Secret stringData: a secret by definition
    SECRET_BASE64 = "secret-base64"  # Kubernetes Secret data: base64 of a secret


@dataclass(frozen=True, slots=True)
class Setting:
    path: tuple[str, ...]  # section / table / mapping keys, then the key itself
    value: str  # as the application reads it
    location: Location  # the value's characters, inside any quotes
    role: Role = Role.PLAIN

    @property
    def key(self) -> str:
        return self.path[-1] if self.path else ""


def _before_comment(text: str, comment: re.Pattern[str]) -> str:
    """The text up to an inline comment (a mark after a blank), without trailing whitespace.

    `comment` matches one blank and the mark: `[ \t]+#` would try the whole run
    of blanks again from each of its positions, quadratic in a long run of
    blanks that no mark follows.
    """
    found = comment.search(text)
    return (text[: found.start()] if found else text).rstrip()


def span(line: int, column: int, text: str) -> Location:
    """The location of `text` written at 1-based (line, column), across its newlines."""
    parts = text.split("\n")
    if len(parts) == 1:
        return Location(line, column, line, column + len(text))
    return Location(line, column, line + len(parts) - 1, len(parts[-1]) + 1)


# --- .env -------------------------------------------------------------------

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
            location = span(index, start + 2, value)
            if quote == '"':
                value = re.sub(r"\\(.)", lambda m: _DOTENV_ESCAPES.get(m[1], m[0]), value)
            index = end_index + 1
        else:
            value = _before_comment(line[start:], _DOTENV_COMMENT)
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


# --- .properties / .ini / .cfg / .conf --------------------------------------

_SECTION = re.compile(r"^[ \t]*\[(?P<name>[^\]\n]*)\][ \t]*(?:[#;].*)?$")
# The key ends on a character that is not a blank: a lazy key followed by `[ \t]*` rescans
# the blanks from each of their positions, quadratic on a long run with no separator.
_INI_KEY = re.compile(
    r"^(?P<indent>[ \t]*)(?P<key>[^\s=:#;\[](?:[^=:]*[^ \t=:])?)[ \t]*(?P<sep>[=:])[ \t]*"
)
_INI_COMMENT = re.compile(r"[ \t][;#]")
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


def ini_settings(lines: Sequence[str]) -> Iterator[Setting]:
    """INI dialects: `[section]`, `key = value` / `key: value`, `#`/`;` comments, indented continuations."""
    section: tuple[str, ...] = ()
    key_indent = -1
    for index, line in enumerate(lines):
        number = index + 1
        stripped = line.strip()
        if not stripped or stripped[0] in "#;":
            continue
        header = _SECTION.match(line)
        if header is not None:
            section = (header["name"].strip(),)
            key_indent = -1
            continue
        match = _INI_KEY.match(line)
        indent = len(line) - len(line.lstrip())
        if match is None or (key_indent >= 0 and indent > key_indent):
            continue  # a continuation of the previous value (lists in setup.cfg and the like)
        key_indent = indent
        value, column = _ini_value(line, match.end())
        yield Setting(
            (*section, match["key"].strip()),
            value,
            Location(number, column, number, column + len(value)),
        )


def _ini_value(line: str, start: int) -> tuple[str, int]:
    """The value without an inline ` ;`/` #` comment and without surrounding quotes."""
    raw = _before_comment(line[start:], _INI_COMMENT)
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
        return raw[1:-1], start + 2
    return raw, start + 1


# --- Dockerfile --------------------------------------------------------------

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
