"""YAML files, Helm templates among them, read as positioned `yaml` nodes.

A Helm template is read with its `{{ }}` actions blanked out;
`yamldoc.documents` refuses flow collections nested deep enough to overflow
LibYAML's stack. A file the parser refuses is still read line by line for
the `key: value` pairs it holds, then reported unparsable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from scanner.analyzers import yamldoc
from scanner.analyzers.base import Source, Unparsable
from scanner.analyzers.config.gate import worth_reading
from scanner.analyzers.config.readers.document_tree import tree_settings
from scanner.analyzers.config.setting import Reader, Setting
from scanner.analyzers.lines import LineIndex
from scanner.file_format import FileFormat, Files, Syntax
from scanner.model import FileKind


def read(source: Source) -> Iterator[list[Setting]]:
    """The file's settings, one list per document of the stream."""
    try:
        roots = yaml_documents(source.text, source.index)
    except Unparsable:
        # The file is reported unparsable, and what its lines still say is judged.
        yield list(tree_settings(line_document(source), source.lines, worth_reading))
        raise
    for root in roots:
        yield list(tree_settings(root, source.lines, worth_reading))


# CI pipelines are YAML too: their formats (`ci.platforms`) share this syntax.
YAML_SYNTAX = Syntax(("#",), ":", shell=True, continuations="word")
YAML = FileFormat(FileKind.YAML, YAML_SYNTAX, "yaml", (Files(suffixes=(".yml", ".yaml")),))
READER = Reader("yaml", YAML, read)


def yaml_documents(text: str, index: LineIndex | None = None) -> list[yaml.Node]:
    """YAML documents; a Helm template is read with its `{{ }}` actions blanked out."""
    try:
        return list(yamldoc.documents(text, index))
    except Unparsable:
        if "{{" not in text:
            raise
        return list(yamldoc.documents(blank_template_actions(text), index))


def line_document(source: Source) -> yaml.MappingNode:
    """A YAML file the parser refused, as one mapping of the `key: value` lines it still holds."""
    pairs = list(yamldoc.line_entries(source.lines, source.index))
    start = pairs[0][0].start_mark if pairs else yaml.Mark("<lines>", 0, 0, 0, "", 0)
    end = pairs[-1][1].end_mark if pairs else start
    return yaml.MappingNode("tag:yaml.org,2002:map", pairs, start, end)


def blank_template_actions(text: str) -> str:
    """Every `{{ ... }}` becomes spaces (line ends kept), so every offset, line and column
    stays put."""
    pieces = []
    cursor = 0
    while (start := text.find("{{", cursor)) >= 0:
        end = text.find("}}", start + 2)
        if end < 0:
            break
        pieces.append(text[cursor:start])
        pieces.append(re.sub(r"[^\r\n]", " ", text[start : end + 2]))
        cursor = end + 2
    pieces.append(text[cursor:])
    return "".join(pieces)
