"""What every analyzer offers the engine, and what the engine hands it per file."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from scanner.analyzers.lines import BOM, LineIndex, split_lines
from scanner.model import (
    Detection,
    FileKind,
    KeyUse,
    Notification,
    NotificationKind,
    TokenValidation,
)
from scanner.registry import RuleEntry

# What an analyzer yields: a detection, a key use, what a token validator checks,
# or a note that part of the file failed.
Reported = Detection | KeyUse | TokenValidation | Notification
T = TypeVar("T")
P = TypeVar("P")


@dataclass(frozen=True)
class Source:
    """One file's text, read once by the engine and shared by every analyzer.

    `lines` and `index` are the one line model (see `lines.py`): every
    location an analyzer reports is counted in them. The index is built on
    first use: most files the prefilters pass over never need it.
    """

    relpath: str
    kind: FileKind
    text: str
    lines: tuple[str, ...]

    @classmethod
    def of(cls, relpath: str, kind: FileKind, text: str) -> Source:
        """A leading byte order mark is no character of the file: editors hide it, parsers
        skip it (`.env` readers do not), and column 1 is the character after it."""
        text = text.removeprefix(BOM)
        return cls(relpath, kind, text, split_lines(text))

    @functools.cached_property
    def index(self) -> LineIndex:
        return LineIndex.of(self.text)


@dataclass(frozen=True, slots=True)
class Context:
    """The rules to run and their typed parameters (by rule id); `reraise` lets a failure escape.

    A rule missing from `parameters` runs with its YAML defaults.
    """

    enabled: frozenset[str]
    parameters: Mapping[str, object] = field(default_factory=dict)
    reraise: bool = False

    def wants(self, *rule_ids: str) -> bool:
        return any(r in self.enabled for r in rule_ids)

    def params(self, rule: RuleEntry[P]) -> P:
        return rule.parameters_in(self.parameters)


class Unparsable(Exception):
    """The file could not be parsed; carries the position only, never the parser's text.

    Parsers quote the offending source line in their messages, and that line
    may hold a secret, so only the exception class and line reach a report.
    """

    def __init__(self, what: str, line: int = 0) -> None:
        super().__init__(what)
        self.what = what
        self.line = line


def contained(
    report: Callable[[], Iterable[T]], source: Source, context: Context, part: str, line: int = 0
) -> Iterator[T | Notification]:
    """What `report()` yields until it raises; the failure then becomes a note naming `part`.

    Invariant 7: a failure loses at most the family, value or step it hit,
    never the file's other findings. The note keeps the exception's class
    only: its message may quote a scanned value.
    """
    try:
        yield from report()
    except Unparsable:
        raise
    except Exception as exc:
        if context.reraise:
            raise
        detail = f"{type(exc).__name__} in {part}"
        yield Notification(source.relpath, NotificationKind.ANALYZER_ERROR, detail, line)


class Analyzer(Protocol):
    """One family of detection over one or more file kinds.

    `might_report` is the cheap byte-level prefilter: when it says no, the
    file is never parsed for this analyzer. Besides detections, an analyzer
    may report the settings its file uses as signing keys, which the engine
    links to the config values that set them.
    """

    name: str
    kinds: frozenset[FileKind]
    rules: frozenset[str]

    def might_report(self, data: bytes, kind: FileKind) -> bool: ...

    def analyze(self, source: Source, context: Context) -> Iterator[Reported]: ...
