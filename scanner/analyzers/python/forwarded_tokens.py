"""The caller's bearer token sent on, unchanged, to another service (TOK001).

The token (`token_flow`) is reported where it reaches the headers of an
outgoing HTTP call, a client's default headers (the library table's
`headers` slots and header maps) or the request an auth class is handed
(`requests.auth.AuthBase.__call__`, `httpx.Auth.auth_flow`), directly or
through a module-level helper that makes the call with its parameters.
Helpers of other modules of the repository are joined after the scan
(`token_handoffs`): a forward of what an imported helper returns, or the
token passed to an imported helper that sends that parameter on (reported
at the handler's call), stands when the other module vouches for it. Calls to the token's own issuer
(`issuer_calls`) are not passthrough.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

import libcst as cst

from scanner.analyzers.python import token_handoffs
from scanner.analyzers.python.incoming_tokens import Incoming, bearer_schemes
from scanner.analyzers.python.issuer_calls import goes_to_issuer
from scanner.analyzers.python.library import AUTH_HOOKS, HEADER_MAPS, HEADER_SLOTS
from scanner.analyzers.python.module import Chain, Facts, argument_node
from scanner.analyzers.python.names import dotted
from scanner.analyzers.python.token_flow import TokenFlow, bind
from scanner.model import Detection, Related, Vouch
from scanner.registry import TOK001


@dataclass(frozen=True, slots=True)
class _Forward:
    """An outgoing call (or a client's default headers) and the headers it is given."""

    node: cst.CSTNode  # where it is reported
    sink: str
    headers: cst.BaseExpression
    chain: Chain
    call: cst.Call | None = None  # the call whose URL and form say where the token goes


def detect(facts: Facts) -> Iterator[Detection | Vouch]:
    flow = TokenFlow(facts)
    forwards = [
        f for f in _forwards(facts) if f.call is None or not goes_to_issuer(facts, f.call, f.chain)
    ]
    found = [
        *_direct(flow, forwards),
        *_through_helpers(flow, forwards),
        *_to_other_modules(flow),
    ]
    # A forward this module alone shows is reported once, never as one another module decides.
    certain = {id(forward.node) for forward, incoming, _ in found if not incoming.needs}
    seen: set[int] = set()
    for forward, incoming, passed in found:
        if id(forward.node) in seen or (incoming.needs and id(forward.node) in certain):
            continue
        seen.add(id(forward.node))
        related = [Related(facts.relpath, facts.location(incoming.node), "the caller's token")]
        if passed is not None:
            related.append(
                Related(facts.relpath, facts.location(passed), "handed to the call here")
            )
        yield TOK001.detect(
            facts.location(forward.node),
            {"source": incoming.label, "sink": forward.sink},
            related=tuple(related),
            if_vouched=incoming.needs,
            unless_vouched=incoming.unless,
        )
    yield from (Vouch(claim) for claim in sorted(set(_handoffs(flow, forwards))))


_Found = tuple[_Forward, Incoming, cst.Call | None]


def _direct(flow: TokenFlow, forwards: Iterable[_Forward]) -> Iterator[_Found]:
    for forward in forwards:
        incoming = flow.carried(forward.headers, forward.chain)
        if incoming is not None:
            yield forward, incoming, None


def _through_helpers(flow: TokenFlow, forwards: Iterable[_Forward]) -> Iterator[_Found]:
    """Calls in module-level functions whose headers come from their parameters, where
    a caller passes its token for them (`send(url, request.headers["Authorization"])`)."""
    inside: dict[int, list[_Forward]] = {}
    for forward in forwards:
        inside.setdefault(id(forward.chain[0]), []).append(forward)
    for site in flow.facts.every_call:
        func = site.node.func
        helper = flow.helper(func, site.chain) if isinstance(func, cst.Name) else None
        if helper is None or id(helper) not in inside:
            continue
        arguments = bind(helper, site.node, site.chain)
        for forward in inside[id(helper)]:
            incoming = flow.carried(forward.headers, forward.chain, arguments=arguments)
            if incoming is not None:
                yield forward, incoming, site.node


def _to_other_modules(flow: TokenFlow) -> Iterator[_Found]:
    """Calls of functions imported from another module of the repository that pass the
    caller's token, reported if that module vouches the function sends it on."""
    for site in flow.facts.every_call:
        functions = token_handoffs.imported(flow.facts, site.node.func, site.chain)
        if not functions:
            continue
        position = 0
        for arg in site.node.args:
            if arg.star:
                break
            keyword = arg.keyword.value if arg.keyword is not None else None
            incoming = flow.carried(arg.value, site.chain)
            if incoming is not None and not incoming.needs:
                at = None if keyword is not None else position
                needs = token_handoffs.sent_by(functions, at, keyword)
                relpath = flow.facts.relpath
                unless = token_handoffs.sent_elsewhere(relpath, functions, at, keyword)
                shown = f"{dotted(site.node.func) or 'a helper'} (imported, which sends it on)"
                forward = _Forward(site.node, shown, arg.value, site.chain, site.node)
                yield forward, replace(incoming, needs=needs, unless=unless), None
                break
            position += keyword is None


def _handoffs(flow: TokenFlow, forwards: Iterable[_Forward]) -> Iterator[str]:
    """What this module vouches for: its functions that return the caller's token, those
    that send a parameter on in an outgoing call's headers, and its bearer schemes; and,
    under its own path, the functions and parameters that do not."""
    relpath = flow.facts.relpath
    for name in bearer_schemes(flow.facts):
        yield from token_handoffs.scheme(relpath, name)
    for name, helper in flow.helpers.items():
        if flow.returns_token(helper) is not None:
            yield from token_handoffs.returns(relpath, name)
        else:
            yield token_handoffs.returns_not(relpath, name)
    sent = set(_sent(flow, forwards))
    for function, helper in flow.helpers.items():
        positional = [*helper.params.posonly_params, *helper.params.params]
        for param in (*positional, *helper.params.kwonly_params):
            at = positional.index(param) if param in positional else None
            claims = token_handoffs.sends if (function, param) in sent else token_handoffs.sends_not
            yield from claims(relpath, function, at, param.name.value)


def _sent(flow: TokenFlow, forwards: Iterable[_Forward]) -> Iterator[tuple[str, cst.Param]]:
    """Each module function and its parameter that it sends on in an outgoing call's headers."""
    helpers = {id(f): name for name, f in flow.helpers.items()}
    for forward in forwards:
        function = helpers.get(id(forward.chain[0]))
        if function is None:
            continue
        params = flow.helpers[function].params
        arguments = {
            p.name.value: Incoming(p, p.name.value)
            for p in (*params.posonly_params, *params.params, *params.kwonly_params)
        }
        sent = flow.carried(forward.headers, forward.chain, arguments=arguments)
        if sent is not None and isinstance(sent.node, cst.Param):
            yield function, sent.node


def _forwards(facts: Facts) -> Iterator[_Forward]:
    """Every place code hands headers to an outgoing request."""
    for site in facts.every_call:
        call = site.node
        for name in sorted(site.names):
            slot = HEADER_SLOTS.get(name)
            headers = argument_node(call, slot) if slot is not None else None
            if headers is not None:
                yield _Forward(call, name.replace("()", ""), headers, site.chain, call)
                break
        func = call.func
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value in ("update", "setdefault")
            and facts.qualify_in(func.value, site.chain) & HEADER_MAPS
        ):
            shown = next(iter(sorted(facts.qualify_in(func.value, site.chain))))
            for arg in call.args:
                yield _Forward(call, shown.replace("()", ""), arg.value, site.chain)
    hooks = _auth_hooks(facts)
    for store in facts.stores:
        target = store.target
        owner = target.value if isinstance(target, cst.Subscript) else target
        names = facts.qualify_in(owner, store.chain) & HEADER_MAPS
        if names:
            shown = sorted(names)[0].replace("()", "")
            yield _Forward(target, shown, store.value, store.chain)
        hook = hooks.get(id(store.chain[0]))
        if hook is not None and _sets_header_of(target, hook[0]):
            yield _Forward(target, hook[1], store.value, store.chain)


