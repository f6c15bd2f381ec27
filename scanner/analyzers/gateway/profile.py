"""`Validation`: what one gateway or mesh validator checks, the same shape for every platform.

Each platform reader turns its validators (an Istio `jwtRules` item, an
Envoy provider, an Envoy Gateway provider...) into these, and one set of
judges (`judges.py`) turns them into findings; the same records let two
validators of one issuer be compared (inconsistent validation). A property
the document writes has its place in `places`; a missing one is reported at
`at`, the line that opens the validator.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from scanner.model import Location

# The properties a validator's `places` and `reasons` are keyed by.
ISSUER, AUDIENCES, EXPIRY, LEEWAY, MAX_LIFETIME = (
    "issuer",
    "audiences",
    "expiry",
    "leeway",
    "max_lifetime",
)
ALGORITHMS, JWKS_URI, TRANSPORT, PASSES = "algorithms", "jwks_uri", "transport", "passes"


def algorithm_item(index: int) -> str:
    """The `places` key of one item of the algorithm list (`algorithms[1]`)."""
    return f"{ALGORITHMS}[{index}]"


class Passing(str, Enum):
    """Which requests pass a validator without a valid token."""

    NONE = "none"  # a missing or invalid token is rejected
    MISSING = "missing"  # a request without a token passes; an invalid token is rejected
    ANY = "any"  # missing or failed, the request passes
    # Policies in other files decide whether a request without a token passes (an Istio
    # RequestAuthentication no policy beside it enforces): TOK002 does not compare it.
    ELSEWHERE = "elsewhere"


@dataclass(frozen=True, slots=True)
class InlineKey:
    """A symmetric key written in the document (`kty: oct`): where it is, and its `k` as written."""

    where: Location
    algorithm: str  # the JWK's `alg`, "" when it names none
    value: str = field(repr=False)
    encoded: bool = True  # False: the text itself is the key (Apigee `<Value>`), not base64url

    @property
    def material(self) -> bytes:
        """The key's bytes: `k` decoded from base64url, or its text when it is not base64url."""
        if not self.encoded:
            return self.value.encode("utf-8", "surrogateescape")
        try:
            return base64.urlsafe_b64decode(self.value + "=" * (-len(self.value) % 4))
        except (binascii.Error, ValueError):
            return self.value.encode("utf-8", "surrogateescape")


@dataclass(frozen=True, slots=True)
class Validation:
    """One validator, normalised.

    `audiences` None means the audience is not checked; `expiry_required`
    None means the platform's default; `expiry_checked` False means `exp` is
    not checked even when a token carries it. `insecure_transport` says why
    keys are fetched without TLS verification ("" when they are not).
    `reasons` may name why a property reads as it does (`requireAudience:
    false`), for the message.
    """

    platform: str
    name: str  # what a message calls it: `RequestAuthentication orders/jwt jwtRules[0]`
    at: Location  # the line that opens the validator
    issuer: str | None = None
    issuer_checked: bool = True
    audiences: tuple[str, ...] | None = None
    expiry_required: bool | None = None
    expiry_checked: bool = True
    leeway_seconds: float | None = None
    max_lifetime_seconds: float | None = None
    algorithms: tuple[str, ...] = ()
    jwks_uri: str | None = None
    insecure_transport: str = ""
    inline_keys: tuple[InlineKey, ...] = ()
    passes: Passing = Passing.NONE
    places: Mapping[str, Location] = field(default_factory=dict)
    reasons: Mapping[str, str] = field(default_factory=dict)

    def place(self, *props: str) -> Location:
        """Where the first of `props` that is written is, or the validator's opening line."""
        return next((self.places[p] for p in props if p in self.places), self.at)
