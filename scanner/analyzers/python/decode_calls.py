"""How a token is verified: signature (JWT001), `none` (JWT002), algorithm confusion
(JWT003), audience (JWT004), issuer (JWT005), expiry (JWT006) and leeway (JWT008).

Each check reads the call's arguments through the evaluator and reports only
what is certain: an unknown `options` dict is not "verify_exp off". A call
that names its issuer also states what it checks (`TokenValidation`), for
TOK002 to compare with the other validators of that issuer.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import libcst as cst

from scanner.analyzers.python import peeks, tokens
from scanner.analyzers.python.library import ALL_ALGORITHMS, Role
from scanner.analyzers.python.module import Facts, ResolvedCall, argument_node
from scanner.analyzers.python.names import module_path
from scanner.analyzers.python.settings_reads import named_read
from scanner.analyzers.python.values import Known, plain, seconds
from scanner.analyzers.python.walk import nodes
from scanner.model import Detection, TokenValidation
from scanner.registry import (
    JWT001,
    JWT002,
    JWT003,
    JWT004,
    JWT005,
    JWT006,
    NoParameters,
    RuleEntry,
)

_OPTION_RULES = (("verify_aud", JWT004), ("verify_iss", JWT005), ("verify_exp", JWT006))


def detect(facts: Facts) -> Iterator[Detection | TokenValidation]:
    for call in facts.calls:
        role = call.api.role
        if role is Role.DECODE:
            yield from _decode(call, facts)
        elif role is Role.JWT_OBJECT:
            yield from _jwcrypto(call, facts)
        elif role is Role.ALGORITHM_SET:
            yield from _algorithm_set(call, facts)
        elif role is Role.LOADS:
            yield from _itsdangerous_loads(call, facts)
        elif role is Role.LOADS_UNSAFE:
            yield _at(call, facts, JWT001, how="itsdangerous loads_unsafe() skips the signature")
        elif role is Role.UNVERIFIED_CLAIMS and call.api.peek_then_verify:
            if not peeks.verified_in_function(call, facts):
                how = f"{tokens.display(call)} reads the token unverified and nothing in this function verifies it"
                yield _at(call, facts, JWT001, how=how)
        elif role is Role.UNVERIFIED_CLAIMS and not peeks.only_picks_verification(call, facts):
            how = "claims read with get_unverified_claims() are used beyond picking the key"
            yield _at(call, facts, JWT001, how=how)
        elif role is Role.CLAIMS_REGISTRY:
            leeway = facts.argument(call.node, call.api.leeway, call.chain)
            amount = seconds(leeway.value) if isinstance(leeway, Known) else None
            yield from tokens.leeway_findings(facts, call.node, tokens.display(call), amount)
    yield from _jwcrypto_leeway(facts)


def _at(
    call: ResolvedCall, facts: Facts, rule: RuleEntry[NoParameters], **fields: str
) -> Detection:
    return rule.detect(facts.location(call.node), {"api": tokens.display(call), **fields})


def _decode(call: ResolvedCall, facts: Facts) -> Iterator[Detection | TokenValidation]:
    api = call.api
    options_value = facts.argument(call.node, api.options, call.chain)
    options = plain(options_value)
    options = options if isinstance(options, dict) else {}
    how = tokens.signature_off(call, facts)
    if how is not None:
        if not peeks.only_picks_verification(call, facts):
            related = tokens.defined_elsewhere(call, options_value, facts, "options defined here")
            yield JWT001.detect(
                facts.location(call.node),
                {"how": how, "api": tokens.display(call)},
                related=related,
            )
        return  # every other check is off too: one finding says it
    algorithms = facts.argument(call.node, api.algorithms, call.chain)
    yield from _none_allowed(call, facts, algorithms)
    yield from _confusion(call, facts, algorithms)
    for option, rule in _OPTION_RULES:
        if options.get(option) is False:
            yield _at(call, facts, rule, reason=f'options["{option}"] is False')
    if api.lib == "authlib":
        yield from _authlib_claims(call, facts)
        return
    if api.lib == "joserfc" and not _joserfc_validated(call, facts):
        yield _at(
            call, facts, JWT006, reason="the claims are never validated by a JWTClaimsRegistry"
        )
        return
    external = tokens.is_external_token(call, facts, algorithms)
    checks = (
        (api.audience, "verify_aud", JWT004, "no audience= for a token from an outside issuer"),
        (api.issuer, "verify_iss", JWT005, "issuer= is not passed, so iss is never checked"),
    )
    for slot, option, rule, reason in checks:
        if not external or slot is None or options.get(option) is False:
            continue
        if facts.argument(call.node, slot, call.chain) is None:
            yield _at(call, facts, rule, reason=reason)
    yield from _leeway(call, facts, options)
    validation = _validation(call, facts, options, algorithms)
    if validation is not None:
        yield validation


def _validation(
    call: ResolvedCall, facts: Facts, options: dict[str, Any], algorithms: Any
) -> TokenValidation | None:
    """What the call checks of the tokens of the issuer it names; None when it names none."""
    api = call.api
    issuer = _issuer(call, facts)
    aliases = _issuer_constant(call, facts)
    if issuer is None and not aliases:
        return None
    audience = facts.argument(call.node, api.audience, call.chain) if api.audience else None
    required = options.get("require")
    checked = options.get("verify_exp") is not False
    expiry: bool | None = None
    if not checked:
        expiry = False
    elif isinstance(required, (list, tuple)):
        expiry = "exp" in required
    return TokenValidation(
        issuer=issuer or "",
        api=tokens.display(call),
        location=facts.location(call.node),
        audience=options.get("verify_aud") is not False and audience is not None,
        issuer_checked=options.get("verify_iss") is not False,
        expiry_checked=checked,
        expiry_required=expiry,
        leeway_seconds=_leeway_seconds(call, facts, options),
        algorithms=tokens.algorithm_names(algorithms),
        aliases=aliases,
    )


def _issuer(call: ResolvedCall, facts: Facts) -> str | None:
    """The issuer as written, or the setting it is read from (`$OIDC_ISSUER`)."""
    value = facts.argument(call.node, call.api.issuer, call.chain)
    if isinstance(value, Known) and isinstance(value.value, str) and value.value:
        return value.value
    expression = argument_node(call.node, call.api.issuer)
    read = None if expression is None else named_read(expression, facts, call.chain)
    return None if read is None else f"${read.name}"


def _issuer_constant(call: ResolvedCall, facts: Facts) -> tuple[str, ...]:
    """The module constant the issuer argument names, defined here or imported from a module."""
    expression = argument_node(call.node, call.api.issuer)
    if not isinstance(expression, cst.Name):
        return ()
    imported = facts.qualify(expression)
    if imported:
        return tuple(sorted(filter(None, (module_path(facts.relpath, q) for q in imported))))
    module = call.chain[-1:] if call.chain and isinstance(call.chain[-1], cst.Module) else ()
    here = facts.assigned(expression.value, call.chain)
    if here and here == facts.assigned(expression.value, module):
        return (f"{facts.relpath}:{expression.value}",)
    return ()


def _leeway_seconds(call: ResolvedCall, facts: Facts, options: dict[str, Any]) -> int | None:
    amount = _leeway_amount(call, facts, options)
    if amount is not None:
        return int(amount)
    unset = facts.argument(call.node, call.api.leeway, call.chain) is None
    return 0 if unset and "leeway" not in options else None  # 0: the libraries' default


def _leeway_amount(call: ResolvedCall, facts: Facts, options: dict[str, Any]) -> float | None:
    value = facts.argument(call.node, call.api.leeway, call.chain)
    amount = seconds(value.value) if isinstance(value, Known) else None
    return seconds(options.get("leeway")) if amount is None else amount


def _none_allowed(call: ResolvedCall, facts: Facts, algorithms: Any) -> Iterator[Detection]:
    names = tokens.algorithm_names(algorithms)
    if any(name.lower() == "none" for name in names):
        related = tokens.defined_elsewhere(call, algorithms, facts, "algorithms defined here")
        yield JWT002.detect(
            facts.location(call.node),
            {"detail": 'decoding allows algorithm "none"'},
            related=related,
        )


def _confusion(call: ResolvedCall, facts: Facts, algorithms: Any) -> Iterator[Detection]:
    expression = argument_node(call.node, call.api.algorithms)
    reason = tokens.confusion(algorithms)
    if reason is None and expression is not None:
        reason = _algorithms_from_elsewhere(expression, call, facts)
    if reason is None and call.api.algorithms_required is True and _absent(algorithms):
        reason = f"{call.api.lib} accepts any algorithm the token names when algorithms is None"
    if reason is None:
        reason = tokens.instance_allows_any_algorithm(call, facts)
    if reason is None and call.api.lib == "PyJWT" and _absent(algorithms):
        reason = "no algorithms allow-list (PyJWT 1.x accepts the token's algorithm)"
    if reason is None:
        names = tokens.algorithm_names(algorithms)
        if any(n.upper().startswith("HS") for n in names) and tokens.looks_public(call, facts):
            reason = "a public key is used where HMAC algorithms are allowed"
    if reason is not None:
        yield _at(call, facts, JWT003, reason=reason)


def _absent(algorithms: Any) -> bool:
    return algorithms is None or (isinstance(algorithms, Known) and algorithms.value is None)


def _algorithms_from_elsewhere(
    expression: cst.BaseExpression, call: ResolvedCall, facts: Facts
) -> str | None:
    """An allow-list that is every algorithm, or the token's own `alg` header."""
    if isinstance(expression, cst.Call) and facts.qualify(expression.func) & ALL_ALGORITHMS:
        return "every registered algorithm is allowed"
    if tokens.carries_header_value(expression, facts, call.chain, ("alg",), call.node):
        return "the algorithm is taken from the token's own header"
    return None


