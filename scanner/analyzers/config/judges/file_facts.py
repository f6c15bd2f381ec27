"""What every config judge knows of the file it judges, and of the value in front of it.

A reference (`${VAR}`, `{{ .Values.x }}`, `<your-key>`) is no value; a
reference with a default (`${JWT_SECRET:-changeme}`, Spring's
`${JWT_SECRET:changeme}`) is judged on the default, which is a literal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from scanner.analyzers.base import Context, Source
from scanner.analyzers.config.gate import is_environment_entry
from scanner.analyzers.config.key_names import KeyName
from scanner.analyzers.config.setting import Declared, Reader, Setting
from scanner.analyzers.credentials import is_example_file
from scanner.analyzers.placeholders import is_placeholder
from scanner.model import Location

_DEFAULT = re.compile(
    r"^\$\{(?P<name>[A-Za-z_][A-Za-z0-9_.\-]*)(?P<op>:-|:=|-|=|:)(?P<default>[^}]*)\}$"
)
_SPRING_FILE = re.compile(r"^(?:application|bootstrap)(?:[-.][\w.\-]+)?\.(?:ya?ml|properties)$")
# Values no signing key or credential takes: paths, URLs, booleans, numbers.
NOT_KEYS = ("/", "./", "~/", "http://", "https://", "file:")
NOT_VALUES = re.compile(r"^(true|false|yes|no|on|off|null|none|nil|~|-?\d+(\.\d+)?)$", re.I)

# HS algorithms set in a document, by parent path: (the name's other words, key bytes).
Algorithms = Mapping[tuple[str, ...], Sequence[tuple[frozenset[str], int]]]


@dataclass(frozen=True, slots=True)
class Value:
    """A setting's literal text, where that text is, and the words of its name."""

    setting: Setting
    text: str
    where: Location
    name: KeyName


@dataclass(frozen=True)
class FileFacts:
    """One file (or one document of it): the rules' parameters and what the file is."""

    source: Source
    context: Context
    example: bool  # `.env.example`: placeholders there are meant to be replaced
    spring: bool  # Spring Boot `application.yml`: numbers without a unit count milliseconds
    environment: bool  # every key is an environment variable (`.env`, Dockerfile)
    algorithms: Algorithms = field(default_factory=dict)

    @classmethod
    def of(cls, source: Source, context: Context, reader: Reader) -> FileFacts:
        name = PurePosixPath(source.relpath).name.lower()
        return cls(
            source,
            context,
            example=is_example_file(source.relpath),
            spring=bool(_SPRING_FILE.match(name)),
            environment=reader.environment,
        )

    def variable(self, setting: Setting) -> str:
        """The environment variable a setting defines (code reads it by this name), or ""."""
        environment = self.environment or setting.declared is not Declared.PLAIN
        return setting.key if environment or is_environment_entry(setting.path) else ""

    def literal(self, setting: Setting) -> tuple[str, Location] | None:
        """The literal text of a value and its place: the whole value, or a reference's default."""
        value = setting.value
        default = _DEFAULT.match(value.strip())
        if default is not None:
            text = default["default"]
            if not text or (default["op"] == ":" and text.startswith(("?", "+"))):
                return None
            return text, self.sub_location(setting, text, value.index(text))
        if is_placeholder(value):
            return None
        return value, setting.location

    def sub_location(self, setting: Setting, part: str, offset: int) -> Location:
        """Where `part` of a one-line value is, when the file spells the value as read."""
        where = setting.location
        lines = self.source.lines
        if where.line != where.end_line or not 1 <= where.line <= len(lines):
            return where
        raw = lines[where.line - 1][where.column - 1 : where.end_column - 1]
        found = raw.find(part, min(offset, len(raw)))
        if found < 0:
            found = raw.find(part)
        if found < 0:
            return where
        column = where.column + found
        return Location(where.line, column, where.line, column + len(part))


def display(path: tuple[str, ...]) -> str:
    """The key path a reader would search for, list indices left out."""
    keys = [k for k in path if not (k.startswith("[") and k.endswith("]"))]
    if "<<" in keys:  # a merged mapping: its own keys, wherever the merge reached it from
        keys = keys[len(keys) - keys[::-1].index("<<") :]
    return ".".join(keys[-4:])
