"""Envoy's `jwt_authn` HTTP filter, in a bootstrap, in xDS resources, or inside an Istio `EnvoyFilter`.

The filter is found wherever a mapping's `@type` ends in
`jwt_authn.v3.JwtAuthentication`. Each of its `providers` is a validator:
no `issuer` means `iss` is not checked, no `audiences` means `aud` is not
checked, `clock_skew_seconds` is the leeway, `max_lifetime` the longest
token accepted. Its `rules` decide which requests need a token, first match
first: a rule without `requires`, a requirement that allows missing or
failed tokens, and a route whose per-route config says `disabled: true`
let requests through without one (GW001) unless the route is a probe path.
A `remote_jwks` cluster defined in the same document without a TLS
transport socket fetches keys in the clear (JWT010). A provider that
`forward`s the token to a cluster outside the trust boundary is a token
passthrough (TOK001, `envoy_upstreams`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import yaml

from scanner.analyzers.base import Context
from scanner.analyzers.gateway import providers
from scanner.analyzers.gateway.documents import (
    Document,
    boolean,
    child,
    items,
    key_node,
    pairs,
    text,
    walk,
)
from scanner.analyzers.gateway.judges import MISSING_ONLY, is_exempt_path, not_enforced
from scanner.analyzers.gateway.platform_descriptor import Platform
from scanner.analyzers.gateway.platforms.envoy_upstreams import forwarded
from scanner.analyzers.gateway.profile import (
    EXPIRY,
    TRANSPORT,
    Validation,
)
from scanner.analyzers.yamldoc import location
from scanner.model import Detection, Location
from scanner.registry import GW001

FILTER = "JwtAuthentication"
LAYOUT = providers.Layout(
    "envoy",
    jwks_uri=("remote_jwks", "http_uri", "uri"),
    inline_jwks=("local_jwks", "inline_string"),
    leeway=("clock_skew_seconds",),
    max_lifetime=("max_lifetime",),
    expiry_required=("require_expiration",),
)
PER_ROUTE = "PerRouteConfig"


def _typed(mapping: yaml.Node, suffix: str) -> bool:
    found = text(child(mapping, "@type")) or ""
    return found.endswith(suffix) and "jwt_authn" in found


def _recognises(document: Document) -> bool:
    return any(_typed(m, FILTER) or _typed(m, PER_ROUTE) for _, m in walk(document.root))


def _read(documents: Sequence[Document], context: Context) -> Iterator[Validation | Detection]:
    exempt = context.params(GW001).exempt_paths
    for document in documents:
        clusters = _clusters(document)
        for _, mapping in walk(document.root):
            if _typed(mapping, FILTER):
                yield from _filter(document, mapping, clusters, exempt)
            elif isinstance(mapping, yaml.MappingNode):
                yield from _disabled_routes(document, mapping, exempt)
                for entry in items(child(mapping, "http_filters")):
                    config = child(entry, "typed_config")
                    if config is not None and _typed(config, FILTER):
                        yield from forwarded(document, mapping, config, clusters, PER_ROUTE)


def _clusters(document: Document) -> dict[str, yaml.Node]:
    """Clusters defined in the document (`static_resources.clusters`), by name."""
    found: dict[str, yaml.Node] = {}
    for cluster in items(child(document.root, "static_resources", "clusters")):
        name = text(child(cluster, "name"))
        if name:
            found[name] = cluster
    return found


def _filter(
    document: Document, config: yaml.Node, clusters: dict[str, yaml.Node], exempt: Sequence[str]
) -> Iterator[Validation | Detection]:
    for key, provider in pairs(child(config, "providers")):
        if isinstance(provider, yaml.MappingNode):
            yield _provider(document, str(key.value), location(key), provider, clusters)
    for rule in items(child(config, "rules")):
        if not isinstance(rule, yaml.MappingNode):
            continue
        path = _path(child(rule, "match"))
        if path is not None and is_exempt_path(path, exempt):
            continue
        shown = path or "the matched routes"
        requires = child(rule, "requires")
        if requires is None and key_node(rule, "requirement_name") is None:
            reason = f"the rule for {shown} requires no token"
            yield not_enforced(location(rule), "the jwt_authn filter", reason)
        else:
            yield from _lenient(requires, f"the rule for {shown}")
    for key, requirement in pairs(child(config, "requirement_map")):
        yield from _lenient(requirement, f"requirement '{key.value}'")


def _lenient(requirement: yaml.Node | None, what: str) -> Iterator[Detection]:
    """GW001 at an `allow_missing` or `allow_missing_or_failed` inside a requirement."""
    for _, mapping in walk(requirement) if requirement is not None else ():
        for key, _ in pairs(mapping):
            if key.value == "allow_missing_or_failed":
                reason = f"{what} accepts requests whose token is missing or fails verification"
                yield not_enforced(location(key), "the jwt_authn filter", reason)
            elif key.value == "allow_missing":
                reason = f"{what} accepts requests without a token"
                yield not_enforced(location(key), "the jwt_authn filter", reason, MISSING_ONLY)


def _path(match: yaml.Node | None) -> str | None:
    for key in ("path", "prefix", "path_separated_prefix"):
        found = text(child(match, key))
        if found is not None:
            return found
    return None


def _disabled_routes(
    document: Document, route: yaml.MappingNode, exempt: Sequence[str]
) -> Iterator[Detection]:
    """A route (or virtual host) whose per-route `jwt_authn` config says `disabled: true`."""
    for _, config in pairs(child(route, "typed_per_filter_config")):
        disabled = child(config, "disabled")
        if not (_typed(config, PER_ROUTE) and boolean(disabled) is True) or disabled is None:
            continue
        path = _path(child(route, "match"))
        if path is not None and is_exempt_path(path, exempt):
            continue
        reason = f"JWT verification is disabled for {path or 'the routes here'}"
        yield not_enforced(document.span(disabled), "jwt_authn per-route config", reason)


def _provider(
    document: Document,
    name: str,
    at: Location,
    provider: yaml.MappingNode,
    clusters: dict[str, yaml.Node],
) -> Validation:
    cluster_name = child(provider, "remote_jwks", "http_uri", "cluster")
    insecure = _plain_cluster(clusters, text(cluster_name))
    places = {TRANSPORT: document.span(cluster_name)} if insecure and cluster_name else {}
    return providers.read(
        LAYOUT,
        document,
        provider,
        f"jwt_authn provider '{name}'",
        at,
        insecure_transport=insecure,
        places=places,
        reasons={EXPIRY: "require_expiration is false"},
    )


def _plain_cluster(clusters: dict[str, yaml.Node], name: str | None) -> str:
    """Why the JWKS cluster fetches keys in the clear ("" when it uses TLS or is not here)."""
    cluster = clusters.get(name or "")
    if cluster is None or child(cluster, "transport_socket") is not None:
        return ""
    if child(cluster, "transport_socket_matches") is not None:
        return ""
    return f"cluster '{name}' has no TLS transport socket"


PLATFORM = Platform(
    name="envoy",
    words=(b"jwt_authn",),
    recognises=_recognises,
    read=_read,
)
