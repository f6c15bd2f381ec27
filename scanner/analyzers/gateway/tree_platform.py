"""`TreePlatform`: a platform whose files are not YAML or JSON documents.

NGINX configuration, policy XML, Terraform and line-based `.properties` /
`.cfg` files are parsed by their own parser (`analyzers/trees/`, the config
readers) into a tree or a list of settings; the platform's `read` gets that
and the file, and returns validators and findings like any platform. Several
platforms of one kind (APIM and Apigee both read XML) share one parse: the
analyzer parses once per `parse` function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from scanner.analyzers.base import Context, Source
from scanner.analyzers.gateway.profile import Validation
from scanner.model import Detection, FileKind

Parse = Callable[[Source], Any]
Read = Callable[[Any, Source, Context], Iterator[Validation | Detection]]


@dataclass(frozen=True, slots=True)
class TreePlatform:
    """`kind`: the files it reads (narrowed to `suffixes` when given); `words`: one must occur."""

    name: str
    kind: FileKind
    words: tuple[bytes, ...]
    parse: Parse
    read: Read
    suffixes: tuple[str, ...] = ()

    def reads(self, source: Source) -> bool:
        return source.kind is self.kind and (
            not self.suffixes or source.relpath.lower().endswith(self.suffixes)
        )

    def might_hold(self, data: bytes) -> bool:
        return any(word in data for word in self.words)
