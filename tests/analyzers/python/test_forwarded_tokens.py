"""TOK001: the caller's bearer token reaching the headers of an outgoing HTTP call."""

from __future__ import annotations

import pytest

from scanner import catalog
from scanner.analyzers.python.analyzer import FAMILIES, PREFILTER, Family
from scanner.configuration import Config
from scanner.engine import scan_text

RULES = catalog.load()


def reported(source: str, path: str = "app/views.py") -> list[tuple[str, int, tuple[int, ...]]]:
    """(rule, line, lines of the related locations) of each TOK001 finding."""
    result = scan_text(path, source, Config(), RULES)
    return [
        (f.rule_id, f.location.line, tuple(r.location.line for r in f.related))
        for f in result.findings
        if f.rule_id == "TOK001"
    ]


FLASK = "import requests\nfrom flask import request\n\n"
FASTAPI = (
    "import httpx\nfrom fastapi import Depends, FastAPI, Header\n"
    "from fastapi.security import OAuth2PasswordBearer\n\n"
    'oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")\n\n'
)

REPORTED = [
    pytest.param(
        FLASK + "def orders():\n"
        '    return requests.get(URL, headers={"Authorization": request.headers["Authorization"]})\n',
        [("TOK001", 5, (5,))],
        id="flask-header-inline",
    ),
    pytest.param(
        "import requests as rq\nfrom flask import request as incoming\n\ndef orders():\n"
        '    auth = incoming.headers.get("authorization")\n'
        '    return rq.post(URL, json={}, headers={"Authorization": auth})\n',
        [("TOK001", 6, (5,))],
        id="aliased-imports-lowercase-key",
    ),
    pytest.param(
        "import httpx\nfrom flask import request\n\ndef orders():\n"
        '    return httpx.post(URL, headers={"Authorization": f"Bearer {request.authorization.token}"})\n',
        [("TOK001", 5, (5,))],
        id="werkzeug-authorization-token",
    ),
    pytest.param(
        FLASK + "def orders():\n"
        '    token = request.headers["Authorization"].split()[1]\n'
        '    return requests.get(URL, headers={"Authorization": "Bearer %s" % token})\n',
        [("TOK001", 6, (5,))],
        id="split-then-percent-format",
    ),
    pytest.param(
        FLASK + "def orders():\n"
        '    token = request.headers["Authorization"].removeprefix("Bearer ")\n'
        '    return requests.get(URL, headers={"Authorization": "Bearer {}".format(token)})\n',
        [("TOK001", 6, (5,))],
        id="removeprefix-then-str-format",
    ),
    pytest.param(
        "import urllib3\n\ndef stock(request):\n"
        '    auth = request.headers["Authorization"]\n'
        '    return urllib3.PoolManager().request("GET", URL, headers={"Authorization": auth})\n',
        [("TOK001", 5, (4,))],
        id="django-view-urllib3",
    ),
    pytest.param(
        "import requests\n\ndef stock(request):\n"
        '    token = request.META.get("HTTP_AUTHORIZATION", "").replace("Bearer ", "")\n'
        '    return requests.get(URL, headers={"Authorization": "Bearer " + token})\n',
        [("TOK001", 5, (4,))],
        id="django-meta-get-replace-concatenate",
    ),
    pytest.param(
        "import requests\nfrom rest_framework.views import APIView\n\nclass Stock(APIView):\n"
        "    def get(self, request):\n"
        '        auth = self.request.headers["Authorization"]\n'
        '        return requests.get(URL, headers={"Authorization": auth})\n',
        [("TOK001", 7, (6,))],
        id="self-request-in-a-class-based-view",
    ),
    pytest.param(
        "import urllib.request\nfrom flask import request\n\ndef orders():\n"
        '    outgoing = urllib.request.Request(URL, None, {"Authorization": request.headers["Authorization"]})\n'
        "    return urllib.request.urlopen(outgoing).read()\n",
        [("TOK001", 5, (5,))],
        id="urllib-request-headers-positional",
    ),
    pytest.param(
        "import urllib.request\nfrom flask import request\n\ndef orders():\n"
        "    outgoing = urllib.request.Request(URL)\n"
        '    outgoing.add_header("Authorization", request.headers["Authorization"])\n'
        "    return urllib.request.urlopen(outgoing).read()\n",
        [("TOK001", 6, (6,))],
        id="urllib-add-header",
    ),
    pytest.param(
        FLASK + "session = requests.Session()\n\ndef orders():\n"
        '    session.headers["Authorization"] = request.headers["Authorization"]\n'
        "    return session.get(URL).json()\n",
        [("TOK001", 7, (7,))],
        id="session-default-header-item",
    ),
    pytest.param(
        FLASK + "def orders():\n    with requests.Session() as session:\n"
        '        session.headers.update({"Authorization": request.headers["Authorization"]})\n'
        "        return session.get(URL).json()\n",
        [("TOK001", 6, (6,))],
        id="session-from-with-headers-update",
    ),
    pytest.param(
        "import httpx\nfrom flask import request\n\ndef orders():\n"
        '    token = request.headers["Authorization"]\n'
        '    client = httpx.Client(base_url=URL, headers={"Authorization": token})\n'
        '    return client.get("/invoices").json()\n',
        [("TOK001", 6, (5,))],
        id="httpx-client-default-headers",
    ),
    pytest.param(
        FASTAPI + '@app.get("/p")\n'
        "async def profile(authorization: str = Header(...)):\n"
        "    async with httpx.AsyncClient() as client:\n"
        '        return (await client.get(URL, headers={"Authorization": authorization})).json()\n',
        [("TOK001", 10, (8,))],
        id="fastapi-header-parameter",
    ),
    pytest.param(
        FASTAPI + '@app.get("/p")\n'
        'async def profile(auth: str = Header(alias="Authorization")):\n'
        '    return httpx.get(URL, headers={"Authorization": auth}).json()\n',
        [("TOK001", 9, (8,))],
        id="fastapi-header-aliased",
    ),
    pytest.param(
        "from typing import Annotated\n" + FASTAPI + '@app.get("/p")\n'
        "def profile(token: Annotated[str, Depends(oauth2_scheme)]):\n"
        '    return httpx.get(URL, headers={"Authorization": f"Bearer {token}"}).json()\n',
        [("TOK001", 10, (9,))],
        id="fastapi-annotated-bearer-dependency",
    ),
    pytest.param(
        FASTAPI + "def caller_token(authorization: str = Header()):\n"
        "    return authorization.split()[1]\n\n"
        '@app.get("/p")\n'
        "def profile(token: str = Depends(caller_token)):\n"
        '    return httpx.get(URL, headers={"Authorization": f"Bearer {token}"}).json()\n',
        [("TOK001", 12, (7,))],
        id="fastapi-local-dependency-function",
    ),
    pytest.param(
        "import httpx\nfrom fastapi import Depends\n"
        "from fastapi.security import HTTPAuthorizationCredentials\n\n"
        "from .security import bearer\n\n"
        "async def fx(creds: HTTPAuthorizationCredentials = Depends(bearer)):\n"
        "    async with httpx.AsyncClient() as client:\n"
        '        return await client.get(URL, headers={"Authorization": f"Bearer {creds.credentials}"})\n',
        [("TOK001", 9, (7,))],
        id="fastapi-credentials-type-with-a-scheme-from-another-module",
    ),
    pytest.param(
        "import aiohttp\nfrom aiohttp import hdrs, web\n\n"
        "async def handle(request: web.Request):\n"
        "    token = request.headers.get(hdrs.AUTHORIZATION)\n"
        '    async with aiohttp.ClientSession(headers={"Authorization": token}) as session:\n'
        "        async with session.get(URL) as reply:\n"
        "            return web.json_response(await reply.json())\n",
        [("TOK001", 6, (5,))],
        id="aiohttp-handler-to-session-defaults",
    ),
    pytest.param(
        "import httpx\nfrom starlette.requests import Request\n\n"
        "async def proxy(request: Request):\n"
        "    async with httpx.AsyncClient() as client:\n"
        '        return await client.get(URL, headers={**request.headers, "X-Proxy": "1"})\n',
        [("TOK001", 6, (6,))],
        id="starlette-headers-spread",
    ),
    pytest.param(
        FLASK + "def auth_headers(token):\n"
        '    return {"Authorization": token, "Accept": "application/json"}\n\n'
        "def orders():\n"
        '    return requests.get(URL, headers=auth_headers(request.headers["Authorization"]))\n',
        [("TOK001", 8, (8,))],
        id="module-helper-builds-the-headers",
    ),
    pytest.param(
        FLASK + "def fetch(path, auth):\n"
        '    return requests.get(BASE + path, headers={"Authorization": auth}, timeout=5).json()\n\n'
        "def orders():\n"
        '    return fetch("/orders", request.headers["Authorization"])\n',
        [("TOK001", 5, (8, 8))],
        id="module-helper-makes-the-call",
    ),
    pytest.param(
        "import flask\nimport requests\n\nclass ForwardAuth(requests.auth.AuthBase):\n"
        "    def __call__(self, r):\n"
        "        r.headers['Authorization'] = flask.request.headers['Authorization']\n"
        "        return r\n",
        [("TOK001", 6, (6,))],
        id="requests-auth-class-copies-the-header",
    ),
    pytest.param(
        "import httpx\nfrom flask import request\n\nclass ForwardAuth(httpx.Auth):\n"
        "    def auth_flow(self, outgoing):\n"
        "        token = request.headers.get('Authorization', '').split()[-1]\n"
        "        outgoing.headers['Authorization'] = f'Bearer {token}'\n"
        "        yield outgoing\n",
        [("TOK001", 7, (6,))],
        id="httpx-auth-flow-sets-the-callers-token",
    ),
]


