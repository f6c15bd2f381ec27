"""Tokens, keys and passwords written to a log or printed (SEC004).

A log call is a `logging` / `structlog` / `loguru` call, a method named like a
level on a receiver named like a logger (`logger`, `log`, `self.logger`),
`warnings.warn` or `print`. Its arguments, f-string parts, `%` and `.format`
arguments and keyword fields are searched for a secret: a name whose head word
says credential (`access_token`, `client_secret`, `PAYMENTS_API_KEY`,
`headers["Authorization"]`, but not `token_count` or `password_reset_url`), a
neutral local read straight from such a field, or a value that is a freshly
minted JWT or a computed HMAC (an expected webhook signature in a log is a
forgery for that body). A value that passes through any other call
(`len(token)`, `mask(token)`, a hash) or a slice is not a secret.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import libcst as cst

from scanner.analyzers.python.library import (
    LOG_CONTROL_KEYWORDS,
    LOG_FUNCTIONS,
    LOG_LEVELS,
    LOGGER_NAMES,
    LOGGERS,
    MINTING,
    Role,
)
from scanner.analyzers.python.mac_compare import MacReader
from scanner.analyzers.python.module import CallSite, Chain, Facts, name_of, subscript_key
from scanner.analyzers.python.names import dotted
from scanner.analyzers.python.secret_names import (
    CREDENTIAL_CONTEXT,
    is_secret_name,
    mentions_secret,
)
from scanner.model import Detection
from scanner.registry import SEC004

# Calls and methods a value keeps its content through.
KEEPING_CALLS = frozenset({"str", "repr", "format"})
KEEPING_METHODS = frozenset({"strip", "decode", "encode", "lower", "upper"})

_MAX_DEPTH = 6


@dataclass(frozen=True, slots=True)
class _Secret:
    name: str
    node: cst.BaseExpression


def detect(facts: Facts) -> Iterator[Detection]:
    finder = _SecretFinder(facts)
    for site in facts.every_call:
        sink = _sink(facts, site)
        if sink is None:
            continue
        secret = finder.first(_message_parts(facts, site), site.chain)
        if secret is not None:
            yield SEC004.detect(
                facts.location(secret.node), {"value_name": secret.name, "sink": sink}
            )


def _sink(facts: Facts, site: CallSite) -> str | None:
    """How to name the log call `site` is, or None when it is not one."""
    func = site.node.func
    shown = dotted(func) or "a log call"
    if site.names & LOG_FUNCTIONS:
        return shown
    if isinstance(func, cst.Name):
        if func.value == "print" and facts.is_builtin(func, site.chain):
            return "print" if _is_console_print(site.node) else None
        return None
    if not isinstance(func, cst.Attribute) or func.attr.value not in LOG_LEVELS:
        return None
    receiver = func.value
    owners = facts.qualify(receiver)
    if owners & LOGGERS:
        return shown
    last = receiver.attr.value if isinstance(receiver, cst.Attribute) else None
    if isinstance(receiver, cst.Name):
        last = receiver.value if not owners or not _is_module(owners, receiver.value) else None
    if last in LOGGER_NAMES:
        return shown
    return None


def _is_module(owners: frozenset[str], name: str) -> bool:
    return any(owner == name for owner in owners)


def _is_console_print(call: cst.Call) -> bool:
    """A print meant as a log line: to the console, and not just one value on its own.

    `print(token)` alone is how command-line tools hand a value to their
    caller; `print(..., file=handle)` writes a file, not a log.
    """
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "file":
            target = dotted(arg.value)
            if target not in ("sys.stdout", "sys.stderr"):
                return False
    positional = [arg for arg in call.args if arg.keyword is None]
    return not (len(positional) == 1 and isinstance(positional[0].value, (cst.Name, cst.Attribute)))


def _message_parts(facts: Facts, site: CallSite) -> Iterator[tuple[str | None, cst.BaseExpression]]:
    """Each argument with its keyword; the `extra=` dict is opened into its entries."""
    for arg in site.node.args:
        keyword = arg.keyword.value if arg.keyword is not None else None
        if keyword in LOG_CONTROL_KEYWORDS or arg.star == "*":
            continue
        if keyword == "extra" or arg.star == "**":
            yield None, arg.value
            continue
        yield keyword, arg.value


class _SecretFinder:
    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.minted = frozenset(id(c.node) for c in facts.calls if c.api.role is Role.ENCODE)
        self.macs = MacReader(facts)
        self.token_context = any(
            name.split(".")[0] in CREDENTIAL_CONTEXT
            for names in facts.bindings.names.values()
            for name in names
        )

    def first(
        self, parts: Iterable[tuple[str | None, cst.BaseExpression]], chain: Chain
    ) -> _Secret | None:
        for keyword, value in parts:
            if keyword is not None and self.is_field_secret(keyword, value):
                return _Secret(keyword, value)
            found = self.find(value, chain)
            if found is not None:
                return found
        return None

    def find(self, node: cst.BaseExpression, chain: Chain, depth: int = 0) -> _Secret | None:
        """The first secret `node` shows in full."""
        if depth > _MAX_DEPTH:
            return None
        if isinstance(node, cst.Name):
            if self.is_secret_name(node.value) and not self._is_imported_module(node):
                return _Secret(node.value, node)
            if self._is_minted(node, chain) or self.macs.is_mac(node, chain):
                return _Secret(node.value, node)
            read = self._read_from_secret(node, chain)
            return _Secret(read, node) if read is not None else None
        if isinstance(node, cst.Attribute):
            return _Secret(node.attr.value, node) if self.is_secret_name(node.attr.value) else None
        if isinstance(node, cst.Subscript):
            key = subscript_key(node)
            return _Secret(key, node) if key is not None and self.is_secret_name(key) else None
        if isinstance(node, cst.FormattedString):
            parts = (
                p.expression for p in node.parts if isinstance(p, cst.FormattedStringExpression)
            )
            return self._any(parts, chain, depth)
        if isinstance(node, cst.BinaryOperation) and isinstance(
            node.operator, (cst.Add, cst.Modulo)
        ):
            return self._any((node.left, node.right), chain, depth)
        if isinstance(node, (cst.Tuple, cst.List)):
            return self._any((e.value for e in node.elements), chain, depth)
        if isinstance(node, cst.Dict):
            return self._dict(node, chain, depth)
        if isinstance(node, cst.Call):
            return self._call(node, chain, depth)
        return None

    def _call(self, node: cst.Call, chain: Chain, depth: int) -> _Secret | None:
        if self.macs.is_mac(node, chain):
            return _Secret("an HMAC", node)
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "get" and node.args:
            key = node.args[0].value
            if isinstance(key, cst.SimpleString) and isinstance(key.evaluated_value, str):
                name = key.evaluated_value
                return _Secret(name, node) if self.is_secret_name(name) else None
            return None
        arguments = (arg.value for arg in node.args if not arg.keyword)
        if isinstance(func, cst.Attribute) and func.attr.value == "format":
            return self._any(arguments, chain, depth)
        if isinstance(func, cst.Attribute) and func.attr.value in KEEPING_METHODS:
            return self.find(func.value, chain, depth + 1)
        if (
            isinstance(func, cst.Name)
            and func.value in KEEPING_CALLS
            and self.facts.is_builtin(func, chain)
        ):
            return self._any(arguments, chain, depth)
        return None

    def _dict(self, node: cst.Dict, chain: Chain, depth: int) -> _Secret | None:
        for element in node.elements:
            if not isinstance(element, cst.DictElement):
                continue
            key = element.key
            if (
                isinstance(key, cst.SimpleString)
                and isinstance(key.evaluated_value, str)
                and self.is_field_secret(key.evaluated_value, element.value)
            ):
                return _Secret(key.evaluated_value, element.value)
            found = self.find(element.value, chain, depth + 1)
            if found is not None:
                return found
        return None

    def _any(self, nodes: Iterable[cst.BaseExpression], chain: Chain, depth: int) -> _Secret | None:
        for node in nodes:
            found = self.find(node, chain, depth + 1)
            if found is not None:
                return found
        return None

    def is_secret_name(self, name: str) -> bool:
        return is_secret_name(name, token_context=self.token_context)

    def is_field_secret(self, label: str, value: cst.BaseExpression) -> bool:
        """`token=tok` or `{"token": tok}`: the label names a secret and the value is shown
        as it is, unless the value's own name says it is something about the secret
        (`token=token_id`)."""
        if not self.is_secret_name(label) or not _is_reference(value):
            return False
        own = name_of(value)
        if own is None or self.is_secret_name(own):
            return True
        return not mentions_secret(own)

    def _read_from_secret(self, node: cst.Name, chain: Chain) -> str | None:
        """`raw = request.META.get("HTTP_X_SERVICE_TOKEN")`: a neutral local read straight
        from a field that names a secret carries that secret (one assignment deep)."""
        for value in self.facts.assigned(node.value, chain):
            if isinstance(value, (cst.Attribute, cst.Subscript, cst.Call)):
                found = self.find(value, chain, _MAX_DEPTH)
                if found is not None:
                    return found.name
        return None

    def _is_imported_module(self, node: cst.Name) -> bool:
        return node.value in self.facts.qualify(node)

    def _is_minted(self, node: cst.Name, chain: Chain) -> bool:
        for value in self.facts.assigned(node.value, chain):
            while isinstance(value, cst.Call):
                if id(value) in self.minted or self.facts.qualify(value.func) & MINTING:
                    return True
                func = value.func
                if not isinstance(func, cst.Attribute) or func.attr.value not in KEEPING_METHODS:
                    break
                value = func.value  # `jwt.encode(...).decode()` (PyJWT 1.x returned bytes)
        return False


def _is_reference(node: cst.BaseExpression) -> bool:
    """A value shown as it is: a name, an attribute or an item, not a literal or a call."""
    if isinstance(node, cst.Subscript):
        return subscript_key(node) is not None or _is_plain_index(node)
    return isinstance(node, (cst.Name, cst.Attribute)) and not (
        isinstance(node, cst.Name) and node.value == "None"
    )


def _is_plain_index(node: cst.Subscript) -> bool:
    return len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index)
