"""Envoy jwt_authn wherever it is configured: bootstrap YAML or JSON, xDS, an Istio EnvoyFilter."""

from __future__ import annotations

import json
import textwrap

import pytest
from gateway_scan import RULES, reported

from scanner.configuration import Config
from scanner.engine import scan_text

FILTER_TYPE = "type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication"
HEAD = f"""\
http_filters:
  - name: envoy.filters.http.jwt_authn
    typed_config:
      "@type": {FILTER_TYPE}
      providers:
"""
AUTH0 = """\
        auth0:
          issuer: https://example.auth0.com/
          audiences: [orders-api]
          remote_jwks:
            http_uri:
              uri: https://example.auth0.com/.well-known/jwks.json
              cluster: auth0_jwks
              timeout: 5s
"""
REQUIRED = (
    "      rules:\n        - match: {prefix: /}\n          requires: {provider_name: auth0}\n"
)


def test_a_provider_that_checks_everything_and_a_rule_that_requires_it_report_nothing() -> None:
    assert reported("envoy/envoy.yaml", HEAD + AUTH0 + REQUIRED) == set()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("          issuer: https://example.auth0.com/\n", ""), {("JWT005", 6)}),
        (("          audiences: [orders-api]\n", ""), {("JWT004", 6)}),
        (("timeout: 5s\n", "timeout: 5s\n          clock_skew_seconds: 600\n"), {("JWT008", 14)}),
        (("timeout: 5s\n", "timeout: 5s\n          clock_skew_seconds: 120\n"), set()),
        (("timeout: 5s\n", "timeout: 5s\n          max_lifetime: 43200s\n"), {("JWT007", 14)}),
        (("timeout: 5s\n", "timeout: 5s\n          require_expiration: false\n"), {("JWT006", 14)}),
        (("timeout: 5s\n", "timeout: 5s\n          require_expiration: true\n"), set()),
        (("uri: https://", "uri: http://"), {("JWT010", 11)}),
    ],
    ids=[
        "no-issuer", "no-audiences", "ten-minute-skew", "two-minute-skew", "half-day-lifetime",
        "expiry-requirement-off", "expiry-required", "jwks-over-http",
    ],
)  # fmt: skip
def test_each_provider_setting_is_judged_on_its_line(
    change: tuple[str, str], expected: set[tuple[str, int]]
) -> None:
    text = HEAD + AUTH0.replace(*change) + REQUIRED
    assert {(rule, line) for rule, line, _ in reported("envoy/envoy.yaml", text)} == expected


def test_an_inline_symmetric_jwks_is_a_hardcoded_key() -> None:
    local = (
        "        internal:\n          issuer: orders-internal\n          local_jwks:\n"
        '            inline_string: \'{"keys":[{"kty":"oct","alg":"HS256",'
        '"k":"b3JkZXJzLWludGVybmFsLXNpZ25pbmcta2V5LTIwMjY"}]}\'\n'
    )
    text = HEAD + local + REQUIRED.replace("auth0", "internal")
    assert reported("envoy/envoy.yaml", text) == {("HMAC001", 9, "b3********jY")}


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ("        - match: {prefix: /healthz}\n" + REQUIRED.split("\n", 1)[1], set()),
        ("        - match: {prefix: /reports}\n" + REQUIRED.split("\n", 1)[1], {("GW001", 15, 8.2)}),
        (
            "        - match: {prefix: /}\n          requires: {allow_missing_or_failed: {}}\n",
            {("GW001", 16, 8.2)},
        ),
        (
            "        - match: {prefix: /catalog}\n          requires:\n            requires_any:\n"
            "              requirements:\n                - provider_name: auth0\n"
            "                - allow_missing: {}\n",
            {("GW001", 20, 5.3)},
        ),
        (
            "        - match: {prefix: /healthz}\n          requires: {allow_missing: {}}\n",
            set(),
        ),
    ],
    ids=["probe-without-requires", "route-without-requires", "missing-or-failed", "missing-only", "probe-allows-missing"],
)  # fmt: skip
def test_a_rule_that_lets_tokenless_requests_through_is_reported_unless_it_guards_a_probe(
    rules: str, expected: set[tuple[str, int, float]]
) -> None:
    text = HEAD + AUTH0 + "      rules:\n" + rules
    outcome = scan_text("envoy/envoy.yaml", text, Config(), RULES)
    scored = {
        (f.rule_id, f.location.line, f.adjustment.score if f.adjustment else 8.2)
        for f in outcome.findings
    }
    assert scored == expected


