"""Known credential formats anywhere (SEC002), from the provider catalogue.

One byte-level Aho-Corasick pass over the file looks for every anchor of
the catalogue (`AKIA`, `ghp_`, `T3BlbkFJ`, `:A`, `PRIVATE KEY`, ...); most
files hold none and cost nothing more. Each hit is checked against the
formats that own its anchor, on its line or in the block around it
(`scanner.analyzers.secret_catalogue`). Nothing is verified with a provider:
the scanner makes no network call.
"""

from __future__ import annotations

from collections.abc import Iterator

from scanner import masking
from scanner.analyzers.base import Context, Source
from scanner.analyzers.secret_catalogue import BYTE_ANCHORS
from scanner.analyzers.secret_catalogue.blocks import Block, jwk_members, private_keys
from scanner.analyzers.secret_catalogue.format import Extent, Format
from scanner.analyzers.secret_catalogue.search import Found, search
from scanner.model import Detection, FileKind, Location
from scanner.registry import SEC002, SECRET_FORMATS, rules_for


class SecretFormats:
    name = "secret-formats"
    kinds = frozenset(FileKind)
    rules = rules_for(SECRET_FORMATS)

    def might_report(self, data: bytes, kind: FileKind) -> bool:
        return bool(BYTE_ANCHORS.find_matches_as_indexes(data))

    def analyze(self, source: Source, context: Context) -> Iterator[Detection]:
        hits = search(source.text, source.kind)
        blocks = list(_block_findings(source, hits.blocks))
        # A token-like run inside a key's body is part of the key, not a credential of its own.
        covered = [span for block in blocks for span in block.secret_spans]
        yield from blocks
        yield from _line_findings(source, hits.found, covered)


def _line_findings(
    source: Source, found: tuple[Found, ...], covered: list[Location]
) -> Iterator[Detection]:
    """One detection per distinct credential on a line, masking every place it occurs there."""
    places: dict[tuple[int, str], list[Location]] = {}
    formats: dict[tuple[int, str], Format] = {}
    for item in found:
        where = source.index.location(item.start, item.end)
        if any(_within(where, span) for span in covered):
            continue
        key = (where.line, source.text[item.start : item.end])
        places.setdefault(key, []).append(where)
        formats.setdefault(key, item.fmt)
    for (_, value), spans in places.items():
        fmt = formats[_, value]
        yield SEC002.detect(
            spans[0],
            {"kind": fmt.kind},
            evidence=masking.evidence(value),
            secret_spans=tuple(spans),
            adjustment=fmt.adjustment,
        )


def _block_findings(source: Source, blocks: tuple[tuple[Format, int], ...]) -> Iterator[Detection]:
    seen: set[tuple[str, int]] = set()
    for fmt, offset in blocks:
        if fmt.extent is Extent.PEM_BLOCK:
            number = source.index.line(offset)
            if (fmt.kind, number) in seen or number > len(source.lines):
                continue
            seen.add((fmt.kind, number))
            found: Iterator[Block] = private_keys(fmt, source.lines, number)
        else:
            block = jwk_members(fmt, source.text, source.index, offset)
            if block is None or (fmt.kind, block.at.line) in seen:
                continue
            seen.add((fmt.kind, block.at.line))
            found = iter((block,))
        for block in found:
            yield SEC002.detect(
                block.at,
                {"kind": fmt.kind},
                evidence=masking.evidence(block.value),
                secret_spans=block.spans,
            )


def _within(inner: Location, outer: Location) -> bool:
    """Both on one line, `inner`'s columns inside `outer`'s."""
    return (
        inner.line == outer.line
        and outer.column <= inner.column
        and inner.end_column <= outer.end_column
    )
