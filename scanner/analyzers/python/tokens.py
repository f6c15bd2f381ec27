"""Questions the JWT families share: which algorithms, whose key, which header value.

Each answer is conservative: when the code does not say, the answer is "no"
(not external, not public, not from the header), so no finding rests on a guess.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import libcst as cst

from scanner import numbers
from scanner.analyzers.placeholders import is_public_key
from scanner.analyzers.python.library import JWKS_KEY_CALLS, UNVERIFIED_HEADER, is_asymmetric
from scanner.analyzers.python.module import Chain, Facts, ResolvedCall, argument_node
from scanner.analyzers.python.values import Known, Value, plain
from scanner.analyzers.python.walk import nodes
from scanner.model import Detection, Related
from scanner.registry import JWT008

_MAX_DEPTH = 8
_PUBLIC_WORDS = ("public", "pubkey", "pub_key", "verifying_key", "jwks", "jwk_set", "certificate")


def display(call: ResolvedCall) -> str:
    return call.qualified.replace("()", "")


def defined_elsewhere(
    call: ResolvedCall, value: Value | None, facts: Facts, message: str
) -> tuple[Related, ...]:
    if not isinstance(value, Known):
        return ()
    inside = facts.location(call.node)
    origin = facts.location(value.origin)
    if inside.line <= origin.line <= (inside.end_line or inside.line):
        return ()
    return (Related(facts.relpath, origin, message),)


def algorithm_names(value: Value | None) -> tuple[str, ...]:
    listed = plain(value)
    items = listed if isinstance(listed, (tuple, list)) else (listed,)
    return tuple(item for item in items if isinstance(item, str))


def confusion(value: Value | None) -> str | None:
    names = algorithm_names(value)
    hmac = [n for n in names if n.upper().startswith("HS")]
    public = [n for n in names if is_asymmetric(n)]
    if hmac and public:
        return f"{hmac[0]} and {public[0]} are allowed together"
    return None


def signature_off(call: ResolvedCall, facts: Facts) -> str | None:
    """How a decode call turns its signature check off, or None when it verifies."""
    options = plain(facts.argument(call.node, call.api.options, call.chain))
    if isinstance(options, dict) and options.get("verify_signature") is False:
        return 'options["verify_signature"] is False'
    verify = facts.argument(call.node, call.api.verify, call.chain)
    if isinstance(verify, Known) and verify.value is False:
        return "verify=False"
    return None


def words(node: cst.BaseExpression) -> str:
    """The identifiers and string keys an expression is spelled with, lowercased."""
    parts = []
    for child in nodes(node):
        if isinstance(child, cst.Name):
            parts.append(child.value)
        elif isinstance(child, cst.SimpleString):
            parts.append(str(child.evaluated_value))
    return " ".join(parts).lower()


def looks_public(call: ResolvedCall, facts: Facts) -> bool:
    """The verifying key is a public key: a PEM literal, or a name that says so."""
    expression = argument_node(call.node, call.api.key)
    if expression is None:
        return False
    value = facts.argument(call.node, call.api.key, call.chain)
    if isinstance(value, Known) and isinstance(value.value, (str, bytes)):
        text = value.value.decode("latin-1") if isinstance(value.value, bytes) else value.value
        return is_public_key(text)
    spelled = words(expression)
    return any(word in spelled for word in _PUBLIC_WORDS) or _from_jwks(
        expression, facts, call.chain
    )


def _from_jwks(expression: cst.BaseExpression, facts: Facts, chain: Chain) -> bool:
    """`signing_key.key` where signing_key came from a JWKS client lookup."""
    if not (isinstance(expression, cst.Attribute) and isinstance(expression.value, cst.Name)):
        return False
    source = facts.evaluator.assignments.lookup(expression.value.value, chain)
    if not source or len(source) != 1 or not isinstance(source[0], cst.Call):
        return False
    func = source[0].func
    return isinstance(func, cst.Attribute) and func.attr.value in JWKS_KEY_CALLS


def is_external_token(call: ResolvedCall, facts: Facts, algorithms: Value | None) -> bool:
    """Issued by someone else: verified with a public key, a JWKS, or asymmetric algorithms only."""
    names = algorithm_names(algorithms)
    if names and all(is_asymmetric(n) for n in names):
        return True
    return looks_public(call, facts)


def is_header_value(
    node: cst.BaseExpression, facts: Facts, chain: Chain, headers: Sequence[str]
) -> bool:
    """`h["alg"]` or `h.get("alg")` where h is an unverified JWT header."""
    if isinstance(node, cst.Subscript) and len(node.slice) == 1:
        index = node.slice[0].slice
        key = index.value if isinstance(index, cst.Index) else None
        owner = node.value
    elif (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "get"
        and node.args
    ):
        key = node.args[0].value
        owner = node.func.value
    else:
        return False
    if not (isinstance(key, cst.SimpleString) and key.evaluated_value in headers):
        return False
    return is_unverified_header(owner, facts, chain)


def carries_header_value(
    node: cst.BaseExpression,
    facts: Facts,
    chain: Chain,
    headers: Sequence[str],
    use: cst.CSTNode,
    depth: int = 0,
) -> bool:
    """`node`, read at `use`, holds an unverified header value, inline or through local names.

    `[header["alg"]]`, `alg` after `alg = header.get("alg")`, `algs` after
    `algs = [alg]`; an attribute (`config.alg`) or a keyword is never a local name,
    and a name checked against one family of algorithms before `use` is trusted.
    """
    if depth > _MAX_DEPTH:
        return False
    if isinstance(node, cst.Name):
        if is_checked_before(node.value, facts, chain, use):
            return False
        return any(
            carries_header_value(value, facts, chain, headers, use, depth + 1)
            for value in facts.assigned(node.value, chain)
        )
    if isinstance(node, (cst.Subscript, cst.Call)) and is_header_value(node, facts, chain, headers):
        return True
    if isinstance(node, cst.Attribute):
        return carries_header_value(node.value, facts, chain, headers, use, depth + 1)
    if isinstance(node, cst.Call):
        parts: Sequence[cst.BaseExpression] = [node.func, *(arg.value for arg in node.args)]
    elif isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        parts = [element.value for element in node.elements]
    elif isinstance(node, cst.Subscript):
        parts = [node.value]
    elif isinstance(node, cst.IfExp):
        parts = [node.body, node.orelse]
    elif isinstance(node, cst.BooleanOperation):
        parts = [node.left, node.right]
    else:
        return False
    return any(carries_header_value(part, facts, chain, headers, use, depth + 1) for part in parts)


def is_checked_before(name: str, facts: Facts, chain: Chain, use: cst.CSTNode) -> bool:
    """`name` is compared, before `use` in the same scope, with one algorithm
    (`alg != "RS256"`) or a set that does not mix HMAC and public-key algorithms
    (`alg not in ("RS256", "ES256")`); an allow-list that cannot be read counts as one."""
    at = facts.location(use)
    for comparison in facts.comparisons:
        left = comparison.node.left
        if comparison.chain[0] is not chain[0] or not (
            isinstance(left, cst.Name) and left.value == name
        ):
            continue
        where = facts.location(comparison.node)
        if (where.line, where.column) >= (at.line, at.column):
            continue
        for target in comparison.node.comparisons:
            allowed = facts.value(target.comparator, chain)
            if isinstance(target.operator, (cst.In, cst.NotIn)) and confusion(allowed) is None:
                return True
            if isinstance(target.operator, (cst.Equal, cst.NotEqual)) and (
                isinstance(allowed, Known) and isinstance(allowed.value, str)
            ):
                return True
    return False


def is_unverified_header(node: cst.BaseExpression, facts: Facts, chain: Chain) -> bool:
    if isinstance(node, cst.Call):
        return bool(facts.qualify(node.func) & UNVERIFIED_HEADER)
    if isinstance(node, cst.Name):
        source = facts.evaluator.assignments.lookup(node.value, chain) or []
        return len(source) == 1 and is_unverified_header(source[0], facts, chain)
    return False


def leeway_findings(
    facts: Facts, node: cst.CSTNode, where: str, amount: float | None
) -> Iterator[Detection]:
    limit = facts.params(JWT008).max_leeway_seconds
    if amount is not None and amount > limit:
        yield JWT008.detect(
            facts.location(node),
            {"api": where, "leeway": duration(amount), "threshold": duration(limit)},
        )


def duration(seconds: float) -> str:
    amount = numbers.whole(seconds)
    if amount is None:
        return f"{seconds:g} seconds"
    for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if amount >= size and amount % size == 0:
            value = amount // size
            return f"{value} {unit[:-1] if value == 1 else unit}"
    return f"{amount} seconds"


def assigned_name(call: cst.Call, facts: Facts, chain: Chain) -> str | None:
    """The local name a call's result is stored in, if any."""
    for store in facts.stores:
        if store.value is call and isinstance(store.target, cst.Name):
            return store.target.value
    return None


