"""CI003: a GitHub workflow whose token may write everywhere, or gets a write default it should not.

`permissions: write-all` grants every scope, wherever it is written. A
workflow with no `permissions` block at all runs with the repository's
default token, which nhiguard cannot see: read-only for repositories made
since February 2023, read-write for older ones. So a missing block is
reported only where that default is known to matter, once per workflow:

- the workflow runs on a trigger that hands outsiders' input (an issue, a
  comment, a fork's pull request) to a run with the base repository's
  token (`UNTRUSTED_TRIGGERS`); a fork's `pull_request` always gets a
  read-only token and is not one of them;
- a job without a block writes with the token (`git push`, `gh release
  create`, an action that opens pull requests or publishes releases): it
  works only if the default is read-write, so every other step of that
  job holds a write token too.

Composite actions and `workflow_call`-only workflows run with their
caller's token and are not judged for a missing block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from scanner.analyzers.ci.workflow_views import Job, Workflow, WorkflowPass, step_commands
from scanner.analyzers.yamldoc import child, location, scalar
from scanner.model import Detection
from scanner.registry import CI003

RULE = CI003

# Triggers whose runs get the base repository's token while outsiders choose the input.
UNTRUSTED_TRIGGERS = (
    "pull_request_target", "workflow_run", "issue_comment", "issues", "discussion",
    "discussion_comment",
)  # fmt: skip
# Actions whose only job is to write with the token they are given (the default one).
_WRITING_ACTIONS = frozenset(
    {"softprops/action-gh-release", "actions/create-release", "ncipollo/release-action",
     "svenstaro/upload-release-action", "peter-evans/create-pull-request",
     "peter-evans/create-or-update-comment", "stefanzweifel/git-auto-commit-action",
     "peaceiris/actions-gh-pages", "jamesives/github-pages-deploy-action", "actions/deploy-pages"}
)  # fmt: skip
_TOKEN_INPUTS = ("token", "github_token", "github-token", "repo-token", "repo_token")
# `gh` subcommands that write: (group, verbs).
_GH_WRITES = {
    "release": ("create", "upload", "edit", "delete"),
    "pr": ("create", "merge", "comment", "edit", "close", "review"),
    "issue": ("create", "comment", "edit", "close"),
    "label": ("create", "edit", "delete"),
}


def in_workflow(run: WorkflowPass, wf: Workflow) -> Iterator[Detection]:
    """`write-all` at the top, and a missing block where the default token matters."""
    permissions = child(wf.root, "permissions")
    if scalar(permissions) == "write-all" and permissions is not None:
        yield _write_all("the workflow", permissions)
    if wf.has_permissions or _is_called_only(wf):
        return
    bare = [job for job in wf.jobs if not job.has_permissions]
    trigger = next((t for t in wf.triggers if t in UNTRUSTED_TRIGGERS), None)
    writer = next(((job, w) for job in bare if (w := _writes(run, job)) is not None), None)
    if writer is not None:
        job, label = writer
        grant = f"the repository default (no permissions block), which its {label} needs to write"
        yield RULE.detect(location(job.key), {"scope": f"job '{job.id}'", "grant": grant})
    elif trigger is not None and bare:
        grant = f"the repository default (no permissions block) on {trigger}"
        yield RULE.detect(location(bare[0].key), {"scope": f"job '{bare[0].id}'", "grant": grant})


def in_job(job: Job) -> Iterator[Detection]:
    permissions = child(job.node, "permissions")
    if scalar(permissions) == "write-all" and permissions is not None:
        yield _write_all(f"job '{job.id}'", permissions)


def _writes(run: WorkflowPass, job: Job) -> str | None:
    """What in the job writes with the token: a writing action, `git push`, `gh release create`."""
    checkout_tokens = [
        step.input("token") or ""
        for step in job.steps
        if step.action is not None and step.action.name == "actions/checkout"
    ]
    pushes_with_own = any(t and not _is_job_token(t) for t in checkout_tokens)
    for step in job.steps:
        given = [step.input(name) for name in _TOKEN_INPUTS] + [
            scalar(child(step.env, name)) for name in ("GH_TOKEN", "GITHUB_TOKEN")
        ]
        if any(value and not _is_job_token(value) for value in given):
            continue  # writes with a token of its own, not the job's
        if step.action is not None and step.action.name in _WRITING_ACTIONS:
            return step.action.name
        for words in step_commands(step, run.source.lines):
            label = _command_writes(words)
            if label and not (label == "git push" and pushes_with_own):
                return label
    return None


def _command_writes(words: list[str]) -> str | None:
    if words[:2] == ["git", "push"]:
        return "git push"
    if words[:1] == ["gh"] and len(words) > 2 and words[2] in _GH_WRITES.get(words[1], ()):
        return " ".join(words[:3])
    return None


def _is_job_token(value: str) -> bool:
    return bool(re.search(r"\bsecrets\.GITHUB_TOKEN\b|\bgithub\.token\b", value, re.IGNORECASE))


def _is_called_only(wf: Workflow) -> bool:
    """Composite actions and `workflow_call`-only workflows run with their caller's token."""
    return wf.is_action or set(wf.triggers) == {"workflow_call"}


def _write_all(scope: str, node: yaml.Node) -> Detection:
    fields = {"scope": scope, "grant": "write access to every scope (write-all)"}
    return RULE.detect(location(node), fields)
