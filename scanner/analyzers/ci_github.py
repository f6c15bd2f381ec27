"""GitHub Actions: workflows and composite actions, audited one element at a time.

Like zizmor's audits, each check hooks onto one element of the document: the
workflow (`audit_workflow`), a job (`audit_job`) or a step (`audit_step`),
each given a small typed view rather than raw YAML. A composite action is
read as a workflow with one job and no triggers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial

import yaml

from scanner.analyzers.base import Context, Source, contained
from scanner.analyzers.ci_scripts import (
    FileWrite,
    ScriptFacts,
    is_uploaded,
    read_script,
)
from scanner.analyzers.ci_shell import scalar_lines
from scanner.analyzers.ci_values import (
    EXPRESSION,
    SecretScope,
    Thresholds,
    cloud_key_detection,
    cloud_keys,
    entry_credential,
    env_names,
    expression_secrets,
    is_static_value,
    literal_detection,
    pr_head_label,
    scope_of,
)
from scanner.analyzers.ci_workflow import Action, Job, Step, Workflow, read_workflow
from scanner.analyzers.lines import split_lines
from scanner.analyzers.yamldoc import MAX_DEPTH, child, documents, location, scalar
from scanner.model import Detection, Location, Notification, Related

DANGEROUS_TRIGGERS = ("pull_request_target", "workflow_run", "issue_comment")
_CLOUD_ACTIONS = {
    "aws-actions/configure-aws-credentials": (
        "AWS",
        ("aws-access-key-id", "aws-secret-access-key"),
    ),
    "google-github-actions/auth": ("Google Cloud", ("credentials_json",)),
    "google-github-actions/setup-gcloud": ("Google Cloud", ("service_account_key",)),
    "azure/login": ("Azure", ("creds", "client-secret")),
}
_WHOLE_SECRETS = re.compile(r"\btojson\s*\(\s*secrets\s*\)|\bsecrets\s*\[", re.IGNORECASE)
_HEAD_REPOSITORY = re.compile(r"pull_request\.head\.repo|workflow_run\.head_repository")
_WORKSPACE_ROOTS = frozenset({"", ".", "*", "**", "**/*", ".git"})


@dataclass(frozen=True, slots=True)
class Run:
    """What one audit pass needs besides the element it looks at."""

    source: Source
    thresholds: Thresholds
    scripts: dict[int, ScriptFacts] = field(default_factory=dict)  # per step, read once

    def script(self, wf: Workflow, job: Job, step: Step) -> ScriptFacts:
        if step.run is None:
            return ScriptFacts()
        if id(step.node) not in self.scripts:
            lines = scalar_lines(step.run, self.source.lines)
            self.scripts[id(step.node)] = read_script(
                lines, _scope(self, wf, job, step), self.thresholds
            )
        return self.scripts[id(step.node)]


def audit(source: Source, context: Context) -> Iterator[Detection | Notification]:
    """Every audit of every document; a failing audit loses its workflow, job or step only."""
    run = Run(source, Thresholds.of(context))
    is_action = source.relpath.rsplit("/", 1)[-1].lower() in ("action.yml", "action.yaml")
    for root in documents(source.text, source.index):
        if not isinstance(root, yaml.MappingNode):
            continue
        workflow = read_workflow(root, is_action, source.lines)
        line = root.start_mark.line + 1
        audited = partial(audit_workflow, run, workflow)
        yield from contained(audited, source, context, "the workflow", line)
        for job in workflow.jobs:
            line = job.key.start_mark.line + 1
            audited = partial(audit_job, run, workflow, job)
            yield from contained(audited, source, context, "a job", line)
            for step in job.steps:
                line = step.node.start_mark.line + 1
                audited = partial(audit_step, run, workflow, job, step)
                yield from contained(audited, source, context, "a step", line)


def audit_workflow(run: Run, wf: Workflow) -> Iterator[Detection]:
    permissions = child(wf.root, "permissions")
    if scalar(permissions) == "write-all" and permissions is not None:
        yield _write_all("the workflow", permissions)
    for name, value in env_names(wf.env).items():
        yield from _env_entry(run, name, value)
        secrets = [s for s in expression_secrets(scalar(value) or "") if s != "github.token"]
        if secrets:
            exposed = {"construct": "workflow-level env", "exposed": secrets[0]}
            yield Detection("CI006", location(value), exposed)
    yield from cloud_keys(wf.env)
    yield from _whole_secrets(run, wf.root)
    if wf.is_action:
        for name, spec in env_names(child(wf.root, "inputs")).items():
            default = child(spec, "default")
            if isinstance(default, yaml.ScalarNode):
                found = entry_credential(name, default, run.thresholds, run.source.lines)
                if found:
                    yield found


def audit_job(run: Run, wf: Workflow, job: Job) -> Iterator[Detection]:
    permissions = child(job.node, "permissions")
    if scalar(permissions) == "write-all" and permissions is not None:
        yield _write_all(f"job '{job.id}'", permissions)
    elif not (job.has_permissions or wf.has_permissions or _is_called_only(wf)):
        fields = {
            "scope": f"job '{job.id}'",
            "grant": "the repository default (no permissions block)",
        }
        yield Detection("CI003", location(job.key), fields)
    inherit = child(job.node, "secrets")
    if scalar(inherit) == "inherit" and inherit is not None:
        fields = {"construct": "secrets: inherit", "exposed": "every repository secret"}
        yield Detection("CI006", location(inherit), fields)
    for name, value in env_names(inherit).items():
        if isinstance(value, yaml.ScalarNode):
            found = literal_detection(name, value, run.thresholds, run.source.lines)
            if found:
                yield found
    for block in (job.env, child(job.node, "with")):
        for name, value in env_names(block).items():
            yield from _env_entry(run, name, value)
    yield from cloud_keys(job.env)
    container = child(job.node, "container")
    for name, value in env_names(child(container, "env")).items():
        yield from _env_entry(run, name, value)
    yield from _registry_passwords(run, job.node)
    yield from _persisted_checkout(run, job)
    yield from _uploaded_writes(run, wf, job)


def audit_step(run: Run, wf: Workflow, job: Job, step: Step) -> Iterator[Detection]:
    for name, value in env_names(step.env).items():
        yield from _env_entry(run, name, value)
    yield from cloud_keys(step.env)
    for name, value in env_names(step.inputs).items():
        yield from _env_entry(run, name, value)
    if step.action is not None:
        yield from _cloud_action(step, step.action)
        yield from _pr_head_checkout(wf, step, step.action)
    facts = run.script(wf, job, step)
    yield from facts.detections
    trigger = _dangerous_trigger(wf)
    if trigger is not None:
        for where, label in facts.checkouts:
            yield Detection("CI004", where, {"trigger": trigger, "ref": label})


def _env_entry(run: Run, name: str, value: yaml.Node) -> Iterator[Detection]:
    found = entry_credential(name, value, run.thresholds, run.source.lines)
    if found:
        yield found


def _is_called_only(wf: Workflow) -> bool:
    """Composite actions and `workflow_call`-only workflows run with their caller's token."""
    return wf.is_action or set(wf.triggers) == {"workflow_call"}


