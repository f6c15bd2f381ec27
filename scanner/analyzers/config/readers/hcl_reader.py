"""Terraform variable files (`.tfvars`) through python-hcl2's parse tree, which keeps each token's place.

python-hcl2's `loads` gives values without their places (and strings with
their quotes), so the reader walks the tree `parses_to_tree` gives instead:
an attribute's name, the labels of the blocks around it
(`resource "aws_db_instance" "db" { password = ... }`) and the keys of the
objects above it make the key path; a tuple's objects get `[n]`, as TOML's
arrays of tables do. A value is a literal only when it is a string without
interpolation, a number or a boolean: an expression (`var.x`,
`"${local.y}"`, a function call) is computed by Terraform, and a heredoc
is left to the formats SEC002 knows. Lark counts only `\\n` as a line end,
so places come from the tokens' offsets through the engine's line index.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lark import Token, Tree
from lark.exceptions import LarkError

from scanner.analyzers.base import Source, Unparsable
from scanner.analyzers.config.setting import Reader, Setting
from scanner.model import FileKind

MAX_DEPTH = 100
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))|([$%])\4\{", re.DOTALL)
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_NUMBERS = frozenset({"int_lit", "float_lit"})

Path = tuple[str, ...]


def read(source: Source) -> Iterator[list[Setting]]:
    # Imported on first use: the grammar costs a tenth of a second, paid only by scans with HCL.
    import hcl2

    try:
        tree = hcl2.parses_to_tree(source.text)
    except LarkError as error:
        offset = getattr(error, "pos_in_stream", None)  # the message quotes the source: dropped
        line = source.index.line(offset) if isinstance(offset, int) and offset >= 0 else 0
        raise Unparsable("HCL syntax error", line) from None
    except RecursionError:
        raise Unparsable("HCL nested too deeply") from None
    yield list(_Walk(source).body(tree, (), 0))


READER = Reader("hcl", FileKind.HCL, read)


class _Walk:
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


def decode(raw: str) -> str:
    """A quoted string's text as Terraform reads it: escapes applied, `$${` and `%%{` undoubled."""

    def one(match: re.Match[str]) -> str:
        if match[4]:
            return match[4] + "{"
        code = match[1] or match[2]
        if code:
            number = int(code, 16)
            surrogate = 0xD800 <= number <= 0xDFFF  # alone, no UTF-8 encoder takes one
            return match[0] if surrogate or number > 0x10FFFF else chr(number)
        return _ESCAPES.get(match[3], match[0])

    return _ESCAPE.sub(one, raw)


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
