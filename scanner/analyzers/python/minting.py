"""How a token is minted: `none` (JWT002), no `exp` (JWT006), long lifetimes (JWT007),
credentials in the claims (JWT011).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import libcst as cst

from scanner.analyzers.python import tokens
from scanner.analyzers.python.library import Role
from scanner.analyzers.python.module import Facts, ResolvedCall, argument_node
from scanner.analyzers.python.values import Known, Lifetime, seconds
from scanner.model import Adjustment, Detection
from scanner.registry import JWT002, JWT006, JWT007, JWT011

NEVER_EXPIRES = Adjustment(8.2, "tokens never expire")


def detect(facts: Facts) -> Iterator[Detection]:
    for call in facts.calls:
        if call.api.role is Role.ENCODE:
            yield from _algorithm(call, facts)
            yield from _claims(call, facts)
        elif call.api.role is Role.JWT_OBJECT:
            yield from _claims(call, facts, needs_exp=False)
        elif call.api.role is Role.FLASK_TOKEN:
            yield from _claims(call, facts, needs_exp=False)
            yield from _expires_delta(call, facts)


def _algorithm(call: ResolvedCall, facts: Facts) -> Iterator[Detection]:
    algorithm = facts.argument(call.node, call.api.algorithm, call.chain)
    if not isinstance(algorithm, Known) or call.api.algorithm is None:
        return
    if algorithm.value is None and call.api.lib == "PyJWT":
        detail = 'encoding passes algorithm=None, which PyJWT signs as "none"'
    elif isinstance(algorithm.value, str) and algorithm.value.lower() == "none":
        detail = 'encoding uses algorithm "none"'
    else:
        return
    yield JWT002.detect(facts.location(call.node), {"detail": detail})


def _claims(call: ResolvedCall, facts: Facts, needs_exp: bool = True) -> Iterator[Detection]:
    node = argument_node(call.node, call.api.payload)
    literal = _dict_literal(node, facts, call)
    if literal is None:
        return
    keys: dict[str, cst.DictElement] = {}
    for element in literal.elements:
        if not isinstance(element, cst.DictElement):
            return  # `**extra` may carry anything, exp included
        key = facts.value(element.key, call.chain)
        if not isinstance(key, Known) or not isinstance(key.value, str):
            return
        keys[key.value] = element
    yield from _sensitive_claims(call, facts, keys)
    if "exp" in keys:
        yield from _lifetime(call, facts, keys["exp"])
    elif needs_exp and not _exp_added_later(node, facts, call):
        yield JWT006.detect(
            facts.location(call.node),
            {"api": tokens.display(call), "reason": "the token is minted without an exp claim"},
        )


def _dict_literal(
    node: cst.BaseExpression | None, facts: Facts, call: ResolvedCall
) -> cst.Dict | None:
    if isinstance(node, cst.Dict):
        return node
    if isinstance(node, cst.Name):
        source = facts.evaluator.assignments.lookup(node.value, call.chain) or []
        if len(source) == 1 and isinstance(source[0], cst.Dict):
            return source[0]
    return None


def _exp_added_later(node: cst.BaseExpression | None, facts: Facts, call: ResolvedCall) -> bool:
    """`payload["exp"] = ...` or `payload.update(...)` before minting: exp may be there."""
    if not isinstance(node, cst.Name):
        return False
    for store in facts.stores:
        target = store.target
        if isinstance(target, cst.Subscript) and _is_name(target.value, node.value):
            return True
    return any(
        isinstance(site.node.func, cst.Attribute)
        and _is_name(site.node.func.value, node.value)
        and site.node.func.attr.value in ("update", "setdefault", "__setitem__")
        for site in facts.every_call
    )


def _is_name(node: cst.BaseExpression, name: str) -> bool:
    return isinstance(node, cst.Name) and node.value == name


def _is_refresh(call: ResolvedCall, facts: Facts) -> bool:
    if call.api.refresh:
        return True
    scope = call.chain[0]
    return isinstance(scope, cst.FunctionDef) and "refresh" in scope.name.value.lower()


def _lifetime(call: ResolvedCall, facts: Facts, element: cst.DictElement) -> Iterator[Detection]:
    value = facts.value(element.value, call.chain)
    if not isinstance(value, Known) or not isinstance(value.value, Lifetime):
        return
    yield from lifetime_findings(
        facts, element, '"exp" claim', value.value.seconds, _is_refresh(call, facts)
    )


def _expires_delta(call: ResolvedCall, facts: Facts) -> Iterator[Detection]:
    value = facts.argument(call.node, call.api.expires_delta, call.chain)
    if not isinstance(value, Known):
        return
    node = argument_node(call.node, call.api.expires_delta) or call.node
    setting = f"{tokens.display(call)}(expires_delta=...)"
    if value.value is False:
        yield never_expires(facts, node, setting)
        return
    amount = seconds(value.value)
    if amount is not None:
        yield from lifetime_findings(facts, node, setting, amount, _is_refresh(call, facts))


def lifetime_findings(
    facts: Facts, node: cst.CSTNode, setting: str, amount: float, refresh: bool
) -> Iterator[Detection]:
    lifetimes = facts.params(JWT007)
    limit = lifetimes.refresh_max_seconds if refresh else lifetimes.access_max_seconds
    if amount > limit:
        yield JWT007.detect(
            facts.location(node),
            {
                "setting": setting,
                "lifetime": tokens.duration(amount),
                "threshold": tokens.duration(limit),
            },
        )


def never_expires(facts: Facts, node: cst.CSTNode, setting: str) -> Detection:
    return JWT007.detect(
        facts.location(node),
        {"setting": setting, "lifetime": "ever (never expires)", "threshold": "configured"},
        adjustment=NEVER_EXPIRES,
    )


def _sensitive_claims(
    call: ResolvedCall, facts: Facts, keys: dict[str, cst.DictElement]
) -> Iterator[Detection]:
    names = facts.params(JWT011).sensitive_claim_names
    pattern = re.compile(r"^(?:.*_)?(?:" + "|".join(re.escape(n) for n in names) + r")$", re.I)
    for claim, element in keys.items():
        if names and pattern.match(claim):
            yield JWT011.detect(
                facts.location(element),
                {"claim": claim, "api": tokens.display(call)},
            )