@pytest.mark.parametrize(("source", "expected"), REPORTED)
def test_the_callers_token_forwarded_is_reported_at_the_call(
    source: str, expected: list[tuple[str, int, tuple[int, ...]]]
) -> None:
    assert reported(source) == expected


SILENT = [
    pytest.param(
        FLASK + "def orders():\n"
        '    caller = request.headers["Authorization"].split()[1]\n'
        "    form = {\n"
        '        "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",\n'
        '        "subject_token": caller,\n'
        "    }\n"
        '    return requests.post(EXCHANGE, data=form, headers={"Authorization": BASIC}).json()\n',
        id="token-exchange-form",
    ),
    pytest.param(
        FLASK + "def orders():\n"
        '    assertion = request.headers["Authorization"].split()[1]\n'
        "    return requests.post(\n"
        "        AZURE,\n"
        '        data={"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": assertion},\n'
        "    ).json()\n",
        id="on-behalf-of-assertion-grant",
    ),
    pytest.param(
        FLASK + "def orders():\n"
        '    caller = request.headers["Authorization"]\n'
        "    return requests.post(\n"
        "        STS,\n"
        '        headers={"Authorization": caller},\n'
        '        data={"grant_type": "urn:ietf:params:oauth:grant-type:token-exchange", "audience": "billing"},\n'
        "    ).json()\n",
        id="exchange-grant-with-the-subject-in-the-header",
    ),
    pytest.param(
        FLASK + "from app.settings import INTROSPECTION_ENDPOINT\n\ndef active():\n"
        '    auth = request.headers["Authorization"]\n'
        '    return requests.post(INTROSPECTION_ENDPOINT, headers={"Authorization": auth}).json()\n',
        id="introspection-endpoint-by-setting-name",
    ),
    pytest.param(
        FLASK + "def revoke():\n"
        '    auth = request.headers["Authorization"]\n'
        '    return requests.post(f"{ISSUER}/oauth/revoke", headers={"Authorization": auth})\n',
        id="revocation-path",
    ),
    pytest.param(
        FLASK + "def me():\n"
        '    url = "https://login.example.com/userinfo"\n'
        '    return requests.get(url, headers={"Authorization": request.headers["Authorization"]})\n',
        id="userinfo-url-through-a-local",
    ),
    pytest.param(
        FLASK + "import os\n\ndef orders():\n"
        '    user = request.headers["X-User-Id"]\n'
        '    token = os.environ["BILLING_TOKEN"]\n'
        '    return requests.get(URL, params={"user": user}, headers={"Authorization": f"Bearer {token}"})\n',
        id="service-token-from-the-environment",
    ),
    pytest.param(
        FLASK + "def orders():\n"
        '    return requests.get(URL, headers={"X-Request-Id": request.headers.get("X-Request-Id")})\n',
        id="other-incoming-header-only",
    ),
    pytest.param(
        FLASK + "import jwt\n\ndef orders():\n"
        '    auth = request.headers["Authorization"]\n'
        '    claims = jwt.decode(auth.split()[1], KEY, algorithms=["RS256"], audience="orders")\n'
        '    return requests.get(URL, headers={"X-Customer": claims["sub"]})\n',
        id="authorization-only-decoded",
    ),
    pytest.param(
        FLASK + "from flask_jwt_extended import create_access_token\n\ndef orders():\n"
        '    caller = request.headers["Authorization"]\n'
        "    internal = create_access_token(identity=whoami(caller))\n"
        '    return requests.get(URL, headers={"Authorization": f"Bearer {internal}"})\n',
        id="re-minted-for-the-internal-call",
    ),
    pytest.param(
        FLASK + "def orders():\n"
        "    headers = {k: v for k, v in request.headers.items() if k.lower() != 'authorization'}\n"
        "    return requests.get(URL, headers=headers)\n",
        id="filtered-copy-of-the-headers",
    ),
    pytest.param(
        FLASK + "def orders():\n"
        "    headers = dict(request.headers)\n"
        '    del headers["Authorization"]\n'
        "    return requests.get(URL, headers=headers)\n",
        id="copy-with-authorization-deleted",
    ),
    pytest.param(
        "import urllib.request\n\nclass Redirects(urllib.request.HTTPRedirectHandler):\n"
        "    def redirect_request(self, req, fp, code, msg, hdrs, newurl):\n"
        "        return urllib.request.Request(newurl, headers=req.headers)\n",
        id="outgoing-request-in-a-redirect-handler",
    ),
    pytest.param(
        "import requests\n\ndef resend(session, request):\n"
        "    return requests.get(request.url, headers=request.headers)\n",
        id="request-that-is-not-the-first-parameter",
    ),
    pytest.param(
        "import requests\n\ndef build():\n"
        '    request = requests.Request("GET", URL, headers={"Authorization": "Bearer x"})\n'
        "    return requests.get(URL, headers=request.headers)\n",
        id="local-outgoing-request-object",
    ),
    pytest.param(
        FASTAPI + '@app.get("/p")\n'
        "def profile(token: str):\n"
        '    return httpx.get(URL, headers={"Authorization": f"Bearer {token}"}).json()\n',
        id="fastapi-query-parameter-named-token",
    ),
    pytest.param(
        FLASK + "import logging\n\ndef orders():\n"
        '    logging.info("auth %s", request.headers.get("Authorization"))\n'
        "    return requests.get(URL, timeout=5)\n",
        id="authorization-only-logged",
    ),
    pytest.param(
        FLASK + "import os\n\ndef fetch(path, auth):\n"
        '    return requests.get(BASE + path, headers={"Authorization": auth}, timeout=5).json()\n\n'
        "def orders():\n"
        '    return fetch("/orders", os.environ["ORDERS_TOKEN"])\n',
        id="module-helper-given-the-services-own-token",
    ),
    pytest.param(
        "import requests\nfrom flask import request\n\nclass ServiceAuth(requests.auth.AuthBase):\n"
        "    def __init__(self, token):\n        self.token = token\n\n"
        "    def __call__(self, r):\n"
        "        r.headers['Authorization'] = f'Bearer {self.token}'\n"
        "        r.headers['X-Request-Id'] = request.headers.get('X-Request-Id', '')\n"
        "        return r\n",
        id="requests-auth-class-with-the-services-own-token",
    ),
]


