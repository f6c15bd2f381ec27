"""The Serverless Framework's API routes and HTTP API JWT authorizers (`serverless.yml`).

`provider.httpApi.authorizers.<name>` declares `issuerUrl` and
`audience`; a function's `httpApi` (or REST `http`) event uses an
authorizer through `authorizer`. An event without one is open; it is
reported only when the service protects something (declared authorizers,
another event's `authorizer`, or `private: true`), so the open route stands
out, and not for health or readiness paths (GW001's `exempt_paths`) or CORS
preflights. A function's `environment` (over the provider's) that sets an
issuer for the module its handler names is stated for TOK002 (`deployments`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Sequence

import yaml

from scanner.analyzers.base import Context
from scanner.analyzers.gateway import deployments
from scanner.analyzers.gateway.documents import (
    Document,
    child,
    items,
    key_node,
    pairs,
    strings,
    text,
)
from scanner.analyzers.gateway.judges import is_exempt_path, not_enforced
from scanner.analyzers.gateway.platform_descriptor import Platform
from scanner.analyzers.gateway.profile import AUDIENCES, ISSUER, JWKS_URI, Validation
from scanner.model import Detection, TokenValidation
from scanner.registry import GW001


def _recognises(document: Document) -> bool:
    provider = child(document.root, "provider")
    return child(document.root, "service") is not None and (
        text(child(provider, "name")) == "aws" or text(provider) == "aws"
    )


def _read(
    documents: Sequence[Document], context: Context
) -> Iterator[Validation | Detection | TokenValidation]:
    exempt = context.params(GW001).exempt_paths
    for document in documents:
        yield from _environments(document)
        authorizers = list(pairs(child(document.root, "provider", "httpApi", "authorizers")))
        for key, authorizer in authorizers:
            yield _profile(document, key, authorizer)
        events = list(_events(document))
        if authorizers or any(_protected(route) for _, _, route in events):
            yield from _open_events(document, events, exempt)


def _profile(document: Document, key: yaml.ScalarNode, authorizer: yaml.Node) -> Validation:
    issuer = child(authorizer, "issuerUrl")
    audiences = child(authorizer, "audience")
    places = {}
    if issuer is not None:
        places[ISSUER] = places[JWKS_URI] = document.span(issuer)
    if audiences is not None:
        places[AUDIENCES] = document.span(audiences)
    lambda_authorizer = (text(child(authorizer, "type")) or "").lower() == "request"
    written = strings(audiences)
    return Validation(
        platform="serverless",
        name=f"httpApi authorizer '{key.value}'",
        at=document.span(key),
        issuer=text(issuer),
        issuer_checked=issuer is not None or lambda_authorizer,
        audiences=written
        or (("(computed)",) if audiences is not None or lambda_authorizer else None),
        jwks_uri=text(issuer),
        places=places,
        reasons={AUDIENCES: "the authorizer lists no audience"},
    )


def _environments(document: Document) -> Iterator[TokenValidation]:
    """Each function's environment variables, its own over the provider's, and its handler."""
    shared = list(pairs(child(document.root, "provider", "environment")))
    service = posixpath.dirname(document.path)  # handlers are named from the service's folder
    for function_key, function in pairs(child(document.root, "functions")):
        handler = text(child(function, "handler"))
        variables = {key.value: value for key, value in shared}
        variables.update((key.value, value) for key, value in pairs(child(function, "environment")))
        for variable, value in variables.items():
            name = f"function '{function_key.value}'"
            where = document.span(value)
            found = deployments.binding(variable, text(value), handler, where, name, service)
            if found is not None:
                yield found


def _events(document: Document) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
    """(function, event, route) of every `httpApi` (HTTP API) and `http` (REST API) event."""
    for function_key, function in pairs(child(document.root, "functions")):
        for event in items(child(function, "events")):
            for kind in ("httpApi", "http"):
                route = child(event, kind)
                if route is not None:
                    yield str(function_key.value), event, route


def _protected(route: yaml.Node) -> bool:
    """An authorizer named, or a REST route that asks for an API key (`private: true`)."""
    return child(route, "authorizer") is not None or (text(child(route, "private")) == "true")


def _open_events(
    document: Document, events: Sequence[tuple[str, yaml.Node, yaml.Node]], exempt: Sequence[str]
) -> Iterator[Detection]:
    for function, event, route in events:
        if _protected(route):
            continue
        if isinstance(route, yaml.ScalarNode):  # `httpApi: 'GET /orders'`
            method, _, path = (text(route) or "").partition(" ")
        else:
            method, path = text(child(route, "method")) or "", text(child(route, "path")) or ""
        path = "/" + path.lstrip("/") if path else path  # REST paths are written without it
        if method.upper() == "OPTIONS" or (path and is_exempt_path(path, exempt)):
            continue
        where = key_node(event, "httpApi") or key_node(event, "http")
        yield not_enforced(
            document.span(where if where is not None else route),
            f"function '{function}' {method.upper()} {path}".rstrip(),
            "the event names no authorizer while the service protects other routes",
        )


PLATFORM = Platform(
    name="serverless",
    words=(b"httpApi", b"authorizer"),
    recognises=_recognises,
    read=_read,
)
