"""GitLab CI: global and job variables, and the scripts of every job.

Hidden jobs (`.deploy-template`) are read like jobs, at their own place, so a
template's finding is reported once and not again in every job that extends
it. `include:` files and project-level CI/CD variables are not visible here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import yaml

from scanner.analyzers.base import Context, Source
from scanner.analyzers.ci_scripts import read_script
from scanner.analyzers.ci_shell import ScriptLine, scalar_lines
from scanner.analyzers.ci_values import (
    PREDEFINED,
    SecretScope,
    Thresholds,
    cloud_keys,
    entry_credential,
    scalar_text,
    scope_of,
    secret_refs,
)
from scanner.analyzers.yamldoc import child, documents, location
from scanner.model import Detection

RESERVED = frozenset(
    {"default", "include", "stages", "variables", "workflow", "image", "services", "cache",
     "before_script", "after_script", "types", "spec"}
)  # fmt: skip
SCRIPT_KEYS = ("before_script", "script", "after_script")
_DEBUG_TRACE = ("CI_DEBUG_TRACE", "CI_DEBUG_SERVICES")


def audit(source: Source, context: Context) -> Iterator[Detection]:
    thresholds = Thresholds.of(context)
    for root in documents(source.text, source.index):
        if not isinstance(root, yaml.MappingNode):
            continue
        global_vars = child(root, "variables")
        yield from audit_variables(global_vars, thresholds, source.lines, is_global=True)
        default = child(root, "default")
        for holder in (root, default):
            scope = scope_of(_pairs(global_vars), thresholds, dumps_leak=True)
            yield from audit_scripts(source, holder, scope, thresholds)
        for key, job in root.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else None
            if name is None or name in RESERVED or not isinstance(job, yaml.MappingNode):
                continue
            variables = child(job, "variables")
            yield from audit_variables(variables, thresholds, source.lines, is_global=False)
            pairs = _pairs(global_vars) + _pairs(variables)
            scope = scope_of(pairs, thresholds, dumps_leak=True)
            yield from audit_scripts(source, job, scope, thresholds)


def audit_variables(
    block: yaml.Node | None, thresholds: Thresholds, lines: Sequence[str], *, is_global: bool
) -> Iterator[Detection]:
    """CI001 literals, CI005 cloud keys, CI006 secrets handed to every job, CI002 debug trace."""
    base = SecretScope()
    for name, node in _pairs(block):
        value = child(node, "value") if isinstance(node, yaml.MappingNode) else node
        if value is None:
            continue
        found = entry_credential(name, value, thresholds, lines)
        if found:
            yield found
        text = scalar_text(value) or ""
        if name in _DEBUG_TRACE and text.strip().lower() in ("true", "1", "yes"):
            fields = {"secret_ref": "every variable of the job", "command": f"{name}: true"}
            yield Detection("CI002", location(value), fields)
        if is_global and found is None:
            refs = [r for r in secret_refs(text, base) if r != name and not PREDEFINED.match(r)]
            if refs:
                fields = {"construct": "global variables", "exposed": refs[0]}
                yield Detection("CI006", location(value), fields)
    yield from cloud_keys(block)


def audit_scripts(
    source: Source, holder: yaml.Node | None, scope: SecretScope, thresholds: Thresholds
) -> Iterator[Detection]:
    for key in SCRIPT_KEYS:
        for lines in _script_items(child(holder, key), source):
            yield from read_script(lines, scope, thresholds).detections


def _script_items(node: yaml.Node | None, source: Source) -> Iterator[tuple[ScriptLine, ...]]:
    """Each command of a `script:` (a string, a list, or lists nested through anchors)."""
    stack = [node]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, yaml.ScalarNode) and item.tag == "tag:yaml.org,2002:str":
            yield scalar_lines(item, source.lines)
        elif isinstance(item, yaml.SequenceNode) and item.tag != "!reference":
            stack.extend(reversed(item.value))


def _pairs(block: yaml.Node | None) -> list[tuple[str, yaml.Node]]:
    if not isinstance(block, yaml.MappingNode):
        return []
    return [(str(k.value), v) for k, v in block.value if isinstance(k, yaml.ScalarNode)]
