"""What a config key says about tokens: a lifetime (JWT007), a leeway (JWT008), a key or token endpoint (JWT010).

Names are split into words (`accessTokenExpireMinutes`, `jwt.expiration-ms`,
`ACCESS_TOKEN_EXPIRE_MINUTES` all give lowercase words) and judged on the
last three keys of their path, so `jwt: {expiration: ...}` and
`jwt.expiration=...` read alike. A number's unit comes, in this order, from
the value itself (`15m`, `720h`, `PT15M`), a unit word after the lifetime
word in the key (`_seconds`, `-in-seconds`, `Ms`), the convention of a known
setting (Flask-JWT-Extended and Keycloak count seconds), or Spring's
convention of milliseconds. A number with no stated unit anywhere else is
read as milliseconds too: the smallest unit in use, so a reading can only
be too short, and what is reported is certain ("at least").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from scanner import numbers

_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
LIFETIME_WORDS = frozenset(
    {"expire", "expires", "expiry", "expiration", "lifetime", "lifespan", "ttl", "validity", "age"}
)
TOKEN_WORDS = frozenset({"token", "tokens", "jwt", "jwts", "accesstoken", "refreshtoken"})
REFRESH_WORDS = frozenset({"refresh", "remember", "offline"})
NOT_ACCESS_TOKENS = frozenset(
    {
        "reset", "verification", "verify", "confirm", "confirmation", "invite", "invitation",
        "activation", "email", "magic", "otp", "csrf", "xsrf", "cache", "captcha", "upload",
        "download", "presign", "presigned", "link", "lock", "nonce", "state", "code", "device",
        "registration", "signup", "password", "ott",
    }
)  # fmt: skip
POINT_IN_TIME = frozenset({"at", "on", "date", "time", "timestamp", "until", "epoch", "since"})
LEEWAY_WORDS = frozenset({"leeway", "skew", "clockskew", "tolerance"})
LEEWAY_CONTEXT = frozenset(
    {"jwt", "token", "tokens", "oidc", "oauth", "oauth2", "auth", "authentication", "jws", "jose"}
    | {"openid", "keycloak", "security", "claims", "exp"}
)
UNITS = {
    "ms": 0.001, "millis": 0.001, "millisecond": 0.001, "milliseconds": 0.001,
    "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
    "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
    "d": 86400, "day": 86400, "days": 86400, "w": 604800, "week": 604800, "weeks": 604800,
}  # fmt: skip
SECONDS_BY_CONVENTION = re.compile(
    r"^(?:jwt_(?:access|refresh)_token_expires|jwt_decode_leeway|.*lifespan|.*lifespan_\w+)$"
)
_GO_DURATION = re.compile(r"^(?:(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d|w))+$")
_GO_PART = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d|w)")
_GO_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 0.001, "s": 1, "m": 60, "h": 3600}
_GO_UNITS |= {"d": 86400, "w": 604800}
_ISO = re.compile(
    r"^P(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
JWKS, DISCOVERY, ISSUER, TOKEN = (
    "JWKS endpoint",
    "OpenID discovery document",
    "issuer",
    "token endpoint",
)  # the Python analyzer's words for the same endpoints
ENDPOINTS = (
    (JWKS, re.compile(r"(?:^|_)(?:jwks?|jwk_set|jwkset|certs_ur[il])(?:_|$)")),
    (TOKEN, re.compile(r"(?:^|_)token_(?:ur[il]|endpoint)$|(?:introspection|revocation)_")),
    (ISSUER, re.compile(r"issuer_(?:ur[il]|endpoint|location)$|(?:oidc|openid)_(?:op_)?issuer$")),
    (
        DISCOVERY,
        re.compile(
            r"openid_?configuration|server_metadata|(?:oidc|openid)\w*_(?:discovery|metadata|config)"
            r"|(?:^|_)oidc_ur[il]$|discovery_(?:ur[il]|endpoint)|well_known"
            r"|metadata_(?:ur[il]|address|endpoint)|(?:^|_)authority$"
        ),
    ),
)
NOT_FETCHED = frozenset({"redirect", "callback", "logout", "post", "frontchannel", "login", "ui"})
WELL_KNOWN = (
    (JWKS, re.compile(r"/\.well-known/jwks(?:\.json)?|/protocol/openid-connect/certs")),
    (TOKEN, re.compile(r"/protocol/openid-connect/token|/oauth2?/(?:v\d+/)?token/?$")),
    (DISCOVERY, re.compile(r"/\.well-known/(?:openid-configuration|oauth-authorization-server)")),
)
LOOPBACK = re.compile(
    r"^(?:localhost|.+\.localhost|127(?:\.\d+){3}|::1|0\.0\.0\.0|host\.docker\.internal"
    r"|169\.254\.\d+\.\d+)$"
)  # loopback, and the link-local instance metadata service, which is http by design


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


@dataclass(frozen=True, slots=True)
class Duration:
    seconds: float
    exact: bool  # False when the unit was assumed (milliseconds, the lower bound)


def lifetime_key(name: KeyName) -> tuple[bool, float | None] | None:
    """(is refresh, seconds per unit from the key name) when the key names a token lifetime."""
    own = name.own
    context = set(name.last(3))
    at = next((i for i, w in enumerate(own) if w in LIFETIME_WORDS), None)
    if at is None or not TOKEN_WORDS & context:
        return None
    if own[at] == "age" and (at == 0 or own[at - 1] != "max"):
        return None
    if NOT_ACCESS_TOKENS & context or POINT_IN_TIME & set(own[at + 1 :]):
        return None
    return bool(REFRESH_WORDS & context), _unit_after(own, at)


def leeway_key(name: KeyName) -> tuple[float | None] | None:
    """When the key names a JWT leeway: the unit its name states (None inside when none)."""
    own = name.own
    at = next((i for i, w in enumerate(own) if w in LEEWAY_WORDS), None)
    if at is None:
        return None
    if own[at] in ("skew", "tolerance") and not {"clock", "time", "jwt"} & set(own):
        return None
    if own[at] != "leeway" and not LEEWAY_CONTEXT & set(name.last(4)):
        return None
    return (_unit_after(own, at),)


def _unit_after(own: tuple[str, ...], at: int) -> float | None:
    """The first unit word after the lifetime word (`expire_minutes`, `validity-in-seconds`)."""
    for word in own[at + 1 :]:
        if word in UNITS and len(word) > 1:
            return UNITS[word]
    if len(own) > at + 1 and own[-1] in UNITS:
        return UNITS[own[-1]]  # a one-letter unit only as the last word (`ttl_s`)
    return None


def duration(value: str, unit: float | None, convention: float | None) -> Duration | None:
    """The value in seconds: its own unit first, then the key's, then the convention.

    None when it is not a duration or is too large to be one (a 400-digit
    lifetime would be infinite as a float).
    """
    found = _duration(value.strip(), unit, convention)
    if found is None or numbers.whole(found.seconds) is None:
        return None
    return found


def _duration(text: str, unit: float | None, convention: float | None) -> Duration | None:
    if _NUMBER.match(text):
        number = float(text)
        if unit is not None:
            return Duration(number * unit, True)
        if convention is not None:
            return Duration(number * convention, True)
        return Duration(number * 0.001, False)
    if _GO_DURATION.match(text):
        return Duration(sum(float(n) * _GO_UNITS[u] for n, u in _GO_PART.findall(text)), True)
    iso = _ISO.match(text)
    if iso is not None and any(iso.groupdict().values()):
        parts = {k: float(v) for k, v in iso.groupdict().items() if v}
        total = parts.get("days", 0) * 86400 + parts.get("hours", 0) * 3600
        return Duration(total + parts.get("minutes", 0) * 60 + parts.get("seconds", 0), True)
    return None


def convention(name: KeyName, spring: bool) -> float | None:
    """Seconds per unit for known settings that state no unit."""
    if SECONDS_BY_CONVENTION.match("_".join(name.own)):
        return 1.0
    return 0.001 if spring else None


def endpoint_kind(name: KeyName, value: str) -> str | None:
    """What an http URL under this key is fetched for, if a key or token endpoint."""
    if not value.lower().startswith("http://"):
        return None
    try:
        host = urlsplit(value.strip()).hostname or ""
    except ValueError:
        return None
    if LOOPBACK.match(host) or "{{" in host or "${" in host:
        return None
    if not NOT_FETCHED & set(name.last(3)):
        joined = name.joined(2)
        for kind, pattern in ENDPOINTS:
            if pattern.search(joined):
                return kind
    for kind, pattern in WELL_KNOWN:
        if pattern.search(value):
            return kind
    return None


def describe(seconds: float) -> str:
    amount = numbers.whole(seconds)
    if amount is None or amount < 1:
        return f"{seconds:g} seconds"
    for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if amount >= size and amount % size == 0:
            count = amount // size
            return f"{count} {unit[:-1] if count == 1 else unit}"
    return f"{amount} seconds"
