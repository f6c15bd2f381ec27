"""Emissary-ingress / Ambassador Edge Stack `Filter` with a `JWT` spec (getambassador.io).

`jwksURI` over http or `insecureTLS: true` expose the key fetch;
`validAlgorithms` may list `none`; no `audience` (or `requireAudience:
false`), no `issuer` (or `requireIssuer: false`) and `requireExpiresAt:
false` leave a claim unchecked; `leewayForExpiresAt` is the clock skew.
A `FilterPolicy` whose rule runs such a filter with `onDeny: continue`
lets a request the filter rejected through (GW001).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

import yaml

from scanner.analyzers.base import Context
from scanner.analyzers.gateway import claims, providers
from scanner.analyzers.gateway.documents import (
    Document,
    boolean,
    child,
    items,
    strings,
    text,
)
from scanner.analyzers.gateway.judges import not_enforced
from scanner.analyzers.gateway.platform_descriptor import Platform
from scanner.analyzers.gateway.profile import (
    ALGORITHMS,
    AUDIENCES,
    EXPIRY,
    ISSUER,
    TRANSPORT,
    Validation,
    algorithm_item,
)
from scanner.analyzers.yamldoc import location
from scanner.model import Detection, Location, Vouch

GROUP = "getambassador.io"
LAYOUT = providers.Layout(
    "emissary",
    jwks_uri=("jwksURI",),
    audiences=("audience",),
    leeway=("leewayForExpiresAt",),
    expiry_required=("requireExpiresAt",),
)
JWT_FILTER = "emissary-jwt-filter"
# (property, switch, profile field, its value when the switch is false)
_SWITCHES = (
    (ISSUER, "requireIssuer", "issuer_checked", False),
    (AUDIENCES, "requireAudience", "audiences", None),
)  # the claim of a Filter with a JWT spec, by name


def _recognises(document: Document) -> bool:
    return document.is_kind(GROUP, "Filter", "FilterPolicy")


def _read(
    documents: Sequence[Document], context: Context
) -> Iterator[Validation | Detection | Vouch]:
    jwt_filters = set()
    for document in documents:
        spec = child(document.root, "spec", "JWT")
        if document.kind == "Filter" and isinstance(spec, yaml.MappingNode):
            jwt_filters.add(document.name)
            yield from claims.offered(JWT_FILTER, document.namespace, document.name)
            yield _profile(document, spec)
    for document in documents:
        if document.kind == "FilterPolicy":
            yield from _continuing(document, jwt_filters)


def _profile(document: Document, spec: yaml.MappingNode) -> Validation:
    places: dict[str, Location] = {}
    reasons: dict[str, str] = {}
    checks: dict[str, object] = {}  # the profile fields a `require...: false` switch turns off
    for prop, switch, field, unchecked in _SWITCHES:
        off = child(spec, switch)
        if off is not None and boolean(off) is False:
            places[prop] = document.span(off)
            reasons[prop] = f"{switch} is false, so a token without the claim is accepted"
            checks[field] = unchecked
    algorithms = child(spec, "validAlgorithms")
    for index, item in enumerate(items(algorithms)):
        places[algorithm_item(index)] = document.span(item)
    if algorithms is not None:
        places[ALGORITHMS] = document.span(algorithms)
    insecure = child(spec, "insecureTLS")
    if insecure is not None:
        places[TRANSPORT] = document.span(insecure)
    reasons[EXPIRY] = "requireExpiresAt is false, so a token without exp is accepted"
    return providers.read(
        LAYOUT,
        document,
        spec,
        document.title,
        _opening(document),
        algorithms=strings(algorithms),
        insecure_transport="insecureTLS is true" if boolean(insecure) is True else "",
        places=places,
        reasons=reasons,
        **checks,
    )


def _opening(document: Document) -> Location:
    """The `JWT:` key: the line that opens the validator."""
    spec = child(document.root, "spec")
    if isinstance(spec, yaml.MappingNode):
        for key, _ in spec.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "JWT":
                return location(key)
    return document.kind_line()


def _continuing(document: Document, jwt_filters: set[str]) -> Iterator[Detection]:
    """`onDeny: continue` on a JWT filter: of this file, or of another file (by claim)."""
    for rule in items(child(document.root, "spec", "rules")):
        for used in items(child(rule, "filters")):
            on_deny = child(used, "onDeny")
            name = text(child(used, "name")) or ""
            if on_deny is None or text(on_deny) != "continue":
                continue
            path = text(child(rule, "path")) or "its requests"
            reason = (
                f"the JWT filter '{name}' may reject {path}, and onDeny: continue lets them through"
            )
            found = not_enforced(document.span(on_deny), document.title, reason)
            if name in jwt_filters:
                yield found
            else:
                namespace = text(child(used, "namespace")) or document.namespace
                yield replace(found, if_vouched=claims.accepted(JWT_FILTER, namespace, name))


PLATFORM = Platform(
    name="emissary",
    words=(b"getambassador.io",),
    recognises=_recognises,
    read=_read,
)
