"""The shared judges: one validation profile to the JWT and HMAC rules' findings.

Every platform's validators meet the same bar here, so an Istio rule and
an Envoy provider that check the same things get the same findings. What a
platform alone can say (a policy that lets tokenless requests through, a
service-account token) its reader reports itself, through `not_enforced`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from scanner import masking
from scanner.analyzers.base import Context
from scanner.analyzers.config import durations
from scanner.analyzers.config.judges.signing_secrets import MIN_KEY_BYTES, weak_reason
from scanner.analyzers.gateway.profile import (
    ALGORITHMS,
    AUDIENCES,
    EXPIRY,
    ISSUER,
    JWKS_URI,
    LEEWAY,
    MAX_LIFETIME,
    TRANSPORT,
    InlineKey,
    Passing,
    Validation,
    algorithm_item,
)
from scanner.analyzers.urls import is_plain_http
from scanner.model import Adjustment, Detection, Location, Related, TokenValidation
from scanner.registry import (
    GW001,
    HMAC001,
    HMAC002,
    JWT002,
    JWT003,
    JWT004,
    JWT005,
    JWT006,
    JWT007,
    JWT008,
    JWT010,
    TOK001,
    RuleEntry,
)

_ASYMMETRIC = ("RS", "PS", "ES", "ED")
# A requirement that lets a missing token pass but rejects an invalid one (Envoy `allow_missing`)
# is what a public route with optional sign-in wants: still reported, at a lower score.
MISSING_ONLY = Adjustment(5.3, "a request without a token passes; an invalid token is rejected")


def judged(profile: Validation, context: Context) -> Iterator[Detection]:
    """Every finding the profile's checks (or their absence) make."""
    yield from algorithms(profile)
    yield from audience(profile)
    yield from issuer(profile)
    yield from expiry(profile)
    yield from lifetime(profile, context)
    yield from leeway(profile, context)
    yield from key_transport(profile)
    for key in profile.inline_keys:
        yield from inline_key(profile, key, context)


def stated(profile: Validation) -> TokenValidation | None:
    """What the validator checks, for TOK002 to compare with the other validators of its issuer."""
    issuer = profile.issuer or profile.jwks_uri
    if not issuer:
        return None
    return TokenValidation(
        issuer=issuer,
        api=profile.name,
        location=profile.at,
        audience=profile.audiences is not None,
        issuer_checked=profile.issuer_checked,
        expiry_checked=profile.expiry_checked,
        expiry_required=profile.expiry_required,
        leeway_seconds=None if profile.leeway_seconds is None else int(profile.leeway_seconds),
        algorithms=profile.algorithms,
        optional=None
        if profile.passes is Passing.ELSEWHERE
        else profile.passes is not Passing.NONE,
    )


def algorithms(profile: Validation) -> Iterator[Detection]:
    """JWT002 at a `none` in the list, JWT003 at the first HS one listed beside an asymmetric one."""
    names = [a.strip() for a in profile.algorithms]
    unsigned = [i for i, a in enumerate(names) if a.lower() == "none"]
    if unsigned:
        detail = f"{profile.name} accepts the algorithm 'none'"
        yield JWT002.detect(
            profile.place(algorithm_item(unsigned[0]), ALGORITHMS), {"detail": detail}
        )
    hmac = [i for i, a in enumerate(names) if a.upper().startswith("HS")]
    asymmetric = [a for a in names if a.upper().startswith(_ASYMMETRIC)]
    if hmac and asymmetric:
        reason = f"{names[hmac[0]]} allowed next to {asymmetric[0]}"
        where = profile.place(algorithm_item(hmac[0]), ALGORITHMS)
        yield JWT003.detect(where, {"api": profile.name, "reason": reason})


def audience(profile: Validation) -> Iterator[Detection]:
    if profile.audiences is not None:
        return
    if profile.inline_keys and not profile.jwks_uri:
        return  # tokens the gateway's own shared key signs: no other client holds that key
    reason = profile.reasons.get(AUDIENCES, "no audiences configured")
    yield JWT004.detect(profile.place(AUDIENCES), {"api": profile.name, "reason": reason})


def issuer(profile: Validation) -> Iterator[Detection]:
    if profile.issuer_checked:
        return
    reason = profile.reasons.get(ISSUER, "no issuer configured")
    yield JWT005.detect(profile.place(ISSUER), {"api": profile.name, "reason": reason})


def expiry(profile: Validation) -> Iterator[Detection]:
    """`exp` ignored even when present, or its requirement turned off in so many words."""
    if profile.expiry_checked and profile.expiry_required is not False:
        return
    reason = profile.reasons.get(EXPIRY, "exp is not checked")
    yield JWT006.detect(profile.place(EXPIRY), {"api": profile.name, "reason": reason})


