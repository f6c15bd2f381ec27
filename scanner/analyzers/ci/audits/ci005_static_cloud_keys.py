"""CI005: a long-lived key handed to a pipeline where workload identity (OIDC) serves.

A variables block that sets `AWS_ACCESS_KEY_ID` (or a Google or Azure key)
from a stored secret or a literal, a cloud sign-in action given a key
input, and `gcloud auth activate-service-account` / `az login
--service-principal` in a script. A key that an earlier step's OIDC
exchange produced (`${{ steps.creds.outputs.key }}`) is not static.

Package registries count too where the CI system's OIDC identity is
accepted for publishing (`Platform.trusted_publishing`): a publishing
command given a token (`twine upload -p`, `cargo publish --token`), a
token variable (`TWINE_PASSWORD`, `NODE_AUTH_TOKEN`) set for a step or job
that publishes, and a publishing action's token input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace

import yaml

from scanner.analyzers.ci.platform_descriptor import Platform
from scanner.analyzers.ci.publishing import ACTIONS as PUBLISHING_ACTIONS
from scanner.analyzers.ci.publishing import TOKEN_VARIABLES
from scanner.analyzers.ci.script_facts import ScriptFacts
from scanner.analyzers.ci.secret_values import EXPRESSION, scalar_text
from scanner.analyzers.ci.workflow_views import Job, Step, Workflow, WorkflowPass
from scanner.analyzers.yamldoc import child, location
from scanner.model import Detection, Location
from scanner.registry import CI005

RULE = CI005

CLOUD_NAMES: Mapping[str, tuple[str, int]] = {
    # name -> (provider, rank); one finding per provider per block, at the lowest rank
    "aws_access_key_id": ("AWS", 0),
    "aws-access-key-id": ("AWS", 0),
    "aws_secret_access_key": ("AWS", 1),
    "aws-secret-access-key": ("AWS", 1),
    "google_credentials": ("Google Cloud", 0),
    "google_cloud_keyfile_json": ("Google Cloud", 0),
    "gcloud_keyfile_json": ("Google Cloud", 0),
    "google_application_credentials_json": ("Google Cloud", 0),
    "arm_client_secret": ("Azure", 0),
    "azure_client_secret": ("Azure", 0),
    "azure_credentials": ("Azure", 0),
}


# Variables a script can only get from a stored key when the job has no OIDC token:
# the key names, and Google's key file (which points to a federation config under OIDC).
KEY_VARIABLES: Mapping[str, tuple[str, int]] = {
    **CLOUD_NAMES,
    "google_application_credentials": ("Google Cloud", 0),
    "gcloud_service_key": ("Google Cloud", 0),
}

_CLOUD_ACTIONS = {
    "aws-actions/configure-aws-credentials": (
        "AWS",
        ("aws-access-key-id", "aws-secret-access-key"),
    ),
    "google-github-actions/auth": ("Google Cloud", ("credentials_json",)),
    "google-github-actions/setup-gcloud": ("Google Cloud", ("service_account_key",)),
    "azure/login": ("Azure", ("creds", "client-secret")),
}


def in_block(block: yaml.Node | None) -> Iterator[Detection]:
    """An env / variables block that hands a pipeline a long-lived cloud key."""
    found: dict[str, tuple[int, yaml.ScalarNode]] = {}
    for key, value in block.value if isinstance(block, yaml.MappingNode) else ():
        if not isinstance(key, yaml.ScalarNode):
            continue
        provider, rank = CLOUD_NAMES.get(str(key.value).lower(), ("", 0))
        text = scalar_text(value)
        static = provider and text is not None and is_static_value(text)
        if static and (provider not in found or rank < found[provider][0]):
            found[provider] = (rank, key)
    for provider, (_, key) in found.items():
        yield _key_detection(provider, key)


def in_step(step: Step, platform: Platform) -> Iterator[Detection]:
    """Step `env`, and a cloud sign-in or publishing action given a stored key as input."""
    yield from in_block(step.env)
    if step.action is None:
        return
    yield from _publishing_action(step, platform)
    provider, names = _CLOUD_ACTIONS.get(step.action.name, ("", ()))
    inputs = step.inputs.value if isinstance(step.inputs, yaml.MappingNode) else []
    keys = {
        k.value: k for k, v in inputs if isinstance(v, yaml.ScalarNode) and is_static_value(v.value)
    }
    for name in names:
        if name in keys:
            yield _key_detection(provider, keys[name])
            return


def in_script(facts: ScriptFacts, platform: Platform) -> Iterator[Detection]:
    """Cloud sign-ins with a key file or a service principal's secret; publishing with a token."""
    for sign_in in facts.sign_ins:
        fields = {"provider": sign_in.provider, "key_name": sign_in.key_name}
        yield RULE.detect(sign_in.location, fields)
    for publish in facts.publishes:
        if publish.key_name and publish.registry in platform.trusted_publishing:
            fields = {"provider": publish.registry, "key_name": publish.key_name}
            yield RULE.detect(publish.location, fields)


