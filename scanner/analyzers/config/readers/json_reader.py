"""JSON (and JSON with comments) as the same positioned node graph YAML gives.

`json.loads` decides whether the text is JSON and decodes each string; a
token pass then rebuilds the document as `yaml` nodes carrying start and end
marks, so one walker serves YAML and JSON alike (a Kubernetes manifest or an
ECS task definition reads the same in either). Files that are not strict
JSON are retried as JSONC (`tsconfig.json`, `.vscode/settings.json`,
`*.jsonc`): comments and trailing commas are blanked out with spaces, so
every line and column stays where it was.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import yaml

from scanner.analyzers.base import Source, Unparsable
from scanner.analyzers.config.gate import worth_reading
from scanner.analyzers.config.readers.document_tree import tree_settings
from scanner.analyzers.config.setting import Reader, Setting
from scanner.analyzers.lines import LineIndex
from scanner.file_format import FileFormat, Files, Syntax
from scanner.model import FileKind

MAX_DEPTH = 200
_TOKEN = re.compile(
    r"""(?P<string>"(?:[^"\\]|\\.)*")|(?P<punct>[{}\[\]:,])|(?P<word>[^\s{}\[\]:,"]+)|(?P<space>\s+)""",
    re.DOTALL,
)
_JSONC_TOKEN = re.compile(
    r"""(?P<string>"(?:[^"\\\n]|\\.)*"?)|(?P<comment>//[^\n]*|/\*(?:[^*]|\*(?!/))*(?:\*/)?)"""
    r"""|(?P<comma>,)|(?P<close>[}\]])|(?P<space>\s+)|(?P<other>[^",/}\]\s]+|/)""",
    re.DOTALL,
)
_TAGS = {"true": "bool", "false": "bool", "null": "null"}


def read(source: Source) -> Iterator[list[Setting]]:
    for root in json_documents(source.text, worth_reading, source.index):
        yield list(tree_settings(root, source.lines, worth_reading))


# Docker's `config.json` and Terraform state are JSON too (their readers): one syntax.
JSON_SYNTAX = Syntax(("//",))
JSON = FileFormat(
    FileKind.JSON, JSON_SYNTAX, "json", (Files(suffixes=(".json", ".jsonc", ".jwk", ".jwks")),)
)
READER = Reader("json", JSON, read)


def json_documents(
    text: str, keep: Callable[[tuple[str, ...], str], bool], index: LineIndex | None = None
) -> list[yaml.Node]:
    """The document as nodes; raises Unparsable with the line of the first error.

    Integers stay text, as values are judged: converting them would raise
    past CPython's 4,300-digit limit.

    Positions cost a pass in Python over every token, so they are only
    worked out when `keep` wants at least one of the document's values.
    Lines are the engine's (`lines.py`), not JSON's: `json` counts only
    `\n`, where a lone `\r` (whitespace to JSON) ends a line too.
    """
    if not text.strip():
        return []
    body = text
    try:
        document = json.loads(body, parse_int=str)
    except json.JSONDecodeError as strict:
        body = strip_comments(body)
        try:
            document = json.loads(body, parse_int=str)
        except json.JSONDecodeError:
            line = (index or LineIndex.of(text)).line(strict.pos)
            raise Unparsable("JSON syntax error", line) from None
        except RecursionError:
            raise Unparsable("JSON nested too deeply") from None
    except RecursionError:
        raise Unparsable("JSON nested too deeply") from None
    if not _wanted(document, keep):
        return []
    return [_Builder(body, index or LineIndex.of(text)).build()]


