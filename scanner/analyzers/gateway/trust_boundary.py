"""Whether an upstream a gateway sends requests to lies outside the trust boundary (TOK001).

A gateway that validates the caller's token and keeps it for the upstream
(Envoy `forward`, Gloo `keepToken`, oauth2-proxy `pass_access_token`) is
normal when the upstream is one of the organisation's own services, which
validate the token again; it is a token passthrough when the upstream
belongs to someone else. Inside: names only a private resolver answers
(no dot, `*.svc.cluster.local`, `.internal`, `.local`, `.consul`...),
private, loopback and link-local addresses, and DNS names of the domains
the gateway itself serves or trusts (its virtual hosts, its issuers and key
endpoints). Outside: a public DNS name of any other domain. Anything the
configuration leaves to run time (a template, a variable) or cannot place
(a public address, a gateway that names no domain of its own) is not judged:
precision first. Domains are compared on their last two labels (three
under a country code's registry level, `co.uk`, `com.au`: `box.io` is one
organisation's).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

from scanner.analyzers.urls import host_of

# Suffixes of names only an in-cluster, in-mesh or corporate resolver answers.
_PRIVATE_SUFFIXES = (
    ".svc",
    ".cluster.local",
    ".local",
    ".localdomain",
    ".localhost",
    ".internal",
    ".intranet",
    ".private",
    ".corp",
    ".lan",
    ".home.arpa",
    ".consul",
    ".mesh",
    ".global",  # Istio multi-cluster service names
)
_TEMPLATED = ("{{", "${", "$(", "%", "<")
# Second levels under which a country code's registry sells names (`shop.co.uk`, `shop.com.au`):
# any other label under a two-letter domain is itself the organisation's (`box.io`).
_REGISTRY_LEVELS = frozenset(
    {"ac", "co", "com", "edu", "go", "gob", "gov", "govt", "gv", "ltd", "mil", "ne", "net"}
    | {"nic", "nom", "or", "org", "plc", "sch"}
)


def domain_of(host: str) -> str:
    """The organisation's part of a DNS name: `api.shipfast.com` -> `shipfast.com`."""
    labels = [label for label in host.lower().rstrip(".").split(".") if label and label != "*"]
    if len(labels) < 2:
        return ""
    under_registry = len(labels[-1]) == 2 and labels[-2] in _REGISTRY_LEVELS
    keep = 3 if under_registry and len(labels) >= 3 else 2
    return ".".join(labels[-keep:])


def own_domains(addresses: Iterable[str]) -> frozenset[str]:
    """The domains of the hosts and URLs a gateway serves or trusts (wildcards included)."""
    found = set()
    for address in addresses:
        host = host_of(address.replace("*.", "")) if address.strip() != "*" else ""
        if host and is_private(host) is False:
            found.add(domain_of(host))
    return frozenset(d for d in found if d)


@dataclass(frozen=True, slots=True)
class Domains:
    """The domains a gateway serves (its virtual hosts, redirect URLs) and those it trusts
    (its issuers and key endpoints, often a hosted identity provider's, so they cannot tell
    alone which names are the organisation's)."""

    served: frozenset[str]
    trusted: frozenset[str] = frozenset()

    @classmethod
    def of(cls, served: Iterable[str], trusted: Iterable[str] = ()) -> Domains:
        return cls(own_domains(served), own_domains(trusted))

    @property
    def known(self) -> frozenset[str]:
        return self.served | self.trusted


def is_private(host: str) -> bool | None:
    """True for names and addresses inside the network, False for public DNS names, None when
    it cannot be told (templated, empty, a public address)."""
    if not host or any(mark in host for mark in _TEMPLATED):
        return None
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    else:
        inside = address.is_private or address.is_loopback or address.is_link_local
        return True if inside else None
    return "." not in host or host.endswith(_PRIVATE_SUFFIXES)


def outside(host: str, domains: Domains, declared: str = "") -> str | None:
    """Why `host` is outside the trust boundary of a gateway with these domains, or None when
    it is inside or the scan cannot tell (a gateway that serves no named domain). `declared`
    says why the configuration itself calls the host external (a ServiceEntry
    `MESH_EXTERNAL`): a public name then counts as outside unless it is of a known domain."""
    if is_private(host) is not False or not (domains.served or declared):
        return None
    domain = domain_of(host)
    if not domain or domain in domains.known:
        return None
    if declared:
        return declared
    shown = ", ".join(sorted(domains.known))
    return f"a public name outside the domains it serves or trusts ({shown})"
