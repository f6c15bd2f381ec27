"""One traversal of a parsed module that every family shares.

It gathers what the families need: the import bindings, the simple
assignments per scope, and each call with the library names it may stand for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from scanner.analyzers.python.apis import APIS, Api
from scanner.analyzers.python.names import Bindings
from scanner.analyzers.python.values import Assignments, Evaluator, Scope
from scanner.model import Location


@dataclass(frozen=True, slots=True)
class ResolvedCall:
    node: cst.Call
    qualified: str
    api: Api
    chain: tuple[Scope, ...]


class Facts:
    """A module's calls, values and positions, ready for the families."""

    def __init__(
        self,
        relpath: str,
        calls: Sequence[ResolvedCall],
        evaluator: Evaluator,
        wrapper: MetadataWrapper,
    ) -> None:
        self.relpath = relpath
        self.calls = calls
        self.evaluator = evaluator
        self._wrapper = wrapper
        self._positions: Mapping[cst.CSTNode, CodeRange] | None = None

    def location(self, node: cst.CSTNode) -> Location:
        if self._positions is None:  # computed only once a family reports something
            self._positions = self._wrapper.resolve(PositionProvider)
        where = self._positions[node]
        return Location(
            line=where.start.line,
            column=where.start.column + 1,
            end_line=where.end.line,
            end_column=where.end.column + 1,
        )

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


def read(module: cst.Module, relpath: str) -> Facts:
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    collector = _Collector(wrapper.module)
    wrapper.module.visit(collector)
    bindings = Bindings()
    for statement in collector.imports:
        bindings.record_import(statement)
    for target, value in collector.instance_candidates:
        bindings.record_assignment(target, value)
    calls = []
    for node, chain in collector.calls:
        for qualified in sorted(bindings.qualify(node.func)):
            api = APIS.get(qualified)
            if api is not None:
                calls.append(ResolvedCall(node, qualified, api, chain))
                break
    return Facts(relpath, calls, Evaluator(collector.assignments), wrapper)


class _Collector(cst.CSTVisitor):
    def __init__(self, module: cst.Module) -> None:
        super().__init__()
        self.stack: list[Scope] = [module]
        self.assignments = Assignments()
        self.imports: list[cst.Import | cst.ImportFrom] = []
        self.instance_candidates: list[tuple[cst.BaseExpression, cst.BaseExpression]] = []
        self.calls: list[tuple[cst.Call, tuple[Scope, ...]]] = []

    @property
    def chain(self) -> tuple[Scope, ...]:
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

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._bind(node.target, node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._bind(node.target, None)

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append((node, self.chain))

    def _bind(self, target: cst.BaseExpression, value: cst.BaseExpression | None) -> None:
        if isinstance(target, cst.Name):
            self.assignments.record(self.stack[-1], target.value, value)
            if value is not None:
                self.instance_candidates.append((target, value))
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind(element.value, None)
