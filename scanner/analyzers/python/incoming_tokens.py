"""Where a web handler holds the bearer token its caller sent (what TOK001 follows).

The caller's token is read from the request being handled: its
`Authorization` header (`request.headers["Authorization"]`, `.get(...)`,
Django's `request.META["HTTP_AUTHORIZATION"]`, Werkzeug's
`request.authorization.token`), or the whole header map, which carries it.
The request is Flask's or Quart's `request`, `self.request`, a parameter
annotated with a request class, or an unannotated first parameter named
`request`. FastAPI hands the token over as a parameter: a `Header()` named
(or aliased) `authorization`, or one that depends on an OAuth2 bearer scheme
(the token itself) or on `HTTPBearer` (an object whose `.credentials` is the
token), or one annotated with that object's type,
`HTTPAuthorizationCredentials`, whichever module its scheme is defined in.
A scheme imported from another module of the repository
(`from app.auth import oauth2_scheme`) is a bearer scheme when that module
vouches for it (`token_handoffs`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from scanner.analyzers.python import token_handoffs
from scanner.analyzers.python.library import (
    BEARER_SCHEMES,
    DEPENDENCIES,
    HEADER_PARAMETERS,
    INCOMING_REQUESTS,
    REQUEST_CLASSES,
    Slot,
)
from scanner.analyzers.python.module import Chain, Facts, argument_node
from scanner.analyzers.python.values import Known

# What a handler's request goes by when the code does not annotate it: Django views, DRF
# and aiohttp handlers and Starlette endpoints take it first (`req` is as often an
# outgoing request: urllib's redirect handlers, client hooks).
REQUEST_NAME = "request"
# Header keys that name the caller's credentials, lowercased (Django prefixes `HTTP_`).
AUTHORIZATION_KEYS = frozenset({"authorization", "http_authorization"})
_DEPENDENCY = Slot(0, "dependency")  # FastAPI: Depends(dependency=None, *, use_cache=True)


@dataclass(frozen=True, slots=True)
class Incoming:
    """Where the caller's token is read: the node, how to name it, and whether it is
    the whole header map (which carries the token unless the code removes it).

    `needs` are claims another module must vouch for (`token_handoffs`): the
    token is what an imported helper returns, or what callers elsewhere pass;
    `unless` are claims that withdraw it (a nearer module of that name says no).
    """

    node: cst.CSTNode
    label: str
    whole_map: bool = False
    needs: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()


def parameter(name: str, facts: Facts, chain: Chain) -> cst.Param | None:
    """The parameter `name` is, when the nearest scope that binds it is a function's."""
    for scope in chain:
        if facts.evaluator.assignments.lookup(name, (scope,)) is None:
            continue
        if not isinstance(scope, cst.FunctionDef):
            return None
        return next((p for p in _parameters(scope) if p.name.value == name), None)
    return None


def _parameters(function: cst.FunctionDef) -> Iterator[cst.Param]:
    params = function.params
    yield from (*params.posonly_params, *params.params, *params.kwonly_params)


def is_handled_request(node: cst.BaseExpression, facts: Facts, chain: Chain) -> bool:
    """`node` is the request the enclosing handler answers."""
    if facts.qualify_in(node, chain) & INCOMING_REQUESTS:
        return True
    if isinstance(node, cst.Attribute):
        owner = node.value
        return (
            node.attr.value == "request" and isinstance(owner, cst.Name) and owner.value == "self"
        )
    if not isinstance(node, cst.Name):
        return False
    param = parameter(node.value, facts, chain)
    if param is None or len(facts.assigned(node.value, chain)) != 1:
        return False  # not a parameter, or rebound in the body
    if param.annotation is not None:
        return bool(facts.qualify(param.annotation.annotation) & REQUEST_CLASSES)
    return node.value == REQUEST_NAME and _takes_first(chain, param)


def _takes_first(chain: Chain, param: cst.Param) -> bool:
    """`param` is the function's first parameter, after `self` or `cls` in a method."""
    lists = (list(_parameters(s)) for s in chain if isinstance(s, cst.FunctionDef))
    params = next((listed for listed in lists if any(p is param for p in listed)), [])
    if params and params[0] is not param and params[0].name.value in ("self", "cls"):
        params = params[1:]
    return bool(params) and params[0] is param


def header_map(node: cst.BaseExpression, facts: Facts, chain: Chain) -> Incoming | None:
    """`request.headers` or Django's `request.META`: every header the caller sent."""
    if not isinstance(node, cst.Attribute) or node.attr.value not in ("headers", "META"):
        return None
    if not is_handled_request(node.value, facts, chain):
        return None
    return Incoming(node, f"a copy of the request's {node.attr.value}", whole_map=True)


