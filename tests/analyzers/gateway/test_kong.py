"""Kong: `jwt` and `openid-connect` plugins in declarative config and `KongPlugin` CRDs."""

from __future__ import annotations

import pytest
from annotations import expected
from edge_cases import found

CASES = {
    "jwt-without-claims-to-verify": """\
_format_version: "3.0"
services:
  - name: orders
    url: http://orders.internal:8080
    plugins:
      # expect: JWT006
      - name: jwt
        config:
          key_claim_name: iss
""",
    "claims-to-verify-without-exp": """\
_format_version: "3.0"
plugins:
  - name: jwt
    config:
      # expect: JWT006
      claims_to_verify: [nbf]
""",
    "year-long-maximum-expiration": """\
_format_version: "3.0"
routes:
  - name: reports
    paths: [/reports]
    plugins:
      - name: jwt
        config:
          claims_to_verify: [exp]
          # expect: JWT007
          maximum_expiration: 31536000
""",
    "anonymous-consumer": """\
_format_version: "3.0"
services:
  - name: accounts
    routes:
      - name: accounts
        plugins:
          - name: jwt
            config:
              claims_to_verify: [exp]
              # expect: GW001
              anonymous: guest-consumer
""",
    "kong-plugin-crd": """\
apiVersion: configuration.konghq.com/v1
kind: KongPlugin
metadata:
  name: orders-jwt
# expect: JWT006
plugin: jwt
config:
  # expect: GW001
  anonymous: anonymous
""",
    "openid-connect-without-audience": """\
_format_version: "3.0"
plugins:
  # expect: JWT004
  - name: openid-connect
    config:
      issuer: https://login.example.com/realms/shop/.well-known/openid-configuration
      auth_methods: [bearer]
""",
    "openid-connect-over-http": """\
_format_version: "3.0"
plugins:
  - name: openid-connect
    config:
      # expect: JWT010
      issuer: http://keycloak.example.com/realms/shop
      audience_required: [orders-api]
""",
    "openid-connect-claims-not-verified": """\
_format_version: "3.0"
plugins:
  - name: openid-connect
    config:
      issuer: https://login.example.com/realms/shop
      audience_required: [orders-api]
      # expect: JWT006
      verify_claims: false
""",
    "literal-consumer-secret": """\
_format_version: "3.0"
consumers:
  - username: partner
    jwt_secrets:
      - key: partner-issuer
        algorithm: HS256
        # expect: HMAC001
        secret: Zq8Yw3nVt6RbLz1XkPe9sHd4Mf7Ua2Gc5Jx
""",
    "credential-secret-of-a-kong-consumer": """\
apiVersion: v1
kind: Secret
metadata:
  name: warehouse-robot-jwt
  labels:
    konghq.com/credential: jwt
stringData:
  key: warehouse-robot
  algorithm: HS256
  # expect: HMAC001
  secret: Zq8Yw3nVt6RbLz1XkPe9sHd4Mf7Ua2Gc5Jx
""",
    "openid-connect-client-secret-list": """\
_format_version: "3.0"
plugins:
  - name: openid-connect
    config:
      issuer: https://login.example.com/realms/shop
      audience_required: [orders-api]
      # expect: SEC001
      client_secret: [7lxUtRgirMV8MtsuaS8bMtmneatPNJip]
      session_secret: "{vault://hcv/kong/session}"
""",
    # --- tricky negatives ---
    "exp-checked-and-capped": """\
_format_version: "3.0"
plugins:
  - name: jwt
    config:
      claims_to_verify: [exp, nbf]
      maximum_expiration: 900
""",
    "no-anonymous-fallback": """\
_format_version: "3.0"
plugins:
  - name: jwt
    config:
      claims_to_verify: [exp]
      anonymous: null
""",
    "other-auth-plugins": """\
_format_version: "3.0"
plugins:
  - name: key-auth
    config:
      anonymous: guest
  - name: jwt-signer
    config:
      access_token_consumer_claim: [sub]
""",
    "credential-id-and-vault-reference": """\
_format_version: "3.0"
consumers:
  - username: mobile
    jwt_secrets:
      - key: mobile-app-issuer-7Hq2Lm
        algorithm: HS256
        secret: "{vault://hcv/kong/mobile-jwt-secret}"
      - key: mobile-rs256
        algorithm: RS256
        rsa_public_key: "{vault://hcv/kong/mobile-public-key}"
""",
    "credential-secrets-of-the-ingress-controller": """\
apiVersion: v1
kind: Secret
metadata:
  name: billing-batch-jwt
  labels:
    konghq.com/credential: jwt
stringData:
  key: billing-batch-2025
  algorithm: HS256
  # expect: HMAC001
  secret: bzQpPQhkuY1H2hgDikszXNNIRYtHbecE4RIsPGDj
---
apiVersion: v1
kind: Secret
metadata:
  name: billing-batch-apikey
  labels:
    konghq.com/credential: key-auth
stringData:
  # expect: SEC001
  key: uCGWrpDIo8qFJIp8MaI2Nv2VTVsggUq7
""",
    "openid-connect-with-audience": """\
_format_version: "3.0"
plugins:
  - name: openid-connect
    config:
      issuer: https://login.example.com/realms/shop
      audience_required: [orders-api]
      leeway: 30
""",
    "plugin-list-of-another-tool": """\
plugins:
  - name: jwt
    config:
      secret_env: JWT_SECRET
""",
    "kong-plugin-crd-checking-exp": """\
apiVersion: configuration.konghq.com/v1
kind: KongClusterPlugin
metadata:
  name: global-jwt
plugin: jwt
config:
  claims_to_verify: [exp]
""",
}


@pytest.mark.parametrize(("name", "text"), CASES.items(), ids=CASES.keys())
def test_kong(name: str, text: str) -> None:
    assert found("kong/kong.yml", text) == expected(text)
