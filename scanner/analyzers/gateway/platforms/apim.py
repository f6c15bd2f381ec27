"""Azure API Management `<validate-jwt>` policies (`<policies>` XML).

Defaults, from the policy reference: `require-expiration-time` true,
`require-signed-tokens` true, `clock-skew` 0 seconds. The audience is
checked only with `<audiences>` (or a `<required-claims>` claim named
`aud`); the issuer with `<issuers>`, the discovery document of
`<openid-config url>`, or a required `iss` claim. A key in
`<issuer-signing-keys><key>` is a base64 symmetric key unless it names a
certificate (`certificate-id`) or an RSA key (`n`/`e`); `{{name}}` is a
named value, a reference.
"""

from __future__ import annotations

from collections.abc import Iterator

from scanner.analyzers.base import Context, Source
from scanner.analyzers.config import durations
from scanner.analyzers.gateway.profile import (
    ALGORITHMS,
    AUDIENCES,
    EXPIRY,
    ISSUER,
    JWKS_URI,
    LEEWAY,
    InlineKey,
    Validation,
)
from scanner.analyzers.gateway.tree_platform import TreePlatform
from scanner.analyzers.trees import xml_tree
from scanner.analyzers.trees.places import place, place_from
from scanner.analyzers.trees.xml_tree import Element
from scanner.model import Detection, FileKind


def read(root: Element, source: Source, context: Context) -> Iterator[Validation | Detection]:
    if root.name not in ("policies", "fragment"):  # a policy document, or a policy fragment
        return
    for number, policy in enumerate(root.descendants("validate-jwt")):
        yield _profile(policy, number, source)


def _profile(policy: Element, number: int, source: Source) -> Validation:
    attributes = policy.attributes
    at = place(source, policy.line, "<validate-jwt")
    places = {
        prop: place_from(source, policy.line, f"{name}=")
        for prop, name in (
            (EXPIRY, "require-expiration-time"),
            (LEEWAY, "clock-skew"),
            (ALGORITHMS, "require-signed-tokens"),
        )
        if name in attributes
    }
    audiences = policy.child("audiences")
    issuers = policy.child("issuers")
    discovery = policy.child("openid-config")
    if audiences is not None:
        places[AUDIENCES] = place(source, audiences.line, "<audiences")
    url = discovery.attributes.get("url") if discovery is not None else None
    if discovery is not None and url:
        places[JWKS_URI] = place(source, discovery.line, url)
    unsigned = _turned_off(policy, "require-signed-tokens")
    skew = durations.duration(attributes.get("clock-skew", ""), 1.0, None)
    names = [i.text for i in issuers.named("issuer")] if issuers is not None else []
    required = _required_claims(policy)
    return Validation(
        platform="apim",
        name=f"validate-jwt policy #{number + 1}",
        at=at,
        issuer=names[0] if names else None,
        issuer_checked=bool(names) or bool(url) or "iss" in required,
        audiences=(
            tuple(a.text for a in audiences.named("audience"))
            if audiences is not None
            else required.get("aud")
        ),
        expiry_required=not _turned_off(policy, "require-expiration-time"),
        leeway_seconds=skew.seconds if skew is not None else None,
        algorithms=("none",) if unsigned else (),
        jwks_uri=url,
        inline_keys=tuple(_keys(policy, source)),
        places=places,
        reasons={
            AUDIENCES: "no <audiences> element",
            ISSUER: "neither <issuers> nor <openid-config>",
            EXPIRY: 'require-expiration-time="false" accepts tokens without exp',
        },
    )


def _required_claims(policy: Element) -> dict[str, tuple[str, ...]]:
    """`<required-claims><claim name="aud"><value>...</value></claim>`: claims checked by name."""
    return {
        claim.attributes.get("name", ""): tuple(v.text for v in claim.named("value"))
        for holder in policy.named("required-claims")
        for claim in holder.named("claim")
    }


def _turned_off(policy: Element, attribute: str) -> bool:
    """`require-...="false"`: a check on by default, turned off in so many words."""
    return policy.attributes.get(attribute, "true").strip().lower() == "false"


def _keys(policy: Element, source: Source) -> Iterator[InlineKey]:
    """Symmetric keys written in `<issuer-signing-keys>`: base64 text, not a named value."""
    for holder in policy.named("issuer-signing-keys"):
        for key in holder.named("key"):
            text = key.text
            if not text or "{{" in text or {"certificate-id", "n", "e"} & set(key.attributes):
                continue
            where = place(source, key.text_line or key.line, text)
            yield InlineKey(where, "", text)


PLATFORM = TreePlatform("apim", FileKind.XML, (b"validate-jwt",), xml_tree.parse, read)
