"""The gateway analyzer: each file parsed once, each platform handed the documents it recognises.

The prefilter is the platforms' words: a file naming none of them (most
YAML and JSON in a repository) is never parsed here. A file that does is
composed once; every platform takes the documents it recognises by their
content, turns them into validation profiles and its own findings, and
the shared judges turn the profiles into the JWT and HMAC findings. Files
of other kinds (NGINX, policy XML, Terraform, TOML, `.properties`, `.cfg`) go to
the tree platforms of their kind, parsed once per parser; a file only
they read that does not parse is reported unparsable.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from scanner.analyzers.base import Context, Source, Unparsable, contained
from scanner.analyzers.gateway import documents, judges
from scanner.analyzers.gateway.platform_descriptor import Platform
from scanner.analyzers.gateway.platforms import PLATFORMS, TREE_PLATFORMS
from scanner.analyzers.gateway.profile import Validation
from scanner.analyzers.gateway.tree_platform import TreePlatform
from scanner.model import Detection, FileKind, Notification, TokenValidation, Vouch
from scanner.registry import GATEWAY, rules_for

_DOCUMENTS = frozenset({FileKind.YAML, FileKind.JSON})
_WORDS = tuple(sorted({word for platform in PLATFORMS for word in platform.words}))
_TREE_WORDS = {
    kind: tuple(sorted({w for p in TREE_PLATFORMS if p.kind is kind for w in p.words}))
    for kind in {p.kind for p in TREE_PLATFORMS}
}


class GatewayConfigs:
    name = "gateway"
    kinds = _DOCUMENTS | frozenset(_TREE_WORDS)
    rules = rules_for(GATEWAY)
    vouches = True  # its documents state facts for other files' findings (`Vouch`)

    def might_report(self, data: bytes, kind: FileKind) -> bool:
        words = _WORDS if kind in _DOCUMENTS else _TREE_WORDS.get(kind, ())
        return any(word in data for word in words)

    def analyze(
        self, source: Source, context: Context
    ) -> Iterator[Detection | Vouch | TokenValidation | Notification]:
        data = source.text.encode("utf-8", "surrogateescape")
        if source.kind not in _DOCUMENTS:
            yield from _trees(source, data, context)
            return
        wanted = [p for p in PLATFORMS if p.might_hold(data)]
        try:
            parsed = documents.parse(source)
        except Unparsable:
            return  # the config analyzer reads the same file and reports it unparsable
        for platform in wanted:
            read = partial(_read, platform, parsed, context)
            for found in contained(read, source, context, f"the {platform.name} reader"):
                if not isinstance(found, Detection) or found.rule_id in context.enabled:
                    yield found


def _read(
    platform: Platform, parsed: list[documents.Document], context: Context
) -> Iterator[Detection | Vouch | TokenValidation]:
    mine = [document for document in parsed if platform.recognises(document)]
    if not mine:
        return
    for found in platform.read(mine, context):
        if isinstance(found, Validation):
            yield from _judged(found, context)
        else:
            yield found


def _judged(profile: Validation, context: Context) -> Iterator[Detection | TokenValidation]:
    """The profile's findings, and what it checks for TOK002's comparison across validators."""
    yield from judges.judged(profile, context)
    stated = judges.stated(profile)
    if stated is not None:
        yield stated


def _trees(
    source: Source, data: bytes, context: Context
) -> Iterator[Detection | TokenValidation | Notification]:
    """The tree platforms reading this file, each parse made once (`Unparsable` goes up)."""
    parsed: dict[object, object] = {}
    for platform in TREE_PLATFORMS:
        if not platform.reads(source) or not platform.might_hold(data):
            continue
        if platform.parse not in parsed:
            parsed[platform.parse] = platform.parse(source)
        read = partial(_read_tree, platform, parsed[platform.parse], source, context)
        for found in contained(read, source, context, f"the {platform.name} reader"):
            if not isinstance(found, Detection) or found.rule_id in context.enabled:
                yield found


def _read_tree(
    platform: TreePlatform, tree: object, source: Source, context: Context
) -> Iterator[Detection | TokenValidation]:
    for found in platform.read(tree, source, context):
        if isinstance(found, Validation):
            yield from _judged(found, context)
        else:
            yield found
