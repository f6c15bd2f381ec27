"""Other pipelines: CircleCI, Azure Pipelines, Bitbucket, Travis CI, Drone, and Jenkinsfiles.

These formats differ in where they keep variables and scripts but agree on
the shape: mappings of variables (`environment:`, `variables:`, `settings:`,
Azure's `- name: X / value: Y`) and scalars of shell under a few script keys
(`run`, `command`, `commands`, `script`, ...). So one walk over every mapping
serves them all. Service containers (CircleCI's secondary `docker:` images,
`services:` blocks) hold throwaway passwords and are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import yaml

from scanner.analyzers import ci_jenkins, yamldoc
from scanner.analyzers.base import Context, Source
from scanner.analyzers.ci_scripts import read_script
from scanner.analyzers.ci_shell import ScriptLine, scalar_lines
from scanner.analyzers.ci_values import (
    SecretScope,
    Thresholds,
    cloud_keys,
    entry_credential,
    scope_of,
)
from scanner.analyzers.yamldoc import child, documents, scalar
from scanner.model import Detection

SCRIPT_KEYS = frozenset(
    {"run", "command", "commands", "script", "scripts", "before_script", "after_script",
     "after-script", "before_install", "install", "before_deploy", "after_deploy",
     "after_success", "after_failure", "before_cache", "bash", "pwsh", "powershell",
     "inlinescript", "inline"}
)  # fmt: skip
# Keys whose value names a secret kept elsewhere (Drone `from_secret`, Jenkins-style ids).
REFERENCE_KEYS = frozenset(
    {"from_secret", "secret_name", "secretname", "secretref", "credentialsid"}
)
ENV_KEYS = frozenset({"env", "environment", "variables", "vars", "global", "settings"})


def audit(source: Source, context: Context) -> Iterator[Detection]:
    if source.relpath.rsplit("/", 1)[-1].lower().startswith("jenkinsfile"):
        yield from ci_jenkins.audit(source, context)
        return
    thresholds = Thresholds.of(context)
    for root in documents(source.text, source.index):
        mappings = list(yamldoc.mappings(root))
        scope = _scope(mappings, thresholds)
        for path, mapping in mappings:
            if _is_service(path):
                continue
            yield from audit_mapping(source, path, mapping, scope, thresholds)


def audit_mapping(
    source: Source,
    path: tuple[str, ...],
    mapping: yaml.MappingNode,
    scope: SecretScope,
    thresholds: Thresholds,
) -> Iterator[Detection]:
    name, value = scalar(child(mapping, "name")), child(mapping, "value")
    if name and isinstance(value, yaml.ScalarNode):  # Azure: `- name: X` / `value: Y`
        found = entry_credential(name, value, thresholds, source.lines)
        if found:
            yield found
    for key, item in mapping.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        if isinstance(item, yaml.ScalarNode) and str(key.value).lower() not in REFERENCE_KEYS:
            found = entry_credential(str(key.value), item, thresholds, source.lines)
            if found:
                yield found
        if str(key.value).lower() in SCRIPT_KEYS:
            for lines in _scripts(item, source.lines):
                yield from read_script(lines, scope, thresholds).detections
        elif str(key.value).lower() in ENV_KEYS:
            for lines in _env_strings(item, source.lines):  # Travis: `- NAME=value`
                yield from read_script(lines, scope, thresholds).detections
    yield from cloud_keys(mapping)


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
    mappings: Sequence[tuple[tuple[str, ...], yaml.MappingNode]], thresholds: Thresholds
) -> SecretScope:
    entries: list[tuple[str, yaml.Node]] = []
    for path, mapping in mappings:
        if path and path[-1].lower() in ENV_KEYS:
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
