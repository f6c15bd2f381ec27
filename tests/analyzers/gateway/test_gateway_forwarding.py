"""TOK001 in gateways: the caller's token kept for an upstream outside the trust boundary."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from annotations import expected
from edge_cases import found
from gateway_scan import RULES, scanned

from scanner.analyzers.gateway import trust_boundary
from scanner.configuration import Config
from scanner.engine import scan_text

ENVOY = """\
static_resources:
  listeners:
    - name: https
      filter_chains:
        - filters:
            - name: envoy.filters.network.http_connection_manager
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                route_config:
                  virtual_hosts:
                    - name: shop
                      domains: ["api.shop.example.com"]
                      routes:
                        - match: {prefix: /payments}
                          route: {cluster: payments}
                        - match: {prefix: /}
                          route: {cluster: storefront}
                http_filters:
                  - name: envoy.filters.http.jwt_authn
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication
                      providers:
                        shop:
                          issuer: https://login.shop.example.com/
                          audiences: [shop-api]
                          remote_jwks:
                            http_uri:
                              uri: https://login.shop.example.com/.well-known/jwks.json
                              cluster: login
                              timeout: 5s
                          FORWARD
                      rules:
                        - match: {prefix: RULE}
                          requires: {provider_name: shop}
  clusters:
    - name: payments
      type: LOGICAL_DNS
      load_assignment:
        cluster_name: payments
        endpoints:
          - lb_endpoints:
              - endpoint: {address: {socket_address: {address: PAYMENTS, port_value: 443}}}
    - name: storefront
      type: STRICT_DNS
      load_assignment:
        cluster_name: storefront
        endpoints:
          - lb_endpoints:
              - endpoint: {address: {socket_address: {address: storefront.shop.svc.cluster.local, port_value: 8080}}}
"""
FORWARD_LINE = 31
PAYMENTS_LINE = 42


def envoy(forward: str, rule: str = "/", payments: str = "api.payflow-gateway.com") -> str:
    return ENVOY.replace("FORWARD", forward).replace("RULE", rule).replace("PAYMENTS", payments)


def test_an_envoy_provider_forwarding_to_another_organisations_host_is_a_passthrough() -> None:
    assert found("edge/envoy.yaml", envoy("forward: true")) == {(FORWARD_LINE, "TOK001")}


def test_the_envoy_finding_names_the_external_endpoint_as_its_related_place() -> None:
    outcome = scan_text("edge/envoy.yaml", envoy("forward: true"), Config(), RULES)
    (finding,) = outcome.findings
    assert [(r.path, r.location.line, r.message) for r in finding.related] == [
        ("edge/envoy.yaml", PAYMENTS_LINE, "cluster 'payments' at api.payflow-gateway.com")
    ]
    assert "api.payflow-gateway.com" in finding.message


@pytest.mark.parametrize(
    "forward",
    ["forward: false", "forward_payload_header: x-jwt-payload", "claim_to_headers: []"],
    ids=["forward-false", "payload-header-only", "claims-only"],
)
def test_an_envoy_provider_that_strips_the_token_is_not_a_passthrough(forward: str) -> None:
    assert found("edge/envoy.yaml", envoy(forward)) == set()


@pytest.mark.parametrize(
    "payments",
    ["payments.shop.svc.cluster.local", "payments", "10.20.0.15", "pay.shop.example.com"],
    ids=["cluster-local", "short-name", "private-address", "own-domain"],
)
def test_an_envoy_provider_forwarding_inside_the_trust_boundary_is_not_reported(
    payments: str,
) -> None:
    assert found("edge/envoy.yaml", envoy("forward: true", payments=payments)) == set()


def test_an_envoy_provider_whose_rule_never_reaches_the_external_route_is_not_reported() -> None:
    text = envoy("forward: true", rule="/catalog")
    assert found("edge/envoy.yaml", text) == set()


def test_an_envoy_per_route_requirement_naming_a_forwarding_provider_is_followed() -> None:
    per_route = (
        "                          route: {cluster: payments}\n"
        "                          typed_per_filter_config:\n"
        "                            envoy.filters.http.jwt_authn:\n"
        '                              "@type": type.googleapis.com/envoy.extensions.filters.http'
        ".jwt_authn.v3.PerRouteConfig\n"
        "                              requirement_name: customer\n"
    )
    text = (
        envoy("forward: true")
        .replace("                          route: {cluster: payments}\n", per_route, 1)
        .replace(
            "                      rules:\n"
            "                        - match: {prefix: /}\n"
            "                          requires: {provider_name: shop}\n",
            "                      requirement_map:\n"
            "                        customer: {provider_name: shop}\n",
        )
    )
    # the per-route config adds four lines above the provider
    assert found("edge/envoy.yaml", text) == {(FORWARD_LINE + 4, "TOK001")}


VIRTUAL_SERVICE = """\
apiVersion: gateway.solo.io/v1
kind: VirtualService
metadata:
  name: storefront
  namespace: gloo-system