@pytest.mark.parametrize("source", SILENT)
def test_calls_that_do_not_forward_the_callers_token_are_silent(source: str) -> None:
    assert reported(source) == []


def family() -> Family:
    return next(f for f in FAMILIES if f.module == "forwarded_tokens")


def test_method_words_alone_do_not_bring_a_file_into_the_familys_scope() -> None:
    """`get`, `post` and `headers` are in every module: the rows' modules must be named."""
    text = "def fetch(client, request):\n    return client.get(URL, headers=request.headers)\n"
    assert PREFILTER.chosen(text, [family()]) == ([], False)


def test_a_handler_that_never_spells_the_callers_token_is_not_parsed_for_it() -> None:
    text = (
        FLASK
        + "def orders():\n    return requests.get(URL, headers={'X-Id': request.headers['X-Id']})\n"
    )
    assert PREFILTER.chosen(text, [family()]) == ([], False)


def test_a_handler_that_spells_the_token_is_parsed_for_it() -> None:
    text = FLASK + "def orders():\n    return requests.get(URL, headers=request.headers)\n"
    assert PREFILTER.chosen(text, [family()]) == ([family()], True)


@pytest.mark.parametrize(
    "imports",
    ["import os, requests\n", "from requests import get as requests_get\nimport requests\n"],
)
def test_an_http_client_imported_among_others_is_seen(imports: str) -> None:
    text = imports + "from flask import request\n\ndef orders():\n"
    text += "    return requests.get(URL, headers=request.headers)\n"
    assert PREFILTER.chosen(text, [family()]) == ([family()], True)


