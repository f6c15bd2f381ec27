"""Kubernetes service-account tokens (K8S001): mounted without need, unbounded, or everlasting.

A pod gets its service account's API token unless `automountServiceAccountToken`
says `false` (on the pod spec, or else on the account); a token it does not
use is a credential for whatever code runs in the pod. Reported: a token
mounted (explicitly, or by default) for an account no RoleBinding or
ClusterRoleBinding in the scan grants anything (bindings and accounts in
other files are joined through `claims`; a pod whose sidecar injector uses
the token, Dapr, Vault agent, Linkerd, is left alone); a projected `serviceAccountToken` without an `audience` (it is
then valid against the API server itself) or living longer than
`max_token_seconds`; a legacy `kubernetes.io/service-account-token` Secret,
which never expires.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

import yaml

from scanner.analyzers.base import Context
from scanner.analyzers.config import durations
from scanner.analyzers.gateway import claims
from scanner.analyzers.gateway.documents import (
    Document,
    boolean,
    child,
    items,
    key_node,
    seconds,
    text,
)
from scanner.analyzers.gateway.platform_descriptor import Platform
from scanner.analyzers.gateway.profile import Validation
from scanner.analyzers.yamldoc import location
from scanner.model import Detection, Location, Vouch
from scanner.registry import K8S001

LEGACY_TOKEN = "kubernetes.io/service-account-token"
# Claims for other files: a binding names the account; the account turns automounting off.
BOUND, NOT_MOUNTED = "k8s-service-account-bound", "k8s-service-account-not-mounted"
# Annotations of sidecar injectors whose sidecar authenticates with the pod's token.
_TOKEN_SIDECARS = ("dapr.io/enabled", "vault.hashicorp.com/agent-inject", "linkerd.io/inject")
# Linkerd's injection annotation says `enabled` (or `ingress`), not `true`.
_INJECTING = frozenset({"enabled", "ingress"})
_POD_TEMPLATES = {
    "Pod": ("spec",),
    "Deployment": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "ReplicaSet": ("spec", "template", "spec"),
    "ReplicationController": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
}
_BINDINGS = ("RoleBinding", "ClusterRoleBinding")


def _recognises(document: Document) -> bool:
    kind = document.kind
    if kind in _BINDINGS:
        return document.api_version.startswith("rbac.authorization.k8s.io/")
    return bool(document.api_version) and (
        kind in _POD_TEMPLATES or kind in ("ServiceAccount", "Secret")
    )


def _read(
    documents: Sequence[Document], context: Context
) -> Iterator[Validation | Detection | Vouch]:
    bound = {account for d in documents if d.kind in _BINDINGS for account in _subjects(d)}
    for namespace, name in sorted(bound):
        yield from claims.offered(BOUND, namespace, name)
    asked = set()  # service accounts of this file that ask for automounting themselves
    longest = context.params(K8S001).max_token_seconds
    for document in documents:
        if document.kind == "Secret":
            kind = child(document.root, "type")
            if kind is not None and text(kind) == LEGACY_TOKEN:
                yield _found(
                    document.span(kind),
                    document.title,
                    "a legacy service-account token Secret never expires",
                )
        elif document.kind == "ServiceAccount":
            automount = boolean(child(document.root, "automountServiceAccountToken"))
            if automount is False:
                yield from claims.offered(NOT_MOUNTED, document.namespace, document.name)
            elif automount is True:
                asked.add(document.name)
            subject = document.title
            yield from _automount(document, document.root, document.name, bound, subject)
    for document in documents:
        if document.kind in _POD_TEMPLATES:
            spec = child(document.root, *_POD_TEMPLATES[document.kind])
            subject = document.title
            account = _account(spec)
            if account:  # a templated account could be any, bound or not: not judged
                yield from _automount(document, spec, account, bound, subject)
                if child(spec, "automountServiceAccountToken") is None and account not in asked:
                    yield from _by_default(document, account, bound, subject)
            yield from _projected(document, spec, subject, longest)


def _account(spec: yaml.Node | None) -> str:
    """The pod's service account: its name, `default` when none is set, "" when templated."""
    for key in ("serviceAccountName", "serviceAccount"):
        found = child(spec, key)
        if found is not None:
            return text(found) or ""
    return "default"


