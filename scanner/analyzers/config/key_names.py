"""The words of a config key, as the judges match them against what a name says.

Names are split into words (`accessTokenExpireMinutes`, `jwt.expiration-ms`,
`ACCESS_TOKEN_EXPIRE_MINUTES` all give lowercase words) and judged on the
last few keys of their path, so `jwt: {expiration: ...}` and
`jwt.expiration=...` read alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


@dataclass(frozen=True, slots=True)
class KeyName:
    """The lowercase words of the last four keys of a path, list indices left out."""

    parts: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, path: tuple[str, ...]) -> KeyName:
        keys = [k for k in path if not (k.startswith("[") and k.endswith("]"))][-4:]
        return cls(
            tuple(tuple(w for w in _SPLIT.split(_CAMEL.sub("_", k).lower()) if w) for k in keys)
        )

    @property
    def own(self) -> tuple[str, ...]:
        return self.parts[-1] if self.parts else ()

    def last(self, count: int) -> tuple[str, ...]:
        return tuple(w for part in self.parts[-count:] for w in part)

    def joined(self, count: int = 3) -> str:
        return "_".join(self.last(count))
