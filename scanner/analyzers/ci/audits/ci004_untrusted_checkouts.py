"""CI004: a privileged trigger that checks out and runs the pull request's code.

`pull_request_target`, `workflow_run` and `issue_comment` run with the base
repository's secrets and a write token; checking out the pull request's
head (`actions/checkout` with `ref: ${{ github.event.pull_request.head.sha }}`,
`gh pr checkout`, `git fetch origin pull/N/head`) hands both to its code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanner.analyzers.ci.script_facts import ScriptFacts
from scanner.analyzers.ci.secret_values import pr_head_label
from scanner.analyzers.ci.workflow_views import Step, Workflow
from scanner.analyzers.yamldoc import child, location, scalar
from scanner.model import Detection
from scanner.registry import CI004

RULE = CI004

DANGEROUS_TRIGGERS = ("pull_request_target", "workflow_run", "issue_comment")
_HEAD_REPOSITORY = re.compile(r"pull_request\.head\.repo|workflow_run\.head_repository")


def in_step(wf: Workflow, step: Step, facts: ScriptFacts) -> Iterator[Detection]:
    """`actions/checkout` of the head ref or repository, and checkouts in the step's script."""
    trigger = next((t for t in wf.triggers if t in DANGEROUS_TRIGGERS), None)
    if trigger is None:
        return
    yield from _checkout_action(step, trigger)
    for where, label in facts.checkouts:
        yield RULE.detect(where, {"trigger": trigger, "ref": label})


def _checkout_action(step: Step, trigger: str) -> Iterator[Detection]:
    if step.action is None or step.action.name != "actions/checkout":
        return
    for name in ("ref", "repository"):
        node = child(step.inputs, name)
        text = scalar(node) or ""
        label = pr_head_label(text) if name == "ref" else None
        if name == "repository" and _HEAD_REPOSITORY.search(text):
            label = "the pull request's head repository"
        if label and node is not None:
            yield RULE.detect(location(node), {"trigger": trigger, "ref": label})
            return
