"""CI001: a credential written out in a pipeline definition.

A value is a literal credential when it sits where a credential goes (its
key names one: `API_TOKEN:`, `--password`, `curl -u user:pass`, a registry
`password:`) and looks like one by CI001's thresholds, and is no reference
to a stored secret. Every pipeline format hands its candidates here: YAML
entries, the values scripts write on command lines, Jenkinsfile assignments,
and the `KEY: literal` lines of a file YAML refused. The value is masked
here, where the finding is made.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence

import yaml

from scanner import masking
from scanner.analyzers.base import Source
from scanner.analyzers.ci.script_facts import NamedValue, ScriptFacts
from scanner.analyzers.ci.secret_values import Thresholds, env_names, is_literal
from scanner.analyzers.ci.workflow_views import Job, Step, Workflow, WorkflowPass
from scanner.analyzers.credentials import is_secret_name, names_credential
from scanner.analyzers.yamldoc import child, line_entries, scalar, value_span
from scanner.model import Detection, Location
from scanner.registry import CI001

RULE = CI001

_EXPR_LITERAL = re.compile(r"\|\|\s*'([^']*)'(?=[^{}]*\}\})")  # `|| 'fallback'` in `${{ }}`


def literal_at(key: str, value: str, span: Location, thresholds: Thresholds) -> Detection | None:
    """CI001 for a literal credential at a known span; the value is masked here.

    Under a name that ends in the credential (`DB_PASSWORD`, `--password`), as in
    SEC001, capitalised or numbered words are a person's password, not a label.
    """
    if not thresholds.is_literal_secret(value, named=names_credential(key)):
        return None
    return _detect(key, value, span)


def _detect(key: str, value: str, span: Location) -> Detection:
    evidence = masking.evidence(value.strip())
    return RULE.detect(span, {"key": key}, evidence=evidence, secret_spans=(span,))


def registry_password(credentials: yaml.Node | None, lines: Sequence[str]) -> Iterator[Detection]:
    """The `password` of a registry sign-in block, a literal of any length.

    GitHub's `container`/`services` `credentials`, CircleCI's image `auth`,
    Bitbucket's `image` with `username`/`password`: this key holds nothing
    but the registry password, so `hunter2` is as much a credential as a
    random string, and the length and entropy bars do not apply.
    """
    password = child(credentials, "password")
    if not isinstance(password, yaml.ScalarNode) or password.tag != "tag:yaml.org,2002:str":
        return
    text = str(password.value)
    if is_literal(text):
        yield _detect("password", text, value_span(password, lines))


def literal_detection(
    key: str, value: yaml.ScalarNode, thresholds: Thresholds, lines: Sequence[str]
) -> Detection | None:
    """CI001 for a scalar already known to sit where a credential goes (`lines`: the file's).

    A literal hidden in an expression's fallback counts too:
    `${{ secrets.DB_PASSWORD || 'Hz7!qWm3Xv9RkL2p' }}` runs with the literal
    wherever the secret is not set, forks included.
    """
    if value.tag != "tag:yaml.org,2002:str":
        return None
    text, span = str(value.value), value_span(value, lines)
    for match in _EXPR_LITERAL.finditer(text if span.line == span.end_line else ""):
        if thresholds.is_literal_secret(match.group(1), named=names_credential(key)):
            column = span.column + match.start(1)
            where = Location(span.line, column, span.line, column + len(match.group(1)))
            return literal_at(key, match.group(1), where, thresholds)
    return literal_at(key, text, span, thresholds)


def entry_credential(
    key: str, value: yaml.Node, thresholds: Thresholds, lines: Sequence[str]
) -> Detection | None:
    """CI001 for `KEY: literal` when the key names a credential and the value is one."""
    if not isinstance(value, yaml.ScalarNode) or not is_secret_name(key):
        return None
    return literal_detection(key, value, thresholds, lines)


def in_entries(
    entries: Iterable[tuple[str, yaml.Node]], thresholds: Thresholds, lines: Sequence[str]
) -> Iterator[Detection]:
    """Each `KEY: literal` of a variables block, action inputs or any mapping."""
    for key, value in entries:
        found = entry_credential(key, value, thresholds, lines)
        if found:
            yield found


def in_docker_auth_config(
    entries: Iterable[tuple[str, yaml.Node]], lines: Sequence[str]
) -> Iterator[Detection]:
    """GitLab's `DOCKER_AUTH_CONFIG` written out: a registry sign-in, reported at any length.

    The runner pulls job and service images with the Docker config JSON this
    variable holds; each registry's `auth` (base64 of `user:password`) or
    `password` in it is the registry password itself.
    """
    for name, node in entries:
        if name != "DOCKER_AUTH_CONFIG" or not isinstance(node, yaml.ScalarNode):
            continue
        try:
            config = json.loads(str(node.value))
        except ValueError:
            continue
        auths = config.get("auths") if isinstance(config, dict) else None
        for entry in auths.values() if isinstance(auths, dict) else ():
            secret = next(
                (entry[k] for k in ("auth", "password") if isinstance(entry, dict)
                 and isinstance(entry.get(k), str) and entry[k]),
                None,
            )  # fmt: skip
            if secret and is_literal(secret):
                yield _detect(name, secret, _span_within(node, secret, lines))


def _span_within(node: yaml.ScalarNode, text: str, lines: Sequence[str]) -> Location:
    """Where `text` sits inside a scalar written on one line; else the whole scalar."""
    span = value_span(node, lines)
    line = lines[span.line - 1] if span.line == span.end_line else ""
    offset = line.find(text, span.column - 1)
    if offset < 0:
        return span
    return Location(span.line, offset + 1, span.line, offset + 1 + len(text))


def in_script(facts: ScriptFacts, thresholds: Thresholds) -> Iterator[Detection]:
    """The values a script writes where a credential goes."""
    for value in facts.values:
        found = literal_at(value.key, value.value, value.location, thresholds)
        if found:
            yield found


def in_assignments(assigned: Iterable[NamedValue], thresholds: Thresholds) -> Iterator[Detection]:
    """Jenkinsfile `NAME = 'literal'` where the name says a credential follows."""
    for value in assigned:
        if is_secret_name(value.key):
            found = literal_at(value.key, value.value, value.location, thresholds)
            if found:
                yield found


def in_lines(source: Source, thresholds: Thresholds) -> Iterator[Detection]:
    """Each credential written `KEY: literal` on a line of a file YAML refused."""
    for key, value in line_entries(source.lines, source.index):
        found = entry_credential(str(key.value), value, thresholds, source.lines)
        if found:
            yield found


def in_name_value(
    mapping: yaml.MappingNode, thresholds: Thresholds, lines: Sequence[str]
) -> Iterator[Detection]:
    """Azure's variable list items, `- name: X` / `value: Y`."""
    name, value = scalar(child(mapping, "name")), child(mapping, "value")
    if name and isinstance(value, yaml.ScalarNode):
        yield from in_entries([(name, value)], thresholds, lines)


# GitHub Actions: one hook per element of the workflow.


def in_workflow(run: WorkflowPass, wf: Workflow) -> Iterator[Detection]:
    """Workflow `env`, and the input defaults of a composite action."""
    yield from in_entries(env_names(wf.env).items(), run.thresholds, run.source.lines)
    if wf.is_action:
        defaults = [
            (name, default)
            for name, spec in env_names(child(wf.root, "inputs")).items()
            if isinstance(default := child(spec, "default"), yaml.ScalarNode)
        ]
        yield from in_entries(defaults, run.thresholds, run.source.lines)


def in_job(run: WorkflowPass, job: Job) -> Iterator[Detection]:
    """Secrets passed to a called workflow, job `env` and `with`, container env, registry passwords."""
    lines = run.source.lines
    for name, value in env_names(child(job.node, "secrets")).items():
        if isinstance(value, yaml.ScalarNode):
            found = literal_detection(name, value, run.thresholds, lines)
            if found:
                yield found
    for block in (job.env, child(job.node, "with")):
        yield from in_entries(env_names(block).items(), run.thresholds, lines)
    container = child(job.node, "container")
    yield from in_entries(env_names(child(container, "env")).items(), run.thresholds, lines)
    yield from _registry_passwords(run, job.node)


def in_step(run: WorkflowPass, step: Step) -> Iterator[Detection]:
    """Step `env` and action inputs (`with`)."""
    for block in (step.env, step.inputs):
        yield from in_entries(env_names(block).items(), run.thresholds, run.source.lines)


def _registry_passwords(run: WorkflowPass, job: yaml.Node) -> Iterator[Detection]:
    """`credentials: {password: ...}` of the job container and service images."""
    containers = [child(job, "container")]
    services = child(job, "services")
    if isinstance(services, yaml.MappingNode):
        containers += [value for _, value in services.value]
    for container in containers:
        yield from registry_password(child(container, "credentials"), run.source.lines)
