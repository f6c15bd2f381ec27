"""Istio: RequestAuthentication joined with AuthorizationPolicy (GW001), jwtRules judged, istiod's switch."""

from __future__ import annotations

from pathlib import Path

import pytest
from gateway_scan import reported, scanned

RA = """\
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: orders-jwt
  namespace: orders
spec:
  selector:
    matchLabels:
      app: orders
  jwtRules:
    - issuer: https://login.example.com/
      audiences: [orders-api]
      jwksUri: https://login.example.com/.well-known/jwks.json
"""


def _policy(body: str, namespace: str = "orders", selector: str = "") -> str:
    return (
        "---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
        f"metadata:\n  name: p\n  namespace: {namespace}\nspec:\n{selector}{body}"
    )


REQUIRE = "  rules:\n    - from:\n        - source:\n            requestPrincipals: ['*']\n"
UNCOVERED = {("GW001", 2, None)}


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("", UNCOVERED),
        (_policy(REQUIRE), set()),
        (_policy(REQUIRE, namespace="istio-system"), set()),
        (_policy(REQUIRE, namespace="billing"), UNCOVERED),
        (_policy(REQUIRE, selector="  selector:\n    matchLabels:\n      app: orders\n"), set()),
        (_policy(REQUIRE, selector="  selector:\n    matchLabels:\n      app: billing\n"), UNCOVERED),
        # v1 pods of app=orders get the authentication but no policy
        (
            _policy(REQUIRE, selector="  selector:\n    matchLabels:\n      app: orders\n      version: v2\n"),
            UNCOVERED,
        ),
        (
            _policy(
                "  action: DENY\n  rules:\n    - from:\n        - source:\n"
                "            notRequestPrincipals: ['*']\n"
            ),
            set(),
        ),
        (
            _policy(
                "  action: DENY\n  rules:\n    - from:\n        - source:\n"
                "            notNamespaces: ['orders']\n"
            ),
            UNCOVERED,
        ),
        (_policy("  action: CUSTOM\n  provider:\n    name: ext-authz\n  rules:\n    - {}\n"), set()),
        (
            _policy(
                "  rules:\n    - when:\n        - key: request.auth.claims[iss]\n"
                "          values: ['https://login.example.com/']\n"
            ),
            set(),
        ),
        (
            _policy("  rules:\n    - from:\n        - source:\n            principals: ['cluster.local/ns/web/sa/web']\n"),
            UNCOVERED,
        ),
    ],
    ids=[
        "alone", "allow-principals", "root-namespace", "other-namespace", "same-selector",
        "other-selector", "narrower-selector", "deny-without-principal", "deny-by-namespace-only",
        "custom-authorizer",
        "when-on-request-auth", "mtls-principals-only",
    ],
)  # fmt: skip
def test_a_request_authentication_counts_as_enforced_only_with_a_policy_requiring_a_token(
    policy: str, expected: set[tuple[str, int, None]]
) -> None:
    assert reported("mesh/orders.yaml", RA + policy) == expected


def test_an_empty_allow_rule_beside_the_authentication_opens_every_request() -> None:
    text = RA + _policy(REQUIRE + "    - {}\n")
    assert reported("mesh/orders.yaml", text) == {("GW001", 25, None)}


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        ('["/admin/*"]', {("GW001", 25, None)}),
        ('["/healthz", "/ready", "/health/live"]', set()),
        ('["/healthz", "/metrics"]', {("GW001", 25, None)}),
    ],
    ids=["admin", "probes-only", "probe-and-metrics"],
)
def test_an_allow_rule_naming_only_paths_needs_no_token_unless_they_are_probes(
    paths: str, expected: set[tuple[str, int, None]]
) -> None:
    text = RA + _policy(REQUIRE + f"    - to:\n        - operation:\n            paths: {paths}\n")
    assert reported("mesh/orders.yaml", text) == expected


def test_an_allow_all_policy_with_no_authentication_anywhere_is_not_about_tokens() -> None:
    text = _policy("  rules:\n    - {}\n", namespace="tools").removeprefix("---\n")
    assert reported("mesh/allow-all.yaml", text) == set()


