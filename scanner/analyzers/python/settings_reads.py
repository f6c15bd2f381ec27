"""The name a key expression reads: an environment variable or a settings attribute.

A key read as `os.environ["PARTNER_SECRET"]` is only as safe as the file
that sets `PARTNER_SECRET`. Naming the variable lets the engine link the use
to a committed `.env`, compose file or manifest (see `scanner/linking.py`).
Environment names match exactly, as the OS does; a settings object's
attribute (`settings.partner_secret`) matches in any case, as pydantic's
`BaseSettings` reads `.env` files. Settings objects are user classes, so
they are known by the names the frameworks' docs give them (`settings`,
`app.config`, `get_settings()`), not resolved.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from scanner.analyzers.python.library import (
    ENV_INSTANCES,
    ENV_LOOKUPS,
    ENV_MAPPING,
    ENV_READERS,
    KEY_DECODERS,
    SETTINGS_FACTORIES,
    SETTINGS_OBJECTS,
)
from scanner.analyzers.python.module import Chain, Facts
from scanner.analyzers.python.names import dotted
from scanner.analyzers.python.values import Known

_PASS_THROUGH_METHODS = frozenset({"encode", "strip"})
_MAX_HOPS = 4


@dataclass(frozen=True, slots=True)
class NamedRead:
    name: str
    any_case: bool


def named_read(
    expression: cst.BaseExpression, facts: Facts, chain: Chain, hops: int = 0
) -> NamedRead | None:
    """The setting `expression` comes down to, through constants assigned once."""
    node = unwrapped(expression, facts)
    if isinstance(node, cst.Name):
        assigned = facts.assigned(node.value, chain)
        if len(assigned) != 1 or hops >= _MAX_HOPS:
            return None
        return named_read(assigned[0], facts, chain, hops + 1)
    if isinstance(node, cst.Subscript):
        key = _subscript_name(node, facts, chain)
        if key is not None and (
            facts.qualify(node.value) & ENV_MAPPING or _is_settings(node.value)
        ):
            return NamedRead(key, any_case=False)  # os.environ["X"], app.config["X"]
        return None
    if isinstance(node, cst.Call):
        return _call_read(node, facts, chain)
    if isinstance(node, cst.Attribute) and _is_settings(node.value):
        return NamedRead(node.attr.value, any_case=True)
    return None


def unwrapped(node: cst.BaseExpression, facts: Facts) -> cst.BaseExpression:
    """What a key is made from: `X.encode()`, `bytes(X, "utf-8")`, `b64decode(X)`, `X or ""`: X."""
    while True:
        if isinstance(node, cst.BooleanOperation) and isinstance(node.operator, cst.Or):
            node = node.left
        elif not isinstance(node, cst.Call):
            return node
        elif isinstance(node.func, cst.Attribute) and node.func.attr.value in _PASS_THROUGH_METHODS:
            node = node.func.value
        elif (
            node.args
            and node.args[0].keyword is None
            and not node.args[0].star
            and (
                (isinstance(node.func, cst.Name) and node.func.value in ("bytes", "str"))
                or facts.qualify(node.func) & KEY_DECODERS
            )
        ):
            node = node.args[0].value
        else:
            return node


def _call_read(node: cst.Call, facts: Facts, chain: Chain) -> NamedRead | None:
    """`os.getenv("X")`, `config("X")`, `env.str("X")`, `app.config.get("X")`, `getattr(settings, "X")`."""
    func = node.func
    if isinstance(func, cst.Name) and func.value == "getattr" and len(node.args) >= 2:
        name = _string(node.args[1].value, facts, chain)
        if name is not None and _is_settings(node.args[0].value):
            return NamedRead(name, any_case=True)
        return None
    if not node.args or node.args[0].keyword is not None or node.args[0].star:
        return None
    name = _string(node.args[0].value, facts, chain)
    if name is None:
        return None
    qualified = facts.qualify(func)
    if qualified & (ENV_LOOKUPS | ENV_INSTANCES) or _is_env_reader(func, facts, chain):
        return NamedRead(name, any_case=False)
    if isinstance(func, cst.Attribute) and func.attr.value == "get" and _is_settings(func.value):
        return NamedRead(name, any_case=False)
    return None


def _is_env_reader(func: cst.BaseExpression, facts: Facts, chain: Chain) -> bool:
    """`env` or `env.str` / `env.bytes`, where `env = Env()` of environs or django-environ."""
    if isinstance(func, cst.Attribute) and func.attr.value in ("str", "bytes"):
        func = func.value
    if not isinstance(func, cst.Name):
        return False
    assigned = facts.assigned(func.value, chain)
    return (
        len(assigned) == 1
        and isinstance(assigned[0], cst.Call)
        and bool(facts.qualify(assigned[0].func) & ENV_READERS)
    )


def _is_settings(node: cst.BaseExpression) -> bool:
    """`settings`, `self.settings`, `app.config`, `get_settings()`."""
    if isinstance(node, cst.Name):
        return node.value in SETTINGS_OBJECTS
    if isinstance(node, cst.Attribute):
        return node.attr.value in SETTINGS_OBJECTS
    if isinstance(node, cst.Call) and not node.args:
        return (dotted(node.func) or "").rsplit(".", 1)[-1] in SETTINGS_FACTORIES
    return False


def _subscript_name(node: cst.Subscript, facts: Facts, chain: Chain) -> str | None:
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    return _string(node.slice[0].slice.value, facts, chain)


def _string(node: cst.BaseExpression, facts: Facts, chain: Chain) -> str | None:
    """A literal or constant string (`"X"`, or `NAME` where `NAME = "X"`)."""
    value = facts.value(node, chain)
    return value.value if isinstance(value, Known) and isinstance(value.value, str) else None