def _leeway(call: ResolvedCall, facts: Facts, options: dict[str, Any]) -> Iterator[Detection]:
    amount = _leeway_amount(call, facts, options)
    yield from tokens.leeway_findings(facts, call.node, tokens.display(call), amount)


def _authlib_claims(call: ResolvedCall, facts: Facts) -> Iterator[Detection]:
    """authlib checks claims only in claims.validate(): follow the result to that call."""
    validate = tokens.validate_call(call, facts)
    if validate is None:
        yield _at(call, facts, JWT006, reason="claims.validate() is never called")
        return
    options = plain(facts.argument(call.node, call.api.claims_options, call.chain))
    options = options if isinstance(options, dict) else {}
    if tokens.looks_public(call, facts) or tokens.authlib_is_asymmetric(call, facts):
        if "aud" not in options:
            yield _at(call, facts, JWT004, reason='claims_options has no "aud"')
        if "iss" not in options:
            yield _at(call, facts, JWT005, reason='claims_options has no "iss"')
    leeway = tokens.keyword_value(validate, "leeway", facts, call.chain)
    yield from tokens.leeway_findings(facts, validate, "authlib claims.validate()", seconds(leeway))


def _joserfc_validated(call: ResolvedCall, facts: Facts) -> bool:
    """joserfc checks claims only in `registry.validate(token.claims)` after decoding."""
    name = tokens.assigned_name(call.node, facts, call.chain)
    if name is None:
        return False  # returned or passed on at once: nothing in this function validates it
    for node in nodes(call.chain[0]):
        if (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value == "validate"
            and any(name in tokens.words(arg.value).split() for arg in node.args)
        ):
            return True
    return False