spec:
  virtualHost:
    domains: [shop.example.com]
"""
PROVIDER = """\
jwt:
  providers:
    shop:
      issuer: https://login.shop.example.com/
      audiences: [storefront]
      keepToken: true
      jwks:
        remote:
          url: https://login.shop.example.com/.well-known/jwks.json
          upstreamRef: {name: login, namespace: gloo-system}
"""


def route(prefix: str, upstream: str) -> str:
    return (
        f"      - matchers: [{{prefix: {prefix}}}]\n        routeAction:\n          single:\n"
        f"            upstream: {{name: {upstream}, namespace: gloo-system}}\n"
    )


def upstream(name: str, address: str) -> str:
    return (
        f"---\napiVersion: gloo.solo.io/v1\nkind: Upstream\nmetadata:\n  name: {name}\n"
        f"  namespace: gloo-system\nspec:\n  static:\n    hosts:\n      - addr: {address}\n"
        "        port: 443\n"
    )


GLOO = {
    "virtual-host-keeps-token-for-a-static-partner-host": VIRTUAL_SERVICE
    + "    options:\n"
    + textwrap.indent(PROVIDER, "      ").replace(
        "            keepToken", "            # expect: TOK001\n            keepToken"
    )
    + "    routes:\n"
    + route("/loyalty", "loyalty-partner")
    + upstream("loyalty-partner", "api.points-exchange.net"),
    "route-keeps-token-for-the-mesh-only": VIRTUAL_SERVICE
    + "    routes:\n"
    + route("/orders", "shop-orders")
    + "        options:\n"
    + textwrap.indent(PROVIDER, "          ")
    + route("/loyalty", "loyalty-partner")
    + upstream("shop-orders", "orders.shop.svc.cluster.local")
    + upstream("loyalty-partner", "api.points-exchange.net"),
}


@pytest.mark.parametrize(("name", "text"), GLOO.items(), ids=GLOO.keys())
def test_gloo_keep_token(name: str, text: str) -> None:
    assert found("gloo/storefront.yaml", text) == expected(text)


OAUTH2_PROXY = {
    "access-token-passed-to-a-hosted-wiki": """\
provider = "oidc"
oidc_issuer_url = "https://login.example.com/realms/staff"
client_id = "wiki"
email_domains = ["example.com"]
upstreams = ["https://wiki.hosted-docs.io/"]
# expect: TOK001
pass_access_token = true
""",
    "id-token-passed-to-the-service-behind-the-proxy": """\
provider = "oidc"
oidc_issuer_url = "https://login.example.com/realms/staff"
client_id = "wiki"
upstreams = ["http://127.0.0.1:8080/", "http://wiki.docs.svc.cluster.local/"]
pass_authorization_header = true
""",
}


OAUTH2_PROXY_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: wiki-proxy
spec:
  template:
    spec:
      automountServiceAccountToken: false
      containers:
        - name: oauth2-proxy
          image: quay.io/oauth2-proxy/oauth2-proxy:v7.6.0
          args:
            - --provider=oidc
            - --oidc-issuer-url=https://login.example.com/realms/staff
            - --redirect-url=https://wiki.example.com/oauth2/callback
            - --upstream=https://wiki.hosted-docs.io/
          env:
            - name: OAUTH2_PROXY_PASS_AUTHORIZATION_HEADER
              # expect: TOK001
              value: "true"
"""


