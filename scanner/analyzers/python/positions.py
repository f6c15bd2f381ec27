"""Where each node of a parsed module is, in the lines of the text it was parsed from.

libcst's positions are those of the code it generates back from the tree,
which is the source itself for nearly every file, but not for all: a line
holding nothing but `\\` is dropped, as is a final lone `\\r`. Positions after
such a place would point one line early, where a mask would miss its secret.
So when the generated code differs from the source, each position is carried
over through character offsets: the two texts differ only in whitespace and
line continuations, and a single pass pairs their other characters.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping

import libcst as cst
from libcst.metadata import CodeRange
from libcst.metadata.position_provider import PositionProvidingCodegenState

from scanner.analyzers.base import Unparsable
from scanner.analyzers.lines import LineIndex
from scanner.model import Location

# What libcst may drop from a source or add to it when generating it back.
_LAYOUT = frozenset(" \t\x0c\\\r\n")


class _Sink:
    """Where PositionProvidingCodegenState writes: the provider's `_computed` slot."""

    def __init__(self) -> None:
        self._computed: dict[cst.CSTNode, CodeRange] = {}


def generate(module: cst.Module) -> tuple[Mapping[cst.CSTNode, CodeRange], str]:
    """PositionProvider's ranges from one code generation, and the code generated.

    The same state class PositionProvider uses, so the ranges are identical,
    without MetadataWrapper's extra pass over the tree, which cost as much
    again as the generation.
    """
    sink = _Sink()
    state = PositionProvidingCodegenState(
        default_indent=module.default_indent,
        default_newline=module.default_newline,
        provider=sink,  # type: ignore[arg-type]
    )
    try:
        module._codegen(state)
    except (RecursionError, KeyError):
        # Code generation recurses once per nesting level (about two frames per
        # `elif`); on the way out of a RecursionError libcst's position tracking
        # raises KeyError. Either way the tree is too deep for us to place a finding.
        raise Unparsable("Python nesting too deep") from None
    return sink._computed, "".join(state.tokens)


def positions(module: cst.Module) -> Mapping[cst.CSTNode, CodeRange]:
    return generate(module)[0]


class SourcePositions:
    """Node -> `Location` in the source's lines (1-based line and column, end exclusive)."""

    def __init__(self, module: cst.Module, source: str) -> None:
        self._ranges, code = generate(module)
        self._moved = None if code == source else _Realigned.of(code, source)

    def location(self, node: cst.CSTNode) -> Location:
        where = self._ranges[node]
        found = Location(
            where.start.line, where.start.column + 1, where.end.line, where.end.column + 1
        )
        return found if self._moved is None else self._moved.location(found)


class _Realigned:
    """Generated-code positions carried over to the source they were generated from."""

    def __init__(self, code: LineIndex, source: LineIndex, to_source: array[int]) -> None:
        self.code = code
        self.source = source
        self.to_source = to_source

    @classmethod
    def of(cls, code: str, source: str) -> _Realigned | None:
        to_source = _pair(code, source)
        if to_source is None:
            return None
        return cls(LineIndex.of(code), LineIndex.of(source), to_source)

    def location(self, found: Location) -> Location:
        start = self.code.offset(found.line, found.column)
        end = self.code.offset(found.end_line, found.end_column)
        last = len(self.to_source) - 1
        start = min(max(start, 0), last)
        end = min(max(end, start), last)
        # The end pairs with the character before it: layout the source has after a
        # node (a dropped `\` line) must not stretch the node over it.
        source_end = self.to_source[end - 1] + 1 if end > start else self.to_source[start]
        return self.source.location(self.to_source[start], source_end)


def _pair(code: str, source: str) -> array[int] | None:
    """For each offset of `code` (and its end), the offset of the same character in `source`.

    Layout only one side has is skipped on that side; None when the texts
    differ in anything but layout, which libcst never does.
    """
    to_source = array("q")
    cursor = 0
    size = len(source)
    for char in code:
        while cursor < size and source[cursor] != char and source[cursor] in _LAYOUT:
            cursor += 1
        if cursor < size and source[cursor] == char:
            to_source.append(cursor)
            cursor += 1
        elif char in _LAYOUT:
            to_source.append(cursor)
        else:
            return None
    to_source.append(cursor)
    return to_source
