"""GitHub Actions: workflows and composite actions, audited one element at a time.

Like zizmor's audits, each rule hooks onto one element of the document: the
workflow, a job or a step, each given a small typed view (`workflow_views`)
rather than raw YAML. An action is told from a workflow by its content, not
its file name: a composite action is read as a workflow with one job and no
triggers, and any action's input defaults are judged. A failing element loses its own findings only.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

import yaml

from scanner.analyzers.base import Context, Source, contained
from scanner.analyzers.ci import audits
from scanner.analyzers.ci.audits import (
    ci001_literal_credentials,
    ci002_secrets_in_logs,
    ci003_token_permissions,
    ci004_untrusted_checkouts,
    ci005_static_cloud_keys,
    ci006_secret_overexposure,
)
from scanner.analyzers.ci.platform_descriptor import Platform
from scanner.analyzers.ci.secret_values import Thresholds
from scanner.analyzers.ci.workflow_views import (
    Job,
    Step,
    Workflow,
    WorkflowPass,
    read_workflow,
)
from scanner.analyzers.yamldoc import documents
from scanner.model import Detection, Notification


def audit(
    source: Source, context: Context, platform: Platform
) -> Iterator[Detection | Notification]:
    """Every audit of every document; a failing audit loses its workflow, job or step only."""
    run = WorkflowPass(source, Thresholds.of(context, source.kind), platform)
    for root in documents(source.text, source.index):
        if not isinstance(root, yaml.MappingNode):
            continue
        workflow = read_workflow(root, source.lines)
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


def audit_workflow(run: WorkflowPass, wf: Workflow) -> Iterator[Detection]:
    yield from ci001_literal_credentials.in_workflow(run, wf)
    yield from ci002_secrets_in_logs.in_workflow(run, wf)
    yield from ci003_token_permissions.in_workflow(run, wf)
    yield from ci005_static_cloud_keys.in_block(wf.env)
    yield from ci005_static_cloud_keys.in_workflow(run, wf)
    yield from ci006_secret_overexposure.in_workflow(run, wf)


def audit_job(run: WorkflowPass, wf: Workflow, job: Job) -> Iterator[Detection]:
    yield from ci001_literal_credentials.in_job(run, job)
    yield from ci002_secrets_in_logs.in_job(run, wf, job)
    yield from ci003_token_permissions.in_job(job)
    yield from ci005_static_cloud_keys.in_block(job.env)
    yield from ci005_static_cloud_keys.in_job(run, wf, job)
    yield from ci006_secret_overexposure.in_job(run, job)


def audit_step(run: WorkflowPass, wf: Workflow, job: Job, step: Step) -> Iterator[Detection]:
    facts = run.script(wf, job, step)
    yield from ci001_literal_credentials.in_step(run, step)
    yield from ci004_untrusted_checkouts.in_step(wf, step, facts)
    yield from ci005_static_cloud_keys.in_step(step, run.platform)
    yield from audits.in_script(facts, run.thresholds, run.platform)
