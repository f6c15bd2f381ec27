"""TOK002: one issuer's tokens checked less in one place than in another.

The weakest validator of an issuer sets the real bar for all of them: a
token minted for another client of the issuer, or one long expired, opens
the lax service, which then reaches the strict ones with its own
credentials (RFC 8725 §2.8 and §3.12). Each place that validates tokens
states what it checks (`TokenValidation`); after the scan they are grouped
by issuer, and a place that lacks a check another place of its group makes
is reported there, with that stricter place as the related location.
Audiences differing between services is intended and never compared.

A validator that reads its issuer from an environment variable trusts what
its deployment sets it to: a template that runs its module (a Lambda
function's handler), or a `.env` file or Dockerfile in its folder or above,
and sets that variable to an issuer joins it to that issuer's validators,
unless two deployments set it to issuers that cannot be one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from itertools import combinations
from urllib.parse import urlsplit

from scanner.model import Finding, Related, TokenValidation
from scanner.registry import TOK002

RULE = TOK002
# Paths that name where an issuer publishes its keys or metadata, not the issuer.
_KEY_PATHS = (
    "/.well-known/openid-configuration",
    "/.well-known/oauth-authorization-server",
    "/.well-known/jwks.json",
    "/protocol/openid-connect/certs",
    "/discovery/v2.0/keys",
    "/discovery/keys",
    "/oauth2/v1/keys",
    "/v1/keys",
)
_ASYMMETRIC = ("RS", "PS", "ES", "EDDSA")
# A part a template fills in at deployment (`${AWS::Region}`, `${var.pool_id}`).
_PLACEHOLDER = re.compile(r"\$\{[^}]*\}")


def normalised(issuer: str) -> str:
    """The issuer a validator trusts, from its issuer, discovery or JWKS URL as written.

    Scheme and host are compared in any case and a trailing `/` is dropped, as
    identity providers publish the same issuer both ways. An issuer read from
    a setting (`$OIDC_ISSUER`) is that setting in any case: services of one
    repository that read the same variable trust the same issuer, whether
    through `os.environ` or a pydantic settings field.
    """
    text = issuer.strip()
    if text.startswith("$"):
        return text.lower()
    try:
        parts = urlsplit(text)
    except ValueError:  # `http://[::1` : no URL, compared as written
        return text.rstrip("/")
    if not parts.scheme or not parts.netloc:
        return text.rstrip("/")
    path = parts.path.rstrip("/")
    for suffix in _KEY_PATHS:
        if path.lower().endswith(suffix):
            path = path[: -len(suffix)]
            break
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path.rstrip('/')}"


def gaps(weaker: TokenValidation, other: TokenValidation, leeway_margin: int) -> list[str]:
    """What `other` checks that `weaker` is known not to, in words."""
    found = []
    if weaker.audience is False and other.audience is True:
        found.append("the audience is not checked")
    if weaker.issuer_checked is False and other.issuer_checked is True:
        found.append("the issuer is not checked")
    if weaker.expiry_checked is False and other.expiry_checked is True:
        found.append("an expired token is accepted")
    if weaker.expiry_required is False and other.expiry_required is True:
        found.append("a token without an expiry is accepted")
    if weaker.optional is True and other.optional is False:
        found.append("a request without a token passes")
    if (
        weaker.leeway_seconds is not None
        and other.leeway_seconds is not None
        and weaker.leeway_seconds > other.leeway_seconds + leeway_margin
    ):
        found.append(f"leeway {weaker.leeway_seconds} s against {other.leeway_seconds} s")
    if _symmetric(weaker.algorithms) and _only_asymmetric(other.algorithms):
        found.append("HMAC algorithms are accepted where only asymmetric ones are")
    return found


def find(
    candidates: Iterable[tuple[TokenValidation, Finding]],
    message: str,
    leeway_margin: int,
) -> list[Finding]:
    """A finding at every validator weaker than another of its issuer, naming the stricter one.

    `candidates` pair each validation with the finding prepared at its place
    while its file was read (snippet masked, inline ignores applied).
    """
    every = list(candidates)
    deployments = [(v, f) for v, f in every if v.sets]
    listed = [_deployed(v, f, deployments) for v, f in every if not v.sets]
    reported = []
    for indexes in _by_issuer([v for v, _, _ in listed]):
        group = sorted((listed[n] for n in indexes), key=lambda item: item[1].sort_key())
        pairs = [(v, f) for v, f, _ in group]
        for validation, finding, deployed in group:
            stricter = _strictest_against(validation, pairs, leeway_margin)
            if stricter is None:
                continue
            other, other_finding, missing = stricter
            made = _reported(finding, other, other_finding, missing, message)
            reported.append(replace(made, related=(*made.related, *deployed)))
    return reported


def _deployed(
    validation: TokenValidation,
    finding: Finding,
    deployments: Sequence[tuple[TokenValidation, Finding]],
) -> tuple[TokenValidation, Finding, tuple[Related, ...]]:
    """The validator joined with the issuer its deployments set the variable it reads to.

    Only deployments that run its module count, and only when every value
    they set may be one issuer: two that differ where neither leaves a part
    to the deployment (`${...}`) leave the validator unjoined.
    """
    if not validation.issuer.startswith("$"):
        return validation, finding, ()
    name = validation.issuer[1:].lower()
    setting = [
        (v, f) for v, f in deployments if v.sets.lower() == name and _is_path(v.runs, finding.path)
    ]
    keys = sorted({_issuer_key(v.issuer) for v, _ in setting})
    if not keys or not all(_may_be_one(a, b) for a, b in combinations(keys, 2)):
        return validation, finding, ()
    related = tuple(Related(f.path, f.location, f"sets {v.sets} for this code") for v, f in setting)
    return replace(validation, aliases=(*validation.aliases, *keys)), finding, related


def _may_be_one(first: str, second: str) -> bool:
    """Two issuers as written may be one once a template fills in its `${...}` parts."""
    return first == second or any(
        _PLACEHOLDER.search(a) is not None and _fills(_PLACEHOLDER.split(a), b)
        for a, b in ((first, second), (second, first))
    )


def _fills(literals: Sequence[str], text: str) -> bool:
    """`text` is the literals in order, each gap between two filled by at least one character.

    The leftmost place of each literal leaves the most room for the next, so one
    pass of `str.find` decides it: a regex of `.+` gaps backtracks exponentially
    on a value written with many parts.
    """
    head, *middle, tail = literals
    if not text.startswith(head):
        return False
    end = len(head)
    for literal in middle:
        found = text.find(literal, end + 1)
        if found < 0:
            return False
        end = found + len(literal)
    return len(text) - len(tail) > end and text.endswith(tail)


def _by_issuer(validations: Sequence[TokenValidation]) -> list[list[int]]:
    """Indexes of the validations of each issuer: one issuer as written, or one constant."""
    parent = list(range(len(validations)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    first: dict[str, int] = {}
    defined: dict[str, int] = {}
    for n, validation in enumerate(validations):
        keys = [_issuer_key(validation.issuer)] if validation.issuer else []
        keys += validation.aliases
        defined.update((a, n) for a in validation.aliases if not a.startswith("*/"))
        for key in keys:
            parent[root(n)] = root(first.setdefault(key, n))
    for n, validation in enumerate(validations):
        for alias in validation.aliases:
            if alias.startswith("*/"):
                for path, m in defined.items():
                    if _is_path(alias, path):
                        parent[root(n)] = root(m)
    groups: dict[int, list[int]] = {}
    for n in range(len(validations)):
        groups.setdefault(root(n), []).append(n)
    return sorted(groups.values())


def _is_path(spelled: str, path: str) -> bool:
    """`path` is the one `spelled` names: exactly, in any folder when it starts with `*/`,
    or any path in a folder and below when it ends with `/` (`/` alone: the whole scan)."""
    if spelled.endswith("/"):
        return path.startswith(spelled.lstrip("/"))
    tail = spelled.removeprefix("*/")
    return path == spelled or (tail != spelled and (path == tail or path.endswith("/" + tail)))


def _strictest_against(
    validation: TokenValidation,
    group: Sequence[tuple[TokenValidation, Finding]],
    leeway_margin: int,
) -> tuple[TokenValidation, Finding, list[str]] | None:
    """The first validator of the group that checks the most of what this one lacks."""
    best: tuple[TokenValidation, Finding, list[str]] | None = None
    for other, other_finding in group:
        if other is validation:
            continue
        missing = gaps(validation, other, leeway_margin)
        if missing and (best is None or len(missing) > len(best[2])):
            best = (other, other_finding, missing)
    return best


def _reported(
    finding: Finding,
    other: TokenValidation,
    other_finding: Finding,
    missing: Sequence[str],
    message: str,
) -> Finding:
    where = f"{other.api} in {other_finding.path}:{other_finding.location.line}"
    shown = _shown(other)
    text = (
        message.replace("{issuer}", shown)
        .replace("{gaps}", "; ".join(missing))
        .replace("{stricter}", where)
    )
    # The weak place and what it lacks: fixing one gap makes a new finding, as it should.
    material = f"{RULE.id}\0{finding.fingerprint}\0{'|'.join(missing)}"
    return replace(
        finding,
        message=text,
        fingerprint=hashlib.sha256(material.encode()).hexdigest()[:32],
        related=(Related(other_finding.path, other_finding.location, "validates the same issuer"),),
    )


def _issuer_key(issuer: str) -> str:
    """The issuer as grouped: one fetching its keys over plain http is still that issuer."""
    key = normalised(issuer)
    return "https://" + key.removeprefix("http://") if key.startswith("http://") else key


def _shown(validation: TokenValidation) -> str:
    """The issuer in words: its URL, or the variable or constant it is read from."""
    issuer = validation.issuer.strip()
    if issuer.startswith("$"):
        return f"the issuer in {issuer[1:]}"
    if issuer:
        return normalised(issuer)
    path, _, name = validation.aliases[0].removeprefix("*/").rpartition(":")
    return f"the issuer in {name} ({path})"


def _symmetric(algorithms: Sequence[str]) -> bool:
    return any(name.upper().startswith("HS") for name in algorithms)


def _only_asymmetric(algorithms: Sequence[str]) -> bool:
    return bool(algorithms) and all(name.upper().startswith(_ASYMMETRIC) for name in algorithms)
