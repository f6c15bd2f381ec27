"""Spring Security resource server properties, in YAML and `.properties`."""

from __future__ import annotations

from pathlib import Path

import pytest
from annotations import expected
from edge_cases import found
from gateway_scan import scan_written

YAML = {
    "jwk-set-uri-alone-over-http": """\
spring:
  security:
    oauth2:
      resourceserver:
        jwt:
          # expect: JWT004, JWT005, JWT010
          jwk-set-uri: http://keycloak.example.com/realms/shop/protocol/openid-connect/certs
""",
    "hs-next-to-rs": """\
spring:
  security:
    oauth2:
      resourceserver:
        jwt:
          issuer-uri: https://login.example.com/realms/shop
          audiences: [orders-api]
          # expect: JWT003
          jws-algorithms: [RS256, HS256]
""",
    "dotted-keys-without-audiences": """\
server:
  port: 8080
# expect: JWT004
spring.security.oauth2.resourceserver.jwt.issuer-uri: https://login.example.com/realms/shop
""",
    # --- tricky negatives ---
    "issuer-and-audiences": """\
spring:
  security:
    oauth2:
      resourceserver:
        jwt:
          issuer-uri: https://login.example.com/realms/shop
          jwk-set-uri: https://login.example.com/realms/shop/protocol/openid-connect/certs
          audiences:
            - orders-api
""",
    "local-key-pair": """\
spring:
  security:
    oauth2:
      resourceserver:
        jwt:
          public-key-location: classpath:keys/orders.pub
""",
    "issuer-from-the-environment-in-a-later-document": """\
spring:
  security:
    oauth2:
      resourceserver:
        jwt:
          audiences: orders-api
---
spring:
  config:
    activate:
      on-profile: prod
  security:
    oauth2:
      resourceserver:
        jwt:
          issuer-uri: ${ISSUER_URI}
""",
}

PROPERTIES = {
    "no-issuer-no-audience": """\
server.port=8080
# expect: JWT004, JWT005
spring.security.oauth2.resourceserver.jwt.jwk-set-uri=https://login.example.com/keys
""",
    # --- tricky negative ---
    "issuer-and-indexed-audiences": """\
spring.security.oauth2.resourceserver.jwt.issuer-uri=https://login.example.com/realms/shop
spring.security.oauth2.resourceserver.jwt.audiences[0]=orders-api
spring.security.oauth2.resourceserver.jwt.jws-algorithms=RS256,ES256
""",
}


@pytest.mark.parametrize(("name", "text"), YAML.items(), ids=YAML.keys())
def test_spring_yaml(name: str, text: str) -> None:
    assert found("src/main/resources/application.yml", text) == expected(text)


@pytest.mark.parametrize(("name", "text"), PROPERTIES.items(), ids=PROPERTIES.keys())
def test_spring_properties(name: str, text: str) -> None:
    assert found("src/main/resources/application.properties", text) == expected(text)


def test_a_service_adding_hs_to_the_default_rs256_of_its_realm_is_the_weaker(
    tmp_path: Path,
) -> None:
    """Without `jws-algorithms` Spring accepts RS256 only."""
    issuer = (
        "spring.security.oauth2.resourceserver.jwt.issuer-uri=https://sso.example.com/realms/shop\n"
    )
    audience = "spring.security.oauth2.resourceserver.jwt.audiences=CLIENT\n"
    files = {
        "gateway/src/main/resources/application.properties": issuer
        + audience.replace("CLIENT", "gateway"),
        "returns/src/main/resources/application.properties": issuer
        + audience.replace("CLIENT", "returns")
        + "spring.security.oauth2.resourceserver.jwt.jws-algorithms=RS256,HS512\n",
    }
    assert [
        (f.path, f.location.line, f.message)
        for f in scan_written(files, tmp_path).findings
        if f.rule_id == "TOK002"
    ] == [
        (
            "returns/src/main/resources/application.properties",
            1,
            "tokens of https://sso.example.com/realms/shop are checked less here than by"
            " spring.security.oauth2.resourceserver.jwt in"
            " gateway/src/main/resources/application.properties:1: HMAC algorithms are"
            " accepted where only asymmetric ones are",
        )
    ]
