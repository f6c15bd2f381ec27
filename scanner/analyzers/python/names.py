"""Which library a name in a module stands for, from the module's own imports.

QualifiedNameProvider answers the same question but needs scope analysis of
the whole module, ten times the cost of the parse; this pass reads only the
import statements and the assignments of library objects (`jwt = PyJWT()`),
and answers with a set, as the provider does, because conditional imports
bind one name to several things.
"""

from __future__ import annotations

import libcst as cst

LOCAL = "<local>"


def dotted(node: cst.BaseExpression) -> str | None:
    """`a.b.c` for a Name/Attribute chain, else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr.value}" if base is not None else None
    return None


def module_path(relpath: str, qualified: str) -> str | None:
    """`.auth.ISSUER` imported in `app/routes.py` as `app/auth.py:ISSUER`.

    An absolute import names the module from its package, which may sit in any
    folder of the repository: `*/app/auth.py:ISSUER`.
    """
    dots = len(qualified) - len(qualified.lstrip("."))
    *module, name = qualified[dots:].split(".")
    if not module:
        return None
    if dots:
        folder = relpath.split("/")[:-1]
        base = folder[: len(folder) - (dots - 1)] if dots - 1 <= len(folder) else None
        return None if base is None else "/".join([*base, *module]) + f".py:{name}"
    return "*/" + "/".join(module) + f".py:{name}"


def _module_name(node: cst.BaseExpression | None) -> str:
    return dotted(node) or "" if node is not None else ""


class Bindings:
    """Name -> qualified names, filled by `Collector` and read by `qualify`."""

    def __init__(self) -> None:
        self.names: dict[str, set[str]] = {}

    def bind(self, name: str, qualified: str) -> None:
        self.names.setdefault(name, set()).add(qualified)

    def qualify(self, node: cst.BaseExpression) -> frozenset[str]:
        """Every library name `node` may stand for; empty when it is not an imported thing."""
        if isinstance(node, cst.Call):
            return frozenset(f"{q}()" for q in self.qualify(node.func))
        if isinstance(node, cst.Name):
            names = self.names.get(node.value, set())
            return frozenset() if LOCAL in names else frozenset(names)
        if isinstance(node, cst.Attribute):
            return frozenset(f"{q}.{node.attr.value}" for q in self.qualify(node.value))
        return frozenset()

    def record_import(self, node: cst.Import | cst.ImportFrom) -> None:
        if isinstance(node, cst.Import):
            for alias in node.names:
                full = _module_name(alias.name)
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    self.bind(alias.asname.name.value, full)
                else:
                    top = full.split(".")[0]
                    self.bind(top, top)
            return
        if isinstance(node.names, cst.ImportStar):
            return
        module = "." * len(node.relative) + _module_name(node.module)
        for alias in node.names:
            imported = _module_name(alias.name)
            full = f"{module}.{imported}" if not module.endswith(".") else f"{module}{imported}"
            local = imported
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            self.bind(local, full)

    def record_assignment(
        self, target: cst.BaseExpression, value: cst.BaseExpression, shadows: bool = True
    ) -> None:
        """`x = jwt.PyJWT()` makes `x` a PyJWT instance; any other value makes it local.

        `x = None` binds nothing: it is the fallback of a conditional import.
        Assignments inside functions do not shadow module names here; the
        caller checks a call's enclosing functions for those.
        """
        if not isinstance(target, cst.Name):
            return
        if isinstance(value, cst.Name) and value.value == "None":
            return
        qualified = self.qualify(value) if isinstance(value, cst.Call) else frozenset()
        if qualified:
            for name in qualified:
                self.bind(target.value, name)
        elif shadows:
            self.bind(target.value, LOCAL)
