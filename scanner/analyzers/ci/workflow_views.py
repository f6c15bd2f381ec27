"""GitHub Actions files as typed views: a workflow, its jobs, their steps and actions.

`read_workflow` turns the composed YAML into these views once, so the
audits ask `step.action.name` rather than walking nodes. A composite action
(`action.yml`, `runs.using: composite`) reads as a workflow with one job,
`runs`; other actions (node, docker) as one with no job. `WorkflowPass` is
what every audit of one file shares: the source, CI001's thresholds, the
platform, and each step's script read once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import yaml

from scanner import numbers
from scanner.analyzers.base import Source
from scanner.analyzers.ci.platform_descriptor import Platform
from scanner.analyzers.ci.script_facts import ScriptFacts, read_script
from scanner.analyzers.ci.secret_values import (
    EXPRESSION,
    SecretScope,
    Thresholds,
    env_names,
    scope_of,
)
from scanner.analyzers.ci.shell_words import logical_lines, pipelines, scalar_lines
from scanner.analyzers.lines import split_lines
from scanner.analyzers.yamldoc import MAX_DEPTH, child, scalar
from scanner.model import Location

_VERSION = re.compile(r"^v?(\d+(?:\.\d+)*)$")
_VERSION_COMMENT = re.compile(r"#\s*v?(\d+(?:\.\d+)*)")
FLOATING = 10_000


@dataclass(frozen=True, slots=True)
class Action:
    name: str  # `actions/checkout`, lower case, without the ref
    version: tuple[int, ...] | None  # from the tag, or a SHA pin's `# v4.2.2` comment
    node: yaml.ScalarNode


@dataclass(frozen=True, slots=True)
class Step:
    node: yaml.MappingNode
    action: Action | None
    inputs: yaml.Node | None
    env: yaml.Node | None
    run: yaml.ScalarNode | None

    def input(self, name: str) -> str | None:
        return scalar(child(self.inputs, name))


@dataclass(frozen=True, slots=True)
class Job:
    id: str
    key: yaml.ScalarNode
    node: yaml.MappingNode
    has_permissions: bool
    env: yaml.Node | None
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class Workflow:
    root: yaml.MappingNode
    triggers: tuple[str, ...]
    has_permissions: bool
    env: yaml.Node | None
    jobs: tuple[Job, ...]
    is_action: bool


def is_action(root: yaml.MappingNode) -> bool:
    """An action's metadata (`runs: {using: ...}`), not a workflow (`jobs:`), by its content."""
    return child(child(root, "runs"), "using") is not None and child(root, "jobs") is None


def read_workflow(root: yaml.MappingNode, lines: Sequence[str]) -> Workflow:
    jobs: list[Job] = []
    if is_action(root):
        runs = child(root, "runs")
        key = next((k for k, v in root.value if v is runs), None)
        composite = scalar(child(runs, "using")) == "composite"
        if composite and isinstance(runs, yaml.MappingNode) and isinstance(key, yaml.ScalarNode):
            jobs.append(Job("runs", key, runs, True, None, _steps(child(runs, "steps"), lines)))
        return Workflow(root, (), True, None, tuple(jobs), True)
    jobs_node = child(root, "jobs")
    for key, value in jobs_node.value if isinstance(jobs_node, yaml.MappingNode) else ():
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.MappingNode):
            has = child(value, "permissions") is not None
            steps = _steps(child(value, "steps"), lines)
            jobs.append(Job(str(key.value), key, value, has, child(value, "env"), steps))
    return Workflow(
        root,
        _triggers(root),
        child(root, "permissions") is not None,
        child(root, "env"),
        tuple(jobs),
        False,
    )


def _triggers(root: yaml.MappingNode) -> tuple[str, ...]:
    on = child(root, "on")
    if isinstance(on, yaml.ScalarNode):
        return (str(on.value),)
    if isinstance(on, yaml.SequenceNode):
        return tuple(str(n.value) for n in on.value if isinstance(n, yaml.ScalarNode))
    if isinstance(on, yaml.MappingNode):
        return tuple(str(k.value) for k, _ in on.value if isinstance(k, yaml.ScalarNode))
    return ()


