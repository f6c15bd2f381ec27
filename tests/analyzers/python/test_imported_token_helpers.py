"""TOK001 through a helper of another module of the repository, joined after the scan."""

from __future__ import annotations

from pathlib import Path

from gateway_scan import scan_written

CLIENTS = """import requests
from flask import request


def caller_token():
    return request.headers["Authorization"].removeprefix("Bearer ")


def send_order(order, token):
    return requests.post(
        "https://billing.example.com/orders",
        json=order,
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    )


def exchange(token):
    return requests.post(
        "https://login.example.com/oauth2/token",
        data={
            "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",
            "subject_token": token,
        },
        timeout=5,
    )
"""
ROUTES_RECOMMEND = """import httpx
from flask import Blueprint

from {module} import caller_token

bp = Blueprint("orders", __name__)


@bp.get("/recommendations")
def recommendations():
    reply = httpx.get(
        "https://catalog.example.com/recommendations",
        headers={{"Authorization": f"Bearer {{caller_token()}}"}},
    )
    return reply.json()
"""
ROUTES_SEND = """from flask import Blueprint, request

from .clients import {helper}

bp = Blueprint("orders", __name__)


@bp.post("/orders")
def create_order():
    token = request.headers["Authorization"].split()[1]
    {helper}({arguments})
    return "", 201
"""


def _tok001(root: Path, files: dict[str, str]) -> list[tuple[str, int, str, list[tuple[str, int]]]]:
    return [
        (f.path, f.location.line, f.message, [(r.path, r.location.line) for r in f.related])
        for f in scan_written(files, root).findings
        if f.rule_id == "TOK001"
    ]


def test_a_relative_import_of_a_helper_returning_the_token_is_followed(tmp_path: Path) -> None:
    files = {
        "shop/app/clients.py": CLIENTS,
        "shop/app/routes.py": ROUTES_RECOMMEND.format(module=".clients"),
    }
    assert _tok001(tmp_path, files) == [
        (
            "shop/app/routes.py",
            11,
            "the caller's token from caller_token() is forwarded unchanged by httpx.get",
            [("shop/app/routes.py", 13)],
        )
    ]


def test_an_absolute_import_names_the_module_from_its_package(tmp_path: Path) -> None:
    files = {
        "shop/app/clients.py": CLIENTS,
        "shop/app/routes.py": ROUTES_RECOMMEND.format(module="app.clients"),
    }
    assert [(path, line) for path, line, _, _ in _tok001(tmp_path, files)] == [
        ("shop/app/routes.py", 11)
    ]


def test_a_helper_of_that_name_that_returns_no_token_is_not_followed(tmp_path: Path) -> None:
    own = 'import os\n\n\ndef caller_token():\n    return os.environ["SERVICE_TOKEN"]\n'
    files = {
        "shop/app/clients.py": own,
        "shop/app/routes.py": ROUTES_RECOMMEND.format(module=".clients"),
    }
    assert _tok001(tmp_path, files) == []


def test_the_token_returned_by_a_module_the_import_does_not_name_is_not_followed(
    tmp_path: Path,
) -> None:
    files = {
        "other/clients.py": CLIENTS,
        "shop/app/clients.py": "def caller_token():\n    return 'anonymous'\n",
        "shop/app/routes.py": ROUTES_RECOMMEND.format(module=".clients"),
    }
    assert [(path, line) for path, line, _, _ in _tok001(tmp_path, files)] == []


# A client module of the billing service: its helpers send the service's own token.
OWN_CLIENTS = """import os

import requests


def caller_token():
    return os.environ["SERVICE_TOKEN"]


def send_order(order, token):
    return requests.post(
        "https://ledger.example.com/orders",
        json={**order, "customer": token[:8]},
        headers={"Authorization": f"Bearer {caller_token()}"},
        timeout=5,
    )
"""


def test_an_absolute_import_is_the_module_nearest_the_importer_not_a_far_one_of_that_name(
    tmp_path: Path,
) -> None:
    files = {
        "billing/app/clients.py": OWN_CLIENTS,
        "billing/app/routes.py": ROUTES_RECOMMEND.format(module="app.clients"),
        "shop/app/clients.py": CLIENTS,
    }
    assert _tok001(tmp_path, files) == []


def test_the_nearest_module_returning_the_token_is_followed_past_a_far_one_that_does_not(
    tmp_path: Path,
) -> None:
    files = {
        "billing/app/clients.py": CLIENTS,
        "billing/app/routes.py": ROUTES_RECOMMEND.format(module="app.clients"),
        "shop/app/clients.py": OWN_CLIENTS,
    }
    assert [(path, line) for path, line, _, _ in _tok001(tmp_path, files)] == [
        ("billing/app/routes.py", 11)
    ]


