"""Azure API Management `<validate-jwt>`: what each attribute and element leaves unchecked."""

from __future__ import annotations

import pytest
from annotations import expected
from edge_cases import found

CASES = {
    "expiry-not-required": """\
<policies>
  <inbound>
    <!-- expect: JWT006 -->
    <validate-jwt header-name="Authorization" require-expiration-time="false"
        failed-validation-httpcode="401">
      <openid-config url="https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration" />
      <audiences><audience>api://orders</audience></audiences>
    </validate-jwt>
  </inbound>
</policies>
""",
    "no-audiences-no-issuers": """\
<policies>
  <inbound>
    <base />
    <!-- expect: JWT004, JWT005 -->
    <validate-jwt header-name="Authorization" failed-validation-httpcode="401">
      <issuer-signing-keys>
        <key certificate-id="orders-signing-cert" />
      </issuer-signing-keys>
    </validate-jwt>
  </inbound>
</policies>
""",
    "clock-skew-and-literal-key": """\
<policies>
  <inbound>
    <!-- expect: JWT008 -->
    <validate-jwt header-name="Authorization" clock-skew="900">
      <issuer-signing-keys>
        <!-- expect: HMAC001 -->
        <key>c2VjcmV0LWtleS1mb3Itb3JkZXJzLWFwaS1obWFjLXNpZ25pbmc=</key>
      </issuer-signing-keys>
      <audiences><audience>orders</audience></audiences>
      <issuers><issuer>https://sts.example.com/</issuer></issuers>
    </validate-jwt>
  </inbound>
</policies>
""",
    "discovery-over-http": """\
<policies>
  <inbound>
    <validate-jwt header-name="Authorization">
      <!-- expect: JWT010 -->
      <openid-config url="http://adfs.example.com/adfs/.well-known/openid-configuration" />
      <audiences><audience>urn:orders</audience></audiences>
    </validate-jwt>
  </inbound>
</policies>
""",
    "unsigned-tokens": """\
<policies>
  <inbound>
    <!-- expect: JWT002 -->
    <validate-jwt header-name="Authorization" require-signed-tokens="false">
      <openid-config url="https://login.example.com/.well-known/openid-configuration" />
      <audiences><audience>orders</audience></audiences>
    </validate-jwt>
  </inbound>
</policies>
""",
    "policy-fragment": """\
<fragment>
  <!-- expect: JWT004 -->
  <validate-jwt header-name="Authorization">
    <openid-config url="https://login.example.com/.well-known/openid-configuration" />
  </validate-jwt>
</fragment>
""",
    # --- tricky negatives ---
    "named-values-and-defaults": """\
<policies>
  <inbound>
    <validate-jwt header-name="Authorization" clock-skew="60" require-expiration-time="true">
      <issuer-signing-keys>
        <key>{{orders-signing-key}}</key>
        <key n="0vx7agoebGcQSuuPiLJXZpt" e="AQAB" />
      </issuer-signing-keys>
      <audiences><audience>{{orders-audience}}</audience></audiences>
      <issuers><issuer>http://adfs.example.com/adfs/services/trust</issuer></issuers>
    </validate-jwt>
  </inbound>
</policies>
""",
    "audience-and-issuer-as-required-claims": """\
<policies>
  <inbound>
    <validate-jwt header-name="Authorization">
      <issuer-signing-keys><key certificate-id="sts-signing" /></issuer-signing-keys>
      <required-claims>
        <claim name="aud" match="any"><value>api://orders</value></claim>
        <claim name="iss"><value>https://sts.example.com/</value></claim>
      </required-claims>
    </validate-jwt>
  </inbound>
</policies>
""",
    "policy-without-validate-jwt": """\
<policies>
  <inbound>
    <rate-limit calls="20" renewal-period="90" />
    <set-header name="X-Api-Key" exists-action="override"><value>{{backend-key}}</value></set-header>
  </inbound>
</policies>
""",
}


@pytest.mark.parametrize(("name", "text"), CASES.items(), ids=CASES.keys())
def test_apim(name: str, text: str) -> None:
    assert found("apim/policies/orders.xml", text) == expected(text)