LISTENER = """\
static_resources:
  listeners:
    - name: ingress
      filter_chains:
        - filters:
            - name: envoy.filters.network.http_connection_manager
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
"""
ROUTES = (
    LISTENER
    + """\
                route_config:
                  virtual_hosts:
                    - name: api
                      domains: ["*"]
                      routes:
                        - match: {prefix: PATH}
                          route: {cluster: api}
                          typed_per_filter_config:
                            envoy.filters.http.jwt_authn:
                              "@type": type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.PerRouteConfig
                              disabled: true
"""
)


@pytest.mark.parametrize(("path", "expected"), [("/internal", {("GW001", 19)}), ("/readyz", set())])
def test_a_route_that_disables_the_filter_is_open_unless_it_is_a_probe(
    path: str, expected: set[tuple[str, int]]
) -> None:
    text = ROUTES.replace("PATH", path)
    assert {(rule, line) for rule, line, _ in reported("envoy/envoy.yaml", text)} == expected


BOOTSTRAP = (
    LISTENER
    + textwrap.indent(HEAD + AUTH0 + REQUIRED, " " * 16)
    + """\
  clusters:
    - name: auth0_jwks
      type: STRICT_DNS
      load_assignment:
        cluster_name: auth0_jwks
        endpoints:
          - lb_endpoints:
              - endpoint: {address: {socket_address: {address: example.auth0.com, port_value: 443}}}
"""
)
TLS = """\
      transport_socket:
        name: envoy.transport_sockets.tls
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext
          sni: example.auth0.com
"""


@pytest.mark.parametrize(
    ("tls", "expected"), [("", {("JWT010", 20)}), (TLS, set())], ids=["plain", "tls"]
)
def test_the_jwks_cluster_of_the_same_bootstrap_must_speak_tls(
    tls: str, expected: set[tuple[str, int]]
) -> None:
    text = BOOTSTRAP + tls
    assert {(rule, line) for rule, line, _ in reported("envoy/bootstrap.yaml", text)} == expected


def test_a_json_bootstrap_is_read_with_its_lines() -> None:
    config = {
        "name": "envoy.filters.http.jwt_authn",
        "typed_config": {
            "@type": FILTER_TYPE,
            "providers": {"auth0": {"issuer": "https://example.auth0.com/", "remote_jwks": {"http_uri": {"uri": "https://example.auth0.com/.well-known/jwks.json", "cluster": "auth0"}}}},
            "rules": [{"match": {"prefix": "/"}, "requires": {"provider_name": "auth0"}}],
        },
    }  # fmt: skip
    text = json.dumps(config, indent=2)
    line = text.split("\n").index('      "auth0": {') + 1
    assert reported("envoy/filter.json", text) == {("JWT004", line, None)}


def test_the_filter_inside_an_istio_envoy_filter_is_read_too() -> None:
    text = f"""\
apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata:
  name: jwt
spec:
  configPatches:
    - applyTo: HTTP_FILTER
      patch:
        operation: INSERT_BEFORE
        value:
          name: envoy.filters.http.jwt_authn
          typed_config:
            "@type": {FILTER_TYPE}
            providers:
              keycloak:
                issuer: https://sso.example.com/realms/shop
                remote_jwks:
                  http_uri: {{uri: "https://sso.example.com/realms/shop/protocol/openid-connect/certs", cluster: "outbound|443||sso.example.com"}}
            rules:
              - match: {{prefix: /}}
                requires: {{allow_missing_or_failed: {{}}}}
"""
    assert {(r, line) for r, line, _ in reported("mesh/jwt.yaml", text)} == {
        ("JWT004", 15),
        ("GW001", 21),
    }


def test_a_config_map_that_only_mentions_the_filter_is_not_read_as_one() -> None:
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n  notes: enable jwt_authn later\n"
    assert reported("k8s/notes.yaml", text) == set()
