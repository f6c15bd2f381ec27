"""istiod's `JWKS_RESOLVER_INSECURE_SKIP_VERIFY`: TLS verification off for every JWKS in the mesh.

Set in an `IstioOperator` or Helm values as `values.pilot.env` /
`pilot.env` (a mapping), or as an `env` entry of the istiod container
(`name`/`value`). istiod fetches the keys for every
`RequestAuthentication`, so one switch exposes all of them (JWT010).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import yaml

from scanner.analyzers.base import Context
from scanner.analyzers.gateway.documents import Document, boolean, child, text, walk
from scanner.analyzers.gateway.judges import unverified_key_fetch
from scanner.analyzers.gateway.platform_descriptor import Platform
from scanner.analyzers.gateway.profile import Validation
from scanner.model import Detection

SWITCH = "JWKS_RESOLVER_INSECURE_SKIP_VERIFY"


def _switches(document: Document) -> Iterator[yaml.Node]:
    """The values the switch is given in the document (mapping form or `env` entry form)."""
    for _, mapping in walk(document.root):
        found = child(mapping, SWITCH)
        if found is not None:
            yield found
        elif text(child(mapping, "name")) == SWITCH:
            value = child(mapping, "value")
            if value is not None:
                yield value


def _recognises(document: Document) -> bool:
    return next(_switches(document), None) is not None


def _read(documents: Sequence[Document], context: Context) -> Iterator[Validation | Detection]:
    for document in documents:
        for value in _switches(document):
            if boolean(value) is True:
                yield unverified_key_fetch(
                    document.span(value),
                    "istiod",
                    f"{SWITCH} is true for every RequestAuthentication",
                )


PLATFORM = Platform(
    name="istiod",
    words=(SWITCH.encode(),),
    recognises=_recognises,
    read=_read,
)
