"""Where each node of a parsed module is, in the lines of the text it was parsed from.

libcst's positions are those of the code it generates back from the tree.
Generating a whole module costs as much as parsing it, so only the top-level
statements that hold a located node are generated, each on its own, and
moved to the line where CPython's own parser (`ast`, in C, a fraction of the
cost) says the statement starts. Each generated statement is checked against
the source lines it lands on; any difference sends the file down the exact
path below.

That path generates the whole module. The generated code is the source
itself for nearly every file, but not for all: a line holding nothing but
`\\` is dropped, as is a final lone `\\r`. Positions after such a place would
point one line early, where a mask would miss its secret. So when the
generated code differs from the source, each position is carried over
through character offsets: the two texts differ only in whitespace and line
continuations, and a single pass pairs their other characters.
"""

from __future__ import annotations

import ast
import re
import warnings
from array import array
from collections.abc import Mapping
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import CodeRange
from libcst.metadata.position_provider import PositionProvidingCodegenState

from scanner.analyzers.base import Unparsable
from scanner.analyzers.lines import LineIndex
from scanner.analyzers.python.walk import child_fields
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

    def __init__(self, module: cst.Module, source: str, per_statement: bool = True) -> None:
        self._module = module
        self._source = source
        self._statements = _Statements.of(module, source) if per_statement else None
        self._ranges: Mapping[cst.CSTNode, CodeRange] | None = None
        self._moved: _Realigned | None = None

    @property
    def per_statement(self) -> bool:
        """Whether positions still come from statements generated alone."""
        return self._statements is not None

    def location(self, node: cst.CSTNode) -> Location:
        if self._statements is not None:
            found = self._statements.location(node)
            if found is not None:
                return found
            self._statements = None  # a node no statement holds, or a statement that moved
        if self._ranges is None:
            self._ranges, code = generate(self._module)
            self._moved = None if code == self._source else _Realigned.of(code, self._source)
        found = _location(self._ranges[node], 0)
        return found if self._moved is None else self._moved.location(found)


def _location(where: CodeRange, shift: int) -> Location:
    return Location(
        where.start.line + shift,
        where.start.column + 1,
        where.end.line + shift,
        where.end.column + 1,
    )


# A line that is only a line continuation: libcst drops it when generating code.
_LONE_BACKSLASH = re.compile(r"^[ \t\f]*\\$", re.MULTILINE)


class _Stop(Exception):
    """Raised by `_HeaderState` where a compound statement's body starts."""


class _HeaderState(PositionProvidingCodegenState):
    """Generates a statement up to its first indented block or clause, then stops."""

    def before_codegen(self, node: cst.CSTNode) -> None:
        if isinstance(node, _BODIES):
            raise _Stop
        super().before_codegen(node)


_BODIES = (
    cst.IndentedBlock,
    cst.Else,
    cst.ExceptHandler,
    cst.ExceptStarHandler,
    cst.Finally,
    cst.MatchCase,
)


@dataclass(frozen=True, slots=True)
class _Unit:
    """A simple statement line, or a compound statement's header: what is generated alone."""

    statement: cst.BaseStatement
    indents: tuple[str, ...]
    line: int  # where it starts in the source: its first decorator, else its first token
    is_elif: bool = False