def test_requests_named_only_in_prose_or_starlette_is_no_http_client() -> None:
    text = (
        '"""Handles requests."""\nfrom starlette.requests import Request\n\n'
        "async def endpoint(request: Request):\n"
        "    return forward(URL, headers=request.headers)\n"
    )
    assert PREFILTER.chosen(text, [family()]) == ([], False)


def test_a_client_module_sending_a_parameter_as_bearer_token_is_parsed_for_its_importers() -> None:
    """A handler of another module may pass it the caller's token."""
    text = (
        "import requests\n\ndef send(url, token):\n"
        '    return requests.get(url, headers={"Authorization": f"Bearer {token}"})\n'
    )
    assert PREFILTER.chosen(text, [family()]) == ([family()], True)


def test_a_module_reading_the_callers_token_without_a_client_is_parsed_for_its_importers() -> None:
    """It may return the token to, or pass it to a helper of, another module."""
    text = (
        "from flask import request\n\ndef caller_token():\n"
        '    return request.headers["Authorization"].split()[1]\n'
    )
    assert PREFILTER.chosen(text, [family()]) == ([family()], True)


def test_a_module_defining_a_bearer_scheme_is_parsed_for_its_importers() -> None:
    """Handlers of other modules may depend on it for the caller's token."""
    text = "from fastapi.security import HTTPBearer\n\nbearer = HTTPBearer(auto_error=False)\n"
    assert PREFILTER.chosen(text, [family()]) == ([family()], True)


def test_a_module_that_only_names_a_bearer_scheme_in_prose_is_not_parsed() -> None:
    text = '"""Handlers authenticate through HTTPBearer(), defined in app.auth."""\n'
    assert PREFILTER.chosen(text, [family()]) == ([], False)


def test_a_client_module_sending_a_parameter_as_the_authorization_value_is_parsed() -> None:
    """A handler of another module may pass it the caller's whole Authorization header."""
    text = (
        "import httpx\n\ndef get_json(url, bearer):\n"
        '    return httpx.get(url, headers={"Authorization": bearer}).json()\n'
    )
    assert PREFILTER.chosen(text, [family()]) == ([family()], True)
