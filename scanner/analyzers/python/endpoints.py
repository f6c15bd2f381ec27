"""Key, discovery and token endpoints reached over plain http (JWT010).

An `http://` URL that leaves the machine (`urls.is_plain_http`) is reported
where it is handed to a key fetcher (`PyJWKClient`), passed as a keyword that
names an endpoint (`server_metadata_url=`, `jwks_uri=`, `token_endpoint=`),
stored under such a name (`JWK_URL = ...`, `app.config["JWKS_URL"] = ...`, a
dict entry, the default of an env look-up), or fetched by an HTTP client at a
well-known key, discovery or token path. A bare `issuer` is compared, not fetched, and is not
reported; URLs built at run time are not followed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from scanner.analyzers.python.headers import string_index, string_literal
from scanner.analyzers.python.library import (
    DEFAULTS,
    HTTP,
    KEY_FETCHERS,
    SINKS,
    TOKEN_METHODS,
    Slot,
)
from scanner.analyzers.python.module import Chain, Facts, argument_node
from scanner.analyzers.python.values import Known
from scanner.analyzers.urls import is_plain_http
from scanner.model import Detection, Related
from scanner.registry import JWT010

JWKS, DISCOVERY, ISSUER, TOKEN = (
    "JWKS endpoint",
    "OpenID discovery document",
    "issuer",
    "token endpoint",
)
# What a setting, keyword or dict key is, judged by its name in snake case.
ENDPOINT_NAMES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"jwks|jwk_?(ur[il]|set|endpoint)"), JWKS),
    (
        re.compile(
            r"openid_?configuration|server_metadata|(oidc|openid)\w*_(discovery|metadata|config)"
        ),
        DISCOVERY,
    ),
    (re.compile(r"issuer_(ur[il]|endpoint)|(oidc|openid)_(op_)?issuer"), ISSUER),
    (re.compile(r"token_(ur[il]|endpoint)|(introspection|revocation)_(ur[il]|endpoint)"), TOKEN),
)
# Paths that say what an http request fetches, whatever the variable is called.
ENDPOINT_PATHS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"/\.well-known/jwks\.json|/protocol/openid-connect/certs|/jwks(\.json)?/?$"),
        JWKS,
    ),
    (re.compile(r"/\.well-known/(openid-configuration|oauth-authorization-server)"), DISCOVERY),
    (re.compile(r"/protocol/openid-connect/token|/oauth2?/(v\d+/)?token/?$"), TOKEN),
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


@dataclass(frozen=True, slots=True)
class _Endpoint:
    setting: str
    kind: str
    url: cst.BaseExpression
    use: cst.CSTNode


def detect(facts: Facts) -> Iterator[Detection]:
    seen: set[int] = set()
    for endpoint in (*_stored(facts), *_passed(facts)):
        if id(endpoint.url) in seen:
            continue
        seen.add(id(endpoint.url))
        where = facts.location(endpoint.url)
        use = facts.location(endpoint.use)
        related: tuple[Related, ...] = ()
        if not use.line <= where.line <= (use.end_line or use.line):
            related = (Related(facts.relpath, use, f"used by {endpoint.setting}"),)
        yield JWT010.detect(
            where,
            {
                "setting": endpoint.setting,
                "endpoint_kind": endpoint.kind,
                "transport": "over plain http",
            },
            related=related,
        )


def _stored(facts: Facts) -> Iterator[_Endpoint]:
    """`JWKS_URL = "http://..."`, `app.config["JWK_URL"] = ...`, dict entries in stored values."""
    for store in facts.stores:
        name = _target_name(facts, store.target, store.chain)
        kind = _endpoint_kind(name) if name is not None else None
        if name is not None and kind is not None:
            url = _http_url(facts, store.value, store.chain)
            if url is not None:
                yield _Endpoint(name, kind, url, url)
        yield from _dict_entries(facts, store.value, store.chain)


def _passed(facts: Facts) -> Iterator[_Endpoint]:
    """URLs handed to key fetchers, endpoint keywords, token methods and well-known fetches."""
    for site in facts.every_call:
        call = site.node
        for name in sorted(site.names):
            if name in KEY_FETCHERS:
                yield from _argument_url(
                    facts, site.chain, call, KEY_FETCHERS[name], "PyJWKClient", JWKS
                )
            sink = SINKS.get(name)
            if sink is not None and sink.kind == HTTP:
                node = argument_node(call, sink.slot)
                url = _http_url(facts, node, site.chain) if node is not None else None
                kind = _path_kind(facts, url, site.chain) if url is not None else None
                if url is not None and kind is not None:
                    yield _Endpoint(name.replace("()", ""), kind, url, call)
        func = call.func
        if isinstance(func, cst.Attribute) and func.attr.value in TOKEN_METHODS:
            slot = TOKEN_METHODS[func.attr.value]
            yield from _argument_url(facts, site.chain, call, slot, func.attr.value, TOKEN)
        for arg in call.args:
            kind = _endpoint_kind(arg.keyword.value) if arg.keyword is not None else None
            if arg.keyword is not None and kind is not None:
                url = _http_url(facts, arg.value, site.chain)
                if url is not None:
                    yield _Endpoint(arg.keyword.value, kind, url, call)
            elif arg.keyword is None and not arg.star:
                yield from _dict_entries(facts, arg.value, site.chain)


def _argument_url(
    facts: Facts, chain: Chain, call: cst.Call, slot: Slot, setting: str, kind: str
) -> Iterator[_Endpoint]:
    node = argument_node(call, slot)
    url = _http_url(facts, node, chain) if node is not None else None
    if url is not None:
        yield _Endpoint(setting, kind, url, call)


def _dict_entries(facts: Facts, node: cst.BaseExpression, chain: Chain) -> Iterator[_Endpoint]:
    """Entries of a dict literal (nested ones too) whose key names an endpoint."""
    if not isinstance(node, cst.Dict):
        return
    for element in node.elements:
        if not isinstance(element, cst.DictElement):
            continue
        key = string_literal(element.key)
        kind = _endpoint_kind(key) if key is not None else None
        if key is not None and kind is not None:
            url = _http_url(facts, element.value, chain)
            if url is not None:
                yield _Endpoint(key, kind, url, url)
        yield from _dict_entries(facts, element.value, chain)


def _target_name(facts: Facts, target: cst.BaseExpression, chain: Chain) -> str | None:
    if isinstance(target, cst.Name):
        return target.value
    if isinstance(target, cst.Attribute):
        return target.attr.value
    if isinstance(target, cst.Subscript):
        key = string_index(target)
        if key is None and len(target.slice) == 1 and isinstance(target.slice[0].slice, cst.Index):
            found = facts.value(target.slice[0].slice.value, chain)
            key = found.value if isinstance(found, Known) and isinstance(found.value, str) else None
        return key
    return None


def _endpoint_kind(name: str) -> str | None:
    snake = _CAMEL.sub("_", name).lower().replace("-", "_").replace(".", "_")
    for pattern, kind in ENDPOINT_NAMES:
        if pattern.search(snake):
            return kind
    return None


def _path_kind(facts: Facts, url: cst.BaseExpression, chain: Chain) -> str | None:
    text = _url_text(facts, url, chain) or ""
    path = text.split("?", 1)[0]
    for pattern, kind in ENDPOINT_PATHS:
        if pattern.search(path):
            return kind
    return None


def _http_url(facts: Facts, node: cst.BaseExpression, chain: Chain) -> cst.BaseExpression | None:
    """The literal holding a plain-http, non-loopback URL that `node` evaluates to, if any.

    Env look-ups and pydantic fields are looked into for their default.
    """
    names = facts.qualify(node.func) if isinstance(node, cst.Call) else frozenset()
    defaulting = sorted(names & DEFAULTS.keys())
    if isinstance(node, cst.Call) and defaulting:
        slot = DEFAULTS[defaulting[-1]]
        fallback = argument_node(node, slot)
        return _http_url(facts, fallback, chain) if fallback is not None else None
    if isinstance(node, cst.FormattedString):
        return node if is_plain_http(_url_text(facts, node, chain) or "") else None
    value = facts.value(node, chain)
    if isinstance(value, Known) and isinstance(value.value, str) and is_plain_http(value.value):
        return value.origin if isinstance(value.origin, cst.BaseExpression) else node
    return None


def _url_text(facts: Facts, node: cst.BaseExpression, chain: Chain) -> str | None:
    """The URL's text; for an f-string, its literal text up to the first placeholder."""
    if isinstance(node, cst.FormattedString):
        text = ""
        for part in node.parts:
            if not isinstance(part, cst.FormattedStringText):
                return text + "{"
            text += part.value
        return text
    value = facts.value(node, chain)
    return value.value if isinstance(value, Known) and isinstance(value.value, str) else None
