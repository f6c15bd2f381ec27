"""Apigee `VerifyJWT`, `GenerateJWT` and `AssignMessage` policies."""

from __future__ import annotations

import pytest
from annotations import expected
from edge_cases import found

CASES = {
    "no-audience-no-issuer": """\
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!-- expect: JWT004, JWT005 -->
<VerifyJWT name="JWT-Verify-Orders">
  <Algorithm>RS256</Algorithm>
  <Source>request.header.authorization</Source>
  <PublicKey>
    <JWKS uri="https://idp.example.com/.well-known/jwks.json"/>
  </PublicKey>
</VerifyJWT>
""",
    "hs-mixed-with-rs-and-literal-key": """\
<VerifyJWT name="JWT-Verify-Partner">
  <!-- expect: JWT003 -->
  <Algorithm>HS256,RS256</Algorithm>
  <SecretKey>
    <!-- expect: HMAC001 -->
    <Value>Zq8Yw3nVt6RbLz1XkPe9sHd4Mf7Ua2Gc5Jx</Value>
  </SecretKey>
  <Issuer>https://partner.example.com</Issuer>
  <Audience>orders</Audience>
  <!-- expect: JWT008 -->
  <TimeAllowance>15m</TimeAllowance>
</VerifyJWT>
""",
    "jwks-over-http": """\
<VerifyJWT name="JWT-Verify-Legacy">
  <Algorithm>RS256</Algorithm>
  <PublicKey>
    <!-- expect: JWT010 -->
    <JWKS uri="http://legacy-idp.example.com/keys"/>
  </PublicKey>
  <Issuer>https://legacy-idp.example.com</Issuer>
  <Audience>orders</Audience>
</VerifyJWT>
""",
    "long-minted-tokens": """\
<GenerateJWT name="JWT-Generate-Session">
  <Algorithm>HS256</Algorithm>
  <SecretKey><Value ref="private.session-key"/></SecretKey>
  <Issuer>https://api.example.com</Issuer>
  <!-- expect: JWT007 -->
  <ExpiresIn>30d</ExpiresIn>
</GenerateJWT>
""",
    "literal-key-assigned-to-a-private-variable": """\
<AssignMessage name="AM-Set-Key">
  <AssignVariable>
    <Name>private.jwt-secret-key</Name>
    <!-- expect: HMAC001 -->
    <Value>Hq7Lm2Pz9vRt4NwK8sJd3Xf6Ua1Gc5Bn</Value>
  </AssignVariable>
</AssignMessage>
""",
    # --- tricky negatives ---
    "references-and-checks-in-place": """\
<VerifyJWT name="JWT-Verify-Orders">
  <Algorithm>HS256</Algorithm>
  <SecretKey><Value ref="private.orders-key"/></SecretKey>
  <Issuer ref="flow.expected.issuer"/>
  <Audience>orders</Audience>
  <TimeAllowance>60s</TimeAllowance>
</VerifyJWT>
""",
    "short-minted-tokens": """\
<GenerateJWT name="JWT-Generate-Access">
  <Algorithm>RS256</Algorithm>
  <PrivateKey><Value ref="private.signing-key"/></PrivateKey>
  <ExpiresIn>15m</ExpiresIn>
</GenerateJWT>
""",
    "assigned-variable-that-is-no-key": """\
<AssignMessage name="AM-Set-Target">
  <AssignVariable>
    <Name>private.target-host</Name>
    <Value>orders.internal.example.com</Value>
  </AssignVariable>
  <AssignVariable>
    <Name>private.api-key</Name>
    <Ref>private.kvm-api-key</Ref>
  </AssignVariable>
</AssignMessage>
""",
}


@pytest.mark.parametrize(("name", "text"), CASES.items(), ids=CASES.keys())
def test_apigee(name: str, text: str) -> None:
    assert found("apiproxy/policies/policy.xml", text) == expected(text)
