"""The provider catalogue behind SEC002: every credential format, one module per family.

The order of `FORMATS` is the precedence when two formats claim the same
characters: the longer match wins, then the format listed first. Anchors
are collected from the formats, never written twice: one Aho-Corasick
automaton over all of them is the only pass a file gets.
"""

from __future__ import annotations

from ahocorasick_rs import AhoCorasick, BytesAhoCorasick

from scanner.analyzers.secret_catalogue import (
    ai,
    chat,
    cloud,
    identity,
    keys,
    observability,
    payment,
    vcs,
)
from scanner.analyzers.secret_catalogue.format import Format

FORMATS: tuple[Format, ...] = (
    *keys.FORMATS[:2],  # private keys and JWKs first: a key's body may hold any other anchor
    *vcs.FORMATS,
    *ai.FORMATS,
    *cloud.FORMATS,
    *chat.FORMATS,
    *payment.FORMATS,
    *observability.FORMATS,
    *identity.FORMATS,
    *keys.FORMATS[2:],
)
ANCHORS: tuple[str, ...] = tuple(dict.fromkeys(a for fmt in FORMATS for a in fmt.anchors))
# For each anchor, the formats that own it, by index into FORMATS.
OWNERS: tuple[tuple[int, ...], ...] = tuple(
    tuple(i for i, fmt in enumerate(FORMATS) if anchor in fmt.anchors) for anchor in ANCHORS
)
TEXT_ANCHORS = AhoCorasick(list(ANCHORS))
BYTE_ANCHORS = BytesAhoCorasick([anchor.encode() for anchor in ANCHORS])