def in_publishing_block(
    block: yaml.Node | None, facts: Iterable[ScriptFacts], platform: Platform
) -> Iterator[Detection]:
    """`TWINE_PASSWORD: ${{ secrets.X }}` in a block whose scripts publish to that registry."""
    publishing_to = {
        p.registry
        for f in facts
        for p in f.publishes
        if not p.key_name and p.registry in platform.trusted_publishing
    }
    for key, value in block.value if isinstance(block, yaml.MappingNode) and publishing_to else ():
        registry = TOKEN_VARIABLES.get(str(getattr(key, "value", "")).lower())
        text = scalar_text(value)
        if registry in publishing_to and text is not None and is_static_value(text):
            yield RULE.detect(location(key), {"provider": registry, "key_name": str(key.value)})


def in_workflow(run: WorkflowPass, wf: Workflow) -> Iterator[Detection]:
    """A registry token in workflow `env` while some job publishes there."""
    facts = [_published(run, wf, job) for job in wf.jobs]
    yield from in_publishing_block(wf.env, [f for job in facts for f in job], run.platform)


def in_job(run: WorkflowPass, wf: Workflow, job: Job) -> Iterator[Detection]:
    """A registry token in the job's `env` or a step's, where the job or step publishes."""
    facts = _published(run, wf, job)
    yield from in_publishing_block(job.env, facts, run.platform)
    for step, step_facts in zip(job.steps, facts, strict=True):
        yield from in_publishing_block(step.env, [step_facts], run.platform)


def _published(run: WorkflowPass, wf: Workflow, job: Job) -> list[ScriptFacts]:
    """Each step's script facts, with `npm publish` dropped where `actions/setup-node`
    points npm at another registry (GitHub Packages takes the job token, not OIDC)."""
    facts = [run.script(wf, job, step) for step in job.steps]
    registries = [
        (step.input("registry-url") or "").lower()
        for step in job.steps
        if step.action is not None and step.action.name == "actions/setup-node"
    ]
    if not any(url and "registry.npmjs.org" not in url for url in registries):
        return facts
    return [replace(f, publishes=[p for p in f.publishes if p.registry != "npm"]) for f in facts]


def _publishing_action(step: Step, platform: Platform) -> Iterator[Detection]:
    """`pypa/gh-action-pypi-publish` given `password:`, the npm publish action its `token:`."""
    assert step.action is not None
    registry, token_input, registry_input, home = PUBLISHING_ACTIONS.get(
        step.action.name, ("", "", "", "")
    )
    if registry not in platform.trusted_publishing:
        return
    if home not in (step.input(registry_input) or home).lower():
        return  # a private index
    token = child(step.inputs, token_input)
    if isinstance(token, yaml.ScalarNode) and is_static_value(str(token.value)):
        key = next(k for k, v in step.inputs.value if v is token)  # type: ignore[union-attr]
        yield RULE.detect(location(key), {"provider": registry, "key_name": token_input})


def in_key_references(
    scripts: Iterable[ScriptFacts], set_here: Iterable[str]
) -> Iterator[Detection]:
    """GitLab: a job without `id_tokens` whose scripts use a cloud key variable from the project.

    `$AWS_SECRET_ACCESS_KEY` or `$GOOGLE_APPLICATION_CREDENTIALS` (a file
    variable holding a service-account key) in a job that asks for no OIDC
    token can only be a key stored in the project's CI/CD settings. One
    finding per provider, at the first use; a name the file sets itself is
    judged where it is set.
    """
    skipped = {name.lower() for name in set_here}
    found: dict[str, tuple[Location, str]] = {}
    for facts in scripts:
        for where, name in facts.references:
            provider, _ = KEY_VARIABLES.get(name.lower(), ("", 0))
            if provider and name.lower() not in skipped and provider not in found:
                found[provider] = (where, name)
    for provider, (where, name) in found.items():
        yield RULE.detect(where, {"provider": provider, "key_name": f"${name}"})


def in_names(names: Iterable[tuple[str, Location]]) -> Iterator[Detection]:
    """Jenkinsfile assignments: one finding per provider, at its first-ranked name."""
    cloud: dict[str, tuple[int, Location, str]] = {}
    for name, where in names:
        provider, rank = CLOUD_NAMES.get(name.lower(), ("", 0))
        if provider and (provider not in cloud or rank < cloud[provider][0]):
            cloud[provider] = (rank, where, name)
    for provider, (_, where, name) in cloud.items():
        yield RULE.detect(where, {"provider": provider, "key_name": name})


def is_static_value(text: str) -> bool:
    """A literal, a stored secret or a CI variable; not the output of an earlier step,
    nor the job's own short-lived token (`secrets.GITHUB_TOKEN`)."""
    text = text.strip()
    if not text:
        return False
    bodies = EXPRESSION.findall(text)
    return all(
        re.search(r"\b(?:secrets|vars)\s*\.", body)
        and not re.search(r"\b(?:steps|needs|env|inputs|github|jobs|matrix)\s*\.", body)
        and not re.search(r"\bsecrets\s*\.\s*GITHUB_TOKEN\b", body, re.IGNORECASE)
        for body in bodies
    )


def _key_detection(provider: str, key: yaml.ScalarNode) -> Detection:
    return RULE.detect(location(key), {"provider": provider, "key_name": str(key.value)})
