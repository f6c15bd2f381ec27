"""How a token is minted: unsigned tokens produced with `none` (JWT002)."""

from __future__ import annotations

from collections.abc import Iterator

from scanner.analyzers.python.apis import Role
from scanner.analyzers.python.module import Facts
from scanner.analyzers.python.values import Known
from scanner.model import Detection


def detect(facts: Facts) -> Iterator[Detection]:
    for call in facts.calls:
        slot = call.api.algorithm
        if call.api.role is not Role.ENCODE or slot is None:
            continue
        algorithm = facts.argument(call.node, slot, call.chain)
        if not isinstance(algorithm, Known):
            continue
        if algorithm.value is None:
            detail = 'encoding passes algorithm=None, which PyJWT signs as "none"'
        elif isinstance(algorithm.value, str) and algorithm.value.lower() == "none":
            detail = 'encoding uses algorithm "none"'
        else:
            continue
        yield Detection("JWT002", facts.location(call.node), {"detail": detail})
