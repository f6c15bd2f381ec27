"""The one line model every position in a report is counted in.

A line ends at `\\n`, `\\r\\n` or a lone `\\r`, as Python's tokenizer, libcst
and most editors count; nothing else ends one. Parsers disagree: YAML also
breaks lines at U+0085, U+2028 and U+2029, `str.splitlines()` at those and
at `\\x0b`, `\\x0c`, `\\x1c`-`\\x1e`, and libcst's positions are those of the code
it regenerates, which drops a lone `\\` line. Snippets are cut from these
lines and masked at these columns, so a reader whose positions were counted
another way converts them here, through character offsets into the text,
before any location is built from them.
"""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass

from scanner.model import Location

_BREAK = re.compile(r"\r\n|\r|\n")
BOM = "\ufeff"


def split_lines(text: str) -> tuple[str, ...]:
    """The file's lines, without their line ends (a final line end leaves an empty last line)."""
    if "\r" not in text:
        return tuple(text.split("\n"))
    return tuple(_BREAK.split(text))


@dataclass(frozen=True, slots=True)
class LineIndex:
    """Where each line of one text starts: character offset -> (line, column), both 1-based."""

    starts: array[int]

    @classmethod
    def of(cls, text: str) -> LineIndex:
        starts = array("q", [0])
        starts.extend(match.end() for match in _BREAK.finditer(text))
        return cls(starts)

    @property
    def count(self) -> int:
        return len(self.starts)

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def offset(self, line: int, column: int) -> int:
        """The character offset of 1-based (line, column); lines past the end clamp to it."""
        line = min(max(line, 1), len(self.starts))
        return self.starts[line - 1] + column - 1

    def location(self, start: int, end: int) -> Location:
        """The characters `text[start:end]`."""
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Location(line, column, end_line, end_column)