def test_the_nearest_module_that_sends_no_parameter_on_withdraws_a_far_one_that_does(
    tmp_path: Path,
) -> None:
    files = {
        "billing/app/clients.py": OWN_CLIENTS,
        "billing/app/routes.py": ROUTES_SEND.format(
            helper="send_order", arguments="{}, token"
        ).replace("from .clients", "from app.clients"),
        "shop/app/clients.py": CLIENTS,
    }
    assert _tok001(tmp_path, files) == []


def test_the_token_passed_to_a_helper_that_sends_it_on_is_reported_at_the_handlers_call(
    tmp_path: Path,
) -> None:
    """The helper has no caller of its own, and other handlers may give it other tokens."""
    files = {
        "shop/app/clients.py": CLIENTS,
        "shop/app/routes.py": ROUTES_SEND.format(helper="send_order", arguments="{}, token"),
    }
    assert _tok001(tmp_path, files) == [
        (
            "shop/app/routes.py",
            11,
            "the request's Authorization header is forwarded unchanged by send_order"
            " (imported, which sends it on)",
            [("shop/app/routes.py", 10)],
        )
    ]


def test_the_token_passed_by_keyword_is_followed_too(tmp_path: Path) -> None:
    files = {
        "shop/app/clients.py": CLIENTS,
        "shop/app/routes.py": ROUTES_SEND.format(
            helper="send_order", arguments="order={}, token=token"
        ),
    }
    assert [(path, line) for path, line, _, _ in _tok001(tmp_path, files)] == [
        ("shop/app/routes.py", 11)
    ]


def test_a_helper_whose_callers_pass_no_token_is_not_reported(tmp_path: Path) -> None:
    files = {
        "shop/app/clients.py": CLIENTS,
        "shop/app/routes.py": ROUTES_SEND.format(
            helper="send_order", arguments='{}, os.environ["SERVICE_TOKEN"]'
        ).replace("from flask", "import os\nfrom flask"),
    }
    assert _tok001(tmp_path, files) == []


def test_a_helper_that_exchanges_the_token_it_is_passed_is_not_passthrough(
    tmp_path: Path,
) -> None:
    files = {
        "shop/app/clients.py": CLIENTS,
        "shop/app/routes.py": ROUTES_SEND.format(helper="exchange", arguments="token"),
    }
    assert _tok001(tmp_path, files) == []


AUTH = """from fastapi.security import {scheme}

bearer_scheme = {scheme}({arguments})
"""
PROFILE = """import httpx
from fastapi import Depends, FastAPI

from app.auth import bearer_scheme

app = FastAPI()


@app.get("/profile")
async def profile(token=Depends(bearer_scheme)):
    async with httpx.AsyncClient() as client:
        reply = await client.get(
            "https://profiles.example.com/me",
            headers={"Authorization": f"Bearer {token}"},
        )
    return reply.json()
"""


def test_a_parameter_depending_on_a_bearer_scheme_of_another_module_is_the_token(
    tmp_path: Path,
) -> None:
    files = {
        "api/app/auth.py": AUTH.format(
            scheme="OAuth2PasswordBearer", arguments='tokenUrl="/login"'
        ),
        "api/app/routes.py": PROFILE,
    }
    assert _tok001(tmp_path, files) == [
        (
            "api/app/routes.py",
            12,
            "the parameter 'token' of a bearer scheme imported from another module is"
            " forwarded unchanged by httpx.AsyncClient.get",
            [("api/app/routes.py", 10)],
        )
    ]


def test_an_imported_dependency_that_is_no_bearer_scheme_is_not_the_token(
    tmp_path: Path,
) -> None:
    files = {
        "api/app/auth.py": "def bearer_scheme():\n    return 'anonymous'\n",
        "api/app/routes.py": PROFILE,
    }
    assert _tok001(tmp_path, files) == []


def test_the_header_passed_to_a_helper_that_sends_it_as_authorization_is_reported(
    tmp_path: Path,
) -> None:
    helper = (
        "import httpx\n\n\ndef get_json(url, bearer):\n"
        '    return httpx.get(url, headers={"Authorization": bearer}, timeout=5).json()\n'
    )
    handler = (
        "from flask import Flask, request\n\nfrom platform_common.http import get_json\n\n"
        'app = Flask(__name__)\n\n\n@app.get("/balance")\ndef balance():\n'
        '    return get_json("http://ledger/balance", request.headers["Authorization"])\n'
    )
    files = {"platform_common/http.py": helper, "services/web/app.py": handler}
    assert [(path, line) for path, line, _, _ in _tok001(tmp_path, files)] == [
        ("services/web/app.py", 10)
    ]