class _Statements:
    """Positions from each statement generated alone, placed at `ast`'s line for it."""

    def __init__(self, module: cst.Module, lines: list[str], tree: ast.Module) -> None:
        self.module = module
        self.lines = lines
        self.tree = tree
        self.units: list[_Unit] | None = None
        self.owners: dict[int, int] = {}
        self.placed: dict[int, Mapping[cst.CSTNode, CodeRange] | None] = {}

    @classmethod
    def of(cls, module: cst.Module, source: str) -> _Statements | None:
        """None when the source has layout libcst may not give back (see the module's doc)."""
        if "\r" in source or _LONE_BACKSLASH.search(source):
            return None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # `"\d"` and the like: the scan is no compile
                tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None
        return cls(module, source.split("\n"), tree)

    def location(self, node: cst.CSTNode) -> Location | None:
        if self.units is None:
            try:
                self.units = _Units(self.module, self.tree, self.owners).read()
            except RecursionError:  # too deep to walk: the whole-module path says so
                self.units = None
            if self.units is None:
                return None
        index = self.owners.get(id(node))
        if index is None:
            return None
        if index not in self.placed:
            self.placed[index] = self._place(self.units[index])
        ranges = self.placed[index]
        if ranges is None or node not in ranges:
            return None
        return _location(ranges[node], self.units[index].line - 1)

    def _place(self, unit: _Unit) -> Mapping[cst.CSTNode, CodeRange] | None:
        """The unit's ranges, counted from its first line, if it lands on its own text."""
        sink = _Sink()
        state = _HeaderState(
            default_indent=self.module.default_indent,
            default_newline=self.module.default_newline,
            provider=sink,  # type: ignore[arg-type]
        )
        state.indent_tokens = list(unit.indents)
        statement = unit.statement.with_changes(leading_lines=())
        try:
            if unit.is_elif:
                statement._codegen(state, is_elif=True)
            else:
                statement._codegen(state)
        except (_Stop, KeyError):
            pass  # a header: the nodes before the body are placed, the statement is not
        except RecursionError:
            return None
        else:
            sink._computed[unit.statement] = sink._computed[statement]
        *complete, partial = "".join(state.tokens).split("\n")
        start = unit.line - 1
        landed = self.lines[start : start + len(complete) + 1]
        if landed[: len(complete)] != complete:
            return None
        if partial and not (len(landed) > len(complete) and landed[-1].startswith(partial)):
            return None
        return sink._computed


class _Units:
    """The units of a module in source order, each node's unit, each unit's `ast` line.

    `ast` has a statement for each small statement of a line (`a = 1; b = 2`),
    and for each of a one-line suite (`if x: a; b`); both trees list them in
    source order, so the two walks stay in step, and any step out of line
    gives up (the caller then generates the whole module).
    """

    def __init__(self, module: cst.Module, tree: ast.Module, owners: dict[int, int]) -> None:
        self.module = module
        self.statements = iter(
            sorted(
                (n for n in ast.walk(tree) if isinstance(n, ast.stmt)),
                key=lambda n: (n.lineno, n.col_offset),
            )
        )
        self.owners = owners
        self.units: list[_Unit] = []
        self.lost = False

    def read(self) -> list[_Unit] | None:
        for statement in self.module.body:
            self._statement(statement, ())
        if self.lost or next(self.statements, None) is not None:
            return None
        return self.units

    def _take(self, count: int) -> ast.stmt | None:
        found = [next(self.statements, None) for _ in range(count)]
        if not found or found[-1] is None:
            self.lost = True
            return None
        return found[0]

    def _statement(
        self, statement: cst.BaseStatement, indents: tuple[str, ...], is_elif: bool = False
    ) -> None:
        if self.lost:
            return
        count = len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
        first = self._take(count)
        if first is None:
            return
        line = first.lineno
        decorators = getattr(first, "decorator_list", None)
        if decorators:
            line = min(d.lineno for d in decorators)
        index = len(self.units)
        self.units.append(_Unit(statement, indents, line, is_elif))
        self.owners[id(statement)] = index
        self._own(statement, index, indents)

    def _own(self, node: cst.CSTNode, index: int | None, indents: tuple[str, ...]) -> None:
        """Mark `node`'s descendants as `index`'s, up to the bodies that hold their own units."""
        for name in child_fields(type(node)):
            value = getattr(node, name)
            for child in value if isinstance(value, (list, tuple)) else (value,):
                if not hasattr(child, "__dataclass_fields__"):
                    continue
                if isinstance(child, cst.IndentedBlock):
                    inner = (*indents, child.indent or self.module.default_indent)
                    for statement in child.body:
                        self._statement(statement, inner)
                elif isinstance(child, cst.If):  # `elif`
                    self._statement(child, indents, is_elif=True)
                elif isinstance(child, cst.SimpleStatementSuite):
                    self._take(len(child.body))
                    if index is not None:
                        self.owners[id(child)] = index
                    self._own(child, index, indents)
                elif isinstance(child, _BODIES):
                    self._own(child, None, indents)  # a clause's header: no unit of its own
                else:
                    if index is not None:
                        self.owners[id(child)] = index
                    self._own(child, index, indents)


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
