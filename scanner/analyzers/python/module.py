"""One traversal of a parsed module that every family shares.

It gathers what the families need: the import bindings, the simple
assignments per scope, every call (and those the API table knows), every
comparison, every dict display and every store (`x = ...`, `app.config["K"] = ...`,
`token.leeway = ...`, and each position of `a, b = 1, 2`), each with the
scopes its names are looked up in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import libcst as cst

from scanner.analyzers.python.library import APIS, Api, Slot
from scanner.analyzers.python.names import Bindings
from scanner.analyzers.python.positions import SourcePositions
from scanner.analyzers.python.values import Assignments, Evaluator, Scope, Value, argument
from scanner.analyzers.python.walk import walk
from scanner.model import Location
from scanner.registry import RuleEntry

P = TypeVar("P")

Chain = tuple[Scope, ...]


@dataclass(frozen=True, slots=True)
class ResolvedCall:
    node: cst.Call
    qualified: str
    api: Api
    chain: Chain


@dataclass(frozen=True, slots=True)
class CallSite:
    node: cst.Call
    names: frozenset[str]
    chain: Chain


@dataclass(frozen=True, slots=True)
class Comparison:
    """A comparison; `in_assert` when it sits inside an `assert` (tests, not runtime checks)."""

    node: cst.Comparison
    chain: Chain
    in_assert: bool = False


@dataclass(frozen=True, slots=True)
class Store:
    """One assignment target and its value; `statement` is the Assign/AnnAssign node."""

    target: cst.BaseExpression
    value: cst.BaseExpression
    statement: cst.CSTNode
    chain: Chain


class Facts:
    """A module's calls, comparisons, stores, values and positions, ready for the families."""

    def __init__(
        self,
        relpath: str,
        source: str,
        module: cst.Module,
        bindings: Bindings,
        evaluator: Evaluator,
        collector: _Collector,
        parameters: Mapping[str, object],
    ) -> None:
        self.relpath = relpath
        self.parameters = parameters
        self.module = module
        self.bindings = bindings
        self.evaluator = evaluator
        self.every_call = tuple(
            CallSite(node, self.qualify_in(node.func, chain), chain)
            for node, chain in collector.calls
        )
        self.calls = tuple(_resolved(self.every_call))
        self.comparisons = tuple(collector.comparisons)
        self.dicts = tuple(collector.dicts)
        self.stores = tuple(collector.stores)
        self.source = source
        self._positions: SourcePositions | None = None

    def params(self, rule: RuleEntry[P]) -> P:
        """The rule's typed parameters for this scan."""
        return rule.parameters_in(self.parameters)

    def qualify(self, node: cst.BaseExpression) -> frozenset[str]:
        return self.bindings.qualify(node)

    def qualify_in(self, node: cst.BaseExpression, chain: Chain) -> frozenset[str]:
        """Qualified names, unless a parameter or local of an enclosing function shadows the root."""
        root = node
        while isinstance(root, (cst.Attribute, cst.Call)):
            root = root.value if isinstance(root, cst.Attribute) else root.func
        if isinstance(root, cst.Name):
            functions = [scope for scope in chain if isinstance(scope, cst.FunctionDef)]
            local = self.evaluator.assignments.lookup(root.value, functions)
            if local is not None and not all(
                isinstance(value, cst.Call) and self.bindings.qualify(value) for value in local
            ):
                return frozenset()
        return self.bindings.qualify(node)

    def value(self, node: cst.BaseExpression, chain: Chain) -> Value:
        return self.evaluator.evaluate(node, chain)

    def argument(self, call: cst.Call, slot: Slot | None, chain: Chain) -> Value | None:
        if slot is None:
            return None
        return argument(call, slot.position, slot.keyword, self.evaluator, chain)

    def assigned(self, name: str, chain: Chain) -> tuple[cst.BaseExpression, ...]:
        """Every value bound to `name` in the nearest scope of `chain` that binds it.

        Parameters, loop targets and unpacked names are bound to a placeholder
        name that no family recognises, so they never look like a known value.
        """
        return tuple(self.evaluator.assignments.lookup(name, chain) or ())

    def is_builtin(self, name: cst.Name, chain: Chain) -> bool:
        """True when `name` is not imported or assigned anywhere it could be seen from."""
        return (
            name.value not in self.bindings.names
            and self.evaluator.assignments.lookup(name.value, chain) is None
        )

    def location(self, node: cst.CSTNode) -> Location:
        if self._positions is None:  # computed only once a family reports something
            self._positions = SourcePositions(self.module, self.source)
        return self._positions.location(node)

    def string_span(self, node: cst.CSTNode) -> Location:
        """The characters between a string literal's quotes (the whole node otherwise)."""
        where = self.location(node)
        if isinstance(node, cst.SimpleString):
            opening = len(node.prefix) + len(node.quote)
            return Location(
                line=where.line,
                column=where.column + opening,
                end_line=where.end_line,
                end_column=where.end_column - len(node.quote),
            )
        return where


def subscript_key(node: cst.Subscript) -> str | None:
    """`"K"` of `x["K"]`: a single string index, else None."""
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    index = node.slice[0].slice.value
    if isinstance(index, cst.SimpleString) and isinstance(index.evaluated_value, str):
        return index.evaluated_value
    return None


