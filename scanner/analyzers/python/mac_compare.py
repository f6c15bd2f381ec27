"""MACs compared with `==` / `!=` instead of a constant-time function (HMAC003).

A side of the comparison is a MAC when it is computed by an HMAC API
(`hmac.new(...).hexdigest()`, `hmac.digest(...)`, cryptography's
`HMAC.finalize()`), or is a local name, a string built around one (`"sha256=" +
mac`), or a same-module helper's return value that is. The other side decides
nothing, except that `None` and literals (test vectors) are not secrets worth
timing, and comparisons inside `assert` are test code, not request handling.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import libcst as cst

from scanner.analyzers.python.library import KEEPS_MAC, MAC_FUNCTIONS, MAC_OBJECTS, MAC_RESULTS
from scanner.analyzers.python.module import Chain, Facts
from scanner.model import Detection
from scanner.registry import HMAC003

# Methods that keep a MAC a MAC: encodings and case or prefix changes.
KEEPING_METHODS = frozenset(
    {"hex", "decode", "encode", "lower", "upper", "strip", "rstrip", "lstrip"}
)
_OPERATORS: Mapping[type[cst.BaseCompOp], str] = {cst.Equal: "==", cst.NotEqual: "!="}
_MAX_DEPTH = 8


def detect(facts: Facts) -> Iterator[Detection]:
    reader = MacReader(facts)
    for comparison in facts.comparisons:
        if comparison.in_assert:
            continue
        left = comparison.node.left
        for target in comparison.node.comparisons:
            symbol = _OPERATORS.get(type(target.operator))
            right = target.comparator
            if (
                symbol is not None
                and not _is_inert(left)
                and not _is_inert(right)
                and (
                    reader.is_mac(left, comparison.chain) or reader.is_mac(right, comparison.chain)
                )
            ):
                yield HMAC003.detect(facts.location(target.operator), {"operator": symbol})
            left = right


def _is_inert(node: cst.BaseExpression) -> bool:
    """`None` and literals: nothing secret is learned by timing a comparison with them."""
    if isinstance(node, cst.Name):
        return node.value == "None"
    return isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.Integer))


class MacReader:
    """Answers "is this expression a computed MAC?" for one module."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.helpers: dict[str, cst.FunctionDef] = {
            statement.name.value: statement
            for statement in facts.module.body
            if isinstance(statement, cst.FunctionDef)
        }
        self.helper_answers: dict[str, bool] = {}
        self.names: dict[tuple[int, str], bool] = {}
        self.objects: dict[tuple[int, str], bool] = {}

    def is_mac(self, node: cst.BaseExpression, chain: Chain, depth: int = 0) -> bool:
        if depth > _MAX_DEPTH:
            return False
        if isinstance(node, cst.Name):
            return self._remembered(self.names, node.value, chain, depth, self.is_mac)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            return self.is_mac(node.left, chain, depth + 1) or self.is_mac(
                node.right, chain, depth + 1
            )
        if isinstance(node, cst.FormattedString):
            return any(
                isinstance(part, cst.FormattedStringExpression)
                and self.is_mac(part.expression, chain, depth + 1)
                for part in node.parts
            )
        if isinstance(node, cst.Call):
            return self._is_mac_call(node, chain, depth)
        return False

    def _is_mac_call(self, node: cst.Call, chain: Chain, depth: int) -> bool:
        names = self.facts.qualify(node.func)
        if names & MAC_FUNCTIONS:
            return True
        func = node.func
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            if method in MAC_RESULTS and not node.args:
                return self._is_mac_object(func.value, chain, depth + 1)
            if method in KEEPING_METHODS:
                return self.is_mac(func.value, chain, depth + 1)
        if names & KEEPS_MAC or (isinstance(func, cst.Name) and func.value in ("str", "bytes")):
            return bool(node.args) and self.is_mac(node.args[0].value, chain, depth + 1)
        if isinstance(func, cst.Name) and func.value in self.helpers and not names:
            return self._helper_returns_mac(func.value)
        return False

    def _is_mac_object(self, node: cst.BaseExpression, chain: Chain, depth: int) -> bool:
        if depth > _MAX_DEPTH:
            return False
        if isinstance(node, cst.Call):
            if self.facts.qualify(node.func) & MAC_OBJECTS:
                return True
            func = node.func
            return (
                isinstance(func, cst.Attribute)
                and func.attr.value == "copy"
                and self._is_mac_object(func.value, chain, depth + 1)
            )
        if isinstance(node, cst.Name):
            return self._remembered(self.objects, node.value, chain, depth, self._is_mac_object)
        return False

    def _remembered(
        self,
        answers: dict[tuple[int, str], bool],
        name: str,
        chain: Chain,
        depth: int,
        judge: Callable[[cst.BaseExpression, Chain, int], bool],
    ) -> bool:
        """Any value bound to `name` passes `judge`; asked once per name and function, so
        names rebound through themselves (`mac = mac.lower()`) cost no more than others."""
        key = (id(chain[0]), name)
        if key not in answers:
            answers[key] = False  # while it is being answered: a cycle adds nothing
            answers[key] = any(
                judge(value, chain, depth + 1) for value in self.facts.assigned(name, chain)
            )
        return answers[key]

    def _helper_returns_mac(self, name: str) -> bool:
        if name not in self.helper_answers:
            self.helper_answers[name] = False  # a recursive helper is not followed into itself
            helper = self.helpers[name]
            chain: Chain = (helper, self.facts.module)
            returns = _Returns()
            helper.body.visit(returns)
            self.helper_answers[name] = any(self.is_mac(value, chain) for value in returns.values)
        return self.helper_answers[name]


class _Returns(cst.CSTVisitor):
    """The values a function returns, not those of functions nested in it."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[cst.BaseExpression] = []

    def visit_Return(self, node: cst.Return) -> None:
        if node.value is not None:
            self.values.append(node.value)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False