def _write_all(scope: str, node: yaml.Node) -> Detection:
    fields = {"scope": scope, "grant": "write access to every scope (write-all)"}
    return Detection("CI003", location(node), fields)


def _registry_passwords(run: Run, job: yaml.Node) -> Iterator[Detection]:
    """`credentials: {password: ...}` of the job container and service images."""
    containers = [child(job, "container")]
    services = child(job, "services")
    if isinstance(services, yaml.MappingNode):
        containers += [value for _, value in services.value]
    for container in containers:
        password = child(child(container, "credentials"), "password")
        if isinstance(password, yaml.ScalarNode):
            found = literal_detection("password", password, run.thresholds, run.source.lines)
            if found:
                yield found


def _scope(run: Run, wf: Workflow, job: Job, step: Step) -> SecretScope:
    entries = [pair for block in (wf.env, job.env, step.env) for pair in env_names(block).items()]
    return scope_of(entries, run.thresholds, dumps_leak=None, secret_inputs=wf.is_action)


def _whole_secrets(run: Run, root: yaml.Node) -> Iterator[Detection]:
    """CI006 for `toJSON(secrets)` and `secrets[...]`: every secret sent to the runner."""
    for node in _scalars(root):
        if "secrets" not in node.value or not _WHOLE_SECRETS.search(node.value):
            continue
        for line in scalar_lines(node, run.source.lines):
            for expression in EXPRESSION.finditer(line.text):
                match = _WHOLE_SECRETS.search(expression.group(1))
                if match:
                    construct = "toJSON(secrets)" if "(" in match.group(0) else "secrets[...]"
                    where = Location(
                        line.line,
                        line.column + expression.start(),
                        line.line,
                        line.column + expression.end(),
                    )
                    fields = {"construct": construct, "exposed": "every repository secret"}
                    yield Detection("CI006", where, fields)


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


