"""JWT010 in config files: a JWKS, issuer, discovery or token endpoint over plain http.

The endpoint is known by the key's name (`jwks_uri`, `oidc.issuer-url`,
`authority`) or by a well-known path in the URL; hosts on this machine or its
link are left alone (`urls.is_plain_http` says why), and so are names of pages
a browser is sent to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanner.analyzers.config.judges.file_facts import Value, display
from scanner.analyzers.config.key_names import KeyName
from scanner.analyzers.urls import is_plain_http
from scanner.model import Detection
from scanner.registry import JWT010

JWKS, DISCOVERY, ISSUER, TOKEN = (
    "JWKS endpoint",
    "OpenID discovery document",
    "issuer",
    "token endpoint",
)  # the Python analyzer's words for the same endpoints
ENDPOINTS = (
    (JWKS, re.compile(r"(?:^|_)(?:jwks?|jwk_set|jwkset|certs_ur[il])(?:_|$)")),
    (TOKEN, re.compile(r"(?:^|_)token_(?:ur[il]|endpoint)$|(?:introspection|revocation)_")),
    (ISSUER, re.compile(r"issuer_(?:ur[il]|endpoint|location)$|(?:oidc|openid)_(?:op_)?issuer$")),
    (
        DISCOVERY,
        re.compile(
            r"openid_?configuration|server_metadata|(?:oidc|openid)\w*_(?:discovery|metadata|config)"
            r"|(?:^|_)oidc_ur[il]$|discovery_(?:ur[il]|endpoint)|well_known"
            r"|metadata_(?:ur[il]|address|endpoint)|(?:^|_)authority$"
        ),
    ),
)
NOT_FETCHED = frozenset({"redirect", "callback", "logout", "post", "frontchannel", "login", "ui"})
WELL_KNOWN = (
    (JWKS, re.compile(r"/\.well-known/jwks(?:\.json)?|/protocol/openid-connect/certs")),
    (TOKEN, re.compile(r"/protocol/openid-connect/token|/oauth2?/(?:v\d+/)?token/?$")),
    (DISCOVERY, re.compile(r"/\.well-known/(?:openid-configuration|oauth-authorization-server)")),
)


def endpoint(value: Value) -> Iterator[Detection]:
    kind = endpoint_kind(value.name, value.text)
    if kind is not None:
        fields = {"setting": display(value.setting.path), "endpoint_kind": kind}
        fields["transport"] = "over plain http"
        yield JWT010.detect(value.where, fields)


def endpoint_kind(name: KeyName, value: str) -> str | None:
    """What an http URL under this key is fetched for, if a key or token endpoint."""
    if not is_plain_http(value):
        return None
    if not NOT_FETCHED & set(name.last(3)):
        joined = name.joined(2)
        for kind, pattern in ENDPOINTS:
            if pattern.search(joined):
                return kind
    for kind, pattern in WELL_KNOWN:
        if pattern.search(value):
            return kind
    return None
