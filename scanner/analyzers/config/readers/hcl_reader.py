"""Terraform files (`.tf`, `.tfvars`) through python-hcl2's parse tree, which keeps each token's place.

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
from typing import TYPE_CHECKING

from scanner.analyzers.base import Source, Unparsable
from scanner.analyzers.config.setting import Reader, Setting
from scanner.file_format import FileFormat, Files, Syntax
from scanner.model import FileKind

if TYPE_CHECKING:
    from lark import Token, Tree

_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))|([$%])\4\{", re.DOTALL)
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def read(source: Source) -> Iterator[list[Setting]]:
    from scanner.analyzers.config.readers.hcl_tree import Walk

    yield list(Walk(source).body(parse_tree(source), (), 0))


def parse_tree(source: Source) -> Tree[Token]:
    """python-hcl2's parse tree of the file; `Unparsable` with the line where the grammar gives up."""
    # Imported on first use: lark and the grammar cost a tenth of a second, paid only by
    # scans with HCL (a pre-commit run imports every reader).
    import hcl2
    from lark.exceptions import LarkError

    try:
        tree: Tree[Token] = hcl2.parses_to_tree(source.text)
    except LarkError as error:
        offset = getattr(error, "pos_in_stream", None)  # the message quotes the source: dropped
        line = source.index.line(offset) if isinstance(offset, int) and offset >= 0 else 0
        raise Unparsable("HCL syntax error", line) from None
    except RecursionError:
        raise Unparsable("HCL nested too deeply") from None
    return tree


HCL = FileFormat(
    FileKind.HCL, Syntax(("#", "//"), "="), "hcl", (Files(suffixes=(".tf", ".tfvars")),)
)
READER = Reader("hcl", HCL, read)


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
