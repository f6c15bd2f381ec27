"""Where a Gloo JWT provider's kept token goes: routes to Upstreams to static hosts (TOK001).

A provider with `keepToken: true` leaves the caller's token on the request
(the default removes it once verified). Options on the virtual host cover
all of its routes, options on a route that route; a route's `routeAction`
names its Upstreams (`single.upstream`, `multi.destinations[].destination.upstream`).
An Upstream of the same file whose `static.hosts` hold a host outside the
gateway's trust boundary (`trust_boundary`: not one of the virtual host's
domains, issuers or key endpoints, not a cluster-internal name) receives
the caller's token: reported at `keepToken`, the host as the related place.
Kubernetes-service Upstreams are inside the mesh. An Upstream of another
file is joined through claims (`claims`): its file states that it has a
public static host and of which domains; the finding stands when it has
one and none of them is the gateway's own.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

import yaml

from scanner.analyzers import urls
from scanner.analyzers.gateway import claims, trust_boundary
from scanner.analyzers.gateway.documents import (
    Document,
    at_path,
    boolean,
    child,
    items,
    pairs,
    strings,
    text,
    walk,
)
from scanner.analyzers.gateway.judges import passed_through
from scanner.model import Detection, Location, Related, Vouch

UPSTREAM_GROUP = "gloo.solo.io"
# Claims for other files: an Upstream with a public static host, and each such host's domain.
PUBLIC, DOMAIN = "gloo-upstream-public", "gloo-upstream-domain"
Upstreams = Mapping[tuple[str, str], Sequence[tuple[str, Location]]]  # (ns, name) -> hosts


def is_upstream(document: Document) -> bool:
    return document.is_kind(UPSTREAM_GROUP, "Upstream")


def public_hosts(upstreams: Upstreams) -> Iterator[Vouch]:
    """What the file's Upstreams say for VirtualServices of other files."""
    for (namespace, name), hosts in upstreams.items():
        public = [h for h, _ in hosts if trust_boundary.is_private(h) is False]
        if public:
            yield from claims.offered(PUBLIC, namespace, name)
        for domain in sorted({trust_boundary.domain_of(h) for h in public}):
            yield from claims.offered(DOMAIN, namespace, f"{name}@{domain}")


def static_hosts(documents: Sequence[Document]) -> Upstreams:
    """The static hosts of every Upstream of the file, by namespace and name."""
    found: dict[tuple[str, str], list[tuple[str, Location]]] = {}
    for document in documents:
        if not is_upstream(document):
            continue
        hosts = found.setdefault((document.namespace, document.name), [])
        for entry in items(child(document.root, "spec", "static", "hosts")):
            addr = child(entry, "addr")
            host = urls.host_of(text(addr) or "")
            if addr is not None and host:
                hosts.append((host, document.span(addr)))
    return found


def kept(
    document: Document,
    path: tuple[str, ...],
    jwt: yaml.Node,
    resource: str,
    upstreams: Upstreams,
) -> Iterator[Detection]:
    """TOK001 for each provider of the jwt options at `path` that keeps the token for a static
    host outside the trust boundary."""
    keeping = [
        (key, flag)
        for key, provider in pairs(child(jwt, "providers"))
        if (flag := child(provider, "keepToken")) is not None and boolean(flag)
    ]
    if not keeping:
        return
    own = trust_boundary.Domains.of(
        strings(child(document.root, "spec", "virtualHost", "domains")),
        (
            text(child(mapping, key)) or ""
            for _, mapping in walk(document.root)
            for key in ("issuer", "url")
        ),
    )
    targets = [
        ref
        for route in _routes(document, path)
        for ref in _upstream_refs(route, document.namespace)
    ]
    elsewhere = [t for t in targets if not any(n == t[1] for _, n in upstreams)]
    for key, flag in keeping:
        validator = f"{resource} provider '{key.value}'"
        for host, where, name in _hosts(targets, upstreams):
            reason = trust_boundary.outside(host, own)
            if reason is None:
                continue
            upstream = Related(document.path, where, f"Upstream '{name}' at {host}")
            yield passed_through(
                document.span(flag), validator, "keepToken: true", upstream, reason
            )
            break
        else:
            if elsewhere and own.served:
                yield _in_another_file(document.span(flag), validator, elsewhere, own)


def _in_another_file(
    where: Location,
    validator: str,
    targets: Sequence[tuple[str, str]],
    own: trust_boundary.Domains,
) -> Detection:
    """The finding for Upstreams of other files: it stands when one of them has a public static
    host, and falls when one of them has a host of the gateway's own domains."""
    names = " or ".join(f"'{namespace}/{name}'" for namespace, name in targets)
    reason = f"a public static host outside the domains it serves or trusts ({', '.join(sorted(own.known))})"
    found = passed_through(
        where, validator, "keepToken: true", f"Upstream {names} (in another file)", reason
    )
    public = tuple(c for ns, name in targets for c in claims.accepted(PUBLIC, ns, name))
    mine = tuple(
        c
        for ns, name in targets
        for d in sorted(own.known)
        for c in claims.accepted(DOMAIN, ns, f"{name}@{d}")
    )
    return replace(found, if_vouched=public, unless_vouched=mine)


def _routes(document: Document, path: tuple[str, ...]) -> list[yaml.Node]:
    """The routes the options at `path` apply to: their own route, or every route of the host."""
    if "routes" in path:
        route = at_path(document.root, path[: len(path) - 1 - path[::-1].index("options")])
        return [route] if route is not None else []
    spec = child(document.root, "spec")
    return items(child(spec, "virtualHost", "routes")) or items(child(spec, "routes"))


def _upstream_refs(route: yaml.Node, namespace: str) -> Iterator[tuple[str, str]]:
    action = child(route, "routeAction")
    refs = [child(action, "single", "upstream")]
    refs += [
        child(d, "destination", "upstream") for d in items(child(action, "multi", "destinations"))
    ]
    for ref in refs:
        name = text(child(ref, "name"))
        if name:
            yield text(child(ref, "namespace")) or namespace, name


def _hosts(
    targets: Sequence[tuple[str, str]], upstreams: Upstreams
) -> Iterator[tuple[str, Location, str]]:
    for namespace, name in targets:
        matches = [
            hosts for (ns, n), hosts in upstreams.items() if n == name and ns in (namespace, "")
        ]
        for hosts in matches:
            for host, where in hosts:
                yield host, where, name
