"""Envoy Gateway SecurityPolicy, Gloo VirtualService/RouteOption, Emissary Filter/FilterPolicy."""

from __future__ import annotations

from pathlib import Path

import pytest
from gateway_scan import reported, scanned

SECURITY_POLICY = """\
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata:
  name: orders-jwt
spec:
  targetRefs:
    - {group: gateway.networking.k8s.io, kind: HTTPRoute, name: orders}
  jwt:
    providers:
      - name: keycloak
        issuer: https://sso.example.com/realms/shop
        audiences: [orders]
        remoteJWKS:
          uri: https://sso.example.com/realms/shop/protocol/openid-connect/certs
"""


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("", ""), set()),
        (("  jwt:\n", "  jwt:\n    optional: true\n"), {("GW001", 9, None)}),
        (("  jwt:\n", "  jwt:\n    optional: false\n"), set()),
        (("        issuer: https://sso.example.com/realms/shop\n", ""), {("JWT005", 10, None)}),
        (("        audiences: [orders]\n", ""), {("JWT004", 10, None)}),
        (("uri: https://", "uri: http://"), {("JWT010", 14, None)}),
        (
            (
                "        remoteJWKS:\n          uri: https://sso.example.com/realms/shop/protocol/openid-connect/certs\n",
                '        localJWKS:\n          type: Inline\n          inline: |\n'
                '            {"keys": [{"kty": "oct", "alg": "HS256", "k": "c2hvcnQta2V5"}]}\n',
            ),
            {("HMAC002", 16, "********"), ("HMAC001", 16, "********")},
        ),
    ],
    ids=["required", "optional", "optional-false", "no-issuer", "no-audiences", "jwks-over-http", "inline-short-hmac"],
)  # fmt: skip
def test_envoy_gateway_security_policy(
    change: tuple[str, str], expected: set[tuple[str, int, str | None]]
) -> None:
    text = SECURITY_POLICY.replace(*change) if change[0] else SECURITY_POLICY
    assert reported("gateway/orders-security.yaml", text) == expected


VIRTUAL_SERVICE = """\
apiVersion: gateway.solo.io/v1
kind: VirtualService
metadata:
  name: petstore
  namespace: gloo-system
spec:
  virtualHost:
    domains: ["*"]
    options:
      jwt:
        providers:
          okta:
            issuer: https://dev-1.okta.com/oauth2/default
            audiences: [api://petstore]
            jwks:
              remote:
                url: https://dev-1.okta.com/oauth2/default/v1/keys
                upstreamRef: {name: okta, namespace: gloo-system}
    routes:
      - matchers: [{prefix: /healthz}]
        options:
          jwt:
            disable: true
      - matchers: [{prefix: /}]
        routeAction:
          single: {upstream: {name: petstore, namespace: gloo-system}}
"""


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("", ""), set()),
        (("      jwt:\n        providers", "      jwt:\n        validationPolicy: ALLOW_MISSING_OR_FAILED\n        providers"), {("GW001", 11, None)}),
        (("      jwt:\n        providers", "      jwt:\n        validationPolicy: REQUIRE_VALID\n        providers"), set()),
        (("      jwt:\n        providers", "      jwt:\n        allowMissingOrFailedJwt: true\n        providers"), {("GW001", 11, None)}),
        (("{prefix: /healthz}", "{prefix: /admin}"), {("GW001", 23, None)}),
        (("            audiences: [api://petstore]\n", ""), {("JWT004", 12, None)}),
        (("url: https://", "url: http://"), {("JWT010", 17, None)}),
    ],
    ids=["required", "missing-or-failed", "require-valid", "legacy-flag", "route-disabled", "no-audiences", "jwks-over-http"],
)  # fmt: skip
def test_gloo_virtual_service(
    change: tuple[str, str], expected: set[tuple[str, int, None]]
) -> None:
    text = VIRTUAL_SERVICE.replace(*change) if change[0] else VIRTUAL_SERVICE
    assert reported("gloo/petstore.yaml", text) == expected


def test_gloo_staged_jwt_is_read_like_the_plain_one() -> None:
    text = (
        VIRTUAL_SERVICE.replace(
            "      jwt:\n        providers:\n          okta:\n",
            "      jwtStaged:\n        afterExtAuth:\n          validationPolicy: ALLOW_MISSING\n"
            "          providers:\n            okta:\n",
        )
        .replace("            issuer", "              issuer")
        .replace("            audiences", "              audiences")
    )
    text = text.replace("            jwks:", "              jwks:").replace(
        "              remote:", "                remote:"
    )
    text = text.replace("                url:", "                  url:").replace(
        "                upstreamRef:", "                  upstreamRef:"
    )
    assert reported("gloo/petstore.yaml", text) == {("GW001", 12, None)}


FILTER = """\
apiVersion: getambassador.io/v3alpha1
kind: Filter
metadata:
  name: jwt-filter
  namespace: edge
spec:
  JWT:
    jwksURI: https://login.example.com/.well-known/jwks.json
    validAlgorithms: [RS256]
    audience: orders
    requireAudience: true
    issuer: https://login.example.com/
    requireIssuer: true
"""


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("", ""), set()),
        (("    requireAudience: true\n", "    requireAudience: false\n"), {("JWT004", 11, None)}),
        (("    audience: orders\n    requireAudience: true\n", ""), {("JWT004", 7, None)}),
        (("    requireIssuer: true\n", "    requireIssuer: false\n"), {("JWT005", 13, None)}),
        (("[RS256]", "[RS256, none]"), {("JWT002", 9, None)}),
        (("[RS256]", "[RS256, HS256]"), {("JWT003", 9, None)}),
        (("    requireIssuer: true\n", "    requireIssuer: true\n    insecureTLS: true\n"), {("JWT010", 14, None)}),
        (("    requireIssuer: true\n", "    requireIssuer: true\n    requireExpiresAt: false\n"), {("JWT006", 14, None)}),
        (("    requireIssuer: true\n", "    requireIssuer: true\n    leewayForExpiresAt: 30m\n"), {("JWT008", 14, None)}),
    ],
    ids=["strict", "audience-optional", "no-audience", "issuer-optional", "none", "hs-and-rs", "insecure-tls", "exp-optional", "half-hour-leeway"],
)  # fmt: skip
def test_emissary_jwt_filter(change: tuple[str, str], expected: set[tuple[str, int, None]]) -> None:
    text = FILTER.replace(*change) if change[0] else FILTER
    assert reported("edge/jwt-filter.yaml", text) == expected


POLICY = """\
apiVersion: getambassador.io/v3alpha1
kind: FilterPolicy
metadata:
  name: api
  namespace: edge
spec:
  rules:
    - host: "*"
      path: /api/*
      filters:
        - name: jwt-filter
          onDeny: ON_DENY
"""


def test_a_filter_policy_that_continues_past_a_rejecting_jwt_filter_is_open(tmp_path: Path) -> None:
    files = {
        "edge/jwt-filter.yaml": FILTER,
        "edge/policy.yaml": POLICY.replace("ON_DENY", "continue"),
        "edge/strict.yaml": POLICY.replace("ON_DENY", "break").replace("name: api", "name: strict"),
    }
    assert scanned(files, tmp_path) == {("edge/policy.yaml", "GW001", 12)}


def test_continuing_past_a_filter_no_scanned_file_defines_as_jwt_is_not_judged(
    tmp_path: Path,
) -> None:
    files = {"edge/policy.yaml": POLICY.replace("ON_DENY", "continue")}
    assert scanned(files, tmp_path) == set()
