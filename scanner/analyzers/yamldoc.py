"""YAML as a node graph with positions, for every analyzer that reads YAML.

`yaml.compose` (LibYAML's CSafeLoader when present) keeps line and column of
every value and never constructs Python objects, so it also reads the files
`safe_load` rejects (custom tags like `!Ref`) and cannot be made to run code.
Aliases stay shared nodes: walking visits each node once, so a "billion
laughs" document costs as much as its text, not its expansion. Marks are
counted in the engine's line model (`lines.py`): YAML also ends a line at
U+0085, U+2028 and U+2029, so a file holding one has its marks recounted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import yaml

from scanner.analyzers.base import Unparsable
from scanner.analyzers.lines import LineIndex, split_lines
from scanner.model import Location

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 200
MAX_FLOW_DEPTH = 1000  # real files nest a few levels; LibYAML's C stack gives out near 50,000
_FLOW_BRACKET = re.compile(r"[\[\]{}]")
_ANCHOR_OR_TAG = re.compile(r"^(?:(?:&[^\s]+|![^\s]*)\s+)+")  # `&anchor`, `!!str` before a value
_LIST_ITEM = re.compile(r"^[ \t]*(?:-[ \t]+)*")  # indentation and `- ` markers
_YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class Entry:
    """A mapping value with the keys that lead to it (`("jobs", "build", "env")`)."""

    path: tuple[str, ...]
    key: yaml.ScalarNode
    value: yaml.Node


def documents(text: str, index: LineIndex | None = None) -> list[yaml.Node]:
    """Every document of a YAML stream; raises Unparsable with the line, never the text.

    `index` is the text's line index, when the caller has it already.
    """
    too_deep = _flow_nesting_over(text, MAX_FLOW_DEPTH)
    if too_deep:
        raise Unparsable("YAML nested too deeply", too_deep)
    recount = _YAML_ONLY_BREAKS.search(text) is not None
    try:
        roots = [node for node in yaml.compose_all(text, Loader=_LOADER) if node is not None]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = 0 if mark is None else mark.line + 1
        if mark is not None and recount:
            line = (index or LineIndex.of(text)).line(mark.index)
        # At the end of a file LibYAML marks the line after the last one.
        line = min(line, len(split_lines(text)))
        raise Unparsable("YAML syntax error", line) from None
    except (yaml.YAMLError, RecursionError):
        raise Unparsable("YAML could not be read") from None
    if recount:
        _recount(roots, index or LineIndex.of(text))
    return roots


def _recount(roots: list[yaml.Node], index: LineIndex) -> None:
    """Every node's marks in the engine's lines, from their character offsets."""
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        node.start_mark = _mark(node.start_mark, index)
        node.end_mark = _mark(node.end_mark, index)
        if isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _mark(mark: yaml.Mark, index: LineIndex, start: int = 0) -> yaml.Mark:
    """`mark` of a text that starts at offset `start` of the file, in the file's lines."""
    offset = start + mark.index
    line, column = index.position(offset)
    return yaml.Mark(mark.name, offset, line - 1, column - 1, mark.buffer, mark.pointer)


def line_entries(
    lines: Sequence[str], index: LineIndex
) -> Iterator[tuple[yaml.ScalarNode, yaml.ScalarNode]]:
    """What is left to read of a stream the parser refused: each `key: value` written on a
    line of its own, composed as a document of its own, with marks in the file's lines.

    One broken line must not hide a password ten lines away: SEC001 and CI001
    still judge it and its mask still covers it in other findings' snippets.
    Values over several lines (block scalars, flow collections) are lost.
    """
    for number, line in enumerate(lines, 1):
        body = _LIST_ITEM.sub("", line)
        if ": " not in body or body.startswith("#") or _YAML_ONLY_BREAKS.search(body):
            continue
        if _flow_nesting_over(body, MAX_FLOW_DEPTH):
            continue  # LibYAML would overflow its C stack on this line as on the file
        try:
            node = yaml.compose(body, Loader=_LOADER)
        except (yaml.YAMLError, RecursionError):
            continue
        if not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
            continue
        key, value = node.value[0]
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode):
            start = index.offset(number, len(line) - len(body) + 1)
            yield _moved(key, start, index), _moved(value, start, index)


