"""CI006: secrets handed to more of the pipeline than needs them.

Every place a pipeline widens a secret's reach is judged here: a secret in
workflow-level `env` (every step of every job gets it), `secrets: inherit`,
`toJSON(secrets)` and `secrets[...]` (every repository secret sent to the
runner), a checkout that keeps the job token in `.git/config` while the
workspace is uploaded or built into a pushed image, and a secret in GitLab's
global `variables`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

import yaml

from scanner.analyzers.ci.audits.ci001_literal_credentials import entry_credential
from scanner.analyzers.ci.secret_values import (
    PREDEFINED,
    SecretScope,
    Thresholds,
    env_names,
    expression_secrets,
    scalar_text,
    secret_refs,
)
from scanner.analyzers.ci.workflow_views import (
    Job,
    Step,
    Workflow,
    WorkflowPass,
    expressions,
    step_commands,
    uploaded_paths,
)
from scanner.analyzers.yamldoc import child, location, scalar
from scanner.model import Detection, Location, Related
from scanner.registry import CI006

RULE = CI006

_WHOLE_SECRETS = re.compile(r"\btojson\s*\(\s*secrets\s*\)|\bsecrets\s*\[", re.IGNORECASE)
_WORKSPACE_ROOTS = frozenset({"", ".", "*", "**", "**/*", ".git"})


def in_workflow(run: WorkflowPass, wf: Workflow) -> Iterator[Detection]:
    """Secrets in workflow-level `env`, and every secret sent at once anywhere in the file."""
    for value in env_names(wf.env).values():
        secrets = [s for s in expression_secrets(scalar(value) or "") if s != "github.token"]
        if secrets:
            exposed = {"construct": "workflow-level env", "exposed": secrets[0]}
            yield RULE.detect(location(value), exposed)
    yield from _whole_secrets(run, wf.root)


def in_job(run: WorkflowPass, job: Job) -> Iterator[Detection]:
    """`secrets: inherit`, and a persisted checkout token in an uploaded workspace."""
    inherit = child(job.node, "secrets")
    if scalar(inherit) == "inherit" and inherit is not None:
        fields = {"construct": "secrets: inherit", "exposed": "every repository secret"}
        yield RULE.detect(location(inherit), fields)
    yield from _persisted_checkout(run, job)


def in_global_variables(
    variables: Iterable[tuple[str, yaml.Node]], thresholds: Thresholds, lines: Sequence[str]
) -> Iterator[Detection]:
    """GitLab: a secret referenced in global `variables` reaches every job."""
    for name, value in variables:
        if entry_credential(name, value, thresholds, lines) is not None:
            continue  # a literal is CI001's
        text = scalar_text(value) or ""
        refs = [
            r for r in secret_refs(text, SecretScope()) if r != name and not PREDEFINED.match(r)
        ]
        if refs:
            fields = {"construct": "global variables", "exposed": refs[0]}
            yield RULE.detect(location(value), fields)


def _whole_secrets(run: WorkflowPass, root: yaml.Node) -> Iterator[Detection]:
    """`toJSON(secrets)` and `secrets[...]`: every secret sent to the runner."""
    for where, body in expressions(root, run.source.lines):
        match = _WHOLE_SECRETS.search(body)
        if match:
            construct = "toJSON(secrets)" if "(" in match.group(0) else "secrets[...]"
            fields = {"construct": construct, "exposed": "every repository secret"}
            yield RULE.detect(where, fields)


def _persisted_checkout(run: WorkflowPass, job: Job) -> Iterator[Detection]:
    """The checkout token stays in `.git/config`, and the workspace is uploaded or pushed."""
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
            shipped = _ships_workspace(run, later, folder, job.steps[index + 1 :])
            if shipped is not None:
                label, where = shipped
                fields = {
                    "construct": "actions/checkout with persisted credentials",
                    "exposed": "the job's GITHUB_TOKEN (in .git/config)",
                }
                related = (Related(run.source.relpath, where, label),) if where else ()
                yield RULE.detect(location(action.node), fields, related=related)
                break


def _ships_workspace(
    run: WorkflowPass, step: Step, folder: str, rest: Sequence[Step]
) -> tuple[str, Location | None] | None:
    """How a step sends the checked-out folder away: an artifact, or a pushed image.

    A pushed image counts when its build context is the checkout (`docker build .`,
    `docker/build-push-action` with `context: .`) and the image is pushed (`--push`,
    `push: true`, or a `docker push` later in the job).
    """
    upload = uploaded_paths(step, hidden=True)
    if any(_covers(path, folder) for path in upload):
        path_node = child(step.inputs, "path")
        return "workspace uploaded here", location(path_node) if path_node else None
    action = step.action
    if action is not None and action.name == "docker/build-push-action":
        context = child(step.inputs, "context")
        pushed = (step.input("push") or "").strip().lower() == "true"
        if pushed and context is not None and _covers(scalar(context) or "", folder):
            return "workspace built into a pushed image here", location(context)
    pushes_later = any(
        words[:2] == ["docker", "push"]
        for later in rest
        for words in step_commands(later, run.source.lines)
    )
    for words in step_commands(step, run.source.lines):
        built = _build_context(words)
        if built is not None and _covers(built, folder) and ("--push" in words or pushes_later):
            where = location(step.run) if step.run is not None else None
            return "workspace built into a pushed image here", where
    return None


def _build_context(words: Sequence[str]) -> str | None:
    """The context of `docker build` / `docker buildx build`: its last word that is no option."""
    if words[:2] == ["docker", "build"]:
        words = words[2:]
    elif words[:3] == ["docker", "buildx", "build"]:
        words = words[3:]
    else:
        return None
    values_of = {"-t", "--tag", "-f", "--file", "--build-arg", "--platform", "--target",
                 "--label", "--secret", "--cache-from", "--cache-to", "-o", "--output"}  # fmt: skip
    context = None
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word in values_of:
            skip = True
        elif not word.startswith("-"):
            context = word
    return context


def _covers(upload: str, folder: str) -> bool:
    path = upload.strip().removeprefix("./").rstrip("/")
    path = re.sub(r"^(?:\$\{\{\s*github\.workspace\s*\}\}|\$GITHUB_WORKSPACE)/?", "", path)
    if path in _WORKSPACE_ROOTS:
        return True
    return folder != "." and (path in (folder, f"{folder}/.git") or folder.startswith(path + "/"))