def _cloud_action(step: Step, action: Action) -> Iterator[Detection]:
    provider, names = _CLOUD_ACTIONS.get(action.name, ("", ()))
    inputs = step.inputs.value if isinstance(step.inputs, yaml.MappingNode) else []
    keys = {
        k.value: k for k, v in inputs if isinstance(v, yaml.ScalarNode) and is_static_value(v.value)
    }
    for name in names:
        if name in keys:
            yield cloud_key_detection(provider, keys[name])
            return


def _dangerous_trigger(wf: Workflow) -> str | None:
    return next((t for t in wf.triggers if t in DANGEROUS_TRIGGERS), None)


def _pr_head_checkout(wf: Workflow, step: Step, action: Action) -> Iterator[Detection]:
    trigger = _dangerous_trigger(wf)
    if trigger is None or action.name != "actions/checkout":
        return
    for name in ("ref", "repository"):
        node = child(step.inputs, name)
        text = scalar(node) or ""
        label = pr_head_label(text) if name == "ref" else None
        if name == "repository" and _HEAD_REPOSITORY.search(text):
            label = "the pull request's head repository"
        if label and node is not None:
            yield Detection("CI004", location(node), {"trigger": trigger, "ref": label})
            return


def _persisted_checkout(run: Run, job: Job) -> Iterator[Detection]:
    """CI006: the checkout token stays in `.git/config`, and the workspace is uploaded."""
    for index, step in enumerate(job.steps):
        action = step.action
        if action is None or action.name != "actions/checkout":
            continue
        if (step.input("persist-credentials") or "true").strip().lower() != "true":
            continue
        if action.version is not None and action.version >= (6,):
            continue  # v6 keeps the token out of the workspace
        folder = (step.input("path") or ".").strip().strip("/") or "."
        for later in job.steps[index + 1 :]:
            upload = _uploaded_paths(later, hidden=True)
            if any(_covers(path, folder) for path in upload):
                fields = {
                    "construct": "actions/checkout with persisted credentials",
                    "exposed": "the job's GITHUB_TOKEN (in .git/config)",
                }
                path_node = child(later.inputs, "path")
                related = (
                    (Related(run.source.relpath, location(path_node), "workspace uploaded here"),)
                    if path_node is not None
                    else ()
                )
                yield Detection("CI006", location(action.node), fields, related=related)
                break


def _covers(upload: str, folder: str) -> bool:
    path = upload.strip().removeprefix("./").rstrip("/")
    path = re.sub(r"^(?:\$\{\{\s*github\.workspace\s*\}\}|\$GITHUB_WORKSPACE)/?", "", path)
    if path in _WORKSPACE_ROOTS:
        return True
    return folder != "." and (path in (folder, f"{folder}/.git") or folder.startswith(path + "/"))


def _uploaded_paths(step: Step, *, hidden: bool) -> list[str]:
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


def _uploaded_writes(run: Run, wf: Workflow, job: Job) -> Iterator[Detection]:
    """CI002: a script wrote a secret to a file that a later step uploads as an artifact."""
    writes: list[tuple[int, FileWrite]] = []
    for index, step in enumerate(job.steps):
        writes += [(index, w) for w in run.script(wf, job, step).writes]
    for index, write in writes:
        hidden = any(part.startswith(".") for part in write.path.split("/"))
        for later in job.steps[index + 1 :]:
            if is_uploaded(write.path, _uploaded_paths(later, hidden=hidden)):
                label = f"{write.command} > {write.path} (uploaded as an artifact)"
                fields = {"secret_ref": write.secret_ref, "command": label}
                yield Detection("CI002", write.location, fields)
                break
