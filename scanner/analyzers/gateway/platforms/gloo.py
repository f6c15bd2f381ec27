"""Gloo Edge / Gloo Gateway JWT (gateway.solo.io `VirtualService`, `RouteOption`).

The JWT options sit under a virtual host's or route's `options.jwt`, or
`options.jwtStaged.beforeExtAuth` / `afterExtAuth`: `providers.<name>` are
the validators (`issuer`, `audiences`, `jwks.remote.url`, `jwks.local.key`,
`clockSkewSeconds`), `validationPolicy: ALLOW_MISSING` or
`ALLOW_MISSING_OR_FAILED` (or the older `allowMissingOrFailedJwt: true`)
lets requests through without a valid token, and a route's `disable: true`
switches verification off for that route. A provider's `keepToken: true`
for an Upstream outside the trust boundary is a token passthrough (TOK001,
`gloo_upstreams`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import yaml

from scanner.analyzers.base import Context
from scanner.analyzers.gateway import providers
from scanner.analyzers.gateway.documents import (
    Document,
    at_path,
    boolean,
    child,
    items,
    pairs,
    text,
    walk,
)
from scanner.analyzers.gateway.judges import MISSING_ONLY, is_exempt_path, not_enforced
from scanner.analyzers.gateway.platform_descriptor import Platform
from scanner.analyzers.gateway.platforms.gloo_upstreams import (
    is_upstream,
    kept,
    public_hosts,
    static_hosts,
)
from scanner.analyzers.gateway.profile import (
    PASSES,
    Passing,
    Validation,
)
from scanner.analyzers.yamldoc import location
from scanner.model import Detection, Location, Vouch
from scanner.registry import GW001

LAYOUT = providers.Layout(
    "gloo",
    jwks_uri=("jwks", "remote", "url"),
    inline_jwks=("jwks", "local", "key"),
    leeway=("clockSkewSeconds",),
)
_STAGES = frozenset({"jwt", "beforeExtAuth", "afterExtAuth"})
_POLICIES = {"ALLOW_MISSING": Passing.MISSING, "ALLOW_MISSING_OR_FAILED": Passing.ANY}


def _recognises(document: Document) -> bool:
    return is_upstream(document) or document.is_kind(
        "gateway.solo.io", "VirtualService", "RouteOption", "RouteTable"
    )


def _read(
    documents: Sequence[Document], context: Context
) -> Iterator[Validation | Detection | Vouch]:
    exempt = context.params(GW001).exempt_paths
    upstreams = static_hosts(documents)
    yield from public_hosts(upstreams)
    for document in documents:
        resource = document.title
        for path, options in walk(document.root):
            if not path or path[-1] not in _STAGES or "options" not in path:
                continue
            if path[-1] != "jwt" and "jwtStaged" not in path:
                continue
            yield from _jwt(document, resource, path, options, exempt)
            yield from kept(document, path, options, resource, upstreams)


def _jwt(
    document: Document,
    resource: str,
    path: tuple[str, ...],
    jwt: yaml.MappingNode,
    exempt: Sequence[str],
) -> Iterator[Validation | Detection]:
    passes, where = _passing(jwt)
    if where is not None and passes is not Passing.NONE:
        reason = (
            "a request without a token is accepted"
            if passes is Passing.MISSING
            else "a request whose token is missing or fails verification is accepted"
        )
        yield not_enforced(
            where, resource, reason, MISSING_ONLY if passes is Passing.MISSING else None
        )
    disable = child(jwt, "disable")
    if disable is not None and boolean(disable) is True:
        route = _route_path(document, path)
        if route is None or not is_exempt_path(route, exempt):
            reason = f"JWT verification is disabled for {route or 'this route'}"
            yield not_enforced(document.span(disable), resource, reason)
    providers: list[tuple[yaml.ScalarNode | None, yaml.Node]] = list(pairs(child(jwt, "providers")))
    if not providers and (child(jwt, "issuer") is not None or child(jwt, "jwks") is not None):
        providers = [(None, jwt)]  # the older single-provider form
    for key, provider in providers:
        if isinstance(provider, yaml.MappingNode):
            name = str(key.value) if key is not None else "jwt"
            at = location(key) if key is not None else location(provider)
            yield _provider(document, resource, name, at, provider, passes, where)


def _passing(jwt: yaml.Node) -> tuple[Passing, Location | None]:
    policy = child(jwt, "validationPolicy")
    found = _POLICIES.get((text(policy) or "").upper())
    if policy is not None and found is not None:
        return found, location(policy)
    legacy = child(jwt, "allowMissingOrFailedJwt")
    if legacy is not None and boolean(legacy) is True:
        return Passing.ANY, location(legacy)
    return Passing.NONE, None


def _route_path(document: Document, path: tuple[str, ...]) -> str | None:
    """The first path matcher of the route whose options these are."""
    if "options" not in path:
        return None
    route = at_path(document.root, path[: len(path) - 1 - path[::-1].index("options")])
    for matcher in items(child(route, "matchers")):
        for key in ("prefix", "exact"):
            found = text(child(matcher, key))
            if found is not None:
                return found
    return None


def _provider(
    document: Document,
    resource: str,
    name: str,
    at: Location,
    provider: yaml.MappingNode,
    passes: Passing,
    passes_at: Location | None,
) -> Validation:
    places = {PASSES: passes_at} if passes_at is not None else {}
    name = f"{resource} provider '{name}'"
    return providers.read(LAYOUT, document, provider, name, at, passes=passes, places=places)


PLATFORM = Platform(
    name="gloo",
    words=(b"gateway.solo.io", b"gloo.solo.io"),  # an Upstream's file may hold nothing else
    recognises=_recognises,
    read=_read,
)
