"""Envoy Gateway `SecurityPolicy` (gateway.envoyproxy.io): `spec.jwt`.

Each of `providers` is a validator ("if not provided, the JWT issuer is not
checked", likewise audiences); `remoteJWKS.uri` may be plain http and
`localJWKS.inline` may hold a symmetric key. `optional: true` lets a
request without a token through (an invalid token is still rejected).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import yaml

from scanner.analyzers.base import Context
from scanner.analyzers.gateway import inline_keys
from scanner.analyzers.gateway.documents import Document, boolean, child, items, strings, text
from scanner.analyzers.gateway.judges import not_enforced
from scanner.analyzers.gateway.platform_descriptor import Platform
from scanner.analyzers.gateway.profile import (
    AUDIENCES,
    ISSUER,
    JWKS_URI,
    PASSES,
    Passing,
    Validation,
)
from scanner.analyzers.yamldoc import location
from scanner.model import Detection, Location


def _recognises(document: Document) -> bool:
    return document.is_kind("gateway.envoyproxy.io", "SecurityPolicy")


def _read(documents: Sequence[Document], context: Context) -> Iterator[Validation | Detection]:
    for document in documents:
        jwt = child(document.root, "spec", "jwt")
        if not isinstance(jwt, yaml.MappingNode):
            continue
        optional = child(jwt, "optional")
        passes = Passing.MISSING if boolean(optional) is True else Passing.NONE
        if optional is not None and passes is Passing.MISSING:
            reason = "jwt.optional is true, so a request without a token is accepted"
            yield not_enforced(document.span(optional), f"SecurityPolicy '{document.name}'", reason)
        for provider in items(child(jwt, "providers")):
            if isinstance(provider, yaml.MappingNode):
                yield _provider(document, provider, passes, optional)


def _provider(
    document: Document, provider: yaml.MappingNode, passes: Passing, optional: yaml.Node | None
) -> Validation:
    places: dict[str, Location] = {}
    nodes = {
        ISSUER: child(provider, "issuer"),
        AUDIENCES: child(provider, "audiences"),
        JWKS_URI: child(provider, "remoteJWKS", "uri"),
    }
    for prop, node in nodes.items():
        if node is not None:
            places[prop] = document.span(node)
    if optional is not None and passes is not Passing.NONE:
        places[PASSES] = document.span(optional)
    issuer = text(nodes[ISSUER])
    name = text(child(provider, "name")) or "?"
    return Validation(
        platform="envoy-gateway",
        name=f"SecurityPolicy '{document.name}' provider '{name}'",
        at=location(provider),
        issuer=issuer or None,
        issuer_checked=bool(issuer),
        audiences=strings(nodes[AUDIENCES]) or None,
        jwks_uri=text(nodes[JWKS_URI]),
        inline_keys=inline_keys.oct_keys(document, child(provider, "localJWKS", "inline")),
        passes=passes,
        places=places,
        reasons={} if issuer else {ISSUER: "no issuer set, so the token's iss is not checked"},
    )


PLATFORM = Platform(
    name="envoy-gateway",
    words=(b"gateway.envoyproxy.io",),
    recognises=_recognises,
    read=_read,
)
