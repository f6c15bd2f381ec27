"""Peek-then-verify: an unverified read whose result only chooses how the token is verified.

Multi-tenant and multi-issuer services read a token's claims before they know
which key checks it: `jwt.decode(t, options={"verify_signature": False})` or
python-jose `get_unverified_claims(t)`, then `jwt.decode(t, KEYS[c["kid"]], ...)`.
That read is not JWT001 when all of these hold in one function (or at module
level, never in a class body):

- the token is the same name in both calls, bound once in that scope (a
  parameter or one assignment), so nothing rebinds it in between;
- a decode of that name that verifies the signature with a key (not a literal
  `None`, `False` or `""`) runs after the read (or takes the read inline in
  its arguments);
- every use of the unverified result lands in that decode's key, algorithms,
  audience or issuer argument, directly or through names bound once
  (`key = KEYS[claims["kid"]]`, `client = PyJWKClient(ISSUERS[claims["iss"]])`);
  a name never read trusts nothing. A bare statement is no peek: it stays
  JWT001, as an unverified decode written for its own sake.

Returned, logged, stored, tested in a condition or passed anywhere else, the
unverified claims are trusted, and the read stays JWT001.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import libcst as cst

from scanner.analyzers.python import tokens
from scanner.analyzers.python.library import Role
from scanner.analyzers.python.module import Facts, ResolvedCall, argument_node
from scanner.analyzers.python.values import Known
from scanner.analyzers.python.walk import nodes

_MAX_HOPS = 4  # local names between the unverified read and the verifying call
_Scope = cst.FunctionDef | cst.Module


def only_picks_verification(peek: ResolvedCall, facts: Facts) -> bool:
    """The unverified result of `peek` only chooses the key, algorithms, audience or issuer
    of a later verified decode of the same token in the same function."""
    found = _token_name(peek, facts)
    if found is None:
        return False
    scope, name = found
    order = {id(site.node): index for index, site in enumerate(facts.every_call)}
    chosen: set[int] = set()  # ids of every node inside a verifying call's choice arguments
    for call in facts.calls:
        if call.node is peek.node or call.chain[0] is not scope:
            continue
        if call.api.role is not Role.DECODE or not _same_token(call, name):
            continue
        if tokens.signature_off(call, facts) is not None or not _has_key(call, facts):
            continue
        choices = _choice_arguments(call)
        inline = any(node is peek.node for choice in choices for node in nodes(choice))
        if inline or order[id(call.node)] > order[id(peek.node)]:
            chosen.update(id(node) for choice in choices for node in nodes(choice))
    if not chosen:
        return False
    if id(peek.node) in chosen:
        return True
    return _flows_only_into(peek.node, chosen, scope, facts)


def _token_name(peek: ResolvedCall, facts: Facts) -> tuple[_Scope, str] | None:
    """The scope of `peek` and the name its token is read from, when that is one name bound
    once in its function or module: only then is "the same token" a fact, not a guess."""
    scope = peek.chain[0]
    token = argument_node(peek.node, peek.api.token)
    if isinstance(scope, cst.ClassDef) or not isinstance(token, cst.Name):
        return None
    return (scope, token.value) if _bound_once(token.value, scope, facts) else None


def verified_in_function(peek: ResolvedCall, facts: Facts) -> bool:
    """A verifying decode of the same token sits in the function of `peek` (before it or
    after: either way the token the claims come from is checked). The key is not asked
    for: python_jwt's verify_jwt without one refuses every token unless its allow-list
    names "none", which JWT002 reports on that call."""
    found = _token_name(peek, facts)
    if found is None:
        return False
    scope, name = found
    return any(
        call.chain[0] is scope
        and call.api.role is Role.DECODE
        and _same_token(call, name)
        and tokens.signature_off(call, facts) is None
        for call in facts.calls
    )


def _flows_only_into(read: cst.Call, chosen: set[int], scope: _Scope, facts: Facts) -> bool:
    """`read` is assigned to a name whose every use (if any) reaches `chosen`."""
    targets = {
        id(node): store
        for store in facts.stores
        if store.chain[0] is scope and isinstance(store.target, cst.Name)
        for node in nodes(store.value)
    }
    store = targets.get(id(read))
    if store is None:
        return False  # a bare statement, or returned, passed on or tested at once
    loads = _loads(scope)
    pending = [(store.target, 0)]
    while pending:
        target, hops = pending.pop()
        assert isinstance(target, cst.Name)
        if hops >= _MAX_HOPS or not _bound_once(target.value, scope, facts):
            return False
        for use in (name for name in loads if name.value == target.value):
            if id(use) in chosen:
                continue
            onward = targets.get(id(use))
            if onward is None:
                return False
            pending.append((onward.target, hops + 1))
    return True


def _choice_arguments(call: ResolvedCall) -> list[cst.BaseExpression]:
    api = call.api
    slots = (api.key, api.algorithms, api.audience, api.issuer)
    found = (argument_node(call.node, slot) for slot in slots)
    return [node for node in found if node is not None]


def _has_key(call: ResolvedCall, facts: Facts) -> bool:
    """A key is passed, and it is not a literal `None`, `False` or empty string."""
    if argument_node(call.node, call.api.key) is None:
        return False
    key = facts.argument(call.node, call.api.key, call.chain)
    return not (isinstance(key, Known) and key.value in (None, False, "", b""))


def _same_token(call: ResolvedCall, name: str) -> bool:
    token = argument_node(call.node, call.api.token)
    return isinstance(token, cst.Name) and token.value == name


def _bound_once(name: str, scope: _Scope, facts: Facts) -> bool:
    """Bound at most once in `scope` (parameter or assignment) and nowhere rebound."""
    bound = facts.evaluator.assignments.by_scope.get(id(scope), {}).get(name, [])
    if len(bound) > 1:
        return False
    for node in _inside(scope):
        if isinstance(node, cst.NamedExpr) and _is(node.target, name):
            return False
        if isinstance(node, cst.AsName) and _is(node.name, name):
            return False
        if isinstance(node, (cst.Global, cst.Nonlocal)) and any(
            item.name.value == name for item in node.names
        ):
            return False
        if isinstance(node, cst.Del) and any(_is(n, name) for n in nodes(node.target)):
            return False
    return True


def _is(node: cst.CSTNode, name: str) -> bool:
    return isinstance(node, cst.Name) and node.value == name


def _inside(scope: _Scope) -> Iterator[cst.CSTNode]:
    """Every node of a function's body, or of the whole module (its functions included)."""
    if isinstance(scope, cst.FunctionDef):
        yield from nodes(scope.body)
    else:
        for statement in scope.body:
            yield from nodes(statement)


def _loads(scope: _Scope) -> list[cst.Name]:
    """Every name read in `scope`: not an attribute, keyword, parameter or target."""
    skipped: set[int] = set()
    names: list[cst.Name] = []
    for node in _inside(scope):
        for child in _not_read(node):
            skipped.add(id(child))
        if isinstance(node, cst.Name) and id(node) not in skipped:
            names.append(node)
    return names


def _not_read(node: cst.CSTNode) -> Iterable[cst.CSTNode]:
    if isinstance(node, cst.Attribute):
        yield node.attr
    elif isinstance(node, cst.Arg) and node.keyword is not None:
        yield node.keyword
    elif isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Param)):
        yield node.name
    elif isinstance(node, (cst.AssignTarget, cst.AnnAssign, cst.AugAssign)):
        yield node.target
    elif isinstance(node, (cst.ImportAlias, cst.AsName)):
        yield node.name