def _steps(node: yaml.Node | None, lines: Sequence[str]) -> tuple[Step, ...]:
    steps = []
    for item in node.value if isinstance(node, yaml.SequenceNode) else ():
        if not isinstance(item, yaml.MappingNode):
            continue
        uses = child(item, "uses")
        run = child(item, "run")
        steps.append(
            Step(
                item,
                _action(uses, lines) if isinstance(uses, yaml.ScalarNode) else None,
                child(item, "with"),
                child(item, "env"),
                run if isinstance(run, yaml.ScalarNode) else None,
            )
        )
    return tuple(steps)


def _action(node: yaml.ScalarNode, lines: Sequence[str]) -> Action:
    name, _, ref = str(node.value).strip().partition("@")
    version = None
    match = _VERSION.match(ref)
    if match is None and re.fullmatch(r"[0-9a-f]{40}", ref):
        line = lines[node.end_mark.line] if node.end_mark.line < len(lines) else ""
        match = _VERSION_COMMENT.search(line[node.end_mark.column :])
    parts = [numbers.parse_int(part) for part in match.group(1).split(".")] if match else []
    if parts and None not in parts:
        version = tuple(part for part in parts if part is not None)
        if len(version) == 1:
            version += (FLOATING,)  # `@v4` follows the newest v4.x release
    return Action(name.lower(), version, node)


@dataclass(frozen=True, slots=True)
class WorkflowPass:
    """What one audit pass over a workflow file needs besides the element it looks at."""

    source: Source
    thresholds: Thresholds
    platform: Platform
    scripts: dict[int, ScriptFacts] = field(default_factory=dict)  # per step, read once

    def script(self, wf: Workflow, job: Job, step: Step) -> ScriptFacts:
        if step.run is None:
            return ScriptFacts()
        if id(step.node) not in self.scripts:
            lines = scalar_lines(step.run, self.source.lines)
            self.scripts[id(step.node)] = read_script(lines, _scope(wf, job, step, self.thresholds))
        return self.scripts[id(step.node)]


def _scope(wf: Workflow, job: Job, step: Step, thresholds: Thresholds) -> SecretScope:
    entries = [pair for block in (wf.env, job.env, step.env) for pair in env_names(block).items()]
    return scope_of(entries, thresholds, dumps_leak=None, secret_inputs=wf.is_action)


def step_commands(step: Step, lines: Sequence[str]) -> Iterator[list[str]]:
    """The words of each command a step's `run:` script runs, from the command word on."""
    if step.run is None:
        return
    for line in logical_lines(scalar_lines(step.run, lines)):
        for pipeline in pipelines(line.text):
            for command in pipeline:
                yield [w.text for w in command.words[command.head :]]


def expressions(root: yaml.Node, lines: Sequence[str]) -> Iterator[tuple[Location, str]]:
    """Every `${{ ... }}` in the document's scalars: its span in the file and its body."""
    for node in _scalars(root):
        if "${{" not in node.value:
            continue
        for line in scalar_lines(node, lines):
            for expression in EXPRESSION.finditer(line.text):
                start, end = line.column + expression.start(), line.column + expression.end()
                yield Location(line.line, start, line.line, end), expression.group(1)


def _scalars(root: yaml.Node) -> Iterator[yaml.ScalarNode]:
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen or depth > MAX_DEPTH:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            yield node
        elif isinstance(node, yaml.MappingNode):
            stack.extend((value, depth + 1) for _, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)


def uploaded_paths(step: Step, *, hidden: bool) -> list[str]:
    """The `path:` lines of an upload-artifact step that also uploads hidden files.

    Since upload-artifact v4.4 hidden files and folders (`.git`, `.env`) are
    left out unless `include-hidden-files: true`.
    """
    action = step.action
    if action is None or action.name != "actions/upload-artifact":
        return []
    includes = (step.input("include-hidden-files") or "").strip().lower() == "true"
    old = action.version is not None and action.version < (4, 4)
    if hidden and not (includes or old):
        return []
    text = step.input("path") or ""
    return [p.strip() for p in split_lines(text) if p.strip() and not p.strip().startswith("!")]