def test_oauth2_proxy_flags_and_variables_pass_the_token_on_as_the_config_file_does() -> None:
    text = OAUTH2_PROXY_DEPLOYMENT
    assert found("k8s/wiki-proxy.yaml", text) == expected(text)


@pytest.mark.parametrize(("name", "text"), OAUTH2_PROXY.items(), ids=OAUTH2_PROXY.keys())
def test_oauth2_proxy_passes_the_token_on(name: str, text: str) -> None:
    assert found("deploy/oauth2-proxy.cfg", text) == expected(text)


@pytest.mark.parametrize(
    ("host", "private"),
    [
        ("orders", True),
        ("orders.shop.svc.cluster.local", True),
        ("vault.service.consul", True),
        ("172.16.4.2", True),
        ("api.stripe.com", False),
        ("52.94.236.248", None),
        ("{{ .Values.upstream }}", None),
    ],
)
def test_a_host_is_private_public_or_unknown(host: str, private: bool | None) -> None:
    assert trust_boundary.is_private(host) is private


@pytest.mark.parametrize(
    ("host", "served", "trusted", "outside"),
    [
        ("api.partner.co.uk", {"shop.co.uk"}, set(), True),
        ("pay.shop.co.uk", {"shop.co.uk"}, set(), False),
        ("api.tenant-idp.com", {"shop.example.com"}, {"tenant-idp.com"}, False),
        ("api.partner.com", set(), {"tenant-idp.com"}, False),
    ],
    ids=["country-code-domain", "own-subdomain", "trusted-issuer-domain", "no-served-domain"],
)
def test_a_public_host_is_outside_only_when_the_gateway_names_the_domains_it_serves(
    host: str, served: set[str], trusted: set[str], outside: bool
) -> None:
    domains = trust_boundary.Domains(frozenset(served), frozenset(trusted))
    assert (trust_boundary.outside(host, domains) is not None) is outside


@pytest.mark.parametrize(
    ("payments", "reported"),
    [
        ("payments.box.io", set()),
        ("api.box-payments.io", {(FORWARD_LINE, "TOK001")}),
        ("pay.box.com.au", {(FORWARD_LINE, "TOK001")}),
    ],
    ids=["own-subdomain", "other-domain", "other-country-domain"],
)
def test_a_two_letter_top_level_domain_keeps_three_labels_only_under_a_registry_level(
    payments: str, reported: set[tuple[int, str]]
) -> None:
    text = envoy("forward: true", payments=payments).replace("shop.example.com", "box.io")
    assert found("edge/envoy.yaml", text) == reported


def test_a_public_host_a_service_entry_declares_external_is_outside_without_served_domains() -> (
    None
):
    declared = "declared MESH_EXTERNAL by ServiceEntry 'fx-feed'"
    assert trust_boundary.outside(
        "rates.fx-feed.net", trust_boundary.Domains(frozenset()), declared
    )


def test_an_envoy_gateway_serving_any_host_does_not_judge_public_names() -> None:
    text = envoy("forward: true").replace('domains: ["api.shop.example.com"]', 'domains: ["*"]')
    assert found("edge/envoy.yaml", text) == set()


ISTIO_GATEWAY = """\
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: edge-jwt
  namespace: istio-system
spec:
  selector:
    matchLabels:
      istio: ingressgateway
  jwtRules:
    - issuer: https://login.shop.example.com/
      audiences: [shop-web]
      jwksUri: https://login.shop.example.com/.well-known/jwks.json
      forwardOriginalToken: true
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: public
  namespace: istio-system
spec:
  selector:
    istio: ingressgateway
  servers:
    - port: {number: 443, name: https, protocol: HTTPS}
      hosts: ["api.shop.example.com"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: api
  namespace: istio-system
spec:
  hosts: ["api.shop.example.com"]
  gateways: [public]
  http:
    - route:
        - destination: {host: DESTINATION}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: fx-feed
  namespace: istio-system
spec:
  hosts: [rates.fx-feed.net]
  location: MESH_EXTERNAL
  resolution: DNS
"""


