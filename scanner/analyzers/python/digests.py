"""HMACs built on MD5 or SHA-1 (HMAC004).

Which calls take a hash, and where, and which hashes are weak, are facts of
the library table (`HASHING`, `WEAK_DIGESTS`). A hash is recognised as a `hashlib`
constructor (however imported), a name string (`"sha1"`), a `cryptography` or
PyCryptodome hash, a lambda returning one, or a constant holding any of
these. Library defaults are not reported: only a digest someone chose.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from scanner.analyzers.python.library import HASHING, WEAK_DIGEST_NAMES, WEAK_DIGESTS
from scanner.analyzers.python.module import Chain, Facts, argument_node
from scanner.analyzers.python.values import Known
from scanner.model import Detection, Related
from scanner.registry import HMAC004

_MAX_DEPTH = 8


@dataclass(frozen=True, slots=True)
class _Weak:
    digest: str
    origin: cst.CSTNode


def detect(facts: Facts) -> Iterator[Detection]:
    for site in facts.every_call:
        hashing = next((HASHING[n] for n in sorted(site.names) if n in HASHING), None)
        if hashing is None:
            continue
        passed = argument_node(site.node, hashing.slot)
        chosen = passed
        if passed is not None and hashing.entry is not None:
            chosen = _dict_entry(facts, passed, hashing.entry, site.chain)
        if passed is None or chosen is None:
            continue
        weak = _weak(facts, chosen, site.chain, 0)
        if weak is None:
            continue
        # the digest as the call shows it: the dict entry when written inline, else the name
        where = facts.location(chosen if isinstance(passed, (cst.Dict, cst.Call)) else passed)
        origin = facts.location(weak.origin)
        related: tuple[Related, ...] = ()
        if not where.line <= origin.line <= (where.end_line or where.line):
            related = (Related(facts.relpath, origin, f"{weak.digest} chosen here"),)
        yield HMAC004.detect(where, {"digest": weak.digest}, related=related)


def _weak(facts: Facts, node: cst.BaseExpression, chain: Chain, depth: int) -> _Weak | None:
    if depth > _MAX_DEPTH:
        return None
    if isinstance(node, cst.Lambda):
        return _weak(facts, node.body, chain, depth + 1)
    named = node.func if isinstance(node, cst.Call) else node
    for name in sorted(facts.qualify(named)):
        if name in WEAK_DIGESTS:
            return _Weak(WEAK_DIGESTS[name], node)
    if isinstance(node, cst.Name):
        values = facts.assigned(node.value, chain)
        if len(values) == 1:
            return _weak(facts, values[0], chain, depth + 1)
        return None
    value = facts.value(node, chain)
    if isinstance(value, Known) and isinstance(value.value, str):
        digest = WEAK_DIGEST_NAMES.get(value.value.lower().replace("-", "").replace("_", ""))
        if digest is not None:
            return _Weak(digest, value.origin)
    return None


def _dict_entry(
    facts: Facts, node: cst.BaseExpression, key: str, chain: Chain
) -> cst.BaseExpression | None:
    """The value under `key` in a dict literal, directly or through a name bound once to it."""
    if isinstance(node, cst.Name):
        values = facts.assigned(node.value, chain)
        node = values[0] if len(values) == 1 else node
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "dict":
        return next(
            (a.value for a in node.args if a.keyword is not None and a.keyword.value == key), None
        )
    if not isinstance(node, cst.Dict):
        return None
    for element in node.elements:
        if isinstance(element, cst.DictElement):
            found = facts.value(element.key, chain)
            if isinstance(found, Known) and found.value == key:
                return element.value
    return None
