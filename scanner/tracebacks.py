"""A `--debug` traceback that cannot quote a scanned file.

Python's own traceback ends with the exception's message, and for a
`SyntaxError` (or libcst's parser error) with the offending source line: both
may be a line of the scanned repository, secret included. Here every
exception of the chain is shown by its type alone, its notes are dropped, and
a frame's source line is shown only when the frame runs a module Python has
imported (our code or a library's), never text that merely claims a file name.
"""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from scanner.escape import visible

HIDDEN = "(message hidden: it may quote scanned text)"
_CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
_CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"


def format_exception(error: BaseException) -> str:
    """The chain oldest first, as Python prints it, with every message replaced by `HIDDEN`."""
    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = error
    link = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, _CAUSE
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, _CONTEXT
        else:
            current = None
    out: list[str] = []
    for exc, following in reversed(chain):
        out.append("Traceback (most recent call last):\n")
        out.extend(_frames(exc.__traceback__))
        out.append(f"{_type_name(exc)}: {HIDDEN}\n")
        out.append(following)
    return "".join(out)


def _frames(tb: TracebackType | None) -> list[str]:
    known = _module_files()
    lines = []
    for frame in traceback.extract_tb(tb):
        where = f'  File "{visible(frame.filename)}", line {frame.lineno}, in {visible(frame.name)}'
        lines.append(f"{where}\n")
        if frame.filename in known and frame.line:
            lines.append(f"    {visible(frame.line.strip())}\n")
    return lines


def _module_files() -> frozenset[str]:
    return frozenset(
        path
        for module in list(sys.modules.values())
        if isinstance(path := getattr(module, "__file__", None), str)
    )


def _type_name(exc: BaseException) -> str:
    kind = type(exc)
    if kind.__module__ in ("builtins", "__main__"):
        return kind.__qualname__
    return f"{kind.__module__}.{kind.__qualname__}"