@pytest.mark.parametrize(
    ("destination", "expected_lines"),
    [("rates.fx-feed.net", {14}), ("orders.shop.svc.cluster.local", set())],
    ids=["mesh-external-service-entry", "in-mesh-service"],
)
def test_an_istio_gateway_keeping_the_token_is_judged_by_where_its_routes_go(
    destination: str, expected_lines: set[int]
) -> None:
    text = ISTIO_GATEWAY.replace("DESTINATION", destination)
    tokens = {line for line, rule in found("istio/edge.yaml", text) if rule == "TOK001"}
    assert tokens == expected_lines


def test_a_sidecar_keeping_the_token_for_its_own_workload_is_not_a_passthrough() -> None:
    text = ISTIO_GATEWAY.replace("DESTINATION", "rates.fx-feed.net").replace(
        "istio: ingressgateway", "app: orders", 1
    )
    assert {rule for _, rule in found("istio/orders.yaml", text)} == {"GW001"}


def split_gloo(address: str) -> dict[str, str]:
    """The first Gloo case with its Upstream moved to a file of its own, at `address`."""
    return {
        "gloo/storefront.yaml": GLOO["virtual-host-keeps-token-for-a-static-partner-host"].split(
            "---\n"
        )[0],
        "gloo/upstreams/loyalty.yaml": upstream("loyalty-partner", address),
    }


def test_a_gloo_upstream_in_another_file_with_another_organisations_host_is_joined(
    tmp_path: Path,
) -> None:
    found_here = scanned(split_gloo("api.points-exchange.net"), tmp_path)
    assert found_here == {("gloo/storefront.yaml", "TOK001", 16)}


@pytest.mark.parametrize(
    "address",
    ["loyalty.shop.example.com", "loyalty.loyalty.svc.cluster.local"],
    ids=["own-domain", "cluster-local"],
)
def test_a_gloo_upstream_in_another_file_inside_the_trust_boundary_withdraws_the_finding(
    tmp_path: Path, address: str
) -> None:
    assert scanned(split_gloo(address), tmp_path) == set()


ENVOY_GATEWAY = """\
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata:
  name: portal-oidc
  namespace: shop
spec:
  targetRefs:
    - group: gateway.networking.k8s.io
      kind: HTTPRoute
      name: reports
  oidc:
    provider:
      issuer: https://login.shop.example.com/realms/staff
    clientID: portal
    clientSecret:
      name: portal-oidc
    redirectURL: https://portal.shop.example.com/oauth2/callback
    forwardAccessToken: FORWARD
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reports
  namespace: shop
spec:
  hostnames: [portal.shop.example.com]
  rules:
    - backendRefs:
        - BACKEND
---
apiVersion: v1
kind: Service
metadata:
  name: bi-vendor
  namespace: shop
spec:
  type: ExternalName
  externalName: eu.dash-analytics.io
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata:
  name: reports-db
  namespace: shop
spec:
  endpoints:
    - fqdn:
        hostname: HOST
        port: 443
"""


@pytest.mark.parametrize(
    ("forward", "backend", "host", "lines"),
    [
        ("true", "name: bi-vendor", "reports.shop.example.com", {18}),
        ("true", "{group: gateway.envoyproxy.io, kind: Backend, name: reports-db}", "api.bi-cloud.net", {18}),
        ("true", "{group: gateway.envoyproxy.io, kind: Backend, name: reports-db}", "reports.shop.example.com", set()),
        ("false", "name: bi-vendor", "reports.shop.example.com", set()),
    ],
    ids=["external-name-service", "backend-of-another-domain", "backend-of-its-own-domain", "not-forwarded"],
)  # fmt: skip
def test_envoy_gateway_forward_access_token_is_judged_by_the_route_backend(
    forward: str, backend: str, host: str, lines: set[int]
) -> None:
    text = (
        ENVOY_GATEWAY.replace("FORWARD", forward).replace("BACKEND", backend).replace("HOST", host)
    )
    assert {line for line, rule in found("gateway/portal.yaml", text) if rule == "TOK001"} == lines
