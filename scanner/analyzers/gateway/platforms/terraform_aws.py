"""AWS API Gateway and ALB authentication in Terraform (`.tf`).

The same judgements as the CloudFormation reader, on Terraform's names:
`aws_apigatewayv2_authorizer.jwt_configuration {audience, issuer}`,
`aws_apigatewayv2_route.authorization_type` (default `NONE`),
`aws_api_gateway_method.authorization`, and `authenticate_oidc` /
`authenticate_cognito` blocks of `aws_lb_listener(_rule)` actions with
`on_unauthenticated_request = "allow"`. A route or method is judged open
only when the file defines an authorizer or protects another route;
health and readiness paths and `OPTIONS` preflights are open on purpose.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from scanner.analyzers.base import Context, Source
from scanner.analyzers.config import durations
from scanner.analyzers.gateway.judges import is_exempt_path, long_lifetime, not_enforced
from scanner.analyzers.gateway.profile import AUDIENCES, ISSUER, JWKS_URI, Validation
from scanner.analyzers.gateway.tree_platform import TreePlatform
from scanner.analyzers.trees import terraform_tree
from scanner.analyzers.trees.places import place
from scanner.analyzers.trees.terraform_tree import Block
from scanner.model import Detection, FileKind, Location
from scanner.registry import GW001

_AUTHORIZERS = frozenset({"aws_apigatewayv2_authorizer", "aws_api_gateway_authorizer"})
_ROUTES = {
    "aws_apigatewayv2_route": "authorization_type",
    "aws_api_gateway_method": "authorization",
}
_LISTENERS = frozenset(
    {"aws_lb_listener", "aws_lb_listener_rule", "aws_alb_listener", "aws_alb_listener_rule"}
)


def read(
    blocks: Sequence[Block], source: Source, context: Context
) -> Iterator[Validation | Detection]:
    resources = [b for b in blocks if b.kind == "resource" and b.labels]
    protected = any(b.labels[0] in _AUTHORIZERS for b in resources) or any(
        (b.literal(_ROUTES[b.labels[0]]) or "NONE").upper() != "NONE"
        for b in resources
        if b.labels[0] in _ROUTES
    )
    exempt = context.params(GW001).exempt_paths
    for block in resources:
        kind = block.labels[0]
        if kind == "aws_apigatewayv2_authorizer":
            yield from _authorizer(block, source)
        elif kind in _ROUTES and protected:
            yield from _route(block, _ROUTES[kind], source, exempt)
        elif kind in _LISTENERS:
            yield from _listener(block, context)


def _name(block: Block) -> str:
    return ".".join(block.labels)


def _at(block: Block, source: Source, *path: str) -> Location:
    found = block.literals.get(path)
    return found.location if found is not None else place(source, block.line, block.labels[0])


def _authorizer(block: Block, source: Source) -> Iterator[Validation]:
    if (block.literal("authorizer_type") or "").upper() != "JWT":
        return
    audience = block.writes("jwt_configuration", "audience")
    issuer = block.literal("jwt_configuration", "issuer")
    places = {}
    if audience:
        places[AUDIENCES] = _at(block, source, "jwt_configuration", "audience", "[0]")
    if issuer is not None:
        places[ISSUER] = places[JWKS_URI] = _at(block, source, "jwt_configuration", "issuer")
    listed = [
        setting.value
        for path, setting in block.literals.items()
        if path[:2] == ("jwt_configuration", "audience")
    ]
    yield Validation(
        platform="terraform",
        name=f"resource {_name(block)}",
        at=place(source, block.line, block.labels[0]),
        issuer=issuer,
        issuer_checked=block.writes("jwt_configuration", "issuer"),
        audiences=tuple(listed) or (("(computed)",) if audience else None),
        jwks_uri=issuer,
        places=places,
        reasons={AUDIENCES: "jwt_configuration has no audience"},
    )


def _route(
    block: Block, attribute: str, source: Source, exempt: Sequence[str]
) -> Iterator[Detection]:
    value = block.literal(attribute)
    if block.writes(attribute) and (value is None or value.upper() != "NONE"):
        return  # protected, or computed and decided elsewhere
    route_key = block.literal("route_key") or ""
    method, _, path = route_key.partition(" ")
    method = block.literal("http_method") or method
    if method.upper() == "OPTIONS" or (path and is_exempt_path(path, exempt)):
        return
    yield not_enforced(
        _at(block, source, attribute),
        f"resource {_name(block)}" + (f" ({route_key})" if route_key else ""),
        f"{attribute} NONE while the API has an authorizer: the route is open",
    )


def _listener(block: Block, context: Context) -> Iterator[Detection]:
    for path, setting in block.literals.items():
        if len(path) < 2 or path[-2] not in ("authenticate_oidc", "authenticate_cognito"):
            continue
        if path[-1] == "on_unauthenticated_request" and setting.value.lower() == "allow":
            yield not_enforced(
                setting.location,
                f"resource {_name(block)}",
                "on_unauthenticated_request allow forwards users who did not sign in",
            )
        elif path[-1] == "session_timeout":
            found = durations.duration(setting.value, 1.0, None)
            name = f"resource {_name(block)} session_timeout"
            if found is not None:
                yield from long_lifetime(setting.location, name, found.seconds, context)


WORDS = (
    b"aws_apigatewayv2_",
    b"aws_api_gateway_method",
    b"authenticate_oidc",
    b"authenticate_cognito",
)
PLATFORM = TreePlatform(
    "terraform-aws", FileKind.HCL, WORDS, terraform_tree.parse, read, suffixes=(".tf",)
)