def _moved(node: yaml.ScalarNode, start: int, index: LineIndex) -> yaml.ScalarNode:
    first = _mark(node.start_mark, index, start)
    last = _mark(node.end_mark, index, start)
    return yaml.ScalarNode(node.tag, node.value, first, last, node.style)


def _flow_nesting_over(text: str, limit: int) -> int:
    """The line where `[`/`{` nesting passes `limit`, or 0.

    LibYAML composes in C, recursively: tens of thousands of nested flow
    collections overflow its stack and kill the process, so they are
    refused before parsing. Brackets inside quoted strings count too, which
    can only refuse a file that nests absurdly anyway.
    """
    if text.count("[") + text.count("{") <= limit:
        return 0
    depth = 0
    for match in _FLOW_BRACKET.finditer(text):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                return text.count("\n", 0, match.start()) + 1
        elif depth:
            depth -= 1
    return 0


def entries(root: yaml.Node) -> Iterator[Entry]:
    """Every key/value pair under `root`, depth first, each node visited once."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, tuple[str, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in seen or len(path) > MAX_DEPTH:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            pairs = []
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else "?"
                if isinstance(key, yaml.ScalarNode):
                    pairs.append(Entry((*path, str(name)), key, value))
                stack.append((value, (*path, str(name))))
            yield from pairs
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                stack.append((item, (*path, f"[{index}]")))


def mappings(root: yaml.Node) -> Iterator[tuple[tuple[str, ...], yaml.MappingNode]]:
    """Every mapping under `root` with its key path, in document order, each node once."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, tuple[str, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in seen or len(path) > MAX_DEPTH:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            yield path, node
            for key, value in reversed(node.value):
                stack.append((value, (*path, str(getattr(key, "value", "?")))))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in reversed(list(enumerate(node.value))):
                stack.append((item, (*path, f"[{index}]")))


def child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """`node[key]` for a mapping node, else None."""
    if not isinstance(node, yaml.MappingNode):
        return None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            found: yaml.Node = v
            return found
    return None


def scalar(node: yaml.Node | None) -> str | None:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else None


def location(node: yaml.Node) -> Location:
    start, end = node.start_mark, node.end_mark
    return Location(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def value_span(node: yaml.ScalarNode, lines: Sequence[str]) -> Location:
    """The characters of a scalar's value in the file's `lines`.

    Inside its quotes, after any anchor or tag, and for a block scalar (`|`,
    `>-`, `|2`...) from the first character of its first content line to the
    end of its last: its marks run from the indicator to the start of the
    line after the block, so a span taken from them would mask the `>` and
    point the finding at the key's line.
    """
    where = location(node)
    if node.style in ("|", ">"):
        return _block_span(where, lines)
    if where.line != where.end_line:
        return where
    raw = _line(lines, where.line)[where.column - 1 : where.end_column - 1]
    skip = len(raw) - len(_ANCHOR_OR_TAG.sub("", raw))
    if node.style in ("'", '"') and raw.endswith(node.style) and len(raw) - skip >= 2:
        return Location(where.line, where.column + skip + 1, where.line, where.end_column - 1)
    return Location(where.line, where.column + skip, where.line, where.end_column)


def _block_span(where: Location, lines: Sequence[str]) -> Location:
    last = where.end_line if where.end_column > 1 else where.end_line - 1
    content = [n for n in range(where.line + 1, min(last, len(lines)) + 1) if lines[n - 1].strip()]
    if not content:
        return where
    first = _line(lines, content[0])
    column = len(first) - len(first.lstrip()) + 1
    return Location(content[0], column, content[-1], len(_line(lines, content[-1]).rstrip()) + 1)


def _line(lines: Sequence[str], number: int) -> str:
    return lines[number - 1] if 1 <= number <= len(lines) else ""
