"""Gateway, mesh and workload documents: where JWT validation lives outside application code.

    profile.py              `Validation`: one validator's checks, normalised across platforms
    judges.py               the shared judges: a profile to JWT002-JWT010, HMAC001/HMAC002
    inline_keys.py          symmetric (`kty: oct`) keys inside an inline JWKS
    trust_boundary.py       whether an upstream a gateway keeps the token for is outside (TOK001)
    documents.py            `Document`: one parsed YAML/JSON document and small node readers
    platform_descriptor.py  `Platform`: what must occur in a file, which documents, which reader
    platforms/              one descriptor module per platform, registered in `PLATFORMS`
    analyzer.py             the analyzer: parse once, hand each platform its documents

A document is recognised by what it says (`apiVersion`/`kind`, an Envoy
`typed_config["@type"]`), never by its file name. A new platform is one
module in `platforms/` and one line in its table.
"""

from __future__ import annotations

from scanner.analyzers.gateway.analyzer import GatewayConfigs

__all__ = ["GatewayConfigs"]
