"""Key files: a JWKS (`{"keys": [...]}`) or a single JWK committed to the repository.

NGINX `auth_jwt_key_file`, Envoy `local_jwks.filename` and similar settings
name a key file the repository often holds next to the configuration. Its
public keys (`RSA`, `EC`, `OKP`) are what a JWKS is for; an `oct` key is the
HMAC secret itself, and whoever reads the repository can mint tokens.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import yaml

from scanner.analyzers.base import Context
from scanner.analyzers.gateway import inline_keys
from scanner.analyzers.gateway.documents import Document, child, items, text
from scanner.analyzers.gateway.platform_descriptor import Platform
from scanner.analyzers.gateway.profile import Validation
from scanner.model import Detection


def _recognises(document: Document) -> bool:
    keys = items(child(document.root, "keys"))
    if keys:
        return all(isinstance(k, yaml.MappingNode) and child(k, "kty") is not None for k in keys)
    return text(child(document.root, "kty")) is not None


def _read(documents: Sequence[Document], context: Context) -> Iterator[Validation | Detection]:
    for document in documents:
        keys = inline_keys.oct_keys(document, document.root)
        if keys:
            yield Validation(
                platform="jwks",
                name="key file",
                at=keys[0].where,
                audiences=(),  # a key file checks nothing: its users' settings do
                inline_keys=keys,
            )


PLATFORM = Platform(name="jwks", words=(b"oct",), recognises=_recognises, read=_read)
