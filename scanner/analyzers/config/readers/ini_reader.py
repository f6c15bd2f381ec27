"""INI dialects (`.ini`, `.cfg`, `.conf`) as `configparser` reads them: sections, `=`/`:`, comments."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from scanner.analyzers.base import Source
from scanner.analyzers.config.setting import Reader, Setting, before_comment
from scanner.file_format import FileFormat, Files, Syntax
from scanner.model import FileKind, Location

_SECTION = re.compile(r"^[ \t]*\[(?P<name>[^\]\n]*)\][ \t]*(?:[#;].*)?$")
# The key ends on a character that is not a blank: a lazy key followed by `[ \t]*` rescans
# the blanks from each of their positions, quadratic on a long run with no separator.
_INI_KEY = re.compile(
    r"^(?P<indent>[ \t]*)(?P<key>[^\s=:#;\[](?:[^=:]*[^ \t=:])?)[ \t]*(?P<sep>[=:])[ \t]*"
)
_INI_COMMENT = re.compile(r"[ \t][;#]")


def ini_settings(
    lines: Sequence[str], key_pattern: re.Pattern[str] = _INI_KEY, *, continuations: bool = True
) -> Iterator[Setting]:
    """INI dialects: `[section]`, `key = value` / `key: value`, `#`/`;` comments, indented continuations.

    `key_pattern` matches a key and its separator: npm's keys hold `:`, so its dialect has its own.
    Without `continuations` (npm's parser trims every line) an indented key is a key like any other.
    """
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
        match = key_pattern.match(line)
        indent = len(line) - len(line.lstrip())
        if match is None or (continuations and key_indent >= 0 and indent > key_indent):
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
    raw = before_comment(line[start:], _INI_COMMENT)
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
        return raw[1:-1], start + 2
    return raw, start + 1


def read(source: Source) -> Iterator[list[Setting]]:
    yield list(ini_settings(source.lines))


# `.properties` files are INI too (`properties_reader`): snippets and docs read both alike.
INI_SYNTAX = Syntax(("#", ";"), "=:", shell=True, continuations="line")
# `.pypirc` keeps twine's upload credentials: `password` under `[pypi]` / `[testpypi]`.
INI = FileFormat(
    FileKind.INI,
    INI_SYNTAX,
    "ini",
    (Files(names=(".pypirc",), suffixes=(".ini", ".cfg", ".conf")),),
)
READER = Reader("ini", INI, read)
