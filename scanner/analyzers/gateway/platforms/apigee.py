"""Apigee `VerifyJWT` / `GenerateJWT` policies and the `private.*` variables `AssignMessage` sets.

`VerifyJWT` checks `aud` only with `<Audience>`, `iss` only with `<Issuer>`,
and `exp`/`nbf` when the token has them. `<Algorithm>` may list several
algorithms; an HS algorithm next to an RS/ES/PS one lets a token signed
with the public key as HMAC secret pass. An HMAC key belongs in
`<SecretKey><Value ref="private.x"/>`: a `<Value>` with text, or an
`AssignMessage` giving a `private.*` variable a literal `<Value>`, writes
it into the proxy bundle. `GenerateJWT`'s `<ExpiresIn>` is the lifetime of
the tokens it mints.
"""

from __future__ import annotations

from collections.abc import Iterator

from scanner.analyzers.base import Context, Source
from scanner.analyzers.config import durations
from scanner.analyzers.gateway.judges import long_lifetime
from scanner.analyzers.gateway.profile import (
    ALGORITHMS,
    AUDIENCES,
    ISSUER,
    JWKS_URI,
    LEEWAY,
    InlineKey,
    Validation,
)
from scanner.analyzers.gateway.tree_platform import TreePlatform
from scanner.analyzers.trees import xml_tree
from scanner.analyzers.trees.places import place
from scanner.analyzers.trees.xml_tree import Element
from scanner.model import Detection, FileKind

_POLICIES = ("VerifyJWT", "GenerateJWT", "AssignMessage")


def read(root: Element, source: Source, context: Context) -> Iterator[Validation | Detection]:
    if root.name == "VerifyJWT":
        yield _verify(root, source)
    elif root.name == "GenerateJWT":
        yield from _generate(root, source, context)
    elif root.name == "AssignMessage":
        yield from _assigned_keys(root, source)


def _label(policy: Element) -> str:
    name = policy.attributes.get("name", "")
    return f"Apigee {policy.name} '{name}'" if name else f"Apigee {policy.name}"


def _verify(policy: Element, source: Source) -> Validation:
    places = {}
    elements = {
        ALGORITHMS: policy.child("Algorithm"),
        AUDIENCES: policy.child("Audience"),
        ISSUER: policy.child("Issuer"),
        LEEWAY: policy.child("TimeAllowance"),
    }
    for prop, element in elements.items():
        if element is not None:
            places[prop] = place(source, element.line, f"<{element.name}")
    jwks = next(policy.descendants("JWKS"), None)
    uri = jwks.attributes.get("uri") if jwks is not None else None
    if jwks is not None and uri:
        places[JWKS_URI] = place(source, jwks.line, uri)
    algorithm, audience, issuer, allowance = (
        elements[ALGORITHMS],
        elements[AUDIENCES],
        elements[ISSUER],
        elements[LEEWAY],
    )
    skew = durations.duration(allowance.text, 1.0, None) if allowance is not None else None
    written = algorithm.text.split(",") if algorithm is not None else []
    return Validation(
        platform="apigee",
        name=_label(policy),
        at=place(source, policy.line, f"<{policy.name}"),
        issuer=issuer.text if issuer is not None else None,
        issuer_checked=issuer is not None and _set(issuer),
        audiences=(audience.text,) if audience is not None and _set(audience) else None,
        leeway_seconds=skew.seconds if skew is not None else None,
        algorithms=tuple(a.strip() for a in written if a.strip()),
        jwks_uri=uri,
        inline_keys=tuple(_secret_keys(policy, source)),
        places=places,
        reasons={AUDIENCES: "no <Audience> element", ISSUER: "no <Issuer> element"},
    )


def _set(element: Element) -> bool:
    """`<Issuer>https://idp/</Issuer>` or `<Issuer ref="flow.var"/>`: a value to compare with."""
    return bool(element.text or element.attributes.get("ref"))


def _generate(
    policy: Element, source: Source, context: Context
) -> Iterator[Validation | Detection]:
    keys = tuple(_secret_keys(policy, source))
    if keys:
        yield Validation(
            platform="apigee",
            name=_label(policy),
            at=place(source, policy.line, f"<{policy.name}"),
            audiences=(),  # minting: what it checks is the verifier's business
            inline_keys=keys,
        )
    expires = policy.child("ExpiresIn")
    found = durations.duration(expires.text, 1.0, None) if expires is not None else None
    if expires is not None and found is not None:
        where = place(source, expires.text_line or expires.line, expires.text)
        yield from long_lifetime(where, f"{_label(policy)} ExpiresIn", found.seconds, context)


def _secret_keys(policy: Element, source: Source) -> Iterator[InlineKey]:
    """`<SecretKey><Value>literal</Value>`: the HMAC key itself, not a `ref` to a variable."""
    for holder in policy.named("SecretKey"):
        for value in holder.named("Value"):
            if value.text and "ref" not in value.attributes:
                algorithm = policy.child("Algorithm")
                named = algorithm.text.split(",")[0].strip() if algorithm is not None else ""
                where = place(source, value.text_line or value.line, value.text)
                yield InlineKey(where, named, value.text, encoded=False)


def _assigned_keys(policy: Element, source: Source) -> Iterator[Validation]:
    """`<AssignVariable><Name>private.jwt-key</Name><Value>literal</Value>`: a key in the bundle.

    Only `private.*` names that say key or secret: others hold anything.
    """
    keys = []
    for assign in policy.named("AssignVariable"):
        name, value = assign.child("Name"), assign.child("Value")
        if name is None or value is None or not value.text:
            continue
        wanted = name.text.startswith("private.") and ("key" in name.text or "secret" in name.text)
        if wanted and "{" not in value.text:
            where = place(source, value.text_line or value.line, value.text)
            keys.append(InlineKey(where, "", value.text, encoded=False))
    if keys:
        yield Validation(
            platform="apigee",
            name=_label(policy),
            at=place(source, policy.line, f"<{policy.name}"),
            audiences=(),
            inline_keys=tuple(keys),
        )


WORDS = tuple(f"<{policy}".encode() for policy in _POLICIES)
PLATFORM = TreePlatform("apigee", FileKind.XML, WORDS, xml_tree.parse, read)