def werkzeug_token(node: cst.BaseExpression, facts: Facts, chain: Chain) -> Incoming | None:
    """Flask's `request.authorization.token` (Werkzeug 2.3 and later)."""
    if not (isinstance(node, cst.Attribute) and node.attr.value == "token"):
        return None
    owner = node.value
    if not (isinstance(owner, cst.Attribute) and owner.attr.value == "authorization"):
        return None
    if not is_handled_request(owner.value, facts, chain):
        return None
    return Incoming(node, "request.authorization.token")


def is_authorization_key(node: cst.BaseExpression, facts: Facts, chain: Chain) -> bool:
    """`"Authorization"`, `"HTTP_AUTHORIZATION"`, a constant holding one, or `hdrs.AUTHORIZATION`."""
    value = facts.value(node, chain)
    if isinstance(value, Known):
        return isinstance(value.value, str) and value.value.lower() in AUTHORIZATION_KEYS
    last = node.attr.value if isinstance(node, cst.Attribute) else None
    return last is not None and last.lower() in AUTHORIZATION_KEYS


def parameter_token(param: cst.Param, facts: Facts, chain: Chain) -> Incoming | None:
    """A FastAPI parameter that receives the caller's token (see the module's doc)."""
    name = param.name.value
    markers: list[cst.BaseExpression] = [param.default] if param.default is not None else []
    declared = param.annotation.annotation if param.annotation is not None else None
    if isinstance(declared, cst.Subscript) and _is_annotated(declared, facts):
        parts = [e.slice.value for e in declared.slice if isinstance(e.slice, cst.Index)]
        declared, markers = (parts[0] if parts else None), [*markers, *parts[1:]]
    held = _bearer(declared, facts) if declared is not None else None
    if held is not None:  # `creds: HTTPAuthorizationCredentials`, whichever scheme gave it
        return Incoming(param, f"the {held} parameter '{name}'")
    for marker in markers:
        if not isinstance(marker, cst.Call):
            continue
        called = facts.qualify(marker.func)
        if called & HEADER_PARAMETERS and _names_authorization(marker, name, facts, chain):
            return Incoming(param, f"the Authorization header parameter '{name}'")
        if called & DEPENDENCIES:
            scheme = argument_node(marker, _DEPENDENCY)
            if scheme is None:
                continue
            held = _bearer(scheme, facts)
            if held is not None:
                return Incoming(param, f"the {held} parameter '{name}'")
            elsewhere = token_handoffs.imported(facts, scheme, chain)
            if elsewhere:
                label = f"the parameter '{name}' of a bearer scheme imported from another module"
                return Incoming(param, label, needs=token_handoffs.scheme_needed(elsewhere))
    return None


def bearer_schemes(facts: Facts) -> Iterator[str]:
    """The module-level names bound to a FastAPI bearer scheme (`oauth2_scheme = HTTPBearer()`),
    which handlers of other modules may depend on."""
    for statement in facts.module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Assign) and _bearer(small.value, facts) is not None:
                targets = (t.target for t in small.targets)
                yield from (t.value for t in targets if isinstance(t, cst.Name))
            elif isinstance(small, cst.AnnAssign) and small.value is not None:
                target = small.target
                if isinstance(target, cst.Name) and _bearer(small.value, facts) is not None:
                    yield target.value


def dependency(param: cst.Param, facts: Facts) -> cst.BaseExpression | None:
    """What `Depends(...)` / `Security(...)` in the parameter's default calls, if it does."""
    marker = param.default
    if isinstance(marker, cst.Call) and facts.qualify(marker.func) & DEPENDENCIES:
        return argument_node(marker, _DEPENDENCY)
    return None


def _is_annotated(node: cst.Subscript, facts: Facts) -> bool:
    names = facts.qualify(node.value)
    return any(name.endswith(".Annotated") for name in names)


def _names_authorization(call: cst.Call, name: str, facts: Facts, chain: Chain) -> bool:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "alias":
            return is_authorization_key(arg.value, facts, chain)
    return name.lower() in AUTHORIZATION_KEYS


def _bearer(scheme: cst.BaseExpression, facts: Facts) -> str | None:
    """How to name what a parameter depending on `scheme` holds, if it is a bearer scheme."""
    for name in sorted(facts.qualify(scheme)):
        held = BEARER_SCHEMES.get(name.removesuffix("()"))
        if held is not None:
            return f"{name.removesuffix('()').rsplit('.', 1)[-1]} {held.value}"
    return None
