"""CI003: a GitHub workflow whose token may write everywhere, or gets the repository default.

`permissions: write-all` grants every scope; a job with no `permissions`
block in a workflow without one runs with the repository's default token,
which older repositories set to read-write. Composite actions and
`workflow_call`-only workflows run with their caller's token and are not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from scanner.analyzers.ci.workflow_views import Job, Workflow
from scanner.analyzers.yamldoc import child, location, scalar
from scanner.model import Detection
from scanner.registry import CI003

RULE = CI003


def in_workflow(wf: Workflow) -> Iterator[Detection]:
    permissions = child(wf.root, "permissions")
    if scalar(permissions) == "write-all" and permissions is not None:
        yield _write_all("the workflow", permissions)


def in_job(wf: Workflow, job: Job) -> Iterator[Detection]:
    permissions = child(job.node, "permissions")
    if scalar(permissions) == "write-all" and permissions is not None:
        yield _write_all(f"job '{job.id}'", permissions)
    elif not (job.has_permissions or wf.has_permissions or _is_called_only(wf)):
        fields = {
            "scope": f"job '{job.id}'",
            "grant": "the repository default (no permissions block)",
        }
        yield RULE.detect(location(job.key), fields)


def _is_called_only(wf: Workflow) -> bool:
    """Composite actions and `workflow_call`-only workflows run with their caller's token."""
    return wf.is_action or set(wf.triggers) == {"workflow_call"}


def _write_all(scope: str, node: yaml.Node) -> Detection:
    fields = {"scope": scope, "grant": "write access to every scope (write-all)"}
    return RULE.detect(location(node), fields)
