"""AWS API Gateway and ALB authentication in CloudFormation and SAM templates.

An HTTP API JWT authorizer checks `aud` (or `client_id`) only against its
`Audience` list; a route or method with `AuthorizationType: NONE` (the
default) or a SAM event with `Auth: {Authorizer: NONE}` is open. A route
is judged open only when the template protects something else (an
authorizer, another route's authorization): an API with no authentication
anywhere is public by design, not a gap. Health and readiness paths (GW001's
`exempt_paths`) and CORS `OPTIONS` preflights are open on purpose. An ALB
`authenticate-oidc` / `authenticate-cognito` action with
`OnUnauthenticatedRequest: allow` forwards anonymous users to the target.
A function's `Environment.Variables` (and the SAM `Globals` ones) that set
an issuer for the module its handler names are stated for TOK002
(`deployments`).
"""

from __future__ import annotations

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
    seconds,
    strings,
    text,
)
from scanner.analyzers.gateway.judges import is_exempt_path, long_lifetime, not_enforced
from scanner.analyzers.gateway.platform_descriptor import Platform
from scanner.analyzers.gateway.profile import AUDIENCES, ISSUER, Validation
from scanner.model import Detection, TokenValidation
from scanner.registry import GW001

_AUTHORIZER_TYPES = ("AWS::ApiGatewayV2::Authorizer", "AWS::ApiGateway::Authorizer")
_OPEN = frozenset({"", "NONE"})
_FUNCTIONS = ("AWS::Serverless::Function", "AWS::Lambda::Function")


def _recognises(document: Document) -> bool:
    resources = child(document.root, "Resources")
    return any(
        (text(child(r, "Type")) or "").startswith(
            ("AWS::ApiGateway", "AWS::Serverless::", "AWS::ElasticLoadBalancingV2::")
        )
        for _, r in pairs(resources)
    )


def _read(
    documents: Sequence[Document], context: Context
) -> Iterator[Validation | Detection | TokenValidation]:
    exempt = context.params(GW001).exempt_paths
    for document in documents:
        resources = list(pairs(child(document.root, "Resources")))
        typed = [(k.value, text(child(r, "Type")) or "", r) for k, r in resources]
        protected = any(t in _AUTHORIZER_TYPES for _, t, _ in typed) or any(
            (text(child(r, "Properties", "AuthorizationType")) or "NONE").upper() not in _OPEN
            for _, t, r in typed
            if t in ("AWS::ApiGatewayV2::Route", "AWS::ApiGateway::Method")
        )
        for name, kind, resource in typed:
            properties = child(resource, "Properties")
            if kind == "AWS::ApiGatewayV2::Authorizer":
                yield from _jwt_authorizer(document, name, properties)
            elif kind in ("AWS::ApiGatewayV2::Route", "AWS::ApiGateway::Method") and protected:
                yield from _open(document, name, kind, properties, exempt)
            elif kind in ("AWS::Serverless::HttpApi", "AWS::Serverless::Api"):
                yield from _sam_api(document, name, properties)
            elif kind == "AWS::Serverless::Function":
                yield from _sam_events(document, name, properties, exempt)
            elif kind.startswith("AWS::ElasticLoadBalancingV2::Listener"):
                yield from _alb(document, name, properties, context)
            if kind in _FUNCTIONS:
                yield from _environment(document, name, properties)


def _jwt_authorizer(
    document: Document, name: str, properties: yaml.Node | None
) -> Iterator[Validation]:
    if (text(child(properties, "AuthorizerType")) or "").upper() != "JWT":
        return
    configuration = child(properties, "JwtConfiguration")
    yield _jwt_profile(
        document,
        f"AWS::ApiGatewayV2::Authorizer {name}",
        key_node(properties, "AuthorizerType") or properties,
        configuration,
        ("Audience", "Issuer"),
    )


def _jwt_profile(
    document: Document,
    label: str,
    opening: yaml.Node | None,
    configuration: yaml.Node | None,
    keys: tuple[str, str],
) -> Validation:
    audience_key, issuer_key = keys
    audiences = child(configuration, audience_key)
    issuer = child(configuration, issuer_key)
    places = {}
    if audiences is not None:
        places[AUDIENCES] = document.span(audiences)
    if issuer is not None:
        places[ISSUER] = document.span(issuer)
    written = strings(audiences)
    return Validation(
        platform="aws",
        name=label,
        at=document.span(opening) if opening is not None else document.kind_line(),
        issuer=text(issuer),
        issuer_checked=issuer is not None,
        audiences=written or (("(computed)",) if audiences is not None else None),
        places=places,
        reasons={AUDIENCES: f"JwtConfiguration has no {audience_key}"},
    )


