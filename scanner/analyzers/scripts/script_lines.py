"""The shell a file runs, as `ScriptLine`s placed in the file: what the CI tokenizer reads.

A shell script is all shell; a Dockerfile's shell is its `RUN` instructions
(shell form, after `--mount=...` flags, over `\\` continuations); a
Makefile's is its recipe lines, with make's `$$` written as the shell sees
it. Makefile variable assignments are make, not shell: `makefile_variables`
reads them apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from scanner.analyzers.ci.shell_words import ScriptLine
from scanner.file_format import FileFormat, Files, Syntax
from scanner.model import FileKind, Location

_SCRIPT_SYNTAX = Syntax(("#",), "=", shell=True)
SHELL = FileFormat(FileKind.SHELL, _SCRIPT_SYNTAX, "sh", (Files(suffixes=(".sh", ".bash")),))
MAKEFILE = FileFormat(
    FileKind.MAKEFILE,
    _SCRIPT_SYNTAX,
    "make",
    (Files(names=("makefile", "gnumakefile"), suffixes=(".mk",)),),
)

_SHEBANG = re.compile(rb"^#![ \t]*\S*(?:/|env[ \t]+(?:-\S+[ \t]+)*)(?:ba|da|k|z)?sh\b")
_RUN = re.compile(r"^[ \t]*RUN[ \t]+(?:--[\w-]+(?:=\S*)?[ \t]+)*", re.IGNORECASE)
_INSTRUCTION = re.compile(r"^[ \t]*[A-Za-z]+[ \t]")
_MAKE_VARIABLE = re.compile(
    r"^(?:(?:export|override|private)[ \t]+)*(?P<name>[A-Za-z_][\w.\-]*)[ \t]*"
    r"(?P<op>::?=|:::=|\?=|\+=|!=|=)[ \t]*(?P<value>[^#\n]*?)[ \t]*(?:#.*)?$"
)


@dataclass(frozen=True, slots=True)
class Variable:
    """`NAME := value` in a Makefile: the name, its value and where the value is."""

    name: str
    value: str
    location: Location


def is_shell_script(data: bytes) -> bool:
    """A `#!/bin/sh`, `#!/usr/bin/env bash` (or dash, ksh, zsh) first line."""
    return _SHEBANG.match(data) is not None


def script_lines(kind: FileKind, lines: Sequence[str]) -> tuple[ScriptLine, ...]:
    """The lines of `lines` that the shell runs, each at its place in the file."""
    if kind is FileKind.DOCKERFILE:
        return tuple(_run_lines(lines))
    if kind is FileKind.MAKEFILE:
        return tuple(_recipe_lines(lines))
    return tuple(_placed(number, raw) for number, raw in enumerate(lines, 1) if raw.strip())


def makefile_variables(lines: Sequence[str]) -> Iterator[Variable]:
    """Variable assignments outside recipes; `!=` runs a command, so is no literal."""
    for number, raw in enumerate(lines, 1):
        if raw.startswith("\t"):
            continue
        match = _MAKE_VARIABLE.match(raw)
        if match is None or match["op"] == "!=" or not match["value"]:
            continue
        start = match.start("value")
        yield Variable(
            match["name"],
            match["value"],
            Location(number, start + 1, number, match.end("value") + 1),
        )


def _placed(number: int, raw: str, start: int = 0) -> ScriptLine:
    body = raw[start:]
    text = body.strip()
    return ScriptLine(number, start + len(body) - len(body.lstrip()) + 1, text)


def _run_lines(lines: Sequence[str]) -> Iterator[ScriptLine]:
    continued = False
    for number, raw in enumerate(lines, 1):
        if continued:
            if raw.lstrip().startswith("#"):
                continue  # Docker drops comment lines inside a continued instruction
            if raw.strip():
                yield _placed(number, raw)
            continued = raw.rstrip().endswith("\\")
            continue
        run = _RUN.match(raw)
        if run is None or raw[run.end() :].lstrip().startswith("["):
            continue  # another instruction, or the exec form (no shell)
        yield _placed(number, raw, run.end())
        continued = raw.rstrip().endswith("\\")


def _recipe_lines(lines: Sequence[str]) -> Iterator[ScriptLine]:
    for number, raw in enumerate(lines, 1):
        if raw.startswith("\t") and raw.strip():
            line = _placed(number, raw)
            # `@`, `-`, `+` prefixes are make's; `$$` reaches the shell as `$` (written `\$`
            # here, which the tokenizer reads as `$` too, so offsets stay the file's).
            text = line.text.lstrip("@-+")
            column = line.column + len(line.text) - len(text)
            yield ScriptLine(number, column, text.replace("$$", "\\$"))
