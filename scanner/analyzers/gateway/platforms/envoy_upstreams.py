"""Where an Envoy `jwt_authn` provider's tokens go: rules and routes to clusters to endpoints (TOK001).

A provider with `forward: true` keeps the caller's token on the request
(the default removes it once verified). The requests it verifies are those
of the filter's `rules` that name it (`provider_name` anywhere in
`requires`) and the routes whose per-route config names a `requirement_map`
entry that does. A rule's path prefix reaches the routes of the same HTTP
connection manager that may serve it, first match first: a route whose
prefix covers the rule's takes all of its requests, one below it takes some.
A route's cluster (or weighted clusters) defined in the same document names
its endpoints; one outside the gateway's trust boundary (`trust_boundary`)
receives the caller's token: reported at the `forward` setting, with the
endpoint as the related place. `forward_payload_header` carries the verified
claims, not the token, and is not a passthrough. Clusters defined in other
files (CDS) and routes from RDS are not followed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import yaml

from scanner.analyzers import urls
from scanner.analyzers.gateway import trust_boundary
from scanner.analyzers.gateway.documents import (
    Document,
    boolean,
    child,
    items,
    pairs,
    strings,
    text,
    walk,
)
from scanner.analyzers.gateway.judges import passed_through
from scanner.model import Detection, Location, Related


@dataclass(frozen=True, slots=True)
class Route:
    """One route of a virtual host: its path matcher, its clusters, its jwt requirement name."""

    path: str | None  # a prefix or exact path; None when matched otherwise (regex)
    exact: bool
    clusters: tuple[str, ...]
    requirement: str  # the per-route `requirement_name`, "" when none


def forwarded(
    document: Document,
    manager: yaml.Node,
    config: yaml.Node,
    clusters: Mapping[str, yaml.Node],
    per_route: str,
) -> Iterator[Detection]:
    """TOK001 for each forwarding provider of the filter `config` whose requests reach a cluster
    outside the trust boundary, through the routes of the connection manager `manager`."""
    providers = [
        (str(key.value), provider, child(provider, "forward"))
        for key, provider in pairs(child(config, "providers"))
    ]
    forwarding = [(n, p, f) for n, p, f in providers if f is not None and boolean(f) is True]
    if not forwarding:
        return
    hosts = child(manager, "route_config", "virtual_hosts")
    own = trust_boundary.Domains.of(
        (d for host in items(hosts) for d in strings(child(host, "domains"))),
        [
            *(text(child(p, "issuer")) or "" for _, p, _ in providers),
            *(text(child(p, "remote_jwks", "http_uri", "uri")) or "" for _, p, _ in providers),
        ],
    )
    routes = [[_route(r, per_route) for r in items(child(host, "routes"))] for host in items(hosts)]
    for name, _, flag in forwarding:
        reached = _reached(config, name, routes)
        for cluster, host, where in _endpoints(document, clusters, reached):
            reason = trust_boundary.outside(host, own)
            if reason is None:
                continue
            upstream = Related(document.path, where, f"cluster '{cluster}' at {host}")
            validator = f"jwt_authn provider '{name}'"
            yield passed_through(document.span(flag), validator, "forward: true", upstream, reason)
            break


def _route(route: yaml.Node, per_route: str) -> Route:
    match = child(route, "match")
    path, exact = None, False
    for key in ("prefix", "path_separated_prefix", "path"):
        found = text(child(match, key))
        if found is not None:
            path, exact = found, key == "path"
            break
    action = child(route, "route")
    clusters = [text(child(action, "cluster")) or ""]
    clusters += [
        text(child(c, "name")) or "" for c in items(child(action, "weighted_clusters", "clusters"))
    ]
    requirement = ""
    for _, config in pairs(child(route, "typed_per_filter_config")):
        if (text(child(config, "@type")) or "").endswith(per_route):
            requirement = text(child(config, "requirement_name")) or ""
    return Route(path, exact, tuple(c for c in clusters if c), requirement)


def _reached(config: yaml.Node, provider: str, hosts: Sequence[Sequence[Route]]) -> list[str]:
    """The clusters of the routes whose requests the provider verifies, in order, once each."""
    reached: dict[str, None] = {}
    for rule in items(child(config, "rules")):
        if _names(child(rule, "requires"), provider):
            prefix = _rule_path(child(rule, "match"))
            for routes in hosts:
                for route in _serving(prefix, routes):
                    reached.update(dict.fromkeys(route.clusters))
    required = {
        str(key.value)
        for key, requirement in pairs(child(config, "requirement_map"))
        if _names(requirement, provider)
    }
    for routes in hosts:
        for route in routes:
            if route.requirement and route.requirement in required:
                reached.update(dict.fromkeys(route.clusters))
    return list(reached)


def _names(requirement: yaml.Node | None, provider: str) -> bool:
    """Whether a requirement (however nested: `requires_any`, `provider_and_audiences`) names it."""
    if requirement is None:
        return False
    return any(
        text(child(mapping, "provider_name")) == provider for _, mapping in walk(requirement)
    )


def _rule_path(match: yaml.Node | None) -> str:
    for key in ("prefix", "path_separated_prefix", "path"):
        found = text(child(match, key))
        if found is not None:
            return found
    return "/"  # a rule matched by headers alone applies to every path


def _serving(prefix: str, routes: Sequence[Route]) -> Iterator[Route]:
    """The routes that may serve requests under `prefix`, first match first."""
    for route in routes:
        if route.path is None:
            continue
        if route.path.startswith(prefix):
            yield route  # serves part of the rule's requests
            if route.path == prefix and not route.exact:
                return
        elif not route.exact and prefix.startswith(route.path):
            yield route  # takes every request the rule matches
            return


def _endpoints(
    document: Document, clusters: Mapping[str, yaml.Node], names: Sequence[str]
) -> Iterator[tuple[str, str, Location]]:
    """(cluster, host, where the host is written) for each endpoint of the named clusters."""
    for name in names:
        cluster = clusters.get(name)
        groups = items(child(cluster, "load_assignment", "endpoints"))
        addresses = [
            child(lb, "endpoint", "address", "socket_address", "address")
            for group in groups
            for lb in items(child(group, "lb_endpoints"))
        ]
        addresses += [child(h, "socket_address", "address") for h in items(child(cluster, "hosts"))]
        for address in addresses:
            host = urls.host_of(text(address) or "")
            if address is not None and host:
                yield name, host, document.span(address)
