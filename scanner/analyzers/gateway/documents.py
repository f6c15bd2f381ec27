"""One parsed YAML or JSON document, and the small readers every platform walks it with.

JSON is read by the YAML composer too (YAML is a superset of JSON), so
both keep line and column and neither can run code. Readers get nodes,
never Python objects: a value's place is where a finding points.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import yaml

from scanner.analyzers import yamldoc
from scanner.analyzers.base import Source
from scanner.analyzers.config import durations
from scanner.analyzers.config.readers.yaml_reader import yaml_documents
from scanner.model import Location

_TRUE = frozenset({"true", "yes", "on"})
_FALSE = frozenset({"false", "no", "off"})


@dataclass(frozen=True, slots=True)
class Document:
    """A document whose root is a mapping, with the file's lines (for value spans) and path
    (for a finding's related places)."""

    root: yaml.MappingNode
    lines: Sequence[str]
    path: str = ""

    @property
    def api_version(self) -> str:
        return text(child(self.root, "apiVersion")) or ""

    @property
    def kind(self) -> str:
        return text(child(self.root, "kind")) or ""

    def is_kind(self, group: str, *kinds: str) -> bool:
        """`apiVersion` in `group` (any version) and `kind` one of `kinds`."""
        return self.api_version.partition("/")[0] == group and self.kind in kinds

    @property
    def name(self) -> str:
        return text(child(self.root, "metadata", "name")) or ""

    @property
    def title(self) -> str:
        """What a message calls the resource: `Deployment 'orders'` (the kind alone when the
        name is templated away)."""
        return f"{self.kind} '{self.name}'" if self.name else self.kind

    @property
    def namespace(self) -> str:
        return text(child(self.root, "metadata", "namespace")) or ""

    def span(self, node: yaml.Node) -> Location:
        """A scalar's characters inside its quotes, any other node's marks."""
        if isinstance(node, yaml.ScalarNode):
            return yamldoc.value_span(node, self.lines)
        return yamldoc.location(node)

    def kind_line(self) -> Location:
        """The `kind:` value: where a finding about the whole resource points."""
        found = child(self.root, "kind")
        return self.span(found) if found is not None else yamldoc.location(self.root)


def child(node: yaml.Node | None, *keys: str) -> yaml.Node | None:
    """`node[k1][k2]...` through mappings, or None."""
    for key in keys:
        node = yamldoc.child(node, key)
    return node


def key_node(node: yaml.Node | None, key: str) -> yaml.ScalarNode | None:
    """The key itself (`issuer:`), to point at a property whose value is a block."""
    if not isinstance(node, yaml.MappingNode):
        return None
    for k, _ in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k
    return None


def text(node: yaml.Node | None) -> str | None:
    return yamldoc.scalar(node)


def items(node: yaml.Node | None) -> list[yaml.Node]:
    """A sequence's items; nothing for any other node."""
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def pairs(node: yaml.Node | None) -> Iterator[tuple[yaml.ScalarNode, yaml.Node]]:
    """A mapping's entries whose key is a scalar."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield key, value


def strings(node: yaml.Node | None) -> tuple[str, ...]:
    """A sequence of scalars as text (a lone scalar as one)."""
    if isinstance(node, yaml.ScalarNode):
        return (str(node.value),) if node.value != "" else ()
    return tuple(str(i.value) for i in items(node) if isinstance(i, yaml.ScalarNode))


def boolean(node: yaml.Node | None) -> bool | None:
    """A YAML/JSON boolean (also written as a string), None when absent or not one."""
    value = (text(node) or "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return None


def seconds(node: yaml.Node | None, unit: float = 1.0) -> float | None:
    """A duration: a number of `unit`s, a protobuf/Go duration (`90s`, `1h`), ISO 8601."""
    value = text(node)
    if value is None:
        return None
    found = durations.duration(value, unit, None)
    return None if found is None else found.seconds


def parse(source: Source) -> list[Document]:
    """The file's documents whose root is a mapping, a Helm template's with its `{{ }}` actions
    blanked out (as the config analyzer reads it); raises `Unparsable` as yamldoc does."""
    return [
        Document(root, source.lines, source.relpath)
        for root in yaml_documents(source.text, source.index)
        if isinstance(root, yaml.MappingNode)
    ]


def walk(root: yaml.Node) -> Iterator[tuple[tuple[str, ...], yaml.MappingNode]]:
    """Every mapping under `root` with its key path (`[i]` for list items), each node once."""
    return yamldoc.mappings(root)


def at_path(root: yaml.Node, path: Sequence[str]) -> yaml.Node | None:
    """The node a `walk` path leads to (`("spec", "routes", "[2]")`), or None."""
    node: yaml.Node | None = root
    for key in path:
        if key.startswith("[") and key.endswith("]") and isinstance(node, yaml.SequenceNode):
            index = int(key[1:-1])
            node = node.value[index] if 0 <= index < len(node.value) else None
        else:
            node = yamldoc.child(node, key)
    return node
