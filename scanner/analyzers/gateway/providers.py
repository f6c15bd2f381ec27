"""One provider (a validator) read into a `Validation` from where its platform keeps each property.

Istio `jwtRules` items, Envoy, Envoy Gateway and Gloo providers and Emissary
filters spell the same properties differently; a `Layout` names the keys,
and `read` does the rest the same way for all of them: the value of each
property, its place, and why a missing issuer means no issuer check.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from scanner.analyzers.gateway import inline_keys, profile
from scanner.analyzers.gateway.documents import Document, boolean, child, seconds, strings, text
from scanner.analyzers.gateway.profile import Validation
from scanner.model import Location

NO_ISSUER = "no issuer set, so the token's iss is not checked"


@dataclass(frozen=True, slots=True)
class Layout:
    """The key paths of a platform's provider; an empty path: the platform has no such key."""

    platform: str
    jwks_uri: tuple[str, ...]
    inline_jwks: tuple[str, ...] = ()
    issuer: tuple[str, ...] = ("issuer",)
    audiences: tuple[str, ...] = ("audiences",)
    leeway: tuple[str, ...] = ()
    max_lifetime: tuple[str, ...] = ()
    expiry_required: tuple[str, ...] = ()


def read(
    layout: Layout,
    document: Document,
    provider: yaml.MappingNode,
    name: str,
    at: Location,
    **more: Any,
) -> Validation:
    """The provider's profile; `more` sets the profile's other fields (`places` are added)."""
    nodes = {
        prop: child(provider, *path) if path else None
        for prop, path in (
            (profile.ISSUER, layout.issuer),
            (profile.AUDIENCES, layout.audiences),
            (profile.JWKS_URI, layout.jwks_uri),
            (profile.LEEWAY, layout.leeway),
            (profile.MAX_LIFETIME, layout.max_lifetime),
            (profile.EXPIRY, layout.expiry_required),
        )
    }
    places: dict[str, Location] = {
        prop: document.span(node) for prop, node in nodes.items() if node is not None
    }
    places.update(more.pop("places", {}))
    issuer = text(nodes[profile.ISSUER])
    reasons: Mapping[str, str] = {} if issuer else {profile.ISSUER: NO_ISSUER}
    keys = child(provider, *layout.inline_jwks) if layout.inline_jwks else None
    fields: dict[str, Any] = {
        "issuer": issuer or None,
        "issuer_checked": bool(issuer),
        "audiences": strings(nodes[profile.AUDIENCES]) or None,
        "expiry_required": boolean(nodes[profile.EXPIRY]),
        "leeway_seconds": seconds(nodes[profile.LEEWAY]),
        "max_lifetime_seconds": seconds(nodes[profile.MAX_LIFETIME]),
        "jwks_uri": text(nodes[profile.JWKS_URI]),
        "inline_keys": inline_keys.oct_keys(document, keys),
        "reasons": {**reasons, **more.pop("reasons", {})},
    }
    fields.update(more)
    return Validation(platform=layout.platform, name=name, at=at, places=places, **fields)