def lifetime(profile: Validation, context: Context) -> Iterator[Detection]:
    limit = context.params(JWT007).access_max_seconds
    where = profile.place(MAX_LIFETIME)
    yield from _over(JWT007, profile.max_lifetime_seconds, limit, where, "setting", profile.name)


def long_lifetime(
    where: Location, setting: str, seconds: float | None, context: Context
) -> Iterator[Detection]:
    """JWT007 for a lifetime no validator checks: tokens a gateway mints, a session cookie's."""
    limit = context.params(JWT007).access_max_seconds
    yield from _over(JWT007, seconds, limit, where, "setting", setting)


def leeway(profile: Validation, context: Context) -> Iterator[Detection]:
    limit = context.params(JWT008).max_leeway_seconds
    yield from _over(
        JWT008, profile.leeway_seconds, limit, profile.place(LEEWAY), "api", profile.name
    )


def _over(
    rule: RuleEntry[Any],
    found: float | None,
    limit: int,
    where: Location,
    named: str,
    name: str,
) -> Iterator[Detection]:
    """A duration over its limit, in the words of the rule's message (`lifetime`, `leeway`)."""
    if found is not None and found > limit:
        measured = "lifetime" if rule is JWT007 else "leeway"
        fields = {
            named: name,
            measured: durations.describe(found),
            "threshold": durations.describe(limit),
        }
        yield rule.detect(where, fields)


def key_transport(profile: Validation) -> Iterator[Detection]:
    if profile.jwks_uri and is_plain_http(profile.jwks_uri):
        fields = {"setting": profile.name, "endpoint_kind": "JWKS endpoint"}
        yield JWT010.detect(profile.place(JWKS_URI), fields | {"transport": "over plain http"})
    elif profile.insecure_transport:
        where = profile.place(TRANSPORT)
        yield unverified_key_fetch(where, profile.name, profile.insecure_transport)


def unverified_key_fetch(where: Location, setting: str, reason: str) -> Detection:
    """JWT010: keys fetched over TLS whose certificate is not verified (`reason` says how)."""
    fields = {"setting": setting, "endpoint_kind": "JWKS endpoint"}
    return JWT010.detect(where, fields | {"transport": f"without TLS verification ({reason})"})


def inline_key(profile: Validation, key: InlineKey, context: Context) -> Iterator[Detection]:
    """HMAC002 for a weak key (and HMAC001 too when it is only short), HMAC001 otherwise."""
    weak_keys = context.params(HMAC002)
    needed = MIN_KEY_BYTES.get(key.algorithm.upper(), weak_keys.default_min_bytes)
    secret = key.material.decode("utf-8", "surrogateescape")
    weak = weak_reason(secret, weak_keys.weak_values, needed)
    evidence = masking.evidence(key.value)
    details = {"evidence": evidence, "secret_spans": (key.where,)}
    if weak is not None:
        yield HMAC002.detect(key.where, {"setting": profile.name, "reason": weak}, **details)
        if not weak.endswith("needs"):
            return
    yield HMAC001.detect(key.where, {"api": profile.name}, **details)


def not_enforced(
    where: Location, resource: str, reason: str, adjustment: Adjustment | None = None
) -> Detection:
    """GW001: `resource` validates tokens, but lets requests through without one."""
    fields = {"resource": resource, "reason": reason}
    return GW001.detect(where, fields, adjustment=adjustment)


def passed_through(
    where: Location, validator: str, setting: str, upstream: Related | str, reason: str
) -> Detection:
    """TOK001: `validator` checks the caller's token and `setting` keeps it for `upstream`,
    which `reason` says lies outside the trust boundary. An upstream written in the same
    file is the related place; one in another file is named only (`str`)."""
    named = upstream if isinstance(upstream, str) else upstream.message
    fields = {
        "source": f"the caller's token validated by {validator}",
        "sink": f"`{setting}` to {named}, {reason}",
    }
    related = () if isinstance(upstream, str) else (upstream,)
    return TOK001.detect(where, fields, related=related)


def is_exempt_path(path: str, exempt: Sequence[str]) -> bool:
    """A probe path of GW001's list: one of them, below one (`/health/live`), or ending in one
    (`/orders/healthz`, `/status/ready`); a trailing `*` is ignored."""
    bare = path.rstrip("*").rstrip("/") or "/"
    for entry in (e.rstrip("/") for e in exempt):
        if entry and (bare == entry or bare.startswith(entry + "/") or bare.endswith(entry)):
            return True
    return False
