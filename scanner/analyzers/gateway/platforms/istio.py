"""Istio `RequestAuthentication` and `AuthorizationPolicy` (security.istio.io).

A `RequestAuthentication` rejects invalid tokens only: "a request that does
not contain any authentication credentials will be accepted". Tokens are
required by an ALLOW `AuthorizationPolicy` whose rules ask for
`requestPrincipals` (or a `when` on `request.auth.*`), or by a DENY with
`notRequestPrincipals: ["*"]`, applying to every workload of the
authentication: in the same namespace or the root one (`istio-system`),
namespace-wide, with the same target references, or selecting a subset of
its labels (a policy selecting `version: v2` of an `app: catalog`
authentication leaves v1 open), in its file or another (`claims`). ALLOW
rules are OR-ed, so an empty rule (`rules: [{}]`) or a rule with only `to:`
lets its requests through tokenless (such a rule in the file is reported
when its selector may overlap the authentication's); health and readiness
paths (GW001's `exempt_paths`) are public on purpose.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import combinations

import yaml

from scanner.analyzers.base import Context
from scanner.analyzers.gateway import claims, providers
from scanner.analyzers.gateway.documents import (
    Document,
    child,
    items,
    pairs,
    strings,
    text,
)
from scanner.analyzers.gateway.judges import is_exempt_path, not_enforced
from scanner.analyzers.gateway.platform_descriptor import Platform
from scanner.analyzers.gateway.profile import (
    PASSES,
    Passing,
    Validation,
)
from scanner.analyzers.yamldoc import location
from scanner.model import Detection, Vouch
from scanner.registry import GW001

GROUP = "security.istio.io"
LAYOUT = providers.Layout("istio", jwks_uri=("jwksUri",), inline_jwks=("jwks",))
ROOT_NAMESPACE = "istio-system"
# Claims for other files: a policy requiring a principal (or reported for allowing all, which
# then carries the finding), a RequestAuthentication; by namespace and workloads.
PRINCIPAL, AUTHENTICATION = "istio-principal-required", "istio-request-authentication"
_MAX_LABELS = 6  # selectors are a few labels; 2**6 subsets is the most a claim list holds


@dataclass(frozen=True, slots=True)
class Scope:
    """The workloads a resource applies to: its namespace, labels or target references."""

    namespace: str  # "" when the file leaves it to the install (`kubectl -n`, Helm)
    labels: Mapping[str, str] | None  # None: every workload of the namespace
    targets: frozenset[str] | None

    @classmethod
    def of(cls, document: Document) -> Scope:
        spec = child(document.root, "spec")
        labels = child(spec, "selector", "matchLabels")
        refs = [*items(child(spec, "targetRefs")), child(spec, "targetRef")]
        targets = frozenset(
            f"{text(child(r, 'kind'))}/{text(child(r, 'name'))}" for r in refs if r is not None
        )
        return cls(
            document.namespace,
            {k.value: text(v) or "" for k, v in pairs(labels)} if labels is not None else None,
            targets or None,
        )

    @property
    def claim_name(self) -> str:
        """The workloads as a policy's claim names them: its target references or its labels."""
        if self.targets is not None:
            return "targets:" + ",".join(sorted(self.targets))
        return f"labels:{self._labels_text()}"

    def covering_names(self) -> tuple[str, ...]:
        """The claim names of policies that apply to all of these workloads.

        A namespace-wide policy; the same target references; or a selector
        whose labels are a subset of these (up to `_MAX_LABELS` labels).
        """
        if self.targets is not None:
            return ("labels:", self.claim_name)
        return tuple(f"labels:{labels}" for labels in self._label_subsets())

    def authentication_names(self) -> tuple[str, ...]:
        """What an authentication's claim says of its workloads, for `sharing_names` to meet:
        every subset of its labels (`sub:`) and all of them (`full:`)."""
        if self.targets is not None:
            return ("sub:", "targets:" + ",".join(sorted(self.targets)))
        subsets = tuple(f"sub:{labels}" for labels in self._label_subsets())
        return (*subsets, f"full:{self._labels_text()}")

    def sharing_names(self) -> tuple[str, ...]:
        """The authentication claims a policy with this scope shares workloads with: one whose
        labels include all of the policy's, or are all among them (or the same targets)."""
        if self.targets is not None:
            return ("full:", "targets:" + ",".join(sorted(self.targets)))
        subsets = tuple(f"full:{labels}" for labels in self._label_subsets())
        return (f"sub:{self._labels_text()}", *subsets)

    def _label_subsets(self) -> Iterator[str]:
        labels = sorted((self.labels or {}).items())[:_MAX_LABELS]
        for size in range(len(labels) + 1):
            for combo in combinations(labels, size):
                yield ",".join(f"{k}={v}" for k, v in combo)

    def _labels_text(self) -> str:
        return ",".join(f"{k}={v}" for k, v in sorted((self.labels or {}).items())[:_MAX_LABELS])

    def covers(self, other: Scope) -> bool:
        """Whether a policy with this scope applies to every workload of `other`: the same or
        the root namespace, and no selector, the same target references, or a subset of its
        labels (`covering_names`, within one file)."""
        if self.namespace not in ("", other.namespace, ROOT_NAMESPACE):
            return False
        if self.targets is not None:
            return self.targets == other.targets
        if self.labels is None:
            return True
        if other.labels is None:
            return False
        return all(other.labels.get(k) == v for k, v in self.labels.items())

    def may_share_workloads(self, other: Scope) -> bool:
        """Whether some workload may fall under both (unknown namespaces may be the same)."""
        namespaces = {self.namespace, other.namespace}
        if "" not in namespaces and len(namespaces) > 1 and ROOT_NAMESPACE not in namespaces:
            return False
        if self.targets is not None and other.targets is not None:
            return bool(self.targets & other.targets)
        if self.labels is None or other.labels is None:
            return True
        return all(other.labels.get(k, v) == v for k, v in self.labels.items())


