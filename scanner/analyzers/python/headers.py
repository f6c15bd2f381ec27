"""Unverified JWT header values that pick a key or drive I/O (JWT009).

A header value (`get_unverified_header(t)["jku"]`, `.get("kid")`) is followed
through local names and string building (f-strings, `+`, `%`, `.format`,
`os.path.join`, `Path / kid`) into a sink from `SINKS`: an HTTP request, a
`PyJWKClient`, a file path, a shell command, or an SQL string given to
`.execute` (the library table's sinks). A value used as a key into a trusted mapping (`KEYS[kid]`,
`client.get_signing_key(kid)`) stops there, and a name that the function checks
with `in` / `not in` or a pattern match is taken as allow-listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import libcst as cst

from scanner.analyzers.python.library import (
    BUILDERS,
    FILE,
    PATH_METHODS,
    SINKS,
    SQL,
    SQL_METHODS,
    UNVERIFIED_HEADER,
    Slot,
)
from scanner.analyzers.python.module import Chain, Facts, argument_node
from scanner.analyzers.python.names import dotted
from scanner.model import Detection
from scanner.registry import JWT009

UNTRUSTED_FIELDS = frozenset({"jku", "x5u", "kid", "alg"})

STRING_METHODS = frozenset(
    {"format", "join", "strip", "rstrip", "lstrip", "lower", "upper", "encode", "decode"}
)
# Calls that check a value against a pattern or a set, making it allow-listed.
CHECK_METHODS = frozenset({"match", "fullmatch", "isalnum", "isidentifier", "isdigit"})
_MAX_DEPTH = 10


def detect(facts: Facts) -> Iterator[Detection]:
    flows = _HeaderFlow(facts)
    if not flows.has_sources:
        return
    for site in facts.every_call:
        found = _sink(facts, site.node, site.names, site.chain)
        if found is None:
            continue
        kind, display, value = found
        field = flows.field(value, site.chain)
        if field is not None:
            yield JWT009.detect(
                facts.location(value), {"header": field, "sink": f"{kind} ({display})"}
            )


def _sink(
    facts: Facts, call: cst.Call, names: frozenset[str], chain: Chain
) -> tuple[str, str, cst.BaseExpression] | None:
    """What kind of sink `call` is, how to name it, and the argument that matters."""
    for name in sorted(names):
        sink = SINKS.get(name)
        if sink is not None:
            value = argument_node(call, sink.slot)
            return (sink.kind, name.replace("()", ""), value) if value is not None else None
    func = call.func
    if isinstance(func, cst.Name) and func.value == "open" and facts.is_builtin(func, chain):
        value = argument_node(call, Slot(0, "file"))
        return (FILE, "open", value) if value is not None else None
    if isinstance(func, cst.Attribute):
        method = func.attr.value
        shown = dotted(func) or method
        if method in SQL_METHODS:
            value = argument_node(call, Slot(0, "query"))
            return (SQL, shown, value) if value is not None else None
        if method in PATH_METHODS:
            return FILE, shown, func.value
    return None


class _HeaderFlow:
    """Which expressions of one module carry a value from an unverified header."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.has_sources = any(site.names & UNVERIFIED_HEADER for site in facts.every_call)
        self.checked = _checked_names(facts) if self.has_sources else frozenset()
        self.names: dict[tuple[int, str], str | None] = {}

    def field(self, node: cst.BaseExpression, chain: Chain, depth: int = 0) -> str | None:
        """The header field `node` carries (`"jku"`), or None."""
        if depth > _MAX_DEPTH:
            return None
        if isinstance(node, cst.Name):
            return self._name(node.value, chain, depth)
        if isinstance(node, cst.Subscript):
            return self._read(node.value, string_index(node), chain, depth)
        if isinstance(node, cst.FormattedString):
            parts = (
                p.expression for p in node.parts if isinstance(p, cst.FormattedStringExpression)
            )
            return self._first(parts, chain, depth)
        if isinstance(node, cst.BinaryOperation) and isinstance(
            node.operator, (cst.Add, cst.Modulo, cst.Divide)
        ):
            return self._first((node.left, node.right), chain, depth)
        if isinstance(node, (cst.Tuple, cst.List)):
            return self._first((e.value for e in node.elements), chain, depth)
        if isinstance(node, cst.Call):
            return self._call(node, chain, depth)
        return None

    def _call(self, node: cst.Call, chain: Chain, depth: int) -> str | None:
        func = node.func
        arguments = [arg.value for arg in node.args]
        if isinstance(func, cst.Attribute) and func.attr.value == "get" and node.args:
            return self._read(func.value, string_literal(node.args[0].value), chain, depth)
        if isinstance(func, cst.Attribute) and func.attr.value in STRING_METHODS:
            return self._first((func.value, *arguments), chain, depth)
        if self.facts.qualify(func) & BUILDERS or (
            isinstance(func, cst.Name)
            and func.value == "str"
            and self.facts.is_builtin(func, chain)
        ):
            return self._first(arguments, chain, depth)
        return None

    def _first(self, nodes: Iterable[cst.BaseExpression], chain: Chain, depth: int) -> str | None:
        for node in nodes:
            found = self.field(node, chain, depth + 1)
            if found is not None:
                return found
        return None

    def _read(
        self, container: cst.BaseExpression, key: str | None, chain: Chain, depth: int
    ) -> str | None:
        """`header["jku"]` / `header.get("kid")`: the field when `container` is a header."""
        if key not in UNTRUSTED_FIELDS or not self._is_header(container, chain, depth + 1):
            return None
        return key

    def _is_header(self, node: cst.BaseExpression, chain: Chain, depth: int) -> bool:
        if depth > _MAX_DEPTH:
            return False
        if isinstance(node, cst.Call):
            return bool(self.facts.qualify(node.func) & UNVERIFIED_HEADER)
        if isinstance(node, cst.Name):
            return any(
                self._is_header(value, chain, depth + 1)
                for value in self.facts.assigned(node.value, chain)
            )
        return False

    def _name(self, name: str, chain: Chain, depth: int) -> str | None:
        scope = chain[0]
        key = (id(scope), name)
        if key in self.names:
            return self.names[key]
        self.names[key] = None  # a name defined through itself is not followed around again
        found = None
        if key not in self.checked:
            found = self._first(self.facts.assigned(name, chain), chain, depth)
        self.names[key] = found
        return found


def _checked_names(facts: Facts) -> frozenset[tuple[int, str]]:
    """(scope, name) pairs a function tests with `in` / `not in` or a pattern match."""
    checked: set[tuple[int, str]] = set()
    for comparison in facts.comparisons:
        left = comparison.node.left
        if isinstance(left, cst.Name) and any(
            isinstance(t.operator, (cst.In, cst.NotIn)) for t in comparison.node.comparisons
        ):
            checked.add((id(comparison.chain[0]), left.value))
    for site in facts.every_call:
        func = site.node.func
        if not isinstance(func, cst.Attribute) or func.attr.value not in CHECK_METHODS:
            continue
        for candidate in (func.value, *(arg.value for arg in site.node.args)):
            if isinstance(candidate, cst.Name):
                checked.add((id(site.chain[0]), candidate.value))
    return frozenset(checked)


def string_index(node: cst.Subscript) -> str | None:
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    return string_literal(node.slice[0].slice.value)


def string_literal(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None
