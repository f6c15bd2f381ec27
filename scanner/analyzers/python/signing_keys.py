"""Literal keys handed to JWT, HMAC and itsdangerous calls: hardcoded (HMAC001), weak (HMAC002).

A key is reported once, at the literal, with every call that uses it as a
related location: the fix is at the literal, however many calls share it.
A key read by name (`os.environ["PARTNER_SECRET"]`, `settings.jwt_key`) is
reported as a `KeyUse`, for the engine to link to the config value behind it.
A well-known or placeholder value is HMAC002 alone (weak is the sharper
finding); a random-looking literal is HMAC001, and HMAC002 too when it is
shorter than its algorithm needs (RFC 7518 section 3.2).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from scanner import masking
from scanner.analyzers.placeholders import is_placeholder, is_public_key
from scanner.analyzers.python import tokens
from scanner.analyzers.python.library import (
    ENV_DEFAULT,
    ENV_LOOKUPS,
    MIN_KEY_BYTES,
    Role,
    is_asymmetric,
)
from scanner.analyzers.python.module import Chain, Facts, ResolvedCall, argument_node
from scanner.analyzers.python.settings_reads import named_read, unwrapped
from scanner.analyzers.python.values import Known
from scanner.model import Detection, KeyUse, Related
from scanner.registry import HMAC001, HMAC002

_DIGEST_BYTES = {"sha256": 32, "sha384": 48, "sha512": 64, "sha224": 28, "sha1": 20, "md5": 16}


@dataclass(frozen=True, slots=True)
class KeyLiteral:
    """A key's literal value and the node that spells it."""

    text: str
    origin: cst.CSTNode


def detect(facts: Facts) -> Iterator[Detection | KeyUse]:
    uses: dict[int, tuple[KeyLiteral, list[ResolvedCall], int]] = {}
    for call in facts.calls:
        if call.api.key is None or call.api.role in (Role.LOADS, Role.LOADS_UNSAFE):
            continue
        expression = argument_node(call.node, call.api.key)
        if expression is None:
            continue
        names = _algorithms(call, facts)
        required = _required_bytes(call, facts, names)
        if not names or not all(is_asymmetric(n) for n in names):  # RS256 keys are not shared
            yield from key_use(
                expression, facts, call.chain, tokens.display(call), call.node, required=required
            )
        literal = key_literal(expression, facts, call.chain)
        if literal is None:
            continue
        entry = uses.setdefault(id(literal.origin), (literal, [], 0))
        entry[1].append(call)
        uses[id(literal.origin)] = (literal, entry[1], max(entry[2], required))
    for literal, calls, required in uses.values():
        related = tuple(
            Related(facts.relpath, facts.location(c.node), f"used by {tokens.display(c)}")
            for c in calls
            if facts.location(c.node).line != facts.location(literal.origin).line
        )
        yield from judge(facts, literal, tokens.display(calls[0]), required, related)


def key_literal(expression: cst.BaseExpression, facts: Facts, chain: Chain) -> KeyLiteral | None:
    """The literal a key expression comes down to, through constants and env-lookup defaults."""
    value = facts.value(expression, chain)
    if isinstance(value, Known):
        text = _as_text(value.value)
        return KeyLiteral(text, value.origin) if text is not None else None
    node = expression
    if isinstance(node, cst.Name):
        source = facts.evaluator.assignments.lookup(node.value, chain) or []
        if len(source) != 1:
            return None
        node = source[0]
    node = unwrapped(node, facts)  # os.getenv("KEY", "default").encode()
    if isinstance(node, cst.Call) and facts.qualify(node.func) & ENV_LOOKUPS:
        fallback = argument_node(node, ENV_DEFAULT)
        default = facts.value(fallback, chain) if fallback is not None else None
        if isinstance(default, Known):
            text = _as_text(default.value)
            return KeyLiteral(text, default.origin) if text is not None else None
    return None


def key_use(
    expression: cst.BaseExpression,
    facts: Facts,
    chain: Chain,
    api: str,
    at: cst.CSTNode,
    assigned: bool = False,
    required: int = 0,
) -> Iterator[KeyUse]:
    """The setting a key expression reads, reported at `at` (the call or assignment)."""
    read = named_read(expression, facts, chain)
    if read is not None:
        where = facts.location(at)
        yield KeyUse(read.name, read.any_case, api, facts.relpath, where, assigned, required)


def judge(
    facts: Facts,
    literal: KeyLiteral,
    usage: str,
    required: int,
    related: tuple[Related, ...] = (),
) -> Iterator[Detection]:
    """HMAC001 and/or HMAC002 for one literal key."""
    text = literal.text
    if is_public_key(text) or "-----BEGIN" in text:
        return
    location = facts.location(literal.origin)
    spans = (facts.string_span(literal.origin),)
    weak = _weak_reason(facts, text, required)
    evidence = masking.evidence(text) if text.strip() else None
    if weak is not None:
        yield HMAC002.detect(
            location,
            {"setting": usage, "reason": weak},
            evidence=evidence,
            secret_spans=spans,
            related=related,
        )
    if is_placeholder(text) or (weak is not None and not weak.endswith("needs")):
        return
    yield HMAC001.detect(
        location,
        {"api": usage},
        evidence=evidence,
        secret_spans=spans,
        related=related,
    )


def _weak_reason(facts: Facts, text: str, required: int) -> str | None:
    weak = facts.params(HMAC002)
    if text.strip().lower() in {v.lower() for v in weak.weak_values}:
        return "a well-known value"
    if not text.strip():
        return "empty"
    if is_placeholder(text):
        return "a placeholder"
    needed = required or weak.default_min_bytes
    size = len(text.encode("utf-8", "surrogateescape"))
    if size < needed:
        return f"{size} bytes, under the {needed} bytes its algorithm needs"
    return None


def _required_bytes(call: ResolvedCall, facts: Facts, names: tuple[str, ...]) -> int:
    """Key bytes the call's algorithms (`names`) need, or its HMAC hash's output size."""
    sizes = [MIN_KEY_BYTES[n.upper()] for n in names if n.upper() in MIN_KEY_BYTES]
    if call.api.role is Role.MAC:
        sizes.append(_digest_bytes(call, facts))
    return max(sizes, default=0)


def _algorithms(call: ResolvedCall, facts: Facts) -> tuple[str, ...]:
    """The JWS algorithms a call signs or verifies with, where its arguments say."""
    if call.api.algorithm is not None:
        names = tokens.algorithm_names(facts.argument(call.node, call.api.algorithm, call.chain))
        if not names and call.api.role is Role.ENCODE and call.api.lib in ("PyJWT", "python-jose"):
            return ("HS256",)
        return names
    if call.api.algorithms is not None:
        return tokens.algorithm_names(facts.argument(call.node, call.api.algorithms, call.chain))
    return ()


def _digest_bytes(call: ResolvedCall, facts: Facts) -> int:
    digest = call.node.args[2].value if len(call.node.args) > 2 else None
    for arg in call.node.args:
        if arg.keyword is not None and arg.keyword.value in ("digestmod", "digest"):
            digest = arg.value
    if digest is None:
        return 0
    value = facts.value(digest, call.chain)
    if isinstance(value, Known) and isinstance(value.value, str):
        return _DIGEST_BYTES.get(value.value.lower().replace("-", ""), 0)
    for name in facts.qualify(digest):
        size = _DIGEST_BYTES.get(name.rsplit(".", 1)[-1].lower())
        if size:
            return size
    return 0


def _as_text(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogateescape")
    return None
