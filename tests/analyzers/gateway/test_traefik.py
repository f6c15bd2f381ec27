"""Traefik: `forwardAuth` trusting forwarded headers, the `jwt` middleware's keys and claims."""

from __future__ import annotations

import pytest
from annotations import expected
from edge_cases import found

CASES = {
    "middleware-crd-trusting-forwarded-headers": """\
apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata:
  name: sso
spec:
  forwardAuth:
    address: http://oauth2-proxy.auth.svc:4180/oauth2/auth
    # expect: GW001
    trustForwardHeader: true
""",
    "file-provider-jwt-with-remote-keys-and-no-audience": """\
http:
  middlewares:
    api-jwt:
      plugin:
        jwt:
          # expect: JWT010
          jwksUrl: http://idp.example.com/.well-known/jwks.json
          # expect: JWT004
          claims: Equals(`iss`, `https://idp.example.com`)
""",
    "literal-signing-secret": """\
apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata:
  name: internal-jwt
spec:
  plugin:
    jwt:
      # expect: HMAC001
      signingSecret: Zq8Yw3nVt6RbLz1XkPe9sHd4Mf7Ua2Gc5Jx
""",
    "docker-labels": """\
services:
  whoami:
    image: traefik/whoami
    labels:
      - traefik.http.middlewares.sso.forwardauth.address=http://auth:4181
      # expect: GW001
      - traefik.http.middlewares.sso.forwardauth.trustForwardHeader=true
""",
    # --- tricky negatives ---
    "forward-auth-without-trust-and-secret-reference": """\
apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata:
  name: sso
spec:
  forwardAuth:
    address: https://auth.example.com/verify
    trustForwardHeader: false
  plugin:
    jwt:
      signingSecret: urn:k8s:secret:jwt-signing:key
""",
    "jwks-over-https-with-audience-claim": """\
http:
  middlewares:
    api-jwt:
      plugin:
        jwt:
          jwksUrl: https://idp.example.com/.well-known/jwks.json
          claims: Equals(`aud`, `orders-api`) && Equals(`iss`, `https://idp.example.com`)
""",
}


@pytest.mark.parametrize(("name", "text"), CASES.items(), ids=CASES.keys())
def test_traefik(name: str, text: str) -> None:
    assert found("deploy/traefik.yml", text) == expected(text)


def test_the_toml_file_provider_trusting_forwarded_headers() -> None:
    text = """\
[http.middlewares.sso.forwardAuth]
  address = "http://auth:4181"
  # expect: GW001
  trustForwardHeader = true

[http.middlewares.internal.forwardAuth]
  address = "http://auth:4181"
  trustForwardHeader = false
"""
    assert found("traefik/dynamic.toml", text) == expected(text)
