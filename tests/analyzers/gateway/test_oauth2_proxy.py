"""oauth2-proxy: its config file, its environment variables and its flags read as one."""

from __future__ import annotations

import pytest
from annotations import expected
from edge_cases import found

CONFIG = {
    "realm-wide-audience-and-tls-off": """\
provider = "keycloak-oidc"
oidc_issuer_url = "https://keycloak.example.com/realms/shop"
client_id = "orders-web"
skip_jwt_bearer_tokens = true
# expect: JWT004, TOK002
extra_jwt_issuers = ["https://keycloak.example.com/realms/shop=account"]
# expect: JWT010
ssl_insecure_skip_verify = true
# expect: JWT007
cookie_expire = "168h"
cookie_refresh = "1h"
""",
    "extra-issuers-listed-one-a-line": """\
provider = "keycloak-oidc"
oidc_issuer_url = "https://keycloak.example.com/realms/ops"
client_id = "ops-tools"
skip_jwt_bearer_tokens = true
extra_jwt_issuers = [
  # expect: JWT004, TOK002
  "https://keycloak.example.com/realms/ops=account",
  "https://ci.example.com/oidc=ops-tools-ci",
]
""",
    "spoofable-trusted-ips-and-no-issuer-check": """\
provider = "oidc"
oidc_issuer_url = "https://login.example.com"
reverse_proxy = true
# expect: GW001
trusted_ips = ["10.0.0.0/8"]
# expect: JWT005
insecure_oidc_skip_issuer_verification = true
""",
    # --- tricky negatives ---
    "audience-per-extra-issuer-and-trusted-proxies": """\
provider = "oidc"
oidc_issuer_url = "https://login.example.com"
skip_jwt_bearer_tokens = true
extra_jwt_issuers = ["https://ci.example.com=orders-api"]
reverse_proxy = true
trusted_ips = ["10.0.0.0/8"]
trusted_proxy_ips = ["10.1.0.10/32"]
""",
    "extra-issuers-without-bearer-bypass": """\
provider = "oidc"
oidc_issuer_url = "https://login.example.com"
extra_jwt_issuers = ["https://ci.example.com=account"]
""",
}

COMPOSE = {
    "environment-and-flags": """\
services:
  oauth2-proxy:
    image: quay.io/oauth2-proxy/oauth2-proxy:v7.6.0
    command:
      - --provider=oidc
      - --oidc-issuer-url=https://login.example.com/realms/shop
      - --skip-jwt-bearer-tokens=true
      # expect: JWT004, TOK002
      - --extra-jwt-issuers=https://login.example.com/realms/shop=account
    environment:
      OAUTH2_PROXY_CLIENT_ID: orders-web
      # expect: JWT010
      OAUTH2_PROXY_SSL_INSECURE_SKIP_VERIFY: "true"
""",
    "helm-chart-extra-args": """\
config:
  clientID: orders-web
extraArgs:
  provider: oidc
  oidc-issuer-url: https://login.example.com/realms/shop
  skip-jwt-bearer-tokens: true
  # expect: JWT004, TOK002
  extra-jwt-issuers: https://login.example.com/realms/shop=account
""",
    # --- tricky negative ---
    "environment-with-everything-checked": """\
services:
  oauth2-proxy:
    image: quay.io/oauth2-proxy/oauth2-proxy:v7.6.0
    environment:
      - OAUTH2_PROXY_PROVIDER=oidc
      - OAUTH2_PROXY_OIDC_ISSUER_URL=https://login.example.com/realms/shop
      - OAUTH2_PROXY_SKIP_JWT_BEARER_TOKENS=true
      - OAUTH2_PROXY_EXTRA_JWT_ISSUERS=https://ci.example.com=orders-api
      - OAUTH2_PROXY_COOKIE_SECRET_FILE=/run/secrets/cookie
""",
}


@pytest.mark.parametrize(("name", "text"), CONFIG.items(), ids=CONFIG.keys())
def test_oauth2_proxy_config(name: str, text: str) -> None:
    assert found("deploy/oauth2-proxy.cfg", text) == expected(text)


@pytest.mark.parametrize(("name", "text"), COMPOSE.items(), ids=COMPOSE.keys())
def test_oauth2_proxy_environment(name: str, text: str) -> None:
    assert found("docker-compose.yml", text) == expected(text)
