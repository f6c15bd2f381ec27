"""The name a key expression reads: an environment variable or a settings attribute.

A key read as `os.environ["PARTNER_SECRET"]` is only as safe as the file
that sets `PARTNER_SECRET`. Naming the variable lets the engine link the use
to a committed `.env`, compose file or manifest (see `scanner/linking.py`).
Environment names match exactly, as the OS does; a settings object's
attribute (`settings.partner_secret`) matches in any case, as pydantic's
`BaseSettings` reads `.env` files.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from scanner.analyzers.python.module import Chain, Facts, subscript_key
from scanner.analyzers.python.names import dotted

ENV_CALLS = frozenset(
    {
        "os.getenv",
        "os.environ.get",
        "os.environ.setdefault",
        "os.environ.pop",
        "decouple.config",
    }
)
ENV_MAPPINGS = frozenset({"os.environ"})
# environs' and django-environ's `env = Env()` helpers, by the name their docs give them.
_ENV_HELPERS = frozenset({"env", "env.str", "env.bytes"})
_SETTINGS_OBJECTS = frozenset({"settings", "config", "conf", "cfg", "app_settings"})
_SETTINGS_FACTORIES = frozenset({"get_settings", "get_config"})
_PASS_THROUGH = frozenset({"encode", "strip"})
_MAX_HOPS = 4


@dataclass(frozen=True, slots=True)
class NamedRead:
    name: str
    any_case: bool


def named_read(
    expression: cst.BaseExpression, facts: Facts, chain: Chain, hops: int = 0
) -> NamedRead | None:
    """The setting `expression` comes down to, through `.encode()` and constants assigned once."""
    node = _unwrapped(expression)
    if isinstance(node, cst.Name):
        assigned = facts.assigned(node.value, chain)
        if len(assigned) != 1 or hops >= _MAX_HOPS:
            return None
        return named_read(assigned[0], facts, chain, hops + 1)
    if isinstance(node, cst.Subscript):
        key = subscript_key(node)
        if key is None:
            return None
        if facts.qualify(node.value) & ENV_MAPPINGS or _is_settings(node.value):
            return NamedRead(key, any_case=False)  # os.environ["X"], app.config["X"]
        return None
    if isinstance(node, cst.Call):
        name = _first_string(node)
        if name is None:
            return None
        if facts.qualify(node.func) & ENV_CALLS or dotted(node.func) in _ENV_HELPERS:
            return NamedRead(name, any_case=False)
        func = node.func
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value == "get"
            and _is_settings(func.value)
        ):
            return NamedRead(name, any_case=False)  # app.config.get("X")
        return None
    if isinstance(node, cst.Attribute) and _is_settings(node.value):
        return NamedRead(node.attr.value, any_case=True)
    return None


def _unwrapped(node: cst.BaseExpression) -> cst.BaseExpression:
    """`X.encode()`, `X.strip()`, `bytes(X, "utf-8")`, `str(X)`: X."""
    while isinstance(node, cst.Call):
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in _PASS_THROUGH:
            node = func.value
        elif isinstance(func, cst.Name) and func.value in ("bytes", "str") and node.args:
            node = node.args[0].value
        else:
            break
    return node


def _is_settings(node: cst.BaseExpression) -> bool:
    """`settings`, `self.settings`, `app.config`, `get_settings()`."""
    if isinstance(node, cst.Name):
        return node.value in _SETTINGS_OBJECTS
    if isinstance(node, cst.Attribute):
        return node.attr.value in _SETTINGS_OBJECTS
    if isinstance(node, cst.Call) and not node.args:
        return (dotted(node.func) or "").rsplit(".", 1)[-1] in _SETTINGS_FACTORIES
    return False


def _first_string(call: cst.Call) -> str | None:
    if not call.args or call.args[0].keyword is not None or call.args[0].star:
        return None
    first = call.args[0].value
    if isinstance(first, cst.SimpleString) and isinstance(first.evaluated_value, str):
        return first.evaluated_value
    return None
