"""Literal keys handed to JWT and HMAC calls (HMAC001).

A key is reported once, at the literal, with every call that uses it as a
related location: the fix is at the literal, however many calls share it.
"""

from __future__ import annotations

from collections.abc import Iterator

from scanner import masking
from scanner.analyzers.placeholders import is_placeholder, is_public_key
from scanner.analyzers.python.module import Facts, ResolvedCall
from scanner.analyzers.python.values import Known
from scanner.model import Detection, Related


def detect(facts: Facts) -> Iterator[Detection]:
    uses: dict[int, tuple[Known, str, list[ResolvedCall]]] = {}
    for call in facts.calls:
        slot = call.api.key
        if slot is None:
            continue
        key = facts.argument(call.node, slot, call.chain)
        if not isinstance(key, Known):
            continue
        text = _as_text(key.value)
        if text is None or is_placeholder(text) or is_public_key(text) or "-----BEGIN" in text:
            continue
        uses.setdefault(id(key.origin), (key, text, []))[2].append(call)
    for key, text, calls in uses.values():
        location = facts.location(key.origin)
        related = tuple(
            Related(facts.relpath, facts.location(c.node), f"used by {_display(c)}")
            for c in calls
            if facts.location(c.node).line != location.line
        )
        yield Detection(
            "HMAC001",
            location,
            {"api": _display(calls[0])},
            evidence=masking.evidence(text),
            secret_spans=(facts.string_span(key.origin),),
            related=related,
        )


def _as_text(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogateescape")
    return None


def _display(call: ResolvedCall) -> str:
    return call.qualified.replace("()", "")