def test_the_exempt_paths_are_a_parameter() -> None:
    text = RA + _policy(
        REQUIRE + '    - to:\n        - operation:\n            paths: ["/status"]\n'
    )
    assert reported("mesh/orders.yaml", text, GW001={"exempt_paths": ["/status"]}) == set()


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (
            "    - issuer: https://login.example.com/\n"
            "      jwksUri: https://login.example.com/.well-known/jwks.json\n",
            {("JWT004", 11, None)},
        ),
        (
            "    - issuer: https://login.example.com/\n      audiences: [orders-api]\n"
            "      jwksUri: http://login.example.com/.well-known/jwks.json\n",
            {("JWT010", 13, None)},
        ),
        (
            "    - issuer: orders-internal\n"
            '      jwks: \'{"keys":[{"kty":"oct","alg":"HS256","k":"b3JkZXJzLWludGVybmFsLXNpZ25pbmcta2V5LTIwMjY"}]}\'\n',
            {("HMAC001", 12, "b3********jY")},
        ),
        (
            "    - issuer: https://login.example.com/\n      audiences: [orders-api]\n"
            '      jwks: \'{"keys":[{"kty":"RSA","e":"AQAB","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFb"}]}\'\n',
            set(),
        ),
    ],
    ids=["no-audiences", "jwks-over-http", "inline-hmac-key", "inline-rsa-key"],
)
def test_each_jwt_rule_is_judged_at_its_place(
    rule: str, expected: set[tuple[str, int, str | None]]
) -> None:
    head = RA[: RA.index("    - issuer")]
    assert reported("mesh/orders.yaml", head + rule + _policy(REQUIRE)) == expected


def test_a_policy_in_another_file_of_the_namespace_covers_the_authentication(
    tmp_path: Path,
) -> None:
    files = {
        "mesh/orders-authn.yaml": RA,
        "mesh/orders-authz.yaml": _policy(REQUIRE).removeprefix("---\n"),
        "mesh/billing-authn.yaml": RA.replace("orders", "billing"),
    }
    assert scanned(files, tmp_path) == {("mesh/billing-authn.yaml", "GW001", 2)}


def test_an_authentication_whose_policy_is_in_another_file_is_not_compared_on_missing_tokens(
    tmp_path: Path,
) -> None:
    """TOK002 would call it weaker than an enforced one of its issuer, had the policy not covered it."""
    files = {
        "mesh/orders-authn.yaml": RA,
        "mesh/orders-authz.yaml": _policy(REQUIRE).removeprefix("---\n"),
        "mesh/billing.yaml": RA.replace("orders", "billing") + _policy(REQUIRE, "billing"),
    }
    assert scanned(files, tmp_path) == set()


def test_an_open_rule_counts_when_the_authentication_is_in_another_file(tmp_path: Path) -> None:
    files = {
        "mesh/orders-authn.yaml": RA,
        "mesh/orders-authz.yaml": _policy(REQUIRE + "    - {}\n").removeprefix("---\n"),
        "mesh/tools-authz.yaml": _policy("  rules:\n    - {}\n", namespace="tools").removeprefix(
            "---\n"
        ),
    }
    assert scanned(files, tmp_path) == {("mesh/orders-authz.yaml", "GW001", 11)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  values:\n"
            '    pilot:\n      env:\n        JWKS_RESOLVER_INSECURE_SKIP_VERIFY: "true"\n',
            {("JWT010", 7, None)},
        ),
        (
            "pilot:\n  env:\n    JWKS_RESOLVER_INSECURE_SKIP_VERIFY: false\n"
            "    PILOT_JWT_ENABLE_REMOTE_JWKS: envoy\n",
            set(),
        ),
        (
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: istiod\nspec:\n  template:\n"
            "    spec:\n      containers:\n        - name: discovery\n          env:\n"
            '            - name: JWKS_RESOLVER_INSECURE_SKIP_VERIFY\n              value: "true"\n',
            # istiod's own token, mounted by default, is K8S001's as for any workload
            {("JWT010", 12, None), ("K8S001", 2, None)},
        ),
    ],
    ids=["istio-operator", "helm-values-off", "istiod-container-env"],
)
def test_istiod_skipping_tls_for_every_jwks_is_reported_where_it_is_switched_on(
    text: str, expected: set[tuple[str, int, None]]
) -> None:
    assert reported("install/istio.yaml", text) == expected


def test_an_open_rule_for_other_workloads_than_the_authentication_is_not_about_its_tokens(
    tmp_path: Path,
) -> None:
    billing = "  selector:\n    matchLabels:\n      app: billing\n"
    orders = "  selector:\n    matchLabels:\n      app: orders\n"
    files = {
        "mesh/orders-authn.yaml": RA,  # app: orders
        "mesh/billing-authz.yaml": _policy("  rules:\n    - {}\n", selector=billing).removeprefix(
            "---\n"
        ),
        "mesh/orders-authz.yaml": _policy(REQUIRE + "    - {}\n", selector=orders).removeprefix(
            "---\n"
        ),
    }
    assert scanned(files, tmp_path) == {("mesh/orders-authz.yaml", "GW001", 14)}
