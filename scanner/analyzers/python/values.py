"""Follow a value the way a reviewer would, and say so when it cannot be known.

`evaluate` answers `Known(value, origin)` for literals, constants assigned once
in the enclosing function or the module, dicts passed as `options=`,
`**kwargs`, `"key".encode()`, string concatenation and arithmetic; anything
else (parameters, environment lookups, calls) is `Unknown(reason)`. Unknown is
a normal answer: callers never guess a finding from it.

Scanned code chooses the operands, so every operation that can grow a value
is checked before it runs: `"k" * 4000000000` would take 8 GB. Past
`MAX_LENGTH` items or `numbers.MAX_INT_BITS` bits a value is Unknown; no
secret, lifetime or option a rule looks at comes near either bound.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import libcst as cst

from scanner import numbers
from scanner.analyzers.python.library import NOW_CALLS, TIMEDELTA

_MAX_DEPTH = 12
MAX_LENGTH = 64 * 1024  # characters of a str, bytes of a bytes, items of a tuple
_BINARY: Mapping[type[cst.BaseBinaryOp], Callable[[Any, Any], Any]] = {
    cst.Add: operator.add,
    cst.Subtract: operator.sub,
    cst.Multiply: operator.mul,
    cst.FloorDivide: operator.floordiv,
    cst.Divide: operator.truediv,
}


@dataclass(frozen=True, slots=True)
class Known:
    value: Any
    origin: cst.CSTNode


@dataclass(frozen=True, slots=True)
class Unknown:
    reason: str


@dataclass(frozen=True, slots=True)
class Now:
    """The current time (`datetime.now()`, `time.time()`): only its offsets matter."""


@dataclass(frozen=True, slots=True)
class Lifetime:
    """`now + delta`: a point in time `seconds` ahead, as put into `exp`."""

    seconds: float


Value = Known | Unknown
_TIMEDELTA_UNITS = frozenset(
    {"weeks", "days", "hours", "minutes", "seconds", "milliseconds", "microseconds"}
)
Scope = cst.FunctionDef | cst.ClassDef | cst.Module


class Assignments:
    """Simple `name = value` assignments, per function and for the module."""

    def __init__(self) -> None:
        self.by_scope: dict[int, dict[str, list[cst.BaseExpression]]] = {}

    def record(self, scope: Scope, name: str, value: cst.BaseExpression | None) -> None:
        values = self.by_scope.setdefault(id(scope), {}).setdefault(name, [])
        if value is not None:
            values.append(value)
        else:
            values.append(cst.Name("__rebound__"))

    def lookup(self, name: str, chain: Sequence[Scope]) -> list[cst.BaseExpression] | None:
        for scope in chain:
            found = self.by_scope.get(id(scope), {}).get(name)
            if found is not None:
                return found
        return None


class Evaluator:
    def __init__(
        self,
        assignments: Assignments,
        qualify: Callable[[cst.BaseExpression], frozenset[str]] = lambda _: frozenset(),
    ) -> None:
        self.assignments = assignments
        self.qualify = qualify

    def evaluate(self, node: cst.BaseExpression, chain: Sequence[Scope], depth: int = 0) -> Value:
        if depth > _MAX_DEPTH:
            return Unknown("too deep")
        if isinstance(node, cst.SimpleString):
            return Known(node.evaluated_value, node)
        if isinstance(node, cst.ConcatenatedString):
            value = node.evaluated_value
            return Known(value, node) if value is not None else Unknown("f-string")
        if isinstance(node, cst.Integer):
            number = numbers.parse_int(node.value, 0)
            return Known(number, node) if number is not None else Unknown("number too large")
        if isinstance(node, cst.Float):
            real = numbers.parse_float(node.value.replace("_", ""))
            return Known(real, node) if real is not None else Unknown("number too large")
        if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
            inner = self.evaluate(node.expression, chain, depth + 1)
            if isinstance(inner, Known) and isinstance(inner.value, (int, float)):
                return Known(-inner.value, node)
            return Unknown("operand")
        if isinstance(node, cst.Name):
            return self._name(node, chain, depth)
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            items = []
            for element in node.elements:
                if isinstance(element, cst.StarredElement):
                    return Unknown("starred element")
                items.append(self.evaluate(element.value, chain, depth + 1))
            return Known(tuple(items), node)
        if isinstance(node, cst.Dict):
            return self._dict(node, chain, depth)
        if isinstance(node, cst.BinaryOperation):
            return self._binary(node, chain, depth)
        if isinstance(node, cst.Call):
            return self._call(node, chain, depth)
        return Unknown(type(node).__name__)

    def _name(self, node: cst.Name, chain: Sequence[Scope], depth: int) -> Value:
        constants = {"True": True, "False": False, "None": None}
        if node.value in constants:
            return Known(constants[node.value], node)
        values = self.assignments.lookup(node.value, chain)
        if not values:
            return Unknown(f"{node.value} is not a local constant")
        if len(values) != 1:
            return Unknown(f"{node.value} is assigned more than once")
        return self.evaluate(values[0], chain, depth + 1)

    def _dict(self, node: cst.Dict, chain: Sequence[Scope], depth: int) -> Value:
        result: dict[Any, Value] = {}
        for element in node.elements:
            if isinstance(element, cst.StarredDictElement):
                spread = self.evaluate(element.value, chain, depth + 1)
                if not isinstance(spread, Known) or not isinstance(spread.value, dict):
                    return Unknown("dict spread")
                result.update(spread.value)
                continue
            assert isinstance(element, cst.DictElement)
            key = self.evaluate(element.key, chain, depth + 1)
            if not isinstance(key, Known):
                return Unknown("dict key")
            result[key.value] = self.evaluate(element.value, chain, depth + 1)
        return Known(result, node)

    def _binary(self, node: cst.BinaryOperation, chain: Sequence[Scope], depth: int) -> Value:
        op = _BINARY.get(type(node.operator))
        left = self.evaluate(node.left, chain, depth + 1)
        right = self.evaluate(node.right, chain, depth + 1)
        if op is None or not isinstance(left, Known) or not isinstance(right, Known):
            return Unknown("operand")
        offset = _offset_from_now(type(node.operator), left.value, right.value)
        if offset is not None:
            return Known(offset, node)
        if not _fits(type(node.operator), left.value, right.value):
            return Unknown("value too large")
        try:
            result = op(left.value, right.value)
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            return Unknown("operation")
        return Known(result, node) if _bounded(result) else Unknown("value too large")

    def _call(self, node: cst.Call, chain: Sequence[Scope], depth: int) -> Value:
        func = node.func
        names = self.qualify(func)
        if names & NOW_CALLS:
            return Known(Now(), node)
        if names & TIMEDELTA:
            return self._timedelta(node, chain, depth)
        if isinstance(func, cst.Name) and func.value in ("int", "float") and len(node.args) == 1:
            inner = self.evaluate(node.args[0].value, chain, depth + 1)
            if isinstance(inner, Known) and isinstance(inner.value, (Now, int, float)):
                return Known(inner.value, node)
            return Unknown("conversion")
        if isinstance(func, cst.Attribute) and func.attr.value == "total_seconds" and not node.args:
            inner = self.evaluate(func.value, chain, depth + 1)
            if isinstance(inner, Known) and isinstance(inner.value, timedelta):
                return Known(inner.value.total_seconds(), node)
            return Unknown("total_seconds")
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value == "encode"
            and not any(arg.keyword is None and arg.star for arg in node.args)
        ):
            inner = self.evaluate(func.value, chain, depth + 1)
            if isinstance(inner, Known) and isinstance(inner.value, str):
                encoded = inner.value.encode("utf-8", "surrogatepass")
                if _bounded(encoded):
                    return Known(encoded, inner.origin)
                return Unknown("value too large")
        return Unknown("call")

    def _timedelta(self, node: cst.Call, chain: Sequence[Scope], depth: int) -> Value:
        units: dict[str, float] = {}
        positional = (
            "days",
            "seconds",
            "microseconds",
            "milliseconds",
            "minutes",
            "hours",
            "weeks",
        )
        for index, arg in enumerate(node.args):
            if arg.star:
                return Unknown("timedelta(**)")
            unit = arg.keyword.value if arg.keyword is not None else positional[min(index, 6)]
            amount = self.evaluate(arg.value, chain, depth + 1)
            if unit not in _TIMEDELTA_UNITS or not isinstance(amount, Known):
                return Unknown("timedelta argument")
            if isinstance(amount.value, bool) or not isinstance(amount.value, (int, float)):
                return Unknown("timedelta argument")
            units[unit] = amount.value
        try:
            return Known(timedelta(**units), node)
        except OverflowError:
            return Unknown("timedelta overflow")


def _fits(op: type[cst.BaseBinaryOp], left: Any, right: Any) -> bool:
    """Whether `left op right` stays within the bounds, judged before it is computed."""
    sized = (str, bytes, tuple)
    if op is cst.Add and isinstance(left, sized) and isinstance(right, sized):
        return len(left) + len(right) <= MAX_LENGTH
    if op is cst.Multiply:
        if isinstance(right, sized):
            left, right = right, left
        if isinstance(left, sized) and isinstance(right, int):
            return len(left) * max(right, 0) <= MAX_LENGTH
        if isinstance(left, int) and isinstance(right, int):
            return left.bit_length() + right.bit_length() <= numbers.MAX_INT_BITS + 1
    return True


def _bounded(value: Any) -> bool:
    if isinstance(value, (str, bytes, tuple)):
        return len(value) <= MAX_LENGTH
    if isinstance(value, int):
        return numbers.fits(value)
    if isinstance(value, float):
        return math.isfinite(value)
    return True


def _offset_from_now(op: type[cst.BaseBinaryOp], left: Any, right: Any) -> Lifetime | None:
    """`now + timedelta(...)`, `time.time() + 3600`: how far ahead of now."""
    if op is not cst.Add:
        return None
    if isinstance(right, Now):
        left, right = right, left
    if not isinstance(left, Now):
        return None
    if isinstance(right, timedelta):
        return Lifetime(right.total_seconds())
    if isinstance(right, (int, float)) and not isinstance(right, bool):
        return Lifetime(float(right))
    return None


def seconds(value: Any) -> float | None:
    """A duration in seconds from a timedelta, a Lifetime or a plain number."""
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Lifetime):
        return value.seconds
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def argument(
    call: cst.Call,
    position: int | None,
    keyword: str,
    evaluator: Evaluator,
    chain: Sequence[Scope],
) -> Value | None:
    """The argument passed at `position` or as `keyword`, or None when it is not passed.

    `**options` is looked into when it evaluates to a dict; a `*args` before
    the position makes the position unknown.
    """
    positional = 0
    for arg in call.args:
        if arg.keyword is not None:
            if arg.keyword.value == keyword:
                return evaluator.evaluate(arg.value, chain)
            continue
        if arg.star == "*":
            if position is not None and positional <= position:
                return Unknown("*args")
            continue
        if arg.star == "**":
            spread = evaluator.evaluate(arg.value, chain)
            if isinstance(spread, Known) and isinstance(spread.value, dict):
                if keyword in spread.value:
                    found: Value = spread.value[keyword]
                    return found
                continue
            return Unknown("**kwargs")
        if position is not None and positional == position:
            return evaluator.evaluate(arg.value, chain)
        positional += 1
    return None


def plain(value: Value | None) -> Any:
    """The Python value with every Known unwrapped; Unknown parts stay Unknown."""
    if not isinstance(value, Known):
        return value
    inner = value.value
    if isinstance(inner, tuple):
        return tuple(plain(v) for v in inner)
    if isinstance(inner, dict):
        return {k: plain(v) for k, v in inner.items()}
    return inner
