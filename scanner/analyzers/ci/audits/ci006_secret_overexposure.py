"""CI006: secrets handed to more of the pipeline than needs them.

Every place a pipeline widens a secret's reach is judged here: a secret in
workflow-level `env` (every step of every job gets it), `secrets: inherit`,
`toJSON(secrets)` and `secrets[...]` (every repository secret sent to the
runner), a checkout that keeps the job token in `.git/config` while the
workspace is uploaded, and a secret in GitLab's global `variables`.
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
    Workflow,
    WorkflowPass,
    expressions,
    uploaded_paths,
)
from scanner.analyzers.yamldoc import child, location, scalar
from scanner.model import Detection, Related
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
    """The checkout token stays in `.git/config`, and the workspace is uploaded."""
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
            upload = uploaded_paths(later, hidden=True)
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
                yield RULE.detect(location(action.node), fields, related=related)
                break


def _covers(upload: str, folder: str) -> bool:
    path = upload.strip().removeprefix("./").rstrip("/")
    path = re.sub(r"^(?:\$\{\{\s*github\.workspace\s*\}\}|\$GITHUB_WORKSPACE)/?", "", path)
    if path in _WORKSPACE_ROOTS:
        return True
    return folder != "." and (path in (folder, f"{folder}/.git") or folder.startswith(path + "/"))
