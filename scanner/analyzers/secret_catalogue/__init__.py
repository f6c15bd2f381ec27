"""The provider catalogue behind SEC002: every credential format, one module per family.

The order of `FORMATS` is the precedence when two formats claim the same
characters: the longer match wins, then the format listed first. Anchors
are collected from the formats, never written twice: one Aho-Corasick
automaton over all of them is the only pass a file gets.
"""

from __future__ import annotations

import functools
import re

from ahocorasick_rs import AhoCorasick, BytesAhoCorasick, Implementation

from scanner.analyzers.secret_catalogue import (
    ai,
    chat,
    cloud,
    identity,
    keys,
    observability,
    payment,
    saas,
    vcs,
)
from scanner.analyzers.secret_catalogue.format import Extent, Format

FORMATS: tuple[Format, ...] = (
    *keys.FORMATS[:2],  # private keys and JWKs first: a key's body may hold any other anchor
    *vcs.FORMATS,
    *ai.FORMATS,
    *cloud.FORMATS,
    *chat.FORMATS,
    *payment.FORMATS,
    *observability.FORMATS,
    *identity.FORMATS,
    *saas.FORMATS,
    *keys.FORMATS[2:],
)
ANCHORS: tuple[str, ...] = tuple(dict.fromkeys(a for fmt in FORMATS for a in fmt.anchors))
# For each anchor, the formats that own it, by index into FORMATS.
OWNERS: tuple[tuple[int, ...], ...] = tuple(
    tuple(i for i, fmt in enumerate(FORMATS) if anchor in fmt.anchors) for anchor in ANCHORS
)
# Anchors every owner of which starts its token with the anchor itself (`ghp_`, `pat`): a
# token found at such an anchor starts there, so one glued to a word before it is none.
STARTS_TOKEN: tuple[bool, ...] = tuple(
    all(
        FORMATS[i].extent is Extent.LINE and FORMATS[i].token.startswith(re.escape(anchor))
        for i in owners
    )
    for anchor, owners in zip(ANCHORS, OWNERS, strict=True)
)
# A DFA: over two hundred anchors, some of two characters, defeat the automaton's prefilters,
# and its other implementations took 2-3 times as long over a whole corpus.
BYTE_ANCHORS = BytesAhoCorasick(
    [anchor.encode() for anchor in ANCHORS], implementation=Implementation.DFA
)


def anchor_hits(text: str) -> list[tuple[int, int, int]]:
    """(anchor index, start, end) of every anchor in `text`, overlapping ones included."""
    if text.isascii():  # most files: character offsets are byte offsets
        return BYTE_ANCHORS.find_matches_as_indexes(text.encode("ascii"), overlapping=True)
    return _text_anchors().find_matches_as_indexes(text, overlapping=True)


@functools.cache
def _text_anchors() -> AhoCorasick:
    return AhoCorasick(list(ANCHORS), implementation=Implementation.DFA)
