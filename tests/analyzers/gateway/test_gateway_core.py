"""The gateway core: profiles judged alike for every platform, one finding per place, a cheap prefilter."""

from __future__ import annotations

from dataclasses import replace

import pytest
from gateway_scan import RULES as RULES_CATALOG
from gateway_scan import messages, reported

from scanner.analyzers.base import Context
from scanner.analyzers.gateway import GatewayConfigs, judges
from scanner.analyzers.gateway.profile import (
    ALGORITHMS,
    AUDIENCES,
    LEEWAY,
    InlineKey,
    Validation,
)
from scanner.configuration import Config
from scanner.engine import scan_text
from scanner.model import FileKind, Location
from scanner.registry import RULES

ALL = Context(frozenset(RULES))
AT = Location(4, 5)
CHECKED = Validation(
    "test", "provider 'idp'", AT, issuer="https://idp.example.com/", audiences=("orders",),
    jwks_uri="https://idp.example.com/jwks",
)  # fmt: skip


def _judged(profile: Validation) -> set[tuple[str, int]]:
    return {(d.rule_id, d.location.line) for d in judges.judged(profile, ALL)}


def _with(**changes: object) -> Validation:
    return replace(CHECKED, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        (CHECKED, set()),
        (_with(audiences=None), {("JWT004", 4)}),
        (_with(audiences=None, places={AUDIENCES: Location(9, 7)}), {("JWT004", 9)}),
        (_with(issuer=None, issuer_checked=False), {("JWT005", 4)}),
        (_with(expiry_checked=False), {("JWT006", 4)}),
        (_with(expiry_required=False), {("JWT006", 4)}),
        (_with(expiry_required=None), set()),
        (_with(max_lifetime_seconds=86400.0), {("JWT007", 4)}),
        (_with(max_lifetime_seconds=3600.0), set()),
        (_with(leeway_seconds=900.0, places={LEEWAY: Location(7, 3)}), {("JWT008", 7)}),
        (_with(leeway_seconds=300.0), set()),
        (_with(jwks_uri="http://idp.example.com/jwks"), {("JWT010", 4)}),
        (_with(jwks_uri="http://localhost:8080/jwks"), set()),
        (_with(insecure_transport="insecureTLS: true"), {("JWT010", 4)}),
        (_with(algorithms=("RS256", "HS256"), places={ALGORITHMS: Location(6, 1)}), {("JWT003", 6)}),
        (_with(algorithms=("RS256", "none")), {("JWT002", 4)}),
        (_with(algorithms=("RS256", "ES256")), set()),
    ],
    ids=[
        "every-check", "no-audience", "audience-turned-off-on-its-line", "no-issuer",
        "exp-ignored", "exp-requirement-off", "exp-platform-default", "day-long-lifetime",
        "hour-long-lifetime", "quarter-hour-leeway", "five-minute-leeway", "jwks-over-http",
        "jwks-on-loopback", "tls-unverified", "hs-next-to-rs", "none-accepted", "asymmetric-only",
    ],
)  # fmt: skip
def test_a_profile_is_judged_on_what_it_checks(
    profile: Validation, expected: set[tuple[str, int]]
) -> None:
    assert _judged(profile) == expected


def test_an_inline_symmetric_key_is_hardcoded_and_masked() -> None:
    key = InlineKey(Location(8, 20, 8, 63), "HS256", "c2VjcmV0LXNpZ25pbmcta2V5LWZvci1vcmRlcnMtYXBp")
    found = list(judges.judged(_with(inline_keys=(key,), jwks_uri=None, audiences=None), ALL))
    assert [(d.rule_id, d.location.line, d.evidence and d.evidence.masked) for d in found] == [
        ("HMAC001", 8, "c2********Bp")
    ]
    assert found[0].secret_spans == (Location(8, 20, 8, 63),)


def test_a_short_inline_key_is_weak_and_hardcoded() -> None:
    key = InlineKey(Location(8, 20), "HS256", "c2hvcnQta2V5")  # "short-key": 9 bytes
    found = {
        (d.rule_id, d.fields.get("reason")) for d in judges.judged(_with(inline_keys=(key,)), ALL)
    }
    assert found == {
        ("HMAC002", "9 bytes, under the 32 bytes its algorithm needs"),
        ("HMAC001", None),
    }


HTTP_JWKS = """\
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: orders-jwt
spec:
  jwtRules:
    - issuer: https://login.example.com/
      audiences: [orders-api]
      jwksUri: http://login.example.com/.well-known/jwks.json
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: require-jwt
spec:
  rules:
    - from:
        - source:
            requestPrincipals: ["*"]
"""


def test_a_value_both_analyzers_judge_is_one_finding_in_the_gateway_words() -> None:
    # The config analyzer also knows `jwksUri` as a JWKS endpoint by its name.
    assert reported("istio/authn.yaml", HTTP_JWKS) == {("JWT010", 9, None)}
    assert messages("istio/authn.yaml", HTTP_JWKS)[("JWT010", 9)] == (
        "RequestAuthentication 'orders-jwt' jwtRules[0] reaches the JWKS endpoint over plain http"
    )


def test_the_config_analyzer_still_judges_what_no_gateway_document_holds() -> None:
    text = "auth:\n  jwks_url: http://login.example.com/.well-known/jwks.json\n"
    assert reported("config/auth.yaml", text) == {("JWT010", 2, None)}


@pytest.mark.parametrize(
    "data",
    [
        b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api\ndata:\n  mode: fast\n",
        b'{"name": "web", "scripts": {"build": "tsc"}}',
        b"jwt:\n  issuer: https://login.example.com/\n",
    ],
)
def test_files_naming_no_platform_are_never_parsed(data: bytes) -> None:
    assert not GatewayConfigs().might_report(data, FileKind.YAML)


def test_a_broken_file_is_reported_unparsable_once() -> None:
    # The config analyzer reads the same file and reports it; the gateway reader adds nothing.
    text = "kind: RequestAuthentication\napiVersion: security.istio.io/v1\nspec: [\n"
    notes = scan_text("istio/broken.yaml", text, Config(), RULES_CATALOG).notifications
    assert [(n.kind.value, n.detail) for n in notes] == [("parse-error", "YAML syntax error")]


BOMB = "\n".join(
    ["apiVersion: security.istio.io/v1", "kind: AuthorizationPolicy", 'a0: &a0 ["x", "x"]']
    + [f"a{n}: &a{n} [*a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}]" for n in range(1, 30)]
    + ["spec:", "  rules: *a29"]
)


@pytest.mark.parametrize(
    "text",
    [
        BOMB,
        "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nspec:\n  jwtRules: "
        + "[" * 900
        + "]" * 900,
        "- apiVersion: security.istio.io/v1\n- kind: RequestAuthentication\n",
        "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nspec:\n  jwtRules:\n"
        "    - issuer: x\n      audiences: [a]\n      jwks: '" + '{"keys":' * 2000 + "'\n",
        "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nspec: 7\n",
    ],
    ids=["alias-bomb", "deep-flow", "top-level-list", "deep-jwks-json", "scalar-spec"],
)
def test_hostile_documents_cost_their_size_and_never_crash(text: str) -> None:
    outcome = scan_text("mesh/hostile.yaml", text, Config(), RULES_CATALOG)
    assert not [n for n in outcome.notifications if n.kind.value == "analyzer-error"]
