"""GitLab CI: global and job variables, and the scripts of every job.

Hidden jobs (`.deploy-template`) are read like jobs, at their own place, so a
template's finding is reported once and not again in every job that extends
it. A job that asks for no `id_tokens` (itself, in `default:` or a template
it extends) and uses a cloud key variable signs in with a static key. `include:` files and project-level CI/CD variables are not visible here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import yaml

from scanner.analyzers.base import Context, Source
from scanner.analyzers.ci import audits
from scanner.analyzers.ci.audits import (
    ci001_literal_credentials,
    ci002_secrets_in_logs,
    ci005_static_cloud_keys,
    ci006_secret_overexposure,
)
from scanner.analyzers.ci.platform_descriptor import Platform
from scanner.analyzers.ci.script_facts import ScriptFacts, read_script
from scanner.analyzers.ci.secret_values import SecretScope, Thresholds, scope_of
from scanner.analyzers.ci.shell_words import ScriptLine, scalar_lines
from scanner.analyzers.yamldoc import child, documents
from scanner.model import Detection

# Top-level keys that are no job.
RESERVED = frozenset(
    {"default", "include", "stages", "variables", "workflow", "image", "services", "cache",
     "before_script", "after_script", "types", "spec"}
)  # fmt: skip


def audit(source: Source, context: Context, platform: Platform) -> Iterator[Detection]:
    thresholds = Thresholds.of(context, source.kind)
    for root in documents(source.text, source.index):
        if not isinstance(root, yaml.MappingNode):
            continue
        global_vars = child(root, "variables")
        yield from audit_variables(global_vars, thresholds, source.lines, is_global=True)
        default = child(root, "default")
        for holder in (root, default):
            scope = scope_of(_pairs(global_vars), thresholds, dumps_leak=True)
            for facts in job_scripts(source, platform, holder, scope):
                yield from audits.in_script(facts, thresholds, platform)
        for key, job in root.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else None
            if name is None or name in RESERVED or not isinstance(job, yaml.MappingNode):
                continue
            variables = child(job, "variables")
            yield from audit_variables(variables, thresholds, source.lines, is_global=False)
            pairs = _pairs(global_vars) + _pairs(variables)
            scope = scope_of(pairs, thresholds, dumps_leak=True)
            scripts = job_scripts(source, platform, job, scope)
            for facts in scripts:
                yield from audits.in_script(facts, thresholds, platform)
            for block in (variables, global_vars):
                yield from ci005_static_cloud_keys.in_publishing_block(block, scripts, platform)
            if not _has_id_tokens(root, job):
                set_here = {name for name, _ in pairs}
                yield from ci005_static_cloud_keys.in_key_references(scripts, set_here)


def audit_variables(
    block: yaml.Node | None, thresholds: Thresholds, lines: Sequence[str], *, is_global: bool
) -> Iterator[Detection]:
    values = [
        (name, value)
        for name, node in _pairs(block)
        if (value := child(node, "value") if isinstance(node, yaml.MappingNode) else node)
        is not None
    ]
    yield from ci001_literal_credentials.in_entries(values, thresholds, lines)
    yield from ci001_literal_credentials.in_docker_auth_config(values, lines)
    yield from ci002_secrets_in_logs.in_gitlab_variables(values)
    if is_global:
        yield from ci006_secret_overexposure.in_global_variables(values, thresholds, lines)
    yield from ci005_static_cloud_keys.in_block(block)


def job_scripts(
    source: Source, platform: Platform, holder: yaml.Node | None, scope: SecretScope
) -> list[ScriptFacts]:
    """The facts of every command of a job's (or the defaults') scripts."""
    return [
        read_script(lines, scope)
        for key in platform.script_keys
        for lines in _script_items(child(holder, key), source)
    ]


def _has_id_tokens(root: yaml.MappingNode, job: yaml.MappingNode) -> bool:
    """The job asks for an OIDC token itself, through `default:`, or a template it extends."""
    holders = [job, child(root, "default")]
    extends = child(job, "extends")
    names = extends.value if isinstance(extends, yaml.SequenceNode) else [extends]
    holders += [child(root, str(n.value)) for n in names if isinstance(n, yaml.ScalarNode)]
    return any(child(holder, "id_tokens") is not None for holder in holders)


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
