"""NGINX configuration as a tree of directives, each with its line, through crossplane.

crossplane reads a configuration only from a path, so the file's text (as
the engine read it) is written to a private temporary folder and parsed
there, alone: `single=True` keeps `include` from reading any other file,
and context and argument checks are off so that a directive crossplane's
tables do not know (NGINX Plus's `auth_jwt_require`, a module's own) is kept
rather than dropped. A file crossplane cannot parse is `Unparsable` at the
line it names; its message (which may quote the file) is never kept.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanner.analyzers.base import Source, Unparsable
from scanner.file_format import FileFormat, Files, Syntax
from scanner.model import FileKind

# `nginx.conf`, `*.nginx`, and a `.conf` in the folders NGINX keeps its files in; any other
# `.conf` is INI's.
NGINX = FileFormat(
    FileKind.NGINX,
    Syntax(("#",), shell=True),
    "nginx",
    (
        Files(names=("nginx.conf",), suffixes=(".nginx",)),
        Files(
            suffixes=(".conf",),
            under=frozenset({"nginx", "conf.d", "sites-available", "sites-enabled", "http.d"}),
        ),
    ),
)

MAX_DEPTH = 100


@dataclass(frozen=True, slots=True)
class Directive:
    """`name args...;` or `name args... { block }` (then `block` is not None)."""

    name: str
    args: tuple[str, ...]
    line: int
    block: tuple[Directive, ...] | None = None

    def named(self, name: str) -> Iterator[Directive]:
        """The directives called `name` directly inside this block."""
        return (d for d in self.block or () if d.name == name)


def parse(source: Source) -> tuple[Directive, ...]:
    """The file's top-level directives; `Unparsable` with a line when crossplane refuses it."""
    import crossplane  # imported on first use: most scans hold no NGINX file

    with tempfile.TemporaryDirectory(prefix="nhiguard-nginx-") as folder:
        path = Path(folder, "nginx.conf")
        path.write_text(source.text, encoding="utf-8", errors="replace")
        payload = crossplane.parse(
            str(path), single=True, check_ctx=False, check_args=False, catch_errors=True
        )
    config = payload.get("config") or [{}]
    errors = config[0].get("errors") or []
    if errors:
        line = errors[0].get("line")
        raise Unparsable("NGINX syntax error", line if isinstance(line, int) else 0)
    return _directives(config[0].get("parsed") or [], 0)


def _directives(parsed: Sequence[Any], depth: int) -> tuple[Directive, ...]:
    if depth > MAX_DEPTH:
        raise Unparsable("NGINX nested too deeply")
    found = []
    for statement in parsed:
        block = statement.get("block")
        found.append(
            Directive(
                str(statement.get("directive", "")),
                tuple(str(arg) for arg in statement.get("args", ())),
                int(statement.get("line", 0)),
                _directives(block, depth + 1) if isinstance(block, list) else None,
            )
        )
    return tuple(found)


def walk(directives: Sequence[Directive]) -> Iterator[tuple[tuple[Directive, ...], Directive]]:
    """Every directive with the blocks around it (outermost first), in file order."""
    stack: list[tuple[tuple[Directive, ...], Directive]] = [((), d) for d in reversed(directives)]
    while stack:
        around, directive = stack.pop()
        yield around, directive
        inner = (*around, directive)
        stack.extend((inner, d) for d in reversed(directive.block or ()))