def _auth_hooks(facts: Facts) -> Mapping[int, tuple[str, str]]:
    """Methods of auth classes (`requests.auth.AuthBase`) that set each request's headers:
    id -> (the parameter holding the request, how to name the hook)."""
    hooks: dict[int, tuple[str, str]] = {}
    for statement in facts.module.body:
        if not isinstance(statement, cst.ClassDef):
            continue
        for base in statement.bases:
            for name in sorted(facts.qualify(base.value) & AUTH_HOOKS.keys()):
                methods = (m for m in statement.body.body if isinstance(m, cst.FunctionDef))
                for method in methods:
                    params = method.params.params
                    if len(params) >= 2 and method.name.value == AUTH_HOOKS[name]:
                        shown = f"{statement.name.value}.{method.name.value} ({name})"
                        hooks[id(method)] = (params[1].name.value, shown)
    return MappingProxyType(hooks)


def _sets_header_of(target: cst.BaseExpression, request: str) -> bool:
    """`request.headers["Authorization"] = ...` for the named request."""
    if not isinstance(target, cst.Subscript):
        return False
    owner = target.value
    return (
        isinstance(owner, cst.Attribute)
        and owner.attr.value == "headers"
        and isinstance(owner.value, cst.Name)
        and owner.value.value == request
    )