def _algorithm_set(call: ResolvedCall, facts: Facts) -> Iterator[Detection]:
    reason = tokens.confusion(facts.argument(call.node, call.api.algorithms, call.chain))
    if reason is not None:
        yield _at(call, facts, JWT003, reason=reason)


def _jwcrypto(call: ResolvedCall, facts: Facts) -> Iterator[Detection]:
    if facts.argument(call.node, call.api.token, call.chain) is None:
        return  # building a token to sign, not reading one
    if facts.argument(call.node, call.api.key, call.chain) is None:
        yield _at(call, facts, JWT001, how="jwcrypto JWT(jwt=...) without key= never verifies")
        return
    check = facts.argument(call.node, call.api.check_claims, call.chain)
    if isinstance(check, Known) and check.value is False:
        yield _at(call, facts, JWT006, reason="check_claims=False skips every claim check")
        return
    claims = plain(check)
    algorithms = facts.argument(call.node, call.api.algorithms, call.chain)
    if isinstance(claims, dict) and tokens.is_external_token(call, facts, algorithms):
        if "aud" not in claims:
            yield _at(call, facts, JWT004, reason='check_claims has no "aud"')
        if "iss" not in claims:
            yield _at(call, facts, JWT005, reason='check_claims has no "iss"')
    reason = tokens.confusion(facts.argument(call.node, call.api.algorithms, call.chain))
    if reason is not None:
        yield _at(call, facts, JWT003, reason=reason)


def _jwcrypto_leeway(facts: Facts) -> Iterator[Detection]:
    for store in facts.stores:
        target = store.target
        if not (isinstance(target, cst.Attribute) and target.attr.value == "leeway"):
            continue
        if not any(name.startswith("jwcrypto.jwt.JWT()") for name in facts.qualify(target.value)):
            continue
        value = facts.value(store.value, store.chain)
        amount = seconds(value.value) if isinstance(value, Known) else None
        yield from tokens.leeway_findings(facts, store.statement, "jwcrypto JWT.leeway", amount)


def _itsdangerous_loads(call: ResolvedCall, facts: Facts) -> Iterator[Detection]:
    max_age = facts.argument(call.node, call.api.max_age, call.chain)
    if max_age is None or (isinstance(max_age, Known) and max_age.value is None):
        yield _at(call, facts, JWT006, reason="loads() without max_age never expires")
