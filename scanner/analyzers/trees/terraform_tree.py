"""Terraform's top-level blocks (`resource "aws_…" "name" { … }`) with their lines and literals.

python-hcl2's `loads` drops places, so this reads the parse tree the
`.tfvars` reader walks (`config/readers/hcl_tree.py`), block by block: each
top-level block keeps the line of its first word, the literals under it
(paths relative to the block, through the `.tfvars` reader's own walk) and
the path of every attribute and nested block it writes, literal or not, so
that a check can tell "`authorizer_id` computed" from "`authorizer_id`
absent".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from scanner.analyzers.base import Source
from scanner.analyzers.config.setting import Setting

MAX_DEPTH = 50
Path = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Block:
    """One top-level block: `resource "aws_lb_listener" "web"` is kind `resource`, two labels."""

    kind: str
    labels: tuple[str, ...]
    line: int
    literals: Mapping[Path, Setting]  # literal values, by path inside the block
    written: frozenset[Path]  # every attribute and nested block the block writes

    def literal(self, *path: str) -> str | None:
        found = self.literals.get(path)
        return found.value if found is not None else None

    def writes(self, *path: str) -> bool:
        return path in self.written


def parse(source: Source) -> tuple[Block, ...]:
    """The file's top-level blocks; `Unparsable` with the line where HCL's grammar gives up."""
    from lark import Token, Tree

    from scanner.analyzers.config.readers.hcl_reader import parse_tree
    from scanner.analyzers.config.readers.hcl_tree import Walk

    tree = parse_tree(source)
    walk = Walk(source)

    def trees(node: Tree[Token]) -> list[Tree[Token]]:
        return [child for child in node.children if isinstance(child, Tree)]

    def word(node: Tree[Token]) -> str:
        tokens = [str(v) for v in node.scan_values(lambda v: isinstance(v, Token))]
        return "".join(t for t in tokens if t != '"')

    def written(body: Tree[Token], path: Path, depth: int) -> Iterator[Path]:
        if depth > MAX_DEPTH:
            return
        for child in trees(body):
            if child.data == "attribute":
                yield (*path, word(trees(child)[0]))
            elif child.data == "block":
                name = (*path, word(trees(child)[0]))
                yield name
                for inner in trees(child):
                    if inner.data == "body":
                        yield from written(inner, name, depth + 1)

    blocks = []
    for top in (child for child in trees(tree) if child.data == "body"):
        for block in (child for child in trees(top) if child.data == "block"):
            parts = trees(block)
            body = next((part for part in parts if part.data == "body"), None)
            labels = tuple(word(part) for part in parts if part.data != "body")
            first = next(parts[0].scan_values(lambda v: isinstance(v, Token)), None)
            offset = first.start_pos if first is not None and first.start_pos else 0
            settings = list(walk.body(body, (), 0)) if body is not None else []
            blocks.append(
                Block(
                    labels[0] if labels else "",
                    labels[1:],
                    source.index.line(offset),
                    {setting.path: setting for setting in settings},
                    frozenset(written(body, (), 0)) if body is not None else frozenset(),
                )
            )
    return tuple(blocks)
