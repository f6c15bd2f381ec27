"""JWT010: JWKS, discovery, issuer and token URLs over plain http, reported at the literal."""

from __future__ import annotations

import pytest

from scanner.configuration import Config
from scanner.engine import scan_text


def findings(rules, source: str, path: str = "app/auth.py"):
    return [f for f in scan_text(path, source, Config(), rules).findings if f.rule_id == "JWT010"]


def reported(rules, source: str) -> list[tuple[str, int]]:
    return [(f.rule_id, f.location.line) for f in findings(rules, source)]


REPORTED = [
    pytest.param(
        "import jwt\nclient = jwt.PyJWKClient('http://idp.example.com/jwks.json')\n",
        [("JWT010", 2)],
        id="pyjwkclient-literal",
    ),
    pytest.param(
        "from jwt import PyJWKClient as Keys\nURL = 'http://idp.example.com/keys'\nclient = Keys(URL)\n",
        [("JWT010", 2)],
        id="aliased-pyjwkclient-through-a-constant",
    ),
    pytest.param(
        "from jwt import PyJWKClient\nclient = PyJWKClient(uri='http://idp.example.com/keys')\n",
        [("JWT010", 2)],
        id="pyjwkclient-uri-keyword",
    ),
    pytest.param(
        "SIMPLE_JWT = {\n    'ALGORITHM': 'RS256',\n    'JWK_URL': 'http://idp.example.com/certs',\n}\n",
        [("JWT010", 3)],
        id="simplejwt-jwk-url",
    ),
    pytest.param(
        "JWKS_URL = 'http://idp.example.com/jwks'\n",
        [("JWT010", 1)],
        id="module-setting-named-jwks",
    ),
    pytest.param(
        "class Settings:\n    oidc_token_endpoint: str = 'http://idp.example.com/token'\n",
        [("JWT010", 2)],
        id="annotated-class-setting",
    ),
    pytest.param(
        "app.config['OIDC_ISSUER_URL'] = 'http://idp.example.com/realms/main'\n",
        [("JWT010", 1)],
        id="issuer-url-config-item",
    ),
    pytest.param(
        "import os\nJWKS_URI = os.getenv('JWKS_URI', 'http://idp.example.com/jwks')\n",
        [("JWT010", 2)],
        id="env-lookup-default",
    ),
    pytest.param(
        "oauth.register(\n    name='corp',\n    server_metadata_url='http://sso.example.com/.well-known/openid-configuration',\n)\n",
        [("JWT010", 3)],
        id="authlib-server-metadata-url",
    ),
    pytest.param(
        "from authlib.integrations.requests_client import OAuth2Session\n"
        "s = OAuth2Session(cid, secret, token_endpoint='http://idp.example.com/oauth2/token')\n",
        [("JWT010", 2)],
        id="token-endpoint-keyword",
    ),
    pytest.param(
        "def f(session):\n    return session.fetch_token('http://idp.example.com/oauth/token', code=c)\n",
        [("JWT010", 2)],
        id="fetch-token-url",
    ),
    pytest.param(
        "import requests\nkeys = requests.get('http://idp.example.com/.well-known/jwks.json').json()\n",
        [("JWT010", 2)],
        id="requests-get-of-a-well-known-jwks-path",
    ),
    pytest.param(
        "app.config.update({'jwksUri': 'http://idp.example.com/keys'})\n",
        [("JWT010", 1)],
        id="camel-case-key-in-a-passed-dict",
    ),
    pytest.param(
        "AUTH = {'oidc': {'jwks_url': 'http://idp.example.com/keys'}}\n",
        [("JWT010", 1)],
        id="nested-dict-entry",
    ),
]

SILENT = [
    pytest.param(
        "import jwt\nclient = jwt.PyJWKClient('https://idp.example.com/jwks.json')\n", id="https"
    ),
    pytest.param(
        "import os, jwt\nclient = jwt.PyJWKClient(os.environ['JWKS_URL'])\n", id="env-lookup"
    ),
    pytest.param("JWKS_URL = 'http://localhost:8080/realms/dev/certs'\n", id="localhost"),
    pytest.param("JWKS_URL = 'http://127.0.0.1:8080/certs'\n", id="ipv4-loopback"),
    pytest.param("JWKS_URL = 'http://[::1]:8080/certs'\n", id="ipv6-loopback"),
    pytest.param(
        "AWS_TOKEN_URL = 'http://169.254.169.254/latest/api/token'\n",
        id="link-local-instance-metadata",
    ),
    pytest.param(
        "import jwt\nISSUER = 'http://idp.example.com'\ndef v(t, k):\n"
        "    return jwt.decode(t, k, algorithms=['RS256'], issuer=ISSUER)\n",
        id="issuer-only-compared",
    ),
    pytest.param(
        "JWKS_URL_TEMPLATE = 'http://{host}/jwks'\n", id="template-host-decided-elsewhere"
    ),
    pytest.param(
        '"""See http://openid.net/specs/openid-connect-core-1_0.html for the jwks format."""\n',
        id="url-in-a-docstring",
    ),
    pytest.param("HOMEPAGE_URL = 'http://example.com/oauth'\n", id="setting-name-not-an-endpoint"),
    pytest.param(
        "import requests\nrequests.get('http://example.com/status')\n",
        id="plain-fetch-of-another-path",
    ),
    pytest.param(
        "JWKS_URL = f'http://{KEYCLOAK_HOST}/realms/main/certs'\n", id="f-string-host-unknown"
    ),
    pytest.param(
        "AUTHORIZATION_URL = 'http://idp.example.com/authorize'\n",
        id="browser-authorize-url-not-key-transport",
    ),
]


@pytest.mark.parametrize(("source", "expected"), REPORTED)
def test_plain_http_key_or_token_endpoint_is_reported(rules, source, expected):
    assert reported(rules, source) == expected


@pytest.mark.parametrize("source", SILENT)
def test_https_loopback_or_unrelated_url_is_silent(rules, source):
    assert reported(rules, source) == []


def test_constant_used_by_a_fetcher_is_reported_once_with_the_use_related(rules):
    source = (
        "import jwt\nKEYS = 'http://idp.example.com/keys'\n\nclient = jwt.PyJWKClient(KEYS)\n"
        "other = jwt.PyJWKClient(KEYS)\n"
    )
    (finding,) = findings(rules, source)
    assert finding.message == "PyJWKClient reaches the JWKS endpoint over plain http"
    assert finding.location.line == 2
    assert [r.location.line for r in finding.related] == [4]
