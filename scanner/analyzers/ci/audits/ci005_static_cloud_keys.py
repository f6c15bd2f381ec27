"""CI005: a long-lived cloud key handed to a pipeline where workload identity (OIDC) serves.

A variables block that sets `AWS_ACCESS_KEY_ID` (or a Google or Azure key)
from a stored secret or a literal, a cloud sign-in action given a key
input, and `gcloud auth activate-service-account` / `az login
--service-principal` in a script. A key that an earlier step's OIDC
exchange produced (`${{ steps.creds.outputs.key }}`) is not static.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

import yaml

from scanner.analyzers.ci.script_facts import ScriptFacts
from scanner.analyzers.ci.secret_values import EXPRESSION, scalar_text
from scanner.analyzers.ci.workflow_views import Step
from scanner.analyzers.yamldoc import location
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


def in_step(step: Step) -> Iterator[Detection]:
    """Step `env`, and a cloud sign-in action given a stored key as input."""
    yield from in_block(step.env)
    if step.action is None:
        return
    provider, names = _CLOUD_ACTIONS.get(step.action.name, ("", ()))
    inputs = step.inputs.value if isinstance(step.inputs, yaml.MappingNode) else []
    keys = {
        k.value: k for k, v in inputs if isinstance(v, yaml.ScalarNode) and is_static_value(v.value)
    }
    for name in names:
        if name in keys:
            yield _key_detection(provider, keys[name])
            return


def in_script(facts: ScriptFacts) -> Iterator[Detection]:
    """Cloud sign-ins with a key file or a service principal's secret."""
    for sign_in in facts.sign_ins:
        fields = {"provider": sign_in.provider, "key_name": sign_in.key_name}
        yield RULE.detect(sign_in.location, fields)


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
    """A literal, a stored secret or a CI variable; not the output of an earlier step."""
    text = text.strip()
    if not text:
        return False
    bodies = EXPRESSION.findall(text)
    return all(
        re.search(r"\b(?:secrets|vars)\s*\.", body)
        and not re.search(r"\b(?:steps|needs|env|inputs|github|jobs|matrix)\s*\.", body)
        for body in bodies
    )


def _key_detection(provider: str, key: yaml.ScalarNode) -> Detection:
    return RULE.detect(location(key), {"provider": provider, "key_name": str(key.value)})
