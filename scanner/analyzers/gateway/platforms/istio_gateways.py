"""Istio gateways that keep the caller's token for an upstream outside the trust boundary (TOK001).

`forwardOriginalToken: true` on a `RequestAuthentication` rule keeps the
token on the request once the proxy has validated it (the default removes
it). On a sidecar the request then reaches the workload itself, which is
normal. On a gateway (the authentication's selector agrees with a
`Gateway`'s `selector` in the same file) the request goes where the
VirtualServices bound to that Gateway route it: a destination host that a
ServiceEntry declares `MESH_EXTERNAL`, or a public name of none of the
gateway's domains (its servers' hosts, the VirtualServices' hosts, its
issuers and key endpoints), receives the caller's token (`trust_boundary`).
Reported at `forwardOriginalToken`, the destination as the related place.
Gateways, routes and ServiceEntries in other files are not joined.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import yaml

from scanner.analyzers import urls
from scanner.analyzers.base import Context
from scanner.analyzers.gateway import trust_boundary
from scanner.analyzers.gateway.documents import (
    Document,
    boolean,
    child,
    items,
    pairs,
    strings,
    text,
)
from scanner.analyzers.gateway.judges import passed_through
from scanner.analyzers.gateway.platform_descriptor import Platform
from scanner.analyzers.gateway.platforms.istio import GROUP
from scanner.model import Detection, Related

NETWORKING = "networking.istio.io"


def _recognises(document: Document) -> bool:
    return document.is_kind(GROUP, "RequestAuthentication") or document.is_kind(
        NETWORKING, "Gateway", "VirtualService", "ServiceEntry"
    )


def _read(documents: Sequence[Document], context: Context) -> Iterator[Detection]:
    gateways = [d for d in documents if d.is_kind(NETWORKING, "Gateway")]
    routes = [d for d in documents if d.is_kind(NETWORKING, "VirtualService")]
    external = _mesh_external(documents)
    for document in documents:
        if document.kind != "RequestAuthentication" or not gateways:
            continue
        spec = child(document.root, "spec")
        forwarding = [
            flag
            for rule in items(child(spec, "jwtRules"))
            if (flag := child(rule, "forwardOriginalToken")) is not None and boolean(flag)
        ]
        labels = _labels(child(spec, "selector", "matchLabels"))
        bound = [g for g in gateways if _agree(labels, _labels(child(g.root, "spec", "selector")))]
        if not forwarding or not bound:
            continue
        serving = [vs for vs in routes if any(_names(vs, g) for g in bound)]
        own = trust_boundary.Domains.of(
            [
                *(
                    host.rpartition("/")[2]
                    for g in bound
                    for server in items(child(g.root, "spec", "servers"))
                    for host in strings(child(server, "hosts"))
                ),
                *(host for vs in serving for host in strings(child(vs.root, "spec", "hosts"))),
            ],
            (
                text(child(rule, key)) or ""
                for rule in items(child(spec, "jwtRules"))
                for key in ("issuer", "jwksUri")
            ),
        )
        found = _first_outside(serving, own, external)
        if found is not None:
            upstream, reason = found
            validator = f"{document.title}"
            for flag in forwarding:
                yield passed_through(
                    document.span(flag), validator, "forwardOriginalToken: true", upstream, reason
                )


def _first_outside(
    serving: Sequence[Document], own: trust_boundary.Domains, external: Mapping[str, str]
) -> tuple[Related, str] | None:
    for vs in serving:
        for http in items(child(vs.root, "spec", "http")):
            for route in items(child(http, "route")):
                node = child(route, "destination", "host")
                host = urls.host_of(text(node) or "")
                reason = trust_boundary.outside(host, own, external.get(host, ""))
                if node is not None and reason is not None:
                    where = vs.span(node)
                    return Related(vs.path, where, f"{vs.title} destination {host}"), reason
    return None


def _mesh_external(documents: Sequence[Document]) -> dict[str, str]:
    """Hosts a ServiceEntry of the file declares outside the mesh, with why."""
    found = {}
    for entry in documents:
        spec = child(entry.root, "spec")
        if entry.is_kind(NETWORKING, "ServiceEntry") and text(child(spec, "location")) == (
            "MESH_EXTERNAL"
        ):
            for host in strings(child(spec, "hosts")):
                found[host.lower()] = f"declared MESH_EXTERNAL by {entry.title}"
    return found


def _labels(node: yaml.Node | None) -> dict[str, str]:
    return {str(k.value): text(v) or "" for k, v in pairs(node)}


def _agree(ours: Mapping[str, str], theirs: Mapping[str, str]) -> bool:
    """Two selectors that share a label and agree on every label they share."""
    shared = ours.keys() & theirs.keys()
    return bool(shared) and all(ours[k] == theirs[k] for k in shared)


def _names(route: Document, gateway: Document) -> bool:
    """Whether the VirtualService binds to the Gateway (`name` or `namespace/name`)."""
    for ref in strings(child(route.root, "spec", "gateways")):
        namespace, _, name = ref.rpartition("/")
        if name == gateway.name and namespace in ("", gateway.namespace, "*"):
            return True
    return False


PLATFORM = Platform(
    name="istio gateways",
    words=(b"forwardOriginalToken",),
    recognises=_recognises,
    read=_read,
)