def name_of(node: cst.BaseExpression) -> str | None:
    """`NAME`, `obj.NAME`, `obj["NAME"]`: the name an expression (or assignment target) gives."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    if isinstance(node, cst.Subscript):
        return subscript_key(node)
    return None


def argument_node(call: cst.Call, slot: Slot | None) -> cst.BaseExpression | None:
    """The expression passed at `slot`, unevaluated; None when absent or hidden by `*`/`**`."""
    if slot is None:
        return None
    positional = 0
    for arg in call.args:
        if arg.keyword is not None:
            if arg.keyword.value == slot.keyword:
                return arg.value
            continue
        if arg.star:
            if arg.star == "*":
                return None
            continue
        if slot.position is not None and positional == slot.position:
            return arg.value
        positional += 1
    return None


def _unpacked(
    target: cst.BaseExpression, value: cst.BaseExpression, statement: cst.Assign, chain: Chain
) -> list[Store]:
    """`a["K"], b = "v", 1`: one store per position when both sides are spelled out alike."""
    if not (isinstance(target, (cst.Tuple, cst.List)) and isinstance(value, (cst.Tuple, cst.List))):
        return []
    if len(target.elements) != len(value.elements):
        return []
    pairs = list(zip(target.elements, value.elements, strict=True))
    if any(isinstance(element, cst.StarredElement) for pair in pairs for element in pair):
        return []
    stores = []
    for left, right in pairs:
        stores.append(Store(left.value, right.value, statement, chain))
        stores.extend(_unpacked(left.value, right.value, statement, chain))
    return stores


def _resolved(sites: Sequence[CallSite]) -> list[ResolvedCall]:
    calls = []
    for site in sites:
        for qualified in sorted(site.names):
            api = APIS.get(qualified)
            if api is not None:
                calls.append(ResolvedCall(site.node, qualified, api, site.chain))
                break
    return calls


def read(
    module: cst.Module,
    source: str,
    relpath: str,
    parameters: Mapping[str, object],
) -> Facts:
    """The facts of `module`, parsed from `source` (where locations are counted)."""
    collector = _Collector(module)
    walk(module, collector)
    bindings = Bindings()
    for statement in collector.imports:
        bindings.record_import(statement)
    for target, value, at_module in collector.instance_candidates:
        bindings.record_assignment(target, value, shadows=at_module)
    evaluator = Evaluator(collector.assignments, bindings.qualify)
    return Facts(relpath, source, module, bindings, evaluator, collector, parameters)


class _Collector:
    """Gathers a module's facts; driven by `walk`, which calls visit_X/leave_X."""

    def __init__(self, module: cst.Module) -> None:
        self.stack: list[Scope] = [module]
        self.assignments = Assignments()
        self.imports: list[cst.Import | cst.ImportFrom] = []
        self.instance_candidates: list[tuple[cst.BaseExpression, cst.BaseExpression, bool]] = []
        self.calls: list[tuple[cst.Call, Chain]] = []
        self.comparisons: list[Comparison] = []
        self.stores: list[Store] = []
        self.dicts: list[cst.Dict] = []
        self.asserts = 0

    @property
    def chain(self) -> Chain:
        """The scopes a bare name is looked up in: enclosing functions, then the module."""
        inner = self.stack[-1]
        visible: list[Scope] = [s for s in self.stack[1:] if isinstance(s, cst.FunctionDef)]
        if isinstance(inner, cst.ClassDef):
            visible.append(inner)
        return (*reversed(visible), self.stack[0])

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.stack.append(node)
        for param in (*node.params.params, *node.params.kwonly_params, *node.params.posonly_params):
            self.assignments.record(node, param.name.value, None)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.stack.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.stack.append(node)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.stack.pop()

    def visit_Import(self, node: cst.Import) -> None:
        self.imports.append(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.imports.append(node)

    def visit_Assign(self, node: cst.Assign) -> None:
        single = len(node.targets) == 1
        for target in node.targets:
            self._bind(target.target, node.value if single else None)
            self.stores.append(Store(target.target, node.value, node, self.chain))
            self.stores.extend(_unpacked(target.target, node.value, node, self.chain))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._bind(node.target, node.value)
            self.stores.append(Store(node.target, node.value, node, self.chain))

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._bind(node.target, None)

    def visit_For(self, node: cst.For) -> None:
        self._bind(node.target, None)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        """`with httpx.Client() as client`: the name holds what the call returns (clients,
        sessions and files return themselves from `__enter__`)."""
        if node.asname is not None:
            self._bind(node.asname.name, node.item)

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append((node, self.chain))

    def visit_Dict(self, node: cst.Dict) -> None:
        self.dicts.append(node)

    def visit_Comparison(self, node: cst.Comparison) -> None:
        self.comparisons.append(Comparison(node, self.chain, self.asserts > 0))

    def visit_Assert(self, node: cst.Assert) -> None:
        self.asserts += 1

    def leave_Assert(self, original_node: cst.Assert) -> None:
        self.asserts -= 1

    def _bind(self, target: cst.BaseExpression, value: cst.BaseExpression | None) -> None:
        if isinstance(target, cst.Name):
            self.assignments.record(self.stack[-1], target.value, value)
            if value is not None:
                at_module = len(self.stack) == 1
                self.instance_candidates.append((target, value, at_module))
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind(element.value, None)
