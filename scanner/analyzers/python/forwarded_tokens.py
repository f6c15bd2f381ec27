"""The caller's bearer token sent on, unchanged, to another service (TOK001).

A token read where `incoming_tokens` says is followed through local names,
string building (f-strings, `+`, `%`, `.format`, `split()[1]`, `.replace`),
header dicts (`{"Authorization": token}`, `headers["Authorization"] = ...`,
`headers.update(...)`, `{**request.headers}`, `dict(request.headers)`) and
module-level helper functions, one call deep (what they return, and the
calls they make with their parameters), into the headers of an outgoing
HTTP call, of a client's default headers (the library table's `headers`
slots and header maps), or of the request an auth class is handed
(`requests.auth.AuthBase.__call__`, `httpx.Auth.auth_flow`). Any other call ends the flow: a decoded,
hashed or re-minted token is not the caller's.

Not passthrough, and silent: a call to the issuer's token, introspection,
revocation or userinfo endpoint (named by its URL's path or by the setting
or variable holding the URL), a form that exchanges the token
(`subject_token`, `grant_type=...token-exchange`) and a header map copied
after the code removed `Authorization` from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import libcst as cst

from scanner.analyzers.python.incoming_tokens import (
    Incoming,
    dependency,
    header_map,
    is_authorization_key,
    parameter,
    parameter_token,
    werkzeug_token,
)
from scanner.analyzers.python.library import AUTH_HOOKS, HEADER_MAPS, HEADER_SLOTS, SINKS
from scanner.analyzers.python.module import Chain, Facts, argument_node, subscript_key
from scanner.analyzers.python.values import Known
from scanner.analyzers.python.walk import nodes
from scanner.model import Detection, Related
from scanner.registry import TOK001

# Methods a token keeps its value through (`auth.split()[1]` is the token without "Bearer").
KEEPING_METHODS = frozenset(
    {
        "split",
        "rsplit",
        "partition",
        "rpartition",
        "strip",
        "lstrip",
        "rstrip",
        "replace",
        "removeprefix",
        "encode",
        "decode",
        "copy",
        "format",
    }
)
KEEPING_CALLS = frozenset({"str", "dict"})
# The issuer's own endpoints, which a token is sent to for it to judge (RFC 7662, 7009, OIDC).
ISSUER_PATH = re.compile(
    r"/(?:introspect\w*|revoke|revocation|userinfo|tokeninfo|token)(?:[/?]|$)"
    r"|/protocol/openid-connect/|/oauth2?/",
    re.IGNORECASE,
)
ISSUER_NAME = re.compile(
    r"introspect|revoke|revocation|userinfo|user_info|tokeninfo|token_info"
    r"|token_?(?:ur[il]|endpoint)",
    re.IGNORECASE,
)
# Form fields and grants of a token exchange (RFC 8693) or an assertion grant (RFC 7523).
EXCHANGE_FIELDS = frozenset({"subject_token", "actor_token", "assertion"})
EXCHANGE_GRANTS = ("token-exchange", "jwt-bearer")
FORM_KEYWORDS = ("data", "json", "params", "content", "body", "fields")
_REMOVERS = frozenset({"pop", "__delitem__"})
_MAX_DEPTH = 10
_INNER_SCOPES = (cst.FunctionDef, cst.ClassDef, cst.Lambda)


@dataclass(frozen=True, slots=True)
class _Forward:
    """An outgoing call (or a client's default headers) and the headers it is given."""

    node: cst.CSTNode  # where it is reported
    sink: str
    headers: cst.BaseExpression
    chain: Chain
    call: cst.Call | None = None  # the call whose URL and form say where the token goes


def detect(facts: Facts) -> Iterator[Detection]:
    flow = TokenFlow(facts)
    forwards = [f for f in _forwards(facts) if not _to_issuer(facts, f)]
    seen: set[tuple[int, int]] = set()
    for forward, incoming, passed in (*_direct(flow, forwards), *_through_helpers(flow, forwards)):
        if (id(forward.node), id(incoming.node)) in seen:
            continue
        seen.add((id(forward.node), id(incoming.node)))
        related = [Related(facts.relpath, facts.location(incoming.node), "the caller's token")]
        if passed is not None:
            related.append(
                Related(facts.relpath, facts.location(passed), "handed to the call here")
            )
        yield TOK001.detect(
            facts.location(forward.node),
            {"source": incoming.label, "sink": forward.sink},
            related=tuple(related),
        )


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
        arguments = _bind(helper, site.node, site.chain)
        for forward in inside[id(helper)]:
            incoming = flow.carried(forward.headers, forward.chain, arguments=arguments)
            if incoming is not None:
                yield forward, incoming, site.node


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


def _to_issuer(facts: Facts, forward: _Forward) -> bool:
    """The call goes to the issuer's own endpoints, or exchanges the token there."""
    call = forward.call
    if call is None:
        return False
    for name in sorted(facts.qualify_in(call.func, forward.chain)):
        sink = SINKS.get(name)
        url = argument_node(call, sink.slot) if sink is not None else None
        if url is not None and _names_issuer_endpoint(facts, url, forward.chain):
            return True
    return any(
        _is_exchange_form(facts, arg.value, forward.chain)
        for arg in call.args
        if arg.keyword is not None and arg.keyword.value in FORM_KEYWORDS
    )


def _names_issuer_endpoint(facts: Facts, url: cst.BaseExpression, chain: Chain) -> bool:
    for text, literal in _spelling(facts, url, chain):
        if (ISSUER_PATH if literal else ISSUER_NAME).search(text):
            return True
    return False


def _spelling(
    facts: Facts, node: cst.BaseExpression, chain: Chain, depth: int = 0
) -> Iterator[tuple[str, bool]]:
    """The URL's literal text and the names it is built from, through local names."""
    for child in nodes(node):
        if isinstance(child, cst.SimpleString) and isinstance(child.evaluated_value, str):
            yield child.evaluated_value, True
        elif isinstance(child, cst.FormattedStringText):
            yield child.value, True
        elif isinstance(child, cst.Name):
            yield child.value, False
            if depth < 2:
                for value in facts.assigned(child.value, chain):
                    yield from _spelling(facts, value, chain, depth + 1)


def _is_exchange_form(facts: Facts, node: cst.BaseExpression, chain: Chain) -> bool:
    for value in (node, *_assigned(facts, node, chain)):
        if not isinstance(value, cst.Dict):
            continue
        for element in value.elements:
            if not isinstance(element, cst.DictElement):
                continue
            key = facts.value(element.key, chain)
            text = key.value if isinstance(key, Known) else None
            if text in EXCHANGE_FIELDS:
                return True
            if text == "grant_type" and any(
                grant in literal
                for literal, _ in _spelling(facts, element.value, chain)
                for grant in EXCHANGE_GRANTS
            ):
                return True
    return False


def _assigned(
    facts: Facts, node: cst.BaseExpression, chain: Chain
) -> tuple[cst.BaseExpression, ...]:
    return facts.assigned(node.value, chain) if isinstance(node, cst.Name) else ()


class TokenFlow:
    """Which expressions of one module carry the caller's token, and from where."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.helpers: Mapping[str, cst.FunctionDef] = MappingProxyType(
            {
                statement.name.value: statement
                for statement in facts.module.body
                if isinstance(statement, cst.FunctionDef)
            }
        )
        self.memo: dict[tuple[int, str], Incoming | None] = {}

    def carried(
        self,
        node: cst.BaseExpression,
        chain: Chain,
        depth: int = 0,
        arguments: Mapping[str, tuple[cst.BaseExpression, Chain]] | None = None,
    ) -> Incoming | None:
        """Where the token `node` holds was read, or None when it holds none.

        `arguments` binds a helper's parameters to the caller's expressions
        while its return values are followed.
        """
        if depth > _MAX_DEPTH:
            return None
        found = header_map(node, self.facts, chain) or werkzeug_token(node, self.facts, chain)
        if found is not None:
            return found
        step = depth + 1
        if isinstance(node, cst.Name):
            return self._name(node.value, chain, step, arguments)
        if isinstance(node, cst.Attribute):
            if node.attr.value == "credentials":  # HTTPBearer's HTTPAuthorizationCredentials
                return self.carried(node.value, chain, step, arguments)
            return None
        if isinstance(node, cst.Subscript):
            return self._item(node, chain, step, arguments)
        if isinstance(node, cst.Call):
            return self._call(node, chain, step, arguments)
        if isinstance(node, cst.FormattedString):
            parts = (
                p.expression for p in node.parts if isinstance(p, cst.FormattedStringExpression)
            )
            return self._first(parts, chain, step, arguments)
        if isinstance(node, cst.BinaryOperation) and isinstance(
            node.operator, (cst.Add, cst.Modulo)
        ):
            return self._first((node.left, node.right), chain, step, arguments)
        if isinstance(node, cst.Dict):
            return self._first((e.value for e in node.elements), chain, step, arguments)
        if isinstance(node, cst.IfExp):
            return self._first((node.body, node.orelse), chain, step, arguments)
        if isinstance(node, cst.BooleanOperation):
            return self._first((node.left, node.right), chain, step, arguments)
        return None

    def _first(
        self,
        candidates: Iterable[cst.BaseExpression],
        chain: Chain,
        depth: int,
        arguments: Mapping[str, tuple[cst.BaseExpression, Chain]] | None,
    ) -> Incoming | None:
        for candidate in candidates:
            found = self.carried(candidate, chain, depth, arguments)
            if found is not None:
                return found
        return None

    def _item(
        self,
        node: cst.Subscript,
        chain: Chain,
        depth: int,
        arguments: Mapping[str, tuple[cst.BaseExpression, Chain]] | None,
    ) -> Incoming | None:
        """`headers["Authorization"]` reads the token; `parts[1]` keeps it; another key does not."""
        if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
            return self.carried(node.value, chain, depth, arguments)  # a slice
        key = node.slice[0].slice.value
        if subscript_key(node) is None and not isinstance(key, (cst.Name, cst.Attribute)):
            return self.carried(node.value, chain, depth, arguments)
        if not is_authorization_key(key, self.facts, chain):
            return None
        return _one_header(node, self.carried(node.value, chain, depth, arguments))

    def _call(
        self,
        node: cst.Call,
        chain: Chain,
        depth: int,
        arguments: Mapping[str, tuple[cst.BaseExpression, Chain]] | None,
    ) -> Incoming | None:
        func = node.func
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            if method in ("get", "getone", "getall") and node.args:
                if not is_authorization_key(node.args[0].value, self.facts, chain):
                    return None
                return _one_header(node, self.carried(func.value, chain, depth, arguments))
            if method in KEEPING_METHODS:
                receiver = self.carried(func.value, chain, depth, arguments)
                if receiver is not None or method != "format":
                    return receiver
                return self._first((a.value for a in node.args), chain, depth, arguments)
            return None
        if not isinstance(func, cst.Name):
            return None
        if func.value in KEEPING_CALLS and self.facts.is_builtin(func, chain):
            return self._first((a.value for a in node.args[:1]), chain, depth, arguments)
        helper = self.helper(func, chain)
        if helper is None or arguments is not None:
            return None  # one helper deep
        return self._returned(helper, _bind(helper, node, chain), depth)

    def helper(self, func: cst.Name, chain: Chain) -> cst.FunctionDef | None:
        """A function of this module called by its bare name, not shadowed where it is called."""
        helper = self.helpers.get(func.value)
        if helper is None or func.value in self.facts.bindings.names:
            return None
        local = [s for s in chain if isinstance(s, cst.FunctionDef)]
        if self.facts.evaluator.assignments.lookup(func.value, local) is not None:
            return None
        return helper

    def _returned(
        self,
        helper: cst.FunctionDef,
        arguments: Mapping[str, tuple[cst.BaseExpression, Chain]],
        depth: int,
    ) -> Incoming | None:
        chain: Chain = (helper, self.facts.module)
        for value in _return_values(helper):
            found = self.carried(value, chain, depth, arguments)
            if found is not None:
                return found
        return None

    def _name(
        self,
        name: str,
        chain: Chain,
        depth: int,
        arguments: Mapping[str, tuple[cst.BaseExpression, Chain]] | None,
    ) -> Incoming | None:
        if arguments is not None and name in arguments and parameter(name, self.facts, chain):
            passed, caller = arguments[name]
            return self.carried(passed, caller, depth, None)
        if arguments is not None:  # inside a helper: bound to this call's arguments
            return self._unless_removed(name, chain, self._bound(name, chain, depth, arguments))
        key = (id(chain[0]), name)
        if key not in self.memo:
            self.memo[key] = None  # a name defined through itself is not followed around again
            found = self._bound(name, chain, depth, None)
            self.memo[key] = self._unless_removed(name, chain, found)
        return self.memo[key]

    @staticmethod
    def _unless_removed(name: str, chain: Chain, found: Incoming | None) -> Incoming | None:
        """A copied header map no longer carries the token once the code removes it."""
        if found is not None and found.whole_map and _removes_authorization(name, chain[0]):
            return None
        return found

    def _bound(
        self,
        name: str,
        chain: Chain,
        depth: int,
        arguments: Mapping[str, tuple[cst.BaseExpression, Chain]] | None,
    ) -> Incoming | None:
        """What the values bound to `name` carry, or the items stored into it."""
        param = parameter(name, self.facts, chain)
        if param is not None:
            found = parameter_token(param, self.facts, chain)
            if found is not None:
                return found
            provider = dependency(param, self.facts)
            if isinstance(provider, cst.Name) and arguments is None:
                helper = self.helper(provider, chain)
                if helper is not None:
                    found = self._returned(helper, MappingProxyType({}), depth)
                    if found is not None:
                        return found
        values = [v for v in self.facts.assigned(name, chain) if not _is_placeholder(v)]
        found = self._first(values, chain, depth, arguments)
        if found is not None:
            return found
        return self._first(self._stored_into(name, chain), chain, depth, arguments)

    def _stored_into(self, name: str, chain: Chain) -> Iterator[cst.BaseExpression]:
        """Values put into the dict `name` in its scope: `name[k] = v`, `name.update(...)`."""
        scope = chain[0]
        for store in self.facts.stores:
            target = store.target
            if (
                store.chain[0] is scope
                and isinstance(target, cst.Subscript)
                and isinstance(target.value, cst.Name)
                and target.value.value == name
            ):
                yield store.value
        for site in self.facts.every_call:
            func = site.node.func
            if (
                site.chain[0] is scope
                and isinstance(func, cst.Attribute)
                and func.attr.value in ("update", "setdefault")
                and isinstance(func.value, cst.Name)
                and func.value.value == name
            ):
                yield from (arg.value for arg in site.node.args)


def _one_header(node: cst.BaseExpression, found: Incoming | None) -> Incoming | None:
    """The Authorization header read from a map that carries it."""
    if found is None:
        return None
    if found.whole_map:
        return Incoming(node, "the request's Authorization header")
    return found


def _bind(
    helper: cst.FunctionDef, call: cst.Call, chain: Chain
) -> Mapping[str, tuple[cst.BaseExpression, Chain]]:
    """The helper's parameters, each with the expression the call passes for it."""
    names = [p.name.value for p in (*helper.params.posonly_params, *helper.params.params)]
    bound: dict[str, tuple[cst.BaseExpression, Chain]] = {}
    position = 0
    for arg in call.args:
        if arg.star:
            break
        if arg.keyword is not None:
            bound[arg.keyword.value] = (arg.value, chain)
        elif position < len(names):
            bound[names[position]] = (arg.value, chain)
            position += 1
    return MappingProxyType(bound)


def _return_values(function: cst.FunctionDef) -> Iterator[cst.BaseExpression]:
    """The values `function` itself returns (not those of functions defined inside it)."""
    for node in nodes(function.body, enter=lambda n: not isinstance(n, _INNER_SCOPES)):
        if isinstance(node, cst.Return) and node.value is not None:
            yield node.value


def _is_placeholder(value: cst.BaseExpression) -> bool:
    return isinstance(value, cst.Name) and value.value == "__rebound__"


def _removes_authorization(name: str, scope: cst.CSTNode) -> bool:
    """`del headers["Authorization"]` or `headers.pop("Authorization")` in the scope."""
    for node in nodes(scope):
        if isinstance(node, cst.Del):
            target = node.target
            if (
                isinstance(target, cst.Subscript)
                and isinstance(target.value, cst.Name)
                and target.value.value == name
                and (subscript_key(target) or "").lower() == "authorization"
            ):
                return True
        elif (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value in _REMOVERS
            and isinstance(node.func.value, cst.Name)
            and node.func.value.value == name
            and node.args
            and isinstance(node.args[0].value, cst.SimpleString)
            and str(node.args[0].value.evaluated_value).lower() == "authorization"
        ):
            return True
    return False
