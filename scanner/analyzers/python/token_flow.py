"""Which expressions of one module carry the caller's bearer token, and from where.

A token read where `incoming_tokens` says is followed through local names,
string building (f-strings, `+`, `%`, `.format`, `split()[1]`, `.replace`),
header dicts (`{"Authorization": token}`, `headers["Authorization"] = ...`,
`headers.update(...)`, `{**request.headers}`, `dict(request.headers)`) and
what module-level helper functions return, one call deep. What a function
imported from another module returns is the caller's token only if that
module vouches for it (`token_handoffs`): such a token `needs` the claim.
Any other call ends the flow: a decoded, hashed or re-minted token is not
the caller's. A header map copied from the request stops carrying the token
once the code deletes `Authorization` from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from types import MappingProxyType

import libcst as cst

from scanner.analyzers.python import token_handoffs
from scanner.analyzers.python.incoming_tokens import (
    Incoming,
    dependency,
    header_map,
    is_authorization_key,
    parameter,
    parameter_token,
    werkzeug_token,
)
from scanner.analyzers.python.module import Chain, Facts, subscript_key
from scanner.analyzers.python.names import dotted
from scanner.analyzers.python.walk import nodes

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
_REMOVERS = frozenset({"pop", "__delitem__"})
_MAX_DEPTH = 10
_INNER_SCOPES = (cst.FunctionDef, cst.ClassDef, cst.Lambda)
# A helper's parameters bound to the expressions a call passes, with the caller's scopes,
# or to the token callers in other modules pass (`Incoming`).
Arguments = Mapping[str, tuple[cst.BaseExpression, Chain] | Incoming]


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
        arguments: Arguments | None = None,
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
        arguments: Arguments | None,
    ) -> Incoming | None:
        """The first candidate that carries the token, one that needs no claim first."""
        needing = None
        for candidate in candidates:
            found = self.carried(candidate, chain, depth, arguments)
            if found is not None and not found.needs:
                return found
            needing = needing or found
        return needing

    def _item(
        self,
        node: cst.Subscript,
        chain: Chain,
        depth: int,
        arguments: Arguments | None,
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
        arguments: Arguments | None,
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
            return self._imported(node, chain, arguments)
        if not isinstance(func, cst.Name):
            return None
        if func.value in KEEPING_CALLS and self.facts.is_builtin(func, chain):
            return self._first((a.value for a in node.args[:1]), chain, depth, arguments)
        helper = self.helper(func, chain)
        if helper is None:
            return self._imported(node, chain, arguments)
        if arguments is not None:
            return None  # one helper deep
        return self._returned(helper, bind(helper, node, chain), depth)

    def _imported(
        self, node: cst.Call, chain: Chain, arguments: Arguments | None
    ) -> Incoming | None:
        """What a function imported from another module of the repository returns, one
        helper deep: the caller's token if that module vouches that it returns it."""
        functions = token_handoffs.imported(self.facts, node.func, chain)
        if not functions or arguments is not None:
            return None
        shown = dotted(node.func) or "the helper"
        label = f"the caller's token from {shown}()"
        needs = token_handoffs.returned_by(functions)
        unless = token_handoffs.returned_elsewhere(self.facts.relpath, functions)
        return Incoming(node, label, needs=needs, unless=unless)

    def returns_token(self, helper: cst.FunctionDef) -> Incoming | None:
        """Where the caller's token a module function returns is read, when it returns it."""
        found = self._returned(helper, MappingProxyType({}), 0)
        return found if found is not None and not found.needs else None

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
        arguments: Arguments,
        depth: int,
    ) -> Incoming | None:
        return self._first(_return_values(helper), (helper, self.facts.module), depth, arguments)

    def _name(
        self,
        name: str,
        chain: Chain,
        depth: int,
        arguments: Arguments | None,
    ) -> Incoming | None:
        if arguments is not None and name in arguments and parameter(name, self.facts, chain):
            passed = arguments[name]
            if isinstance(passed, Incoming):
                return passed
            return self.carried(passed[0], passed[1], depth, None)
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
        arguments: Arguments | None,
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
        return replace(
            found, node=node, label="the request's Authorization header", whole_map=False
        )
    return found


def bind(helper: cst.FunctionDef, call: cst.Call, chain: Chain) -> Arguments:
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
