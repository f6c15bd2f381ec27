"""Symmetric keys inside an inline JWKS: `{"keys": [{"kty": "oct", "k": "..."}]}`.

Gateways take a JWKS as a JSON string (Istio `jwks`, Envoy
`local_jwks.inline_string`, Envoy Gateway `localJWKS.inline`, Gloo
`jwks.local.key`) or, in YAML, as a mapping. Public keys (`RSA`, `EC`,
`OKP`) are what a JWKS is for; an `oct` key is the HMAC secret itself.
The key's place is found in the file's lines: a base64url value has no
escapes, so it is written in the file exactly as JSON reads it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

import yaml

from scanner.analyzers import yamldoc
from scanner.analyzers.gateway.documents import Document, child, text
from scanner.analyzers.gateway.profile import InlineKey
from scanner.model import Location

_MAX_JSON = 1_000_000


def oct_keys(document: Document, node: yaml.Node | None) -> tuple[InlineKey, ...]:
    """The symmetric keys of the JWKS (or single JWK) that `node` holds or is."""
    if isinstance(node, yaml.MappingNode):
        return tuple(_in_mapping(document, node))
    value = text(node)
    if isinstance(node, yaml.ScalarNode) and value and "oct" in value and len(value) < _MAX_JSON:
        return tuple(_in_string(document, node, value))
    return ()


def _in_mapping(document: Document, node: yaml.MappingNode) -> Iterator[InlineKey]:
    for _, mapping in yamldoc.mappings(node):
        key = child(mapping, "k")
        if text(child(mapping, "kty")) == "oct" and isinstance(key, yaml.ScalarNode) and key.value:
            algorithm = text(child(mapping, "alg")) or ""
            yield InlineKey(document.span(key), algorithm, str(key.value))


def _in_string(document: Document, node: yaml.ScalarNode, value: str) -> Iterator[InlineKey]:
    try:
        parsed = json.loads(value)
    except (ValueError, RecursionError):
        return
    keys = parsed.get("keys") if isinstance(parsed, dict) else None
    jwks = keys if isinstance(keys, list) else [parsed]
    searched_from = 0
    for jwk in jwks:
        if not isinstance(jwk, dict) or jwk.get("kty") != "oct":
            continue
        secret = jwk.get("k")
        if not isinstance(secret, str) or not secret:
            continue
        where, searched_from = _find(document.lines, node, secret, searched_from)
        algorithm = jwk.get("alg") if isinstance(jwk.get("alg"), str) else ""
        yield InlineKey(where, str(algorithm), secret)


def _find(
    lines: Sequence[str], node: yaml.ScalarNode, secret: str, after: int
) -> tuple[Location, int]:
    """The secret's characters within the scalar's lines (the scalar's span if not found)."""
    first, last = node.start_mark.line + 1, node.end_mark.line + 1
    for number in range(max(first, after or first), min(last, len(lines)) + 1):
        line = lines[number - 1]
        start = line.find(secret, node.start_mark.column if number == first else 0)
        if start >= 0:
            return Location(number, start + 1, number, start + 1 + len(secret)), number
    return yamldoc.value_span(node, lines), after