def _open(
    document: Document, name: str, kind: str, properties: yaml.Node | None, exempt: Sequence[str]
) -> Iterator[Detection]:
    """A route (`RouteKey: GET /x`) or a REST method (`HttpMethod`) with `AuthorizationType: NONE`."""
    authorization = text(child(properties, "AuthorizationType")) or ""
    route_key = text(child(properties, "RouteKey")) or ""
    method, _, path = route_key.partition(" ")
    method = text(child(properties, "HttpMethod")) or method
    if authorization.upper() not in _OPEN or _public(method, path, exempt):
        return
    where = next(
        (n for k in ("AuthorizationType", "RouteKey", "HttpMethod") if (n := child(properties, k))),
        None,
    )
    what = "route" if kind.endswith("Route") else "method"
    yield not_enforced(
        document.span(where) if where is not None else document.kind_line(),
        f"{kind} {name}" + (f" ({route_key})" if route_key else ""),
        f"AuthorizationType NONE while the API has an authorizer: the {what} is open",
    )


def _sam_api(document: Document, name: str, properties: yaml.Node | None) -> Iterator[Validation]:
    for key, authorizer in pairs(child(properties, "Auth", "Authorizers")):
        configuration = child(authorizer, "JwtConfiguration")
        if configuration is not None:
            label = f"AWS::Serverless::HttpApi {name} authorizer {key.value}"
            yield _jwt_profile(document, label, key, configuration, ("audience", "issuer"))


def _sam_events(
    document: Document, name: str, properties: yaml.Node | None, exempt: Sequence[str]
) -> Iterator[Detection]:
    for key, event in pairs(child(properties, "Events")):
        settings = child(event, "Properties")
        authorizer = child(settings, "Auth", "Authorizer")
        if (text(authorizer) or "").upper() != "NONE" or authorizer is None:
            continue
        method = text(child(settings, "Method")) or ""
        path = text(child(settings, "Path")) or ""
        if _public(method, path, exempt):
            continue
        yield not_enforced(
            document.span(authorizer),
            f"AWS::Serverless::Function {name} event {key.value} ({method.upper()} {path})".strip(),
            "Auth.Authorizer NONE opts the route out of the API's authorizer",
        )


def _environment(
    document: Document, name: str, properties: yaml.Node | None
) -> Iterator[TokenValidation]:
    """The function's environment variables (its own over SAM's `Globals`), its handler and
    its code folder (`CodeUri`, or a plain CloudFormation function's local `Code`)."""
    shared = child(document.root, "Globals", "Function")
    handler = text(child(properties, "Handler")) or text(child(shared, "Handler"))
    code = (
        text(child(properties, "CodeUri"))
        or text(child(shared, "CodeUri"))
        or text(child(properties, "Code"))
    )
    folder = deployments.code_folder(document.path, code)
    variables = {k.value: v for k, v in pairs(child(shared, "Environment", "Variables"))}
    variables.update((k.value, v) for k, v in pairs(child(properties, "Environment", "Variables")))
    for variable, value in variables.items():
        where = document.span(value)
        found = deployments.binding(variable, text(value), handler, where, name, folder)
        if found is not None:
            yield found


def _alb(
    document: Document, name: str, properties: yaml.Node | None, context: Context
) -> Iterator[Detection]:
    for action in items(child(properties, "Actions")) + items(child(properties, "DefaultActions")):
        for config_key in ("AuthenticateOidcConfig", "AuthenticateCognitoConfig"):
            behaviour = child(action, config_key, "OnUnauthenticatedRequest")
            if (text(behaviour) or "").lower() == "allow" and behaviour is not None:
                yield not_enforced(
                    document.span(behaviour),
                    f"ALB listener {name}",
                    "OnUnauthenticatedRequest allow forwards users who did not sign in",
                )
            timeout = child(action, config_key, "SessionTimeout")
            if timeout is not None:
                setting = f"ALB listener {name} SessionTimeout"
                yield from long_lifetime(document.span(timeout), setting, seconds(timeout), context)


def _public(method: str, path: str, exempt: Sequence[str]) -> bool:
    """A CORS preflight, or a health or readiness path."""
    return method.strip().upper() == "OPTIONS" or (bool(path) and is_exempt_path(path, exempt))


PLATFORM = Platform(
    name="cloudformation",
    words=(b"AWS::ApiGateway", b"AWS::Serverless::", b"AWS::ElasticLoadBalancingV2::"),
    recognises=_recognises,
    read=_read,
)
