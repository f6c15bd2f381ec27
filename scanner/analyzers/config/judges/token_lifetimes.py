"""JWT007 and JWT008 in config files: token lifetimes and clock-skew leeways set too long.

A key names a lifetime when a lifetime word (`expire`, `ttl`, `validity`)
sits among token words (`accessTokenExpireMinutes`, `jwt.expiration-ms`),
judged on the last three keys of its path. A number's unit comes, in this
order, from the value itself (`15m`, `720h`, `PT15M`), a unit word after the
lifetime word in the key (`_seconds`, `-in-seconds`, `Ms`), the convention
of a known setting (Flask-JWT-Extended and Keycloak count seconds), or
Spring's convention of milliseconds. A number with no stated unit anywhere
else is read as milliseconds too (`durations.py`), so what is reported is
certain ("at least"). A Kubernetes projected service-account token is renewed
by the kubelet at 80 % of its life: its `expirationSeconds` is judged against
K8S001's `max_token_seconds`, not an access token's limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanner.analyzers.config import durations
from scanner.analyzers.config.judges.file_facts import FileFacts, Value, display
from scanner.analyzers.config.key_names import KeyName
from scanner.model import Detection
from scanner.registry import JWT007, JWT008, K8S001

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
# The kubelet's own token, renewed before it expires (K8S001 holds its limit).
PROJECTED_TOKEN = ("serviceAccountToken", "expirationSeconds")
SECONDS_BY_CONVENTION = re.compile(
    r"^(?:jwt_(?:access|refresh)_token_expires|jwt_decode_leeway|.*lifespan|.*lifespan_\w+)$"
)


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


def convention(name: KeyName, spring: bool) -> float | None:
    """Seconds per unit for known settings that state no unit."""
    if SECONDS_BY_CONVENTION.match("_".join(name.own)):
        return 1.0
    return 0.001 if spring else None


def lifetime_by_name(value: Value, facts: FileFacts) -> Iterator[Detection] | None:
    """JWT007 for a setting whose name says token lifetime; None for any other name."""
    found = lifetime_key(value.name)
    if found is None:
        return None
    return _lifetime(value, found, facts)


def _lifetime(
    value: Value, found: tuple[bool, float | None], facts: FileFacts
) -> Iterator[Detection]:
    refresh, unit = found
    amount = durations.duration(value.text, unit, convention(value.name, facts.spring))
    if amount is None or amount.seconds <= 0:
        return
    lifetimes = facts.context.params(JWT007)
    limit = lifetimes.refresh_max_seconds if refresh else lifetimes.access_max_seconds
    if value.setting.path[-2:] == PROJECTED_TOKEN:
        limit = facts.context.params(K8S001).max_token_seconds
    if amount.seconds > limit:
        lifetime = durations.describe(amount.seconds)
        fields = {
            "setting": display(value.setting.path),
            "lifetime": lifetime if amount.exact else f"at least {lifetime}",
            "threshold": durations.describe(limit),
        }
        yield JWT007.detect(value.where, fields)


def leeway_by_name(value: Value, facts: FileFacts) -> Iterator[Detection] | None:
    """JWT008 for a setting whose name says JWT leeway; None for any other name."""
    found = leeway_key(value.name)
    if found is None:
        return None
    return _leeway(value, found[0], facts)


def _leeway(value: Value, unit: float | None, facts: FileFacts) -> Iterator[Detection]:
    default_unit = 0.001 if facts.spring else 1.0  # leeway is counted in seconds elsewhere
    amount = durations.duration(value.text, unit, default_unit)
    limit = facts.context.params(JWT008).max_leeway_seconds
    if amount is not None and amount.seconds > limit:
        fields = {
            "api": display(value.setting.path),
            "leeway": durations.describe(amount.seconds),
            "threshold": durations.describe(limit),
        }
        yield JWT008.detect(value.where, fields)