def _by_default(
    document: Document, account: str, bound: set[tuple[str, str]], subject: str
) -> Iterator[Detection]:
    """A pod spec that leaves automounting to its account's default (true)."""
    template = child(document.root, *_POD_TEMPLATES[document.kind][:-1], "metadata")
    if document.kind == "Pod":
        template = child(document.root, "metadata")
    annotations = child(template, "annotations")
    if any(_injects(child(annotations, key)) for key in _TOKEN_SIDECARS):
        return  # the injected sidecar authenticates with the pod's token
    if _is_bound(document, account, bound):
        return
    reason = (
        f"mounts the API token of service account '{account}' by default"
        " (automountServiceAccountToken is not set), and no RoleBinding or ClusterRoleBinding"
        " in the scanned files grants that account anything"
    )
    unless = (
        *claims.accepted(BOUND, document.namespace, account),
        *claims.accepted(NOT_MOUNTED, document.namespace, account),
    )
    yield replace(_found(document.kind_line(), subject, reason), unless_vouched=unless)


def _injects(value: yaml.Node | None) -> bool:
    """A sidecar injector's annotation turned on: `"true"`, or Linkerd's `enabled`."""
    return boolean(value) is True or (text(value) or "").strip().lower() in _INJECTING


def _is_bound(document: Document, account: str, bound: set[tuple[str, str]]) -> bool:
    if any(name == account and namespace in ("", document.namespace) for namespace, name in bound):
        return True
    return document.namespace == "" and any(name == account for _, name in bound)


def _subjects(binding: Document) -> Iterator[tuple[str, str]]:
    for subject in items(child(binding.root, "subjects")):
        if text(child(subject, "kind")) == "ServiceAccount":
            yield (
                text(child(subject, "namespace")) or binding.namespace,
                text(child(subject, "name")) or "",
            )


def _automount(
    document: Document,
    spec: yaml.Node | None,
    account: str,
    bound: set[tuple[str, str]],
    subject: str,
) -> Iterator[Detection]:
    value = child(spec, "automountServiceAccountToken")
    if boolean(value) is not True or value is None or _is_bound(document, account, bound):
        return
    reason = (
        f"mounts the API token of service account '{account}', and no RoleBinding or"
        " ClusterRoleBinding in the scanned files grants that account anything"
    )
    granting = claims.accepted(BOUND, document.namespace, account)
    yield replace(_found(document.span(value), subject, reason), unless_vouched=granting)


def _projected(
    document: Document, spec: yaml.Node | None, subject: str, longest: int
) -> Iterator[Detection]:
    for volume in items(child(spec, "volumes")):
        for source in items(child(volume, "projected", "sources")):
            token = child(source, "serviceAccountToken")
            if not isinstance(token, yaml.MappingNode):
                continue
            lifetime = child(token, "expirationSeconds")
            if child(token, "audience") is None:
                opening = key_node(source, "serviceAccountToken")
                where = location(opening) if opening is not None else location(token)
                yield _found(
                    where,
                    subject,
                    "a projected service-account token names no audience, so the API server accepts it",
                )
            found = seconds(lifetime)
            if lifetime is not None and found is not None and found > longest:
                reason = f"a projected service-account token lives {durations.describe(found)}, over the {durations.describe(longest)} limit"
                yield _found(document.span(lifetime), subject, reason)


def _found(where: Location, subject: str, reason: str) -> Detection:
    return K8S001.detect(where, {"subject": subject, "reason": reason})


PLATFORM = Platform(
    name="kubernetes",
    words=(
        b"automountServiceAccountToken",
        b"serviceAccountToken",
        b"service-account-token",
        b"RoleBinding",  # a binding in one file grants the account another file mounts
        *(f"kind: {kind}".encode() for kind in _POD_TEMPLATES),
        *(f'"kind": "{kind}"'.encode() for kind in _POD_TEMPLATES),
    ),
    recognises=_recognises,
    read=_read,
)
