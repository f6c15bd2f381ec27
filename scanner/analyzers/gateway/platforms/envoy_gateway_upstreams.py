"""Envoy Gateway policies that hand the signed-in caller's token to a backend outside the trust
boundary (TOK001).

`spec.oidc.forwardAccessToken: true` on a `SecurityPolicy` sends the
caller's access token to the backend in `Authorization` (the default keeps
it in the gateway's cookies). The policy's target `HTTPRoute`s of the same
file name their backends (`rules[].backendRefs`): an Envoy Gateway
`Backend` whose `fqdn` endpoint is a public name, or a `Service` of type
`ExternalName`, outside the domains the gateway serves or trusts (the
routes' `hostnames`, the issuer, the redirect URL: `trust_boundary`)
receives it. Reported at `forwardAccessToken`, the backend's host as the
related place. Routes and backends of other files, and policies aimed at a
whole Gateway, are not followed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from scanner.analyzers import urls
from scanner.analyzers.gateway import trust_boundary
from scanner.analyzers.gateway.documents import Document, boolean, child, items, strings, text
from scanner.analyzers.gateway.judges import passed_through
from scanner.model import Detection, Location, Related

GROUP = "gateway.envoyproxy.io"
ROUTES = "gateway.networking.k8s.io"
# A backend's host, where it is written, and why the configuration itself calls it external.
Backends = Mapping[tuple[str, str], tuple[str, Location, str, str]]  # (kind, name) -> ...


def recognises(document: Document) -> bool:
    return (
        document.is_kind(ROUTES, "HTTPRoute")
        or document.is_kind(GROUP, "Backend")
        or (document.api_version == "v1" and document.kind == "Service")
    )


def forwarded(documents: Sequence[Document]) -> Iterator[Detection]:
    backends = _backends(documents)
    routes = {d.name: d for d in documents if d.is_kind(ROUTES, "HTTPRoute")}
    for policy in documents:
        if not policy.is_kind(GROUP, "SecurityPolicy"):
            continue
        oidc = child(policy.root, "spec", "oidc")
        flag = child(oidc, "forwardAccessToken")
        if flag is None or boolean(flag) is not True:
            continue
        spec = child(policy.root, "spec")
        targets = [*items(child(spec, "targetRefs")), child(spec, "targetRef")]
        served = [
            routes[name]
            for ref in targets
            if text(child(ref, "kind")) == "HTTPRoute" and (name := text(child(ref, "name")))
            if name in routes
        ]
        own = trust_boundary.Domains.of(
            [
                *(h for route in served for h in strings(child(route.root, "spec", "hostnames"))),
                text(child(oidc, "redirectURL")) or "",
            ],
            [text(child(oidc, "provider", "issuer")) or ""],
        )
        for route in served:
            found = _outside(route, backends, own)
            if found is not None:
                upstream, reason = found
                yield passed_through(
                    policy.span(flag), policy.title, "forwardAccessToken: true", upstream, reason
                )
                break


def _outside(
    route: Document, backends: Backends, own: trust_boundary.Domains
) -> tuple[Related, str] | None:
    for rule in items(child(route.root, "spec", "rules")):
        for ref in items(child(rule, "backendRefs")):
            kind = text(child(ref, "kind")) or "Service"
            found = backends.get((kind, text(child(ref, "name")) or ""))
            if found is None:
                continue
            host, where, declared, path = found
            reason = trust_boundary.outside(host, own, declared)
            if reason is not None:
                return Related(
                    path, where, f"{kind} '{text(child(ref, 'name'))}' at {host}"
                ), reason
    return None


def _backends(documents: Sequence[Document]) -> Backends:
    found: dict[tuple[str, str], tuple[str, Location, str, str]] = {}
    for document in documents:
        spec = child(document.root, "spec")
        if document.is_kind(GROUP, "Backend"):
            for endpoint in items(child(spec, "endpoints")):
                node = child(endpoint, "fqdn", "hostname")
                host = urls.host_of(text(node) or "")
                if node is not None and host:
                    found[("Backend", document.name)] = (
                        host,
                        document.span(node),
                        "",
                        document.path,
                    )
                    break
        elif document.kind == "Service" and text(child(spec, "type")) == "ExternalName":
            node = child(spec, "externalName")
            host = urls.host_of(text(node) or "")
            if node is not None and host:
                declared = "an ExternalName service, outside the cluster"
                found[("Service", document.name)] = (
                    host,
                    document.span(node),
                    declared,
                    document.path,
                )
    return found