def _recognises(document: Document) -> bool:
    return document.is_kind(GROUP, "RequestAuthentication", "AuthorizationPolicy")


def _read(
    documents: Sequence[Document], context: Context
) -> Iterator[Validation | Detection | Vouch]:
    authentications = [d for d in documents if d.kind == "RequestAuthentication"]
    policies = [d for d in documents if d.kind == "AuthorizationPolicy"]
    exempt = context.params(GW001).exempt_paths
    for policy in policies:
        if _requires_token(policy) or _allows_all(policy):
            yield from claims.offered(PRINCIPAL, policy.namespace, Scope.of(policy).claim_name)
    for document in authentications:
        scope = Scope.of(document)
        for name in scope.authentication_names():
            yield from claims.offered(AUTHENTICATION, document.namespace, name)
        near = [p for p in policies if Scope.of(p).may_share_workloads(scope)]
        requiring = [p for p in near if _requires_token(p)]
        enforced = any(Scope.of(p).covers(scope) for p in requiring)
        # An ALLOW-all rule beside it is the finding (reported at the rule), not the RA.
        opened = any(_allows_all(p) for p in near)
        for index, rule in enumerate(items(child(document.root, "spec", "jwtRules"))):
            if isinstance(rule, yaml.MappingNode):
                yield _profile(document, index, rule, enforced)
        if not (enforced or opened):
            found = not_enforced(
                document.kind_line(),
                document.title,
                "the AuthorizationPolicies requiring a request principal select only some"
                " of its workloads"
                if requiring
                else "no AuthorizationPolicy in the scanned files requires a request principal"
                " for its workloads",
            )
            covering = tuple(
                claim
                for name in scope.covering_names()
                for claim in claims.accepted(PRINCIPAL, document.namespace, name, ROOT_NAMESPACE)
            )
            yield replace(found, unless_vouched=covering)
    for policy in policies:
        scope = Scope.of(policy)
        beside = any(Scope.of(a).may_share_workloads(scope) for a in authentications)
        for found in _open_rules(policy, exempt):
            if beside:
                yield found
            else:  # a RequestAuthentication of the namespace in another file
                # A root-namespace policy applies in every namespace.
                namespace = "" if policy.namespace == ROOT_NAMESPACE else policy.namespace
                wanted = tuple(
                    claim
                    for name in scope.sharing_names()
                    for claim in claims.accepted(AUTHENTICATION, namespace, name, ROOT_NAMESPACE)
                )
                yield replace(found, if_vouched=wanted)


def _profile(document: Document, index: int, rule: yaml.MappingNode, enforced: bool) -> Validation:
    name = f"{document.title} jwtRules[{index}]"
    return providers.read(
        LAYOUT,
        document,
        rule,
        name,
        location(rule),
        issuer_checked=True,  # the API requires it
        passes=Passing.NONE if enforced else Passing.ELSEWHERE,
        places={} if enforced else {PASSES: document.kind_line()},
    )


def _allows_all(policy: Document) -> bool:
    """An ALLOW policy with an empty rule: every request passes, token or not."""
    spec = child(policy.root, "spec")
    if (text(child(spec, "action")) or "ALLOW").upper() != "ALLOW":
        return False
    return any(isinstance(r, yaml.MappingNode) and not r.value for r in items(child(spec, "rules")))


def _requires_token(policy: Document) -> bool:
    """ALLOW rules asking for a request principal, a DENY of requests without one, or CUSTOM."""
    spec = child(policy.root, "spec")
    action = (text(child(spec, "action")) or "ALLOW").upper()
    if action == "CUSTOM":
        return True  # an external authorizer decides; it may well require the token
    rules = [r for r in items(child(spec, "rules")) if isinstance(r, yaml.MappingNode)]
    if action == "DENY":
        return any(
            "*" in strings(child(s, "source", "notRequestPrincipals"))
            for r in rules
            for s in items(child(r, "from"))
        )
    return any(_asks_principal(r) for r in rules)


def _asks_principal(rule: yaml.Node) -> bool:
    sources = [child(s, "source") for s in items(child(rule, "from"))]
    if any(strings(child(s, "requestPrincipals")) for s in sources):
        return True
    return any(
        (text(child(w, "key")) or "").startswith("request.auth.")
        for w in items(child(rule, "when"))
    )


def _open_rules(policy: Document, exempt: Sequence[str]) -> Iterator[Detection]:
    """ALLOW rules that match requests whatever their token: empty, or `to:` alone."""
    spec = child(policy.root, "spec")
    if (text(child(spec, "action")) or "ALLOW").upper() != "ALLOW":
        return
    resource = policy.title
    for rule in items(child(spec, "rules")):
        if not isinstance(rule, yaml.MappingNode):
            continue
        keys = {k.value for k, _ in pairs(rule)}
        if not keys:
            yield not_enforced(
                location(rule),
                resource,
                "an empty rule allows every request, with or without a token",
            )
        elif keys == {"to"}:
            paths = [
                p
                for op in items(child(rule, "to"))
                for p in strings(child(op, "operation", "paths"))
            ]
            if paths and all(is_exempt_path(p, exempt) for p in paths):
                continue
            shown = ", ".join(paths[:3]) or "every path"
            yield not_enforced(location(rule), resource, f"requests to {shown} need no token")


PLATFORM = Platform(
    name="istio",
    words=(b"security.istio.io",),
    recognises=_recognises,
    read=_read,
)
