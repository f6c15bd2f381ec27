"""Terraform state (`*.tfstate`): JSON in which every attribute of every resource is kept in clear.

Terraform writes the values it marks sensitive into the state as they are:
an output with `"sensitive": true` and the attributes an instance lists in
`sensitive_attributes` (`[[{"type": "get_attr", "value": "password"}]]`)
are judged as if their names said secret (an endpoint, an instance ID or
a region Terraform marks sensitive is still none); any other attribute is
judged by its name (`password`, `secret`, `access_key`, `private_key`,
`token`) and value, as in any JSON file. A sensitive value Terraform left
`null` is no value.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import yaml

from scanner.analyzers import yamldoc
from scanner.analyzers.base import Source
from scanner.analyzers.config.gate import worth_reading
from scanner.analyzers.config.readers.document_tree import tree_settings
from scanner.analyzers.config.readers.json_reader import JSON_SYNTAX, json_documents
from scanner.analyzers.config.setting import Declared, Reader, Setting
from scanner.file_format import FileFormat, Files
from scanner.model import FileKind

Path = tuple[str, ...]

TFSTATE = FileFormat(
    FileKind.JSON,
    JSON_SYNTAX,
    "json",
    (Files(names=("terraform.tfstate.backup",), suffixes=(".tfstate",)),),
    record=True,
)


def read(source: Source) -> Iterator[list[Setting]]:
    for root in json_documents(source.text, _anything, source.index):
        sensitive = frozenset(sensitive_paths(root))

        def keep(path: Path, value: str, sensitive: frozenset[Path] = sensitive) -> bool:
            return path in sensitive or worth_reading(path, value)

        yield [
            replace(s, declared=Declared.SENSITIVE) if s.path in sensitive else s
            for s in tree_settings(root, source.lines, keep)
        ]


def _anything(path: Path, value: str) -> bool:
    return True  # which values matter is only known once the document says what is sensitive


def sensitive_paths(root: yaml.Node) -> Iterator[Path]:
    """The key paths of the values the state marks sensitive: outputs, then instances' attributes."""
    outputs = yamldoc.child(root, "outputs")
    for key, output in outputs.value if isinstance(outputs, yaml.MappingNode) else ():
        if yamldoc.scalar(yamldoc.child(output, "sensitive")) == "true":
            yield ("outputs", str(key.value), "value")
    resources = yamldoc.child(root, "resources")
    for r, resource in enumerate(_items(resources)):
        for i, instance in enumerate(_items(yamldoc.child(resource, "instances"))):
            for steps in _items(yamldoc.child(instance, "sensitive_attributes")):
                first = _items(steps)[:1] if isinstance(steps, yaml.SequenceNode) else [steps]
                name = yamldoc.scalar(yamldoc.child(first[0], "value")) if first else None
                if name is not None:
                    yield ("resources", f"[{r}]", "instances", f"[{i}]", "attributes", name)


def _items(node: yaml.Node | None) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


READER = Reader("tfstate", TFSTATE, read)
