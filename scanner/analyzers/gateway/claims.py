"""The claims gateway documents vouch for across files: `<kind>:<namespace>/<name>`.

A resource offers its claim in its own namespace and for "any namespace"
(`*`); a finding accepts the claim of its namespace, of a namespace left to
the installer (""), and of any extra namespaces that apply everywhere (the
Istio root namespace). A finding whose own namespace is left to the
installer accepts a claim from any namespace. Names may be "" when a claim
is about a namespace as a whole.
"""

from __future__ import annotations

from collections.abc import Iterator

from scanner.model import Vouch


def offered(kind: str, namespace: str, name: str = "") -> Iterator[Vouch]:
    yield Vouch(f"{kind}:{namespace}/{name}")
    yield Vouch(f"{kind}:*/{name}")


def accepted(kind: str, namespace: str, name: str = "", *everywhere: str) -> tuple[str, ...]:
    if not namespace:
        return (f"{kind}:*/{name}",)
    spaces = dict.fromkeys((namespace, "", *everywhere))
    return tuple(f"{kind}:{space}/{name}" for space in spaces)
