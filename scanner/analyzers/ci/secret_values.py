"""What a pipeline value is to a secret: a reference to one, a variable that holds one.

Shared by every reader and audit. A variable holds a secret when the file
feeds it from a secret store (`${{ secrets.X }}`, a masked CI variable) or
its name says so; the variables a CI system sets itself are not secrets by
their name, except the few its descriptor lists. `Thresholds` says when a
written-out value looks like a credential (CI001's parameters).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import yaml

from scanner.analyzers.base import Context
from scanner.analyzers.ci.platforms import PLATFORMS
from scanner.analyzers.config.judges.literal_credentials import is_credential_text
from scanner.analyzers.credentials import is_secret_name, names_credential
from scanner.analyzers.placeholders import is_placeholder
from scanner.model import FileKind
from scanner.registry import CI001, CredentialThresholds

EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
_EXPR_SECRET = re.compile(r"\bsecrets\b\s*(?:\.\s*([A-Za-z_][\w-]*)|(\[))?")
_EXPR_NAMED = re.compile(r"\b(env|inputs)\.([A-Za-z_][\w-]*)")
_EXPR_TOKEN = re.compile(r"\bgithub\.token\b")
SHELL_REF = re.compile(  # $X ${X} ${env.X} $env:X %X% and Azure's $(X) macros
    r"\$\{env\.(\w+)\}|\$env:([A-Za-z_]\w*)|\$\{?([A-Za-z_][A-Za-z0-9_]*)|%([A-Za-z_]\w*)%"
    r"|\$\(([A-Za-z_][\w.]*)\)"
)
# A value that refers to a variable or a secret, in any system's syntax, is no literal.
REFERENCE = re.compile("|".join(dict.fromkeys(s for p in PLATFORMS for s in p.secret_syntax)))
PR_HEAD = re.compile(
    r"github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref"
    r"|github\.event\.pull_request\.merge_commit_sha"
    r"|github\.event\.workflow_run\.head_(?:sha|branch|commit\.id)"
    r"|(?:refs/)?pull/(?:\$\{\{[^}]*\}\}|[^/\s]+)/(?:head|merge)"
)

# Variables a CI system sets itself: not secrets by their name, except its predefined secrets.
_PREFIXES = dict.fromkeys(prefix for p in PLATFORMS for prefix in p.predefined)
PREDEFINED = re.compile("^(?:" + "|".join(re.escape(prefix) for prefix in _PREFIXES) + ")")
PREDEFINED_SECRETS = frozenset(name for p in PLATFORMS for name in p.predefined_secrets)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """When a literal counts as a credential in a pipeline file: CI001's parameters and the
    file's kind, judged by SEC001's value test, so a value in a provider's format is left
    to SEC002 here as everywhere."""

    limits: CredentialThresholds
    kind: FileKind

    @classmethod
    def of(cls, context: Context, kind: FileKind) -> Thresholds:
        return cls(context.params(CI001), kind)

    def is_literal_secret(self, value: str, *, named: bool = False) -> bool:
        """A value written out in the file, not a reference, that looks like a key.

        `named`: the value stands where the credential itself goes (`DB_PASSWORD:`,
        `credentials.names_credential`), where `Autumn2024` is a person's password.
        """
        text = value.strip()
        return is_literal(text) and is_credential_text(text, self.limits, self.kind, named=named)


def is_literal(value: str) -> bool:
    """A value written out in the file: no reference to a variable or secret, no filler."""
    text = value.strip()
    return not REFERENCE.search(text) and not is_placeholder(text)


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
            or thresholds.is_literal_secret(value, named=names_credential(name))
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