def validate_call(call: ResolvedCall, facts: Facts) -> cst.Call | None:
    """The `claims.validate(...)` that follows an authlib decode in the same function."""
    name = assigned_name(call.node, facts, call.chain)
    scope = call.chain[0]
    if name is None:
        return None
    for node in nodes(scope):
        if (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value == "validate"
            and isinstance(node.func.value, cst.Name)
            and node.func.value.value == name
        ):
            return node
    return None


def instance_constructor(call: ResolvedCall, facts: Facts) -> cst.Call | None:
    """The one constructor call that built the instance whose method `call` is."""
    func = call.node.func
    if not isinstance(func, cst.Attribute):
        return None
    if isinstance(func.value, cst.Call):
        return func.value
    if not isinstance(func.value, cst.Name):
        return None
    source = facts.evaluator.assignments.lookup(func.value.value, call.chain)
    if not source or len(source) != 1 or not isinstance(source[0], cst.Call):
        return None
    return source[0]


def authlib_is_asymmetric(call: ResolvedCall, facts: Facts) -> bool:
    """The JsonWebToken instance was built with public-key algorithms only."""
    constructor = instance_constructor(call, facts)
    if constructor is None:
        return False
    algorithms = constructor.args[0].value if constructor.args else None
    if algorithms is None:
        return False
    names = algorithm_names(facts.value(algorithms, call.chain))
    return bool(names) and all(is_asymmetric(n) for n in names)


def instance_allows_any_algorithm(call: ResolvedCall, facts: Facts) -> str | None:
    """Why the instance behind an authlib decode accepts every algorithm, or None."""
    api = call.api
    if api.any_algorithm:
        return f"{api.lib}'s ready-made jwt instance accepts every registered algorithm"
    if api.instance_algorithms is None:
        return None
    constructor = instance_constructor(call, facts)
    if constructor is None or any(arg.star for arg in constructor.args):
        return None
    algorithms = facts.argument(constructor, api.instance_algorithms, call.chain)
    if algorithms is None or (isinstance(algorithms, Known) and algorithms.value is None):
        return "the JsonWebToken instance is built without an algorithms allow-list"
    return None


def keyword_value(call: cst.Call, keyword: str, facts: Facts, chain: Chain) -> Any:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return plain(facts.value(arg.value, chain))
    return None
