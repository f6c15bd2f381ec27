"""What nhiguard knows of one gateway or mesh platform, as data: the `Platform` descriptor.

`words`: byte strings of which one must occur in a file for the platform to
be worth parsing (the analyzer's prefilter is the union of all platforms').
`recognises`: whether a parsed document is one of the platform's, by its
content. `read`: the platform's documents of one file, in order, to the
validators they define (`Validation`) and the findings only the platform
can make (GW001, K8S001); it sees all of them at once, so a policy can be
joined with the authentication it covers. What a document says for other
files (a policy that requires a token in a namespace) it states as a
`Vouch`, and a finding another file may withdraw names the claims
(`Detection.unless_vouched`, `if_vouched`): the engine settles them once
every file is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from scanner.analyzers.base import Context
from scanner.analyzers.gateway.documents import Document
from scanner.analyzers.gateway.profile import Validation
from scanner.model import Detection, TokenValidation, Vouch

# A reader may also state a deployment's environment for TOK002 (`deployments`).
Reader = Callable[
    [Sequence[Document], Context], Iterator[Validation | Detection | Vouch | TokenValidation]
]


@dataclass(frozen=True, slots=True)
class Platform:
    name: str
    words: tuple[bytes, ...]
    recognises: Callable[[Document], bool]
    read: Reader

    def might_hold(self, data: bytes) -> bool:
        return any(word in data for word in self.words)
