"""Traefik middlewares: `forwardAuth` and the `jwt` middleware (CRDs, file provider, Docker labels).

With `trustForwardHeader`, `forwardAuth` passes the client's own
`X-Forwarded-*` headers to the authentication server, so at the edge a
client chooses the host and URI the server judges (traefik/traefik#2132).
The `jwt` middleware checks `nbf`, `exp` and `iat` when present, and `aud`
or `iss` only through its `claims` expression; with keys from `jwksUrl`,
`jwksFile` or `publicKey` (an identity provider's), a `claims` that never
names `aud` admits tokens minted for any client. A literal
`signingSecret` is the config analyzer's HMAC001 (`urn:k8s:secret:` is a
reference).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import yaml

from scanner.analyzers.base import Context, Source
from scanner.analyzers.config.readers.toml_reader import toml_settings
from scanner.analyzers.config.setting import Setting
from scanner.analyzers.gateway.documents import Document, boolean, child, items, pairs, text
from scanner.analyzers.gateway.judges import not_enforced
from scanner.analyzers.gateway.platform_descriptor import Platform
from scanner.analyzers.gateway.profile import AUDIENCES, JWKS_URI, Validation
from scanner.analyzers.gateway.tree_platform import TreePlatform
from scanner.model import Detection, FileKind

GROUPS = ("traefik.io", "traefik.containo.us")
_LABEL = re.compile(
    r"^traefik\.http\.middlewares\.(?P<name>[^.]+)\.forwardauth\.trustforwardheader$",
    re.IGNORECASE,
)
_REASON = "the edge passes the client's own X-Forwarded-* headers to the authentication server"


def _recognises(document: Document) -> bool:
    return (
        any(document.is_kind(group, "Middleware") for group in GROUPS)
        or child(document.root, "http", "middlewares") is not None
        or _has_labels(document)
    )


def _has_labels(document: Document) -> bool:
    return any(True for _ in _labels(document))


def _read(documents: Sequence[Document], context: Context) -> Iterator[Validation | Detection]:
    for document in documents:
        if any(document.is_kind(group, "Middleware") for group in GROUPS):
            spec = child(document.root, "spec")
            yield from _middleware(document, f"Middleware '{document.name}'", spec)
        for key, middleware in pairs(child(document.root, "http", "middlewares")):
            yield from _middleware(document, f"middleware '{key.value}'", middleware)
        for name, value, node in _labels(document):
            if value.strip().lower() == "true":
                yield not_enforced(document.span(node), f"Traefik middleware '{name}'", _REASON)


def _middleware(
    document: Document, label: str, spec: yaml.Node | None
) -> Iterator[Validation | Detection]:
    trust = child(spec, "forwardAuth", "trustForwardHeader")
    if boolean(trust) and trust is not None:
        yield not_enforced(document.span(trust), f"Traefik {label}", _REASON)
    jwt = child(spec, "jwt")
    for _, plugin in pairs(child(spec, "plugin")):
        if child(plugin, "signingSecret") is not None or child(plugin, "jwksUrl") is not None:
            jwt = plugin
    if jwt is None:
        return
    jwks = child(jwt, "jwksUrl")
    remote = any(child(jwt, k) is not None for k in ("jwksUrl", "jwksFile", "publicKey"))
    claims = text(child(jwt, "claims")) or ""
    places = {}
    if jwks is not None:
        places[JWKS_URI] = document.span(jwks)
    if child(jwt, "claims") is not None:
        places[AUDIENCES] = document.span(child(jwt, "claims") or jwt)
    yield Validation(
        platform="traefik",
        name=f"Traefik {label} jwt",
        at=document.span(jwt),
        audiences=("(claims)",) if "aud" in claims or not remote else None,
        jwks_uri=text(jwks),
        places=places,
        reasons={AUDIENCES: "keys come from an identity provider and claims never checks aud"},
    )


def _labels(document: Document) -> Iterator[tuple[str, str, yaml.Node]]:
    """Docker labels setting `trustForwardHeader` (name, value, node), as a mapping or `k=v` strings."""
    for service in (v for _, v in pairs(child(document.root, "services"))):
        labels = child(service, "labels") or child(service, "deploy", "labels")
        for key, value in pairs(labels):
            found = _LABEL.match(key.value)
            if found and isinstance(value, yaml.ScalarNode):
                yield found["name"], str(value.value), value
        for item in items(labels):
            if isinstance(item, yaml.ScalarNode):
                key_text, _, value_text = str(item.value).partition("=")
                found = _LABEL.match(key_text.strip())
                if found:
                    yield found["name"], value_text, item


def parse_toml(source: Source) -> list[Setting]:
    return list(toml_settings(source.text, source.index))


def read_toml(
    settings: Sequence[Setting], source: Source, context: Context
) -> Iterator[Validation | Detection]:
    """The file provider in TOML: `[http.middlewares.<name>.forwardAuth] trustForwardHeader = true`."""
    for setting in settings:
        path = setting.path
        if (
            len(path) == 5
            and path[:2] == ("http", "middlewares")
            and path[3:] == ("forwardAuth", "trustForwardHeader")
            and setting.value.strip().lower() == "true"
        ):
            yield not_enforced(setting.location, f"Traefik middleware '{path[2]}'", _REASON)


TOML_PLATFORM = TreePlatform(
    "traefik-toml", FileKind.TOML, (b"trustForwardHeader",), parse_toml, read_toml
)
PLATFORM = Platform(
    name="traefik",
    words=(b"traefik", b"middlewares"),
    recognises=_recognises,
    read=_read,
)
