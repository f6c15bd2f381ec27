"""Envoy Gateway `SecurityPolicy` (gateway.envoyproxy.io): `spec.jwt`.

Each of `providers` is a validator ("if not provided, the JWT issuer is not
checked", likewise audiences); `remoteJWKS.uri` may be plain http and
`localJWKS.inline` may hold a symmetric key. `optional: true` lets a
request without a token through (an invalid token is still rejected),
unless the policy's `authorization` denies by default and allows only
requests with a JWT principal. `oidc.forwardAccessToken` sending the
caller's token to a backend outside the trust boundary is a token
passthrough (TOK001, `envoy_gateway_upstreams`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import yaml

from scanner.analyzers.base import Context
from scanner.analyzers.gateway import providers
from scanner.analyzers.gateway.documents import Document, boolean, child, items, text
from scanner.analyzers.gateway.judges import not_enforced
from scanner.analyzers.gateway.platform_descriptor import Platform
from scanner.analyzers.gateway.platforms.envoy_gateway_upstreams import forwarded, recognises
from scanner.analyzers.gateway.profile import (
    PASSES,
    Passing,
    Validation,
)
from scanner.analyzers.yamldoc import location
from scanner.model import Detection

LAYOUT = providers.Layout(
    "envoy-gateway", jwks_uri=("remoteJWKS", "uri"), inline_jwks=("localJWKS", "inline")
)


def _recognises(document: Document) -> bool:
    return document.is_kind("gateway.envoyproxy.io", "SecurityPolicy") or recognises(document)


def _read(documents: Sequence[Document], context: Context) -> Iterator[Validation | Detection]:
    for document in documents:
        jwt = child(document.root, "spec", "jwt")
        if not isinstance(jwt, yaml.MappingNode):
            continue
        optional = child(jwt, "optional")
        passes = Passing.MISSING if boolean(optional) is True else Passing.NONE
        if passes is Passing.MISSING and _denies_without_token(document):
            passes = Passing.NONE
        if optional is not None and passes is Passing.MISSING:
            reason = "jwt.optional is true, so a request without a token is accepted"
            yield not_enforced(document.span(optional), document.title, reason)
        for provider in items(child(jwt, "providers")):
            if isinstance(provider, yaml.MappingNode):
                yield _provider(document, provider, passes, optional)
    yield from forwarded(documents)


def _denies_without_token(document: Document) -> bool:
    """`authorization` denies by default and allows only requests with a JWT principal."""
    authorization = child(document.root, "spec", "authorization")
    if (text(child(authorization, "defaultAction")) or "").lower() != "deny":
        return False
    allowing = [
        rule
        for rule in items(child(authorization, "rules"))
        if (text(child(rule, "action")) or "").lower() == "allow"
    ]
    return bool(allowing) and all(child(r, "principal", "jwt") is not None for r in allowing)


def _provider(
    document: Document, provider: yaml.MappingNode, passes: Passing, optional: yaml.Node | None
) -> Validation:
    places = {PASSES: document.span(optional)} if optional and passes is not Passing.NONE else {}
    name = f"{document.title} provider '{text(child(provider, 'name')) or '?'}'"
    return providers.read(
        LAYOUT, document, provider, name, location(provider), passes=passes, places=places
    )


PLATFORM = Platform(
    name="envoy-gateway",
    words=(b"gateway.envoyproxy.io",),
    recognises=_recognises,
    read=_read,
)
