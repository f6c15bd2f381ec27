"""Kong: the `jwt` and `openid-connect` plugins, in declarative config and in `KongPlugin` CRDs.

The `jwt` plugin checks `exp` only when `claims_to_verify` lists it (there
is no default), caps lifetimes only through `maximum_expiration` (0: no
cap), and with `anonymous` set proxies a request whose authentication
failed as that consumer. It has no audience option: the token is signed
with the consumer credential's own key (chosen by `key_claim_name`, `iss`
by default), so no audience finding is made for it. `openid-connect`
checks the audience only with `audience_required`, and with
`verify_claims: false` no claim at all (`exp` included). A consumer's
`jwt_secrets[].secret` is judged by the config analyzer as any signing key
(its `key` is the credential's id, `{vault://...}` a reference).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import yaml

from scanner.analyzers.base import Context
from scanner.analyzers.gateway.documents import (
    Document,
    boolean,
    child,
    items,
    key_node,
    seconds,
    strings,
    text,
)
from scanner.analyzers.gateway.judges import not_enforced
from scanner.analyzers.gateway.platform_descriptor import Platform
from scanner.analyzers.gateway.profile import (
    AUDIENCES,
    EXPIRY,
    ISSUER,
    JWKS_URI,
    LEEWAY,
    MAX_LIFETIME,
    Passing,
    Validation,
)
from scanner.model import Detection

GROUP = "configuration.konghq.com"
_UNSET = frozenset({"", "null", "~"})
_SCOPES = ("services", "routes", "consumers", "consumer_groups")


def _recognises(document: Document) -> bool:
    return child(document.root, "_format_version") is not None or document.is_kind(
        GROUP, "KongPlugin", "KongClusterPlugin"
    )


def _read(documents: Sequence[Document], context: Context) -> Iterator[Validation | Detection]:
    for document in documents:
        if document.kind in ("KongPlugin", "KongClusterPlugin"):
            name = text(child(document.root, "plugin")) or ""
            where = child(document.root, "plugin")
            label = f"{document.kind} '{document.name}'"
            if where is not None:
                yield from _plugin(document, name, where, child(document.root, "config"), label)
            continue
        for plugin in _declared_plugins(document.root):
            where = child(plugin, "name")
            if where is not None:
                name = text(where) or ""
                label = f"plugin '{name}'"
                yield from _plugin(document, name, where, child(plugin, "config"), label)


def _declared_plugins(root: yaml.Node) -> Iterator[yaml.Node]:
    """Global plugins, and those of services, their routes, routes and consumers."""
    yield from items(child(root, "plugins"))
    for scope in _SCOPES:
        for entity in items(child(root, scope)):
            yield from items(child(entity, "plugins"))
            for route in items(child(entity, "routes")):
                yield from items(child(route, "plugins"))


def _plugin(
    document: Document, name: str, where: yaml.Node, config: yaml.Node | None, label: str
) -> Iterator[Validation | Detection]:
    if name == "jwt":
        yield from _jwt(document, where, config, label)
    elif name == "openid-connect":
        yield from _openid_connect(document, where, config, label)


def _jwt(
    document: Document, where: yaml.Node, config: yaml.Node | None, label: str
) -> Iterator[Validation | Detection]:
    places = {}
    claims = child(config, "claims_to_verify")
    checks_exp = "exp" in strings(claims)
    if claims is not None:
        places[EXPIRY] = document.span(claims)
    maximum = seconds(child(config, "maximum_expiration"))
    if maximum is not None:
        places[MAX_LIFETIME] = document.span(child(config, "maximum_expiration") or where)
    anonymous = _consumer(child(config, "anonymous"))
    passes = Passing.ANY if anonymous else Passing.NONE
    yield from _anonymous(document, where, config, label)
    yield Validation(
        platform="kong",
        name=f"Kong {label}",
        at=document.span(where),
        audiences=(),  # none to configure: each consumer's own key signs its tokens
        expiry_checked=checks_exp,
        max_lifetime_seconds=maximum if checks_exp and maximum else None,
        passes=passes,
        places=places,
        reasons={EXPIRY: "claims_to_verify does not list exp, so exp is never checked"},
    )


def _openid_connect(
    document: Document, where: yaml.Node, config: yaml.Node | None, label: str
) -> Iterator[Validation | Detection]:
    places = {}
    issuer = child(config, "issuer")
    audiences = strings(child(config, "audience_required")) or strings(child(config, "audience"))
    for prop, key in ((ISSUER, "issuer"), (AUDIENCES, "audience_required"), (LEEWAY, "leeway")):
        found = key_node(config, key)
        if found is not None:
            places[prop] = document.span(found)
    discovery = text(issuer)
    if discovery is not None and issuer is not None:
        places[JWKS_URI] = document.span(issuer)
    anonymous = _consumer(child(config, "anonymous"))
    yield from _anonymous(document, where, config, label)
    claims_off = boolean(child(config, "verify_claims")) is False
    if claims_off:
        places[EXPIRY] = document.span(child(config, "verify_claims") or where)
    yield Validation(
        platform="kong",
        name=f"Kong {label}",
        at=document.span(where),
        expiry_checked=not claims_off,
        issuer=discovery,
        issuer_checked=discovery is not None,
        audiences=audiences or None,
        leeway_seconds=seconds(child(config, "leeway")),
        jwks_uri=discovery,
        passes=Passing.ANY if anonymous else Passing.NONE,
        places=places,
        reasons={
            AUDIENCES: "audience_required is not set, so any audience is accepted",
            EXPIRY: "verify_claims is false, so exp is not checked",
        },
    )


def _anonymous(
    document: Document, where: yaml.Node, config: yaml.Node | None, label: str
) -> Iterator[Detection]:
    """GW001 for an `anonymous` consumer: failed authentication still reaches the service."""
    anonymous = _consumer(child(config, "anonymous"))
    if anonymous:
        yield not_enforced(
            document.span(child(config, "anonymous") or where),
            f"Kong {label}",
            f"a request whose token is missing or invalid goes on as consumer '{anonymous}'",
        )


def _consumer(node: yaml.Node | None) -> str:
    """The consumer `anonymous` names; "" when it is unset or null."""
    name = (text(node) or "").strip()
    return "" if name.lower() in _UNSET else name


PLATFORM = Platform(
    name="kong",
    words=(b"_format_version", GROUP.encode()),
    recognises=_recognises,
    read=_read,
)
