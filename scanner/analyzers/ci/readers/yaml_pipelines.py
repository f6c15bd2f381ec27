"""YAML pipelines of every other system: CircleCI, Azure Pipelines, Bitbucket, Travis CI, Drone.

These formats differ in where they keep variables and scripts but agree on
the shape: mappings of variables (`environment:`, `variables:`, `settings:`,
Azure's `- name: X / value: Y`) and scalars of shell under a few script keys.
So one walk over every mapping serves them all, reading the keys the
file's descriptor names (`Platform.script_keys`, `env_keys`,
`reference_keys`). Service containers (CircleCI's secondary `docker:`
images, `services:` blocks) hold throwaway passwords and are skipped, all but
their registry sign-in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import yaml

from scanner.analyzers import yamldoc
from scanner.analyzers.base import Context, Source
from scanner.analyzers.ci import audits
from scanner.analyzers.ci.audits import ci001_literal_credentials, ci005_static_cloud_keys
from scanner.analyzers.ci.platform_descriptor import Platform
from scanner.analyzers.ci.script_facts import read_script
from scanner.analyzers.ci.secret_values import SecretScope, Thresholds, scope_of
from scanner.analyzers.ci.shell_words import ScriptLine, scalar_lines
from scanner.analyzers.yamldoc import documents
from scanner.model import Detection

# Where a YAML pipeline signs in to an image registry: CircleCI's `docker: [{auth: ...}]`,
# Bitbucket's `image: {name, username, password}`.
_REGISTRY_SIGN_INS = frozenset({"auth", "image", "credentials"})


def audit(source: Source, context: Context, platform: Platform) -> Iterator[Detection]:
    thresholds = Thresholds.of(context, source.kind)
    for root in documents(source.text, source.index):
        mappings = list(yamldoc.mappings(root))
        scope = _scope(mappings, platform, thresholds)
        for path, mapping in mappings:
            if path and path[-1] in _REGISTRY_SIGN_INS:
                yield from ci001_literal_credentials.registry_password(mapping, source.lines)
            if _is_service(path):
                continue
            yield from audit_mapping(source, platform, mapping, scope, thresholds)


def audit_mapping(
    source: Source,
    platform: Platform,
    mapping: yaml.MappingNode,
    scope: SecretScope,
    thresholds: Thresholds,
) -> Iterator[Detection]:
    yield from ci001_literal_credentials.in_name_value(mapping, thresholds, source.lines)
    for key, item in mapping.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        name = str(key.value)
        if isinstance(item, yaml.ScalarNode) and name.lower() not in platform.reference_keys:
            entry = [(name, item)]
            yield from ci001_literal_credentials.in_entries(entry, thresholds, source.lines)
        if name.lower() in platform.script_keys:
            for lines in _scripts(item, source.lines):
                yield from audits.in_script(read_script(lines, scope), thresholds, platform)
        elif name.lower() in platform.env_keys:
            for lines in _env_strings(item, source.lines):  # Travis: `- NAME=value`
                yield from audits.in_script(read_script(lines, scope), thresholds, platform)
    yield from ci005_static_cloud_keys.in_block(mapping)


def _is_service(path: Sequence[str]) -> bool:
    """Throwaway service containers: `services:` blocks, CircleCI's secondary images."""
    for index, part in enumerate(path):
        if part == "services":
            return True
        following = path[index + 1] if index + 1 < len(path) else ""
        if part == "docker" and following.startswith("[") and following != "[0]":
            return True
    return False


def _scope(
    mappings: Sequence[tuple[tuple[str, ...], yaml.MappingNode]],
    platform: Platform,
    thresholds: Thresholds,
) -> SecretScope:
    entries: list[tuple[str, yaml.Node]] = []
    for path, mapping in mappings:
        if path and path[-1].lower() in platform.env_keys:
            entries += [
                (str(k.value), v) for k, v in mapping.value if isinstance(k, yaml.ScalarNode)
            ]
    return scope_of(entries, thresholds, dumps_leak=True)


def _scripts(node: yaml.Node, lines: Sequence[str]) -> Iterator[tuple[ScriptLine, ...]]:
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
        yield scalar_lines(node, lines)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if isinstance(item, yaml.ScalarNode) and item.tag == "tag:yaml.org,2002:str":
                yield scalar_lines(item, lines)


def _env_strings(node: yaml.Node, lines: Sequence[str]) -> Iterator[tuple[ScriptLine, ...]]:
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    for item in items:
        if isinstance(item, yaml.ScalarNode) and re.match(r"^\s*[A-Za-z_]\w*=", str(item.value)):
            yield scalar_lines(item, lines)
