"""Dapr components: secrets written in `metadata` values, and the bearer middleware's keys."""

from __future__ import annotations

import pytest
from annotations import expected
from edge_cases import found

CASES = {
    "literal-client-secret-and-jwks-over-http": """\
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: oauth2
spec:
  type: middleware.http.oauth2
  version: v1
  metadata:
    - name: clientId
      value: orders-web
    - name: clientSecret
      # expect: SEC001
      value: "Xq8Lm2Pz7vRt4NwK9sJd3Hf6Ua1Gc5Bn"
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: bearer
spec:
  type: middleware.http.bearer
  version: v1
  metadata:
    - name: audience
      value: orders
    - name: issuer
      value: https://idp.example.com
    - name: jwksURL
      # expect: JWT010
      value: "http://idp.example.com/.well-known/jwks.json"
""",
    # --- tricky negative ---
    "secret-key-ref": """\
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: statestore
spec:
  type: state.redis
  version: v1
  metadata:
    - name: redisHost
      value: redis-master.default.svc:6379
    - name: redisPassword
      secretKeyRef:
        name: redis
        key: redis-password
auth:
  secretStore: kubernetes
""",
}


@pytest.mark.parametrize(("name", "text"), CASES.items(), ids=CASES.keys())
def test_dapr(name: str, text: str) -> None:
    assert found("components/oauth2.yaml", text) == expected(text)
