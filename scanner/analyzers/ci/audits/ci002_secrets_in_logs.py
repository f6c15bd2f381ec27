"""CI002: a secret sent where the job log, the job summary or an artifact keeps it.

Scripts are read once into facts (`script_facts`): what reaches the log
(`echo`, `cat` of a key file, environment dumps, `set -x`), and which files
a secret was written to. A written file counts when a later step of the
same GitHub job uploads it as an artifact. A field taken out of a JSON
secret (`fromJSON(secrets.X).password`) is never masked, wherever it is
used. GitLab's debug trace variables print every variable of the job,
secrets included.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import yaml

from scanner.analyzers.ci.script_facts import FileWrite, ScriptFacts, is_uploaded
from scanner.analyzers.ci.secret_values import scalar_text
from scanner.analyzers.ci.workflow_views import (
    Job,
    Workflow,
    WorkflowPass,
    expressions,
    uploaded_paths,
)
from scanner.analyzers.yamldoc import location
from scanner.model import Detection
from scanner.registry import CI002

RULE = CI002

_DEBUG_TRACE = ("CI_DEBUG_TRACE", "CI_DEBUG_SERVICES")
# `fromJSON(secrets.X).field`, `fromJSON(secrets.X)['field']`: a part of a secret.
_SECRET_PART = re.compile(
    r"\bfromjson\s*\(\s*secrets\s*\.\s*([\w-]+)\s*\)\s*(\.\s*[\w-]+|\[[^\]]*\])",
    re.IGNORECASE,
)


def in_script(facts: ScriptFacts) -> Iterator[Detection]:
    """Each secret a script sends to the job log."""
    for exposure in facts.exposures:
        fields = {"secret_ref": exposure.secret_ref, "command": exposure.command}
        yield RULE.detect(exposure.location, fields)


def in_gitlab_variables(variables: Iterable[tuple[str, yaml.Node]]) -> Iterator[Detection]:
    """`CI_DEBUG_TRACE: "true"`: GitLab logs every variable of the job."""
    for name, value in variables:
        text = scalar_text(value) or ""
        if name in _DEBUG_TRACE and text.strip().lower() in ("true", "1", "yes"):
            fields = {"secret_ref": "every variable of the job", "command": f"{name}: true"}
            yield RULE.detect(location(value), fields)


def in_workflow(run: WorkflowPass, wf: Workflow) -> Iterator[Detection]:
    """A part of a JSON secret (`fromJSON(secrets.X).password`), anywhere in the file.

    The runner masks each stored secret as the whole string it was given;
    a field taken out of it is a new string nobody registered, so it shows
    in clear wherever it is printed, the `run:` script the log echoes included.
    A line where a script already prints it is reported there once.
    """
    printed = {
        exposure.location.line
        for job in wf.jobs
        for step in job.steps
        for exposure in run.script(wf, job, step).exposures
    }
    for where, body in expressions(wf.root, run.source.lines):
        match = _SECRET_PART.search(body)
        if match and where.line not in printed:
            part = re.sub(r"\s+", "", match.group(2))
            fields = {
                "secret_ref": f"fromJSON(secrets.{match.group(1)}){part}",
                "command": "a field of a JSON secret, which log masking does not hide",
            }
            yield RULE.detect(where, fields)


def in_job(run: WorkflowPass, wf: Workflow, job: Job) -> Iterator[Detection]:
    """A script wrote a secret to a file that a later step uploads as an artifact."""
    writes: list[tuple[int, FileWrite]] = []
    for index, step in enumerate(job.steps):
        writes += [(index, w) for w in run.script(wf, job, step).writes]
    for index, write in writes:
        hidden = any(part.startswith(".") for part in write.path.split("/"))
        for later in job.steps[index + 1 :]:
            if is_uploaded(write.path, uploaded_paths(later, hidden=hidden)):
                label = f"{write.command} > {write.path} (uploaded as an artifact)"
                fields = {"secret_ref": write.secret_ref, "command": label}
                yield RULE.detect(write.location, fields)
                break
