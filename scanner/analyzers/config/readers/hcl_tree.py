"""The settings in python-hcl2's parse tree: lark's nodes walked, each literal placed.

Apart from `hcl_reader` so that lark is imported only when an HCL file is read.
"""

from __future__ import annotations

from collections.abc import Iterator

from lark import Token, Tree

from scanner.analyzers.base import Source
from scanner.analyzers.config.readers.hcl_reader import decode
from scanner.analyzers.config.setting import Setting

MAX_DEPTH = 100
_NUMBERS = frozenset({"int_lit", "float_lit"})

Path = tuple[str, ...]


class Walk:
    """Settings of one parsed file, placed through the source's line index."""

    def __init__(self, source: Source) -> None:
        self.source = source

    def body(self, node: Tree[Token], path: Path, depth: int) -> Iterator[Setting]:
        if depth > MAX_DEPTH:
            return
        for child in _trees(node):
            if child.data == "body" or child.data == "start":
                yield from self.body(child, path, depth + 1)
            elif child.data == "attribute":
                name, *_, value = _trees(child)
                yield from self.value(value, (*path, _name(name)), depth + 1)
            elif child.data == "block":
                parts = _trees(child)
                labels = tuple(_label(part) for part in parts if part.data != "body")
                for inner in parts:
                    if inner.data == "body":
                        yield from self.body(inner, (*path, *labels), depth + 1)

    def value(self, node: Tree[Token], path: Path, depth: int) -> Iterator[Setting]:
        """The settings under one expression: a literal, or the literals of an object or tuple."""
        if depth > MAX_DEPTH:
            return
        while node.data == "expr_term" and len(node.children) == 1:
            inner = node.children[0]
            if not isinstance(inner, Tree):
                break
            node = inner
        if node.data == "string":
            yield from self.string(node, path)
        elif node.data in _NUMBERS or node.data == "literal_value":
            token = next(node.scan_values(lambda v: isinstance(v, Token)), None)
            if token is not None:
                yield self.setting(path, str(token), token)
        elif node.data == "object":
            for element in _trees(node):
                if element.data == "object_elem":
                    key, *_, value = _trees(element)
                    yield from self.value(value, (*path, _label(key)), depth + 1)
        elif node.data == "tuple":
            for number, item in enumerate(_trees(node)):
                yield from self.value(item, (*path, f"[{number}]"), depth + 1)

    def string(self, node: Tree[Token], path: Path) -> Iterator[Setting]:
        quotes = [c for c in node.children if isinstance(c, Token)]
        if len(quotes) != 2 or any(_interpolates(part) for part in _trees(node)):
            return  # `"${var.x}"` is computed: no literal
        opening, closing = quotes
        start, end = _end(opening), _start(closing)
        raw = self.source.text[start:end]
        yield Setting(path, decode(raw), self.source.index.location(start, end))

    def setting(self, path: Path, value: str, token: Token) -> Setting:
        return Setting(path, value, self.source.index.location(_start(token), _end(token)))


def _trees(node: Tree[Token]) -> list[Tree[Token]]:
    return [child for child in node.children if isinstance(child, Tree)]


def _interpolates(node: Tree[Token]) -> bool:
    return next(node.find_data("interpolation"), None) is not None


def _name(node: Tree[Token]) -> str:
    """An identifier's text."""
    return "".join(str(v) for v in node.scan_values(lambda v: isinstance(v, Token)))


def _label(node: Tree[Token]) -> str:
    """A block label or an object key: a name, or a quoted string's text."""
    tokens = [v for v in node.scan_values(lambda v: isinstance(v, Token))]
    return decode("".join(str(t) for t in tokens if t.type not in ("DBLQUOTE", "EQ", "COLON")))


def _start(token: Token) -> int:
    return token.start_pos or 0


def _end(token: Token) -> int:
    return token.end_pos or 0