def _wanted(document: Any, keep: Callable[[tuple[str, ...], str], bool]) -> bool:
    """Whether any value, under its key (or `name` for env lists), is one `keep` wants."""
    stack: list[tuple[Any, tuple[str, ...], int]] = [(document, (), 0)]
    while stack:
        node, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            continue
        if isinstance(node, dict):
            if node.get("kind") == "Secret":
                return True
            named, value = node.get("name"), node.get("value")
            if isinstance(named, str) and isinstance(value, str) and keep((*path, named), value):
                return True
            for key, value in node.items():
                stack.append((value, (*path, str(key)), depth + 1))
        elif isinstance(node, list):
            stack.extend((item, (*path, "[]"), depth + 1) for item in node)
        elif keep(path, node if isinstance(node, str) else str(node)):
            return True
    return False


def strip_comments(text: str) -> str:
    """`//` and `/* */` comments and trailing commas become spaces; strings are left alone.

    One pass over tokens that each end where they must (an unclosed string
    or comment runs to the end of the text once), so hostile input stays linear.
    """
    pieces: list[str] = []
    comma = -1  # index in `pieces` of a comma followed only by blanks so far
    for match in _JSONC_TOKEN.finditer(text):
        token = match.group(0)
        kind = match.lastgroup
        if kind == "comment":
            pieces.append(re.sub(r"[^\n]", " ", token))
            continue
        if kind == "close" and comma >= 0:
            pieces[comma] = " "
        if kind == "comma":
            comma = len(pieces)
        elif kind != "space":
            comma = -1
        pieces.append(token)
    return "".join(pieces)


class _Builder:
    """Nodes for the tokens of `text`, marked through `index`, which counts its lines."""

    def __init__(self, text: str, index: LineIndex) -> None:
        self.text = text
        self.index = index

    def mark(self, offset: int) -> yaml.Mark:
        line, column = self.index.position(offset)
        return yaml.Mark("<json>", offset, line - 1, column - 1, "", 0)

    def build(self) -> yaml.Node:
        root: yaml.Node | None = None
        stack: list[yaml.Node] = []  # open containers
        pending: list[yaml.Node | None] = []  # a mapping's key waiting for its value
        for match in _TOKEN.finditer(self.text):
            kind = match.lastgroup
            start, end = match.span()
            if kind == "space":
                continue
            token = match.group(0)
            if kind == "punct" and token in "{[":
                if len(stack) >= MAX_DEPTH:
                    raise Unparsable("JSON nested too deeply", self.index.line(start))
                node: yaml.Node = (
                    yaml.MappingNode("tag:yaml.org,2002:map", [], self.mark(start), None, True)
                    if token == "{"
                    else yaml.SequenceNode(
                        "tag:yaml.org,2002:seq", [], self.mark(start), None, True
                    )
                )
                root = self._attach(node, stack, pending, root)
                stack.append(node)
                pending.append(None)
            elif kind == "punct" and token in "}]":
                closed = stack.pop()
                pending.pop()
                closed.end_mark = self.mark(end)
            elif kind in ("string", "word"):
                scalar = self._scalar(token, kind, start, end)
                if stack and isinstance(stack[-1], yaml.MappingNode) and pending[-1] is None:
                    pending[-1] = scalar  # a key: its value follows the colon
                else:
                    root = self._attach(scalar, stack, pending, root)
        if root is None:
            raise Unparsable("JSON document is empty")
        return root

    def _scalar(self, token: str, kind: str | None, start: int, end: int) -> yaml.ScalarNode:
        if kind == "string":
            value = json.loads(token)
            tag, style = "tag:yaml.org,2002:str", '"'
        else:
            value = token
            tag, style = f"tag:yaml.org,2002:{_TAGS.get(token, 'float')}", None
        return yaml.ScalarNode(tag, value, self.mark(start), self.mark(end), style)

    def _attach(
        self,
        node: yaml.Node,
        stack: list[yaml.Node],
        pending: list[yaml.Node | None],
        root: yaml.Node | None,
    ) -> yaml.Node | None:
        if not stack:
            return node if root is None else root
        parent = stack[-1]
        if isinstance(parent, yaml.MappingNode):
            parent.value.append((pending[-1], node))
            pending[-1] = None
        else:
            parent.value.append(node)
        return root
