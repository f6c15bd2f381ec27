"""One judgement of "plain http to a host off this machine", asked by every analyzer alike."""

from __future__ import annotations

import pytest

from scanner.analyzers.urls import host_of, is_local_host, is_plain_http
from scanner.configuration import Config
from scanner.engine import scan_text


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://idp.example.com/.well-known/jwks.json", "a public name"),
        ("HTTP://Auth.Example.com", "the scheme and host in any case"),
        ("http://user:pw@idp.example.com/", "credentials before the host"),
        ("http://10.0.0.5/jwks", "a private address: anyone on that network reads it"),
        ("http://10.5/jwks", "a private address in inet_aton's shorthand (10.0.0.5)"),
        ("http://keycloak:8080/realms/main", "a single label: anyone in the cluster reads it"),
        ("http://idp.example.com/${REALM}/jwks", "a template in the path only"),
        ("http://idp.example.com:${PORT}/jwks", "a template in the port only"),
        ("http://idp.example.com/{", "an f-string cut at a placeholder after the host"),
        ("  http://idp.example.com/jwks\n", "blanks around the URL, as XML text keeps them"),
        ("http://127.0.0.1.nip.io/jwks", "a DNS name, whatever it resolves to"),
        ("http://bücher.example/jwks", "an internationalised name"),
    ],
)
def test_an_http_url_to_a_known_host_off_this_machine_is_plain_http(url: str, why: str) -> None:
    assert is_plain_http(url), why


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost",
        "http://localhost:8080/x",
        "http://LOCALHOST/jwks",
        "http://localhost./jwks",
        "http://foo.localhost/jwks",
        "http://127.0.0.1",
        "http://127.1.2.3",
        "http://127.1/jwks",
        "http://2130706433/jwks",
        "http://0x7f.1/jwks",
        "http://0:8080/jwks",
        "http://[::1]",
        "http://[::ffff:127.0.0.1]/jwks",
        "http://0.0.0.0",
        "http://[::]:8080/jwks",
        "http://host.docker.internal",
        "http://testserver/jwks",
    ],
)
def test_a_host_on_this_machine_is_not_plain_http(url: str) -> None:
    assert not is_plain_http(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest",
        "http://169.254.170.2/v2/credentials",
        "http://[fe80::1]/jwks",
        "http://metadata.google.internal",
        "http://metadata/computeMetadata/v1/",
        "http://[fd00:ec2::254]/latest/api/token",
    ],
)
def test_link_local_and_metadata_hosts_are_not_plain_http(url: str) -> None:
    assert not is_plain_http(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://${HOST}/jwks",
        "http://{{ .Values.host }}/jwks",
        "http://{host}/jwks",
        "http://%(host)s/jwks",
        "http://<host>/jwks",
        "http://$HOST/jwks",
        "http://$(HOST)/jwks",
        "http://{",
        "http://idp-${ENV}.example.com/jwks",
        "http://*.example.com/jwks",
    ],
)
def test_a_host_left_to_run_time_is_not_judged(url: str) -> None:
    assert not is_plain_http(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://idp.example.com/jwks",
        "ws://idp.example.com/socket",
        "http:/broken",
        "http://",
        "http:///jwks",
        "http://[::1",
        "http://.example.com/jwks",
        "idp.example.com/jwks",
        "see http://idp.example.com/jwks",
        "",
    ],
)
def test_other_schemes_and_broken_urls_are_not_plain_http(url: str) -> None:
    assert not is_plain_http(url)


@pytest.mark.parametrize(
    ("address", "host"),
    [
        ("http://Idp.Example.com:8080/jwks", "idp.example.com"),
        ("orders.shop.svc:8080", "orders.shop.svc"),
        ("'api.example.com'", "api.example.com"),
        ("http://[::1]:8080/", "::1"),
        ("http://example.com./", "example.com"),
        ("http://[::1", ""),
        ("  ", ""),
    ],
)
def test_the_host_of_a_url_or_bare_address(address: str, host: str) -> None:
    assert host_of(address) == host


@pytest.mark.parametrize(
    ("host", "local"),
    [("localhost", True), ("127.0.0.1", True), ("169.254.169.254", True), ("idp", False), ("", False)],
)  # fmt: skip
def test_a_bare_host_is_local_or_not(host: str, local: bool) -> None:
    assert is_local_host(host) is local


# One URL, three places to write it: JWT010 in each or in none.
WRITTEN = {
    "app/auth.py": "JWKS_URL = '{url}'\n",
    ".env.production": 'JWKS_URL="{url}"\n',
    "istio/authn.yaml": (
        "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\n"
        "metadata:\n  name: orders-jwt\nspec:\n  jwtRules:\n"
        '    - issuer: https://idp.example.com/\n      audiences: [orders]\n      jwksUri: "{url}"\n'
    ),
}


@pytest.mark.parametrize(
    ("url", "reported"),
    [
        ("http://idp.example.com/jwks", True),
        ("http://10.0.0.5/jwks", True),
        ("http://idp.example.com/${REALM}/jwks", True),
        ("http://localhost:8080/jwks", False),
        ("http://metadata.google.internal/jwks", False),
        ("http://testserver/jwks", False),
        ("http://%(host)s/jwks", False),
        ("http://${AUTH_HOST}/jwks", False),
    ],
)
def test_python_config_and_gateway_files_judge_a_url_alike(rules, url: str, reported: bool) -> None:
    found = {
        path: [
            f.rule_id
            for f in scan_text(path, text.format(url=url), Config(), rules).findings
            if f.rule_id == "JWT010"
        ]
        for path, text in WRITTEN.items()
    }
    assert found == {path: ["JWT010"] if reported else [] for path in WRITTEN}
