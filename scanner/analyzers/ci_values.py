"""What a pipeline value is: a literal credential, a secret reference, a static cloud key.

Shared by every pipeline format. A value is a literal credential (CI001) when
its key names one and it looks like one; a variable holds a secret when the
file feeds it from a secret store (`${{ secrets.X }}`, a masked CI variable)
or its name says so; a cloud key is static when it comes from a stored
secret or a literal rather than from an earlier step's OIDC exchange.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import yaml

from scanner import masking
from scanner.analyzers.base import Context
from scanner.analyzers.credentials import is_secret_name, looks_like_secret
from scanner.analyzers.placeholders import is_placeholder
from scanner.analyzers.yamldoc import location, value_span
from scanner.model import Detection, Location

EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
_EXPR_SECRET = re.compile(r"\bsecrets\b\s*(?:\.\s*([A-Za-z_][\w-]*)|(\[))?")
_EXPR_NAMED = re.compile(r"\b(env|inputs)\.([A-Za-z_][\w-]*)")
_EXPR_LITERAL = re.compile(r"\|\|\s*'([^']*)'(?=[^{}]*\}\})")  # `|| 'fallback'` in `${{ }}`
_EXPR_TOKEN = re.compile(r"\bgithub\.token\b")
SHELL_REF = re.compile(  # $X ${X} ${env.X} $env:X %X% and Azure's $(X) macros
    r"\$\{env\.(\w+)\}|\$env:([A-Za-z_]\w*)|\$\{?([A-Za-z_][A-Za-z0-9_]*)|%([A-Za-z_]\w*)%"
    r"|\$\(([A-Za-z_][\w.]*)\)"
)
REFERENCE = re.compile(r"\$(?:\{|\(|[A-Z_][A-Z0-9_]*\b)|%\w+%|\{\{")
PR_HEAD = re.compile(
    r"github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref"
    r"|github\.event\.pull_request\.merge_commit_sha"
    r"|github\.event\.workflow_run\.head_(?:sha|branch|commit\.id)"
    r"|(?:refs/)?pull/(?:\$\{\{[^}]*\}\}|[^/\s]+)/(?:head|merge)"
)

# Variables the CI sets itself: not secrets by their name, except the few listed below.
PREDEFINED = re.compile(r"^(?:CI|GITLAB|GITHUB|RUNNER|CIRCLE|BITBUCKET|TRAVIS|DRONE)_")
PREDEFINED_SECRETS = frozenset({"CI_JOB_TOKEN", "CI_REGISTRY_PASSWORD", "CI_DEPLOY_PASSWORD"})


@dataclass(frozen=True, slots=True)
class Thresholds:
    """When a literal counts as a credential: CI001's parameters (SEC001's defaults)."""

    min_length: int = 8
    min_entropy: float = 3.0

    @classmethod
    def of(cls, context: Context) -> Thresholds:
        params = context.parameters.get("CI001", {})
        length, entropy = params.get("min_length", 8), params.get("min_entropy", 3.0)
        return cls(
            int(length) if isinstance(length, (int, float)) else 8,
            float(entropy) if isinstance(entropy, (int, float)) else 3.0,
        )

    def is_literal_secret(self, value: str) -> bool:
        """A value written out in the file, not a reference, that looks like a key."""
        text = value.strip()
        if REFERENCE.search(text) or is_placeholder(text):
            return False
        return looks_like_secret(text, self.min_length, self.min_entropy)


@dataclass(frozen=True, slots=True)
class SecretScope:
    """Which variable names hold secrets where a script runs."""

    secret: frozenset[str] = frozenset()  # fed by a secret in the file
    plain: frozenset[str] = frozenset()  # set in the file to a non-secret value
    dumps_leak: bool = True  # the environment holds secrets, so dumping it leaks them
    secret_inputs: bool = False  # composite actions: `inputs.<secret name>`

    def is_secret(self, name: str) -> bool:
        return (
            name in self.secret
            or (name not in self.plain and not PREDEFINED.match(name) and is_secret_name(name))
            or name in PREDEFINED_SECRETS
        )

    def without(self, names: Iterable[str]) -> SecretScope:
        masked = frozenset(names)
        return SecretScope(
            self.secret - masked, self.plain | masked, self.dumps_leak, self.secret_inputs
        )


def expression_secrets(text: str, scope: SecretScope | None = None) -> list[str]:
    """Secrets named inside `${{ }}` expressions: `secrets.X`, `github.token`, `env.X`."""
    found: list[str] = []
    for match in EXPRESSION.finditer(text):
        body = match.group(1)
        for secret in _EXPR_SECRET.finditer(body):
            name, index = secret.groups()
            found.append(f"secrets.{name}" if name else "secrets[...]" if index else "secrets")
        if _EXPR_TOKEN.search(body):
            found.append("github.token")
        for context_name, name in _EXPR_NAMED.findall(body):
            if scope is None:
                continue
            if (context_name == "env" and scope.is_secret(name)) or (
                context_name == "inputs" and scope.secret_inputs and is_secret_name(name)
            ):
                found.append(f"{context_name}.{name}")
    return found


def secret_refs(text: str, scope: SecretScope) -> list[str]:
    """Secrets a shell word expands: `$TOKEN`, `${TOKEN}`, `$env:TOKEN`, `${{ secrets.X }}`."""
    found = expression_secrets(text, scope)
    for match in SHELL_REF.finditer(EXPRESSION.sub(" ", text)):
        name = next(group for group in match.groups() if group)
        if scope.is_secret(name):
            found.append(name)
    return found


def shell_names(text: str) -> list[str]:
    return [next(g for g in m.groups() if g) for m in SHELL_REF.finditer(EXPRESSION.sub(" ", text))]


def entry_credential(
    key: str, value: yaml.Node, thresholds: Thresholds, lines: Sequence[str]
) -> Detection | None:
    """CI001 for `KEY: literal` when the key names a credential and the value is one."""
    if not isinstance(value, yaml.ScalarNode) or not is_secret_name(key):
        return None
    return literal_detection(key, value, thresholds, lines)


def literal_detection(
    key: str, value: yaml.ScalarNode, thresholds: Thresholds, lines: Sequence[str]
) -> Detection | None:
    """CI001 for a scalar already known to sit where a credential goes (`lines`: the file's).

    A literal hidden in an expression's fallback counts too:
    `${{ secrets.DB_PASSWORD || 'Hz7!qWm3Xv9RkL2p' }}` runs with the literal
    wherever the secret is not set, forks included.
    """
    if value.tag != "tag:yaml.org,2002:str":
        return None
    text, span = str(value.value), value_span(value, lines)
    for match in _EXPR_LITERAL.finditer(text if span.line == span.end_line else ""):
        if thresholds.is_literal_secret(match.group(1)):
            column = span.column + match.start(1)
            where = Location(span.line, column, span.line, column + len(match.group(1)))
            return literal_at(key, match.group(1), where, thresholds)
    return literal_at(key, text, span, thresholds)


def literal_at(key: str, value: str, span: Location, thresholds: Thresholds) -> Detection | None:
    """CI001 for a literal credential at a known span; the value is masked here."""
    if not thresholds.is_literal_secret(value):
        return None
    evidence = masking.evidence(value.strip())
    return Detection("CI001", span, {"key": key}, evidence=evidence, secret_spans=(span,))


def pr_head_label(text: str) -> str | None:
    """`pull_request.head.sha`, `refs/pull/…/merge`: which pull request code a ref names."""
    match = PR_HEAD.search(text)
    if match is None:
        return None
    found = match.group(0)
    if "pull/" in found and "pull_request" not in found:
        return "refs/pull/…/" + found.rsplit("/", 1)[-1]
    return found.removeprefix("github.event.")


def env_names(node: yaml.Node | None) -> Mapping[str, yaml.Node]:
    """`NAME: value` pairs of an env / variables mapping (scalar keys only)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def scope_of(
    entries: Iterable[tuple[str, yaml.Node]],
    thresholds: Thresholds,
    *,
    dumps_leak: bool | None = None,
    secret_inputs: bool = False,
) -> SecretScope:
    """Which of these env / variables entries carry a secret (later entries override).

    `dumps_leak=None` means "only when a secret is in the environment" (GitHub,
    which injects nothing by itself); elsewhere the CI injects project variables.
    """
    base = SecretScope(secret_inputs=secret_inputs)
    state: dict[str, bool | None] = {}
    for name, node in entries:
        value = scalar_text(node)
        if value is None:
            state[name] = None
        elif (
            expression_secrets(value, base)
            or thresholds.is_literal_secret(value)
            or any(base.is_secret(ref) for ref in shell_names(value))
        ):
            state[name] = True
        elif not REFERENCE.search(value) and "${{" not in value:
            state[name] = False  # a literal that is no credential: `POSTGRES_PASSWORD: postgres`
        else:
            state[name] = None
    secret = frozenset(n for n, fed in state.items() if fed)
    plain = frozenset(n for n, fed in state.items() if fed is False)
    leak = bool(secret) if dumps_leak is None else dumps_leak
    return SecretScope(secret, plain, leak, secret_inputs)


def scalar_text(node: yaml.Node | None) -> str | None:
    """A variable's value: a scalar, or GitLab's `{value: ..., description: ...}` form."""
    if isinstance(node, yaml.MappingNode):
        node = next((v for k, v in node.value if getattr(k, "value", None) == "value"), None)
    return str(node.value) if isinstance(node, yaml.ScalarNode) else None


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


def cloud_keys(block: yaml.Node | None) -> Iterator[Detection]:
    """CI005 for an env / variables block that hands a pipeline a long-lived cloud key."""
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
        yield cloud_key_detection(provider, key)


def cloud_key_detection(provider: str, key: yaml.ScalarNode) -> Detection:
    return Detection("CI005", location(key), {"provider": provider, "key_name": str(key.value)})
